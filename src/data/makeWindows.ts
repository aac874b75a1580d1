/**
 * Sliding windows for supervised forecasting: `seqLen` rows of feature columns in,
 * the next `horizon` values of the target column out.
 */
import { DataError, OptionError } from '../errors';
import type { MinMaxScaler } from './MinMaxScaler';
import { scaledMatrix, type ScaledMatrix } from './scaledMatrix';
import type { RowRange } from './splitChronological';
import { resolveColumnName, rowCount, type Table } from './Table';
import { packStrided } from './WindowArrays';
import type { TableWindows, WindowArrays, Windows } from './Windows';

export interface WindowOptions {
  /** Input columns, by name (case-insensitive). */
  features: readonly string[];
  /** The column to forecast. */
  target: string;
  /** Rows of history in each window (the sequence length L). */
  seqLen: number;
  /** Number of future target values per window. */
  horizon: number;
  /**
   * Rows whose targets belong to this set: a window is kept when all its target rows lie in
   * [start, end). Its inputs may reach back before `start` (they are past values, known at forecast time).
   * Default: all rows.
   */
  rows?: RowRange;
  /**
   * Scale the values as they are cut: the windows hold exactly the numbers of
   * makeWindows(scaler.transformTable(table)), without a scaled copy of the table.
   */
  scaler?: MinMaxScaler;
  /**
   * The scaled matrix to cut the windows from (it must hold their columns and rows; `scaler` is then
   * not used): the parts of one split share one. Default: one made from the table and `scaler`.
   */
  matrix?: ScaledMatrix;
}

/** Validate seqLen and horizon: positive integers. */
export function checkWindowLengths(options: { seqLen: number; horizon: number }): void {
  for (const key of ['seqLen', 'horizon'] as const) {
    const value = options[key];
    if (!Number.isInteger(value) || value < 1) {
      throw new OptionError(`${key} must be a whole number of at least 1, got ${value}`);
    }
  }
}

/**
 * Cut `table` into windows. Window i has inputs rows [t - seqLen, t) and targets rows [t, t + horizon).
 * The windows are views on a scaled matrix of the table (`options.matrix`, or one made over the rows
 * they need): nothing is copied per window.
 */
export function makeWindows(table: Table, options: WindowOptions): TableWindows {
  checkWindowLengths(options);
  const { seqLen, horizon } = options;
  if (options.features.length === 0) throw new OptionError('features must name at least one column');
  const features = options.features.map((name) => resolveColumnName(table.names, name, table.source));
  const target = resolveColumnName(table.names, options.target, table.source);
  const rows = options.rows ?? { start: 0, end: rowCount(table) };

  const first = Math.max(rows.start, seqLen);
  const n = Math.max(0, rows.end - horizon - first + 1);
  const inputSize = features.length;
  // Rows the windows read: inputs from first - seqLen, targets up to the last window's last target.
  const needed = { start: first - seqLen, end: first + n - 1 + horizon };
  const matrix =
    options.matrix ?? scaledMatrix(table, { features, target, scaler: options.scaler, rows: n > 0 ? needed : { start: 0, end: 0 } });
  if (n > 0) checkMatrix(matrix, { features, target, rows: needed });
  const from = needed.start - matrix.rows.start;
  const arrays: WindowArrays =
    n > 0
      ? {
          inputs: matrix.inputs.subarray(from * inputSize, (from + n - 1 + seqLen) * inputSize),
          inputStride: inputSize,
          targets: matrix.targets.subarray(from + seqLen, from + seqLen + n - 1 + horizon),
          targetStride: 1,
        }
      : { inputs: new Float32Array(0), inputStride: inputSize, targets: new Float32Array(0), targetStride: 1 };
  const targetRows = new Int32Array(n);
  for (let i = 0; i < n; i++) targetRows[i] = first + i;
  // The packed arrays and the dates are made only when asked for: training and forecasting read the views.
  const { dates } = table;
  let xs: Float32Array | undefined;
  let ys: Float32Array | undefined;
  let targetDates: string[] | undefined;
  return {
    n,
    seqLen,
    inputSize,
    horizon,
    arrays,
    features,
    target,
    targetRows,
    get xs() {
      xs ??= packStrided(arrays.inputs, { stride: arrays.inputStride, size: seqLen * inputSize, n });
      return xs;
    },
    get ys() {
      ys ??= packStrided(arrays.targets, { stride: arrays.targetStride, size: horizon, n });
      return ys;
    },
    get targetDates() {
      targetDates ??= Array.from(targetRows, (row) => dates[row]);
      return targetDates;
    },
  };
}

/** A given matrix must hold the windows' columns and rows: else the views would read other numbers. */
function checkMatrix(matrix: ScaledMatrix, wanted: { features: string[]; target: string; rows: RowRange }): void {
  const same =
    matrix.target === wanted.target &&
    matrix.features.length === wanted.features.length &&
    matrix.features.every((name, f) => name === wanted.features[f]);
  if (!same)
    throw new Error(
      `makeWindows: the matrix holds ${matrix.features.join(', ')} -> ${matrix.target}, the windows need ${wanted.features.join(', ')} -> ${wanted.target}`,
    );
  if (wanted.rows.start < matrix.rows.start || wanted.rows.end > matrix.rows.end) {
    throw new Error(
      `makeWindows: the matrix holds rows [${matrix.rows.start}, ${matrix.rows.end}), the windows need [${wanted.rows.start}, ${wanted.rows.end})`,
    );
  }
}

/** Throw when a row range is too short to hold one window with its own history (`skip`: rows lost at the start to changes). */
export function requireWindows(windows: Windows, part: string, rows: RowRange, source: string, skip = 0): void {
  if (windows.n > 0) return;
  const have = rows.end - rows.start;
  const need =
    part === 'training'
      ? `seqLen ${windows.seqLen} + horizon ${windows.horizon}${skip ? ` + ${skip} (the first row has no change)` : ''} needs ${windows.seqLen + windows.horizon + skip}`
      : `horizon ${windows.horizon} needs ${windows.horizon}`;
  throw new DataError(
    `${source}: the ${part} part has ${have} rows, too few for one window (${need}); use a shorter seqLen or horizon, a larger ${part} fraction, or more data`,
  );
}
