#!/usr/bin/env bash
# Rewrites every generated part of docs/results.md that the whole-space export feeds (each between its marker lines,
# sections.py), so the write-up follows the CSV as it grows: the whole-space table and its report, the proxies'
# validation at scale, the retrieval evidence; then prints the cross-check against the offline CSVs, whose paragraph
# (which machine scored what) is kept by hand.
#
#   docs/results/whole-space-write-up.sh docs/results/cifar10-b64-whole-space.csv.gz docs/results.md
set -euo pipefail
CSV="$(realpath "${1:?usage: whole-space-write-up.sh CSV DOC}")"
DOC="$(realpath "${2:?usage: whole-space-write-up.sh CSV DOC}")"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE/../.."
python3 "$HERE/whole-space-table.py" "$CSV" "$DOC"
python3 "$HERE/validation-at-scale.py" "$CSV" "$DOC"
python3 "$HERE/retrieval-ceiling.py" "$CSV" "$DOC"
python3 "$HERE/crosscheck-whole-space.py" "$CSV"
