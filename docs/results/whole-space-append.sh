#!/usr/bin/env bash
# Appends the whole-space run's export to the shipped CSV: only the rows whose index the CSV does not hold yet (an
# export repeats every row of the stack), under the same header, through a temporary file and a rename (a reader
# never sees half a row). With --every SECONDS it repeats until stopped, so a session cut short keeps what its
# workers scored up to the last round (docs/results.md, "The whole space").
#
#   NASSCORE_DATA_DIR=/work/wsdata docs/results/whole-space-append.sh docs/results/cifar10-b64-whole-space.csv
#   NASSCORE_DATA_DIR=/work/wsdata docs/results/whole-space-append.sh --every 600 docs/results/cifar10-b64-whole-space.csv &
set -euo pipefail
EVERY=0
if [ "${1:-}" = "--every" ]; then EVERY="${2:?--every takes seconds}"; shift 2; fi
CSV="$(realpath "${1:?usage: whole-space-append.sh [--every SECONDS] CSV}")"
[ -f "$CSV" ] || { echo "whole-space-append: $CSV: no such file" >&2; exit 2; }
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NEW="$(mktemp --suffix=.csv)"
trap 'rm -f "$NEW" "$CSV.tmp"' EXIT

append_once() {
  "$REPO/nasscore" export --experiment whole-space-b64 --out "$NEW" >/dev/null
  if ! cmp -s <(head -1 "$NEW") <(head -1 "$CSV"); then
    echo "whole-space-append: the export's header is not $CSV's: nothing appended" >&2
    return 2
  fi
  local before after
  before=$(($(wc -l < "$CSV") - 1))
  { cat "$CSV"; awk -F, 'NR==FNR{seen[$1];next} FNR>1 && !($1 in seen)' "$CSV" "$NEW"; } > "$CSV.tmp"
  mv "$CSV.tmp" "$CSV"
  after=$(($(wc -l < "$CSV") - 1))
  echo "$(date -u +%FT%TZ) $CSV: $after rows ($((after - before)) appended)"
}

if [ "$EVERY" -eq 0 ]; then
  append_once
  exit
fi
while true; do
  append_once || true   # a failed round (no scores yet, the stack restarting) is retried at the next
  sleep "$EVERY"
done
