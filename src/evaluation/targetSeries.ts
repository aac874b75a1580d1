/** The actual target values of a part and the last value known before each, in the data's units. */
import type { PreparedData } from '../data/prepareData';

export type Part = 'train' | 'validation' | 'test';

export interface TargetSeries {
  /** Date of each window's first target (looked up when first read). */
  readonly dates: string[];
  /** Actual target values, [n, horizon] row-major, in the data's units. */
  actual: Float64Array;
  /** The last known target value before each window's targets, repeated per horizon step. */
  previous: Float64Array;
}

/** Actual targets and last known values of one part's windows, in the data's units. */
export function targetSeries(data: PreparedData, part: Part = 'test'): TargetSeries {
  const windows = data[part];
  const values = data.table.columns[windows.target];
  const { horizon } = windows;
  const actual = new Float64Array(windows.n * horizon);
  const previous = new Float64Array(windows.n * horizon);
  for (let i = 0; i < windows.n; i++) {
    const t = windows.targetRows[i];
    for (let h = 0; h < horizon; h++) {
      actual[i * horizon + h] = values[t + h];
      previous[i * horizon + h] = values[t - 1];
    }
  }
  return {
    actual,
    previous,
    get dates() {
      return windows.targetDates;
    },
  };
}
