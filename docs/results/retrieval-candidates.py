#!/usr/bin/env python3
"""Tuning-half evidence for docs/results.md "Retrieval: choosing the top".

Mimics `nasscore evaluate --half tuning --runs R --sample 1000 --seed S` for a fixed list of candidate combined
scores: the TuningSplit (SplitMix64.mix(20261201, index) >= 0), the runs of Evaluation.runPositions (the pool is
not the protocol's, so R Fisher-Yates samples of min(N, pool) seeded by SplitMix64.mix(seed, r)), a combined
score recomputed over each run's own sample, best = highest score, ties to the lower index. Only the tuning half
is ever read: the held-out figure of the chosen rule comes from `evaluate --half held-out`, once.

    nice -n 10 python3 docs/results/retrieval-candidates.py docs/results/cifar10-b64-whole-space.csv.gz
    nice -n 10 python3 docs/results/retrieval-candidates.py docs/results/cifar10-b64.csv docs/results/cifar10-b64-rest.csv
"""
import csv
import math
import os
import sys

import numpy as np
from scipy.stats import kendalltau, rankdata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sections import open_text  # noqa: E402  (plain or .gz)

M64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
SPLIT_SEED = 20261201
PROXIES = {"grad_norm", "snip", "plain", "l2_norm", "synflow", "nwot", "jacov", "zico",
           "az_expressivity", "az_progressivity", "az_trainability", "az_flops"}


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & M64

    def next_long(self):  # unsigned 64-bit
        self.state = (self.state + GOLDEN) & M64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)

    def next_int(self, bound):
        while True:
            r = self.next_long() >> 1
            m = r % bound
            if r - m + (bound - 1) < (1 << 63):  # Java: no signed overflow
                return m


def mix(a, b):
    return SplitMix64((a * GOLDEN + b) & M64).next_long()


def tuning(index):
    return mix(SPLIT_SEED, index) < (1 << 63)  # top bit clear


def run_positions(n_pool, runs, sample, seed):
    size = min(sample, n_pool)
    out = []
    for r in range(runs):
        rng = SplitMix64(mix(seed, r))
        a = list(range(n_pool))
        for i in range(size):
            j = i + rng.next_int(n_pool - i)
            a[i], a[j] = a[j], a[i]
        out.append(np.array(a[:size]))
    return out


def load(paths, accuracy):
    rows = {}
    for p in paths:
        with open_text(p) as f:
            for r in csv.DictReader(f):
                rows.setdefault(int(r["index"]), r)
    # the CSV order, tuning half only; of Suite-Zero's columns only its valid nets (the others have no values)
    idx = np.array([i for i in rows if tuning(i) and rows[i].get("suitezero_valid_net", "1") == "1"])
    cols = {}
    for name in list(next(iter(rows.values())).keys()):
        if name in ("index", "arch"):
            continue
        try:
            v = np.array([float(rows[i][name]) if rows[i][name] != "" else math.nan for i in idx])
        except ValueError:
            continue
        if np.all(np.isnan(v)):
            continue
        if name in PROXIES:  # baselines.md §1: -inf ranks below every finite value
            fin = v[np.isfinite(v)]
            lo = fin.min() - 1 - abs(fin.min())
            v[v == -math.inf] = lo
        cols[name] = v
    return idx, cols, np.array([accuracy[i] for i in idx])


def log_rank_sum(cols, members, weights=None):
    v = [cols[m] for m in members]
    ok = np.all([~np.isnan(x) for x in v], axis=0)
    n = ok.sum()
    out = np.where(ok, 0.0, math.nan)
    for k, x in enumerate(v):
        r = np.full(len(x), math.nan)
        r[ok] = rankdata(x[ok])
        out = out + (1.0 if weights is None else weights[k]) * np.log(r / n)
    return out


def top_rerank(base, member, q=None, k=None):
    """The base order, except that its top q (share of the pool) or top k are ordered by `member` above the rest."""
    ok = np.isfinite(base) & ~np.isnan(member)
    n = ok.sum()
    kk = max(1, int(math.ceil(q * n))) if q is not None else min(k, n)
    order = np.argsort(-np.where(ok, base, -math.inf), kind="stable")
    top = order[:kk]
    out = np.where(ok, base, math.nan).copy()
    span = np.nanmax(out) - np.nanmin(out) + 1
    # above every other point, ordered by the member, its ties by the base
    lex = rankdata(member[top]) * (kk + 1) + rankdata(base[top])
    out[top] = np.nanmax(base[ok]) + span + lex
    return out


