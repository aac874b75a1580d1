import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { loadCsv } from '../../src/data/loadCsv';
import { writeSyntheticOhlcv } from '../../bench/syntheticOhlcv';
import { temporaryFolder } from '../helpers';

const ROWS = 300_000;
/** Generous on purpose (a regression guard, not a measurement): loading cost about 1.3 KB a row when the whole text was split into strings, and about 150 bytes now. */
const BYTES_PER_ROW = 400;
const FIXED_BYTES = 64 * 2 ** 20;

it(`loading ${ROWS.toLocaleString('en-US')} rows of OHLCV stays within ${BYTES_PER_ROW} bytes of peak memory a row`, async () => {
  const file = path.join(temporaryFolder(), 'minutes.csv');
  writeSyntheticOhlcv({ file, rows: ROWS, seed: 3 });
  const before = process.memoryUsage().rss;
  const table = await loadCsv(file);
  const peak = process.resourceUsage().maxRSS * 1024;
  const grown = peak - before;
  const limit = FIXED_BYTES + BYTES_PER_ROW * ROWS;
  console.log(
    `peak RSS ${(peak / 2 ** 20).toFixed(0)} MB, ${(grown / 2 ** 20).toFixed(0)} MB above the ${(before / 2 ** 20).toFixed(0)} MB before loading (${(grown / ROWS).toFixed(0)} bytes a row; limit ${(limit / 2 ** 20).toFixed(0)} MB)`,
  );
  assert.ok(
    grown <= limit,
    `loading grew the peak RSS by ${(grown / 2 ** 20).toFixed(0)} MB, more than ${(limit / 2 ** 20).toFixed(0)} MB`,
  );

  // And it loaded the file: every row, the last one as written.
  assert.equal(table.dates.length, ROWS);
  assert.deepEqual(table.names, ['open', 'high', 'low', 'close', 'volume']);
  const text = fs.readFileSync(file, 'latin1');
  const last = text
    .slice(text.lastIndexOf('\n', text.length - 2) + 1)
    .trim()
    .split(',');
  assert.equal(table.dates[ROWS - 1], last[0]);
  assert.deepEqual(
    table.names.map((name) => table.columns[name][ROWS - 1]),
    last.slice(1).map(Number),
  );
});
