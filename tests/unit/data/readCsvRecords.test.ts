import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { DataError } from '../../../src/errors';
import { detectDelimiter, fieldText, readCsvRecords } from '../../../src/data/readCsvRecords';
import { writeCsv } from '../../helpers';

/** Every record of `text` as [line, ...fields], read `chunkBytes` at a time. */
function records(text: string | Buffer, chunkBytes?: number, delimiter?: string): (string | number)[][] {
  const file = writeCsv(text as string);
  const out: (string | number)[][] = [];
  readCsvRecords(file, {
    chunkBytes,
    delimiter,
    onRecord: (record) => {
      out.push([record.line, ...Array.from({ length: record.count }, (_, i) => fieldText(record, i))]);
    },
  });
  return out;
}

/** Records, quotes and line breaks that try the parser, with fields separated by `d`. */
const tricky = (d: string) =>
  [
    `\uFEFFdate${d}"a, b"${d}c\r\n`,
    `2020-01-01${d}"say ""hi"""${d}3\r\n`,
    '\r\n',
    `2020-01-02${d}"two\nlines"${d}4\n`,
    `2020-01-03${d}${d}\r`,
    `2020-01-04${d}""${d}x"y\n`,
    `2020-01-05${d}"ends without a line break"${d}é`,
  ].join('');
const TRICKY = tricky(',');
const EXPECTED = [
  [1, 'date', 'a, b', 'c'],
  [2, '2020-01-01', 'say "hi"', '3'],
  [3, ''],
  [4, '2020-01-02', 'two\nlines', '4'],
  [6, '2020-01-03', '', ''],
  [7, '2020-01-04', '', 'x"y'],
  [8, '2020-01-05', 'ends without a line break', 'é'],
];

describe('readCsvRecords', () => {
  it('splits fields at commas outside quotes, unescapes "", skips a byte order mark and counts file lines', () => {
    assert.deepEqual(records(TRICKY), EXPECTED);
  });

  for (const chunkBytes of [1, 2, 3, 5, 16]) {
    it(`gives the same records when read ${chunkBytes} bytes at a time (records, quotes and \\r\\n cut across chunks)`, () => {
      assert.deepEqual(records(TRICKY, chunkBytes), EXPECTED);
    });
  }

  it('reads an empty file as no records', () => {
    assert.deepEqual(records(''), []);
  });

  it('stops when onRecord returns false', () => {
    const file = writeCsv('a\nb\nc\n');
    const seen: string[] = [];
    readCsvRecords(file, {
      onRecord: (record) => {
        seen.push(fieldText(record, 0));
        return seen.length < 2;
      },
    });
    assert.deepEqual(seen, ['a', 'b']);
  });

  it('reports progress after each chunk, up to the file size', () => {
    const file = writeCsv('date,a\n2020-01-01,1\n2020-01-02,2\n');
    const seen: [number, number][] = [];
    readCsvRecords(file, { chunkBytes: 16, onRecord: () => {}, onChunk: (bytes, total) => seen.push([bytes, total]) });
    assert.ok(seen.length >= 3);
    const size = fs.statSync(file).size;
    assert.deepEqual(seen[seen.length - 1], [size, size]);
    assert.ok(seen.every(([bytes], i) => i === 0 || bytes >= seen[i - 1][0]));
  });

  it('rejects a quoted field that is never closed, naming the line it opens on', () => {
    assert.throws(
      () => records('date,a\n2020-01-01,"1\n2020-01-02,2\n', 4),
      (error: Error) => {
        assert.ok(error instanceof DataError);
        assert.match(error.message, /data\.csv line 2: could not be parsed as CSV \(quoted field unterminated/);
        return true;
      },
    );
  });

  it('rejects text after a closing quote', () => {
    assert.throws(
      () => records('date,a\n2020-01-01,"1"2\n'),
      /data\.csv line 2: could not be parsed as CSV \(trailing quote on quoted field is malformed/,
    );
  });
});

describe('other delimiters', () => {
  it('reads tab- and semicolon-separated records, quotes and all, as the comma-separated ones', () => {
    for (const delimiter of ['\t', ';']) {
      // The comma inside quotes ("a, b") stays data.
      for (const chunkBytes of [undefined, 5]) assert.deepEqual(records(tricky(delimiter), chunkBytes, delimiter), EXPECTED);
    }
  });

  it('detects the delimiter from the first line, quoted text aside', () => {
    const cases: Array<[string, string]> = [
      ['date,close\n2020-01-01,1\n', ','],
      ['date\tclose\n2020-01-01\t1\n', '\t'],
      ['date;close;volume\n2020-01-01;1,5;3\n', ';'],
      ['"a;b"\tc\n1\t2\n', '\t'],
      ['\n\ndate|close\n', '|'],
      ['close\n1\n', ','],
      ['\uFEFFdate;close\n', ';'],
    ];
    for (const [text, expected] of cases) assert.equal(detectDelimiter(writeCsv(text)), expected, JSON.stringify(text));
  });

  it('refuses a delimiter that cannot be one', () => {
    for (const bad of ['"', '\n', ';;', 'é']) assert.throws(() => records('a\n', undefined, bad), /one ASCII character/);
  });
});
