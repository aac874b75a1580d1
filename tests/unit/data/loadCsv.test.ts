import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { DEFAULT_CSV } from '../../../src/config';
import { DataError } from '../../../src/errors';
import { loadCsv, readHeader, type LoadProgress } from '../../../src/data/loadCsv';
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

  it('reads a tab- or semicolon-separated file as its comma-separated twin, the delimiter detected or given', async () => {
    const expected = await loadCsv(writeCsv(GOOD));
    for (const delimiter of ['\t', ';']) {
      const file = writeCsv(GOOD.replaceAll(',', delimiter));
      for (const table of [await loadCsv(file), await loadCsv(file, { delimiter })]) {
        assert.deepEqual({ ...table, source: '' }, { ...expected, source: '' });
      }
      assert.equal(readHeader(file).delimiter, delimiter);
    }
  });

  it('reads a whole-number index: "1" and "13" are not dates but rows 1 and 13', async () => {
    const table = await loadCsv(writeCsv(`t,v\n${Array.from({ length: 20 }, (_, i) => `${i},${i * 2}`).join('\n')}\n`));
    assert.deepEqual(table.dates.slice(0, 3), ['0', '1', '2']);
    assert.equal(table.dates[13], '13');
    assert.equal(table.dateColumn, 't');
  });

  it('reads dates in a format given, keeping them as ISO dates', async () => {
    const us = await loadCsv(writeCsv('date,v\n12/31/2019,1\n1/2/2020,2\n'), { dateFormat: '%m/%d/%Y' });
    assert.deepEqual(us.dates, ['2019-12-31', '2020-01-02']);
    const german = await loadCsv(writeCsv('Datum;v\n31.12.2019 09:30;1\n02.01.2020 16:00;2\n'), { dateFormat: '%d.%m.%Y %H:%M' });
    assert.deepEqual(german.dates, ['2019-12-31 09:30', '2020-01-02 16:00']);
  });

  it('reads ISO date-times with seconds, fractions and zones, each date written the same way', async () => {
    const table = await loadCsv(writeCsv('time,v\n2020-01-01T09:30:00Z,1\n2020-01-01T09:31:00.5Z,2\n'));
    assert.deepEqual(table.dates, ['2020-01-01T09:30:00Z', '2020-01-01T09:31:00.5Z']);
    await assert.rejects(loadCsv(writeCsv('time,v\n2020-01-01T10:30:00+01:00,1\n2020-01-01T09:30:00Z,2\n')), /is duplicated/);
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
  it('a row with too few fields', () =>
    rejects('date,open,close\n2020-01-01,1,2\n2020-01-02,3\n', /line 3: has 2 fields, the header has 3/));
  it('an unparseable date', () =>
    rejects(
      'date,open\n2020-01-01,1\nyesterday,2\n',
      /line 3, column "date": "yesterday" is not an ISO 8601 date .* give its format with --date-format/,
    ));
  it('a date that is not ISO 8601, which reads as two different days', () =>
    rejects('date,open\n01/02/2020,1\n', /line 2, column "date": "01\/02\/2020" is not an ISO 8601 date/));
  it('a day that does not exist', () =>
    rejects('date,open\n2020-02-30,1\n', /line 2, column "date": "2020-02-30" is not an ISO 8601 date/));
  it('dates written two ways', () =>
    rejects(
      'date,open\n2020-01-01,1\n2020-01-02 10:00,2\n',
      /line 3, column "date": "2020-01-02 10:00" is a date and time \(YYYY-MM-DD HH:MM\), but the first date, "2020-01-01", is a date \(YYYY-MM-DD\); every date must be written the same way/,
    ));
  it('an integer index that turns into dates', () =>
    rejects(
      't,v\n0,1\n1,2\n2020-01-03,3\n',
      /line 4, column "t": "2020-01-03" is a date \(YYYY-MM-DD\), but the first date, "0", is a whole number/,
    ));
  it('a date in a column given as an index', async () => {
    await assert.rejects(
      loadCsv(writeCsv('t,v\n2020-01-01,1\n'), { index: true }),
      /line 2, column "t": "2020-01-01" is not a whole number; the index column takes 0, 1, 2/,
    );
  });
  it('a date that does not match the format given, and a format without a day', async () => {
    await assert.rejects(
      loadCsv(writeCsv('date,v\n01/02/2020,1\n2020-01-03,2\n'), { dateFormat: '%m/%d/%Y' }),
      /line 3, column "date": "2020-01-03" does not match the date format %m\/%d\/%Y, or is not a valid date/,
    );
    await assert.rejects(loadCsv(writeCsv('date,v\n01/2020,1\n'), { dateFormat: '%m/%Y' }), /date format "%m\/%Y": it has no day \(%d\)/);
  });
  it('dates out of order', () =>
    rejects(
      'date,open\n2020-01-02,1\n2020-01-01,2\n',
      /line 3, column "date": date 2020-01-01 comes before 2020-01-02 on line 2; rows must be in ascending date order/,
    ));
  it('a duplicated date', () =>
    rejects(
      'date,open\n2020-01-01,1\n2020-01-02,2\n2020-01-02,3\n',
      /line 4, column "date": date 2020-01-02 is duplicated \(same as line 3\)/,
    ));
  it('no numeric column', () => rejects('date\n2020-01-01\n', /no numeric columns besides the date column "date"/));
});

