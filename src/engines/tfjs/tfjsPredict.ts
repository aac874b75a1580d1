/** Inference with a model's tfjs forward pass, in batches: the reference every kernel's forecasts are tested against. */
import * as tf from '@tensorflow/tfjs';
import type { Windows } from '../../data/makeWindows';
import type { WindowModel } from '../../models/Module';

/** Scaled forecasts of `model` for every window through tfjs: [n, horizon] row-major. */
export function tfjsPredict(model: WindowModel, windows: Windows, batchSize = 512, onProgress?: (done: number, total: number) => void): Float32Array {
  const { lookBack: L, numFeatures: F, horizon } = windows;
  const out = new Float32Array(windows.n * horizon);
  for (let from = 0; from < windows.n; from += batchSize) {
    const to = Math.min(windows.n, from + batchSize);
    const values = tf.tidy(() => model.forward(tf.tensor3d(windows.xs.subarray(from * L * F, to * L * F), [to - from, L, F])).dataSync());
    out.set(values, from * horizon);
    onProgress?.(to, windows.n);
  }
  return out;
}

/** Mean squared error of forecasts against targets of the same length (scaled units). */
export function meanSquaredErrorOf(predicted: ArrayLike<number>, ys: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < predicted.length; i++) sum += (predicted[i] - ys[i]) ** 2;
  return sum / predicted.length;
}
