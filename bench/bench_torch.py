"""One PyTorch benchmark run, for bench/bench.ts: prints one JSON line.

    /usr/bin/python3 bench/bench_torch.py KIND HIDDEN LAYERS SEQ_LEN BATCH EPOCHS [MAX_BATCHES]

KIND is lstm, gru or rnn.

Single-threaded CPU (torch.set_num_threads(1); TORCH_THREADS=2 for two), shuffle off, Adam lr 1e-3. The first epoch is a
warm-up and is not timed. With MAX_BATCHES, each epoch stops after that many batches and its
time is scaled up to a whole epoch.
"""
import json
import math
import os
import resource
import statistics
import sys
import time

import torch

# The PyTorch reference model lives beside the fixtures it makes.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "torch"))
from torch_reference import Forecaster, train_epoch, windows


def main(argv):
    kind, hidden, layers, seq_len, batch, epochs = argv[1], *map(int, argv[2:7])
    max_batches = int(argv[7]) if len(argv) > 7 else None
    torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "1")))
    torch.manual_seed(0)
    xs, ys = windows(look_back=seq_len)
    model = Forecaster(kind, 4, hidden, layers, seq_len)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    batches = math.ceil(len(xs) / batch)
    scale = batches / min(batches, max_batches) if max_batches else 1.0
    seconds = []
    for epoch in range(epochs + 1):
        started = time.perf_counter()
        train_epoch(model, optimizer, xs, ys, batch, max_batches)
        if epoch > 0:
            seconds.append((time.perf_counter() - started) * scale)
    print(json.dumps({
        "secondsPerEpoch": statistics.median(seconds),
        "maxRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "windows": len(xs),
    }))


if __name__ == "__main__":
    main(sys.argv)
