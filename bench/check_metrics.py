#!/usr/bin/env python3
"""Independent check of `fedsynth evaluate`: recomputes FD, precision, recall, density and coverage
from the exported features (RUN/features-real.csv, RUN/features-fake.csv) with numpy/scipy and the
reference formulas, prints them beside RUN/eval.json's values, and exits 1 if any differs by more
than 1e-4 (absolute, or relative for FD above 1).

    /usr/bin/python3 bench/check_metrics.py RUN [--tol 1e-4]

FD: ||mu_r - mu_f||^2 + Tr(S_r + S_f - 2 sqrtm(S_r S_f)) with np.cov (unbiased) and
scipy.linalg.sqrtm, real part (pytorch-fid's formula). Precision, recall, density, coverage: the
prdc reference code of Naeem et al. 2020 (github.com/clovaai/generative-evaluation-prdc), one
nearest_k for all four (eval.json's "k"). Checked overall and per class. Development aid only;
FedSynth never runs it.
"""
import argparse
import json
import os
import sys

import numpy as np
from scipy import linalg
from scipy.spatial.distance import cdist


def fd(x, y):
    mu1, mu2 = x.mean(0), y.mean(0)
    s1, s2 = np.cov(x, rowvar=False), np.cov(y, rowvar=False)
    covmean, _ = linalg.sqrtm(s1.dot(s2), disp=False)
    if not np.isfinite(covmean).all():
        off = np.eye(s1.shape[0]) * 1e-6
        covmean = linalg.sqrtm((s1 + off).dot(s2 + off))
    covmean = covmean.real
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def kth(d, k):
    # radius = distance to the k-th nearest neighbour excluding self (column 0 of the sort is self, 0)
    return np.partition(d, k, axis=-1)[:, k]


def prdc(real, fake, k):
    """The reference implementation's compute_prdc (Naeem et al. 2020), verbatim in substance."""
    real_radii = kth(cdist(real, real), k)
    fake_radii = kth(cdist(fake, fake), k)
    d = cdist(real, fake)
    precision = (d < real_radii[:, None]).any(axis=0).mean()
    recall = (d < fake_radii[None, :]).any(axis=1).mean()
    density = (1.0 / float(k)) * (d < real_radii[:, None]).sum(axis=0).mean()
    coverage = (d.min(axis=1) < real_radii).mean()
    return dict(precision=float(precision), recall=float(recall), density=float(density), coverage=float(coverage))


def load(path):
    a = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
    with open(path) as f:
        header = f.readline().strip().split(",")
    if header[-1] == "label":
        return a[:, :-1], a[:, -1].astype(int)
    return a, None


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("run")
    p.add_argument("--tol", type=float, default=1e-4)
    a = p.parse_args()
    ev = json.load(open(os.path.join(a.run, "eval.json")))
    real, rl = load(os.path.join(a.run, "features-real.csv"))
    fake, fl = load(os.path.join(a.run, "features-fake.csv"))
    classes = list(ev["fidelity"]["per_class"].keys())
    groups = [("overall", real, fake, ev["fidelity"]["overall"])]
    # per-class entries are in label order (label i = i-th class name)
    for i, name in enumerate(classes):
        groups.append((name, real[rl == i], fake[fl == i], ev["fidelity"]["per_class"][name]))
    worst = 0.0
    failed = False
    print("%-10s %-10s %20s %20s %10s" % ("set", "metric", "fedsynth", "numpy/scipy", "abs diff"))
    for name, r, f, got in groups:
        k = got["k"]
        ref = {}
        if len(r) >= 2 and len(f) >= 2:
            ref["fd"] = fd(r, f)
        if len(r) > k and len(f) > k:
            ref.update(prdc(r, f, k))
        for m, v in ref.items():
            g = got.get(m)
            if g is None:
                print("%-10s %-10s %20s %20.10g  MISSING" % (name, m, None, v))
                failed = True
                continue
            diff = abs(g - v)
            rel = diff / abs(v) if m == "fd" and abs(v) > 1 else diff
            worst = max(worst, rel)
            bad = rel > a.tol
            failed |= bad
            print("%-10s %-10s %20.10g %20.10g %10.2e%s" % (name, m, g, v, diff, "  FAIL" if bad else ""))
    print("largest difference (relative for FD > 1): %.3e; tolerance %.0e -> %s" % (worst, a.tol, "FAIL" if failed else "OK"))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
