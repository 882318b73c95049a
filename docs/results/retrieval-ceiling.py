#!/usr/bin/env python3
"""What the retrieval goal (best of 1,000 >= 94.0) asks for: docs/results.md "What would close the retrieval gap".

No choice is made here: it describes the space and the export, so it reads every architecture, and the tuning half
only where it looks inside `ensemble`'s ranking. Four figures:
  1. the ceiling on the whole space (the accuracies of all 15,625): the best a run of 1,000 holds, and what training
     all 1,000 and picking by validation accuracy (cifar10_valid, a training of its own on the train split) gets;
  2. a score whose errors are spread evenly (normal scores of the accuracy ranks + Gaussian noise): the τ-b at which
     it reaches 94.0, against `ensemble`'s τ-b and pick;
  3. inside `ensemble`'s top 10 % of the tuning half, how each member orders accuracy (τ-b);
  4. a hybrid: `ensemble_top_params`'s top k of each run trained and picked by validation accuracy.

    python3 docs/results/retrieval-ceiling.py docs/results/cifar10-b64-whole-space.csv.gz                  # print it
    python3 docs/results/retrieval-ceiling.py docs/results/cifar10-b64-whole-space.csv.gz docs/results.md  # replace it

Every number of the section comes from these four, so it is rewritten whole as the export grows (sections.py).
"""
import csv
import importlib.util
import os
import sys

import numpy as np
from scipy.stats import kendalltau, norm, rankdata

HERE = os.path.dirname(os.path.abspath(__file__))
ACCURACY = os.path.join(HERE, "..", "..", "data/src/main/resources/io/nasscore/data/nb201/accuracy.csv")
_spec = importlib.util.spec_from_file_location("candidates", os.path.join(HERE, "retrieval-candidates.py"))
rc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rc)  # SplitMix64, the split, the log-rank sum and the top re-ranking: one home
sys.path.insert(0, HERE)
from sections import GLUE, replace, wrap  # noqa: E402
SPACE = 15625
MARKER = "retrieval-ceiling.py"
HYBRID_K = [1, 3, 5, 10]


def ceiling(acc, val, runs=2000, seed=7):
    """1. The best a run of 1,000 of the whole space holds, and what training all of it and picking by validation gets."""
    rng = np.random.default_rng(seed)
    oracle, by_valid = [], []
    for _ in range(runs):
        p = rng.choice(len(acc), 1000, replace=False)
        oracle.append(acc[p].max())
        by_valid.append(acc[p][np.argmax(val[p])])
    oracle, by_valid = np.array(oracle), np.array(by_valid)
    return {"runs": runs, "oracle": (oracle.mean(), oracle.std()), "oracle_hits": np.mean(oracle >= 94),
            "valid": (by_valid.mean(), by_valid.std()), "valid_hits": np.mean(by_valid >= 94),
            "at_94": int(np.sum(acc >= 94))}


def even_errors(acc, runs=400, seed=5):
    """2. Scores whose errors are spread evenly: (σ, τ-b, best of 1,000, τ-b inside their own top 10 %)."""
    rng = np.random.default_rng(seed)
    z = norm.ppf((rankdata(acc) - 0.5) / len(acc))
    samples = [rng.choice(len(acc), 1000, replace=False) for _ in range(runs)]
    out = []
    for sigma in [0.3, 0.4, 0.5, 0.6]:
        score = z + rng.normal(0, sigma, len(acc))
        top = score >= np.quantile(score, 0.9)
        pick = np.mean([acc[p][np.argmax(score[p])] for p in samples])
        out.append((sigma, kendalltau(score, acc).statistic, pick, kendalltau(score[top], acc[top]).statistic))
    return {"runs": runs, "rows": out}


def inside_the_top(export, acc_by_index):
    """3. Inside `ensemble`'s top 10 % of the tuning half: its τ-b, and each member's, highest first."""
    idx, cols, acc = rc.load([export], acc_by_index)  # the tuning half
    ens = rc.log_rank_sum(cols, rc.ENS)
    top = ens >= np.quantile(ens, 0.9)
    taus = {m: kendalltau(cols[m][top], acc[top]).statistic for m in rc.ENS + ["zico", "PJS", "WPJSI"]}
    return {"top": int(top.sum()), "half": len(idx), "tau": rc.tau(ens, acc),
            "tau_inside": kendalltau(ens[top], acc[top]).statistic,
            "members": sorted(taus.items(), key=lambda e: -e[1])}


