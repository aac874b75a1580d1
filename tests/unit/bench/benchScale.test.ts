import assert from 'node:assert/strict';
import { it } from 'node:test';
import { bytesPerRow, scaleTable, type ScaleRow } from '../../../bench/benchScale';

const row = (rows: number, implementation: string, peakRssMB: number, outputs: number | null): ScaleRow => ({
  rows,
  fileMB: rows / 20_000,
  implementation,
  wallSeconds: 1.5,
  peakRssMB,
  runs: 3,
  stages: { load: 0.25, windows: 0.125, training: 2, forecasts: 0.5, outputs },
});

it('bytesPerRow is the slope of peak RSS between the smallest and the largest file, per implementation', () => {
  const rows = [row(2_000_000, 'ours', 700, 1), row(200_000, 'ours', 250, 1), row(200_000, 'reference', 300, null)];
  assert.deepEqual(bytesPerRow(rows), { ours: (450 * 2 ** 20) / 1_800_000 });
});

it('scaleTable writes a Markdown row per file and implementation, "-" for a stage it lacks', () => {
  const lines = scaleTable([row(200_000, 'ours', 250, 1), row(200_000, 'reference', 300, null)]).split('\n');
  assert.equal(lines[0], '| rows | implementation | wall s | load s | windows s | training s | forecasts s | outputs s | peak RSS MB |');
  assert.equal(lines[2], '| 200,000 | ours | 1.50 | 0.25 | 0.13 | 2.00 | 0.50 | 1.00 | 250 |');
  assert.equal(lines[3], '| 200,000 | reference | 1.50 | 0.25 | 0.13 | 2.00 | 0.50 | - | 300 |');
});
