#!/usr/bin/env python3
"""The whole-space table of docs/results.md ("The whole-space table"), from `nasscore evaluate` alone.

Runs `./nasscore evaluate` on the export (printing each command) and writes the table's markdown rows and the
time-per-pass line, so the section is regenerated the same way each time the export grows:

    python3 docs/results/whole-space-table.py docs/results/cifar10-b64-whole-space.csv

Two kinds of best accuracy: the protocol's figure (5 runs of 1,000, seed 1), whose runs overlap heavily on a pool
of a few thousand, and the scaled one: 100 runs (seed 7) of the share 1,000 is of 15,625, i.e. round(1000 * m /
15625) of a pool of m, which is drawn like the protocol's runs of the whole space and overlaps as little. Its
oracle (the best the run holds) is evaluate's own figure for the accuracy column joined as a score.
"""
import csv
import os
import statistics
import subprocess
import sys

ACCURACY = "data/src/main/resources/io/nasscore/data/nb201/accuracy.csv"
SPACE = 15625
ORACLE = "oracle_cifar10_test"
# The table's rows, in the order the doc has kept since session 5; a score missing from the export is skipped.
ROWS = ["JS", "JSC", "SNS", "SNSC", "LNS", "LNSC", "MNJS", "MNJSC", "PJS", "PJSC", "WPJS", "WPJSI",
        "grad_norm", "snip", "plain", "l2_norm", "synflow", "nwot", "jacov", "zico",
        "az_expressivity", "az_progressivity", "az_trainability", "az_flops", "params",
        "az_nas", "vote", "ensemble", "ensemble_twelve", "ensemble_top_params"]
LABEL = {"az_flops": "az_flops = #params (the same ranking)", "params": "#params", "az_nas": "**az_nas**",
         "ensemble": "**ensemble (nasscore's, members fixed before this run)**",
         "ensemble_top_params": "**ensemble_top_params**"}
PASSES = [("noise0_1_ms", "each noisy input pass"), ("jacov_ms", "jacov"), ("zico_ms", "zico's second batch"),
          ("synflow_ms", "synflow"), ("az_ms", "AZ-NAS"), ("similarity_ms", "host maths")]


def evaluate(export, half, runs, sample, seed):
    cmd = ["./nasscore", "evaluate", "--input", export, "--join", ACCURACY, "--join-columns", "cifar10_test",
           "--join-prefix", "oracle_", "--half", half, "--runs", str(runs), "--sample", str(sample),
           "--seed", str(seed), "--format", "csv"]
    print("#", " ".join(cmd), file=sys.stderr)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return {(r["score"], r["subset"]): r for r in csv.DictReader(out.splitlines())}


def best(row):
    return f"{float(row['best_acc_mean']):.2f} ± {float(row['best_acc_std']):.2f}"


def main(export):
    with open(export) as f:
        records = [r for r in csv.DictReader(f)]
    full, held = evaluate(export, "all", 5, 1000, 1), evaluate(export, "held-out", 5, 1000, 1)
    m_full, m_held = int(full[("JS", "all")]["n"]), int(held[("JS", "all")]["n"])
    scaled_full = evaluate(export, "all", 100, round(1000 * m_full / SPACE), 7)
    scaled_held = evaluate(export, "held-out", 100, round(1000 * m_held / SPACE), 7)

    print("| score | n | τ-b | ρ | \\|τ-a\\| above median | best of 1,000 (5 runs) | scaled best (100 runs) "
          "| held-out: n | τ-b | best of 1,000 | scaled best |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for score in [s for s in ROWS if (s, "all") in full]:
        a, above, h = full[(score, "all")], full[(score, "above-median")], held[(score, "all")]
        print(f"| {LABEL.get(score, score)} | {a['n']} | {float(a['tau_b']):.3f} | {float(a['spearman']):.3f} "
              f"| {float(above['monotonicity']):.3f} | {best(a)} | {best(scaled_full[(score, 'all')])} "
              f"| {h['n']} | {float(h['tau_b']):.3f} | {best(h)} | {best(scaled_held[(score, 'all')])} |")
    print(f"| oracle (the accuracy itself) | | | | | {best(full[(ORACLE, 'all')])} "
          f"| {best(scaled_full[(ORACLE, 'all')])} | | | {best(held[(ORACLE, 'all')])} "
          f"| {best(scaled_held[(ORACLE, 'all')])} |")

    def median_ratio(column):
        return statistics.median(float(r[column]) / float(r["clean_ms"]) for r in records)
    clean = statistics.median(float(r["clean_ms"]) for r in records)
    parts = ", ".join(f"{label} {median_ratio(c):.2f}" for c, label in PASSES)
    print(f"\nTime per pass (median over the {len(records):,} records of the ratio to the clean pass; clean "
          f"{clean:.0f} ms): {parts}; the whole record {median_ratio('total_ms'):.1f} clean passes "
          f"({statistics.median(float(r['total_ms']) for r in records) / 1000:.1f} s).")


if __name__ == "__main__":
    export_path = os.path.abspath(sys.argv[1])
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))  # ./nasscore and ACCURACY
    main(export_path)
