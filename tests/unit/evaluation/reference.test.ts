// Metrics, baselines, the Diebold-Mariano test and least squares against values computed by formula
// with numpy and scipy (tests/fixtures/evaluation/make_evaluation_fixtures.py -> tests/fixtures/evaluation/reference.json).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { drift, seasonalNaive } from '../../../src/evaluation/baselines';
import { dieboldMariano, holm, neweyWestLags } from '../../../src/evaluation/dieboldMariano';
import { directionalAccuracy, mae, mape, mase, naiveScale, rmse, skill, upShare } from '../../../src/evaluation/metrics';
import { studentTTwoSided } from '../../../src/evaluation/studentT';
import { welchTest } from '../../../src/evaluation/welch';
import { LinearAutoregression, solveSymmetric } from '../../../src/models/LinearAutoregression';
import { assertAllClose, FIXTURES } from '../../helpers';

const ref = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'evaluation', 'reference.json'), 'utf8'));
const close = (actual: number, expected: number, tolerance = 1e-10) =>
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${actual} != ${expected}`);

describe('metrics against numpy', () => {
  it('rmse, mae, mape', () => {
    close(rmse(ref.actual, ref.predicted), ref.rmse);
    close(mae(ref.actual, ref.predicted), ref.mae);
    close(mape(ref.actual, ref.predicted), ref.mape);
  });
  it('directional accuracy and its base rate, the share of up moves', () => {
    close(directionalAccuracy(ref.actual, ref.predicted, ref.previous), ref.directionalAccuracy);
    close(upShare(ref.actual, ref.previous), ref.upShare);
    // "Always up" scores the base rate.
    const alwaysUp = ref.previous.map((p: number) => p + 1);
    close(directionalAccuracy(ref.actual, alwaysUp, ref.previous), ref.upShare);
  });
  it('skill against persistence: 1 - MSE / MSE of persistence', () => {
    close(skill(ref.actual, ref.predicted, ref.previous), ref.skill);
    assert.equal(skill(ref.actual, ref.previous, ref.previous), 0);
  });
  it('MASE scaled by the in-sample naive and seasonal naive errors', () => {
    const train = ref.values.slice(0, ref.nTrain);
    close(naiveScale(train), ref.naiveScale1);
    close(naiveScale(train, 4), ref.naiveScale4);
    close(mase(ref.actual, ref.predicted, naiveScale(train, 4)), ref.mase4);
  });
});

describe('Student-t and Diebold-Mariano against scipy', () => {
  it('two-sided Student-t tail probabilities', () => {
    for (const { t, dof, p } of ref.studentT) close(studentTTwoSided(t, dof), p, 1e-9);
  });
  it('one step ahead: statistic and p-value with the Harvey-Leybourne-Newbold correction', () => {
    const lossA = ref.actual.map((a: number, i: number) => (a - ref.predicted[i]) ** 2);
    const lossB = ref.actual.map((a: number, i: number) => (a - ref.previous[i]) ** 2);
    const result = dieboldMariano(lossA, lossB, 1);
    close(result.meanDifference, ref.dmH1.meanDifference);
    close(result.statistic, ref.dmH1.statistic, 1e-9);
    close(result.pValue, ref.dmH1.pValue, 1e-9);
  });
  it('three steps ahead: autocovariances up to lag 2 in the variance', () => {
    const result = dieboldMariano(ref.dmH3.lossA, ref.dmH3.lossB, 3);
    close(result.statistic, ref.dmH3.statistic, 1e-9);
    close(result.pValue, ref.dmH3.pValue, 1e-9);
    assert.notEqual(dieboldMariano(ref.dmH3.lossA, ref.dmH3.lossB, 1).statistic, result.statistic);
  });
  it("with lags: Newey and West's variance of the mean, as statsmodels' HAC covariance computes it", () => {
    const { lags, varianceOfMean, meanDifference } = ref.dmNeweyWest;
    const n = ref.dmH3.lossA.length;
    const result = dieboldMariano(ref.dmH3.lossA, ref.dmH3.lossB, 1, { lags });
    close(result.meanDifference, meanDifference, 1e-12);
    // The one-step small-sample factor, sqrt((n - 1) / n), on mean / sd of the mean.
    close(result.statistic, (meanDifference / Math.sqrt(varianceOfMean)) * Math.sqrt((n - 1) / n), 1e-9);
    assert.notEqual(dieboldMariano(ref.dmH3.lossA, ref.dmH3.lossB, 1).statistic, result.statistic);
    assert.throws(() => dieboldMariano([1, 2, 3], [3, 2, 1], 1, { lags: 3 }), /lags must be a whole number from 0 to 2/);
  });
  it("Welch's t-test: scipy's statistic, p-value and the Welch-Satterthwaite degrees of freedom", () => {
    const result = welchTest(ref.welch.a, ref.welch.b);
    close(result.statistic, ref.welch.statistic, 1e-9);
    close(result.pValue, ref.welch.pValue, 1e-9);
    close(result.degreesOfFreedom, ref.welch.dof, 1e-9);
    assert.equal(welchTest([1, 1], [1, 1]).pValue, 1);
    assert.throws(() => welchTest([1], [1, 2]), /at least 2 values/);
  });
  it("Newey and West's lag rule, floor(4 (n / 100)^(2/9))", () => {
    assert.deepEqual([50, 100, 297, 2042].map(neweyWestLags), [3, 4, 5, 7]);
  });
  it('equal losses everywhere give p = 1; too few forecasts are refused', () => {
    assert.equal(dieboldMariano([1, 2, 3], [1, 2, 3]).pValue, 1);
    assert.throws(() => dieboldMariano([1], [2]), /at least 2 forecasts/);
    assert.throws(() => dieboldMariano([1, 2, 3], [1, 2, 3], 3), /horizon must be a whole number from 1 to 2/);
  });
});

describe('baselines against numpy', () => {
  const input = { values: ref.values, targetRows: ref.targetRows, horizon: ref.horizon };
  it('drift: last value plus (h + 1) times the mean training change', () => {
    assertAllClose(drift(input, { start: 0, end: ref.nTrain }), ref.drift, 1e-10, 'drift');
  });
  it('seasonal naive reaches back the fewest whole seasons that land on a known row', () => {
    assertAllClose(seasonalNaive(input, 4), ref.seasonalNaive4, 0, 'seasonal naive 4');
    assertAllClose(seasonalNaive(input, 2), ref.seasonalNaive2, 0, 'seasonal naive 2');
  });
});

it('LinearAutoregression.fit without ridge gives numpy lstsq weights', () => {
  const { xs, ys, weights } = ref.leastSquares;
  const windows = { xs: Float32Array.from(xs), ys: Float32Array.from(ys), n: 40, seqLen: 3, inputSize: 2, horizon: 2 };
  const model = LinearAutoregression.fit(windows, { ridge: 0 });
  // float32 windows against float64 numpy: agreement to float32 precision.
  assertAllClose(model.weights, weights, 1e-5, 'weights', 'numpy');
  const predicted = model.predict(windows);
  const residual = Math.sqrt(predicted.reduce((s, p, i) => s + (p - ys[i]) ** 2, 0) / predicted.length);
  assert.ok(residual < 0.15, `residual ${residual}`);
});

it('LinearAutoregression.fit sums four windows at a time to the same bits as one window at a time', () => {
  // 37 windows: nine blocks of four and a last block of one.
  const n = 37;
  const seqLen = 3;
  const inputSize = 2;
  const horizon = 2;
  const inputs = seqLen * inputSize;
  const p = inputs + 1;
  const xs = Float32Array.from({ length: n * inputs }, (_, i) => Math.sin(i * 1.7) * 0.9 + (i % 5) * 0.01);
  const ys = Float32Array.from({ length: n * horizon }, (_, i) => Math.cos(i * 0.3));
  const ridge = 0.25;
  // The normal equations one window at a time, and each product added in window order.
  const A = new Float64Array(p * p);
  const b = new Float64Array(p * horizon);
  for (let i = 0; i < n; i++) {
    const row = [...xs.subarray(i * inputs, (i + 1) * inputs), 1];
    for (let j = 0; j < p; j++) {
      for (let k = j; k < p; k++) A[j * p + k] += row[j] * row[k];
      for (let h = 0; h < horizon; h++) b[j * horizon + h] += row[j] * ys[i * horizon + h];
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) A[j * p + k] = A[k * p + j];
  for (let j = 0; j < inputs; j++) A[j * p + j] += ridge;
  const expected = solveSymmetric(A, b, p, horizon);
  const model = LinearAutoregression.fit({ xs, ys, n, seqLen, inputSize, horizon }, { ridge });
  assert.equal(model.weights.length, expected.length);
  model.weights.forEach((w, i) => assert.ok(Object.is(w, expected[i]), `weight ${i}: ${w} != ${expected[i]}`));
});

it('holm adjusts p-values step-down: (m - rank) times p, never smaller than the previous, at most 1', () => {
  // Sorted 0.01, 0.02, 0.04, 0.3 -> 0.04, 0.06, 0.08, 0.3; in the input order.
  assert.deepEqual(
    holm([0.04, 0.3, 0.01, 0.02]).map((p) => Number(p.toFixed(12))),
    [0.08, 0.3, 0.04, 0.06],
  );
  // Monotone: 0.02 * 3 = 0.06 but 0.025 * 2 = 0.05 is raised to 0.06.
  assert.deepEqual(
    holm([0.02, 0.025, 0.9]).map((p) => Number(p.toFixed(12))),
    [0.06, 0.06, 0.9],
  );
  assert.deepEqual(holm([0.6, 0.7]), [1, 1]);
});
