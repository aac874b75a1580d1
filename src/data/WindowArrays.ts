/** Reading windows through their arrays and strides, and packing them. */
import type { WindowArrays, Windows } from './Windows';

/**
 * The arrays and strides to read `windows` through: their own for windows cut from a table, the
 * packed xs and ys for windows built by hand. Never makes a packed copy.
 */
export function windowArrays(windows: Windows): WindowArrays {
  if (windows.arrays) return windows.arrays;
  return { inputs: windows.xs, inputStride: windows.seqLen * windows.inputSize, targets: windows.ys, targetStride: windows.horizon };
}

/**
 * The first `n` windows' numbers of one array packed one after another: `size` floats from
 * values[i * stride] for each window i. Already packed (stride equal to size, as targets of horizon 1
 * on a target column are): a view, no copy.
 */
export function packStrided(values: Float32Array, options: { stride: number; size: number; n: number }): Float32Array {
  const { stride, size, n } = options;
  if (stride === size) return values.subarray(0, n * size);
  const out = new Float32Array(n * size);
  for (let i = 0; i < n; i++) out.set(values.subarray(i * stride, i * stride + size), i * size);
  return out;
}
