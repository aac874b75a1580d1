import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OptionError } from '../../../src/errors';
import {
  checkLevels,
  calibratedHalfWidths,
  conformalHalfWidths,
  coverage,
  intervalScore,
  meanWidth,
  minimumCalibration,
  msis,
  naiveHalfWidth,
  textbookHalfWidths,
  textbookSigma,
  normalQuantile,
  pinballLoss,
} from '../../../src/evaluation/intervals';

const optionError = (pattern: RegExp) => (error: Error) => error instanceof OptionError && pattern.test(error.message);

describe('conformal half-widths', () => {
  it('take the ceil((n + 1) level)-th smallest absolute error of each step', () => {
    // 9 rows, 2 steps: step 1 errors +-1..9, step 2 ten times those.
    const errors = Array.from({ length: 9 }, (_, i) => [(i % 2 ? -1 : 1) * (i + 1), 10 * (i + 1)]).flat();
    // 80%: rank ceil(10 * 0.8) = 8; 50%: rank 5.
    assert.deepEqual(conformalHalfWidths(errors, 2, [50, 80]), [
      [5, 50],
      [8, 80],
    ]);
  });

  it('refuse a level the calibration rows cannot give, saying how many it needs', () => {
    assert.equal(minimumCalibration(80), 4);
    assert.equal(minimumCalibration(95), 19);
    assert.deepEqual(conformalHalfWidths([1, 2, 3, 4], 1, [80]), [[4]]);
    assert.throws(
      () => conformalHalfWidths([1, 2, 3], 1, [80]),
      optionError(/80% conformal interval needs at least 4 calibration forecasts per step, and there are 3/),
    );
  });

  it('calibratedHalfWidths gives NaN at each step of a level the rows cannot calibrate', () => {
    assert.deepEqual(calibratedHalfWidths([1, 2, 3, 4, 5, 6, 7, 8], 2, [50, 95]), [
      [5, 6],
      [NaN, NaN],
    ]);
  });

  it('hold their level on new exchangeable errors: 80% of fresh draws fall inside, within sampling error', () => {
    let seed = 7;
    const uniform = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31 - 0.5;
    };
    const [[width]] = conformalHalfWidths(Array.from({ length: 199 }, uniform), 1, [80]);
    const fresh = Array.from({ length: 20000 }, uniform);
    const held = coverage(
      fresh,
      fresh.map(() => -width),
      fresh.map(() => width),
    );
    assert.ok(Math.abs(held - 0.8) < 0.04, `coverage ${held}`);
  });
});

describe('interval scores on a hand-made case', () => {
  // Three forecasts with [lo, hi] = [0, 2]; actual values inside, below by 1, above by 2.
  const actual = [1, -1, 4];
  const lo = [0, 0, 0];
  const hi = [2, 2, 2];

  it('coverage counts the values inside, ends included', () => {
    assert.equal(coverage(actual, lo, hi), 1 / 3);
    assert.equal(coverage([0, 2], [0, 0], [2, 2]), 1);
  });

  it('mean width', () => assert.equal(meanWidth(lo, hi), 2));

  it('the interval score adds 2 / alpha times each miss to the width', () => {
    // 80%: alpha 0.2, penalty 10: (2 + 0) + (2 + 10) + (2 + 20) = 36, mean 12.
    assert.ok(Math.abs(intervalScore(actual, lo, hi, 80) - 12) < 1e-12);
    assert.ok(Math.abs(msis(actual, lo, hi, 80, 4) - 3) < 1e-12);
  });

  it('the pinball loss weighs values above by tau and below by 1 - tau', () => {
    // tau 0.9 against the upper ends 2: misses of -1, -3 (below, weight 0.1) and +2 (above, weight 0.9).
    assert.ok(Math.abs(pinballLoss(actual, hi, 0.9) - (0.1 + 0.3 + 1.8) / 3) < 1e-12);
  });
});

describe("the naive methods' textbook intervals (FPP3 5.5)", () => {
  it('normalQuantile gives the usual z values', () => {
    assert.ok(Math.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-8);
    assert.ok(Math.abs(normalQuantile(0.9) - 1.2815515655446004) < 1e-8);
    assert.ok(Math.abs(normalQuantile(0.001) + 3.090232306167813) < 1e-8);
    assert.ok(Math.abs(normalQuantile(0.025) + normalQuantile(0.975)) < 1e-12, 'symmetric');
    assert.equal(normalQuantile(0.5), 0);
  });

  it('persistence widens with the square root of the step; drift a little faster', () => {
    const sigma = 2;
    const one = naiveHalfWidth('persistence', { sigma, step: 1, level: 95, observations: 100 });
    assert.ok(Math.abs(one - 1.959963984540054 * 2) < 1e-8);
    assert.ok(Math.abs(naiveHalfWidth('persistence', { sigma, step: 4, level: 95, observations: 100 }) - 2 * one) < 1e-12);
    const drift = naiveHalfWidth('drift', { sigma, step: 4, level: 95, observations: 100 });
    assert.ok(Math.abs(drift - 2 * one * Math.sqrt(1.04)) < 1e-12);
  });

  it('seasonal naive widens by whole seasons: steps 1-4 of a season of 4 share a width, steps 5-8 have sqrt(2) times it', () => {
    const at = (step: number) => naiveHalfWidth('seasonal-naive', { sigma: 1, step, level: 80, observations: 50, season: 4 });
    assert.deepEqual([at(1), at(4)], [at(1), at(1)]);
    assert.ok(Math.abs(at(5) - Math.SQRT2 * at(1)) < 1e-12 && Math.abs(at(8) - at(5)) < 1e-15);
    assert.ok(Math.abs(at(9) - Math.sqrt(3) * at(1)) < 1e-12);
  });

  it("textbookSigma is the sd of each method's one-step residuals, with a degree of freedom for drift's slope", () => {
    const values = [100, 1, 3, 4, 8];
    const rows = { start: 1, end: 5 };
    // Differences 2, 1, 4; drift's slope 7/3 leaves -1/3, -4/3, 5/3; lag-2 differences 3, 5.
    assert.ok(Math.abs(textbookSigma('persistence', values, rows) - Math.sqrt(21 / 3)) < 1e-12);
    assert.ok(Math.abs(textbookSigma('drift', values, rows) - Math.sqrt(42 / 9 / 2)) < 1e-12);
    assert.ok(Math.abs(textbookSigma('seasonal-naive', values, rows, 2) - Math.sqrt(34 / 2)) < 1e-12);
    const widths = textbookHalfWidths('persistence', values, rows, 3, [80, 95]);
    assert.equal(widths.length, 2);
    assert.ok(Math.abs(widths[1][2] - 1.959963984540054 * Math.sqrt(7) * Math.sqrt(3)) < 1e-8);
  });
});

describe('checkLevels', () => {
  it('takes increasing levels between 0 and 100', () => assert.doesNotThrow(() => checkLevels([80, 95])));
  it('refuses a level out of range, a repeated one, unsorted ones and none', () => {
    assert.throws(() => checkLevels([80, 100]), optionError(/--levels: 100 is not a level between 0 and 100/));
    assert.throws(() => checkLevels([0]), optionError(/0 is not a level/));
    assert.throws(() => checkLevels([95, 80]), optionError(/must be increasing, each level once; got 95,80/));
    assert.throws(() => checkLevels([80, 80]), optionError(/increasing/));
    assert.throws(() => checkLevels([]), optionError(/names no level/));
  });
});
