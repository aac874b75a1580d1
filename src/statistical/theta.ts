/**
 * The standard Theta method (Assimakopoulos and Nikolopoulos, 2000) in the form of Hyndman and
 * Billah (2003), as statsmodels' ThetaModel computes it: simple exponential smoothing plus a drift
 * of half the slope of a straight line through the series. With a season, the series is first
 * adjusted by a classical decomposition (multiplicative where every value is positive) when a test
 * finds the season: n r_m^2 / (1 + r_1^2 + ... + r_(m-1)^2) above 2.7055, r_k the autocorrelation
 * at lag k, and the forecasts are seasonalised again.
 */
import { DataError } from '../errors';

export interface ThetaFit {
  /** Half of it is the drift per step: the slope of a least-squares line through the (adjusted) series. */
  b0: number;
  /** The SES smoothing parameter, fitted by least squares with the first value as the initial level. */
  alpha: number;
  /** The SES level after the last row: the one-step forecast of the adjusted series. */
  level: number;
  /** The SES sum of squared one-step errors at alpha, on the adjusted series: what alpha minimises. */
  sse: number;
  /** Rows fitted on. */
  n: number;
  /** The seasonal factors by position in the cycle (row i has position i mod period), or none. */
  seasonal: number[];
  /** How the season was removed: 'mul' divides, 'add' subtracts; none when no season was found or asked for. */
  method?: 'add' | 'mul';
}

/** Autocorrelations r_0 .. r_lags of `y` (r_0 = 1). */
export function autocorrelations(y: ArrayLike<number>, lags: number): number[] {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  let denominator = 0;
  for (let i = 0; i < n; i++) denominator += (y[i] - mean) ** 2;
  return Array.from({ length: lags + 1 }, (_, k) => {
    let sum = 0;
    for (let i = 0; i + k < n; i++) sum += (y[i] - mean) * (y[i + k] - mean);
    return sum / denominator;
  });
}

/** The seasonality test of the Theta method: true where the season's autocorrelation stands out (90% level). */
export function hasSeason(y: ArrayLike<number>, period: number): boolean {
  const r = autocorrelations(y, period);
  const rest = r.slice(0, period).reduce((s, v) => s + v * v, 0);
  return (y.length * r[period] ** 2) / rest > 2.705543454095404;
}

/**
 * Classical decomposition's seasonal factors by position in the cycle: the series over a centred
 * moving average of one cycle (for an even cycle, weights 1/2, 1, ..., 1, 1/2), averaged by
 * position, then normalised to mean 1 (multiplicative) or 0 (additive).
 */
export function classicalSeason(y: ArrayLike<number>, period: number, method: 'add' | 'mul'): number[] {
  const n = y.length;
  const half = Math.floor(period / 2);
  const sums = new Array<number>(period).fill(0);
  const counts = new Array<number>(period).fill(0);
  for (let t = half; t < n - half; t++) {
    let trend = 0;
    if (period % 2 === 0) {
      for (let k = -half; k <= half; k++) trend += (Math.abs(k) === half ? 0.5 : 1) * y[t + k];
    } else {
      for (let k = -half; k <= half; k++) trend += y[t + k];
    }
    trend /= period;
    sums[t % period] += method === 'mul' ? y[t] / trend : y[t] - trend;
    counts[t % period]++;
  }
  const means = sums.map((s, j) => s / counts[j]);
  const centre = means.reduce((a, b) => a + b, 0) / period;
  return means.map((v) => (method === 'mul' ? v / centre : v - centre));
}

/** The sum of squared one-step errors of SES with smoothing `alpha`, started at the first value, and its last level. */
function ses(y: ArrayLike<number>, alpha: number): { sse: number; level: number } {
  let level = y[0];
  let sse = 0;
  for (let i = 0; i < y.length; i++) {
    const e = y[i] - level;
    sse += e * e;
    level += alpha * e;
  }
  return { sse, level };
}

/** The alpha in [0, 1] with the least SSE: golden-section search, refined to 1e-10. */
function fitAlpha(y: ArrayLike<number>): number {
  const golden = (Math.sqrt(5) - 1) / 2;
  let a = 0;
  let b = 1;
  let c = b - golden * (b - a);
  let d = a + golden * (b - a);
  let fc = ses(y, c).sse;
  let fd = ses(y, d).sse;
  while (b - a > 1e-10) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - golden * (b - a);
      fc = ses(y, c).sse;
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + golden * (b - a);
      fd = ses(y, d).sse;
    }
  }
  return (a + b) / 2;
}

