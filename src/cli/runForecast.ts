/**
 * `npm run forecast`: train the chosen cells on a CSV, score them with the baselines on the same
 * windows over walk-forward folds and seeds, print the table and write the outputs to --out
 * (atomically: a failed run leaves what was there).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  OptionError,
  columnsOf,
  dataOptions,
  describeBackend,
  describeEngine,
  loadCsv,
  selectBackend,
  summaryTable,
  intervalTable,
  stepTable,
  aheadTable,
  forecastAhead,
  checkAhead,
  type AheadResult,
  checkLevels,
  checkRecursive,
  checkTrainingMemory,
  describeSpec,
  inputColumns,
  parseSpec,
  checkBenchmarkNames,
  DEFAULT_BENCHMARKS,
  DELIMITERS,
  walkForward,
  warmRenderer,
  type TargetTransform,
} from '../index';
import { checkOutFolder, writeFolder } from './outFolder';
import { chooseCells } from './chooseCells';
import { chooseColumns } from './chooseColumns';
import { epochProgress } from './epochProgress';
import type { ForecastArgs } from './forecastOptions';
import { loadProgress } from './loadProgress';
import { writeAheadOutputs, writeOutputs } from './writeOutputs';

export async function runForecast(args: ForecastArgs): Promise<void> {
  const out = path.resolve(args.out);
  // Before anything loads or trains: a run that cannot write its results says so now.
  checkOutFolder(args.out, args.force);
  const kinds = chooseCells(args.model);
  const delimiter = delimiterOf(args.delimiter);
  if (args.index !== undefined && args.date !== undefined)
    throw new OptionError('--index and --date both name the column that orders the rows; give one of them');
  if (args.index !== undefined && args['date-format'] !== undefined)
    throw new OptionError('--date-format is for dates; an --index column holds whole numbers');
  const dateColumn = args.index ?? args.date;
  const { target, features, note, delimiter: used } = chooseColumns({ ...args, date: dateColumn, delimiter });
  if (used !== ',')
    console.log(`${args.csv}: read as ${delimiterName(used)}-separated${delimiter ? '' : ' (detected; choose with --delimiter)'}`);
  if (note) console.log(note);
  const backend = await selectBackend();
  const seeds = Array.from({ length: args.seeds }, (_, i) => args.seed + i);
  const levels = args.levels.split(',').map((text) => {
    const level = Number(text.trim());
    if (text.trim() === '' || Number.isNaN(level))
      throw new OptionError(`--levels takes percentages such as 80,95; "${text.trim()}" is not a number`);
    return level;
  });
  checkLevels(levels);
  if (args.split + args.validation >= 1)
    throw new OptionError(
      `--split ${args.split} and --validation ${args.validation} leave no rows to test; together they must stay below 1${args.validation < 0.9 ? ` (for example --split ${Number((0.9 - args.validation).toFixed(6))})` : ''}`,
    );
  if (args.recursive) checkRecursiveArgs(args.horizon, target, features, args.predict as TargetTransform);
  const benchmarks = benchmarksOf(args);
  const predict = args.predict as TargetTransform;
  const network = { hiddenSize: args.hidden, numLayers: args.layers };
  // A network too large for the machine is refused now, with the estimate, not in an allocation after loading.
  const inputs = inputColumns(features, target, predict);
  for (const kind of kinds) {
    checkTrainingMemory({
      kind,
      inputSize: inputs.length,
      ...network,
      seqLen: args['seq-len'],
      horizon: Math.max(args.horizon, args.ahead ?? 1),
      batchSize: args.batch,
    });
  }
  const training = {
    epochs: args.epochs,
    batchSize: args.batch,
    learningRate: args.lr,
    ...(args['weight-decay'] ? { weightDecay: args['weight-decay'] } : {}),
    ...(args.patience ? { earlyStopping: { patience: args.patience } } : {}),
  };
  // Seconds per stage: load; windows (split, scaling, windows, baselines); training; forecasts (test windows, scores; with several
  // networks, also what comes between one's training and the next's); outputs (whole-series forecasts, figures, files).
  const stages: Record<'load' | 'windows' | 'training' | 'forecasts' | 'outputs', number> & { ahead?: number } = {
    load: 0,
    windows: 0,
    training: 0,
    forecasts: 0,
    outputs: 0,
  };
  let mark = performance.now();
  const lap = (stage: keyof typeof stages) => {
    const now = performance.now();
    stages[stage] = (stages[stage] ?? 0) + (now - mark) / 1000;
    mark = now;
  };
  const data = {
    csv: args.csv,
    dateColumn,
    target,
    features,
    seqLen: args['seq-len'],
    horizon: args.horizon,
    predict,
    trainFraction: args.split,
    validationFraction: args.validation,
  };
  const table = await loadCsv(args.csv, {
    delimiter: used,
    dateFormat: args['date-format'],
    index: args.index !== undefined,
    dateColumn,
    columns: columnsOf(dataOptions(data)),
    onProgress: loadProgress({ source: args.csv }),
  });
  lap('load');
  // A forecast past the end that cannot be calibrated is refused before anything trains.
  if (args.ahead) checkAhead(table.dates.length, dataOptions(data).validationFraction, args.ahead, levels);
  // The file has loaded: start the browser for the static figures now, so that it loads plotly.js
  // while the windows are made and the networks train. One turn of the event loop starts its
  // process; training lets it run on between batches. A run that fails from here on stops it
  // without waiting for it.
  if (!args['no-images']) {
    warmRenderer();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  let announced = false;
  const result = await walkForward({
    data,
    table,
    folds: args.folds,
    seeds,
    cells: kinds,
    season: args.season,
    levels,
    recursive: args.recursive,
    benchmarks,
    model: network,
    training,
    trainingFor: ({ fold, folds, cell, seed, data, recursive }) => {
      lap(announced ? 'forecasts' : 'windows');
      if (!announced) {
        announced = true;
        const w = data.train;
        console.log(
          `${data.table.source}: ${data.table.dates.length} rows; ${w.features.join(', ')} x ${w.seqLen} -> ${describeTarget(predict, w.target, w.horizon)}`,
        );
        console.log(
          `${folds === 1 ? 'one split' : `${folds} walk-forward folds`}: ${w.n} training, ${data.validation.n} validation, ${data.test.n} test windows${folds === 1 ? '' : ' in the first fold'}; ${seeds.length === 1 ? `seed ${seeds[0]}` : `seeds ${seeds.join(', ')}`}`,
        );
        console.log(describeBackend());
        console.log(describeEngine());
      }
      const label = [
        cell.toUpperCase(),
        recursive ? 'recursive' : '',
        folds > 1 ? `fold ${fold}/${folds}` : '',
        seeds.length > 1 ? `seed ${seed}` : '',
      ]
        .filter(Boolean)
        .join(' ');
      return { onEpochEnd: epochProgress(label, args.epochs) };
    },
    onTrained: () => lap('training'),
  });
  lap('forecasts');
  const first = result.folds[0].dates[0];
  const lastFold = result.folds[result.folds.length - 1];
  const tested = result.folds.reduce((n, f) => n + f.dates.length, 0);
  console.log('');
  console.log(summaryTable(result));
  for (const { model, reason } of result.leftOut) console.log(`${model}: left out: ${reason}`);
  const etsSpecs = result.folds.map((f) => f.etsSpec).filter((spec): spec is string => spec !== undefined);
  if (etsSpecs.length > 0) {
    const distinct = [...new Set(etsSpecs)];
    console.log(
      `ets: AICc picked ${distinct.map((spec) => `${spec} (${describeSpec(parseSpec(spec, args.season))})`).join(', ')}${result.folds.length > 1 ? ` over the ${result.folds.length} folds: ${etsSpecs.join(', ')}` : ''}`,
    );
    const skipped = result.folds[0].etsSkipped ?? [];
    if (skipped.length > 0)
      console.log(
        `ets: left out ${skipped.map((s) => s.spec).join(', ')}: ${[...new Set(skipped.map((s) => s.reason.replace(/^ETS \S+ /, '')))].join('; ')}`,
      );
  }
  console.log('');
  console.log(intervalTable(result));
  if (args.horizon > 1) {
    console.log('');
    console.log(stepTable(result));
  }
  // Forecasts past the last row: every model fitted once more (the networks train again).
  let ahead: AheadResult | undefined;
  if (args.ahead) {
    ahead = await forecastAhead({
      table,
      data: dataOptions(data),
      ahead: args.ahead,
      cells: kinds,
      seeds,
      season: args.season,
      levels,
      benchmarks,
      model: network,
      training,
      trainingFor: ({ cell, seed }) => ({
        onEpochEnd: epochProgress(
          [cell.toUpperCase(), 'ahead', seeds.length > 1 ? `seed ${seed}` : ''].filter(Boolean).join(' '),
          args.epochs,
        ),
      }),
    });
    lap('ahead');
    console.log('');
    console.log(aheadTable(ahead));
  }

  // Everything goes to a temporary folder first, renamed into place at the end.
  await writeFolder(args.out, async (dir) => {
    const notes: string[] = [];
    await writeOutputs(dir, result, notes, !args['no-images']);
    if (ahead) await writeAheadOutputs(dir, ahead, table, kinds[0], notes, !args['no-images']);
    lap('outputs');
    const runInfo = {
      config: {
        csv: result.last.data.table.source,
        date: result.last.data.table.dateColumn,
        target: result.last.data.train.target,
        features: result.last.data.train.features,
        models: kinds,
        predict,
        horizon: args.horizon,
        folds: args.folds,
        seeds,
        season: args.season ?? null,
        levels,
        recursive: args.recursive,
        benchmarks,
        ahead: args.ahead ?? null,
        seqLen: args['seq-len'],
        hidden: args.hidden,
        layers: args.layers,
        epochs: args.epochs,
        batch: args.batch,
        lr: args.lr,
        weightDecay: args['weight-decay'],
        patience: args.patience ?? null,
        split: args.split,
        validationFraction: args.validation,
      },
      backend,
      backendDescription: describeBackend({ reasons: true }),
      engine: Object.values(result.last.training)[0]?.engine,
      timings: {
        ...Object.fromEntries(
          Object.entries(result.last.training).map(([k, r]) => [
            k,
            { secondsPerEpoch: r.secondsPerEpoch, totalSeconds: r.history.reduce((s, h) => s + h.seconds, 0) },
          ]),
        ),
        stages: Object.fromEntries(Object.entries(stages).map(([stage, seconds]) => [stage, Number(seconds.toFixed(3))])),
      },
      finalLoss: Object.fromEntries(
        Object.entries(result.last.training).map(([k, r]) => [
          k,
          { loss: r.history[r.history.length - 1].loss, valLoss: r.history[r.history.length - 1].valLoss },
        ]),
      ),
      tested: { from: first, to: lastFold.dates[lastFold.dates.length - 1], forecasts: tested, upShare: result.upShare },
      results: result.results,
      summary: result.summary,
      stepRmse: result.stepRmse,
      ...(etsSpecs.length > 0 ? { etsSpecs } : {}),
      intervals: result.intervals,
      ...(ahead ? { ahead } : {}),
      notes,
    };
    fs.writeFileSync(
      path.join(dir, 'run.json'),
      `${JSON.stringify(runInfo, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`,
    );
    for (const n of notes) console.log(`\nnote: ${n}`);
  });
  console.log(`\nwritten to ${path.relative(process.cwd(), out) || out}/: ${fs.readdirSync(out).sort().join(', ')}`);
}

/** The --delimiter as one character (undefined for auto): a name (comma, tab, semicolon, pipe) or the character itself. */
function delimiterOf(value: string): string | undefined {
  if (value === 'auto') return undefined;
  const named = DELIMITERS[value.toLowerCase()] ?? (value === '\\t' ? '\t' : undefined);
  if (named) return named;
  if (value.length === 1 && value.charCodeAt(0) < 0x80 && !'"\r\n'.includes(value)) return value;
  throw new OptionError(
    `--delimiter takes auto, ${Object.keys(DELIMITERS).join(', ')} or one character other than a quote; got "${value}"`,
  );
}

