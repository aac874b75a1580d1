/**
 * Walk-forward (rolling-origin) splits: K consecutive test blocks at the end of the series; each
 * fold trains on everything before its block (an expanding window) and validates on the tail of that.
 */
import { OptionError } from '../errors';
import { splitChronological, type Split, type SplitOptions } from './splitChronological';

export interface WalkForwardSplitOptions extends SplitOptions {
  /** Number of test blocks (1 = the single chronological split). */
  folds: number;
  /** Each test block must hold at least one window: `horizon` rows. */
  horizon: number;
}

/**
 * The rows after the first `trainFraction + validationFraction` of the series are tested, cut into
 * `folds` blocks of (nearly) equal length, in time order. Fold k tests block k, validates on the
 * rows just before it (as many as the single split's validation part) and trains on all rows
 * before those. With one fold this is `splitChronological`.
 */
export function walkForwardSplits(rowCount: number, options: WalkForwardSplitOptions): Split[] {
  const { folds, horizon } = options;
  if (!Number.isInteger(folds) || folds < 1) throw new OptionError(`folds must be a whole number of at least 1, got ${folds}`);
  const single = splitChronological(rowCount, options);
  const tested = single.test.end - single.test.start;
  const validationRows = single.validation.end - single.validation.start;
  const most = Math.floor(tested / horizon);
  if (most < folds) {
    throw new OptionError(
      `${folds} folds would give each test block ${Math.floor(tested / folds)} of the ${tested} tested rows, fewer than the ${horizon} one window needs (horizon ${horizon}); use at most ${Math.max(most, 1)} folds, a smaller training fraction, or more data`,
    );
  }
  const splits: Split[] = [];
  for (let k = 0; k < folds; k++) {
    const start = single.test.start + Math.floor((k * tested) / folds);
    const end = single.test.start + Math.floor(((k + 1) * tested) / folds);
    splits.push({
      train: { start: 0, end: start - validationRows },
      validation: { start: start - validationRows, end: start },
      test: { start, end },
    });
  }
  return splits;
}
