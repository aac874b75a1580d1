/**
 * A fair comparison of forecasters: walk-forward folds (train on everything before each test block,
 * scaler refit per fold), several seeds per network, and the same windows for every model and every
 * baseline (persistence, drift, a linear autoregression, and seasonal naive when a season is given).
 * Each model's score is reported per fold and seed, then summarised over seeds with its skill against
 * persistence and a Diebold-Mariano test of equal accuracy.
 */
import { loadCsv } from '../data/loadCsv';
import { columnsOf, dataOptions, prepareTable, type DataOptions, type PreparedData } from '../data/prepareData';
import type { Split } from '../data/splitChronological';
import { resolveColumnName, rowCount, type Table } from '../data/Table';
import { walkForwardSplits } from '../data/walkForwardSplits';
import { OptionError } from '../errors';
import { Forecaster } from '../models/Forecaster';
import { LinearAutoregression } from '../models/LinearAutoregression';
import { disposeModule } from '../models/Module';
import type { CellKind } from '../models/Recurrent';
import { train, type TrainConfig, type TrainResult } from '../training/train';
import { drift, persistence, seasonalNaive } from './baselines';
import { dieboldMariano, type DieboldMarianoResult } from './dieboldMariano';
import { concat } from './concat';
import { foldIntervals, type IntervalRow } from './foldIntervals';
import { forecast } from './forecast';
import { calibratedHalfWidths, checkLevels, textbookHalfWidths } from './intervals';
import { meanOf, type NetworkSize, networkSize } from './networks';
import { admissibleBenchmarks, benchmarkList, fitBenchmarks } from '../statistical/benchmarks';
import { specName } from '../statistical/ets';
import { checkRecursive, recursiveForecast } from './recursive';
import { targetSeries } from './targetSeries';
import { directionalAccuracy, mae, mape, mase, naiveScale, rmse, skill, upShare } from './metrics';

export interface WalkForwardOptions {
  /** Data options (csv, columns, seqLen, horizon, fractions, predict); the tutorial's where not given. */
  data: Partial<DataOptions>;
  /** A table already loaded from data.csv (skips loading it again). */
  table?: Table;
  /** Number of consecutive test blocks at the end of the series (default 1). */
  folds: number;
  /** The networks' seeds (initial weights and shuffling); each network is trained once per seed. */
  seeds: readonly number[];
  /** The recurrent cells to train. */
  cells: readonly CellKind[];
  /** The networks' size (the tutorial's by default). */
  model?: NetworkSize;
  /** Training settings for every network (the tutorial's where not given). */
  training?: Partial<TrainConfig>;
  /** Season length in rows: adds the seasonal-naive baseline and scales MASE by the seasonal naive error. */
  season?: number;
  /** Levels (percent) of the conformal intervals scored on the folds (default 80 and 95). */
  levels?: readonly number[];
  /**
   * Also forecast the steps recursively (evaluation/recursive.ts): the linear autoregression and each
   * cell fitted for one step and fed their own forecasts, scored on the same windows as
   * `linear-recursive`, `rnn-recursive`, ... Needs a horizon of 2 or more and inputs that are the target's own past.
   */
  recursive?: boolean;
  /**
   * Also score the statistical benchmarks, fitted on each fold's training rows of the target (in the
   * data's units, not windows): exponential smoothing chosen by AICc (`ets`, src/statistical/ets.ts)
   * and the Theta method (`theta`), with their seasonal forms given a season; forecasts from each
   * window's origin with the fold's fit (etsRolling, thetaRolling). True or left out: `ets` and
   * `theta`; false: none; or a list of names, where `ets-SPEC` fixes one spec (`ets-AAA`).
   */
  benchmarks?: boolean | readonly string[];
  /** Per-run training settings (a progress display, for example), asked before each network is trained. */
  trainingFor?: (info: {
    fold: number;
    folds: number;
    cell: CellKind;
    seed: number;
    data: PreparedData;
    recursive: boolean;
  }) => Partial<TrainConfig>;
  /** Called after each network is trained. */
  onTrained?: (info: {
    fold: number;
    folds: number;
    cell: CellKind;
    seed: number;
    result: TrainResult;
    recursive: boolean;
  }) => void | Promise<void>;
}

