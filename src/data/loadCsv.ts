/**
 * Load a CSV time series into a validated Table: a date column in strictly ascending order,
 * and finite numbers in every requested column. The file is read in chunks and parsed in one pass
 * straight into typed columns (no string per number, no copy of the whole text); every value is
 * checked so that a bad cell is reported with its line and column.
 *
 * When a file has several problems, the one reported is the first of: a row with the wrong number
 * of fields (or broken quoting), a column that is not in the header, a value that is not a date,
 * dates out of order, then the first bad number of the first column that has one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataError, OptionError } from '../errors';
import { dateFormatReader, describeForm, type ParsedDate, parseDate, sameForm } from './dates';
import { parseDecimal } from './parseDecimal';
import { detectDelimiter, fieldText, readCsvRecords, type CsvRecord } from './readCsvRecords';
import { resolveColumnName, type Table } from './Table';

export interface LoadCsvOptions {
  /** The date column; when omitted, a column named date/time/datetime/timestamp/day/month/period, else the first column. */
  dateColumn?: string;
  /** Numeric columns to keep (case-insensitive); default: every column except the date column. */
  columns?: readonly string[];
  /** The field delimiter (one character); default: detected from the header line (detectDelimiter). */
  delimiter?: string;
  /**
   * How the dates are written, strftime-like (%Y-%m-%d, %m/%d/%Y, %d.%m.%Y %H:%M); they are kept as
   * ISO dates. Default: ISO 8601 dates and date-times, or a whole-number index (data/dates.ts).
   */
  dateFormat?: string;
  /** The date column is a whole-number index (0, 1, 2, ...), not dates. */
  index?: boolean;
  /** Called as the file is read, about once per MiB: bytes read so far, the file's size, data rows so far. */
  onProgress?: (progress: LoadProgress) => void;
}

export interface LoadProgress {
  bytes: number;
  totalBytes: number;
  rows: number;
}

const DATE_NAMES = ['date', 'datetime', 'time', 'timestamp', 'day', 'month', 'period'];
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const NOT_FINITE = /^[-+]?(nan|inf|infinity)$/i;
/** Rows per block of a column while the file is read; the blocks are joined at the end, one column at a time. */
const BLOCK_ROWS = 1 << 16;

/** The file's name for messages (relative to the working folder when inside it), after checking that it is a file. */
function checkFile(file: string): string {
  const relative = path.relative(process.cwd(), path.resolve(file));
  const source = relative && !relative.startsWith('..') ? relative : path.resolve(file);
  if (!fs.existsSync(file)) {
    throw new DataError(`${source}: file not found (looked for ${path.resolve(file)})`);
  }
  if (fs.statSync(file).isDirectory()) {
    throw new DataError(`${source}: is a folder, expected a CSV file`);
  }
  return source;
}

function emptyFile(source: string): DataError {
  return new DataError(`${source}: the file is empty; expected a header line (e.g. date,open,high,low,close,volume) and data rows`);
}

/**
 * The column names of a CSV file, the date column loadCsv would use and the delimiter it reads with,
 * reading only up to the header line.
 */
export function readHeader(
  file: string,
  dateColumn?: string,
  delimiter?: string,
): { columns: string[]; dateColumn: string; delimiter: string } {
  const source = checkFile(file);
  const used = delimiter ?? detectDelimiter(file);
  let columns: string[] | undefined;
  readCsvRecords(file, {
    source,
    delimiter: used,
    onRecord: (record) => {
      if (isBlank(record)) return true;
      columns = fieldsOf(record).map((name) => name.trim());
      return false;
    },
  });
  if (columns === undefined) throw emptyFile(source);
  return {
    columns,
    dateColumn: dateColumn !== undefined ? resolveColumnName(columns, dateColumn, `${source} (date column)`) : detectDateColumn(columns),
    delimiter: used,
  };
}

/** Which fields of each row become the table: the date column's index and the numeric columns' indices and names. */
interface Layout {
  dateColumn: string;
  dateIndex: number;
  names: string[];
  indices: number[];
}

