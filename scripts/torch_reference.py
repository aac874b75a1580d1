"""The tutorial's model and data pipeline in PyTorch: the reference for fixtures and benchmarks.

Mirrors src/: the same train-only min-max scaling, the same windows (targets in one part, inputs
reaching back), and a forecaster with attributes `lstm`/`rnn`/`gru` and `fc` like src/models/Forecaster.ts.
"""
import math
import os

import numpy as np
import pandas as pd
import torch
from torch import nn

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Forecaster(nn.Module):
    """Recurrent stack + Linear(hidden * seqLen -> 1) on all steps' outputs (the tutorial's head)."""

    def __init__(self, kind, input_size, hidden, layers, seq_len):
        super().__init__()
        self.kind = kind
        rnn = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[kind](input_size, hidden, layers, batch_first=True)
        setattr(self, kind, rnn)
        self.fc = nn.Linear(hidden * seq_len, 1)

    def forward(self, x):
        out, _ = getattr(self, self.kind)(x)
        return self.fc(out.reshape(out.shape[0], -1))


def windows(look_back=5, train_fraction=0.8, validation_fraction=0.1, part="train"):
    """Scaled windows of data/sp500.csv whose targets lie in `part` ("train" or "test")."""
    df = pd.read_csv(os.path.join(ROOT, "data", "sp500.csv"))
    n = len(df)
    train_end = math.floor(n * train_fraction)
    features = ["open", "high", "low", "volume"]
    scaled = {}
    for col in features + ["close"]:
        values = df[col].to_numpy(dtype=np.float64)
        lo, hi = values[:train_end].min(), values[:train_end].max()
        scaled[col] = (values - lo) / (hi - lo)
    feats = np.stack([scaled[c] for c in features], axis=1)
    validation_end = math.floor(n * (train_fraction + validation_fraction))
    first, end = (look_back, train_end) if part == "train" else (validation_end, n)
    xs = np.stack([feats[t - look_back:t] for t in range(first, end)]).astype(np.float32)
    ys = scaled["close"][first:end].astype(np.float32).reshape(-1, 1)
    return torch.from_numpy(xs), torch.from_numpy(ys)


def train_epoch(model, optimizer, xs, ys, batch_size, max_batches=None):
    """One epoch in order (no shuffle), as src/training/train.ts does; returns the mean loss over windows."""
    total = 0.0
    count = 0
    for batch, start in enumerate(range(0, len(xs), batch_size)):
        if max_batches is not None and batch >= max_batches:
            break
        xb, yb = xs[start:start + batch_size], ys[start:start + batch_size]
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(xb)
        count += len(xb)
    return total / count