/** Why Theta cannot be fitted to `n` rows with `period`, or undefined. */
export function thetaProblem(n: number, period?: number): string | undefined {
  if (n < 3) return `Theta needs at least 3 rows, got ${n}`;
  if (period && period >= 2 && n < 2 * period) return `a season of ${period} needs at least ${2 * period} rows for Theta, got ${n}`;
  return undefined;
}

/** Fit the Theta method to `y`; with `period`, test for a season and adjust for it where found; `alpha` fixes the smoothing. */
export function fitTheta(y: ArrayLike<number>, options: { period?: number; where?: string; alpha?: number } = {}): ThetaFit {
  const n = y.length;
  const where = options.where ?? 'the series';
  const problem = thetaProblem(n, options.period);
  if (problem) throw new DataError(`${where}: ${problem}`);
  const period = options.period;
  let adjusted = Float64Array.from(y as ArrayLike<number>);
  let seasonal: number[] = [];
  let method: ThetaFit['method'];
  if (period && period >= 2) {
    if (hasSeason(y, period)) {
      method = Array.prototype.every.call(y, (v: number) => v > 0) ? 'mul' : 'add';
      seasonal = classicalSeason(y, period, method);
      if (method === 'mul' && Math.min(...seasonal) <= 0) {
        method = 'add';
        seasonal = classicalSeason(y, period, 'add');
      }
      adjusted = adjusted.map((v, i) => (method === 'mul' ? v / seasonal[i % period] : v - seasonal[i % period]));
    }
  }
  // The slope of a least-squares line through the adjusted series, over times 0 .. n - 1.
  const tMean = (n - 1) / 2;
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += adjusted[i];
  yMean /= n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (i - tMean) * (adjusted[i] - yMean);
    den += (i - tMean) ** 2;
  }
  const alpha = options.alpha ?? fitAlpha(adjusted);
  const smoothed = ses(adjusted, alpha);
  return { b0: num / den, alpha, level: smoothed.level, sse: smoothed.sse, n, seasonal, ...(method ? { method } : {}) };
}

/** Theta's forecasts `horizon` steps past the end (theta = 2: half the line's slope as drift). */
export function thetaForecast(fit: ThetaFit, horizon: number): Float64Array {
  const { alpha, b0, n, seasonal, method } = fit;
  return Float64Array.from({ length: horizon }, (_, i) => {
    let steps = i;
    if (alpha > 0) steps += 1 / alpha - (1 - alpha) ** n / alpha;
    const value = 0.5 * b0 * steps + fit.level;
    if (!method) return value;
    const factor = seasonal[(n + i) % seasonal.length];
    return method === 'mul' ? value * factor : value + factor;
  });
}

/**
 * Theta forecasts [targetRows.length, horizon] row-major from each origin: the smoothing (alpha) and
 * the drift (b0) and season of the fit on rows from .. from + fit.n - 1, the SES level carried on
 * through the adjusted series to the origin.
 */
export function thetaRolling(
  fit: ThetaFit,
  values: ArrayLike<number>,
  from: number,
  targetRows: ArrayLike<number>,
  horizon: number,
): Float64Array {
  const out = new Float64Array(targetRows.length * horizon);
  const period = fit.seasonal.length;
  const adjust = (v: number, row: number) => {
    if (!fit.method) return v;
    const factor = fit.seasonal[(row - from) % period];
    return fit.method === 'mul' ? v / factor : v - factor;
  };
  const last = Math.max(...Array.from(targetRows));
  let level = adjust(values[from], from);
  let k = 0;
  const order = Array.from(targetRows, (r, i) => [r, i] as const).sort((a, b) => a[0] - b[0]);
  for (let row = from; row < last && k < order.length; row++) {
    level += fit.alpha * (adjust(values[row], row) - level);
    while (k < order.length && order[k][0] === row + 1) {
      const n = row + 1 - from;
      out.set(thetaForecast({ ...fit, level, n }, horizon), order[k][1] * horizon);
      k++;
    }
  }
  return out;
}
