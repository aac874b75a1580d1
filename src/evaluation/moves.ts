/**
 * How far forecasts move from the last known value, and how the tested changes compare with the
 * training rows: the figures notebook 05 reads beside its score tables.
 */
import { spread, type WalkForwardFold, type WalkForwardResult } from './walkForward';

/** Whose moves: the actual values, or the forecasts of one network's seed (index into `seeds`) or of a baseline. */
export type Mover = 'actual' | { model: string; seed?: number };

/**
 * Standard deviation of the moves of `mover` over every fold's test windows and steps: each value
 * (actual or forecast) minus the last value known at the window's origin.
 */
export function moveSd(result: Pick<WalkForwardResult, 'folds'>, mover: Mover): number {
  const valuesOf = (fold: WalkForwardFold): Float64Array => {
    if (mover === 'actual') return fold.actual;
    const { model, seed } = mover;
    const values = seed === undefined ? fold.forecasts[model] : fold.seedForecasts[model]?.[seed];
    if (!values)
      throw new Error(`moveSd: no forecasts of "${model}"${seed === undefined ? '' : ` for seed index ${seed}`} in fold ${fold.fold}`);
    return values;
  };
  return spread(result.folds.flatMap((fold) => Array.from(valuesOf(fold), (value, i) => value - fold.previous[i]))).sd;
}

/** A network's move sd per seed (moveSd of each seed's forecasts), averaged over its seeds. */
export function meanSeedMoveSd(result: Pick<WalkForwardResult, 'folds'>, model: string): number {
  const seeds = result.folds[0]?.seedForecasts[model]?.length ?? 0;
  if (seeds === 0) throw new Error(`meanSeedMoveSd: "${model}" has no seeds' forecasts (a baseline? use moveSd)`);
  let sum = 0;
  for (let seed = 0; seed < seeds; seed++) sum += moveSd(result, { model, seed });
  return sum / seeds;
}

/** Mean of values[t] - values[t - lag] over every fold's tested rows t (each window's first target). */
export function meanTestedChange(result: Pick<WalkForwardResult, 'folds'>, values: ArrayLike<number>, lag: number): number {
  let sum = 0;
  let count = 0;
  for (const fold of result.folds) {
    for (const t of fold.targetRows) {
      if (t - lag < 0) throw new Error(`meanTestedChange: row ${t} has no row ${lag} rows before it`);
      sum += values[t] - values[t - lag];
      count++;
    }
  }
  return sum / count;
}

/**
 * Tested rows t (each window's first target, over every fold) whose one-row change values[t] - values[t - 1]
 * lies outside the range of the changes over that fold's training rows; and how many rows were tested.
 */
export function changesOutsideTraining(
  result: Pick<WalkForwardResult, 'folds'>,
  values: ArrayLike<number>,
): { outside: number; tested: number } {
  const change = (t: number) => values[t] - values[t - 1];
  let outside = 0;
  let tested = 0;
  for (const fold of result.folds) {
    let low = Infinity;
    let high = -Infinity;
    for (let t = Math.max(1, fold.split.train.start); t < fold.split.train.end; t++) {
      low = Math.min(low, change(t));
      high = Math.max(high, change(t));
    }
    for (const t of fold.targetRows) if (change(t) < low || change(t) > high) outside++;
    tested += fold.targetRows.length;
  }
  return { outside, tested };
}
