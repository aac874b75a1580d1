/**
 * A time series as loaded from a CSV file: one date per row, and numeric columns as
 * Float64Array addressed by name. Rows are in ascending date order.
 */
import { DataError } from '../errors';

export interface Table {
  /** Where the rows came from, for error messages (a file path). */
  source: string;
  /** Name of the date column as written in the header. */
  dateColumn: string;
  /** One date per row, as written in the file. */
  dates: string[];
  /** Names of the numeric columns, as written in the header, in file order. */
  names: string[];
  /** The numeric columns, keyed by their names in `names`; each has one value per row. */
  columns: Record<string, Float64Array>;
}

/** Number of rows of a table. */
export function rowCount(table: Table): number {
  return table.dates.length;
}

/**
 * The header name a user's column name refers to. Names match case-insensitively
 * ("Close" finds "close"); an unknown name throws with the list of available columns.
 */
export function resolveColumnName(available: readonly string[], name: string, where: string): string {
  const wanted = name.trim().toLowerCase();
  const matches = available.filter((candidate) => candidate.trim().toLowerCase() === wanted);
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new DataError(
      `${where}: column "${name}" is ambiguous, the header has ${matches.map((m) => `"${m}"`).join(' and ')}; rename one of them`,
    );
  }
  throw new DataError(`${where}: no column "${name}". Available columns: ${available.map((a) => `"${a}"`).join(', ')}`);
}

/** The values of one numeric column, found by name case-insensitively. */
export function column(table: Table, name: string): Float64Array {
  return table.columns[resolveColumnName(table.names, name, table.source)];
}
