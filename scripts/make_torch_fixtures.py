"""Write the PyTorch reference fixtures that tests/unit/parity/ compares against.

Run with Debian's PyTorch:  /usr/bin/python3 scripts/make_torch_fixtures.py
(needs python3-torch and python3-pandas; CI does not: the fixtures are committed).

tests/fixtures/torch/cells.json
    For several nn.RNN / nn.LSTM / nn.GRU configurations: the weights (state_dict names), an input, the
    output and final states, the gradient of an MSE loss against a fixed target with respect to
    every parameter and to the input, and the parameters after 3 Adam steps on that loss.
tests/fixtures/torch/tutorial.json
    The tutorial's forecaster (LSTM, RNN and GRU, 4 features, hidden 8, 2 layers, seqLen 5, flatten
    head, batch 20, Adam lr 1e-3, shuffle off) on data/sp500.csv: initial weights and the
    per-epoch training loss of 5 epochs, the trained weights (exported with
    scripts/torch_state_dict.py) and their scaled forecasts for every test window.
"""
import json
import os

import torch
from torch import nn

from torch_reference import ROOT, Forecaster, train_epoch, windows
from torch_state_dict import state_dict_json

OUT = os.path.join(ROOT, "tests", "fixtures", "torch")
torch.set_num_threads(1)


def tolist(t):
    return t.detach().to(torch.float32).tolist()


def state(module):
    return state_dict_json(module)


CELLS = [
    # name, kind, nonlinearity, inputSize, hiddenSize, numLayers, seqLen, batch, initial state given
    ("rnn_tanh_1layer", "rnn", "tanh", 3, 4, 1, 5, 2, False),
    ("rnn_relu_2layers", "rnn", "relu", 2, 3, 2, 4, 3, False),
    ("rnn_tanh_3layers_batch1_state", "rnn", "tanh", 5, 2, 3, 3, 1, True),
    ("lstm_1layer_seq1_batch1", "lstm", None, 3, 5, 1, 1, 1, False),
    ("lstm_2layers_state", "lstm", None, 4, 8, 2, 5, 3, True),
    ("lstm_3layers", "lstm", None, 4, 3, 3, 6, 2, False),
    ("gru_1layer", "gru", None, 3, 4, 1, 5, 2, False),
    ("gru_2layers_state", "gru", None, 4, 6, 2, 4, 3, True),
    ("gru_3layers_hidden1_batch1", "gru", None, 2, 1, 3, 3, 1, False),
    ("gru_1layer_seq1_state", "gru", None, 5, 3, 1, 1, 2, True),
]


def make_cell(name, kind, nonlinearity, input_size, hidden, layers, seq_len, batch, with_state, seed):
    torch.manual_seed(seed)
    if kind == "rnn":
        module = nn.RNN(input_size, hidden, layers, nonlinearity=nonlinearity, batch_first=True)
    elif kind == "gru":
        module = nn.GRU(input_size, hidden, layers, batch_first=True)
    else:
        module = nn.LSTM(input_size, hidden, layers, batch_first=True)
    x = torch.randn(batch, seq_len, input_size)
    target = torch.randn(batch, seq_len, hidden)
    h0 = torch.randn(layers, batch, hidden) * 0.5 if with_state else None
    c0 = torch.randn(layers, batch, hidden) * 0.5 if with_state and kind == "lstm" else None
    weights = state(module)

    def run(inp):
        if kind == "lstm":
            return module(inp, (h0, c0)) if with_state else module(inp)
        return module(inp, h0) if with_state else module(inp)

    xg = x.clone().requires_grad_(True)
    out, st = run(xg)
    loss = nn.functional.mse_loss(out, target)
    loss.backward()
    record = {
        "name": name, "kind": kind, "nonlinearity": nonlinearity, "inputSize": input_size,
        "hiddenSize": hidden, "numLayers": layers, "seqLen": seq_len, "batch": batch,
        "weights": weights, "x": tolist(x), "target": tolist(target),
        "output": tolist(out), "loss": loss.item(),
        "grads": {k: tolist(p.grad) for k, p in module.named_parameters()},
        "gradX": tolist(xg.grad),
    }
    if kind == "lstm":
        record["h"], record["c"] = tolist(st[0]), tolist(st[1])
    else:
        record["h"] = tolist(st)
    if with_state:
        record["h0"] = tolist(h0)
        if c0 is not None:
            record["c0"] = tolist(c0)

    # Three Adam steps (PyTorch defaults except lr, raised so the steps move the weights visibly).
    module.load_state_dict({k: torch.tensor(v) for k, v in weights.items()})
    optimizer = torch.optim.Adam(module.parameters(), lr=1e-2)
    for _ in range(3):
        optimizer.zero_grad()
        out, _ = run(x)
        nn.functional.mse_loss(out, target).backward()
        optimizer.step()
    record["adamLearningRate"] = 1e-2
    record["afterAdam3"] = state(module)
    return record


def make_tutorial(kind, seed, epochs=5, batch_size=20):
    torch.manual_seed(seed)
    model = Forecaster(kind, 4, 8, 2, 5)
    initial = state(model)
    xs, ys = windows()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    losses = [train_epoch(model, optimizer, xs, ys, batch_size) for _ in range(epochs)]
    test_xs, _ = windows(part="test")
    with torch.no_grad():
        test_predictions = model(test_xs).reshape(-1)
    return {"kind": kind, "inputSize": 4, "hiddenSize": 8, "numLayers": 2, "seqLen": 5, "batchSize": batch_size,
            "learningRate": 1e-3, "windows": len(xs), "initial": initial, "epochLosses": losses,
            "trained": state(model), "testPredictions": tolist(test_predictions)}


def main():
    os.makedirs(OUT, exist_ok=True)
    cells = [make_cell(*config, seed=i + 1) for i, config in enumerate(CELLS)]
    meta = {"torch": torch.__version__, "script": "scripts/make_torch_fixtures.py"}
    with open(os.path.join(OUT, "cells.json"), "w") as f:
        json.dump({"meta": meta, "cells": cells}, f)
    tutorial = [make_tutorial("lstm", seed=7), make_tutorial("rnn", seed=8), make_tutorial("gru", seed=9)]
    with open(os.path.join(OUT, "tutorial.json"), "w") as f:
        json.dump({"meta": meta, "runs": tutorial}, f)
    for run in tutorial:
        print(run["kind"], "epoch losses", ["%.6g" % v for v in run["epochLosses"]])
    print("wrote", OUT)


if __name__ == "__main__":
    main()
