#!/usr/bin/env bash
# Runs one benchmark program of bench/ on a fresh clone: builds the reactor (package, no tests, nothing installed
# in ~/.m2), then runs the class from bench/target/classes + bench/target/lib. Results are printed as markdown.
#   bench/run.sh ScorerBench            bench/run.sh LookupBench 0 100000 1000000
#   BENCH_MAVEN_ARGS=-Pcuda bench/run.sh GpuBench     (BENCH_SKIP_BUILD=1 reuses the last build)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 1 ] || { echo "usage: bench/run.sh <BenchClass> [args...]  (classes: ls bench/src/main/java/io/nasscore/bench)" >&2; exit 2; }
CLASS="$1"; shift
case "$CLASS" in *.*) ;; *) CLASS="io.nasscore.bench.$CLASS" ;; esac
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  command -v mvn >/dev/null || { echo "bench/run.sh: Maven (mvn) is needed to build; install it and a JDK 17" >&2; exit 2; }
  # copy-dependencies never deletes: a CPU and a CUDA build must not leave both PyTorch natives in lib/
  rm -rf "$HERE/bench/target/lib"
  (cd "$HERE" && MAVEN_OPTS="${MAVEN_OPTS:--Xmx1g}" mvn -q -B -DskipTests -Dassembly.skipAssembly=true ${BENCH_MAVEN_ARGS:-} package) >&2
fi
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=17179869184:glibc.malloc.arena_max=1}"
exec java ${BENCH_JAVA_OPTS:--Xmx4g} -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$HERE/bench/target/classes:$HERE/bench/target/lib/*" "$CLASS" "$@"