/** One model's scores on one fold with one seed (seed null for the deterministic baselines). */
export interface FoldScore {
  model: string;
  fold: number;
  seed: number | null;
  rmse: number;
  mae: number;
  mape: number;
  directionalAccuracy: number;
  skill: number;
  mase: number;
}

export interface Spread {
  mean: number;
  /** Sample standard deviation over seeds (0 for one seed or a deterministic baseline). */
  sd: number;
}

/** One model's scores on all folds' test windows together, as mean and sd over its seeds. */
export interface ModelSummary {
  model: string;
  rmse: Spread;
  /** Each seed's RMSE over all folds' test windows (one value for a baseline): what `rmse` summarises. */
  rmseBySeed: number[];
  mae: Spread;
  mape: Spread;
  directionalAccuracy: Spread;
  skill: Spread;
  mase: Spread;
  /** Diebold-Mariano p-value against persistence on squared errors (null for persistence itself). */
  dmPValue: number | null;
  /** Mean loss differential of that test (model minus persistence, squared data units): negative favours the model. */
  dmMeanDifference: number | null;
}

export interface WalkForwardFold {
  fold: number;
  split: Split;
  /** Date of each test window's first target. */
  dates: string[];
  /** Row of each test window's first target. */
  targetRows: Int32Array;
  /** Actual values, [n, horizon] row-major, in the data's units. */
  actual: Float64Array;
  /** The last known value at each window's origin, repeated per step ([n, horizon]). */
  previous: Float64Array;
  /** Forecasts [n, horizon] by model; a network's is the mean of its seeds' forecasts (for figures and files; scores are per seed). */
  forecasts: Record<string, Float64Array>;
  /** Each network's forecasts per seed, in the order of `seeds`. */
  seedForecasts: Record<string, Float64Array[]>;
  /** Each model's errors (actual minus forecast) on the fold's validation windows, [m, horizon]: what its intervals are calibrated on. */
  calibrationErrors: Record<string, Float64Array>;
  /** Row of each validation window's first target. */
  calibrationRows: Int32Array;
  /** Each model's conformal half-widths from those errors, [level][step] in the order of `levels` (NaN where too few to calibrate). */
  halfWidths: Record<string, number[][]>;
  /** The naive methods' textbook half-widths (FPP3 section 5.5) from the fold's training rows, [level][step]. */
  textbookHalfWidths: Record<string, number[][]>;
  /** With benchmarks: the ETS spec AICc picked on the fold's training rows ("AAdM"). */
  etsSpec?: string;
  /** With benchmarks: the specs AICc could not consider on the fold's training rows, with why. */
  etsSkipped?: Array<{ spec: string; reason: string }>;
}

export interface WalkForwardResult {
  options: {
    data: DataOptions;
    folds: number;
    seeds: number[];
    cells: CellKind[];
    season?: number;
    levels: number[];
    recursive?: boolean;
    /** The benchmarks asked for (some may be left out: `leftOut`). */
    benchmarks: string[];
  };
  /** The baselines' and networks' names, baselines first, in the order of every table. */
  names: string[];
  folds: WalkForwardFold[];
  /** One row per model, fold and seed. */
  results: FoldScore[];
  /** One row per model. */
  summary: ModelSummary[];
  /** Share of up moves over all folds' test targets: what "always up" scores in directional accuracy. */
  upShare: number;
  /** RMSE per step ahead (index h = h + 1 steps) over all folds, by model (networks: the mean of each seed's RMSE). */
  stepRmse: Record<string, number[]>;
  /** With benchmarks: those the series could not take (too few rows, values not positive), with why. */
  leftOut: Array<{ model: string; reason: string }>;
  /** Conformal intervals scored on the folds, one row per model, level and step, then the naive methods' textbook ones (foldIntervals). */
  intervals: IntervalRow[];
  /** The last fold's data, its networks of the first seed, their training results and its linear baseline (for figures). */
  last: { data: PreparedData; models: Record<string, Forecaster>; training: Record<string, TrainResult>; linear: LinearAutoregression };
}

const BASELINES = ['persistence', 'drift', 'linear'] as const;

