#!/usr/bin/env bash
# The GPU numbers in one command (docs/benchmarks.md, "GPU"): builds the CUDA profile and runs GpuBench (arch
# 1462/1/1835 at B = 64/128/256: ms per record, passes per record, GPU memory). Without an NVIDIA GPU it stops at
# once: "no CUDA device", exit code 2, before building anything.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L 2>/dev/null | grep -q '^GPU '; then
  echo "bench/gpu.sh: no CUDA device (nvidia-smi finds no NVIDIA GPU on this machine)" >&2
  exit 2
fi
BENCH_MAVEN_ARGS="-Pcuda ${BENCH_MAVEN_ARGS:-}" exec "$HERE/run.sh" GpuBench "$@"
