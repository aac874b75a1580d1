/** Inference with a model's tfjs forward pass, in batches: the reference every kernel's forecasts are tested against. */
import * as tf from '@tensorflow/tfjs';
import type { Windows } from '../../data/Windows';
import { packStrided, windowArrays } from '../../data/WindowArrays';
import type { Network } from '../../models/Module';

/** Scaled forecasts of `model` for every window through tfjs: [n, horizon] row-major. Each batch's inputs are packed from the windows' arrays; the whole part is never copied. */
export function tfjsPredict(
  model: Network,
  windows: Windows,
  batchSize = 512,
  onProgress?: (done: number, total: number) => void,
): Float32Array {
  const { seqLen: L, inputSize: F, horizon } = windows;
  const { inputs, inputStride } = windowArrays(windows);
  const out = new Float32Array(windows.n * horizon);
  for (let from = 0; from < windows.n; from += batchSize) {
    const to = Math.min(windows.n, from + batchSize);
    const batch = packStrided(inputs.subarray(from * inputStride), { stride: inputStride, size: L * F, n: to - from });
    const values = tf.tidy(() => model.forward(tf.tensor3d(batch, [to - from, L, F])).dataSync());
    out.set(values, from * horizon);
    onProgress?.(to, windows.n);
  }
  return out;
}

/** Mean squared error of forecasts [n, horizon] row-major against the windows' targets (scaled units). */
export function meanSquaredErrorOf(predicted: ArrayLike<number>, windows: Windows): number {
  const { horizon } = windows;
  const { targets, targetStride } = windowArrays(windows);
  let sum = 0;
  for (let i = 0; i < predicted.length; i++) sum += (predicted[i] - targets[Math.floor(i / horizon) * targetStride + (i % horizon)]) ** 2;
  return sum / predicted.length;
}
