#!/usr/bin/env python3
"""Dev tool (not a runtime dependency): the Markdown tables of docs/results/DEFENSES.md from the
results.csv files that `fedsynth sweep` writes for experiments/defenses-*.yaml.
usage: python3 bench/defense_tables.py runs/defenses-pneumonia/results.csv [more.csv ...]"""
import csv
import sys

COLS = [("trigger_score", "trigger_score", 3), ("backdoor_rate", "backdoor_rate", 3), ("tpr", "TPR", 2),
        ("fpr", "FPR", 2), ("first_detection_round", "first det.", 0), ("malicious_weight", "malicious w.", 3),
        ("min_benign_weight", "min benign w.", 3), ("fd", "FD", 1), ("kid", "KID", 3)]
ORDER = ["vanilla", "attack", "median", "trimmed_mean", "multikrum", "clip_noise", "wgan_gp",
         "feddetect_faithful", "feddetect_faithful_last", "feddetect_dist", "feddetect_dist_sep2",
         "wgan_gp_feddetect", "feddetect_output", "noniid_feddetect_output", "noattack_feddetect_faithful", "noattack_feddetect_dist",
         "noattack_feddetect_dist_sep2", "noattack_feddetect_output", "noniid_noattack_feddetect_output"]


def cell(v, digits):
    if v in ("", None):
        return "–"
    x = float(v)
    return str(int(round(x))) if digits == 0 else f"{x:.{digits}f}"


for path in sys.argv[1:]:
    rows = {r["variant"]: r for r in csv.DictReader(open(path))}
    print(f"\n<!-- {path} -->")
    print("| variant | " + " | ".join(h for _, h, _ in COLS) + " |")
    print("|---|" + "---|" * len(COLS))
    for v in ORDER + sorted(set(rows) - set(ORDER)):
        if v in rows:
            print(f"| {v} | " + " | ".join(cell(rows[v][k], d) for k, _, d in COLS) + " |")
