/**
 * CSV records read from a file in chunks, as byte ranges: the file is never held whole, and no
 * string is made for a field unless the caller asks for it (fieldText). Fields are separated by
 * commas (or another one-byte delimiter: a tab, a semicolon); a field that starts with a double quote runs to the next lone double quote (commas and
 * line breaks inside are data, "" stands for one "); records end at \n, \r\n or \r. A UTF-8 byte
 * order mark at the start is skipped.
 */
import * as fs from 'node:fs';
import { DataError } from '../errors';

/** One record, valid only during the onRecord call that receives it (the same object is reused). */
export interface CsvRecord {
  /** The bytes the record lies in. */
  bytes: Uint8Array;
  /** Number of fields. */
  count: number;
  /** Field i is bytes[starts[i], ends[i]): inside its quotes when it was quoted. */
  starts: Int32Array;
  ends: Int32Array;
  /** 1 when field i is quoted and holds doubled quotes, which fieldText turns into single ones. */
  escaped: Uint8Array;
  /** File line (1-based) on which the record starts. */
  line: number;
}

export interface ReadCsvRecordsOptions {
  /** Called with each record in file order; returning false stops reading. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a callback that returns nothing reads on
  onRecord: (record: CsvRecord) => boolean | void;
  /** Called after each chunk: bytes read so far and the file's size. */
  onChunk?: (bytesRead: number, totalBytes: number) => void;
  /** The file's name in error messages (default: the path). */
  source?: string;
  /** Bytes read at a time (default 1 MiB); a record longer than that grows the buffer. */
  chunkBytes?: number;
  /** The field delimiter, one ASCII character (default ","). */
  delimiter?: string;
}

/** The delimiters a file may use, by name, and the one detectDelimiter picks when a header has several. */
export const DELIMITERS: Readonly<Record<string, string>> = { comma: ',', tab: '\t', semicolon: ';', pipe: '|' };

/**
 * The delimiter of a file, from its first line (quoted text aside): a comma where there is one,
 * else whichever of tab, semicolon and pipe occurs most, else a comma (a file of one column).
 */
