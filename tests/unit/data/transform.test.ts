import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prepareData } from '../../../src/data/prepareData';
import { toLevels, transformColumn, transformTable } from '../../../src/data/transform';
import { DataError } from '../../../src/errors';
import { assertAllClose, tableOf, writeCsv } from '../../helpers';

const where = { source: 'x.csv', column: 'close', dates: ['d1', 'd2', 'd3', 'd4', 'd5'] };

describe('transformColumn', () => {
  it('change: x[r] - x[r - 1], row 0 NaN; log-return: log(x[r] / x[r - 1])', () => {
    const change = transformColumn([10, 12, 9, 9, 15], 'change', where);
    assert.ok(Number.isNaN(change[0]));
    assert.deepEqual(Array.from(change.subarray(1)), [2, -3, 0, 6]);
    const logReturn = transformColumn([10, 20, 10], 'log-return', where);
    assert.deepEqual(Array.from(logReturn.subarray(1)), [Math.log(2), Math.log(0.5)]);
    assert.deepEqual(Array.from(transformColumn([1, 2], 'level', where)), [1, 2]);
  });
  it('log-return of a zero or negative value names the row (file line), date, column and value', () => {
    assert.throws(
      () => transformColumn([10, 12, 0, 9, 15], 'log-return', where),
      (error: Error) => {
        assert.ok(error instanceof DataError);
        assert.match(error.message, /x\.csv, row 4 \(d3\), column "close": log-returns need positive values, got 0/);
        return true;
      },
    );
    assert.throws(() => transformColumn([10, -1], 'log-return', where), /row 3 \(d2\).*got -1/);
  });
});

describe("toLevels: forecasts back in the data's units", () => {
  it('round trip: the actual changes and log-returns of the next steps give back the actual values', () => {
    const values = [100, 103, 101, 106, 104, 110];
    for (const predict of ['change', 'log-return'] as const) {
      const steps = transformColumn(values, predict, { ...where, dates: values.map(String) });
      // Windows with origins at rows 1 and 2 (last known values 103 and 101), horizon 3.
      const predicted = [steps[2], steps[3], steps[4], steps[3], steps[4], steps[5]];
      assertAllClose(toLevels(predicted, [103, 101], 3, predict), [101, 106, 104, 106, 104, 110], 1e-12, predict);
    }
    assert.deepEqual(Array.from(toLevels([5, 6], [1, 2], 1, 'level')), [5, 6]);
  });
  it('a forecast of zero change is persistence', () => {
    assert.deepEqual(Array.from(toLevels([0, 0, 0, 0], [7, 9], 2, 'change')), [7, 7, 9, 9]);
    assert.deepEqual(Array.from(toLevels([0, 0], [7, 9], 1, 'log-return')), [7, 9]);
  });
});

describe('transformTable', () => {
  it("transformTable(level) hands on the table's own columns, not copies; changes are new columns", () => {
    const table = tableOf({ a: [1, 2, 4], b: [5, 6, 7] });
    const level = transformTable(table, ['a'], 'level');
    assert.deepEqual(level.names, ['a']);
    assert.equal(level.columns.a, table.columns.a);
    const change = transformTable(table, ['a'], 'change');
    assert.notEqual(change.columns.a, table.columns.a);
    assert.deepEqual(Array.from(change.columns.a.subarray(1)), [1, 2]);
  });
});

describe('prepareData with predict', () => {
  const day = (i: number) => new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10);
  const rows = Array.from({ length: 60 }, (_, i) => `${day(i)},${i % 3},${50 + i + (i % 4)}`);
  const csv = () => writeCsv(`date,x,close\n${rows.join('\n')}\n`);

  it('change: the target joins the inputs, the scaler is fit on the training rows of the changes, windows start a row later', async () => {
    const file = csv();
    const data = await prepareData({
      csv: file,
      features: ['x'],
      target: 'close',
      seqLen: 4,
      predict: 'change',
      trainFraction: 0.5,
      validationFraction: 0.2,
    });
    assert.deepEqual(data.train.features, ['x', 'close']);
    assert.equal(data.train.targetRows[0], 5);
    const close = data.table.columns.close;
    const changes = Array.from({ length: data.split.train.end - 1 }, (_, i) => close[i + 1] - close[i]);
    assert.equal(data.scaler.min.close, Math.min(...changes));
    assert.equal(data.scaler.max.close, Math.max(...changes));
    // The first window's target: the scaled change into row 5.
    assert.ok(
      Math.abs(data.train.ys[0] - (close[5] - close[4] - data.scaler.min.close) / (data.scaler.max.close - data.scaler.min.close)) < 1e-6,
    );
    const level = await prepareData({
      csv: file,
      features: ['x'],
      target: 'close',
      seqLen: 4,
      trainFraction: 0.5,
      validationFraction: 0.2,
    });
    assert.deepEqual(level.train.features, ['x']);
    assert.equal(level.train.targetRows[0], 4);
  });
  it('change without the target among the inputs when targetAsInput is false', async () => {
    const data = await prepareData({
      csv: csv(),
      features: ['x'],
      target: 'close',
      seqLen: 4,
      predict: 'change',
      targetAsInput: false,
      trainFraction: 0.5,
      validationFraction: 0.2,
    });
    assert.deepEqual(data.train.features, ['x']);
  });
  it('an unknown predict is refused with the valid ones', async () => {
    await assert.rejects(prepareData({ predict: 'levels' as never }), /predict must be one of level, change, log-return, got "levels"/);
  });
});

it('a change that overflows a 64-bit float is named with its row and column', () => {
  assert.throws(
    () => transformColumn([1.7e308, -1.7e308], 'change', { source: 'big.csv', column: 'big', dates: ['d0', 'd1'] }),
    (error: Error) =>
      error instanceof DataError &&
      /big\.csv, row 3 \(d1\), column "big": the change from 1\.7e\+308 to -1\.7e\+308 overflows/.test(error.message),
  );
});
