/**
 * The statistical benchmarks as the comparisons use them: which of them a stretch of training rows
 * can take (and why not the others), and each fitted on that stretch with a forecaster from many
 * origins, so that walkForward and forecastAhead fit and forecast them the same way.
 */
import { allSpecs, autoEts, type AutoEtsResult, etsRolling, inadmissible } from './ets';
import { fitTheta, thetaProblem, thetaRolling } from './theta';

export type BenchmarkName = 'ets' | 'theta';

/** The benchmarks `history` can take, in table order, and those it cannot, with why. */
export function admissibleBenchmarks(
  history: ArrayLike<number>,
  season?: number,
): { models: BenchmarkName[]; leftOut: Array<{ model: BenchmarkName; reason: string }> } {
  const models: BenchmarkName[] = [];
  const leftOut: Array<{ model: BenchmarkName; reason: string }> = [];
  const etsReasons = allSpecs(season).map((spec) => inadmissible(spec, history));
  if (etsReasons.every((reason) => reason !== undefined))
    leftOut.push({ model: 'ets', reason: `no ETS spec fits the ${history.length} training rows (${etsReasons[0]})` });
  else models.push('ets');
  const thetaReason = thetaProblem(history.length, season);
  if (thetaReason) leftOut.push({ model: 'theta', reason: `${thetaReason} (the training rows)` });
  else models.push('theta');
  return { models, leftOut };
}

export interface FittedBenchmarks {
  /** Forecasts [targetRows.length, horizon] from each window's origin, by benchmark. */
  forecastOf: Partial<Record<BenchmarkName, (targetRows: ArrayLike<number>, horizon: number) => Float64Array>>;
  /** The ETS selection, where ets was fitted. */
  ets?: AutoEtsResult;
}

/** Fit `models` on values[rows.start, rows.end) of the target (the data's units, not windows). */
export function fitBenchmarks(
  values: ArrayLike<number>,
  rows: { start: number; end: number },
  models: readonly BenchmarkName[],
  options: { season?: number; where?: string },
): FittedBenchmarks {
  const history = Array.prototype.slice.call(values, rows.start, rows.end) as number[];
  const fitted: FittedBenchmarks = { forecastOf: {} };
  if (models.includes('ets')) {
    const ets = autoEts(history, { period: options.season, where: options.where });
    fitted.ets = ets;
    fitted.forecastOf.ets = (targetRows, horizon) => etsRolling(ets.best, values, rows.start, targetRows, horizon);
  }
  if (models.includes('theta')) {
    const theta = fitTheta(history, { period: options.season, where: options.where });
    fitted.forecastOf.theta = (targetRows, horizon) => thetaRolling(theta, values, rows.start, targetRows, horizon);
  }
  return fitted;
}
