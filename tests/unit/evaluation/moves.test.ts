import * as assert from 'node:assert/strict';
import { it } from 'node:test';
import { changesOutsideTraining, meanSeedMoveSd, meanTestedChange, moveSd } from '../../../src/evaluation/moves';
import type { WalkForwardFold } from '../../../src/evaluation/walkForward';

/** A fold of one-step windows with the given target rows, over `values`, forecasts by hand. */
function fold(options: {
  fold: number;
  trainEnd: number;
  targetRows: number[];
  values: number[];
  forecasts: Record<string, number[]>;
  seeds: Record<string, number[][]>;
}): WalkForwardFold {
  const { targetRows, values } = options;
  const rows = Int32Array.from(targetRows);
  return {
    fold: options.fold,
    split: {
      train: { start: 0, end: options.trainEnd },
      validation: { start: options.trainEnd, end: options.trainEnd },
      test: { start: targetRows[0], end: targetRows[targetRows.length - 1] + 1 },
    },
    dates: targetRows.map((t) => `row ${t}`),
    targetRows: rows,
    actual: Float64Array.from(targetRows, (t) => values[t]),
    previous: Float64Array.from(targetRows, (t) => values[t - 1]),
    forecasts: Object.fromEntries(Object.entries(options.forecasts).map(([k, v]) => [k, Float64Array.from(v)])),
    seedForecasts: Object.fromEntries(Object.entries(options.seeds).map(([k, v]) => [k, v.map((s) => Float64Array.from(s))])),
    calibrationErrors: {},
    calibrationRows: new Int32Array(0),
    halfWidths: {},
    textbookHalfWidths: {},
  };
}

// Rows 0..7; changes 1, 2, -1, 3, 0, -6, 3 (rows 1-7). Fold 1 trains on rows 0-3 and tests rows 4, 5;
// fold 2 trains on rows 0-5 and tests rows 6, 7.
const values = [10, 11, 13, 12, 15, 15, 9, 12];
const folds = [
  fold({
    fold: 1,
    trainEnd: 4,
    targetRows: [4, 5],
    values,
    forecasts: { net: [12, 15] },
    seeds: {
      net: [
        [13, 15],
        [11, 15],
      ],
    },
  }),
  fold({
    fold: 2,
    trainEnd: 6,
    targetRows: [6, 7],
    values,
    forecasts: { net: [15, 9] },
    seeds: {
      net: [
        [16, 9],
        [14, 9],
      ],
    },
  }),
];
const sd = (xs: number[]) => {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
};

it('moveSd: the sd of value minus last known value over every fold, for the actual values, a model or one seed', () => {
  // Actual moves: 15-12, 15-15, 9-15, 12-9.
  assert.equal(moveSd({ folds }, 'actual'), sd([3, 0, -6, 3]));
  // The mean forecasts' moves: 12-12, 15-15, 15-15, 9-9: all zero.
  assert.equal(moveSd({ folds }, { model: 'net' }), 0);
  assert.equal(moveSd({ folds }, { model: 'net', seed: 0 }), sd([1, 0, 1, 0]));
  assert.equal(moveSd({ folds }, { model: 'net', seed: 1 }), sd([-1, 0, -1, 0]));
  assert.throws(() => moveSd({ folds }, { model: 'other' }), /no forecasts of "other" in fold 1/);
  assert.throws(() => moveSd({ folds }, { model: 'net', seed: 2 }), /"net" for seed index 2 in fold 1/);
});

it("meanSeedMoveSd: the mean over seeds of each seed's move sd, not the sd of the seeds' mean", () => {
  assert.equal(meanSeedMoveSd({ folds }, 'net'), (sd([1, 0, 1, 0]) + sd([-1, 0, -1, 0])) / 2);
  assert.notEqual(meanSeedMoveSd({ folds }, 'net'), moveSd({ folds }, { model: 'net' }));
  assert.throws(() => meanSeedMoveSd({ folds }, 'persistence'), /has no seeds' forecasts/);
});

it('meanTestedChange: the mean change over `lag` rows at every tested row', () => {
  // lag 1: 3, 0, -6, 3; lag 2: 15-13, 15-12, 9-15, 12-15.
  assert.equal(meanTestedChange({ folds }, values, 1), (3 + 0 - 6 + 3) / 4);
  assert.equal(meanTestedChange({ folds }, values, 2), (2 + 3 - 6 - 3) / 4);
  assert.throws(() => meanTestedChange({ folds }, values, 5), /row 4 has no row 5 rows before it/);
});

it("changesOutsideTraining: tested changes beyond the range of the changes over each fold's own training rows", () => {
  // Fold 1 trains on changes 1, 2, -1 (range -1..2): its 3 is outside, its 0 is not.
  // Fold 2 trains on changes 1, 2, -1, 3, 0 (range -1..3): its -6 is outside, its 3 is not.
  assert.deepEqual(changesOutsideTraining({ folds }, values), { outside: 2, tested: 4 });
  // Fold 2's 3 lies outside fold 1's range: with fold 1's training rows it would count.
  const shorter = [folds[0], { ...folds[1], split: folds[0].split }];
  assert.deepEqual(changesOutsideTraining({ folds: shorter }, values), { outside: 3, tested: 4 });
  // A fold trained on rows 0-2 only (changes 1, 2): 0 at row 5 is then outside too.
  const narrow = [{ ...folds[0], split: { ...folds[0].split, train: { start: 0, end: 3 } } }];
  assert.deepEqual(changesOutsideTraining({ folds: narrow }, values), { outside: 2, tested: 2 });
});