/** Load and validate `file`. Throws DataError naming the file, line and column of the first problem (see above). */
export async function loadCsv(file: string, options: LoadCsvOptions = {}): Promise<Table> {
  const source = checkFile(file);
  let header: string[] | undefined;
  let layout: Layout | undefined;
  // The first problem of each kind, thrown in the order of the file comment once the whole file is read.
  let fieldsProblem: string | undefined;
  let headerProblem: DataError | undefined;
  let dateProblem: string | undefined;
  let orderProblem: string | undefined;
  let numberProblems: (string | undefined)[] = [];

  let rows = 0;
  const dates: string[] = [];
  const readDate = dateReader(options);
  let blocks: Float64Array[][] = [];
  let block: Float64Array[] = [];
  let inBlock = BLOCK_ROWS;
  let previousTime = NaN;
  let previousLine = 0;

  const onRecord = (record: CsvRecord) => {
    if (isBlank(record)) return;
    if (header === undefined) {
      header = renameDuplicates(fieldsOf(record));
      try {
        layout = layoutOf(header, options, source);
        blocks = layout.names.map(() => []);
        numberProblems = layout.names.map(() => undefined);
      } catch (error) {
        if (!(error instanceof DataError)) throw error;
        headerProblem = error;
      }
      return;
    }
    const row = rows++;
    if (record.count !== header.length) {
      fieldsProblem ??= `${source} line ${record.line}: has ${record.count} fields, the header has ${header.length}`;
      return;
    }
    if (layout === undefined || fieldsProblem !== undefined) return;

    const written = fieldText(record, layout.dateIndex).trim();
    const { date, time, problem } = readDate(written);
    if (problem !== undefined) {
      dateProblem ??= `${source} line ${record.line}, column "${layout.dateColumn}": ${problem}`;
    } else if (row > 0 && orderProblem === undefined && !Number.isNaN(previousTime)) {
      if (time === previousTime) {
        orderProblem = `${source} line ${record.line}, column "${layout.dateColumn}": date ${date} is duplicated (same as line ${previousLine}); each date must appear once`;
      } else if (time < previousTime) {
        orderProblem = `${source} line ${record.line}, column "${layout.dateColumn}": date ${date} comes before ${dates[row - 1]} on line ${previousLine}; rows must be in ascending date order`;
      }
    }
    previousTime = time;
    previousLine = record.line;
    dates.push(date);

    if (inBlock === BLOCK_ROWS) {
      block = blocks.map((column) => {
        const values = new Float64Array(BLOCK_ROWS);
        column.push(values);
        return values;
      });
      inBlock = 0;
    }
    const { bytes, starts, ends, escaped } = record;
    for (let k = 0; k < block.length; k++) {
      const i = layout.indices[k];
      let value = escaped[i] ? NaN : parseDecimal(bytes, starts[i], ends[i]);
      if (Number.isNaN(value)) {
        const checked = numberOf(fieldText(record, i));
        if (typeof checked === 'string') {
          numberProblems[k] ??= `${source} line ${record.line}, column "${layout.names[k]}": ${checked}`;
          value = NaN;
        } else {
          value = checked;
        }
      }
      block[k][inBlock] = value;
    }
    inBlock++;
  };

  try {
    readCsvRecords(file, {
      source,
      delimiter: options.delimiter ?? detectDelimiter(file),
      onRecord,
      onChunk: options.onProgress && ((bytes, totalBytes) => options.onProgress?.({ bytes, totalBytes, rows })),
    });
  } catch (error) {
    // A row with the wrong number of fields before broken quoting is the first problem.
    if (error instanceof DataError && fieldsProblem !== undefined) throw new DataError(fieldsProblem);
    throw error;
  }

  if (header === undefined) throw emptyFile(source);
  if (rows === 0) throw new DataError(`${source}: has a header line but no data rows`);
  for (const problem of [fieldsProblem, headerProblem?.message, dateProblem, orderProblem, ...numberProblems]) {
    if (problem !== undefined) throw new DataError(problem);
  }
  const { dateColumn, names } = layout!;
  const columns: Record<string, Float64Array> = {};
  names.forEach((name, k) => {
    // One column at a time, letting go of its blocks as it is joined: memory stays near one copy of the values.
    const values = new Float64Array(rows);
    blocks[k].forEach((part, b) => values.set(part.subarray(0, Math.min(BLOCK_ROWS, rows - b * BLOCK_ROWS)), b * BLOCK_ROWS));
    blocks[k] = [];
    columns[name] = values;
  });
  return { source, dateColumn, dates, names, columns };
}

/**
 * What loadCsv reads each date with: the text as the table keeps it (ISO), its instant for the
 * order checks, or what is wrong with it. Every date must be written as the first one is.
 */
