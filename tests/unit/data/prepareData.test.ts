import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataError } from '../../../src/errors';
import { inputColumns, prepareData } from '../../../src/data/prepareData';
import { writeCsv } from '../../helpers';

function csvOf(n: number, value: (row: number) => string = (row) => `${row + 1},${10 + row}`): string {
  const rows = Array.from(
    { length: n },
    (_, i) => `2021-${String(Math.floor(i / 28) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')},${value(i)}`,
  );
  return `date,x,close\n${rows.join('\n')}\n`;
}

describe('prepareData on the default data', () => {
  it('defaults to Open, High, Low, Volume of 5 days -> next Close, 4,079 training windows', async () => {
    const data = await prepareData();
    assert.deepEqual(data.train.features, ['open', 'high', 'low', 'volume']);
    assert.equal(data.train.target, 'close');
    assert.equal(data.train.seqLen, 5);
    assert.equal(data.train.inputSize, 4);
    assert.equal(data.train.n, 4079);
    assert.equal(data.train.xs.length, 4079 * 5 * 4);
    assert.equal(data.train.ys.length, 4079);
    // Every window's target row lies in its part, and the parts tile the rows after the first seqLen.
    assert.equal(data.train.targetRows[0], 5);
    assert.equal(data.validation.targetRows[0], data.split.validation.start);
    assert.equal(data.test.targetRows[0], data.split.test.start);
    assert.equal(data.test.targetRows[data.test.n - 1], 5104);
    assert.equal(data.test.targetDates[data.test.n - 1], '2020-04-17');
    assert.equal(data.train.n + data.validation.n + data.test.n, 5105 - 5);
  });

  it('the scaler statistics come from the training rows alone', async () => {
    const data = await prepareData();
    const trainClose = data.table.columns.close.subarray(0, data.split.train.end);
    assert.equal(data.scaler.min.close, Math.min(...trainClose));
    assert.equal(data.scaler.max.close, Math.max(...trainClose));
    // The test period (2018-2020) reaches above the training maximum: scaled targets exceed 1 there.
    assert.ok(Math.max(...data.table.columns.close) > data.scaler.max.close);
    assert.ok(Math.max(...data.test.ys) > 1);
    assert.equal(Math.max(...data.train.ys), 1);
  });
});

describe('prepareData rejects data too short for its windows', () => {
  it('fewer rows than seqLen + horizon in the file', async () => {
    await assert.rejects(prepareData({ csv: writeCsv(csvOf(4)), features: ['x'], seqLen: 5 }), (error: Error) => {
      assert.ok(error instanceof DataError);
      assert.match(error.message, /the training part has 3 rows, too few for one window \(seqLen 5 \+ horizon 1 needs 6\)/);
      return true;
    });
  });

  it('enough rows in the file but not in the training part', async () => {
    // 20 rows, 25% train = 5 rows < seqLen 5 + horizon 1.
    await assert.rejects(
      prepareData({ csv: writeCsv(csvOf(20)), features: ['x'], seqLen: 5, trainFraction: 0.25, validationFraction: 0.25 }),
      /the training part has 5 rows, too few for one window \(seqLen 5 \+ horizon 1 needs 6\)/,
    );
  });

  it('a test part shorter than the horizon', async () => {
    await assert.rejects(
      prepareData({ csv: writeCsv(csvOf(20)), features: ['x'], seqLen: 2, horizon: 5, trainFraction: 0.8, validationFraction: 0 }),
      /the test part has 4 rows, too few for one window \(horizon 5 needs 5\)/,
    );
  });
});

describe('prepareData rejects columns it cannot use', () => {
  it('a constant feature over the training rows', async () => {
    await assert.rejects(
      prepareData({ csv: writeCsv(csvOf(30, (row) => `5,${row}`)), features: ['x'] }),
      /column "x": constant \(5\) over the 24 training rows/,
    );
  });

  it('a misspelled feature lists the available columns', async () => {
    await assert.rejects(
      prepareData({ features: ['open', 'hihg'] }),
      /no column "hihg"\. Available columns: "date", "open", "high", "low", "close", "adjclose", "volume"/,
    );
  });
});

describe('prepareData keeps no scaled copy it does not need', () => {
  it('data.scaled, made when read, holds the numbers the windows were cut from', async () => {
    const data = await prepareData({ predict: 'change' });
    const w = data.train;
    const scaled = data.scaled;
    assert.deepEqual(scaled.names, [...w.features]);
    assert.equal(data.scaled, scaled, 'made once');
    // Window 0 reads rows targetRows[0] - seqLen .. targetRows[0] - 1 of each feature; its target is the next row.
    const t = w.targetRows[0];
    for (let j = 0; j < w.seqLen; j++) {
      w.features.forEach((name, f) => assert.equal(w.xs[j * w.inputSize + f], Math.fround(scaled.columns[name][t - w.seqLen + j])));
    }
    assert.equal(w.ys[0], Math.fround(scaled.columns[w.target][t]));
  });
});

it('inputColumns: the features, and the target with changes unless told not to, each once whatever its case', () => {
  assert.deepEqual(inputColumns(['open', 'volume'], 'close', 'level'), ['open', 'volume']);
  assert.deepEqual(inputColumns(['open', 'volume'], 'close', 'change'), ['open', 'volume', 'close']);
  assert.deepEqual(inputColumns(['open'], 'close', 'log-return', false), ['open']);
  assert.deepEqual(inputColumns(['Close', 'open', 'OPEN'], 'close', 'change'), ['close', 'open']);
});
