#!/usr/bin/env python3
"""PyTorch eager reference for `fedsynth bench` (step64 and step32): the same conditional DCGAN and
the same local step, for a same-machine comparison. Development aid only: FedSynth never imports it.

Run: /usr/bin/python3 bench/pytorch_reference.py [--threads 2] [--reps 7]   (Debian: apt-get install python3-torch)
Prints one JSON line per figure.

BLAS. Debian's torch is built against the generic BLAS interface, so what it gets is whatever libblas.so.3 the
machine's alternatives point to: the netlib reference (libblas3, 3-5x slower here) or OpenBLAS. OpenBLAS starts its
own thread pool, one thread per core, inside torch's OpenMP threads: 4 threads on 2 cores, which made the reference
1.4-2.2x slower and noisy (docs/PERFORMANCE.md). A pip wheel's MKL follows torch's threads instead, so the fair
reference gives the BLAS one thread (OPENBLAS_NUM_THREADS=1, set before torch loads; --blas-threads changes it).
Each figure records the BLAS library that was loaded and its threads.
"""
import argparse, json, os, statistics, sys, time

if __name__ == "__main__":
    _blas = "1"
    for _i, _a in enumerate(sys.argv):
        if _a == "--blas-threads" and _i + 1 < len(sys.argv):
            _blas = sys.argv[_i + 1]
    for _k in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
        os.environ[_k] = _blas

import torch
import torch.nn as nn
import torch.nn.functional as F


class G(nn.Module):
    def __init__(self, res, ch, k=2, z=100, emb=50, base=64):
        super().__init__()
        stages = {32: 3, 64: 4, 128: 5}[res]
        width = base << (stages - 1)
        self.emb = nn.Embedding(k, emb)
        layers = [nn.ConvTranspose2d(z + emb, width, 4, 1, 0, bias=False), nn.BatchNorm2d(width), nn.ReLU(True)]
        for _ in range(stages - 1):
            layers += [nn.ConvTranspose2d(width, width // 2, 4, 2, 1, bias=False), nn.BatchNorm2d(width // 2), nn.ReLU(True)]
            width //= 2
        layers += [nn.ConvTranspose2d(width, ch, 4, 2, 1, bias=False), nn.Tanh()]
        self.net = nn.Sequential(*layers)

    def forward(self, z, y):
        h = torch.cat([z, self.emb(y)], 1)
        return self.net(h[:, :, None, None])


class D(nn.Module):
    def __init__(self, res, ch, k=2, base=64):
        super().__init__()
        stages = {32: 3, 64: 4, 128: 5}[res]
        self.k = k
        width = base
        layers = [nn.Conv2d(ch + k, width, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, True)]
        for _ in range(stages - 1):
            layers += [nn.Conv2d(width, width * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(width * 2), nn.LeakyReLU(0.2, True)]
            width *= 2
        layers += [nn.Conv2d(width, 1, 4, 1, 0, bias=False)]
        self.net = nn.Sequential(*layers)

    def forward(self, x, y):
        onehot = F.one_hot(y, self.k).float()[:, :, None, None].expand(-1, -1, x.shape[2], x.shape[3])
        return self.net(torch.cat([x, onehot], 1)).view(-1)



def cpu_capability():
    """The kernels ATen dispatches to ("AVX2", "AVX512"), as torch's build report names them."""
    for line in torch.__config__.show().splitlines():
        if "CPU capability usage" in line:
            return line.split(":", 1)[1].strip()
    return "unknown"

def blas_library():
    """The BLAS shared library this process loaded (netlib's reference libblas, OpenBLAS, BLIS, MKL)."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.lower() or "mkl" in line.lower()}
        return ", ".join(sorted(l for l in libs if l.startswith("/"))) or "none found"
    except OSError:
        return "unknown"


def bench(res, ch, reps, warmup, batch=32):
    g, d = G(res, ch), D(res, ch)
    og = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.5, 0.999))
    od = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.5, 0.999))
    bce = nn.BCEWithLogitsLoss()
    ones, zeros = torch.ones(batch), torch.zeros(batch)
    times = []
    for i in range(warmup + reps):
        x = torch.rand(batch, ch, res, res) * 2 - 1
        y = torch.randint(0, 2, (batch,))
        z = torch.randn(batch, 100)
        t = time.perf_counter()
        od.zero_grad()
        fake = g(z, y)
        loss_d = bce(d(x, y), ones) + bce(d(fake.detach(), y), zeros)
        loss_d.backward()
        od.step()
        og.zero_grad()
        loss_g = bce(d(fake, y), ones)
        loss_g.backward()
        og.step()
        if i >= warmup:
            times.append((time.perf_counter() - t) * 1000)
    med = statistics.median(times)
    out = {"figure": f"step{res}", "impl": f"pytorch-eager {torch.__version__}", "threads": torch.get_num_threads(),
           "resolution": res, "channels": ch, "batch": batch, "repetitions": reps,
           "cpu_capability": cpu_capability(), "blas": blas_library(),
           "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS", "unset"),
           "median_ms": med, "min_ms": min(times), "images_per_s": batch * 1000 / med}
    if res == 64:
        out["gflops"] = 2.54 * batch / (med / 1000)
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--blas-threads", default="1", help="threads of the BLAS library (default 1; see above)")
    a = ap.parse_args()
    if "/blas/libblas" in blas_library():
        print("pytorch_reference: torch runs on the netlib reference BLAS (" + blas_library() + "), several times slower "
              "than an optimized one; install one (Debian: apt-get install libopenblas0-pthread) for a fair reference",
              file=sys.stderr)
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    bench(64, 3, a.reps, a.warmup)
    bench(32, 1, a.reps, a.warmup)
