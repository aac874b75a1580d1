/**
 * A synthetic long-dependency task: each window is `seqLen` steps of two features, a value drawn
 * from U(-1, 1) and a marker that is 1 at exactly one step, `distance` steps before the end, and 0
 * elsewhere. The target is the value at the marked step. To succeed, a model must store that value
 * when it sees the marker and carry it across `distance` steps while new values keep arriving.
 * Predicting the mean (0) scores the variance of U(-1, 1): 1/3.
 */
import type { Windows } from '../data/Windows';
import { createRandom } from '../random';

export const RECALL_CHANCE_MSE = 1 / 3;

/** `n` windows [n, seqLen, 2] of (value, marker); target [n, 1]: the value at step seqLen - 1 - distance. */
export function recallTask(options: { n: number; seqLen: number; distance: number; seed: number }): Windows {
  const { n, seqLen, distance, seed } = options;
  if (!(Number.isInteger(distance) && distance >= 0 && distance < seqLen))
    throw new Error(`distance must be in [0, seqLen), got ${distance}`);
  const random = createRandom(seed);
  const marked = seqLen - 1 - distance;
  const xs = new Float32Array(n * seqLen * 2);
  const ys = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < seqLen; t++) {
      xs[(i * seqLen + t) * 2] = random.uniform(-1, 1);
      xs[(i * seqLen + t) * 2 + 1] = t === marked ? 1 : 0;
    }
    ys[i] = xs[(i * seqLen + marked) * 2];
  }
  return { xs, ys, n, seqLen, inputSize: 2, horizon: 1 };
}
