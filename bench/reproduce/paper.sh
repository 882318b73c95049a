#!/usr/bin/env bash
# The paper's protocol, reproduced by the system (docs/results.md). Resumable: every step appends to its CSV
# with --resume, so an interrupted run (or a new session) continues where it stopped. Scores CSVs land in
# docs/results/ (small; shipped so anyone can re-render the report), reports in docs/results/report-*/.
#
#   bench/reproduce/paper.sh            # everything, in order
#   B=32 bench/reproduce/paper.sh       # another batch size
#   STEPS="cifar10 report" bench/reproduce/paper.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
B=${B:-64}
SEED=${SEED:-1}
RUNS=${RUNS:-5}
N=${N:-1000}
OUT=docs/results
STEPS=${STEPS:-"cifar10 targets random report"}
mkdir -p "$OUT"

for step in $STEPS; do
  case "$step" in
    cifar10)
      # R runs of N from the 15,625, all twelve scores, shipped CIFAR-10 images, the paper's defaults otherwise
      ./nasscore score --sample "$N" --runs "$RUNS" --seed "$SEED" --batch "$B" --device cpu \
        --out "$OUT/cifar10-b$B.csv" --resume ;;
    targets)
      # JS and JSC under the three Jacobian targets on one fixed set of 1,000 architectures (targets-archs.txt:
      # a uniform sample drawn in the first session, kept as a list so every target scores the same ones)
      for t in loss output-sum mellor; do
        ./nasscore score --archs "$OUT/targets-archs.txt" --batch "$B" --scores JS,JSC --target "$t" --device cpu \
          --out "$OUT/cifar10-b$B-target-$t.csv" --resume
      done ;;
    random)
      # no CIFAR-100 / ImageNet16-120 images on these machines: standard-normal images, labelled as such
      for ds in cifar100 imagenet16-120; do
        ./nasscore score --sample "${N_RANDOM:-200}" --seed "$SEED" --batch "$B" --dataset "$ds" --data random --device cpu \
          --out "$OUT/$ds-random-b$B.csv" --resume
      done ;;
    report)
      ./nasscore report --input "$OUT/cifar10-b$B.csv" --runs "$RUNS" --sample "$N" --seed "$SEED" --out "$OUT/report-cifar10-b$B"
      ./nasscore evaluate --input "$OUT/cifar10-b$B.csv" --baselines --runs "$RUNS" --sample "$N" --seed "$SEED" --format csv \
        > "$OUT/cifar10-b$B-metrics.csv"
      for t in loss output-sum mellor; do
        [ -f "$OUT/cifar10-b$B-target-$t.csv" ] && ./nasscore evaluate --input "$OUT/cifar10-b$B-target-$t.csv" --format csv \
          > "$OUT/cifar10-b$B-target-$t-metrics.csv"
      done
      for ds in cifar100 imagenet16-120; do
        [ -f "$OUT/$ds-random-b$B.csv" ] && ./nasscore evaluate --input "$OUT/$ds-random-b$B.csv" --dataset "$ds" --baselines --format csv \
          > "$OUT/$ds-random-b$B-metrics.csv"
      done ;;
    *) echo "unknown step '$step' (cifar10, targets, random, report)" >&2; exit 2 ;;
  esac
done
