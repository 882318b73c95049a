"""Every value of the whole-space export that an offline `score` CSV also holds, compared as strings.

    python3 docs/results/crosscheck-whole-space.py docs/results/cifar10-b64-whole-space.csv.gz [FIRST_ROWS]

FIRST_ROWS limits the check to the export's first rows (3210: the rows scored in sessions 5-6). Prints the
architectures and values compared, how many differ, and per column the largest relative difference.
"""
import collections
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sections import open_text  # noqa: E402  (plain or .gz)

OFFLINE = ['docs/results/cifar10-b64.csv', 'docs/results/cifar10-b64-rest.csv',
           'docs/results/proxies-validation-b64.csv', 'docs/results/proxies-timing-b64.csv']
# measured only when the Jacobian scores are: a proxies-only row has 0 there
JACOBIAN_ONLY = {'n_tensors', 'degenerate_rows', 'degenerate_tensors', 'input_degenerate'}

rows = list(csv.DictReader(open_text(sys.argv[1])))
if len(sys.argv) > 2:
    rows = rows[:int(sys.argv[2])]
export = {r['index']: r for r in rows}
skip = {'index', 'arch', 'device'} | {c for c in rows[0] if c.endswith('_ms')}
archs, values, differ = set(), 0, collections.Counter()
worst = collections.defaultdict(float)
for path in OFFLINE:
    for r in csv.DictReader(open(path)):
        w = export.get(r['index'])
        if w is None or r.get('config_hash') != w['config_hash']:
            continue
        archs.add(r['index'])
        for c, v in r.items():
            if c in skip or c not in w or v in ('', None) or (c in JACOBIAN_ONLY and not r.get('JS')):
                continue
            values += 1
            if w[c] != v:
                differ[c] += 1
                a, b = float(v), float(w[c])
                worst[c] = max(worst[c], abs(a - b) / abs(a) if a else float('inf'))
print(f'{len(export)} exported rows; {len(archs)} architectures also in the offline CSVs; {values} values compared; '
      f'{sum(differ.values())} differ')
for c in sorted(differ):
    print(f'  {c}: {differ[c]} differ, largest relative difference {worst[c]:.1e}')
