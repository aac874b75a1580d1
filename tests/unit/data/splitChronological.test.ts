import assert from 'node:assert/strict';
import { it } from 'node:test';
import { OptionError } from '../../../src/errors';
import { splitChronological } from '../../../src/data/splitChronological';

it('splitChronological(10, 0.6/0.2) keeps time order: train 0-5, validation 6-7, test 8-9', () => {
  assert.deepEqual(splitChronological(10, { trainFraction: 0.6, validationFraction: 0.2 }), {
    train: { start: 0, end: 6 },
    validation: { start: 6, end: 8 },
    test: { start: 8, end: 10 },
  });
});

it('splitChronological floors the boundaries: 5,105 rows at 0.8/0.1 train on 4,084', () => {
  const split = splitChronological(5105, { trainFraction: 0.8, validationFraction: 0.1 });
  assert.deepEqual(split.train, { start: 0, end: 4084 });
  assert.deepEqual(split.validation, { start: 4084, end: 4594 });
  assert.deepEqual(split.test, { start: 4594, end: 5105 });
});

it('splitChronological with validationFraction 0 has an empty validation part', () => {
  const split = splitChronological(10, { trainFraction: 0.8, validationFraction: 0 });
  assert.deepEqual(split.validation, { start: 8, end: 8 });
  assert.deepEqual(split.test, { start: 8, end: 10 });
});

for (const [train, validation, pattern] of [
  [0, 0.1, /trainFraction must be between 0 and 1 \(exclusive\), got 0/],
  [1, 0, /trainFraction must be between 0 and 1 \(exclusive\), got 1/],
  [1.5, 0, /trainFraction must be between 0 and 1 \(exclusive\), got 1\.5/],
  [Number.NaN, 0, /trainFraction must be between 0 and 1 \(exclusive\), got NaN/],
  [0.5, -0.1, /validationFraction must be at least 0 and below 1, got -0\.1/],
  [0.5, 1, /validationFraction must be at least 0 and below 1, got 1/],
  [0.7, 0.4, /trainFraction \+ validationFraction must be below 1 to leave rows for the test part, got 0\.7 \+ 0\.4/],
  [0.8, 0.2, /must be below 1 to leave rows for the test part/],
] as const) {
  it(`splitChronological rejects trainFraction ${train}, validationFraction ${validation}`, () => {
    assert.throws(
      () => splitChronological(100, { trainFraction: train, validationFraction: validation }),
      (error: Error) => {
        assert.ok(error instanceof OptionError);
        assert.match(error.message, pattern);
        return true;
      },
    );
  });
}
