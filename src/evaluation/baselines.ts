/**
 * The benchmark forecasts every model is compared with, on exactly the same windows: each reads
 * only values known at the forecast origin (rows before the window's first target) and gives
 * [n, horizon] forecasts in the data's units. Source of the methods: Hyndman & Athanasopoulos,
 * Forecasting: Principles and Practice (3rd ed.), section 5.2, "Some simple forecasting methods".
 */
import { OptionError } from '../errors';
import type { RowRange } from '../data/splitChronological';

export interface BaselineInput {
  /** The target column, in the data's units, for every row. */
  values: ArrayLike<number>;
  /** Each window's first target row t (the origin's last known value is values[t - 1]). */
  targetRows: ArrayLike<number>;
  horizon: number;
}

/** Persistence (the naive forecast): every step ahead equals the last known value. */
export function persistence({ values, targetRows, horizon }: BaselineInput): Float64Array {
  const out = new Float64Array(targetRows.length * horizon);
  for (let i = 0; i < targetRows.length; i++) out.fill(values[targetRows[i] - 1], i * horizon, (i + 1) * horizon);
  return out;
}

/** The mean one-step change over the training rows [start, end): (last - first) / (rows - 1). */
export function meanChange(values: ArrayLike<number>, training: RowRange): number {
  if (training.end - training.start < 2)
    throw new OptionError(`drift needs at least 2 training rows, got ${training.end - training.start}`);
  return (values[training.end - 1] - values[training.start]) / (training.end - 1 - training.start);
}

/** Drift: the last known value plus h + 1 times the training rows' mean change, for step h = 0 .. horizon - 1. */
export function drift(input: BaselineInput, training: RowRange): Float64Array {
  const { values, targetRows, horizon } = input;
  const slope = meanChange(values, training);
  const out = new Float64Array(targetRows.length * horizon);
  for (let i = 0; i < targetRows.length; i++) {
    for (let h = 0; h < horizon; h++) out[i * horizon + h] = values[targetRows[i] - 1] + (h + 1) * slope;
  }
  return out;
}

/**
 * Seasonal naive: each step ahead equals the value one season earlier (or k seasons, the fewest
 * that reach a known row): row t + h is forecast by row t + h - k * season, k = ceil((h + 1) / season).
 */
export function seasonalNaive(input: BaselineInput, season: number): Float64Array {
  const { values, targetRows, horizon } = input;
  if (!Number.isInteger(season) || season < 1) throw new OptionError(`season must be a whole number of at least 1, got ${season}`);
  const out = new Float64Array(targetRows.length * horizon);
  for (let i = 0; i < targetRows.length; i++) {
    for (let h = 0; h < horizon; h++) {
      const row = targetRows[i] + h - Math.ceil((h + 1) / season) * season;
      if (row < 0)
        throw new OptionError(`season ${season} reaches before the first row for the window whose first target is row ${targetRows[i]}`);
      out[i * horizon + h] = values[row];
    }
  }
  return out;
}
