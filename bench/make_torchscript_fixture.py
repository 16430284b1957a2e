#!/usr/bin/env python3
"""Writes src/test/resources/torchscript/tiny-features.pt: a tiny TorchScript feature network with the
same input/output contract as the Inception-v3 feature network FedSynth accepts (`fedsynth evaluate
--torchscript FILE`, see docs/DESIGN.md):

    input  float32 [N, 3, 299, 299], values in [0, 1] (FedSynth resizes and replicates grey channels)
    output float32 [N, d] pooled features (here d = 16; Inception pool3 has d = 2048)

and tiny-features.expected.txt: the outputs for a fixed, formula-defined input that
TorchScriptFeatureNetworkTest rebuilds in Java. Saved with torch 1.13 (/usr/bin/python3, Debian
python3-torch); FedSynth loads it with DJL 0.36 / PyTorch 2.7.1. Development aid only.
"""
import os
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "test", "resources", "torchscript")


class TinyFeatures(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, kernel_size=3, stride=2)
        self.fc = nn.Linear(8, 16)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() != 4 or x.size(1) != 3 or x.size(2) != 299 or x.size(3) != 299:
            raise ValueError("expected [N, 3, 299, 299]")
        h = F.avg_pool2d(x, kernel_size=23, stride=23)  # 13 x 13
        h = F.relu(self.conv(h))                        # 6 x 6
        h = F.adaptive_avg_pool2d(h, 1).flatten(1)      # N x 8
        return self.fc(h)                               # N x 16


def fixed_input(n: int) -> torch.Tensor:
    """x[i, c, h, w] = frac(0.1 (i + 1) + 0.05 c + 0.3 h / 299 + 0.2 w / 299), float32 (rebuilt in Java)."""
    i = torch.arange(n, dtype=torch.float64).view(n, 1, 1, 1)
    c = torch.arange(3, dtype=torch.float64).view(1, 3, 1, 1)
    h = torch.arange(299, dtype=torch.float64).view(1, 1, 299, 1)
    w = torch.arange(299, dtype=torch.float64).view(1, 1, 1, 299)
    v = 0.1 * (i + 1) + 0.05 * c + 0.3 * h / 299 + 0.2 * w / 299
    return torch.remainder(v, 1.0).float()


def main():
    torch.manual_seed(0)
    model = TinyFeatures().eval()
    scripted = torch.jit.script(model)
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "tiny-features.pt")
    scripted.save(path)
    with torch.no_grad():
        y = scripted(fixed_input(2))
    with open(os.path.join(OUT, "tiny-features.expected.txt"), "w") as f:
        f.write("# torch %s; outputs of tiny-features.pt for fixed_input(2), one row per image\n" % torch.__version__)
        for row in y.tolist():
            f.write(",".join(repr(float(v)) for v in row) + "\n")
    print("wrote", path, os.path.getsize(path), "bytes; output shape", tuple(y.shape))
    print(y)


if __name__ == "__main__":
    main()
