/**
 * Sliding windows for supervised forecasting: `lookBack` rows of feature columns in,
 * the next `horizon` values of the target column out.
 */
import { DataError, OptionError } from '../errors';
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
  /** Date of each window's first target, for plotting. */
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
  const targetDates: string[] = new Array(n);
  const featureColumns = features.map((name) => table.columns[name]);
  const targetColumn = table.columns[target];

  for (let i = 0; i < n; i++) {
    const t = first + i;
    targetRows[i] = t;
    targetDates[i] = table.dates[t];
    for (let j = 0; j < lookBack; j++) {
      const row = t - lookBack + j;
      const offset = (i * lookBack + j) * numFeatures;
      for (let f = 0; f < numFeatures; f++) xs[offset + f] = featureColumns[f][row];
    }
    for (let h = 0; h < horizon; h++) ys[i * horizon + h] = targetColumn[t + h];
  }
  return { xs, ys, n, lookBack, numFeatures, horizon, features, target, targetRows, targetDates };
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
