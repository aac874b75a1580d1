/**
 * Forecasts past the last row, with conformal intervals. Every model is fitted once more on all
 * rows but a final validation stretch (early stopping, and the errors that calibrate the
 * intervals), then forecasts the `ahead` steps after the last row from the last window: the
 * networks directly, with a head of `ahead` outputs; persistence, drift (its slope over all rows),
 * the linear autoregression and seasonal naive as in the walk-forward comparison. The dates
 * continue the series' calendar (data/calendar.ts). The naive methods also carry their textbook
 * intervals, for comparison.
 */
import { continueDates, describeSpacing, detectSpacing } from '../data/calendar';
import type { DataOptions } from '../data/prepareData';
import { prepareTable } from '../data/prepareData';
import type { Split } from '../data/splitChronological';
import { rowCount, type Table } from '../data/Table';
import { OptionError } from '../errors';
import { Forecaster } from '../models/Forecaster';
import { LinearAutoregression } from '../models/LinearAutoregression';
import { disposeModule } from '../models/Module';
import type { CellKind } from '../models/Recurrent';
import { train, type TrainConfig } from '../training/train';
import { drift, persistence, seasonalNaive } from './baselines';
import { forecast } from './forecast';
import { checkLevels, conformalHalfWidths, minimumCalibration, textbookHalfWidths } from './intervals';
import { meanOf, type NetworkSize, networkSize } from './networks';
import { admissibleBenchmarks, benchmarkList, fitBenchmarks } from '../statistical/benchmarks';
import { etsFilter, etsIntervals, specName } from '../statistical/ets';
import { targetSeries } from './targetSeries';

export interface AheadOptions {
  /** The loaded series; its last row is the forecast origin. */
  table: Table;
  /** Data options; `horizon` is replaced by `ahead`, `trainFraction` by all rows but the validation stretch. */
  data: DataOptions;
  /** Steps after the last row. */
  ahead: number;
  cells: readonly CellKind[];
  /** The networks' seeds; a network's forecast is the mean of its seeds'. */
  seeds: readonly number[];
  model?: NetworkSize;
  training?: Partial<TrainConfig>;
  season?: number;
  /** Interval levels, percent (default 80 and 95). */
  levels?: readonly number[];
  /** The statistical benchmarks, fitted on the same rows as the other models, as walkForward's option names them (default ets and theta). */
  benchmarks?: boolean | readonly string[];
  /** Told before each network trains (a progress display). */
  trainingFor?: (info: { cell: CellKind; seed: number }) => Partial<TrainConfig>;
}

export interface AheadForecast {
  model: string;
  /** `ahead` forecasts in the data's units. */
  forecast: number[];
  /** Per level (in the order of `levels`), the conformal interval's ends per step. */
  intervals: Array<{ level: number; lo: number[]; hi: number[] }>;
  /**
   * The model's own intervals, beside the conformal ones: for persistence, drift and seasonal naive
   * the textbook ones (FPP3 section 5.5, from all rows' residuals); for ets and ets-SPEC their exact or simulated
   * ones (etsIntervals), with the fitted parameters over all rows.
   */
  textbook?: Array<{ level: number; lo: number[]; hi: number[] }>;
}

export interface AheadResult {
  /** The forecast column, as the table names it. */
  target: string;
  /** The dates of the `ahead` steps, continuing the series. */
  dates: string[];
  /** The last row's date: the forecast origin. */
  origin: string;
  /** The series' calendar in words ("weekdays (exchange holidays are not known)", ...). */
  calendar: string;
  levels: number[];
  /** The rows the models were fitted on, and the validation stretch after them. */
  split: Pick<Split, 'train' | 'validation'>;
  /** Validation forecasts per step the intervals are calibrated on. */
  calibration: number;
  /** With benchmarks: the ETS spec AICc picked. */
  etsSpec?: string;
  forecasts: AheadForecast[];
}

/** The largest `ahead` a validation stretch of `rows` rows can calibrate at `level`: rows - needed + 1. */
export function mostAhead(rows: number, level: number): number {
  return rows - minimumCalibration(level) + 1;
}

/**
 * Check, before anything trains, that the final validation stretch of a series of `rows` rows can
 * calibrate `levels` for `ahead` steps: its windows need all their targets inside it, so it holds
 * stretch - ahead + 1 of them. Returns the stretch's length in rows.
 */
export function checkAhead(rows: number, validationFraction: number, ahead: number, levels: readonly number[]): number {
  const stretch = Math.max(1, Math.floor(rows * validationFraction));
  const level = levels[levels.length - 1];
  const most = mostAhead(stretch, level);
  if (most < 1) {
    throw new OptionError(
      `the final ${stretch} rows (the validation stretch) cannot calibrate a ${level}% interval even one step ahead (${minimumCalibration(level)} forecasts needed); use a longer series, a larger --validation or lower --levels`,
    );
  }
  if (ahead > most) {
    throw new OptionError(
      `--ahead ${ahead} leaves too few validation forecasts to calibrate a ${level}% interval: the final ${stretch} rows (--validation) allow at most --ahead ${most}`,
    );
  }
  return stretch;
}

