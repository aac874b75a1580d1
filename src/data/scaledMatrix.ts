/**
 * The scaled numbers windows are read from: a table's feature columns as one float32 matrix
 * [rows, inputSize] row-major and its target column as one float32 array [rows], over a range of
 * rows, scaled by a fitted MinMaxScaler. Every part of a split cuts its windows as views on it.
 */
import type { MinMaxScaler } from './MinMaxScaler';
import type { RowRange } from './splitChronological';
import { resolveColumnName, rowCount, type Table } from './Table';

export interface ScaledMatrix {
  /** Canonical feature names (as in the table's header), in column order of `inputs`. */
  features: string[];
  /** Canonical target name. */
  target: string;
  inputSize: number;
  /** The table rows held: row r of the table is row r - rows.start here. */
  rows: RowRange;
  /** Scaled feature values, [rows, inputSize] row-major. */
  inputs: Float32Array;
  /** Scaled target values, [rows]. */
  targets: Float32Array;
}

/**
 * Scale `features` and `target` of `table` over `rows` (default: all) with `scaler` (none: the values
 * as they are), each value the float32 of (x - min) / (max - min) computed as MinMaxScaler.transform does.
 */
export function scaledMatrix(
  table: Table,
  options: { features: readonly string[]; target: string; scaler?: MinMaxScaler; rows?: RowRange },
): ScaledMatrix {
  const features = options.features.map((name) => resolveColumnName(table.names, name, table.source));
  const target = resolveColumnName(table.names, options.target, table.source);
  const all = rowCount(table);
  const start = Math.min(Math.max(0, options.rows?.start ?? 0), all);
  const end = Math.max(start, Math.min(all, options.rows?.end ?? all));
  const count = end - start;
  const inputSize = features.length;
  const { scaler } = options;
  const boundsOf = (name: string) => scaler?.bounds(name) ?? { low: 0, range: 1 };
  const featureColumns = features.map((name) => table.columns[name]);
  const featureLows = Float64Array.from(features, (name) => boundsOf(name).low);
  const featureRanges = Float64Array.from(features, (name) => boundsOf(name).range);
  const inputs = new Float32Array(count * inputSize);
  for (let f = 0; f < inputSize; f++) {
    const values = featureColumns[f];
    const low = featureLows[f];
    const range = featureRanges[f];
    for (let r = 0; r < count; r++) inputs[r * inputSize + f] = (values[start + r] - low) / range;
  }
  const targetColumn = table.columns[target];
  const { low: targetLow, range: targetRange } = boundsOf(target);
  const targets = new Float32Array(count);
  for (let r = 0; r < count; r++) targets[r] = (targetColumn[start + r] - targetLow) / targetRange;
  return { features, target, inputSize, rows: { start, end }, inputs, targets };
}
