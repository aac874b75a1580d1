import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CSV } from '../../../src/config';
import { DataError } from '../../../src/errors';
import { loadCsv } from '../../../src/data/loadCsv';
import { column } from '../../../src/data/Table';
import { writeCsv } from '../../helpers';

const GOOD = 'Date,Open,Close\n2020-01-01,1,2\n2020-01-02,3.5,4\n2020-01-03,-5e-1,6\n';

/** Assert that loading `text` rejects with a DataError whose message matches every pattern. */
async function rejects(text: string | null, ...patterns: RegExp[]) {
  const file = text === null ? '/nonexistent/folder/missing.csv' : writeCsv(text);
  await assert.rejects(loadCsv(file), (error: unknown) => {
    assert.ok(error instanceof DataError, `expected a DataError, got ${error}`);
    for (const pattern of patterns) assert.match(error.message, pattern);
    return true;
  });
}

describe('loadCsv', () => {
  it('loadCsv(file) reads dates and numeric columns as Float64Array', async () => {
    const table = await loadCsv(writeCsv(GOOD));
    assert.equal(table.dateColumn, 'Date');
    assert.deepEqual(table.dates, ['2020-01-01', '2020-01-02', '2020-01-03']);
    assert.deepEqual(table.names, ['Open', 'Close']);
    assert.ok(table.columns.Open instanceof Float64Array);
    assert.deepEqual(Array.from(table.columns.Open), [1, 3.5, -0.5]);
  });

  it('column(table, name) is case-insensitive', async () => {
    const table = await loadCsv(writeCsv(GOOD));
    assert.deepEqual(Array.from(column(table, 'close')), [2, 4, 6]);
    assert.deepEqual(Array.from(column(table, 'OPEN')), [1, 3.5, -0.5]);
  });

  it('loadCsv keeps only the requested columns, found case-insensitively', async () => {
    const table = await loadCsv(writeCsv('date,a,b,label\n2020-01-01,1,2,x\n2020-01-02,3,4,y\n'), { columns: ['B'] });
    assert.deepEqual(table.names, ['b']);
  });

  it('loadCsv skips blank lines and counts file lines in messages', async () => {
    const table = await loadCsv(writeCsv('date,a\n2020-01-01,1\n\n2020-01-02,2\n\n'));
    assert.deepEqual(Array.from(table.columns.a), [1, 2]);
    await rejects('date,a\n2020-01-01,1\n\n2020-01-02,x\n', /line 4, column "a"/);
  });

  it('loads the embedded default data: 5,105 rows from 2000-01-03 to 2020-04-17', async () => {
    const table = await loadCsv(DEFAULT_CSV);
    assert.equal(table.dates.length, 5105);
    assert.equal(table.dates[0], '2000-01-03');
    assert.equal(table.dates[5104], '2020-04-17');
    assert.deepEqual(table.names, ['open', 'high', 'low', 'close', 'adjclose', 'volume']);
    assert.equal(table.columns.close[0], 1455.219971);
    assert.equal(table.columns.volume[5104], 5792140000);
  });
});

describe('loadCsv rejects bad input with a message naming what and where', () => {
  it('a missing file', () => rejects(null, /missing\.csv: file not found/));
  it('an empty file', () => rejects('', /the file is empty; expected a header line/));
  it('a file of blank lines', () => rejects('\n\n  \n', /the file is empty/));
  it('a header only', () => rejects('date,open,close\n', /has a header line but no data rows/));

  it('a missing column lists the available columns', async () => {
    const file = writeCsv(GOOD);
    await assert.rejects(loadCsv(file, { columns: ['open', 'volume'] }), (error: Error) => {
      assert.ok(error instanceof DataError);
      assert.match(error.message, /no column "volume"\. Available columns: "Date", "Open", "Close"/);
      return true;
    });
  });

  it('a misspelled date column lists the available columns', async () => {
    await assert.rejects(loadCsv(writeCsv(GOOD), { dateColumn: 'day' }), /no column "day"\. Available columns: "Date", "Open", "Close"/);
  });

  it('a non-numeric cell names line, column and value', () =>
    rejects('date,open\n2020-01-01,1\n2020-01-02,abc\n', /line 3, column "open": "abc" is not a number/));
  it('a thousands separator is not silently misread', () =>
    rejects('date,open\n2020-01-01,"1,234.5"\n', /line 2, column "open": "1,234.5" is not a number/));
  it('an empty cell', () => rejects('date,open,close\n2020-01-01,,2\n', /line 2, column "open": empty cell/));
  it('NaN', () => rejects('date,open\n2020-01-01,1\n2020-01-02,NaN\n', /line 3, column "open": "NaN" is not a finite number/));
  it('Infinity', () => rejects('date,open\n2020-01-01,-Infinity\n', /line 2, column "open": "-Infinity" is not a finite number/));
  it('a row with too few fields', () => rejects('date,open,close\n2020-01-01,1,2\n2020-01-02,3\n', /line 3: has 2 fields, the header has 3/));
  it('an unparseable date', () => rejects('date,open\n2020-01-01,1\nyesterday,2\n', /line 3, column "date": "yesterday" is not a date/));
  it('dates out of order', () =>
    rejects('date,open\n2020-01-02,1\n2020-01-01,2\n', /line 3, column "date": date 2020-01-01 comes before 2020-01-02 on line 2; rows must be in ascending date order/));
  it('a duplicated date', () =>
    rejects('date,open\n2020-01-01,1\n2020-01-02,2\n2020-01-02,3\n', /line 4, column "date": date 2020-01-02 is duplicated \(same as line 3\)/));
  it('no numeric column', () => rejects('date\n2020-01-01\n', /no numeric columns besides the date column "date"/));
});
