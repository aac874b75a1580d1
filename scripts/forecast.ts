/**
 * Forecast any CSV with recurrent networks (RNN, LSTM, GRU) from the command line: `npm run forecast -- [options]`.
 * The defaults are the tutorial's set-up on data/sp500.csv. Run with --help for the options.
 * Exit codes: 0 done, 1 unexpected failure, 2 bad input or options (message, no stack trace).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CELL_KINDS, Forecaster, OptionError, TUTORIAL, closeRenderer, describeBackend, describeEngine, evaluate, exportStateDict, figurePage,
  forecastSeries, isUserError, lossFigure, overlayFigure, prepareData, progressFormatter, readHeader, renderStatic, resultsTable,
  selectBackend, train, type CellKind, type EpochLog, type Figure, type TrainResult,
} from '../src/index';
import { replaceFolder } from './atomic';
import { parseOptions, usage, type OptionValues } from './options';

const OPTIONS = {
  csv: { type: 'string', value: 'PATH', default: path.relative(process.cwd(), TUTORIAL.data.csv), help: 'CSV with a date column and numeric columns' },
  date: { type: 'string', value: 'COL', help: 'the date column (default: detected by name, date, time, month, ..., or the first column)' },
  target: { type: 'string', value: 'COL', help: `the column to forecast (default: ${TUTORIAL.data.target}, or the only numeric column of a file that has one)` },
  features: { type: 'string', value: 'A,B,...', help: `input columns (default: ${TUTORIAL.data.features.join(',')} where the file has them, else the target's own past)` },
  model: { type: 'string', value: 'LIST', default: 'both', help: `which cells to train: any of ${CELL_KINDS.join(', ')}, comma-separated; all; or both (rnn,lstm)` },
  'seq-len': { type: 'integer', min: 1, default: TUTORIAL.data.lookBack, help: 'days (rows) of history per window' },
  hidden: { type: 'integer', min: 1, default: TUTORIAL.model.hiddenSize, help: 'hidden units per layer' },
  layers: { type: 'integer', min: 1, default: TUTORIAL.model.numLayers, help: 'stacked recurrent layers' },
  epochs: { type: 'integer', min: 1, default: TUTORIAL.training.epochs, help: 'training epochs' },
  batch: { type: 'integer', min: 1, default: TUTORIAL.training.batchSize, help: 'windows per batch' },
  lr: { type: 'number', default: TUTORIAL.training.learningRate, valid: (v) => v > 0, expected: 'a positive number', help: 'Adam learning rate' },
  seed: { type: 'integer', min: 0, default: TUTORIAL.model.seed, help: 'seed of the initial weights' },
  split: {
    type: 'number', default: TUTORIAL.data.trainFraction, valid: (v) => v > 0 && v < 1 - TUTORIAL.data.validationFraction,
    expected: `a fraction between 0 and ${1 - TUTORIAL.data.validationFraction} (the validation part takes the next ${TUTORIAL.data.validationFraction})`,
    help: `fraction of rows for training; the next ${100 * TUTORIAL.data.validationFraction}% validate, the rest test`,
  },
  out: { type: 'string', value: 'DIR', default: 'forecast-output', help: 'folder for figures, predictions, models and run.json' },
  force: { type: 'flag', help: 'replace --out if it exists' },
  help: { type: 'flag', help: 'show this help' },
} as const satisfies Parameters<typeof parseOptions>[0];

type Args = OptionValues<typeof OPTIONS>;

const HELP = usage(OPTIONS, [
  'Usage: npm run forecast -- [options]',
  '',
  'Train recurrent forecasters (RNN, LSTM, GRU) on a CSV time series and compare them with persistence.',
]);

/** The cells --model names, in order, each once: a comma-separated list, "all", or "both" (rnn and lstm, as in the tutorial). */
function modelKinds(text: string): CellKind[] {
  const groups: Record<string, readonly CellKind[]> = { all: ['rnn', 'lstm', 'gru'], both: ['rnn', 'lstm'] };
  const names = text.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
  const kinds: CellKind[] = [];
  for (const name of names) {
    const named = groups[name] ?? (CELL_KINDS.includes(name as CellKind) ? [name as CellKind] : undefined);
    if (!named) throw new OptionError(`--model takes ${CELL_KINDS.join(', ')} or a comma-separated list of them, all, or both; got "${text}"`);
    for (const kind of named) if (!kinds.includes(kind)) kinds.push(kind);
  }
  if (kinds.length === 0) throw new OptionError(`--model names no cell; give ${CELL_KINDS.join(', ')}, a comma-separated list of them, all, or both`);
  return kinds;
}

