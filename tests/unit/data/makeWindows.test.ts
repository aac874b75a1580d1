import assert from 'node:assert/strict';
import { it } from 'node:test';
import { OptionError } from '../../../src/errors';
import { makeWindows } from '../../../src/data/makeWindows';
import { MinMaxScaler } from '../../../src/data/MinMaxScaler';
import { tableOf } from '../../helpers';

// Six rows; feature values encode (row, column) so every position can be checked by eye.
const table = tableOf({ a: [10, 11, 12, 13, 14, 15], b: [20, 21, 22, 23, 24, 25], y: [0, 1, 2, 3, 4, 5] });

it('makeWindows(lookBack 2, horizon 1) gives [N, L, F] inputs and the next target', () => {
  const w = makeWindows(table, { features: ['a', 'b'], target: 'y', lookBack: 2, horizon: 1 });
  assert.equal(w.n, 4);
  assert.equal(w.xs.length, 4 * 2 * 2);
  // Window 0: rows 0 and 1 of (a, b), target y[2].
  assert.deepEqual(Array.from(w.xs.subarray(0, 4)), [10, 20, 11, 21]);
  assert.deepEqual(Array.from(w.xs.subarray(12, 16)), [13, 23, 14, 24]);
  assert.deepEqual(Array.from(w.ys), [2, 3, 4, 5]);
  assert.deepEqual(Array.from(w.targetRows), [2, 3, 4, 5]);
  assert.deepEqual(w.targetDates, ['2020-01-03', '2020-01-04', '2020-01-05', '2020-01-06']);
});

it('makeWindows(horizon 2) gives [N, horizon] targets', () => {
  const w = makeWindows(table, { features: ['y'], target: 'y', lookBack: 3, horizon: 2 });
  assert.equal(w.n, 2);
  assert.deepEqual(Array.from(w.xs), [0, 1, 2, 1, 2, 3]);
  assert.deepEqual(Array.from(w.ys), [3, 4, 4, 5]);
});

it('makeWindows(rows) keeps windows whose targets lie in the rows; inputs may reach back before them', () => {
  const w = makeWindows(table, { features: ['a'], target: 'y', lookBack: 2, horizon: 1, rows: { start: 4, end: 6 } });
  assert.deepEqual(Array.from(w.targetRows), [4, 5]);
  assert.deepEqual(Array.from(w.xs), [12, 13, 13, 14]);
});

it('makeWindows finds columns case-insensitively and reports the header names', () => {
  const w = makeWindows(table, { features: ['A'], target: 'Y', lookBack: 1, horizon: 1 });
  assert.deepEqual(w.features, ['a']);
  assert.equal(w.target, 'y');
});

it('makeWindows returns no windows when rows are too few', () => {
  const w = makeWindows(table, { features: ['a'], target: 'y', lookBack: 6, horizon: 1 });
  assert.equal(w.n, 0);
});

for (const [key, value] of [['lookBack', 0], ['lookBack', 2.5], ['horizon', 0], ['horizon', -1]] as const) {
  it(`makeWindows rejects ${key} ${value}`, () => {
    const options = { features: ['a'], target: 'y', lookBack: 2, horizon: 1, [key]: value };
    assert.throws(() => makeWindows(table, options), (error: Error) => {
      assert.ok(error instanceof OptionError);
      assert.equal(error.message, `${key} must be a whole number of at least 1, got ${value}`);
      return true;
    });
  });
}

it('makeWindows rejects an unknown feature, listing the columns', () => {
  assert.throws(() => makeWindows(table, { features: ['volume'], target: 'y', lookBack: 2, horizon: 1 }), /no column "volume"\. Available columns: "a", "b", "y"/);
});

it('makeWindows(scaler) cuts exactly the windows of the scaled table, without scaling a copy of it', () => {
  const values = tableOf({ a: [1.1, 2.7, 3.3, 0.4, 9.9, 5.5], y: [100.01, 101.7, 99.3, 98.8, 102.2, 103.9] });
  const scaler = MinMaxScaler.fit(values, { columns: ['a', 'y'], rows: { start: 0, end: 4 } });
  const options = { features: ['a', 'y'], target: 'y', lookBack: 2, horizon: 2 };
  const direct = makeWindows(values, { ...options, scaler });
  const copied = makeWindows(scaler.transformTable(values), options);
  assert.deepEqual(new Uint8Array(direct.xs.buffer), new Uint8Array(copied.xs.buffer));
  assert.deepEqual(new Uint8Array(direct.ys.buffer), new Uint8Array(copied.ys.buffer));
  assert.deepEqual(direct.targetDates, copied.targetDates);
});