def hybrid(export, acc_by_index, val_by_index, runs=200, seed=7):
    """4. Scaled runs of the export: `ensemble`'s pick, and `ensemble_top_params`'s top k trained, picked by validation."""
    split = rc.tuning
    rc.tuning = lambda i: True  # every architecture: a description, not a choice
    idx, cols, acc = rc.load([export], acc_by_index)
    rc.tuning = split
    val = np.array([val_by_index[i] for i in idx.tolist()])
    held_out = np.array([not split(i) for i in idx.tolist()])
    out = {"n": len(idx), "runs": runs}
    for label, mask in [("all", np.ones(len(idx), bool)), ("held-out", held_out)]:
        pool = np.where(mask)[0]
        size = round(len(pool) * 1000 / SPACE)
        rng = np.random.default_rng(seed)
        picks = {k: [] for k in ["oracle", "valid", "ensemble"] + HYBRID_K}
        for _ in range(runs):
            p = rng.choice(pool, size, replace=False)
            sample = {k: v[p] for k, v in cols.items()}
            ens = rc.log_rank_sum(sample, rc.ENS)
            order = np.argsort(-rc.top_rerank(ens, sample["params"], q=0.10), kind="stable")
            picks["oracle"].append(acc[p].max())
            picks["valid"].append(acc[p][np.argmax(val[p])])
            picks["ensemble"].append(acc[p][np.argmax(ens)])
            for k in HYBRID_K:
                top = order[:k]
                picks[k].append(acc[p][top[np.argmax(val[p][top])]])
        out[label] = {"pool": len(pool), "size": size, **{k: (np.mean(v), np.std(v)) for k, v in picks.items()}}
    return out


def rival(members):
    """Whether a member orders ensemble's top better than params, the one ensemble_top_params re-ranks by."""
    best, best_tau = members[0]
    params = dict(members)["params"]
    if best == "params":
        return "no member here orders the top better than that."
    if best_tau - params < 0.01:
        return f"{best} orders it about as well (τ-b {best_tau:.3f} against params' {params:.3f})."
    return f"here {best} orders the top better than params ({best_tau:.2f} against {params:.2f})."