function dateReader(options: LoadCsvOptions): (text: string) => { date: string; time: number; problem?: string } {
  const bad = (problem: string) => ({ date: '', time: Number.NaN, problem });
  if (options.dateFormat !== undefined) {
    const format = options.dateFormat;
    let read: (text: string) => string | undefined;
    try {
      read = dateFormatReader(format);
    } catch (error) {
      throw new OptionError(`date format "${format}": ${(error as Error).message}`);
    }
    return (text) => {
      if (text === '') return bad('empty date');
      const iso = read(text);
      if (iso === undefined) return bad(`"${text}" does not match the date format ${format}, or is not a valid date`);
      return { date: iso, time: parseDate(iso)!.ms };
    };
  }
  let first: { parsed: ParsedDate; text: string; count: number } | undefined;
  let seen = 0;
  return (text) => {
    seen++;
    if (text === '') return bad('empty date');
    const parsed = parseDate(text);
    if (options.index && parsed?.form !== 'integer') return bad(`"${text}" is not a whole number; the index column takes 0, 1, 2, ...`);
    if (parsed === undefined) {
      return bad(
        `"${text}" is not an ISO 8601 date (such as 2000-01-03, 2000-01 or 2000-01-03 09:30) or a whole-number index; give its format with --date-format (for example %m/%d/%Y)`,
      );
    }
    if (first === undefined) first = { parsed, text, count: seen };
    else if (!sameForm(parsed, first.parsed)) {
      return bad(
        `"${text}" is ${describeForm(parsed)}, but the first date, "${first.text}", is ${describeForm(first.parsed)}; every date must be written the same way`,
      );
    }
    return { date: text, time: parsed.ms };
  };
}

/** The value of one cell's text, or what is wrong with it. */
function numberOf(text: string): number | string {
  const cell = text.trim();
  if (cell === '') return 'empty cell; every row needs a number here';
  if (NOT_FINITE.test(cell)) return `"${cell}" is not a finite number; NaN and Infinity cannot be scaled or learned from`;
  if (!NUMBER.test(cell)) return `"${cell}" is not a number; write plain decimals such as 1234.5 (no thousands separators)`;
  const value = Number(cell);
  if (!Number.isFinite(value)) return `"${cell}" overflows a 64-bit float`;
  return value;
}

/** The date column and the numeric columns `options` ask for, checked against the header. */
function layoutOf(header: string[], options: LoadCsvOptions, source: string): Layout {
  const dateColumn =
    options.dateColumn !== undefined ? resolveColumnName(header, options.dateColumn, `${source} (date column)`) : detectDateColumn(header);
  const wanted = options.columns ?? header.filter((name) => name !== dateColumn);
  const names = wanted.map((name) => resolveColumnName(header, name, source));
  for (const name of names) {
    if (name === dateColumn) throw new DataError(`${source}: column "${name}" is the date column, it cannot also be a numeric column`);
  }
  if (names.length === 0) {
    throw new DataError(`${source}: no numeric columns besides the date column "${dateColumn}"`);
  }
  return { dateColumn, dateIndex: header.indexOf(dateColumn), names, indices: names.map((name) => header.indexOf(name)) };
}

function detectDateColumn(header: string[]): string {
  for (const candidate of DATE_NAMES) {
    const found = header.find((name) => name.trim().toLowerCase() === candidate);
    if (found !== undefined) return found;
  }
  return header[0];
}

function fieldsOf(record: CsvRecord): string[] {
  return Array.from({ length: record.count }, (_, i) => fieldText(record, i));
}

/** A header's names with repeats made unique as "name_1", "name_2", ... (so each column keeps its own name). */
function renameDuplicates(names: string[]): string[] {
  const seen = new Map<string, number>();
  const used = new Set(names);
  return names.map((name) => {
    const count = seen.get(name);
    if (count === undefined) {
      seen.set(name, 1);
      return name;
    }
    let suffix = count;
    let renamed: string;
    do renamed = `${name}_${suffix++}`;
    while (used.has(renamed));
    used.add(renamed);
    seen.set(name, count + 1);
    return renamed;
  });
}

/** A record whose fields hold only whitespace (an empty line, or a line of commas and spaces) is skipped. */
function isBlank(record: CsvRecord): boolean {
  const { bytes, starts, ends } = record;
  for (let i = 0; i < record.count; i++) {
    for (let p = starts[i]; p < ends[i]; p++) {
      const c = bytes[p];
      if (c === 32 || (c >= 9 && c <= 13)) continue;
      if (c < 0x80) return false;
      if (fieldText(record, i).trim() !== '') return false;
      break;
    }
  }
  return true;
}