def best(idx, score, acc):
    ok = np.isfinite(score) & np.isfinite(acc)
    s = np.where(ok, score, -math.inf)
    m = s.max()
    cand = np.where((s == m) & ok)[0]
    return acc[cand[np.argmin(idx[cand])]]


def tau(score, acc):
    ok = np.isfinite(score) & np.isfinite(acc)
    return kendalltau(score[ok], acc[ok]).statistic


ENS = ["params", "LNS", "MNJS", "WPJS", "nwot", "synflow", "jacov",
       "az_expressivity", "az_progressivity", "az_trainability"]
TWELVE = ["params", "LNS", "MNJS", "WPJS"]
SUITE_ZERO = ["params", "nwot", "synflow", "jacov"]  # Suite-Zero's published columns: a robustness check only


def candidates(cols):
    base = next(b for b in (ENS, TWELVE, SUITE_ZERO) if all(m in cols for m in b))
    c = {"base log-rank(" + ",".join(base) + ")": lambda C: log_rank_sum(C, base)}
    for m in ["params", "WPJS", "synflow", "zico"]:
        if m not in cols:
            continue
        for q in [0.01, 0.05, 0.10]:
            c[f"top {q:.0%} by {m}"] = (lambda C, m=m, q=q: top_rerank(log_rank_sum(C, base), C[m], q=q))
    top_members = [m for m in ["params", "WPJS", "synflow", "zico"] if m in cols]
    c[f"top 5% by log-rank({','.join(top_members)})"] = lambda C: top_rerank(
        log_rank_sum(C, base), log_rank_sum(C, top_members), q=0.05)
    c["params weight 3"] = lambda C: log_rank_sum(C, base, [3.0] + [1.0] * (len(base) - 1))
    for m in ["params", "WPJS", "synflow", "zico"]:  # references, not candidates
        if m in cols:
            c[f"(single: {m})"] = lambda C, m=m: C[m]
    return c


def scaled_best(idx, cols, acc, f, runs=400, seed=11):
    """Best of a 1,000-of-15,625 draw, scaled to the pool: runs of round(pool * 1000 / 15625) (the same share of a
    uniform pool as 1,000 is of the space), the rule recomputed over each; far less correlated than 1,000 of a pool
    of 1,649, where every run holds 61 % of the pool and the runs pick the same few architectures."""
    rng = np.random.default_rng(seed)
    size = round(len(idx) * 1000 / 15625)
    out = []
    for _ in range(runs):
        p = rng.choice(len(idx), size, replace=False)
        out.append(best(idx[p], f({k: v[p] for k, v in cols.items()}), acc[p]))
    return np.array(out), size


def main(paths):
    acc_all = {}
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data/src/main/resources/io/nasscore/data/nb201/accuracy.csv")) as f:
        for r in csv.DictReader(f):
            acc_all[int(r["index"])] = float(r["cifar10_test"])
    idx, cols, acc = load(paths, acc_all)
    print(f"tuning half of {', '.join(paths)}: {len(idx)} architectures; scaled runs: 400 of "
          f"{round(len(idx) * 1000 / 15625)}; oracle {scaled_best(idx, dict(cols, _acc=acc), acc, lambda C: C['_acc'])[0].mean():.2f}")
    many = 100
    print(f"{'rule':45s} {'tau_b':>6s} {'best5(seed1)':>12s} {'best, {} runs'.format(many):>16s} {'>=94.0':>7s}"
          f" {'scaled best':>12s} {'>=94.0':>7s}")
    runs5 = run_positions(len(idx), 5, 1000, 1)
    runs_many = run_positions(len(idx), many, 1000, 7)
    for name, f in candidates(cols).items():
        s = f(cols)
        b5 = [best(idx[p], f({k: v[p] for k, v in cols.items()}), acc[p]) for p in runs5]
        bm = [best(idx[p], f({k: v[p] for k, v in cols.items()}), acc[p]) for p in runs_many]
        sb, size = scaled_best(idx, cols, acc, f)
        print(f"{name:45s} {tau(s, acc):6.4f} {np.mean(b5):7.2f}±{np.std(b5):4.2f} {np.mean(bm):9.2f}±{np.std(bm):4.2f}"
              f" {np.mean(np.array(bm) >= 94.0):7.2f} {np.mean(sb):7.2f}±{np.std(sb):4.2f} {np.mean(sb >= 94.0):7.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
