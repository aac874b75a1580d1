import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DataError } from '../../../src/errors';
import { MinMaxScaler } from '../../../src/data/MinMaxScaler';
import { round, tableOf } from '../../helpers';

it('MinMaxScaler.fit takes min and max from the training rows alone', () => {
  // Rows 0-3 train; the test rows hold a new maximum (100) and minimum (-50) that must not leak.
  const table = tableOf({ close: [2, 4, 3, 6, 100, -50] });
  const scaler = MinMaxScaler.fit(table, { columns: ['close'], rows: { start: 0, end: 4 } });
  assert.equal(scaler.min.close, 2);
  assert.equal(scaler.max.close, 6);
  // Training rows land in [0, 1]; later rows may fall outside, as they should.
  assert.deepEqual(round(scaler.transform('close', table.columns.close)), [0, 0.5, 0.25, 1, 24.5, -13]);
});

it('MinMaxScaler.fit on all rows would differ: the split matters', () => {
  const table = tableOf({ close: [2, 4, 3, 6, 100, -50] });
  const honest = MinMaxScaler.fit(table, { columns: ['close'], rows: { start: 0, end: 4 } });
  const leaky = MinMaxScaler.fit(table, { columns: ['close'], rows: { start: 0, end: 6 } });
  assert.equal(leaky.max.close, 100);
  assert.equal(leaky.min.close, -50);
  // Fitted on all rows, the test rows' extremes land at exactly 1 and 0, as if the model had seen them;
  // fitted on the training rows, they lie outside [0, 1], as new values should.
  assert.deepEqual(round(leaky.transform('close', [100, -50])), [1, 0]);
  assert.deepEqual(round(honest.transform('close', [100, -50])), [24.5, -13]);
  // And the training rows themselves are squeezed into a sliver of the range.
  assert.deepEqual(round(leaky.transform('close', [2, 6]), 4), [0.3467, 0.3733]);
  assert.deepEqual(round(honest.transform('close', [2, 6])), [0, 1]);
});

it('MinMaxScaler.inverse undoes transform, in the data units', () => {
  const table = tableOf({ a: [10, 20, 30], b: [1, 1.5, 2] });
  const scaler = MinMaxScaler.fit(table, { columns: ['a', 'B'], rows: { start: 0, end: 3 } });
  assert.deepEqual(round(scaler.transform('b', [1, 1.5, 2])), [0, 0.5, 1]);
  assert.deepEqual(round(scaler.inverse('A', [0, 0.25, 1])), [10, 15, 30]);
});

it('MinMaxScaler.transformTable scales the fitted columns and leaves the others out', () => {
  const table = tableOf({ a: [0, 5, 10], b: [3, 2, 1] });
  const scaled = MinMaxScaler.fit(table, { columns: ['a'], rows: { start: 0, end: 3 } }).transformTable(table);
  assert.deepEqual(scaled.names, ['a']);
  assert.deepEqual(round(scaled.columns.a), [0, 0.5, 1]);
  assert.deepEqual(scaled.dates, table.dates);
});

it('MinMaxScaler.fit rejects a column constant over the training rows, naming it', () => {
  const table = tableOf({ open: [1, 2, 3, 4], volume: [7, 7, 7, 9] });
  assert.throws(
    () => MinMaxScaler.fit(table, { columns: ['open', 'volume'], rows: { start: 0, end: 3 } }),
    (error: Error) => {
      assert.ok(error instanceof DataError);
      assert.match(error.message, /column "volume": constant \(7\) over the 3 training rows; min-max scaling would divide by zero/);
      return true;
    },
  );
});

it('MinMaxScaler.fit names a column whose range over the training rows overflows a 64-bit float', () => {
  const table = tableOf({ big: [1.7e308, -1.7e308, 1] });
  assert.throws(
    () => MinMaxScaler.fit(table, { columns: ['big'], rows: { start: 0, end: 3 } }),
    (error: Error) =>
      error instanceof DataError && /column "big": .* span -1\.7e\+308 to 1\.7e\+308, a range too large/.test(error.message),
  );
});