/** Run the walk-forward comparison. */
export async function walkForward(options: WalkForwardOptions): Promise<WalkForwardResult> {
  const data = dataOptions(options.data);
  const seeds = [...options.seeds];
  if (seeds.length === 0) throw new OptionError('seeds must name at least one seed');
  if (options.cells.length === 0) throw new OptionError('cells must name at least one recurrent cell');
  const table = options.table ?? (await loadCsv(data.csv, { dateColumn: data.dateColumn, columns: columnsOf(data) }));
  const splits = walkForwardSplits(rowCount(table), { ...data, folds: options.folds });
  const season = options.season;
  const levels = [...(options.levels ?? [80, 95])];
  checkLevels(levels, 'levels');
  if (season !== undefined) {
    if (!Number.isInteger(season) || season < 1) throw new OptionError(`season must be a whole number of at least 1, got ${season}`);
    const shortest = splits[0].train.end;
    if (season >= shortest) {
      throw new OptionError(
        `season ${season} is not shorter than the first fold's ${shortest} training rows; use a shorter season, fewer folds or a smaller test part`,
      );
    }
  }
  const recursive = options.recursive ?? false;
  if (recursive && data.horizon < 2)
    throw new OptionError('a recursive forecast differs from the direct one only over several steps; give a horizon of 2 or more');
  // The benchmarks the series can take, judged on the first fold's training rows (the fewest): a
  // short or non-positive series leaves some out, with why, rather than failing the run.
  const wanted = benchmarkList(options.benchmarks, season);
  const { models: benchmarks, leftOut } = admissibleBenchmarks(
    table.columns[resolveColumnName(table.names, data.target, table.source)].subarray(splits[0].train.start, splits[0].train.end),
    season,
    wanted,
  );
  // Each recursive model comes right after its direct counterpart in every table.
  const names = [
    ...BASELINES,
    ...(recursive ? ['linear-recursive'] : []),
    ...(season ? ['seasonal-naive'] : []),
    ...benchmarks,
    ...options.cells.flatMap((cell) => (recursive ? [cell, `${cell}-recursive`] : [cell])),
  ];
  const model = networkSize(options.model);

  const folds: WalkForwardFold[] = [];
  const results: FoldScore[] = [];
  let last: WalkForwardResult['last'] | undefined;
  // MASE divides by the in-sample naive error over the first fold's training rows, which every fold
  // trains on: one scale for every fold, so that scores of different folds compare.
  let scale = NaN;
  for (let k = 0; k < splits.length; k++) {
    const prepared = prepareTable(table, data, splits[k]);
    if (recursive) checkRecursive(prepared.test);
    // The same split cut for one step: what the recursive models are fitted on (the same scaled inputs).
    const oneStep = recursive ? prepareTable(table, { ...data, horizon: 1 }, splits[k]) : undefined;
    if (k === 0) scale = naiveScale(prepared.table.columns[prepared.train.target].subarray(0, splits[0].train.end), season ?? 1);
    const windows = prepared.test;
    const values = prepared.table.columns[windows.target];
    const input = { values, targetRows: windows.targetRows, horizon: windows.horizon };
    // Actual values and the last known value at each origin (persistence's forecast), [n, horizon].
    const { actual, previous } = targetSeries(prepared, 'test');
    const linear = LinearAutoregression.fit(prepared.train);
    const forecasts: Record<string, Float64Array> = {
      persistence: persistence(input),
      drift: drift(input, prepared.split.train),
      linear: forecast(linear, prepared, 'test'),
    };
    const linearOneStep = oneStep && LinearAutoregression.fit(oneStep.train);
    if (linearOneStep) forecasts['linear-recursive'] = recursiveForecast(linearOneStep, prepared, 'test');
    if (season) forecasts['seasonal-naive'] = seasonalNaive(input, season);
    // The same forecasts of the validation windows, whose errors calibrate the intervals.
    const calibration = prepared.validation;
    const calibrationInput = { values, targetRows: calibration.targetRows, horizon: calibration.horizon };
    const { actual: calibrationActual } = targetSeries(prepared, 'validation');
    const errorsOf = (predicted: Float64Array) => calibrationActual.map((value, i) => value - predicted[i]);
    const calibrationErrors: Record<string, Float64Array> = {
      persistence: errorsOf(persistence(calibrationInput)),
      drift: errorsOf(drift(calibrationInput, prepared.split.train)),
      linear: errorsOf(forecast(linear, prepared, 'validation')),
    };
    if (linearOneStep) calibrationErrors['linear-recursive'] = errorsOf(recursiveForecast(linearOneStep, prepared, 'validation'));
    if (season) calibrationErrors['seasonal-naive'] = errorsOf(seasonalNaive(calibrationInput, season));
    let etsSpec: string | undefined;
    let etsSkipped: WalkForwardFold['etsSkipped'];
    if (benchmarks.length > 0) {
      // Fitted on the fold's training rows of the target, forecast from every window's origin.
      const { train: rows } = prepared.split;
      const where = `${table.source}, column "${windows.target}", fold ${k + 1}`;
      const { forecastOf, ets } = fitBenchmarks(values, rows, benchmarks, { season, where });
      if (ets) {
        etsSkipped = ets.skipped;
        etsSpec = specName(ets.best.spec);
      }
      for (const name of benchmarks) {
        forecasts[name] = forecastOf[name]!(windows.targetRows, data.horizon);
        calibrationErrors[name] = errorsOf(forecastOf[name]!(calibration.targetRows, data.horizon));
      }
    }
    const score = (name: string, seed: number | null, predicted: Float64Array): FoldScore => ({
      model: name,
      fold: k + 1,
      seed,
      rmse: rmse(actual, predicted),
      mae: mae(actual, predicted),
      mape: mape(actual, predicted),
      directionalAccuracy: name === 'persistence' ? NaN : directionalAccuracy(actual, predicted, previous),
      skill: skill(actual, predicted, previous),
      mase: mase(actual, predicted, scale),
    });
    for (const name of Object.keys(forecasts)) results.push(score(name, null, forecasts[name]));

    const seedForecasts: Record<string, Float64Array[]> = {};
    const kept: Record<string, Forecaster> = {};
    const training: Record<string, TrainResult> = {};
    for (const cell of options.cells) {
      for (const way of recursive ? [false, true] : [false]) {
        const name = way ? `${cell}-recursive` : cell;
        const fitted = way ? oneStep! : prepared;
        const forecastOf = (network: Forecaster, part: 'test' | 'validation') =>
          way ? recursiveForecast(network, prepared, part) : forecast(network, prepared, part);
        seedForecasts[name] = [];
        const seedCalibration: Float64Array[] = [];
        for (const seed of seeds) {
          const network = new Forecaster({
            kind: cell,
            inputSize: fitted.train.inputSize,
            seqLen: data.seqLen,
            horizon: fitted.train.horizon,
            seed,
            ...model,
          });
          const info = { fold: k + 1, folds: splits.length, cell, seed, recursive: way };
          const perRun = options.trainingFor?.({ ...info, data: fitted });
          const result = await train(network, fitted, { ...options.training, seed, ...perRun });
          await options.onTrained?.({ ...info, result });
          const predicted = forecastOf(network, 'test');
          seedForecasts[name].push(predicted);
          seedCalibration.push(forecastOf(network, 'validation'));
          results.push(score(name, seed, predicted));
          if (!way && k === splits.length - 1 && seed === seeds[0]) {
            kept[cell] = network;
            training[cell] = result;
          } else {
            disposeModule(network);
          }
        }
        forecasts[name] = meanOf(seedForecasts[name]);
        // The network's forecast is the mean of its seeds', and so is what its interval is calibrated on.
        calibrationErrors[name] = errorsOf(meanOf(seedCalibration));
      }
    }
    folds.push({
      fold: k + 1,
      split: splits[k],
      dates: windows.targetDates,
      targetRows: windows.targetRows,
      actual,
      previous,
      forecasts,
      seedForecasts,
      calibrationErrors,
      calibrationRows: calibration.targetRows,
      halfWidths: Object.fromEntries(
        Object.entries(calibrationErrors).map(([name, errors]) => [name, calibratedHalfWidths(errors, data.horizon, levels)]),
      ),
      textbookHalfWidths: Object.fromEntries(
        (['persistence', 'drift', ...(season ? ['seasonal-naive' as const] : [])] as const).map((method) => [
          method,
          textbookHalfWidths(method, values, prepared.split.train, data.horizon, levels, season),
        ]),
      ),
      ...(etsSpec ? { etsSpec, etsSkipped } : {}),
    });
    if (k === splits.length - 1) last = { data: prepared, models: kept, training, linear };
  }

  const pooled = (pick: (fold: WalkForwardFold) => Float64Array) => concat(folds.map(pick));
  const actual = pooled((f) => f.actual);
  const previous = pooled((f) => f.previous);
  const runOptions = {
    data,
    folds: splits.length,
    seeds,
    cells: [...options.cells],
    ...(season ? { season } : {}),
    levels,
    ...(recursive ? { recursive } : {}),
    benchmarks: [...wanted],
  };
  // Each model's forecasts over all folds: one array per seed for a network, one for a baseline.
  const runsOf = new Map(
    names.map((name) => [
      name,
      name in folds[0].seedForecasts ? seeds.map((_, s) => pooled((f) => f.seedForecasts[name][s])) : [pooled((f) => f.forecasts[name])],
    ]),
  );
  const summary: ModelSummary[] = names.map((name) => {
    const runs = runsOf.get(name)!;
    const over = (metric: (predicted: Float64Array) => number): Spread => spread(runs.map(metric));
    // A network's loss at each origin is the mean over its seeds: the expected loss of one training run.
    const test = name === 'persistence' ? undefined : compareModels({ options: runOptions, names, folds }, name, 'persistence');
    return {
      model: name,
      rmse: over((p) => rmse(actual, p)),
      rmseBySeed: runs.map((p) => rmse(actual, p)),
      mae: over((p) => mae(actual, p)),
      mape: over((p) => mape(actual, p)),
      directionalAccuracy: name === 'persistence' ? { mean: NaN, sd: NaN } : over((p) => directionalAccuracy(actual, p, previous)),
      skill: over((p) => skill(actual, p, previous)),
      mase: over((p) => mase(actual, p, scale)),
      dmPValue: test ? test.pValue : null,
      dmMeanDifference: test ? test.meanDifference : null,
    };
  });
  const horizon = data.horizon;
  const stepRmse: Record<string, number[]> = {};
  for (const name of names) {
    // A network's error per step is the mean over its seeds of each seed's error, as in the summary.
    const runs = runsOf.get(name)!;
    const n = actual.length / horizon;
    stepRmse[name] = Array.from({ length: horizon }, (_, h) => {
      let total = 0;
      for (const predicted of runs) {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += (actual[i * horizon + h] - predicted[i * horizon + h]) ** 2;
        total += Math.sqrt(sum / n);
      }
      return total / runs.length;
    });
  }
  return {
    options: runOptions,
    names,
    folds,
    results,
    summary,
    upShare: upShare(actual, previous),
    stepRmse,
    intervals: foldIntervals(folds, names, horizon, levels, scale),
    leftOut,
    last: last!,
  };
}

