/**
 * Sliding windows for supervised forecasting: `lookBack` rows of feature columns in,
 * the next `horizon` values of the target column out.
 */
import { DataError, OptionError } from '../errors';
import type { MinMaxScaler } from './MinMaxScaler';
import type { RowRange } from './splitChronological';
import { resolveColumnName, rowCount, type Table } from './Table';

export interface WindowOptions {
  /** Input columns, by name (case-insensitive). */
  features: readonly string[];
  /** The column to forecast. */
  target: string;
  /** Rows of history in each window (the sequence length L). */
  lookBack: number;
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
}

/** Supervised examples as arrays: what models, engines and the training loop read. */
export interface Windows {
  /** Inputs, [n, lookBack, numFeatures] row-major (scaled when cut from a scaled table). */
  xs: Float32Array;
  /** Targets, [n, horizon] row-major. */
  ys: Float32Array;
  n: number;
  lookBack: number;
  numFeatures: number;
  horizon: number;
}

/** Windows cut from a table, with where they came from: the columns, and each target's row and date. */
export interface TableWindows extends Windows {
  /** Canonical feature and target names, as in the table's header. */
  features: string[];
  target: string;
  /** Row index of each window's first target (its inputs are rows targetRows[i] - lookBack .. targetRows[i] - 1). */
  targetRows: Int32Array;
  /** Date of each window's first target, for plotting (made from targetRows when first read). */
  targetDates: string[];
}

/** Validate lookBack and horizon: positive integers. */
export function checkWindowLengths(options: { lookBack: number; horizon: number }): void {
  for (const key of ['lookBack', 'horizon'] as const) {
    const value = options[key];
    if (!Number.isInteger(value) || value < 1) {
      throw new OptionError(`${key} must be a whole number of at least 1, got ${value}`);
    }
  }
}

/** Cut `table` into windows. Window i has inputs rows [t - lookBack, t) and targets rows [t, t + horizon). */
export function makeWindows(table: Table, options: WindowOptions): TableWindows {
  checkWindowLengths(options);
  const { lookBack, horizon } = options;
  if (options.features.length === 0) throw new OptionError('features must name at least one column');
  const features = options.features.map((name) => resolveColumnName(table.names, name, table.source));
  const target = resolveColumnName(table.names, options.target, table.source);
  const rows = options.rows ?? { start: 0, end: rowCount(table) };

  const first = Math.max(rows.start, lookBack);
  const n = Math.max(0, rows.end - horizon - first + 1);
  const numFeatures = features.length;
  const xs = new Float32Array(n * lookBack * numFeatures);
  const ys = new Float32Array(n * horizon);
  const targetRows = new Int32Array(n);
  const featureColumns = features.map((name) => table.columns[name]);
  const targetColumn = table.columns[target];
  // Scaled value = (x - low) / range, computed as MinMaxScaler.transform does; no scaler: low 0, range 1.
  const { scaler } = options;
  const keyOf = (name: string) => resolveColumnName(Object.keys(scaler!.min), name, 'MinMaxScaler');
  const lowOf = (name: string) => (scaler ? scaler.min[keyOf(name)] : 0);
  const rangeOf = (name: string) => (scaler ? scaler.max[keyOf(name)] - scaler.min[keyOf(name)] : 1);
  const featureLows = Float64Array.from(features, lowOf);
  const featureRanges = Float64Array.from(features, rangeOf);
  const targetLow = lowOf(target);
  const targetRange = rangeOf(target);

  for (let i = 0; i < n; i++) {
    const t = first + i;
    targetRows[i] = t;
    for (let j = 0; j < lookBack; j++) {
      const row = t - lookBack + j;
      const offset = (i * lookBack + j) * numFeatures;
      for (let f = 0; f < numFeatures; f++) xs[offset + f] = (featureColumns[f][row] - featureLows[f]) / featureRanges[f];
    }
    for (let h = 0; h < horizon; h++) ys[i * horizon + h] = (targetColumn[t + h] - targetLow) / targetRange;
  }
  // The dates are looked up only when asked for: most users of windows never read them.
  const { dates } = table;
  let targetDates: string[] | undefined;
  return {
    xs, ys, n, lookBack, numFeatures, horizon, features, target, targetRows,
    get targetDates() {
      targetDates ??= Array.from(targetRows, (row) => dates[row]);
      return targetDates;
    },
  };
}

/** Throw when a row range is too short to hold one window with its own history (`skip`: rows lost at the start to changes). */
export function requireWindows(windows: Windows, part: string, rows: RowRange, source: string, skip = 0): void {
  if (windows.n > 0) return;
  const have = rows.end - rows.start;
  const need = part === 'training'
    ? `lookBack ${windows.lookBack} + horizon ${windows.horizon}${skip ? ` + ${skip} (the first row has no change)` : ''} needs ${windows.lookBack + windows.horizon + skip}`
    : `horizon ${windows.horizon} needs ${windows.horizon}`;
  throw new DataError(
    `${source}: the ${part} part has ${have} rows, too few for one window (${need}); use a shorter lookBack or horizon, a larger ${part} fraction, or more data`,
  );
}