/**
 * Target and features: as given; else the tutorial's default features that the file has, naming
 * the missing ones; else, when it has none of them, the target's own past.
 */
async function chooseColumns(args: Args): Promise<{ target: string; features: string[]; note?: string }> {
  const { columns, dateColumn } = readHeader(args.csv, args.date);
  const wantedFeatures = args.features?.split(',').map((f) => f.trim()).filter(Boolean);
  const has = (name: string) => columns.some((c) => c.toLowerCase() === name.toLowerCase());
  const numeric = columns.filter((c) => c !== dateColumn);
  let target = args.target;
  if (target === undefined) {
    if (has(TUTORIAL.data.target)) target = TUTORIAL.data.target;
    else if (numeric.length === 1) target = numeric[0];
    else throw new OptionError(`${args.csv}: no "${TUTORIAL.data.target}" column; choose the target with --target, one of ${numeric.map((n) => `"${n}"`).join(', ')}`);
  }
  if (wantedFeatures?.length) return { target, features: wantedFeatures };
  const defaults = TUTORIAL.data.features;
  const present = defaults.filter(has);
  const missing = defaults.filter((name) => !has(name));
  const quoted = (names: readonly string[]) => names.map((name) => `"${name}"`).join(', ');
  if (missing.length === 0) return { target, features: [...defaults] };
  if (present.length > 0) {
    return {
      target, features: present,
      note: `${args.csv}: no ${quoted(missing)} column${missing.length > 1 ? 's' : ''}, so the features are the default ones it has: ${present.join(', ')} (choose others with --features)`,
    };
  }
  return { target, features: [target], note: `${args.csv}: none of the default feature columns (${quoted(defaults)}), so the past of "${target}" is the only feature (choose others with --features)` };
}

/** A progress bar on a terminal, a line per 10% of the epochs elsewhere. */
function progress(label: string, epochs: number): (log: EpochLog) => void {
  const format = progressFormatter(label.padEnd(4), epochs, 24);
  const tty = process.stderr.isTTY;
  return (log) => {
    if (tty) process.stderr.write(`\r${format(log)}${log.epoch === epochs ? '\n' : ''}`);
    else if (log.epoch === epochs || log.epoch % Math.max(1, Math.round(epochs / 10)) === 0) process.stderr.write(`${format(log)}\n`);
  };
}

async function writeFigure(dir: string, figure: Figure, notes: string[]): Promise<void> {
  fs.writeFileSync(path.join(dir, `${figure.name}.html`), figurePage(figure));
  try {
    fs.writeFileSync(path.join(dir, `${figure.name}.png`), (await renderStatic(figure, 'png')) as Buffer);
    fs.writeFileSync(path.join(dir, `${figure.name}.svg`), (await renderStatic(figure, 'svg')) as string);
  } catch (error) {
    const note = `static images skipped (${(error as Error).message}); the HTML figures are written`;
    if (!notes.includes(note)) notes.push(note);
  }
}

