"""The scale benchmark's reference, for bench/benchScale.ts: the CLI job's work on a large CSV in
pandas + PyTorch, with seconds per stage and the peak RSS on one JSON line.

    /usr/bin/python3 bench/bench_scale_torch.py CSV [THREADS]

The tutorial's set-up, as the CLI runs it with --model lstm --epochs 1: open, high, low, volume of 5
rows -> the next close; 80% of the rows train, 10% validate, 10% test; min-max scaling with the
training rows' statistics; windows whose targets lie in each part (inputs reaching back); a 2-layer
LSTM of 8 units with a Linear(8 * 5 -> 1) head, Adam (lr 1e-3), batches of 20 in order, one epoch,
then the validation loss; forecasts of every window in the data's units. PyTorch on THREADS threads
(default 1, as bench/bench_torch.py).

Stages: load (read_csv with dates + scaling), windows (a sliding view, no copy), training (the
epoch, each batch gathered from the view, and the validation loss), forecasts (every window).
"""
import json
import math
import os
import resource
import sys
import time

import numpy as np
import pandas as pd
import torch
from numpy.lib.stride_tricks import sliding_window_view

# The PyTorch reference model lives beside the fixtures it makes.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "torch"))
from torch_reference import Forecaster

FEATURES = ["open", "high", "low", "volume"]
TARGET = "close"
SEQ_LEN = 5
BATCH = 20
PREDICT_BATCH = 4096


def batches(windows, targets, size):
    for start in range(0, len(windows), size):
        yield (torch.from_numpy(np.ascontiguousarray(windows[start:start + size])),
               torch.from_numpy(np.ascontiguousarray(targets[start:start + size])))


def main(argv):
    csv = argv[1]
    threads = int(argv[2]) if len(argv) > 2 else 1
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    seconds = {}
    started = time.perf_counter()

    df = pd.read_csv(csv, parse_dates=["date"])
    n = len(df)
    train_end = math.floor(n * 0.8)
    validation_end = math.floor(n * 0.9)
    values = df[FEATURES + [TARGET]].to_numpy(dtype=np.float64)
    low, high = values[:train_end].min(axis=0), values[:train_end].max(axis=0)
    scaled = ((values - low) / (high - low)).astype(np.float32)
    seconds["load"] = time.perf_counter() - started

    started = time.perf_counter()
    # Window i: rows i .. i + SEQ_LEN - 1 of the features -> row i + SEQ_LEN of the target, [N, L, F] as a view.
    windows = sliding_window_view(scaled[:, :len(FEATURES)], SEQ_LEN, axis=0).transpose(0, 2, 1)[:n - SEQ_LEN]
    targets = scaled[SEQ_LEN:, len(FEATURES):]
    parts = {"train": slice(0, train_end - SEQ_LEN), "validation": slice(train_end - SEQ_LEN, validation_end - SEQ_LEN)}
    seconds["windows"] = time.perf_counter() - started

    started = time.perf_counter()
    model = Forecaster("lstm", len(FEATURES), 8, 2, SEQ_LEN)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    train = parts["train"]
    for xb, yb in batches(windows[train], targets[train], BATCH):
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(xb), yb)
        loss.backward()
        optimizer.step()
    validation = parts["validation"]
    with torch.no_grad():
        total = sum(torch.nn.functional.mse_loss(model(xb), yb, reduction="sum").item()
                    for xb, yb in batches(windows[validation], targets[validation], PREDICT_BATCH))
    validation_loss = total / len(targets[validation])
    seconds["training"] = time.perf_counter() - started

    started = time.perf_counter()
    forecasts = np.empty(len(windows))
    with torch.no_grad():
        for start, (xb, _) in zip(range(0, len(windows), PREDICT_BATCH), batches(windows, targets, PREDICT_BATCH)):
            forecasts[start:start + len(xb)] = model(xb).numpy()[:, 0]
    forecasts = forecasts * (high[-1] - low[-1]) + low[-1]
    seconds["forecasts"] = time.perf_counter() - started

    print(json.dumps({
        "stages": seconds,
        "maxRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rows": n,
        "windows": len(windows),
        "validationLoss": validation_loss,
        "torch": torch.__version__,
        "pandas": pd.__version__,
        "threads": threads,
    }))


if __name__ == "__main__":
    main(sys.argv)