describe('loadCsv reads any CSV the way a spreadsheet writes it', () => {
  it('every value of the default data is Number(cell) of its file, bit for bit', async () => {
    const table = await loadCsv(DEFAULT_CSV);
    const lines = fs.readFileSync(DEFAULT_CSV, 'utf8').trim().split('\n');
    const header = lines[0].split(',');
    assert.equal(table.dates.length, lines.length - 1);
    for (let row = 0; row < table.dates.length; row++) {
      const cells = lines[row + 1].split(',');
      assert.equal(table.dates[row], cells[0]);
      for (const name of table.names) {
        const expected = Number(cells[header.indexOf(name)]);
        assert.ok(Object.is(table.columns[name][row], expected), `line ${row + 2}, ${name}: ${table.columns[name][row]} vs ${expected}`);
      }
    }
  });

  it('quoted fields may hold commas, quotes and line breaks; messages count file lines after them', async () => {
    const table = await loadCsv(writeCsv('date,"a","note"\n2020-01-01,"1.5","x, ""y"""\n2020-01-02,2,"two\nlines"\n'), { columns: ['a'] });
    assert.deepEqual(Array.from(table.columns.a), [1.5, 2]);
    await rejects('date,a,note\n2020-01-01,1,"two\nlines"\n2020-01-02,x,y\n', /line 4, column "a": "x" is not a number/);
  });

  it('lines may end in \\r\\n, \\n or \\r, and a byte order mark is skipped', async () => {
    const table = await loadCsv(writeCsv('\uFEFFdate,a\r\n2020-01-01,1\r2020-01-02,2\n2020-01-03,3'));
    assert.equal(table.dateColumn, 'date');
    assert.deepEqual(Array.from(table.columns.a), [1, 2, 3]);
  });

  it('a repeated column name is kept apart as name_1', async () => {
    const table = await loadCsv(writeCsv('date,a,a\n2020-01-01,1,2\n'));
    assert.deepEqual(table.names, ['a', 'a_1']);
    assert.deepEqual(Array.from(table.columns.a_1), [2]);
  });

  it('with several problems, a row with the wrong number of fields is reported first, then dates, then numbers by column', async () => {
    await rejects('date,a,b\n2020-01-01,x,1\n2020-01-02,1\n', /line 3: has 2 fields, the header has 3/);
    await rejects('date,a,b\n2020-01-01,x,1\nnot a date,1,2\n', /line 3, column "date": "not a date" is not an ISO 8601 date/);
    await rejects('date,a,b\n2020-01-01,1,x\n2020-01-02,y,2\n', /line 3, column "a": "y" is not a number/);
  });

  it('a quoted field that is never closed', () =>
    rejects('date,a\n2020-01-01,"1\n2020-01-02,2\n', /line 2: could not be parsed as CSV \(quoted field unterminated/));

  it('onProgress hears of the bytes and rows read', async () => {
    const file = writeCsv(GOOD);
    const seen: LoadProgress[] = [];
    await loadCsv(file, { onProgress: (progress) => seen.push(progress) });
    assert.deepEqual(seen[seen.length - 1], { bytes: GOOD.length, totalBytes: GOOD.length, rows: 3 });
  });

  it('readHeader reads the header line as loadCsv does, trimmed', () => {
    assert.deepEqual(readHeader(writeCsv('\uFEFF"Day","Open, first", close \n2020-01-01,1,2\n')), {
      columns: ['Day', 'Open, first', 'close'],
      dateColumn: 'Day',
      delimiter: ',',
    });
    assert.throws(() => readHeader(writeCsv('\n \n')), /the file is empty/);
  });
});
