#!/usr/bin/env python3
"""Independent check of `fedsynth evaluate`'s privacy audit: recomputes, in the evaluator's feature
space, the distance to closest record (DCR), the nearest-neighbour distance ratio (NNDR) and the
GAN-Leaks membership AUC with DeLong's standard error, overall and per client, from the exported
features (RUN/features-train.csv = the training images the clients held, RUN/features-real.csv = the
held-out test split, RUN/features-fake.csv = the generated images, RUN/features-reference.csv = the
reference's unseen real images, RUN/privacy-clients.csv = which client held each training image) with numpy, scipy's cdist and scikit-learn's roc_auc_score, prints
them beside RUN/eval.json's values, and exits 1 if any differs by more than 1e-6.

    /usr/bin/python3 bench/check_privacy.py RUN [--tol 1e-6]

Definitions (docs/results/PRIVACY.md): Euclidean distances; p5 and median by the inverted empirical
CDF (numpy's method="inverted_cdf"), the held-out images weighted to the generated images' class mix;
NNDR = d1 / d2 (0 when d2 = 0); membership score = -(distance to the nearest generated image), AUC of
training members against held-out non-members: pooled overall; per client stratified by class (within each
class with at least two members and two held-out images, members against the held-out images of that class,
averaged with the client's class shares as weights, variance sum w^2 var), and so is the per-client paired z. The pixel-space figures use the same code on pixels,
which are not exported. Development aid only; FedSynth never runs it.
"""
import argparse
import json
import os
import sys

import numpy as np
from scipy.spatial.distance import cdist
from sklearn.metrics import roc_auc_score


def load(path):
    with open(path) as f:
        header = f.readline().strip().split(",")
    a = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
    if header[-1] == "label":
        return a[:, :-1], a[:, -1].astype(int)
    return a, None


def wquantile(values, weights, q):
    order = np.argsort(values, kind="stable")
    v, w = values[order], weights[order]
    keep = w > 0
    v, w = v[keep], w[keep]
    cum = np.cumsum(w)
    i = np.searchsorted(cum, q * cum[-1] * (1 - 1e-12), side="left")
    return float(v[min(i, len(v) - 1)])


def class_mix_weights(hold_labels, gen_labels):
    k = max(hold_labels.max(), gen_labels.max()) + 1
    h = np.bincount(hold_labels, minlength=k) / len(hold_labels)
    g = np.bincount(gen_labels, minlength=k) / len(gen_labels)
    return g[hold_labels] / h[hold_labels]


def top2(d):
    s = np.sort(d, axis=1)
    return s[:, 0], (s[:, 1] if d.shape[1] > 1 else np.full(len(d), np.inf))


def summary(gen, hold, w):
    ones = np.ones(len(gen))
    out = dict(p5=wquantile(gen, ones, 0.05), median=wquantile(gen, ones, 0.5),
               holdout_p5=wquantile(hold, w, 0.05), holdout_median=wquantile(hold, w, 0.5))
    out["ratio"] = out["median"] / out["holdout_median"]
    out["ratio_p5"] = out["p5"] / out["holdout_p5"]
    return out


def nndr(d1, d2):
    return np.where(d2 > 0, d1 / np.where(d2 > 0, d2, 1), 0.0)


def delong_se(member, non):
    """DeLong's standard error from the pairwise structural components (O(m n), as the definition)."""
    psi = (member[:, None] > non[None, :]).astype(float) + 0.5 * (member[:, None] == non[None, :])
    v10, v01 = psi.mean(axis=1), psi.mean(axis=0)
    return float(np.sqrt(v10.var(ddof=1) / len(member) + v01.var(ddof=1) / len(non)))


def paired_diff_var(ma, na, mb, nb):
    pa = (ma[:, None] > na[None, :]) + 0.5 * (ma[:, None] == na[None, :])
    pb = (mb[:, None] > nb[None, :]) + 0.5 * (mb[:, None] == nb[None, :])
    s10 = np.cov(np.vstack([pa.mean(1), pb.mean(1)]))
    s01 = np.cov(np.vstack([pa.mean(0), pb.mean(0)]))
    var = (s10[0, 0] + s10[1, 1] - 2 * s10[0, 1]) / len(ma) + (s01[0, 0] + s01[1, 1] - 2 * s01[0, 1]) / len(na)
    return pa.mean() - pb.mean(), var


def paired_z(ma, na, mb, nb):
    """DeLong's test of two correlated AUCs on the same members and non-members."""
    d, var = paired_diff_var(ma, na, mb, nb)
    return float(d / np.sqrt(var))


def strata(ml, hl):
    """Classes with at least two members and two held-out images, and each one's weight (member share)."""
    ys = [y for y in np.unique(ml) if (ml == y).sum() >= 2 and (hl == y).sum() >= 2]
    total = sum((ml == y).sum() for y in ys)
    return [(y, (ml == y).sum() / total) for y in ys]


def stratified_auc(member, ml, non, hl):
    auc, var = 0.0, 0.0
    for y, w in strata(ml, hl):
        m, n = member[ml == y], non[hl == y]
        yy = np.r_[np.ones(len(m)), np.zeros(len(n))]
        auc += w * roc_auc_score(yy, np.r_[m, n])
        var += w * w * delong_se(m, n) ** 2
    return float(auc), float(np.sqrt(var))


