/**
 * Min-max scaling to [0, 1] per column, with statistics taken from the training rows only.
 * (Fitting on all rows, as many tutorials do, leaks the test period's range into training.)
 */
import { DataError } from '../errors';
import type { RowRange } from './splitChronological';
import { resolveColumnName, type Table } from './Table';

export class MinMaxScaler {
  /** Per column: the minimum and maximum over the fitted rows, in the data's units. */
  constructor(
    readonly min: Readonly<Record<string, number>>,
    readonly max: Readonly<Record<string, number>>,
  ) {}

  /** Fit on rows [rows.start, rows.end) of the named columns. A constant column throws (its range would be 0). */
  static fit(table: Table, options: { columns: readonly string[]; rows: RowRange }): MinMaxScaler {
    const { rows } = options;
    if (rows.end <= rows.start) {
      throw new DataError(`${table.source}: cannot fit the scaler on an empty row range [${rows.start}, ${rows.end})`);
    }
    const min: Record<string, number> = {};
    const max: Record<string, number> = {};
    for (const name of options.columns) {
      const key = resolveColumnName(table.names, name, table.source);
      const values = table.columns[key];
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = rows.start; i < rows.end; i++) {
        if (values[i] < lo) lo = values[i];
        if (values[i] > hi) hi = values[i];
      }
      if (!Number.isFinite(hi - lo)) {
        throw new DataError(
          `${table.source}, column "${key}": its values over the ${rows.end - rows.start} training rows span ${lo} to ${hi}, a range too large for a 64-bit float; rescale the column (divide it by a power of ten) or leave it out`,
        );
      }
      if (hi === lo) {
        throw new DataError(
          `${table.source}, column "${key}": constant (${lo}) over the ${rows.end - rows.start} training rows; min-max scaling would divide by zero. Drop this column from the features or use more training rows`,
        );
      }
      min[key] = lo;
      max[key] = hi;
    }
    return new MinMaxScaler(min, max);
  }

  /** One fitted column's min and its range, max - min (the name case-insensitive). */
  bounds(name: string): { low: number; range: number } {
    const key = resolveColumnName(Object.keys(this.min), name, 'MinMaxScaler');
    return { low: this.min[key], range: this.max[key] - this.min[key] };
  }

  /** Scale one column's values: (x - min) / (max - min). Training rows land in [0, 1]. */
  transform(name: string, values: ArrayLike<number>): Float64Array {
    const { low: lo, range } = this.bounds(name);
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = (values[i] - lo) / range;
    return out;
  }

  /** Back to the data's units: x * (max - min) + min. */
  inverse(name: string, scaled: ArrayLike<number>): Float64Array {
    const { low: lo, range } = this.bounds(name);
    const out = new Float64Array(scaled.length);
    for (let i = 0; i < scaled.length; i++) out[i] = scaled[i] * range + lo;
    return out;
  }

  /** A copy of `table` with the fitted columns scaled and the others left out. */
  transformTable(table: Table): Table {
    const names = Object.keys(this.min);
    const columns: Record<string, Float64Array> = {};
    for (const name of names) columns[name] = this.transform(name, table.columns[name]);
    return { ...table, names, columns };
  }
}
