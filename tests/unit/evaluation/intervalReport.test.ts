import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IntervalRow } from '../../../src/evaluation/foldIntervals';
import {
  coverageByFold,
  coverageSpread,
  fewestCalibration,
  intervalSummary,
  rankCorrelation,
} from '../../../src/evaluation/intervalReport';
import { calibratedHalfWidths } from '../../../src/evaluation/intervals';
import type { WalkForwardFold } from '../../../src/evaluation/walkForward';

describe('rankCorrelation', () => {
  it('is 1 for any increasing relation, -1 for a decreasing one', () => {
    assert.equal(rankCorrelation([1, 2, 3, 4], [1, 8, 27, 64]), 1);
    assert.equal(rankCorrelation([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  });
  it('matches the textbook formula 1 - 6 sum d^2 / (n (n^2 - 1)) without ties, and takes mean ranks for ties', () => {
    // Ranks of y: 2, 1, 4, 3, 5; d = -1, 1, -1, 1, 0: 1 - 6 * 4 / 120 = 0.8.
    assert.ok(Math.abs(rankCorrelation([1, 2, 3, 4, 5], [20, 10, 40, 30, 50]) - 0.8) < 1e-12);
    // y's ranks 1.5, 1.5, 3: the Pearson correlation of (1, 2, 3) and (1.5, 1.5, 3) is sqrt(3) / 2.
    assert.ok(Math.abs(rankCorrelation([1, 2, 3], [7, 7, 9]) - Math.sqrt(3) / 2) < 1e-12);
  });
  it('refuses samples of different lengths', () => assert.throws(() => rankCorrelation([1, 2], [1]), /same length/));
});

describe('intervalSummary', () => {
  it("averages each model's, method's and level's scores over the steps", () => {
    const row = (step: number, coverage: number, method: IntervalRow['method'] = 'conformal'): IntervalRow => ({
      model: 'm',
      method,
      level: 80,
      step,
      coverage,
      width: step,
      intervalScore: 2 * step,
      msis: step,
      pinball: 1,
      calibration: method === 'conformal' ? 30 : null,
    });
    const summary = intervalSummary({ intervals: [row(1, 0.5), row(2, 1), row(1, 0.25, 'textbook'), row(2, 0.75, 'textbook')] });
    assert.deepEqual(summary, [
      { model: 'm', method: 'conformal', level: 80, coverage: 0.75, width: 1.5, intervalScore: 3, msis: 1.5, pinball: 1 },
      { model: 'm', method: 'textbook', level: 80, coverage: 0.5, width: 1.5, intervalScore: 3, msis: 1.5, pinball: 1 },
    ]);
  });
});

describe('coverageByFold', () => {
  it("gives each fold's coverage and its test errors' RMSE over its calibration errors'", () => {
    const fold = (k: number, testError: number): WalkForwardFold => {
      // 9 calibration errors of 1..9 (80%: the 8th smallest, 8); 4 test values off by testError.
      const calibrationErrors = { m: Float64Array.from({ length: 9 }, (_, i) => (i % 2 ? -1 : 1) * (i + 1)) };
      return {
        fold: k,
        actual: Float64Array.from([testError, -testError, 0, 0]),
        forecasts: { m: new Float64Array(4) },
        calibrationErrors,
        halfWidths: { m: calibratedHalfWidths(calibrationErrors.m, 1, [80]) },
      } as unknown as WalkForwardFold;
    };
    const got = coverageByFold({ folds: [fold(1, 2), fold(2, 9)], options: { levels: [80], data: { horizon: 1 } } as never }, 'm', 80);
    // Calibration RMSE: sqrt(285 / 9); test RMSE: sqrt(2 t^2 / 4).
    const calibration = Math.sqrt(285 / 9);
    assert.deepEqual(
      got.map((f) => [f.fold, f.coverage]),
      [
        [1, 1],
        [2, 0.5],
      ],
    );
    assert.ok(Math.abs(got[0].errorRatio - Math.sqrt(2) / calibration) < 1e-12);
    assert.ok(Math.abs(got[1].errorRatio - 9 / Math.sqrt(2) / calibration) < 1e-12);
    assert.throws(() => coverageByFold({ folds: [], options: { levels: [80], data: { horizon: 1 } } as never }, 'm', 95), /not 95/);
  });
});

describe('coverageSpread and fewestCalibration', () => {
  it("gives the Beta law's sd of one conformal interval's coverage: about sqrt(L (1 - L) / (n + 2))", () => {
    // n = 63, 80%: k = ceil(64 * 0.8) = 52; sqrt(52 * 12 / (64^2 * 65)) = 0.0484.
    assert.ok(Math.abs(coverageSpread(63, 80) - 100 * Math.sqrt((52 * 12) / (64 ** 2 * 65))) < 1e-12);
    assert.ok(Math.abs(coverageSpread(999, 90) - 100 * Math.sqrt(0.09 / 1001)) < 1e-9);
    assert.ok(coverageSpread(492, 80) < coverageSpread(63, 80));
  });
  it('finds the fewest calibration errors among the conformal rows, ignoring the textbook ones', () => {
    const rows = [{ calibration: 80 }, { calibration: 63 }, { calibration: null }] as never;
    assert.equal(fewestCalibration({ intervals: rows }), 63);
  });
});
