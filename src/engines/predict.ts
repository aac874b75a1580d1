/** Inference with a model's tfjs forward pass, in batches: scaled forecasts for every window, and their MSE. */
import * as tf from '@tensorflow/tfjs';
import type { Windows } from '../data/makeWindows';
import type { WindowModel } from '../models/Module';

/** Scaled forecasts of `model` for every window: [n, horizon] row-major. */
export function predict(model: WindowModel, windows: Windows, batchSize = 512): Float32Array {
  const { lookBack: L, numFeatures: F, horizon } = windows;
  const out = new Float32Array(windows.n * horizon);
  for (let from = 0; from < windows.n; from += batchSize) {
    const to = Math.min(windows.n, from + batchSize);
    const values = tf.tidy(() => model.forward(tf.tensor3d(windows.xs.subarray(from * L * F, to * L * F), [to - from, L, F])).dataSync());
    out.set(values, from * horizon);
  }
  return out;
}

/** Mean squared error of the model's forecasts over all windows, in the windows' (scaled) units. */
export function meanSquaredError(model: WindowModel, windows: Windows): number {
  const predicted = predict(model, windows);
  let sum = 0;
  for (let i = 0; i < predicted.length; i++) sum += (predicted[i] - windows.ys[i]) ** 2;
  return sum / predicted.length;
}