def stratified_paired_z(ma, na, mb, nb, ml, hl):
    d, v = 0.0, 0.0
    for y, w in strata(ml, hl):
        dy, vy = paired_diff_var(ma[ml == y], na[hl == y], mb[ml == y], nb[hl == y])
        d += w * dy
        v += w * w * vy
    return float(d / np.sqrt(v))


def membership_scores(train, hold, gen, member_mask, gen_to_train_all_cols):
    return -gen_to_train_all_cols[member_mask], -cdist(hold, gen).min(axis=1)


def figures(train, hold, gen, w, member_mask, gen_to_train_all_cols, tl, hl):
    d_gen = cdist(gen, train[member_mask])
    d_hold = cdist(hold, train[member_mask])
    g1, g2 = top2(d_gen)
    h1, h2 = top2(d_hold)
    member_score = -gen_to_train_all_cols[member_mask]
    non_score = -cdist(hold, gen).min(axis=1)
    if member_mask.all():
        y = np.r_[np.ones(len(member_score)), np.zeros(len(non_score))]
        auc, se = float(roc_auc_score(y, np.r_[member_score, non_score])), delong_se(member_score, non_score)
    else:
        auc, se = stratified_auc(member_score, tl[member_mask], non_score, hl)
    return dict(dcr=summary(g1, h1, w), nndr=summary(nndr(g1, g2), nndr(h1, h2), w),
                membership_auc_feature=auc, membership_auc_feature_se=se)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("run")
    p.add_argument("--tol", type=float, default=1e-6)
    a = p.parse_args()
    ev = json.load(open(os.path.join(a.run, "eval.json")))
    priv = ev.get("privacy")
    if not priv or "dcr" not in priv:
        sys.exit("%s: eval.json has no privacy audit (%s)" % (a.run, (priv or {}).get("skipped", "disabled")))
    train, tl = load(os.path.join(a.run, "features-train.csv"))
    hold, hl = load(os.path.join(a.run, "features-real.csv"))
    gen, gl = load(os.path.join(a.run, "features-fake.csv"))
    pairs = np.loadtxt(os.path.join(a.run, "privacy-clients.csv"), delimiter=",", skiprows=1, ndmin=2).astype(int)
    w = class_mix_weights(hl, gl)
    col_min = cdist(gen, train).min(axis=0)
    sets = [("overall", np.ones(len(train), bool), priv)]
    for c in priv["per_client"]:
        if "dcr" in c:
            mask = np.zeros(len(train), bool)
            mask[pairs[pairs[:, 1] == c["client"], 0]] = True
            sets.append(("client %d" % c["client"], mask, c))
    ref = priv.get("reference")
    ref_path = os.path.join(a.run, "features-reference.csv")
    if ref and os.path.exists(ref_path):
        rf, rl = load(ref_path)
        rw = class_mix_weights(hl, rl)
        rcol = cdist(rf, train).min(axis=0)
        sets.append(("ref", np.ones(len(train), bool), ref, rf, rw, rcol))
        for c in ref["per_client"]:
            if "dcr" in c:
                mask = np.zeros(len(train), bool)
                mask[pairs[pairs[:, 1] == c["client"], 0]] = True
                sets.append(("ref c%d" % c["client"], mask, c, rf, rw, rcol))
    sets = [s if len(s) == 6 else s + (gen, w, col_min) for s in sets]
    worst, failed = 0.0, False
    print("%-9s %-34s %18s %18s %9s" % ("set", "figure", "fedsynth", "numpy/sklearn", "abs diff"))
    for name, mask, got, g_set, g_w, g_col in sets:
        mine = figures(train, hold, g_set, g_w, mask, g_col, tl, hl)
        rows = [("dcr.feature." + k, got["dcr"]["feature"][k], v) for k, v in mine["dcr"].items()]
        rows += [("nndr.feature." + k, got["nndr"]["feature"][k], v) for k, v in mine["nndr"].items()]
        rows += [(k, got[k], mine[k]) for k in ("membership_auc_feature", "membership_auc_feature_se")]
        for fig, g, v in rows:
            if g is None:
                print("%-9s %-34s %18s %18.10g  MISSING" % (name, fig, None, v))
                failed = True
                continue
            diff = abs(g - v)
            worst = max(worst, diff)
            bad = diff > a.tol
            failed |= bad
            print("%-9s %-34s %18.10g %18.10g %9.2e%s" % (name, fig, g, v, diff, "  FAIL" if bad else ""))
    if ref and os.path.exists(ref_path):
        for name, mask, got in [("ref", np.ones(len(train), bool), ref)] + [
                ("ref c%d" % c["client"], np.isin(np.arange(len(train)), pairs[pairs[:, 1] == c["client"], 0]), c)
                for c in ref["per_client"] if "membership_feature_z" in c]:
            gm, gn = membership_scores(train, hold, gen, mask, col_min)
            rm, rn = membership_scores(train, hold, rf, mask, rcol)
            v = paired_z(gm, gn, rm, rn) if mask.all() else stratified_paired_z(gm, gn, rm, rn, tl[mask], hl)
            g = got.get("membership_feature_z")
            diff = abs(g - v)
            worst = max(worst, diff)
            bad = diff > a.tol
            failed |= bad
            print("%-9s %-34s %18.10g %18.10g %9.2e%s" % (name, "membership_feature_z (paired)", g, v, diff,
                                                           "  FAIL" if bad else ""))
    print("largest difference: %.3e; tolerance %.0e -> %s" % (worst, a.tol, "FAIL" if failed else "OK"))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
