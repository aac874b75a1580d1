import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Table } from '../src/data/Table';
import type { Windows } from '../src/data/Windows';
import { packStrided } from '../src/data/WindowArrays';
import type { WindowArrays } from '../src/data/Windows';
import { createRandom } from '../src/random';

/** The repository's root folder, and the test fixtures. */
export { REPOSITORY } from '../src/repository';
export const FIXTURES = path.join(__dirname, 'fixtures');

/** Folders made by temporaryFolder(), removed when the test process exits. */
const made: string[] = [];
process.once('exit', () => made.forEach((folder) => fs.rmSync(folder, { recursive: true, force: true })));

/** A fresh folder under the system's temporary folder, removed when the test process exits. */
export function temporaryFolder(prefix = 'rf-test-'): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(folder);
  return folder;
}

/** Write `text` to a fresh temporary CSV file and return its path (removed when the test process exits). */
export function writeCsv(text: string, name = 'data.csv'): string {
  const dir = temporaryFolder();
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** A small in-memory table: dates day 1..n, and the given columns. */
export function tableOf(columns: Record<string, number[]>): Table {
  const names = Object.keys(columns);
  const n = columns[names[0]].length;
  const dates = Array.from({ length: n }, (_, i) => `2020-01-${String(i + 1).padStart(2, '0')}`);
  const typed: Record<string, Float64Array> = {};
  for (const name of names) typed[name] = Float64Array.from(columns[name]);
  return { source: 'test.csv', dateColumn: 'date', dates, names, columns: typed };
}

/** Round for comparisons that should ignore float noise. */
export function round(values: ArrayLike<number>, digits = 6): number[] {
  const scale = 10 ** digits;
  return Array.from(values, (v) => Math.round(v * scale) / scale);
}

/**
 * |actual - expected| <= tolerance * max(1, |expected|) at every index; returns the largest such
 * deviation. Messages name `what`, the index and both values, calling the expected ones `reference`.
 */
export function assertAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: number,
  what: string,
  reference = 'expected',
): number {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} values, expected ${expected.length}`);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const deviation = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
    assert.ok(
      deviation <= tolerance,
      `${what}[${i}]: ${actual[i]} vs ${reference} ${expected[i]} (deviation ${deviation.toExponential(2)} > ${tolerance})`,
    );
    worst = Math.max(worst, deviation);
  }
  return worst;
}

/** Packed windows as a kernel reads them: xs [n, seqLen, inputSize] and ys [n, horizon], strides seqLen * inputSize and horizon. */
export function packedArrays(
  xs: Float32Array,
  ys: Float32Array,
  shape: { seqLen: number; inputSize: number; horizon: number },
): WindowArrays {
  return { inputs: xs, inputStride: shape.seqLen * shape.inputSize, targets: ys, targetStride: shape.horizon };
}

/**
 * The same random windows two ways: as views on one [rows, inputSize] matrix and one target column
 * (strides inputSize and 1, starting a few rows into larger arrays, as a part of a split does), whose
 * xs and ys throw when read; and as packed copies (xs [n, seqLen, inputSize], ys [n, horizon]).
 */
export function viewAndPackedWindows(options: { n: number; seqLen: number; inputSize: number; horizon: number; seed: number }): {
  views: Windows;
  packed: Windows;
} {
  const { n, seqLen, inputSize: F, horizon } = options;
  const random = createRandom(options.seed);
  const skip = 3;
  const rows = skip + n + seqLen - 1 + horizon + 2;
  const matrix = Float32Array.from({ length: rows * F }, () => random.uniform(-1, 1));
  const column = Float32Array.from({ length: rows }, () => random.uniform(0, 1));
  const arrays: WindowArrays = {
    inputs: matrix.subarray(skip * F, (skip + n - 1 + seqLen) * F),
    inputStride: F,
    targets: column.subarray(skip + seqLen, skip + seqLen + n - 1 + horizon),
    targetStride: 1,
  };
  const shape = { n, seqLen, inputSize: F, horizon };
  const views: Windows = {
    ...shape,
    arrays,
    get xs(): Float32Array {
      throw new Error('the packed xs of view-backed windows was read');
    },
    get ys(): Float32Array {
      throw new Error('the packed ys of view-backed windows was read');
    },
  };
  const xs = packStrided(arrays.inputs, { stride: F, size: seqLen * F, n });
  const ys = packStrided(arrays.targets, { stride: 1, size: horizon, n });
  return { views, packed: { ...shape, xs: Float32Array.from(xs), ys: Float32Array.from(ys) } };
}

/**
 * Count the reads of windows' packed `xs` and `ys` (each read of windows cut from a table may make
 * a packed copy): their getters are wrapped in place. Returns the count so far.
 */
export function countPackedReads(...windows: Windows[]): () => number {
  let reads = 0;
  for (const w of windows) {
    for (const key of ['xs', 'ys'] as const) {
      const own = Object.getOwnPropertyDescriptor(w, key);
      const read = own?.get ?? (() => own?.value);
      Object.defineProperty(w, key, {
        configurable: true,
        enumerable: true,
        get: () => {
          reads++;
          return read.call(w);
        },
      });
    }
  }
  return () => reads;
}
