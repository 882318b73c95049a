#!/usr/bin/env python3
"""docs/results.md "At scale, on the whole-space export": baselines.md §11's two levels of the proxies against
Suite-Zero's published columns on every exported architecture that has them (`ProxyValidationTable`, the same table
as the 600-architecture sample's), and what the table says.

    python3 docs/results/validation-at-scale.py docs/results/cifar10-b64-whole-space.csv.gz                  # print it
    python3 docs/results/validation-at-scale.py docs/results/cifar10-b64-whole-space.csv.gz docs/results.md  # replace it

Needs the build (`mvn -B -q install -DskipTests -Dassembly.skipAssembly=true`): it runs bench's class on cli's jar.
"""
import csv
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from sections import open_text, replace, wrap  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
PUBLISHED = "data/src/main/resources/io/nasscore/data/nb201/published_proxies_cifar10.csv"
CLASSPATH = "bench/target/classes:cli/target/nasscore-cli.jar:cli/target/lib/*"
MARKER = "validation-at-scale.py"
SAMPLE = 600  # the validation sample above it
WORDS = "no one two three four five six seven eight nine ten eleven twelve".split()


def table(export):
    """The markdown table's lines and its rows as dicts, from ProxyValidationTable."""
    if not os.path.exists(os.path.join(ROOT, "bench/target/classes/io/nasscore/bench/ProxyValidationTable.class")):
        sys.exit("validation-at-scale: bench is not built: mvn -B -q install -DskipTests -Dassembly.skipAssembly=true")
    cmd = ["java", "-cp", CLASSPATH, "io.nasscore.bench.ProxyValidationTable", export, PUBLISHED]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT).stdout.splitlines()
    lines = out[:out.index("")]  # the levels' table; the pass times follow
    header = [h.strip() for h in lines[0].strip("|").split("|")]
    rows = [dict(zip(header, (c.strip() for c in line.strip("|").split("|")))) for line in lines[2:]]
    return lines, rows


def section(export):
    with open_text(export) as f:
        exported = sum(1 for _ in csv.DictReader(f))
    lines, rows = table(export)
    n = int(rows[0]["n"])
    passing = [r for r in rows if r["level 1"] == r["level 2"] == "pass"]
    failing = [r for r in rows if r not in passing]
    widest = max(abs(float(r["difference"])) for r in passing)
    verdicts = []
    for r in failing:
        if r["level 2"] != "pass":
            over = abs(float(r["difference"])) - float(r["level 2 tolerance"].lstrip("±"))
            verdicts.append(f"{r['proxy']} misses level 2 by {over:.3f}"
                            + (" (the batch-protocol artefact above)" if r["proxy"] == "plain" else ""))
        if r["level 1"] != "pass":
            short = float(r["level 1 threshold"]) - float(r["τ-b(ours, published)"])
            verdicts.append(f"{r['proxy']} misses level 1 by {short:.3f}")
    out = [wrap(f"**At scale, on the whole-space export** (since session 9): the same table from the pipeline's "
                f"records, every architecture of the export that has Suite-Zero values (n = {n:,} of the "
                f"{exported:,} exported; the same configuration, fd2a6f1a8b31c513):"), "",
           "```bash",
           "python3 docs/results/validation-at-scale.py docs/results/cifar10-b64-whole-space.csv.gz docs/results.md"
           "   # writes this part: runs io.nasscore.bench.ProxyValidationTable",
           "```", ""]
    out += lines
    out.append("")
    count = WORDS[len(passing)] if len(passing) < len(WORDS) else str(len(passing))
    times = round(n / SAMPLE)
    out.append(wrap(f"{(WORDS[times] if times < len(WORDS) else str(times)).capitalize()} times the sample: "
                    f"{count} {'proxies' if len(passing) != 1 else 'proxy'} ("
                    + ", ".join(r["proxy"] for r in passing)
                    + ") agree with their published columns at the spec's reference levels and their τ against "
                    f"accuracy is the published one's within {widest:.3f}"
                    + ("; " + "; ".join(verdicts) if verdicts else "") + "."))
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: validation-at-scale.py EXPORT.csv [DOC.md]")
    text = section(os.path.abspath(sys.argv[1]))
    if len(sys.argv) > 2:
        replace(sys.argv[2], MARKER, text)
    else:
        print(text, end="")
