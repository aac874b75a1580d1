/**
 * Load a CSV time series into a validated Table: a date column in strictly ascending order,
 * and finite numbers in every requested column. Parsing is done by danfojs-node; every value
 * is then checked here so that a bad cell is reported with its line and column.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataError } from '../errors';
import { resolveColumnName, type Table } from './Table';

export interface LoadCsvOptions {
  /** The date column; when omitted, a column named date/time/datetime/timestamp/day/month/period, else the first column. */
  dateColumn?: string;
  /** Numeric columns to keep (case-insensitive); default: every column except the date column. */
  columns?: readonly string[];
}

const DATE_NAMES = ['date', 'datetime', 'time', 'timestamp', 'day', 'month', 'period'];
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const NOT_FINITE = /^[-+]?(nan|inf|infinity)$/i;

/** The file's lines, after checking that it exists and has a header line. */
function readLines(file: string): { source: string; lines: string[]; headerIndex: number } {
  const relative = path.relative(process.cwd(), path.resolve(file));
  const source = relative && !relative.startsWith('..') ? relative : path.resolve(file);
  if (!fs.existsSync(file)) {
    throw new DataError(`${source}: file not found (looked for ${path.resolve(file)})`);
  }
  if (fs.statSync(file).isDirectory()) {
    throw new DataError(`${source}: is a folder, expected a CSV file`);
  }
  const lines = fs.readFileSync(file, 'utf8').split(/\r\n|\n|\r/);
  const headerIndex = lines.findIndex((line) => line.trim() !== '');
  if (headerIndex < 0) {
    throw new DataError(`${source}: the file is empty; expected a header line (e.g. date,open,high,low,close,volume) and data rows`);
  }
  return { source, lines, headerIndex };
}

/** The column names of a CSV file and the date column loadCsv would use, without reading the rows. */
export function readHeader(file: string, dateColumn?: string): { columns: string[]; dateColumn: string } {
  const { source, lines, headerIndex } = readLines(file);
  const columns = lines[headerIndex].split(',').map((name) => name.trim().replace(/^"(.*)"$/, '$1'));
  return { columns, dateColumn: dateColumn !== undefined ? resolveColumnName(columns, dateColumn, `${source} (date column)`) : detectDateColumn(columns) };
}

/** Load and validate `file`. Throws DataError naming the file, line and column of the first problem. */
export async function loadCsv(file: string, options: LoadCsvOptions = {}): Promise<Table> {
  const { source, lines, headerIndex } = readLines(file);
  // File line number (1-based) of each data row, as papaparse sees them with empty lines skipped.
  const dataLines: number[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) if (lines[i].trim() !== '') dataLines.push(i + 1);
  if (dataLines.length === 0) {
    throw new DataError(`${source}: has a header line but no data rows`);
  }

  const frame = await readFrame(file, source, lines, headerIndex);
  const header: string[] = frame.columns;
  if (frame.shape[0] !== dataLines.length) dataLines.length = 0; // quoted line breaks: fall back to row numbers
  const where = (row: number) => (dataLines.length ? `line ${dataLines[row]}` : `data row ${row + 1}`);

  const dateColumn = options.dateColumn !== undefined
    ? resolveColumnName(header, options.dateColumn, `${source} (date column)`)
    : detectDateColumn(header);
  const wanted = options.columns ?? header.filter((name) => name !== dateColumn);
  const names = wanted.map((name) => resolveColumnName(header, name, source));
  for (const name of names) {
    if (name === dateColumn) throw new DataError(`${source}: column "${name}" is the date column, it cannot also be a numeric column`);
  }
  if (names.length === 0) {
    throw new DataError(`${source}: no numeric columns besides the date column "${dateColumn}"`);
  }

  const rawDates = frame[dateColumn].values as unknown[];
  const dates = rawDates.map((value) => String(value ?? '').trim());
  const times = dates.map((date, row) => {
    const time = Date.parse(date);
    if (date === '' || Number.isNaN(time)) {
      throw new DataError(`${source} ${where(row)}, column "${dateColumn}": ${date === '' ? 'empty date' : `"${date}" is not a date`}; expected a date such as 2000-01-03`);
    }
    return time;
  });
  for (let row = 1; row < times.length; row++) {
    if (times[row] === times[row - 1]) {
      throw new DataError(`${source} ${where(row)}, column "${dateColumn}": date ${dates[row]} is duplicated (same as ${where(row - 1)}); each date must appear once`);
    }
    if (times[row] < times[row - 1]) {
      throw new DataError(`${source} ${where(row)}, column "${dateColumn}": date ${dates[row]} comes before ${dates[row - 1]} on ${where(row - 1)}; rows must be in ascending date order`);
    }
  }

  const columns: Record<string, Float64Array> = {};
  for (const name of names) {
    const raw = frame[name].values as unknown[];
    const values = new Float64Array(raw.length);
    for (let row = 0; row < raw.length; row++) {
      const cell = String(raw[row] ?? '').trim();
      const at = `${source} ${where(row)}, column "${name}"`;
      if (cell === '') throw new DataError(`${at}: empty cell; every row needs a number here`);
      if (NOT_FINITE.test(cell)) throw new DataError(`${at}: "${cell}" is not a finite number; NaN and Infinity cannot be scaled or learned from`);
      if (!NUMBER.test(cell)) throw new DataError(`${at}: "${cell}" is not a number; write plain decimals such as 1234.5 (no thousands separators)`);
      values[row] = Number(cell);
      if (!Number.isFinite(values[row])) throw new DataError(`${at}: "${cell}" overflows a 64-bit float`);
    }
    columns[name] = values;
  }
  return { source, dateColumn, dates, names, columns };
}

function detectDateColumn(header: string[]): string {
  for (const candidate of DATE_NAMES) {
    const found = header.find((name) => name.trim().toLowerCase() === candidate);
    if (found !== undefined) return found;
  }
  return header[0];
}

interface Frame {
  columns: string[];
  shape: number[];
  [column: string]: any;
}

/** Parse with danfojs-node, all cells as strings; turn its parse errors into DataErrors with a line number. */
async function readFrame(file: string, source: string, lines: string[], headerIndex: number): Promise<Frame> {
  // danfojs-node takes ~1 s to load (it brings tfjs along), so it is loaded on first use.
  const dfd = await import('danfojs-node');
  try {
    return (await dfd.readCSV(file, { skipEmptyLines: 'greedy', dynamicTyping: false } as any)) as unknown as Frame;
  } catch (error) {
    const fields = lines[headerIndex].split(',').length;
    for (let i = headerIndex + 1; i < lines.length; i++) {
      if (lines[i].trim() !== '' && lines[i].split(',').length !== fields) {
        throw new DataError(`${source} line ${i + 1}: has ${lines[i].split(',').length} fields, the header has ${fields}`);
      }
    }
    throw new DataError(`${source}: could not be parsed as CSV (${(error as Error).message})`);
  }
}
