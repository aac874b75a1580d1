/**
 * Prediction intervals and how to judge them. Conformal intervals: each step ahead gets a half-width
 * from the absolute errors of backtest forecasts at that step (split conformal, with the
 * finite-sample rank, so that at least `level`% of new errors fall inside when errors are
 * exchangeable). The textbook intervals of the naive methods (Hyndman and Athanasopoulos,
 * Forecasting: Principles and Practice, 3rd ed., section 5.5) for comparison. And the scores a
 * user should ask of any interval: coverage against the nominal level, mean width, the interval
 * (Winkler) score, MSIS as in the M4 competition, and the pinball loss at the interval's quantiles.
 *
 * Arrays of forecasts are [n, horizon] row-major, as everywhere in evaluation/.
 */
import { OptionError } from '../errors';

/** Check a list of levels in percent: each in (0, 100), in increasing order, none twice. */
export function checkLevels(levels: readonly number[], what = '--levels'): void {
  if (levels.length === 0) throw new OptionError(`${what} names no level; give percentages such as 80,95`);
  for (const [i, level] of levels.entries()) {
    if (!Number.isFinite(level) || level <= 0 || level >= 100)
      throw new OptionError(`${what}: ${level} is not a level between 0 and 100 (exclusive)`);
    if (i > 0 && level <= levels[i - 1]) throw new OptionError(`${what} must be increasing, each level once; got ${levels.join(',')}`);
  }
}

/**
 * The smallest number of calibration errors per step for `level`: with n errors the half-width is
 * the ceil((n + 1) level / 100)-th smallest, which exists only when that rank is at most n.
 */
export function minimumCalibration(level: number): number {
  return Math.ceil(level / (100 - level) - 1e-9);
}

/**
 * Conformal half-widths, [levels.length][horizon]: for each level and step, the
 * ceil((n + 1) level / 100)-th smallest absolute error of that step over the n calibration rows of
 * `errors` (actual minus forecast, [n, horizon]).
 */
export function conformalHalfWidths(errors: ArrayLike<number>, horizon: number, levels: readonly number[]): number[][] {
  checkLevels(levels, 'levels');
  const n = errors.length / horizon;
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`conformalHalfWidths: ${errors.length} errors do not make whole rows of ${horizon} steps`);
  const widths = levels.map(() => new Array<number>(horizon));
  for (let h = 0; h < horizon; h++) {
    const step = Float64Array.from({ length: n }, (_, i) => Math.abs(errors[i * horizon + h])).sort();
    for (const [l, level] of levels.entries()) {
      const rank = Math.ceil(((n + 1) * level) / 100 - 1e-9);
      if (rank > n) {
        throw new OptionError(
          `a ${level}% conformal interval needs at least ${minimumCalibration(level)} calibration forecasts per step, and there are ${n}`,
        );
      }
      widths[l][h] = step[rank - 1];
    }
  }
  return widths;
}

/**
 * conformalHalfWidths at every level `errors` can calibrate, and NaN for each step of a level
 * with too few rows (fewer than minimumCalibration(level)): [levels.length][horizon].
 */
export function calibratedHalfWidths(errors: ArrayLike<number>, horizon: number, levels: readonly number[]): number[][] {
  const n = errors.length / horizon;
  return levels.map((level) =>
    n >= minimumCalibration(level) ? conformalHalfWidths(errors, horizon, [level])[0] : new Array<number>(horizon).fill(Number.NaN),
  );
}

/**
 * The standard normal quantile: z with P(Z <= z) = p, by P. J. Acklam's rational approximation
 * (relative error below 1.2e-9: far below what any interval's width is known to).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normalQuantile: p must lie in (0, 1), got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
      (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  return x;
}

/** The naive methods whose textbook intervals are known in closed form (FPP3 section 5.5). */
export type TextbookMethod = 'persistence' | 'drift' | 'seasonal-naive';

/**
 * FPP3 section 5.5: the half-width at step h (1-based) of the naive method's interval,
 * z * sigma * sqrt(h); of the drift method's, z * sigma * sqrt(h (1 + h / T)), T the number of
 * observations fitted on; and of seasonal naive's, z * sigma * sqrt(k + 1) with k the whole
 * seasons before step h, floor((h - 1) / season). Sigma is the standard deviation of the
 * method's one-step residuals (textbookSigma).
 */
