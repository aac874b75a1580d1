/**
 * What a walk-forward run's intervals say, summarised for reading: each model's scores pooled over
 * the steps ahead, and fold by fold the coverage beside how much larger the test errors were than
 * the errors the intervals were calibrated on. Conformal intervals promise their level only when
 * the test errors are like the calibration errors (exchangeable); that ratio shows where they were not.
 */
import { foldIntervals, type IntervalRow } from './foldIntervals';
import type { WalkForwardResult } from './walkForward';

/** One model's intervals at one level, its scores averaged over the steps ahead. */
export type IntervalSummary = Omit<IntervalRow, 'step' | 'calibration'>;

/** Every model's intervals (conformal, then textbook), each level's scores averaged over the steps. */
export function intervalSummary(result: Pick<WalkForwardResult, 'intervals'>): IntervalSummary[] {
  const groups = new Map<string, IntervalRow[]>();
  for (const row of result.intervals) {
    const key = `${row.model}\u0000${row.method}\u0000${row.level}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const mean = (rows: IntervalRow[], pick: (row: IntervalRow) => number) => rows.reduce((s, r) => s + pick(r), 0) / rows.length;
  return [...groups.values()].map((rows) => ({
    model: rows[0].model,
    method: rows[0].method,
    level: rows[0].level,
    coverage: mean(rows, (r) => r.coverage),
    width: mean(rows, (r) => r.width),
    intervalScore: mean(rows, (r) => r.intervalScore),
    msis: mean(rows, (r) => r.msis),
    pinball: mean(rows, (r) => r.pinball),
  }));
}

export interface FoldCoverage {
  fold: number;
  /** Share of the fold's test values inside the model's conformal interval at the level, all steps pooled. */
  coverage: number;
  /** RMSE of the model's test errors over RMSE of its calibration errors on the same fold: above 1, the test block was harder. */
  errorRatio: number;
}

/** Fold by fold, a model's conformal coverage at `level` and its test-to-calibration error ratio. */
export function coverageByFold(result: Pick<WalkForwardResult, 'folds' | 'options'>, model: string, level: number): FoldCoverage[] {
  const { levels, data } = result.options;
  if (!levels.includes(level)) throw new Error(`coverageByFold: the run scored levels ${levels.join(', ')}, not ${level}`);
  const meanSquare = (values: ArrayLike<number>) => {
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
    return sum / values.length;
  };
  return result.folds.map((fold) => {
    const rows = foldIntervals([fold], [model], data.horizon, levels, 1).filter((r) => r.method === 'conformal' && r.level === level);
    const predicted = fold.forecasts[model];
    const testErrors = fold.actual.map((value, i) => value - predicted[i]);
    return {
      fold: fold.fold,
      coverage: rows.reduce((s, r) => s + r.coverage, 0) / rows.length,
      errorRatio: Math.sqrt(meanSquare(testErrors) / meanSquare(fold.calibrationErrors[model])),
    };
  });
}

/** Spearman's rank correlation of two equally long samples (ties take their mean rank). */
export function rankCorrelation(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length || x.length < 2)
    throw new Error(`rankCorrelation: needs two samples of the same length, at least 2; got ${x.length} and ${y.length}`);
  const ranks = (values: readonly number[]) => {
    const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
    const out = new Array<number>(values.length);
    for (let i = 0; i < order.length; ) {
      let j = i;
      while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
      for (let k = i; k <= j; k++) out[order[k][1]] = (i + j) / 2 + 1;
      i = j + 1;
    }
    return out;
  };
  const [rx, ry] = [ranks(x), ranks(y)];
  const mean = (rx.length + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < rx.length; i++) {
    sxy += (rx[i] - mean) * (ry[i] - mean);
    sxx += (rx[i] - mean) ** 2;
    syy += (ry[i] - mean) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * How far one split-conformal interval's coverage moves by chance alone, in percentage points (one
 * standard deviation): with n calibration errors its coverage follows a Beta(k, n + 1 - k) law,
 * k = ceil((n + 1) level / 100) (Vovk, 2012, "Conditional validity of inductive conformal predictors").
 */
export function coverageSpread(n: number, level: number): number {
  const k = Math.ceil(((n + 1) * level) / 100 - 1e-9);
  return 100 * Math.sqrt((k * (n + 1 - k)) / ((n + 1) ** 2 * (n + 2)));
}

/** The fewest calibration errors per step of any conformal interval a run scored. */
export function fewestCalibration(result: Pick<WalkForwardResult, 'intervals'>): number {
  return Math.min(...result.intervals.flatMap((r) => (r.calibration === null ? [] : [r.calibration])));
}