/** Fit every model on all rows but the validation stretch and forecast `ahead` steps past the last row. */
export async function forecastAhead(options: AheadOptions): Promise<AheadResult> {
  const { table, ahead } = options;
  const levels = [...(options.levels ?? [80, 95])];
  checkLevels(levels, 'levels');
  if (!Number.isInteger(ahead) || ahead < 1) throw new OptionError(`ahead must be a whole number of at least 1, got ${ahead}`);
  const rows = rowCount(table);
  const spacing = detectSpacing(table.dates, `${table.source}, column "${table.dateColumn}"`);
  const dates = continueDates(table.dates, ahead, table.source, spacing);
  const validationRows = checkAhead(rows, options.data.validationFraction, ahead, levels);
  // `ahead` placeholder rows after the last (copies of it): the one test window's targets, never read
  // as inputs, so that the origin window is cut as every other window is.
  const extended: Table = {
    ...table,
    dates: [...table.dates, ...dates],
    columns: Object.fromEntries(
      Object.entries(table.columns).map(([name, values]) => {
        const out = new Float64Array(rows + ahead);
        out.set(values);
        out.fill(values[rows - 1], rows);
        return [name, out];
      }),
    ),
  };
  const split: Split = {
    train: { start: 0, end: rows - validationRows },
    validation: { start: rows - validationRows, end: rows },
    test: { start: rows, end: rows + ahead },
  };
  const data: DataOptions = { ...options.data, horizon: ahead };
  const prepared = prepareTable(extended, data, split);
  const values = table.columns[prepared.test.target];
  const inputOf = (part: 'validation' | 'test') => ({ values, targetRows: prepared[part].targetRows, horizon: ahead });
  const { actual } = targetSeries(prepared, 'validation');
  const linear = LinearAutoregression.fit(prepared.train);
  // Forecasts of the validation windows (whose errors calibrate) and of the origin window, by model.
  const both: Record<string, { validation: Float64Array; origin: Float64Array }> = {
    persistence: { validation: persistence(inputOf('validation')), origin: persistence(inputOf('test')) },
    drift: { validation: drift(inputOf('validation'), split.train), origin: drift(inputOf('test'), { start: 0, end: rows }) },
    linear: { validation: forecast(linear, prepared, 'validation'), origin: forecast(linear, prepared, 'test') },
  };
  if (options.season) {
    both['seasonal-naive'] = {
      validation: seasonalNaive(inputOf('validation'), options.season),
      origin: seasonalNaive(inputOf('test'), options.season),
    };
  }
  // Each ETS benchmark's own intervals (exact or simulated), and the spec AICc picked for `ets`.
  const etsIntervalsOf: Record<string, Array<{ level: number; lo: number[]; hi: number[] }>> = {};
  let etsSpec: string | undefined;
  const wanted = benchmarkList(options.benchmarks, options.season);
  if (wanted.length > 0) {
    // Each where the rows allow it (as in walkForward, a series too short or not positive leaves it out).
    const fitRows = { start: 0, end: split.train.end };
    const { models } = admissibleBenchmarks(values.subarray(fitRows.start, fitRows.end), options.season, wanted);
    const where = `${table.source}, column "${prepared.test.target}"`;
    const { forecastOf, ets, etsFits } = fitBenchmarks(values, fitRows, models, { season: options.season, where });
    for (const name of models) {
      both[name] = { validation: forecastOf[name]!(prepared.validation.targetRows, ahead), origin: forecastOf[name]!([rows], ahead) };
    }
    if (ets) etsSpec = specName(ets.best.spec);
    for (const [name, fit] of Object.entries(etsFits)) {
      // The fit's states carried to the last row: its own intervals from there.
      const atOrigin = etsFilter(fit!.spec, fit!.params, values.subarray(0, rows));
      etsIntervalsOf[name] = etsIntervals(atOrigin, ahead, levels).map(({ level, lo, hi }) => ({ level, lo, hi }));
    }
  }
  const model = networkSize(options.model);
  for (const cell of options.cells) {
    const runs: Array<{ validation: Float64Array; origin: Float64Array }> = [];
    for (const seed of options.seeds) {
      const network = new Forecaster({
        kind: cell,
        inputSize: prepared.train.inputSize,
        seqLen: data.seqLen,
        horizon: ahead,
        seed,
        ...model,
      });
      try {
        await train(network, prepared, { ...options.training, seed, ...options.trainingFor?.({ cell, seed }) });
        runs.push({ validation: forecast(network, prepared, 'validation'), origin: forecast(network, prepared, 'test') });
      } finally {
        disposeModule(network);
      }
    }
    both[cell] = { validation: meanOf(runs.map((r) => r.validation)), origin: meanOf(runs.map((r) => r.origin)) };
  }
  const forecasts = Object.entries(both).map(([name, { validation, origin }]): AheadForecast => {
    const errors = actual.map((value, i) => value - validation[i]);
    const bands = (widths: number[][]) =>
      levels.map((level, l) => ({
        level,
        lo: Array.from(origin, (value, h) => value - widths[l][h]),
        hi: Array.from(origin, (value, h) => value + widths[l][h]),
      }));
    const textbook =
      name === 'persistence' || name === 'drift' || name === 'seasonal-naive'
        ? bands(textbookHalfWidths(name, values, { start: 0, end: rows }, ahead, levels, options.season))
        : etsIntervalsOf[name];
    return {
      model: name,
      forecast: Array.from(origin),
      intervals: bands(conformalHalfWidths(errors, ahead, levels)),
      ...(textbook ? { textbook } : {}),
    };
  });
  return {
    target: prepared.test.target,
    dates,
    origin: table.dates[rows - 1],
    calendar: describeSpacing(spacing),
    levels,
    split: { train: split.train, validation: split.validation },
    calibration: prepared.validation.n,
    ...(etsSpec ? { etsSpec } : {}),
    forecasts,
  };
}