async function run(args: Args, kinds: CellKind[]): Promise<void> {
  const out = path.resolve(args.out);
  if (fs.existsSync(out) && !args.force) throw new OptionError(`--out ${args.out} already exists; choose another folder or add --force to replace it`);
  const { target, features, note } = await chooseColumns(args);
  if (note) console.log(note);
  const data = await prepareData({ csv: args.csv, dateColumn: args.date, target, features, lookBack: args['seq-len'], horizon: 1, trainFraction: args.split, validationFraction: TUTORIAL.data.validationFraction });
  const backend = await selectBackend();
  console.log(`${data.table.source}: ${data.table.dates.length} rows; ${features.join(', ')} x ${args['seq-len']} -> next ${data.train.target}; ${data.train.n} training, ${data.validation.n} validation, ${data.test.n} test windows`);
  console.log(describeBackend());
  console.log(describeEngine());

  const models: Record<string, Forecaster> = {};
  const results: Record<string, TrainResult> = {};
  for (const kind of kinds) {
    const model = new Forecaster({ kind, inputSize: data.train.numFeatures, hiddenSize: args.hidden, numLayers: args.layers, seqLen: args['seq-len'], seed: args.seed });
    results[kind] = await train(model, data, { epochs: args.epochs, batchSize: args.batch, learningRate: args.lr, onEpochEnd: progress(kind.toUpperCase(), args.epochs) });
    models[kind] = model;
  }
  const evaluation = evaluate(models, data, 'test');
  console.log(`\nTest period (${evaluation.dates[0]} to ${evaluation.dates[evaluation.dates.length - 1]}, ${evaluation.actual.length} forecasts), errors in the data's units:\n`);
  console.log(resultsTable(evaluation.rows));

  // Everything goes to a temporary folder first, renamed into place at the end.
  const staging = `${out}.tmp-${process.pid}`;
  fs.mkdirSync(staging, { recursive: true });
  try {
    const notes: string[] = [];
    await writeFigure(staging, lossFigure(Object.fromEntries(Object.entries(results).map(([k, r]) => [k, r.history]))), notes);
    const { dates, parts, actual, previous, forecasts } = forecastSeries(models, data);
    await writeFigure(staging, overlayFigure({
      name: 'overlay', title: `${data.train.target}: actual and forecast`, yTitle: data.train.target,
      actual: { name: 'actual', dates, values: actual },
      forecasts: Object.entries(forecasts).map(([name, values]) => ({ name, dates, values })),
      boundaries: [{ date: data.validation.targetDates[0] ?? data.test.targetDates[0], label: ' validation' }, { date: data.test.targetDates[0], label: ' test' }],
    }), notes);
    await closeRenderer();

    const header = ['date', 'part', 'actual', ...Object.keys(forecasts), 'persistence'];
    const rows = dates.map((date, i) => [date, parts[i], actual[i], ...Object.values(forecasts).map((f) => f[i]), previous[i]].join(','));
    fs.writeFileSync(path.join(staging, 'predictions.csv'), `${header.join(',')}\n${rows.join('\n')}\n`);
    for (const [kind, model] of Object.entries(models)) fs.writeFileSync(path.join(staging, `model-${kind}.json`), JSON.stringify(exportStateDict(model)));
    const runInfo = {
      config: {
        csv: data.table.source, date: data.table.dateColumn, target: data.train.target, features: data.train.features, models: kinds,
        seqLen: args['seq-len'], hidden: args.hidden, layers: args.layers, epochs: args.epochs, batch: args.batch, lr: args.lr, seed: args.seed,
        split: args.split, validationFraction: TUTORIAL.data.validationFraction,
      },
      backend, backendDescription: describeBackend({ reasons: true }), engine: Object.values(results)[0]?.engine,
      timings: Object.fromEntries(Object.entries(results).map(([k, r]) => [k, { secondsPerEpoch: r.secondsPerEpoch, totalSeconds: r.history.reduce((s, h) => s + h.seconds, 0) }])),
      finalLoss: Object.fromEntries(Object.entries(results).map(([k, r]) => [k, { loss: r.history[r.history.length - 1].loss, valLoss: r.history[r.history.length - 1].valLoss }])),
      metrics: { part: 'test', from: evaluation.dates[0], to: evaluation.dates[evaluation.dates.length - 1], rows: evaluation.rows },
      notes,
    };
    fs.writeFileSync(path.join(staging, 'run.json'), `${JSON.stringify(runInfo, null, 2)}\n`);
    for (const n of notes) console.log(`\nnote: ${n}`);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  replaceFolder(staging, out);
  console.log(`\nwritten to ${path.relative(process.cwd(), out) || out}/: ${fs.readdirSync(out).sort().join(', ')}`);
}

async function main(): Promise<number> {
  try {
    const { values: args } = parseOptions(OPTIONS, process.argv.slice(2));
    if (args.help) {
      console.log(HELP);
      return 0;
    }
    await run(args, modelKinds(args.model));
    return 0;
  } catch (error) {
    if (isUserError(error)) {
      console.error(`forecast: ${error.message}`);
      return 2;
    }
    console.error(error);
    return 1;
  } finally {
    await closeRenderer();
  }
}

main().then((code) => process.exit(code));
