/**
 * The statistical benchmarks as the comparisons use them: which of them a stretch of training rows
 * can take (and why not the others), and each fitted on that stretch with a forecaster from many
 * origins, so that walkForward and forecastAhead fit and forecast them the same way.
 *
 * The names: `ets` (exponential smoothing, the spec AICc picks on the rows), `ets-SPEC` (one spec
 * fixed, as `ets-AAA`), `theta` (the Theta method).
 */
import { OptionError } from '../errors';
import { allSpecs, autoEts, type AutoEtsResult, type EtsFit, etsRolling, fitEts, inadmissible, parseSpec } from './ets';
import { fitTheta, thetaProblem, thetaRolling } from './theta';

export type BenchmarkName = 'ets' | 'theta' | `ets-${string}`;

/** The benchmarks fitted unless the caller names others. */
export const DEFAULT_BENCHMARKS: readonly BenchmarkName[] = ['ets', 'theta'];

/** The fixed spec of an `ets-SPEC` name, or undefined for `ets` and `theta`. */
function fixedSpecName(name: BenchmarkName): string | undefined {
  return name.startsWith('ets-') ? name.slice(4) : undefined;
}

/**
 * Check benchmark names (for OptionError messages that name what was given): `ets`, `theta`,
 * `ets-SPEC` with a spec parseSpec reads (a seasonal spec needs `season`), each at most once.
 */
export function checkBenchmarkNames(names: readonly string[], season?: number): BenchmarkName[] {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new OptionError(`benchmark "${name}" is named twice`);
    seen.add(name);
    if (name === 'ets' || name === 'theta') continue;
    if (!name.startsWith('ets-'))
      throw new OptionError(`"${name}" is not a benchmark; name ets (the spec AICc picks), ets-SPEC (one spec fixed, as ets-AAA) or theta`);
    parseSpec(name.slice(4), season);
  }
  return names as BenchmarkName[];
}

/** The benchmarks a `benchmarks` option asks for: true or undefined the defaults, false none, or the names given (checked). */
export function benchmarkList(option: boolean | readonly string[] | undefined, season?: number): BenchmarkName[] {
  if (option === undefined || option === true) return [...DEFAULT_BENCHMARKS];
  if (option === false) return [];
  return checkBenchmarkNames(option, season);
}

/** The benchmarks of `wanted` that `history` can take, in that order, and those it cannot, with why. */
export function admissibleBenchmarks(
  history: ArrayLike<number>,
  season?: number,
  wanted: readonly BenchmarkName[] = DEFAULT_BENCHMARKS,
): { models: BenchmarkName[]; leftOut: Array<{ model: BenchmarkName; reason: string }> } {
  const models: BenchmarkName[] = [];
  const leftOut: Array<{ model: BenchmarkName; reason: string }> = [];
  for (const name of wanted) {
    let reason: string | undefined;
    const fixed = fixedSpecName(name);
    if (name === 'theta') {
      const problem = thetaProblem(history.length, season);
      if (problem) reason = `${problem} (the training rows)`;
    } else if (fixed) {
      const problem = inadmissible(parseSpec(fixed, season), history);
      if (problem) reason = `${problem} (the ${history.length} training rows)`;
    } else {
      const reasons = allSpecs(season).map((spec) => inadmissible(spec, history));
      if (reasons.every((r) => r !== undefined)) reason = `no ETS spec fits the ${history.length} training rows (${reasons[0]})`;
    }
    if (reason) leftOut.push({ model: name, reason });
    else models.push(name);
  }
  return { models, leftOut };
}

export interface FittedBenchmarks {
  /** Forecasts [targetRows.length, horizon] from each window's origin, by benchmark. */
  forecastOf: Partial<Record<BenchmarkName, (targetRows: ArrayLike<number>, horizon: number) => Float64Array>>;
  /** The ETS selection, where ets was fitted. */
  ets?: AutoEtsResult;
  /** Every ETS fit by benchmark name (`ets`: the selection's best). */
  etsFits: Partial<Record<BenchmarkName, EtsFit>>;
}

/** Fit `models` on values[rows.start, rows.end) of the target (the data's units, not windows). */
export function fitBenchmarks(
  values: ArrayLike<number>,
  rows: { start: number; end: number },
  models: readonly BenchmarkName[],
  options: { season?: number; where?: string },
): FittedBenchmarks {
  const history = Array.prototype.slice.call(values, rows.start, rows.end) as number[];
  const fitted: FittedBenchmarks = { forecastOf: {}, etsFits: {} };
  for (const name of models) {
    if (name === 'theta') {
      const theta = fitTheta(history, { period: options.season, where: options.where });
      fitted.forecastOf.theta = (targetRows, horizon) => thetaRolling(theta, values, rows.start, targetRows, horizon);
      continue;
    }
    const fixed = fixedSpecName(name);
    let fit: EtsFit;
    if (fixed) fit = fitEts(parseSpec(fixed, options.season), history, options.where);
    else {
      fitted.ets = autoEts(history, { period: options.season, where: options.where });
      fit = fitted.ets.best;
    }
    fitted.etsFits[name] = fit;
    fitted.forecastOf[name] = (targetRows, horizon) => etsRolling(fit, values, rows.start, targetRows, horizon);
  }
  return fitted;
}
