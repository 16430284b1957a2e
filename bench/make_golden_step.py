#!/usr/bin/env python3
"""Writes src/test/resources/golden/step32-golden.zip (an .npz): one local step of the 32px conditional DCGAN (base
width 4, batch 4) in PyTorch eager, with its initial weights, inputs, losses and updated weights.
GoldenStepTest loads the initial weights into FedSynth's GanWorkbench, runs the same step and
compares. Development aid only (Debian python3-torch); the product never imports it.
"""
import sys
import numpy as np
import torch
import torch.nn as nn
sys.path.insert(0, __file__.rsplit("/", 1)[0])
from pytorch_reference import G, D  # the same reference model as the benchmark

torch.manual_seed(0)
B, K, RES, CH, BASE = 4, 2, 32, 1, 4
g, d = G(RES, CH, K, base=BASE), D(RES, CH, K, base=BASE)
for m in list(g.modules()) + list(d.modules()):
    if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.normal_(m.weight, 0.0, 0.02)
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.normal_(m.weight, 1.0, 0.02)
        nn.init.zeros_(m.bias)

def tensors(mod):
    return [(k, v.detach().clone().numpy().astype(np.float32)) for k, v in mod.state_dict().items() if "num_batches" not in k]

out = {}
for prefix, mod in (("g_init", g), ("d_init", d)):
    for i, (k, v) in enumerate(tensors(mod)):
        out[f"{prefix}_{i:03d}"] = v

x = torch.rand(B, CH, RES, RES) * 2 - 1
y = torch.tensor([0, 1, 1, 0])
z = torch.randn(B, 100)
out["x"], out["y"], out["z"] = x.numpy(), y.numpy().astype(np.float32), z.numpy()

og = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.5, 0.999))
od = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.5, 0.999))
bce = nn.BCEWithLogitsLoss()
g.train(); d.train()
od.zero_grad()
fake = g(z, y)
loss_d = bce(d(x, y), torch.ones(B)) + bce(d(fake.detach(), y), torch.zeros(B))
loss_d.backward()
od.step()
og.zero_grad()
loss_g = bce(d(fake, y), torch.ones(B))
loss_g.backward()
og.step()
out["loss_d"] = np.array([loss_d.item()], np.float32)
out["loss_g"] = np.array([loss_g.item()], np.float32)
for prefix, mod in (("g_after", g), ("d_after", d)):
    for i, (k, v) in enumerate(tensors(mod)):
        out[f"{prefix}_{i:03d}"] = v
with open("src/test/resources/golden/step32-golden.zip", "wb") as f:  # an .npz; named .zip, it is a test fixture, not data
    np.savez(f, **out)
print("wrote", len(out), "arrays; torch", torch.__version__, "lossD", loss_d.item(), "lossG", loss_g.item())
