/**
 * Conformal intervals on walk-forward folds, measured: each fold's intervals are calibrated on the
 * errors of its validation windows (the rows after its training rows and before its test block,
 * so nothing of the test block leaks in), then scored on its test block. Scores pool every fold's
 * test forecasts, per model, level and step ahead. Beside them, for the naive methods, the
 * textbook intervals (FPP3 section 5.5) fitted on each fold's training rows, scored the same way.
 */
import { coverage, intervalScore, meanWidth, minimumCalibration, pinballLoss } from './intervals';

/** What a fold gives the interval scores: its test actuals and forecasts, and its calibration errors. */
export interface IntervalFold {
  /** Test actuals, [n, horizon]. */
  actual: Float64Array;
  /** Test forecasts by model, [n, horizon]. */
  forecasts: Record<string, Float64Array>;
  /** Validation errors (actual minus forecast) by model, [m, horizon]. */
  calibrationErrors: Record<string, Float64Array>;
  /** Conformal half-widths from those errors by model, [level][step] in the order of `levels` (calibratedHalfWidths). */
  halfWidths: Record<string, number[][]>;
  /** The naive methods' textbook half-widths from the fold's training rows, [level][step] (textbookHalfWidths). */
  textbookHalfWidths?: Record<string, number[][]>;
}

/** One model's intervals at one level and step, over all folds. */
export interface IntervalRow {
  model: string;
  /** 'conformal' (every model), or 'textbook': a naive method's closed-form interval (FPP3 section 5.5). */
  method: 'conformal' | 'textbook';
  /** Nominal coverage, percent. */
  level: number;
  /** Steps ahead, 1-based. */
  step: number;
  /** Share of test values inside the interval (compare with level / 100). */
  coverage: number;
  /** Mean width, in the data's units. */
  width: number;
  /** Mean interval (Winkler) score, in the data's units. */
  intervalScore: number;
  /** The interval score over the MASE scale (M4's MSIS). */
  msis: number;
  /** Mean pinball loss of the two ends as the level's lower and upper quantiles. */
  pinball: number;
  /** Calibration errors per step in the smallest fold; below minimumCalibration(level) the scores are NaN (textbook: not calibrated, null). */
  calibration: number | null;
}

/** Score conformal intervals at `levels` for every model of `names`, fold by fold, then the textbook ones; `scale` is MASE's. */
export function foldIntervals(
  folds: readonly IntervalFold[],
  names: readonly string[],
  horizon: number,
  levels: readonly number[],
  scale: number,
): IntervalRow[] {
  const rows: IntervalRow[] = [];
  const score = (
    model: string,
    method: IntervalRow['method'],
    widthsOf: (fold: IntervalFold) => number[][],
    calibration: number | null,
  ) => {
    for (const [l, level] of levels.entries()) {
      // Conformal intervals are scored only where every fold could calibrate the level.
      const enough = calibration === null || calibration >= minimumCalibration(level);
      const widths = folds.map((fold) => widthsOf(fold)[l]);
      for (let h = 0; h < horizon; h++) {
        const actual: number[] = [];
        const lo: number[] = [];
        const hi: number[] = [];
        for (const [k, fold] of folds.entries()) {
          const predicted = fold.forecasts[model];
          for (let i = h; i < fold.actual.length; i += horizon) {
            actual.push(fold.actual[i]);
            lo.push(predicted[i] - widths[k][h]);
            hi.push(predicted[i] + widths[k][h]);
          }
        }
        const alpha = 1 - level / 100;
        const interval = enough ? intervalScore(actual, lo, hi, level) : NaN;
        rows.push({
          model,
          method,
          level,
          step: h + 1,
          coverage: enough ? coverage(actual, lo, hi) : NaN,
          width: enough ? meanWidth(lo, hi) : NaN,
          intervalScore: interval,
          msis: interval / scale,
          pinball: enough ? (pinballLoss(actual, lo, alpha / 2) + pinballLoss(actual, hi, 1 - alpha / 2)) / 2 : NaN,
          calibration,
        });
      }
    }
  };
  for (const model of names) {
    const calibration = Math.min(...folds.map((fold) => fold.calibrationErrors[model].length / horizon));
    score(model, 'conformal', (fold) => fold.halfWidths[model], calibration);
  }
  for (const model of names) {
    if (folds.every((fold) => fold.textbookHalfWidths?.[model])) score(model, 'textbook', (fold) => fold.textbookHalfWidths![model], null);
  }
  return rows;
}
