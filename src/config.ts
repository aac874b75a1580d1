/**
 * Every default of the data pipeline in one place. The values are the tutorial's set-up:
 * Open, High, Low and Volume of the last 5 days -> the next day's Close, on data/sp500.csv,
 * 80% of the rows for training, then 10% validation, then 10% test.
 */
import * as path from 'node:path';

/** The embedded default data set (absolute, so it resolves from any working directory). */
export const DEFAULT_CSV = path.resolve(__dirname, '..', 'data', 'sp500.csv');

export const DEFAULTS = {
  csv: DEFAULT_CSV,
  features: ['open', 'high', 'low', 'volume'] as readonly string[],
  target: 'close',
  lookBack: 5,
  horizon: 1,
  trainFraction: 0.8,
  validationFraction: 0.1,
} as const;