export function naiveHalfWidth(
  method: TextbookMethod,
  options: { sigma: number; step: number; level: number; observations: number; season?: number },
): number {
  const { sigma, step: h, level, observations: T } = options;
  const z = normalQuantile(0.5 + level / 200);
  if (method === 'persistence') return z * sigma * Math.sqrt(h);
  if (method === 'drift') return z * sigma * Math.sqrt(h * (1 + h / T));
  if (!options.season) throw new Error('naiveHalfWidth: seasonal naive needs its season');
  return z * sigma * Math.sqrt(Math.floor((h - 1) / options.season) + 1);
}

/**
 * The residual standard deviation of a naive method fitted on `values[start, end)`: of
 * y[t] - y[t - 1] for persistence (no parameter), of y[t] - y[t - 1] - slope for drift (the
 * slope its one parameter), of y[t] - y[t - season] for seasonal naive.
 */
export function textbookSigma(method: TextbookMethod, values: ArrayLike<number>, rows: { start: number; end: number }, season = 1): number {
  const lag = method === 'seasonal-naive' ? season : 1;
  const differences: number[] = [];
  for (let t = rows.start + lag; t < rows.end; t++) differences.push(values[t] - values[t - lag]);
  const parameters = method === 'drift' ? 1 : 0;
  if (differences.length <= parameters) throw new Error(`textbookSigma: ${rows.end - rows.start} rows are too few for ${method}`);
  const slope = method === 'drift' ? differences.reduce((a, b) => a + b, 0) / differences.length : 0;
  const squares = differences.reduce((sum, d) => sum + (d - slope) ** 2, 0);
  return Math.sqrt(squares / (differences.length - parameters));
}

/** A naive method's textbook half-widths fitted on `rows` of `values`, [levels.length][horizon]. */
export function textbookHalfWidths(
  method: TextbookMethod,
  values: ArrayLike<number>,
  rows: { start: number; end: number },
  horizon: number,
  levels: readonly number[],
  season?: number,
): number[][] {
  const sigma = textbookSigma(method, values, rows, season);
  const observations = rows.end - rows.start;
  return levels.map((level) =>
    Array.from({ length: horizon }, (_, h) => naiveHalfWidth(method, { sigma, step: h + 1, level, observations, season })),
  );
}

/** Share of actual values inside [lo, hi], ends included. */
export function coverage(actual: ArrayLike<number>, lo: ArrayLike<number>, hi: ArrayLike<number>): number {
  let inside = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i] >= lo[i] && actual[i] <= hi[i]) inside++;
  return inside / actual.length;
}

/** Mean of hi - lo. */
export function meanWidth(lo: ArrayLike<number>, hi: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < lo.length; i++) sum += hi[i] - lo[i];
  return sum / lo.length;
}

/**
 * The interval (Winkler) score at `level`%, averaged: the width, plus 2 / alpha times how far the
 * actual value falls outside (alpha = 1 - level / 100). Lower is better; it rewards narrow
 * intervals only as long as they hold.
 */
export function intervalScore(actual: ArrayLike<number>, lo: ArrayLike<number>, hi: ArrayLike<number>, level: number): number {
  const penalty = 2 / (1 - level / 100);
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    const y = actual[i];
    sum += hi[i] - lo[i] + (y < lo[i] ? penalty * (lo[i] - y) : 0) + (y > hi[i] ? penalty * (y - hi[i]) : 0);
  }
  return sum / actual.length;
}

/**
 * MSIS as in the M4 competition: the interval score divided by the in-sample mean absolute
 * seasonal difference `scale` (the same scale as MASE's).
 */
export function msis(actual: ArrayLike<number>, lo: ArrayLike<number>, hi: ArrayLike<number>, level: number, scale: number): number {
  return intervalScore(actual, lo, hi, level) / scale;
}

/** Mean pinball (quantile) loss of `quantile` as the tau-quantile forecast of `actual` (tau in (0, 1)). */
export function pinballLoss(actual: ArrayLike<number>, quantile: ArrayLike<number>, tau: number): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = actual[i] - quantile[i];
    sum += d >= 0 ? tau * d : (tau - 1) * d;
  }
  return sum / actual.length;
}
