/** Forecast error metrics over flat arrays of equal length, in the data's units. */

export interface Metrics {
  /** Root mean squared error. */
  rmse: number;
  /** Mean absolute error. */
  mae: number;
  /** Mean absolute percentage error, in percent (NaN when an actual value is 0). */
  mape: number;
  /**
   * Share of forecasts that move in the same direction from the last known value as the actual
   * value did (days where the actual value did not move are left out), in [0, 1].
   */
  directionalAccuracy: number;
}

function checkLengths(...arrays: ArrayLike<number>[]): number {
  const n = arrays[0].length;
  for (const array of arrays)
    if (array.length !== n) throw new Error(`metrics: arrays differ in length (${arrays.map((a) => a.length).join(' vs ')})`);
  if (n === 0) throw new Error('metrics: no values');
  return n;
}

export function rmse(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  const n = checkLengths(actual, predicted);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (actual[i] - predicted[i]) ** 2;
  return Math.sqrt(sum / n);
}

export function mae(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  const n = checkLengths(actual, predicted);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs(actual[i] - predicted[i]);
  return sum / n;
}

export function mape(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  const n = checkLengths(actual, predicted);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs((actual[i] - predicted[i]) / actual[i]);
  return (100 * sum) / n;
}

/** `previous` holds the last value known when each forecast was made. */
export function directionalAccuracy(actual: ArrayLike<number>, predicted: ArrayLike<number>, previous: ArrayLike<number>): number {
  const n = checkLengths(actual, predicted, previous);
  let counted = 0;
  let right = 0;
  for (let i = 0; i < n; i++) {
    const move = Math.sign(actual[i] - previous[i]);
    if (move === 0) continue;
    counted++;
    if (Math.sign(predicted[i] - previous[i]) === move) right++;
  }
  return counted === 0 ? NaN : right / counted;
}

/** All four metrics at once. */
export function metrics(actual: ArrayLike<number>, predicted: ArrayLike<number>, previous: ArrayLike<number>): Metrics {
  return {
    rmse: rmse(actual, predicted),
    mae: mae(actual, predicted),
    mape: mape(actual, predicted),
    directionalAccuracy: directionalAccuracy(actual, predicted, previous),
  };
}

/** Mean squared error. */
export function mse(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  return rmse(actual, predicted) ** 2;
}

/**
 * Skill against a reference forecast (persistence here): 1 - MSE / MSE of the reference.
 * 0 is as good as the reference, 1 is perfect, negative is worse than the reference.
 */
export function skill(actual: ArrayLike<number>, predicted: ArrayLike<number>, reference: ArrayLike<number>): number {
  return 1 - mse(actual, predicted) / mse(actual, reference);
}

/**
 * The scale of the mean absolute scaled error: the mean absolute change over `season` steps within
 * the training values, mean |y[t] - y[t - season]| (season 1: the in-sample naive forecast's MAE).
 * Source: Hyndman & Koehler (2006), International Journal of Forecasting 22(4).
 */
export function naiveScale(training: ArrayLike<number>, season = 1): number {
  if (!Number.isInteger(season) || season < 1) throw new Error(`naiveScale: season must be a whole number of at least 1, got ${season}`);
  if (training.length <= season) throw new Error(`naiveScale: ${training.length} training values are too few for season ${season}`);
  let sum = 0;
  for (let t = season; t < training.length; t++) sum += Math.abs(training[t] - training[t - season]);
  return sum / (training.length - season);
}

/** Mean absolute scaled error: MAE divided by `scale` (naiveScale of the training values). Below 1 beats the in-sample naive forecast. */
export function mase(actual: ArrayLike<number>, predicted: ArrayLike<number>, scale: number): number {
  return mae(actual, predicted) / scale;
}

/**
 * The base rate of directional accuracy: the share of up moves among the moves (values that did
 * not move are left out, as in directionalAccuracy). Forecasting "up" every time scores exactly this.
 */
export function upShare(actual: ArrayLike<number>, previous: ArrayLike<number>): number {
  const n = checkLengths(actual, previous);
  let moves = 0;
  let ups = 0;
  for (let i = 0; i < n; i++) {
    if (actual[i] === previous[i]) continue;
    moves++;
    if (actual[i] > previous[i]) ups++;
  }
  return moves === 0 ? NaN : ups / moves;
}
