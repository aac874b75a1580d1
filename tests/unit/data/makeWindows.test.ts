import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { it } from 'node:test';
import { OptionError } from '../../../src/errors';
import { makeWindows } from '../../../src/data/makeWindows';
import { prepareData, type DataOptions } from '../../../src/data/prepareData';
import { scaledMatrix } from '../../../src/data/scaledMatrix';
import { MinMaxScaler } from '../../../src/data/MinMaxScaler';
import { tableOf } from '../../helpers';

// Six rows; feature values encode (row, column) so every position can be checked by eye.
const table = tableOf({ a: [10, 11, 12, 13, 14, 15], b: [20, 21, 22, 23, 24, 25], y: [0, 1, 2, 3, 4, 5] });

it('makeWindows(seqLen 2, horizon 1) gives [N, L, F] inputs and the next target', () => {
  const w = makeWindows(table, { features: ['a', 'b'], target: 'y', seqLen: 2, horizon: 1 });
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
  const w = makeWindows(table, { features: ['y'], target: 'y', seqLen: 3, horizon: 2 });
  assert.equal(w.n, 2);
  assert.deepEqual(Array.from(w.xs), [0, 1, 2, 1, 2, 3]);
  assert.deepEqual(Array.from(w.ys), [3, 4, 4, 5]);
});

it('makeWindows(rows) keeps windows whose targets lie in the rows; inputs may reach back before them', () => {
  const w = makeWindows(table, { features: ['a'], target: 'y', seqLen: 2, horizon: 1, rows: { start: 4, end: 6 } });
  assert.deepEqual(Array.from(w.targetRows), [4, 5]);
  assert.deepEqual(Array.from(w.xs), [12, 13, 13, 14]);
});

it('makeWindows finds columns case-insensitively and reports the header names', () => {
  const w = makeWindows(table, { features: ['A'], target: 'Y', seqLen: 1, horizon: 1 });
  assert.deepEqual(w.features, ['a']);
  assert.equal(w.target, 'y');
});

it('makeWindows returns no windows when rows are too few', () => {
  const w = makeWindows(table, { features: ['a'], target: 'y', seqLen: 6, horizon: 1 });
  assert.equal(w.n, 0);
});

for (const [key, value] of [
  ['seqLen', 0],
  ['seqLen', 2.5],
  ['horizon', 0],
  ['horizon', -1],
] as const) {
  it(`makeWindows rejects ${key} ${value}`, () => {
    const options = { features: ['a'], target: 'y', seqLen: 2, horizon: 1, [key]: value };
    assert.throws(
      () => makeWindows(table, options),
      (error: Error) => {
        assert.ok(error instanceof OptionError);
        assert.equal(error.message, `${key} must be a whole number of at least 1, got ${value}`);
        return true;
      },
    );
  });
}

it('makeWindows rejects an unknown feature, listing the columns', () => {
  assert.throws(
    () => makeWindows(table, { features: ['volume'], target: 'y', seqLen: 2, horizon: 1 }),
    /no column "volume"\. Available columns: "a", "b", "y"/,
  );
});

it('makeWindows(scaler) cuts exactly the windows of the scaled table, without scaling a copy of it', () => {
  const values = tableOf({ a: [1.1, 2.7, 3.3, 0.4, 9.9, 5.5], y: [100.01, 101.7, 99.3, 98.8, 102.2, 103.9] });
  const scaler = MinMaxScaler.fit(values, { columns: ['a', 'y'], rows: { start: 0, end: 4 } });
  const options = { features: ['a', 'y'], target: 'y', seqLen: 2, horizon: 2 };
  const direct = makeWindows(values, { ...options, scaler });
  const copied = makeWindows(scaler.transformTable(values), options);
  assert.deepEqual(new Uint8Array(direct.xs.buffer), new Uint8Array(copied.xs.buffer));
  assert.deepEqual(new Uint8Array(direct.ys.buffer), new Uint8Array(copied.ys.buffer));
  assert.deepEqual(direct.targetDates, copied.targetDates);
});