/**
 * The loss of each of two models at every origin of a walk-forward run, over all folds' test
 * windows in time order: the squared error averaged over the steps ahead (and, for a network, over
 * its seeds); and their difference, a minus b, whose mean the Diebold-Mariano test judges.
 */
export function lossDifferential(
  result: Pick<WalkForwardResult, 'options' | 'names' | 'folds'>,
  a: string,
  b: string,
): { lossA: number[]; lossB: number[]; difference: number[] } {
  const horizon = result.options.data.horizon;
  const loss = (name: string) => {
    if (!result.names.includes(name)) throw new OptionError(`no model "${name}" in this run; it has ${result.names.join(', ')}`);
    const out: number[] = [];
    for (const fold of result.folds) {
      const runs = fold.seedForecasts[name] ?? [fold.forecasts[name]];
      for (let i = 0; i < fold.actual.length / horizon; i++) {
        let sum = 0;
        for (const run of runs) for (let h = 0; h < horizon; h++) sum += (fold.actual[i * horizon + h] - run[i * horizon + h]) ** 2;
        out.push(sum / (runs.length * horizon));
      }
    }
    return out;
  };
  const lossA = loss(a);
  const lossB = loss(b);
  return { lossA, lossB, difference: lossA.map((v, i) => v - lossB[i]) };
}

/**
 * The Diebold-Mariano test between two models of a walk-forward run, over all folds' test windows,
 * on the losses of lossDifferential. A negative meanDifference favours model `a`. `lags`: Newey
 * and West's variance with that many lags (dieboldMariano).
 */
export function compareModels(
  result: Pick<WalkForwardResult, 'options' | 'names' | 'folds'>,
  a: string,
  b: string,
  options: { lags?: number } = {},
): DieboldMarianoResult {
  const { lossA, lossB } = lossDifferential(result, a, b);
  return dieboldMariano(lossA, lossB, result.options.data.horizon, options);
}

/** Mean and sample standard deviation. */
export function spread(values: readonly number[]): Spread {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = values.length < 2 ? 0 : Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
  return { mean, sd };
}
