"""The large CLI job done by a PyTorch script, for bench/bench.ts: prints one JSON line.

    /usr/bin/python3 bench/bench_job_torch.py THREADS OUT_DIR

What `npm run forecast -- --model lstm --hidden 64 --seq-len 60 --batch 64 --epochs 3` does, as
plainly as PyTorch and pandas do it: read data/sp500.csv, scale every column by its training rows'
min and max, cut 60-day windows (open, high, low, volume -> next close) for the training (80%),
validation (10%) and test rows, train a 2-layer LSTM with hidden size 64 and the flatten head for
3 epochs in batches of 64 (Adam, lr 1e-3, the validation loss after each epoch), then forecast
every window under no_grad and write them, in prices, to OUT_DIR/predictions.csv. No figures.

    /usr/bin/python3 bench/bench_job_torch.py THREADS --inference WINDOWS

Forecasts per second of that model (untrained) over WINDOWS windows, batches of 256, no_grad.
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

# The PyTorch reference model lives beside the fixtures it makes.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "torch"))
from torch_reference import Forecaster

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
FEATURES = ["open", "high", "low", "volume"]
SEQ_LEN, HIDDEN, LAYERS, EPOCHS, BATCH = 60, 64, 2, 3, 64


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def job(out_dir):
    started = time.perf_counter()
    df = pd.read_csv(os.path.join(ROOT, "data", "sp500.csv"), parse_dates=["date"])
    n = len(df)
    train_end = math.floor(n * 0.8)
    validation_end = math.floor(n * 0.9)
    lo = df[FEATURES + ["close"]].iloc[:train_end].min()
    hi = df[FEATURES + ["close"]].iloc[:train_end].max()
    scaled = (df[FEATURES + ["close"]] - lo) / (hi - lo)
    feats = scaled[FEATURES].to_numpy(dtype=np.float32)
    close = scaled["close"].to_numpy(dtype=np.float32)
    # Window ending before row t forecasts row t.
    all_x = torch.from_numpy(np.lib.stride_tricks.sliding_window_view(feats, (SEQ_LEN, len(FEATURES)))[:, 0][: n - SEQ_LEN].copy())
    targets = np.arange(SEQ_LEN, n)
    all_y = torch.from_numpy(close[targets].reshape(-1, 1))
    part = np.where(targets < train_end, "train", np.where(targets < validation_end, "validation", "test"))
    train_x, train_y = all_x[part == "train"], all_y[part == "train"]
    val_x, val_y = all_x[part == "validation"], all_y[part == "validation"]

    model = Forecaster("lstm", len(FEATURES), HIDDEN, LAYERS, SEQ_LEN)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(EPOCHS):
        model.train()
        for start in range(0, len(train_x), BATCH):
            optimizer.zero_grad()
            loss = torch.nn.functional.mse_loss(model(train_x[start:start + BATCH]), train_y[start:start + BATCH])
            loss.backward()
            optimizer.step()
        with torch.no_grad():
            torch.nn.functional.mse_loss(model(val_x), val_y).item()
    with torch.no_grad():
        predicted = torch.cat([model(all_x[start:start + 256]) for start in range(0, len(all_x), 256)]).numpy()[:, 0]
    prices = predicted * (hi["close"] - lo["close"]) + lo["close"]
    pd.DataFrame({"date": df["date"].iloc[targets].dt.strftime("%Y-%m-%d").to_numpy(), "part": part, "actual": df["close"].to_numpy()[targets], "lstm": prices}).to_csv(os.path.join(out_dir, "predictions.csv"), index=False)
    return {"seconds": time.perf_counter() - started, "windows": len(all_x)}


def inference(count):
    torch.manual_seed(0)
    model = Forecaster("lstm", len(FEATURES), HIDDEN, LAYERS, SEQ_LEN)
    xs = torch.rand(count, SEQ_LEN, len(FEATURES))
    with torch.no_grad():
        model(xs[:256])  # warm-up
        started = time.perf_counter()
        for start in range(0, count, 256):
            model(xs[start:start + 256])
        seconds = time.perf_counter() - started
    return {"windowsPerSecond": count / seconds, "windows": count}


def main(argv):
    torch.set_num_threads(int(argv[1]))
    torch.manual_seed(0)
    result = inference(int(argv[3])) if argv[2] == "--inference" else job(argv[2])
    print(json.dumps({**result, "maxRssMB": peak_mb(), "torch": torch.__version__, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main(sys.argv)
