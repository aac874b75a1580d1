import assert from 'node:assert/strict';
import { it } from 'node:test';
import { foldIntervals } from '../../../src/evaluation/foldIntervals';
import { calibratedHalfWidths } from '../../../src/evaluation/intervals';

/** A fold with its models' half-widths made from its calibration errors, as walkForward makes them. */
function withHalfWidths<T extends { calibrationErrors: Record<string, Float64Array> }>(fold: T, horizon: number, levels: number[]) {
  const halfWidths = Object.fromEntries(
    Object.entries(fold.calibrationErrors).map(([name, e]) => [name, calibratedHalfWidths(e, horizon, levels)]),
  );
  return { ...fold, halfWidths };
}

it('foldIntervals calibrates each fold on its own errors and pools the test forecasts: a hand-made case', () => {
  const forecasts = Float64Array.from([10, 10, 10, 10, 10]);
  const fold = {
    // Test values 0, 5, 8, 9 and -10 away from the forecast.
    actual: Float64Array.from([10, 15, 18, 19, 0]),
    forecasts: { m: forecasts },
    // Errors 1..9: the 80% half-width is the 8th smallest, 8; 9 errors are too few for 95% (19 needed).
    calibrationErrors: { m: Float64Array.from([1, -2, 3, -4, 5, -6, 7, -8, 9]) },
  };
  const [at80, at95] = foldIntervals([withHalfWidths(fold, 1, [80, 95])], ['m'], 1, [80, 95], 2);
  assert.deepEqual(
    { ...at80 },
    {
      model: 'm',
      method: 'conformal',
      level: 80,
      step: 1,
      coverage: 3 / 5,
      width: 16,
      intervalScore: 22,
      msis: 11,
      pinball: at80.pinball,
      calibration: 9,
    },
  );
  // Pinball loss of the ends 2 and 18 as the 10% and 90% quantiles of the test values.
  const lower = (0.1 * (8 + 13 + 16 + 17) + 0.9 * 2) / 5;
  const upper = (0.1 * (8 + 3 + 0) + 0.9 * 1 + 0.1 * 18) / 5;
  assert.ok(Math.abs(at80.pinball - (lower + upper) / 2) < 1e-12, `pinball ${at80.pinball}`);
  assert.equal(at95.calibration, 9);
  assert.ok(Number.isNaN(at95.coverage) && Number.isNaN(at95.width), 'too few calibration errors for 95%: no score');
});

it('foldIntervals gives a row per model, level and step, each fold with its own widths', () => {
  const fold = (shift: number) => ({
    actual: Float64Array.from([shift, shift, shift, shift]),
    forecasts: { a: new Float64Array(4), b: new Float64Array(4) },
    calibrationErrors: { a: Float64Array.from({ length: 20 }, (_, i) => i + 1), b: Float64Array.from({ length: 20 }, () => 100) },
  });
  // horizon 2: 2 test windows a fold. Model a's 80% half-widths per step are the 17th smallest of
  // 1, 3, ..., 19 and of 2, 4, ..., 20 (10 errors each: rank ceil(11 * 0.8) = 9): 17 and 18.
  const rows = foldIntervals([withHalfWidths(fold(17.5), 2, [80]), withHalfWidths(fold(0), 2, [80])], ['a', 'b'], 2, [80], 1);
  assert.deepEqual(
    rows.map((r) => [r.model, r.level, r.step, r.coverage]),
    [
      ['a', 80, 1, 0.5],
      ['a', 80, 2, 1],
      ['b', 80, 1, 1],
      ['b', 80, 2, 1],
    ],
  );
});

it('foldIntervals scores textbook half-widths too, where every fold has them, with no calibration count', () => {
  const fold = (width: number) => ({
    actual: Float64Array.from([1, 2, 3, 4]),
    forecasts: { a: new Float64Array(4), b: new Float64Array(4) },
    calibrationErrors: { a: Float64Array.from({ length: 20 }, (_, i) => i + 1), b: Float64Array.from({ length: 20 }, () => 1) },
    textbookHalfWidths: { a: [[width]] },
  });
  // Fold 1's actual values 1-4 within 2.5 of zero: 2 of 4; fold 2's within 3.5: 3 of 4.
  const rows = foldIntervals([withHalfWidths(fold(2.5), 1, [80]), withHalfWidths(fold(3.5), 1, [80])], ['a', 'b'], 1, [80], 1);
  const textbook = rows.filter((r) => r.method === 'textbook');
  assert.deepEqual(
    textbook.map((r) => [r.model, r.level, r.step, r.coverage, r.width, r.calibration]),
    [['a', 80, 1, 5 / 8, 6, null]],
  );
});
