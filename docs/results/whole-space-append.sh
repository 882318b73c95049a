#!/usr/bin/env bash
# Appends the whole-space run's export to the shipped CSV: only the rows whose index the CSV does not hold yet (an
# export repeats every row of the stack), under the same header, through a temporary file and a rename (a reader
# never sees half a row). With --every SECONDS it repeats until stopped, so a session cut short keeps what its
# workers scored up to the last round (docs/results.md, "The whole space").
#
#   NASSCORE_DATA_DIR=/work/wsdata docs/results/whole-space-append.sh docs/results/cifar10-b64-whole-space.csv.gz
#   NASSCORE_DATA_DIR=/work/wsdata docs/results/whole-space-append.sh --every 600 docs/results/cifar10-b64-whole-space.csv.gz &
set -euo pipefail
EVERY=0
if [ "${1:-}" = "--every" ]; then EVERY="${2:?--every takes seconds}"; shift 2; fi
CSV="$(realpath "${1:?usage: whole-space-append.sh [--every SECONDS] CSV}")"
[ -f "$CSV" ] || { echo "whole-space-append: $CSV: no such file" >&2; exit 2; }
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NEW="$(mktemp --suffix=.csv)"
ROWS="$(mktemp --suffix=.csv)"
trap 'rm -f "$NEW" "$ROWS" "$CSV.tmp"' EXIT

# the CSV plain or gzip (.csv.gz, as shipped: each round's rows become one more gzip member, so the file's earlier
# bytes never change and a reader sees one CSV)
read_csv() { if [[ "$CSV" == *.gz ]]; then gzip -dc "$CSV"; else cat "$CSV"; fi; }
pack() { if [[ "$CSV" == *.gz ]]; then gzip -9 -n; else cat; fi; }

append_once() {
  "$REPO/nasscore" export --experiment whole-space-b64 --out "$NEW" >/dev/null
  if ! cmp -s <(head -1 "$NEW") <(read_csv | head -1); then
    echo "whole-space-append: the export's header is not $CSV's: nothing appended" >&2
    return 2
  fi
  local before added
  before=$(($(read_csv | wc -l) - 1))
  awk -F, 'NR==FNR{seen[$1];next} FNR>1 && !($1 in seen)' <(read_csv) "$NEW" > "$ROWS"
  added=$(wc -l < "$ROWS")
  if [ "$added" -gt 0 ]; then
    cp "$CSV" "$CSV.tmp"
    pack < "$ROWS" >> "$CSV.tmp"
    mv "$CSV.tmp" "$CSV"
  fi
  echo "$(date -u +%FT%TZ) $CSV: $((before + added)) rows ($added appended)"
}

if [ "$EVERY" -eq 0 ]; then
  append_once
  exit
fi
while true; do
  append_once || true   # a failed round (no scores yet, the stack restarting) is retried at the next
  sleep "$EVERY"
done