it('makeWindows cuts views on one scaled matrix: window i reads inputs from i * inputSize and targets from i', () => {
  const w = makeWindows(table, { features: ['a', 'b'], target: 'y', seqLen: 2, horizon: 2 });
  const { inputs, inputStride, targets, targetStride } = w.arrays!;
  assert.equal(inputStride, 2);
  assert.equal(targetStride, 1);
  // Rows 0..3 of (a, b), which the three windows' inputs overlap on; rows 2..5 of y, their targets.
  assert.deepEqual(Array.from(inputs), [10, 20, 11, 21, 12, 22, 13, 23]);
  assert.deepEqual(Array.from(targets), [2, 3, 4, 5]);
  for (let i = 0; i < w.n; i++) {
    assert.deepEqual(
      Array.from(inputs.subarray(i * inputStride, i * inputStride + 4)),
      Array.from(w.xs.subarray(i * 4, (i + 1) * 4)),
      `inputs of window ${i}`,
    );
    assert.deepEqual(Array.from(targets.subarray(i, i + 2)), Array.from(w.ys.subarray(i * 2, (i + 1) * 2)), `targets of window ${i}`);
  }
});

it('makeWindows(horizon 1) gives ys as a view on the target array, not a copy', () => {
  const w = makeWindows(table, { features: ['a'], target: 'y', seqLen: 2, horizon: 1 });
  assert.equal(w.ys.buffer, w.arrays!.targets.buffer);
  assert.deepEqual(Array.from(w.ys), [2, 3, 4, 5]);
});

it('makeWindows makes the packed xs and ys once, when first read', () => {
  const w = makeWindows(table, { features: ['a', 'b'], target: 'y', seqLen: 2, horizon: 2 });
  const xs = w.xs;
  assert.equal(w.xs, xs, 'the same array on the second read');
  assert.notEqual(xs.buffer, w.arrays!.inputs.buffer, 'a packed copy, not the matrix');
  assert.equal(w.ys, w.ys, 'ys too is made once');
});

it("makeWindows(matrix) refuses a matrix that lacks the windows' columns or rows", () => {
  const matrix = scaledMatrix(table, { features: ['a'], target: 'y', rows: { start: 2, end: 6 } });
  assert.throws(
    () => makeWindows(table, { features: ['b'], target: 'y', seqLen: 2, horizon: 1, matrix }),
    /the matrix holds a -> y, the windows need b -> y/,
  );
  assert.throws(
    () => makeWindows(table, { features: ['a'], target: 'y', seqLen: 2, horizon: 1, matrix }),
    /the matrix holds rows \[2, 6\), the windows need \[0, 6\)/,
  );
  const w = makeWindows(table, { features: ['a'], target: 'y', seqLen: 2, horizon: 1, rows: { start: 4, end: 6 }, matrix });
  assert.deepEqual(Array.from(w.xs), [12, 13, 13, 14]);
});

// SHA-256 (first 16 hex digits) of the packed windows of the default data, as makeWindows cut them
// into [n, seqLen, inputSize] copies before windows became views: the views hold the same floats.
const PACKED_HASHES: Array<[Partial<DataOptions>, Record<'train' | 'validation' | 'test', [number, string, string]>]> = [
  [
    {},
    {
      train: [4079, '908ab0b6bd41f481', '5d4f0a0679ef5bb6'],
      validation: [510, '1dcbdeb416f2b9dc', '2dff6ed03fc04e2a'],
      test: [511, '991f258921c7eaf1', 'a566e2ea41bef35c'],
    },
  ],
  [
    { predict: 'change', horizon: 3 },
    {
      train: [4076, '37c551c59b412309', '4bf2cf79abe21b8d'],
      validation: [508, '72f2b8384d2628fe', 'a6e0a222d8b00c01'],
      test: [509, '9e4a3a0642f3f8b2', '5b8076f66e8d37d1'],
    },
  ],
  [
    { predict: 'log-return', seqLen: 7 },
    {
      train: [4076, 'b92d7a58d356c448', '9208711db3888270'],
      validation: [510, '9831b089add26a1f', '7cec98ddeac89ba6'],
      test: [511, '375c290cea2de853', '9d18f76c1a7486bb'],
    },
  ],
];
const hashOf = (a: Float32Array) =>
  createHash('sha256')
    .update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
    .digest('hex')
    .slice(0, 16);

for (const [options, parts] of PACKED_HASHES) {
  it(`prepareData(${JSON.stringify(options)}): every part's windows hold the floats makeWindows packed before`, async () => {
    const data = await prepareData(options);
    for (const part of ['train', 'validation', 'test'] as const) {
      const w = data[part];
      assert.deepEqual([w.n, hashOf(w.xs), hashOf(w.ys)], parts[part], part);
    }
    // The three parts are views on one matrix.
    assert.equal(data.train.arrays!.inputs.buffer, data.test.arrays!.inputs.buffer);
    assert.equal(data.train.arrays!.targets.buffer, data.validation.arrays!.targets.buffer);
  });
}
