/** Chronological train / validation / test split of row indices: no shuffling, the test period comes last. */
import { OptionError } from '../errors';

/** A half-open range of row indices, [start, end). */
export interface RowRange {
  start: number;
  end: number;
}

export interface Split {
  train: RowRange;
  validation: RowRange;
  test: RowRange;
}

export interface SplitOptions {
  /** Fraction of rows for training, in (0, 1). */
  trainFraction: number;
  /** Fraction of rows for validation, in [0, 1); 0 means no validation part. */
  validationFraction: number;
}

/**
 * Split `rowCount` rows in time order: the first `floor(rowCount * trainFraction)` rows train,
 * the next `floor(rowCount * (trainFraction + validationFraction)) - trainEnd` validate, the rest test.
 */
export function splitChronological(rowCount: number, options: SplitOptions): Split {
  const { trainFraction, validationFraction } = options;
  if (!(trainFraction > 0 && trainFraction < 1)) {
    throw new OptionError(`trainFraction must be between 0 and 1 (exclusive), got ${trainFraction}`);
  }
  if (!(validationFraction >= 0 && validationFraction < 1)) {
    throw new OptionError(`validationFraction must be at least 0 and below 1, got ${validationFraction}`);
  }
  if (trainFraction + validationFraction >= 1) {
    throw new OptionError(
      `trainFraction + validationFraction must be below 1 to leave rows for the test part, got ${trainFraction} + ${validationFraction} = ${trainFraction + validationFraction}`,
    );
  }
  const trainEnd = Math.floor(rowCount * trainFraction);
  const validationEnd = Math.floor(rowCount * (trainFraction + validationFraction));
  return {
    train: { start: 0, end: trainEnd },
    validation: { start: trainEnd, end: validationEnd },
    test: { start: validationEnd, end: rowCount },
  };
}
