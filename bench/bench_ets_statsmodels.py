"""statsmodels' side of the AutoETS benchmark: fit every admissible ETS spec to data/co2.csv's CO2
column (season 12) and pick the lowest AICc, as src/statistical/ets.ts autoEts does. Prints one
JSON line: the seconds the fits took and the spec picked, the first time and a second time in the
same process. Run with Debian's python3-statsmodels."""
import json
import os
import sys
import time
import warnings

import numpy as np
import pandas as pd
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
y = pd.read_csv(os.path.join(ROOT, "data", "co2.csv"))["CO2"].to_numpy(float)
rows = int(sys.argv[1]) if len(sys.argv) > 1 else len(y)
y = y[:rows]


def select():
    start = time.perf_counter()
    best = None
    for error in ["add", "mul"]:
        for trend, damped in [(None, False), ("add", False), ("add", True)]:
            for seasonal in [None, "add", "mul"]:
                model = ETSModel(y, error=error, trend=trend, damped_trend=damped, seasonal=seasonal, seasonal_periods=12)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    res = model.fit(disp=False, maxiter=10000)
                if best is None or res.aicc < best[0]:
                    best = (res.aicc, model.short_name)
    return time.perf_counter() - start, best[1]


first, spec = select()
again, _ = select()
print(json.dumps({"seconds": first, "again": again, "spec": spec, "rows": int(rows)}))