export function detectDelimiter(file: string): string {
  const fd = fs.openSync(file, 'r');
  let head: string;
  try {
    const bytes = Buffer.alloc(64 * 1024);
    head = bytes.toString('utf8', 0, fs.readSync(fd, bytes, 0, bytes.length, 0));
  } finally {
    fs.closeSync(fd);
  }
  const counts = new Map<string, number>();
  let quoted = false;
  for (const c of head.replace(/^\ufeff/, '')) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      if ([...counts.values()].some((n) => n > 0)) break;
    } else if (!quoted && Object.values(DELIMITERS).includes(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  if (counts.get(',')) return ',';
  const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  return best ? best[0] : ',';
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Read `file` record by record. Throws DataError for a quoted field that is never closed or is followed by text. */
export function readCsvRecords(file: string, options: ReadCsvRecordsOptions): void {
  const source = options.source ?? file;
  const delimiter = (options.delimiter ?? ',').charCodeAt(0);
  if (options.delimiter !== undefined && (options.delimiter.length !== 1 || delimiter > 0x7f || [QUOTE, LF, CR].includes(delimiter)))
    throw new Error(
      `readCsvRecords: the delimiter must be one ASCII character other than a quote or a line break, got ${JSON.stringify(options.delimiter)}`,
    );
  const fd = fs.openSync(file, 'r');
  try {
    const totalBytes = fs.fstatSync(fd).size;
    let bytes = Buffer.allocUnsafe(Math.max(16, options.chunkBytes ?? 1 << 20));
    const record: CsvRecord = {
      bytes,
      count: 0,
      starts: new Int32Array(16),
      ends: new Int32Array(16),
      escaped: new Uint8Array(16),
      line: 1,
    };
    let filled = 0;
    let position = 0;
    let bytesRead = 0;
    let first = true;
    const cursor = { next: 0, lines: 0 };
    for (;;) {
      if (filled === bytes.length) {
        const bigger = Buffer.allocUnsafe(bytes.length * 2);
        bytes.copy(bigger, 0, 0, filled);
        bytes = bigger;
        record.bytes = bytes;
      }
      const read = fs.readSync(fd, bytes, filled, bytes.length - filled, null);
      const end = read === 0;
      filled += read;
      bytesRead += read;
      if (first && filled >= 3) {
        first = false;
        if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) position = 3;
      } else if (end) first = false;
      while (!first && position < filled) {
        if (!parseRecord(bytes, position, filled, end, record, cursor, source, delimiter)) break;
        position = cursor.next;
        const keepGoing = options.onRecord(record);
        record.line += cursor.lines;
        if (keepGoing === false) return;
      }
      options.onChunk?.(bytesRead, totalBytes);
      if (end) return;
      bytes.copyWithin(0, position, filled);
      filled -= position;
      position = 0;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Parse the record starting at `start` into `record`, and set `cursor` to the byte after it and the
 * line breaks it spans (its own terminator included). False when bytes[start, filled) does not hold
 * the whole record yet and more of the file follows (`end` false).
 */
function parseRecord(
  bytes: Uint8Array,
  start: number,
  filled: number,
  end: boolean,
  record: CsvRecord,
  cursor: { next: number; lines: number },
  source: string,
  delimiter: number,
): boolean {
  let p = start;
  let count = 0;
  let lines = 0;
  for (;;) {
    if (count === record.starts.length) grow(record);
    if (p < filled && bytes[p] === QUOTE) {
      let q = p + 1;
      let escaped = 0;
      for (;;) {
        let c = 0;
        while (q < filled && (c = bytes[q]) !== QUOTE) {
          if (c === LF || (c === CR && q + 1 < filled && bytes[q + 1] !== LF)) lines++;
          q++;
        }
        if (q >= filled) {
          if (!end) return false;
          throw new DataError(
            `${source} line ${record.line}: could not be parsed as CSV (quoted field unterminated: the quote opened on this line is never closed)`,
          );
        }
        if (q + 1 < filled && bytes[q + 1] === QUOTE) {
          escaped = 1;
          q += 2;
          continue;
        }
        if (q + 1 >= filled && !end) return false;
        break;
      }
      record.starts[count] = p + 1;
      record.ends[count] = q;
      record.escaped[count] = escaped;
      count++;
      p = q + 1;
      if (p < filled && bytes[p] !== delimiter && bytes[p] !== LF && bytes[p] !== CR) {
        throw new DataError(
          `${source} line ${record.line + lines}: could not be parsed as CSV (trailing quote on quoted field is malformed: a field that starts with a quote must end with one, then the delimiter or the end of the line)`,
        );
      }
    } else {
      let q = p;
      while (q < filled) {
        const c = bytes[q];
        if (c === delimiter || c === LF || c === CR) break;
        q++;
      }
      record.starts[count] = p;
      record.ends[count] = q;
      record.escaped[count] = 0;
      count++;
      p = q;
    }
    // p is at the byte after the field: the delimiter, a line break, or the end of what was read.
    if (p >= filled) {
      if (!end) return false;
      break;
    }
    const c = bytes[p];
    if (c === delimiter) {
      p++;
      continue;
    }
    if (c === CR) {
      if (p + 1 >= filled && !end) return false;
      p += p + 1 < filled && bytes[p + 1] === LF ? 2 : 1;
    } else {
      p++;
    }
    lines++;
    break;
  }
  record.count = count;
  cursor.next = p;
  cursor.lines = lines;
  return true;
}

function grow(record: CsvRecord): void {
  const size = record.starts.length * 2;
  const starts = new Int32Array(size);
  const ends = new Int32Array(size);
  const escaped = new Uint8Array(size);
  starts.set(record.starts);
  ends.set(record.ends);
  escaped.set(record.escaped);
  Object.assign(record, { starts, ends, escaped });
}

/** Field i of `record` as text (UTF-8), with doubled quotes of a quoted field made single. */
export function fieldText(record: CsvRecord, i: number): string {
  const text = Buffer.prototype.toString.call(record.bytes, 'utf8', record.starts[i], record.ends[i]);
  return record.escaped[i] ? text.replace(/""/g, '"') : text;
}
