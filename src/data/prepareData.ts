/**
 * The whole data pipeline in one call:
 * CSV -> typed columns -> chronological split -> scaler fit on training rows -> windows per part.
 */
import { TUTORIAL } from '../config';
import { OptionError } from '../errors';
import { loadCsv } from './loadCsv';
import { checkWindowLengths, makeWindows, requireWindows, type TableWindows } from './makeWindows';
import { MinMaxScaler } from './MinMaxScaler';
import { splitChronological, type Split } from './splitChronological';
import { rowCount, type Table } from './Table';

export interface DataOptions {
  /** Path of the CSV file (default: the embedded data/sp500.csv). */
  csv: string;
  /** Date column; detected when omitted. */
  dateColumn?: string;
  features: readonly string[];
  target: string;
  lookBack: number;
  horizon: number;
  trainFraction: number;
  validationFraction: number;
}

export interface PreparedData {
  options: DataOptions;
  /** The file's values, in the data's units. */
  table: Table;
  /** Feature and target columns scaled to [0, 1] over the training rows. */
  scaled: Table;
  split: Split;
  scaler: MinMaxScaler;
  /** Windows whose targets fall in each part, from the scaled table. */
  train: TableWindows;
  validation: TableWindows;
  test: TableWindows;
}

/** Load, split, scale and window a CSV; every option not given takes the tutorial's value (TUTORIAL.data). */
export async function prepareData(overrides: Partial<DataOptions> = {}): Promise<PreparedData> {
  const options: DataOptions = { ...TUTORIAL.data, ...overrides };
  checkWindowLengths(options);
  if (options.features.length === 0) throw new OptionError('features must name at least one column');
  const columns = [...new Set([...options.features, options.target].map((name) => name.toLowerCase()))];
  const table = await loadCsv(options.csv, { dateColumn: options.dateColumn, columns });
  const split = splitChronological(rowCount(table), options);
  const scaler = MinMaxScaler.fit(table, { columns: table.names, rows: split.train });
  const scaled = scaler.transformTable(table);
  const windowsOf = (rows: Split[keyof Split]) => makeWindows(scaled, { ...options, rows });
  const train = windowsOf(split.train);
  requireWindows(train, 'training', split.train, table.source);
  const validation = windowsOf(split.validation);
  if (options.validationFraction > 0) requireWindows(validation, 'validation', split.validation, table.source);
  const test = windowsOf(split.test);
  requireWindows(test, 'test', split.test, table.source);
  return { options, table, scaled, split, scaler, train, validation, test };
}
