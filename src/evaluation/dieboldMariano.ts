/**
 * The Diebold-Mariano test of equal forecast accuracy, with the small-sample correction of Harvey,
 * Leybourne and Newbold (1997). Loss differential d_t = lossA_t - lossB_t (squared errors here); under
 * equal accuracy E[d] = 0. Forecasts h steps ahead have errors correlated up to lag h - 1, so the
 * variance of the mean is estimated from the autocovariances up to that lag.
 * Sources: Diebold & Mariano (1995), J. Business & Economic Statistics 13(3); Harvey, Leybourne &
 * Newbold (1997), International Journal of Forecasting 13(2).
 */
import { studentTTwoSided } from './studentT';

export interface DieboldMarianoResult {
  /** Mean loss differential (A minus B): negative when A's losses are smaller. */
  meanDifference: number;
  /** The corrected statistic, compared with Student-t with n - 1 degrees of freedom. */
  statistic: number;
  /** Two-sided p-value: the chance of a statistic at least this far from 0 if both were equally accurate. */
  pValue: number;
  n: number;
}

/**
 * Test whether forecasts A and B are equally accurate from their per-forecast losses, in time order.
 * `horizon` is how many steps ahead the forecasts reach (autocovariances up to lag horizon - 1 count).
 * When that estimate of the variance is not positive, the lag-0 variance alone is used (as in R's forecast::dm.test).
 *
 * `lags` replaces that estimate by Newey and West's (1987, Econometrica 55(3)): autocovariances up
 * to lag `lags` with Bartlett weights 1 - k / (lags + 1), never negative, for differentials
 * correlated beyond horizon - 1 (errors that follow a season, or calm and turbulent stretches).
 * The small-sample correction stays the one for `horizon`.
 */
export function dieboldMariano(
  lossA: ArrayLike<number>,
  lossB: ArrayLike<number>,
  horizon = 1,
  options: { lags?: number } = {},
): DieboldMarianoResult {
  const n = lossA.length;
  if (lossB.length !== n) throw new Error(`dieboldMariano: ${n} losses against ${lossB.length}`);
  if (n < 2) throw new Error(`dieboldMariano: needs at least 2 forecasts, got ${n}`);
  if (!Number.isInteger(horizon) || horizon < 1 || horizon >= n)
    throw new Error(`dieboldMariano: horizon must be a whole number from 1 to ${n - 1}, got ${horizon}`);
  const d = new Float64Array(n);
  let mean = 0;
  for (let t = 0; t < n; t++) {
    d[t] = lossA[t] - lossB[t];
    mean += d[t];
  }
  mean /= n;
  const autocovariance = (lag: number) => {
    let sum = 0;
    for (let t = lag; t < n; t++) sum += (d[t] - mean) * (d[t - lag] - mean);
    return sum / n;
  };
  const gamma0 = autocovariance(0);
  let longRun = gamma0;
  const { lags } = options;
  if (lags !== undefined) {
    if (!Number.isInteger(lags) || lags < 0 || lags >= n)
      throw new Error(`dieboldMariano: lags must be a whole number from 0 to ${n - 1}, got ${lags}`);
    for (let lag = 1; lag <= lags; lag++) longRun += 2 * (1 - lag / (lags + 1)) * autocovariance(lag);
  } else for (let lag = 1; lag < horizon; lag++) longRun += 2 * autocovariance(lag);
  if (!(longRun > 0)) longRun = gamma0;
  if (!(longRun > 0)) {
    // Every differential is the same number: no spread to test against.
    return { meanDifference: mean, statistic: mean === 0 ? 0 : Math.sign(mean) * Infinity, pValue: mean === 0 ? 1 : 0, n };
  }
  const dm = mean / Math.sqrt(longRun / n);
  const correction = Math.sqrt((n + 1 - 2 * horizon + (horizon * (horizon - 1)) / n) / n);
  const statistic = dm * correction;
  return { meanDifference: mean, statistic, pValue: studentTTwoSided(statistic, n - 1), n };
}

/**
 * Holm's step-down adjustment of p-values for testing several hypotheses at once (Holm 1979,
 * Scandinavian Journal of Statistics 6(2)): the i-th smallest p is multiplied by (m - i), kept at
 * least as large as the one before, and capped at 1. Reject where the adjusted p is below the level.
 */
/**
 * Newey and West's rule for the number of lags of their variance estimate, from the number of
 * observations: floor(4 (n / 100)^(2/9)) (Newey & West, 1994, Review of Economic Studies 61(4)).
 */
export function neweyWestLags(n: number): number {
  return Math.floor(4 * (n / 100) ** (2 / 9));
}

export function holm(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
