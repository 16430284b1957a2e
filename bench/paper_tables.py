#!/usr/bin/env python3
"""Dev tool (not a runtime dependency): the tables of docs/results/EVALUATION.md from a sweep folder
whose runs were evaluated (eval.json), e.g. runs/paper-pneumonia. Mean ± sd over seeds per variant.
usage: python3 bench/paper_tables.py runs/paper-pneumonia [--seeds 1,2,3]"""
import glob
import json
import os
import statistics as st
import sys

root = sys.argv[1]
only = None
if "--seeds" in sys.argv:
    only = {int(x) for x in sys.argv[sys.argv.index("--seeds") + 1].split(",")}
runs = {}
seeds = {}
for d in sorted(glob.glob(os.path.join(root, "*__seed*")), key=lambda d: (d.rsplit("__seed", 1)[0], int(d.rsplit("__seed", 1)[1]))):
    f = os.path.join(d, "eval.json")
    if not os.path.exists(f):
        continue
    variant, seed = os.path.basename(d).rsplit("__seed", 1)
    if only is not None and int(seed) not in only:
        continue
    seeds.setdefault(variant, []).append(int(seed))
    ev = json.load(open(f))
    summ = json.load(open(os.path.join(d, "summary.json")))
    runs.setdefault(variant, []).append((ev, summ))


def ms(xs, digits):
    xs = [x for x in xs if x is not None]
    if not xs:
        return "–"
    if len(xs) == 1:
        return f"{xs[0]:.{digits}f}"
    return f"{st.mean(xs):.{digits}f} ± {st.stdev(xs):.{digits}f}"


order = [v for v in ["vanilla", "attack", "feddetect"] if v in runs] + sorted(set(runs) - {"vanilla", "attack", "feddetect"})
print("| variant | seeds | FD | KID | precision | recall | density | coverage | trigger_score | TPR | FPR | malicious weight |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for v in order:
    rs = runs[v]
    o = lambda k: [e["fidelity"]["overall"][k] for e, _ in rs]
    det = [s.get("detection") or {} for _, s in rs]
    print(f"| {v} | {len(rs)} | {ms(o('fd'), 2)} | {ms(o('kid'), 3)} | {ms(o('precision'), 3)} | {ms(o('recall'), 3)} "
          f"| {ms(o('density'), 3)} | {ms(o('coverage'), 3)} | {ms([e['trigger_score'] for e, _ in rs], 3)} "
          f"| {ms([d.get('tpr') for d in det], 2)} | {ms([d.get('fpr') for d in det], 2)} "
          f"| {ms([d.get('malicious_final_weight_share') for d in det], 3)} |")
print()
print("FD per seed:", {v: dict(zip(seeds[v], [round(e["fidelity"]["overall"]["fd"], 2) for e, _ in runs[v]])) for v in order})
print()
if "vanilla" in runs:
    # Paired by seed: the same seed gives the same data split, initial weights and noise streams.
    van = dict(zip(seeds["vanilla"], [e["fidelity"]["overall"]["fd"] for e, _ in runs["vanilla"]]))
    print("FD minus vanilla's FD of the same seed (paired), and how many seeds exceed vanilla's worst seed:")
    for v in order:
        if v == "vanilla":
            continue
        fd = dict(zip(seeds[v], [e["fidelity"]["overall"]["fd"] for e, _ in runs[v]]))
        common = [k for k in fd if k in van]
        diffs = [fd[k] - van[k] for k in common]
        above = sum(1 for k in common if fd[k] > max(van[j] for j in common))
        if diffs:
            print(f"  {v}: differences {[round(x, 2) for x in diffs]}, mean {ms(diffs, 2)}, "
                  f"{sum(1 for x in diffs if x > 0)}/{len(diffs)} positive, {above}/{len(common)} above vanilla's worst")
    print()
# utility: accuracy (mean over classifier seeds) per n, then mean ± sd over run seeds
ns = []
for e, _ in runs[order[0]]:
    for r in e["utility"]["rows"]:
        lab = r.get("n_label", str(r["n"]))
        if lab not in ns:
            ns.append(lab)
print("| n real per class | real only | " + " | ".join(f"+ {v}" for v in order) + " |")
print("|---|---|" + "---|" * len(order))
for lab in ns:
    real, cols = [], []
    for v in order:
        acc = []
        for e, _ in runs[v]:
            for r in e["utility"]["rows"]:
                if r.get("n_label", str(r["n"])) == lab:
                    (acc if r["synthetic"] else real).append(r["accuracy_mean"])
        cols.append(ms(acc, 3))
    print(f"| {lab} | {ms(real, 3)} | " + " | ".join(cols) + " |")
print()
print("balanced accuracy / AUC at n = 10:")
for v in order:
    b = [r["balanced_accuracy_mean"] for e, _ in runs[v] for r in e["utility"]["rows"] if r["synthetic"] and r.get("n_label", str(r["n"])) == "10"]
    a = [r["auc_mean"] for e, _ in runs[v] for r in e["utility"]["rows"] if r["synthetic"] and r.get("n_label", str(r["n"])) == "10"]
    print(f"  + {v}: balanced {ms(b, 3)}, AUC {ms(a, 3)}")