def section(c, e, t, h):
    """The section's markdown from the four figures."""
    trainings = round(HYBRID_K[-1] * 1000 / h["all"]["size"])
    best_member, best_tau = t["members"][0]
    named = [(m, x) for m, x in t["members"] if x >= 0.15]
    rest = [x for _, x in t["members"][len(named):]]
    # the even-error scores either side of ensemble's τ-b, to compare their top 10 % with ensemble's
    below = max((r for r in e["rows"] if r[1] <= t["tau"]), key=lambda r: r[1], default=None)
    above = min((r for r in e["rows"] if r[1] > t["tau"]), key=lambda r: r[1], default=None)
    around = " and ".join(f"{r[3]:.2f} at τ-b {r[1]:.2f}" for r in (below, above) if r)
    a, o = h["all"], h["held-out"]

    def fig(pair):
        return f"{pair[0]:.2f}"

    def pct(share):
        return f"{share * 100:.0f}{GLUE}%"

    def signed(x):
        return f"{x:.2f}".replace("-", "−")

    out = ["```bash", "python3 docs/results/retrieval-ceiling.py docs/results/cifar10-b64-whole-space.csv.gz docs/results.md"
           "   # writes this section", "```", ""]
    out.append(wrap("Nothing here changes `ensemble` or `ensemble_top_params` (their definitions stay as fixed in "
                    "sessions 5-6); the script describes the space and the export (the last two items at "
                    f"{h['n']:,} architectures):"))
    out.append("")
    bullets = [
        f"**The goal sits at the level of full training.** Over the whole space (the accuracies of all 15,625; "
        f"{c['runs']:,} runs of 1,000), the best architecture a run holds averages {c['oracle'][0]:.2f} ± "
        f"{c['oracle'][1]:.2f} ({c['at_94']} architectures reach 94.0; a run holds one in {pct(c['oracle_hits'])} of "
        f"runs). Training all 1,000 for 200 epochs and keeping the best validation accuracy (`cifar10_valid`, NB201's "
        f"own training on the train split) retrieves {c['valid'][0]:.2f} ± {c['valid'][1]:.2f} (≥ 94.0 in "
        f"{pct(c['valid_hits'])} of runs). A zero-shot score meets the goal only by choosing about as well as 1,000 "
        f"full trainings.",
        f"**τ-b is not what is missing.** A score whose errors are spread evenly over the ranking (normal scores of "
        f"the accuracy ranks plus Gaussian noise; {e['runs']} runs of 1,000 of the whole space) retrieves "
        + ", ".join(f"{r[2]:.2f} at τ-b {r[1]:.2f}" for r in e["rows"][:-1])
        + f" and {e['rows'][-1][2]:.2f} at {e['rows'][-1][1]:.2f}"
        + f"; `ensemble`, at τ-b {t['tau']:.2f} (tuning half), retrieves {fig(a['ensemble'])} (scaled runs of the "
        f"export, as in the last item; figure 6 of the [report](results/report-whole-space/index.html#figure6) shows "
        f"it for every score: the dots do not rise with the bars). Its errors sit at the top: inside its own top "
        f"10{GLUE}% (tuning half, {t['top']:,} architectures) it orders accuracy at τ-b {t['tau_inside']:.2f}, where the "
        f"even-error scores around its overall τ-b have {around}. "
        + ("No member orders that top well: " if best_tau < 0.5 else "Inside that top the members order: ")
        + ", ".join(f"{m} {signed(x)}" for m, x in named)
        + (f", every other member between {signed(min(rest))} and {signed(max(rest))}" if rest else "")
        + ". `ensemble_top_params` re-ranks it by params (chosen on the tuning half before this was looked at); "
        + rival(t["members"]),
        f"**What closes it is a signal about the top that no zero-shot score here carries: training.** A hybrid that "
        f"trains only `ensemble_top_params`'s top few of each run and keeps the best validation accuracy, on the "
        f"export's scaled runs ({h['runs']} runs of {a['size']:,} of the {a['pool']:,}): its top 1 (the zero-shot pick) "
        + ", ".join(f"{'' if k == 1 else f'top {k} '}{fig(a[k])}" for k in HYBRID_K)
        + f" (oracle {fig(a['oracle'])}, all trained {fig(a['valid'])}); on the held-out half (runs of {o['size']:,}): "
        + ", ".join(fig(o[k]) for k in HYBRID_K)
        + f" (oracle {fig(o['oracle'])}, all trained {fig(o['valid'])}). The top {HYBRID_K[-1]} of a run of "
        f"{a['size']:,} is its top {pct(HYBRID_K[-1] / a['size'])}, about {trainings} trainings per 1,000 architectures "
        f"instead of 1,000, for a pick {float(fig(a['valid'])) - float(fig(a[HYBRID_K[-1]])):.2f} below training them all. That is a "
        f"search that trains, which nasscore does not do; what it gives such a search is the list: `nasscore "
        f"shortlist --input FILE.csv --score ensemble_top_params --top {trainings}` names the {trainings} "
        f"architectures of a pool of 1,000 (a scores CSV, or `--experiment NAME` in PostgreSQL) to train.",
    ]
    out.extend(wrap("- " + b, bullet=True) for b in bullets)
    return "\n".join(out) + "\n"


def main(export, doc=None):
    with open(ACCURACY) as f:
        rows = list(csv.DictReader(f))
    acc = np.array([float(r["cifar10_test"]) for r in rows])
    val = np.array([float(r["cifar10_valid"]) for r in rows])
    acc_by_index = {int(r["index"]): a for r, a in zip(rows, acc)}
    val_by_index = {int(r["index"]): v for r, v in zip(rows, val)}
    text = section(ceiling(acc, val), even_errors(acc), inside_the_top(export, acc_by_index),
                   hybrid(export, acc_by_index, val_by_index))
    if doc:
        replace(doc, MARKER, text)
    else:
        print(text, end="")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: retrieval-ceiling.py EXPORT.csv [DOC.md]")
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
