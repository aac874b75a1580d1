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
  for (const array of arrays) if (array.length !== n) throw new Error(`metrics: arrays differ in length (${arrays.map((a) => a.length).join(' vs ')})`);
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
