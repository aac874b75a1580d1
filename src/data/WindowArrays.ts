/**
 * Where a sequence of windows keeps its numbers: an input array and a target array, each with a
 * stride from one window to the next. Windows cut from a table are views on one scaled matrix
 * [rows, numFeatures] (stride numFeatures: consecutive windows share lookBack - 1 rows) and one
 * scaled target column (stride 1); packed windows, [n, lookBack, numFeatures] and [n, horizon],
 * are the case of strides lookBack * numFeatures and horizon.
 */
import type { Windows } from './makeWindows';

export interface WindowArrays {
  /** Window i's inputs are the lookBack * numFeatures floats from inputs[i * inputStride], [lookBack, numFeatures] row-major. */
  inputs: Float32Array;
  /** Floats from one window's inputs to the next's: numFeatures for views on a matrix, lookBack * numFeatures when packed. */
  inputStride: number;
  /** Window i's targets are the horizon floats from targets[i * targetStride]. */
  targets: Float32Array;
  /** Floats from one window's targets to the next's: 1 for views on a target column, horizon when packed. */
  targetStride: number;
}

/**
 * The arrays and strides to read `windows` through: their own for windows cut from a table, the
 * packed xs and ys for windows built by hand. Never makes a packed copy.
 */
export function windowArrays(windows: Windows): WindowArrays {
  if (windows.arrays) return windows.arrays;
  return { inputs: windows.xs, inputStride: windows.lookBack * windows.numFeatures, targets: windows.ys, targetStride: windows.horizon };
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
