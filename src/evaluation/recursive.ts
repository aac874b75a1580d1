/**
 * Recursive multi-step forecasts: a one-step model fed its own forecasts (d2l's k-step-ahead
 * prediction; the TensorFlow time-series tutorial's autoregressive model). Each window's inputs
 * are shifted by one row per step, the model's forecast of the step entering as the newest input.
 * The direct way, a head of `horizon` outputs trained on all steps at once, is the rest of
 * evaluation/; the two are compared on the same windows.
 *
 * A model's next input must be known from its own forecast, so recursion needs inputs that are the
 * target's own past: one input column, the target (as a level, a change or a log-return, scaled as
 * the target is). Every other input column would need forecasts of its own.
 */
import type { PreparedData } from '../data/prepareData';
import type { TableWindows, Windows } from '../data/Windows';
import { packStrided } from '../data/WindowArrays';
import { toLevels } from '../data/transform';
import { windowArrays } from '../data/WindowArrays';
import { OptionError } from '../errors';
import type { Network } from '../models/Module';
import type { WindowForecaster } from '../models/WindowForecaster';
import { predictScaled } from './forecast';
import type { Part } from './targetSeries';

/** Refuse recursion, naming the columns, where the inputs are more than the target's own past. */
export function checkRecursive(windows: Pick<TableWindows, 'features' | 'target'>): void {
  const others = windows.features.filter((name) => name !== windows.target);
  if (others.length > 0 || !windows.features.includes(windows.target)) {
    const named = others.map((name) => `"${name}"`).join(', ');
    throw new OptionError(
      `a recursive forecast feeds the model its own forecasts of "${windows.target}", so its inputs must be that column's own past; ` +
        `${others.length > 0 ? `${named} would need forecasts of ${others.length === 1 ? 'its' : 'their'} own` : `"${windows.target}" is not among the inputs`}` +
        ` (give --features ${windows.target}, or leave out --recursive)`,
    );
  }
}

/**
 * Recursive forecasts of `horizon` steps for every window of one part, [n, horizon] row-major, in
 * the data's units. `data` is cut for that horizon (its windows' targets are the steps scored);
 * `model` forecasts one step of the same scaled inputs.
 */
export function recursiveForecast(model: Network | WindowForecaster, data: PreparedData, part: Part = 'test'): Float64Array {
  const windows = data[part];
  checkRecursive(windows);
  const { n, seqLen, horizon } = windows;
  // The one input column is the target scaled as the target is, so a scaled forecast is the next scaled input.
  const { inputs, inputStride } = windowArrays(windows);
  const history = packStrided(inputs, { stride: inputStride, size: seqLen, n }).slice();
  const step: Windows = { xs: history, ys: new Float32Array(n), n, seqLen, inputSize: 1, horizon: 1 };
  const scaled = new Float32Array(n * horizon);
  for (let h = 0; h < horizon; h++) {
    const next = predictScaled(model, step);
    if (next.length !== n) throw new Error(`recursiveForecast: the model forecasts ${next.length / n} steps; a one-step model is needed`);
    for (let i = 0; i < n; i++) {
      scaled[i * horizon + h] = next[i];
      const from = i * seqLen;
      history.copyWithin(from, from + 1, from + seqLen);
      history[from + seqLen - 1] = next[i];
    }
  }
  const predicted = data.scaler.inverse(windows.target, scaled);
  const values = data.table.columns[windows.target];
  const last = Float64Array.from(windows.targetRows, (t) => values[t - 1]);
  return toLevels(predicted, last, horizon, data.options.predict);
}
