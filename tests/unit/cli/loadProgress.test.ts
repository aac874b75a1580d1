import assert from 'node:assert/strict';
import { it } from 'node:test';
import { loadProgress } from '../../../src/cli/loadProgress';

const MB = 1e6;
/** What loadProgress writes for a file of `total` bytes read in ten chunks (and the empty read at its end). */
function shown(total: number, tty: boolean): string[] {
  const written: string[] = [];
  const onProgress = loadProgress({ source: 'big.csv', minBytes: 32 * MB, tty, write: (text) => written.push(text) });
  for (let k = 1; k <= 10; k++) onProgress({ bytes: (total * k) / 10, totalBytes: total, rows: k * 1000 });
  onProgress({ bytes: total, totalBytes: total, rows: 10_000 });
  return written;
}

it('loadProgress writes a line per quarter of a large file when stderr is not a terminal, the last one once', () => {
  const lines = shown(100 * MB, false);
  assert.equal(lines.length, 4);
  assert.match(lines[0], /^load big\.csv: 30 MB of 100 MB, 3,000 rows {2}\d+\.\d s\n$/);
  assert.match(lines[3], /^load big\.csv: 100 MB of 100 MB, 10,000 rows/);
});

it('loadProgress redraws one bar on a terminal and ends it with a line break', () => {
  const bars = shown(100 * MB, true);
  assert.equal(bars.length, 10);
  assert.ok(bars.every((bar) => bar.startsWith('\rload [')));
  assert.match(bars[4], /\[#{12}\.{12}\] 50 MB of 100 MB/);
  assert.ok(bars[9].endsWith('\n') && !bars[8].endsWith('\n'));
});

it('loadProgress shows nothing for a small file', () => {
  assert.deepEqual(shown(10 * MB, true), []);
  assert.deepEqual(shown(10 * MB, false), []);
});
