import assert from 'node:assert/strict';
import { it } from 'node:test';
import { splitChronological } from '../../../src/data/splitChronological';
import { walkForwardSplits } from '../../../src/data/walkForwardSplits';
import { OptionError } from '../../../src/errors';

const fractions = { trainFraction: 0.8, validationFraction: 0.1 };

it('one fold is the single chronological split', () => {
  assert.deepEqual(walkForwardSplits(5105, { ...fractions, folds: 1, horizon: 1 }), [splitChronological(5105, fractions)]);
});

it('folds tile the tested rows in time order; each trains on all rows before its validation tail', () => {
  const splits = walkForwardSplits(1000, { ...fractions, folds: 4, horizon: 1 });
  assert.deepEqual(
    splits.map((s) => [s.test.start, s.test.end]),
    [
      [900, 925],
      [925, 950],
      [950, 975],
      [975, 1000],
    ],
  );
  for (const s of splits) {
    assert.equal(s.train.start, 0);
    assert.equal(s.validation.end, s.test.start);
    assert.equal(s.validation.end - s.validation.start, 100);
    assert.equal(s.train.end, s.validation.start);
  }
});

it('more folds than the data allows: the rows each block would get and the most folds possible', () => {
  assert.throws(
    () => walkForwardSplits(100, { ...fractions, folds: 4, horizon: 3 }),
    (error: Error) => {
      assert.ok(error instanceof OptionError);
      assert.match(
        error.message,
        /4 folds would give each test block 2 of the 10 tested rows, fewer than the 3 one window needs \(horizon 3\); use at most 3 folds/,
      );
      return true;
    },
  );
  assert.throws(() => walkForwardSplits(100, { ...fractions, folds: 0, horizon: 1 }), /folds must be a whole number of at least 1, got 0/);
});