function delimiterName(delimiter: string): string {
  return Object.entries(DELIMITERS).find(([, c]) => c === delimiter)?.[0] ?? `"${delimiter}"`;
}

/** The benchmarks --benchmarks names (checked before loading), none with --no-benchmarks, else the defaults. */
function benchmarksOf(args: ForecastArgs): string[] {
  if (args['no-benchmarks']) {
    if (args.benchmarks !== undefined) throw new OptionError('give --benchmarks or --no-benchmarks, not both');
    return [];
  }
  if (args.benchmarks === undefined) return [...DEFAULT_BENCHMARKS];
  const names = args.benchmarks.split(',').map((name) => name.trim());
  if (names.some((name) => name === ''))
    throw new OptionError(`--benchmarks takes names separated by commas, such as ets,theta,ets-AAA; "${args.benchmarks}" has an empty one`);
  return checkBenchmarkNames(names, args.season);
}

/** Refuse --recursive before loading anything where it cannot run: one step, or inputs other than the target. */
function checkRecursiveArgs(horizon: number, target: string, features: readonly string[], predict: TargetTransform): void {
  if (horizon < 2) throw new OptionError('--recursive compares two ways of forecasting several steps; give --horizon 2 or more');
  const inputs = inputColumns(features, target, predict);
  checkRecursive({ features: inputs, target });
}

function describeTarget(predict: TargetTransform, target: string, horizon: number): string {
  const what = predict === 'level' ? target : predict === 'change' ? `change of ${target}` : `log-return of ${target}`;
  return horizon === 1 ? `next ${what}` : `${what} over the next ${horizon} rows`;
}
