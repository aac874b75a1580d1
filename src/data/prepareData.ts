/**
 * The whole data pipeline in one call:
 * CSV -> typed columns -> chronological split -> what is predicted (levels or changes) ->
 * scaler fit on training rows -> one scaled matrix -> windows per part (views on it).
 */
import { TUTORIAL } from '../config';
import { OptionError } from '../errors';
import { loadCsv } from './loadCsv';
import { checkWindowLengths, makeWindows, requireWindows } from './makeWindows';
import type { TableWindows } from './Windows';
import { MinMaxScaler } from './MinMaxScaler';
import { scaledMatrix } from './scaledMatrix';
import { splitChronological, type RowRange, type Split } from './splitChronological';
import { resolveColumnName, rowCount, type Table } from './Table';
import { firstRow, TARGET_TRANSFORMS, transformTable, type TargetTransform } from './transform';

export interface DataOptions {
  /** Path of the CSV file (default: the embedded data/sp500.csv). */
  csv: string;
  /** Date column; detected when omitted. */
  dateColumn?: string;
  features: readonly string[];
  target: string;
  seqLen: number;
  horizon: number;
  trainFraction: number;
  validationFraction: number;
  /** What the model predicts: the next level (default), the change from the last value, or the log-return. */
  predict: TargetTransform;
  /**
   * With 'change' or 'log-return', the target's own past (its changes) is among the inputs even when
   * `features` does not name it (default true); ignored for 'level'.
   */
  targetAsInput: boolean;
}

export interface PreparedData {
  options: DataOptions;
  /** The file's values, in the data's units. */
  table: Table;
  /**
   * Feature and target columns as predicted (levels, changes or log-returns), scaled to [0, 1] over the
   * training rows; made when first read (the windows are cut without it).
   */
  scaled: Table;
  split: Split;
  /** Min and max of each transformed column over the training rows: scaled values back to the transformed units. */
  scaler: MinMaxScaler;
  /** Windows whose targets fall in each part: views on one scaled matrix of the features and target (see makeWindows). */
  train: TableWindows;
  validation: TableWindows;
  test: TableWindows;
}

/** Load, split, scale and window a CSV; every option not given takes the tutorial's value (TUTORIAL.data). */
export async function prepareData(overrides: Partial<DataOptions> = {}): Promise<PreparedData> {
  const options = dataOptions(overrides);
  const table = await loadCsv(options.csv, { dateColumn: options.dateColumn, columns: columnsOf(options) });
  return prepareTable(table, options, splitChronological(rowCount(table), options));
}

/** The tutorial's options with `overrides`, checked. */
export function dataOptions(overrides: Partial<DataOptions> = {}): DataOptions {
  const options: DataOptions = { ...TUTORIAL.data, predict: 'level', targetAsInput: true, ...overrides };
  checkWindowLengths(options);
  if (options.features.length === 0) throw new OptionError('features must name at least one column');
  if (!TARGET_TRANSFORMS.includes(options.predict))
    throw new OptionError(`predict must be one of ${TARGET_TRANSFORMS.join(', ')}, got "${options.predict}"`);
  return options;
}

/** The columns a CSV must have for `options`: the features and the target. */
export function columnsOf(options: DataOptions): string[] {
  return [...new Set([...options.features, options.target].map((name) => name.toLowerCase()))];
}

/**
 * The input columns of windows: the features, and the target's own past with 'change' or
 * 'log-return' unless `targetAsInput` is false. Names matching the target but for case are the
 * target; repeats are dropped. prepareTable calls it with the table's own spellings; the command
 * line calls it with the user's, before the file is read.
 */
export function inputColumns(features: readonly string[], target: string, predict: TargetTransform, targetAsInput = true): string[] {
  const same = (name: string) => name.toLowerCase() === target.toLowerCase();
  const inputs = features.map((name) => (same(name) ? target : name));
  if (predict !== 'level' && targetAsInput) inputs.push(target);
  return inputs.filter((name, i) => inputs.findIndex((other) => other.toLowerCase() === name.toLowerCase()) === i);
}

/** Scale and window a loaded table for one split (the walk-forward folds call this once per fold). */
export function prepareTable(table: Table, options: DataOptions, split: Split): PreparedData {
  const { predict } = options;
  const target = resolveColumnName(table.names, options.target, table.source);
  const features = inputColumns(
    options.features.map((name) => resolveColumnName(table.names, name, table.source)),
    target,
    predict,
    options.targetAsInput,
  );
  const columns = [...new Set([...features, target])];
  const transformed = transformTable(table, columns, predict);
  // Row 0 has no change: the scaler and the first window start after it.
  const skip = firstRow(predict);
  const scaler = MinMaxScaler.fit(transformed, { columns, rows: { start: Math.max(split.train.start, skip), end: split.train.end } });
  // Each part's windows start after seqLen rows of history (and the row without a change).
  const parts = [split.train, split.validation, split.test].map((rows) => ({
    start: Math.max(rows.start, options.seqLen + skip),
    end: rows.end,
  }));
  // One scaled matrix of the features and the target over the rows the parts read; every window is a view on it.
  const matrix = scaledMatrix(transformed, {
    features,
    target,
    scaler,
    rows: { start: Math.min(...parts.map((rows) => rows.start)) - options.seqLen, end: Math.max(...parts.map((rows) => rows.end)) },
  });
  const windowsOf = (rows: RowRange) => makeWindows(transformed, { ...options, features, target, matrix, rows });
  const train = windowsOf(parts[0]);
  requireWindows(train, 'training', split.train, table.source, skip);
  const validation = windowsOf(parts[1]);
  if (options.validationFraction > 0 || split.validation.end > split.validation.start)
    requireWindows(validation, 'validation', split.validation, table.source);
  const test = windowsOf(parts[2]);
  requireWindows(test, 'test', split.test, table.source);
  let scaled: Table | undefined;
  return {
    options,
    table,
    split,
    scaler,
    train,
    validation,
    test,
    get scaled() {
      // Transformed again rather than kept: changes or log-returns are cheap to redo and would cost a column each.
      scaled ??= scaler.transformTable(transformTable(table, columns, predict));
      return scaled;
    },
  };
}
