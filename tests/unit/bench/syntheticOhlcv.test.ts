import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { writeSyntheticOhlcv } from '../../../bench/syntheticOhlcv';
import { temporaryFolder } from '../../helpers';

it('writeSyntheticOhlcv writes the same file for the same seed: minute bars of weekdays, 09:30 to 15:59', () => {
  const folder = temporaryFolder();
  const [a, b, c] = ['a', 'b', 'c'].map((name) => path.join(folder, `${name}.csv`));
  const bytes = writeSyntheticOhlcv({ file: a, rows: 1000, seed: 5 });
  writeSyntheticOhlcv({ file: b, rows: 1000, seed: 5 });
  writeSyntheticOhlcv({ file: c, rows: 1000, seed: 6 });
  assert.equal(fs.statSync(a).size, bytes);
  assert.ok(fs.readFileSync(a).equals(fs.readFileSync(b)));
  assert.ok(!fs.readFileSync(a).equals(fs.readFileSync(c)));
  const lines = fs.readFileSync(a, 'utf8').trim().split('\n');
  assert.equal(lines[0], 'date,open,high,low,close,volume');
  assert.equal(lines.length, 1001);
  assert.match(lines[1], /^2000-01-03 09:30,/);
  assert.match(lines[390], /^2000-01-03 15:59,/);
  assert.match(lines[391], /^2000-01-04 09:30,/);
  // Each bar: low <= open, close <= high.
  for (const line of lines.slice(1)) {
    const [, open, high, low, close] = line.split(',').map(Number);
    assert.ok(low <= Math.min(open, close) && Math.max(open, close) <= high, line);
  }
});
