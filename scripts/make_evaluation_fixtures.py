"""Reference values for the evaluation metrics, baselines and tests, computed by formula with numpy
and scipy, written to tests/fixtures/evaluation/reference.json (committed; the tests need no Python).

    /usr/bin/python3 scripts/make_evaluation_fixtures.py
"""
import json
import os

import numpy as np
from scipy import stats

rng = np.random.default_rng(7)
n_train, n_test, horizon = 60, 40, 3

# A series with trend, a season of 4 and noise; the training rows come first.
t = np.arange(n_train + n_test + horizon + 1)
values = 100 + 0.5 * t + 3 * np.sin(2 * np.pi * t / 4) + rng.normal(0, 1, t.size)
train = values[:n_train]

# One-step forecasts for rows n_train .. n_train + n_test - 1.
actual = values[n_train:n_train + n_test]
previous = values[n_train - 1:n_train + n_test - 1]
predicted = actual + rng.normal(0, 1.5, n_test)


def dm(loss_a, loss_b, h):
    d = loss_a - loss_b
    n = d.size
    mean = d.mean()
    gamma = [np.sum((d[k:] - mean) * (d[:n - k] - mean)) / n for k in range(h)]
    long_run = gamma[0] + 2 * sum(gamma[1:])
    if long_run <= 0:
        long_run = gamma[0]
    stat = mean / np.sqrt(long_run / n)
    stat *= np.sqrt((n + 1 - 2 * h + h * (h - 1) / n) / n)
    return {"meanDifference": mean, "statistic": stat, "pValue": 2 * stats.t.sf(abs(stat), n - 1)}


moves = actual != previous
up_share = np.mean(actual[moves] > previous[moves])
same_direction = np.sign(predicted - previous) == np.sign(actual - previous)
out = {
    "values": values.tolist(),
    "nTrain": n_train,
    "actual": actual.tolist(),
    "previous": previous.tolist(),
    "predicted": predicted.tolist(),
    "rmse": float(np.sqrt(np.mean((actual - predicted) ** 2))),
    "mae": float(np.mean(np.abs(actual - predicted))),
    "mape": float(100 * np.mean(np.abs((actual - predicted) / actual))),
    "directionalAccuracy": float(np.mean(same_direction[moves])),
    "upShare": float(up_share),
    "skill": float(1 - np.mean((actual - predicted) ** 2) / np.mean((actual - previous) ** 2)),
    "naiveScale1": float(np.mean(np.abs(np.diff(train)))),
    "naiveScale4": float(np.mean(np.abs(train[4:] - train[:-4]))),
    "mase4": float(np.mean(np.abs(actual - predicted)) / np.mean(np.abs(train[4:] - train[:-4]))),
    "dmH1": {k: float(v) for k, v in dm((actual - predicted) ** 2, (actual - previous) ** 2, 1).items()},
    # Loss differentials with autocorrelation, as h-step forecasts have: a moving average of noise.
    "dmH3": None,
    "studentT": [
        {"t": t_, "dof": dof, "p": float(2 * stats.t.sf(abs(t_), dof))}
        for t_, dof in [(0.0, 5), (0.5, 1), (1.96, 10), (2.5, 39), (-3.1, 120), (8.0, 30), (1.0, 2.5)]
    ],
}
e = rng.normal(0, 1, 80)
loss_a = 1 + e[2:] + 0.6 * e[1:-1] + 0.3 * e[:-2]
loss_b = np.full(loss_a.size, 1.2) + 0.1 * rng.normal(0, 1, loss_a.size)
out["dmH3"] = {"lossA": loss_a.tolist(), "lossB": loss_b.tolist(),
               **{k: float(v) for k, v in dm(loss_a, loss_b, 3).items()}}

# Baselines over windows whose first targets are rows n_train .. n_train + n_test - 1, `horizon` steps each.
rows = np.arange(n_train, n_train + n_test)
out["horizon"] = horizon
out["targetRows"] = rows.tolist()
slope = (train[-1] - train[0]) / (n_train - 1)
out["drift"] = [float(values[r - 1] + (h + 1) * slope) for r in rows for h in range(horizon)]
season = 4
out["seasonalNaive4"] = [float(values[r + h - season * int(np.ceil((h + 1) / season))]) for r in rows for h in range(horizon)]
season = 2
out["seasonalNaive2"] = [float(values[r + h - season * int(np.ceil((h + 1) / season))]) for r in rows for h in range(horizon)]

# Least squares on flattened windows: 40 windows of 3 steps x 2 features -> 2 steps, with a bias.
x = rng.normal(0, 1, (40, 3, 2))
true_w = rng.normal(0, 1, (6, 2))
y = x.reshape(40, 6) @ true_w + np.array([0.5, -1.0]) + rng.normal(0, 0.1, (40, 2))
design = np.hstack([x.reshape(40, 6), np.ones((40, 1))])
weights, *_ = np.linalg.lstsq(design, y, rcond=None)
out["leastSquares"] = {"xs": x.ravel().tolist(), "ys": y.ravel().tolist(), "weights": weights.ravel().tolist()}

path = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "evaluation", "reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", os.path.normpath(path))
