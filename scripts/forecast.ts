/**
 * Forecast any CSV with RNN and LSTM from the command line: `npm run forecast -- [options]`.
 * The defaults are the tutorial's set-up on data/sp500.csv. Run with --help for the options.
 * Exit codes: 0 done, 1 unexpected failure, 2 bad input or options (message, no stack trace).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DEFAULTS, Forecaster, OptionError, closeRenderer, describeBackend, describeNativeKernel, evaluate, exportStateDict, figurePage,
  forecastSeries, isUserError, lossFigure, overlayFigure, prepareData, readHeader, renderStatic, resultsTable,
  selectBackend, train, type EpochLog, type Figure, type ModelKind, type TrainResult,
} from '../src/index';
import { replaceFolder } from './atomic';

interface Option {
  flag: string;
  value: string;
  default: string;
  help: string;
}

const OPTIONS: Option[] = [
  { flag: '--csv', value: 'PATH', default: path.relative(process.cwd(), DEFAULTS.csv), help: 'CSV with a date column and numeric columns' },
  { flag: '--date', value: 'COL', default: '(detected)', help: 'the date column; detected by name (date, time, month, ...) or taken as the first column' },
  { flag: '--target', value: 'COL', default: 'close', help: 'the column to forecast; a file with a single numeric column uses that one' },
  { flag: '--features', value: 'A,B,...', default: 'open,high,low,volume', help: 'input columns; where these are missing, the target\'s own past' },
  { flag: '--model', value: 'lstm|rnn|both', default: 'both', help: 'which models to train' },
  { flag: '--seq-len', value: 'N', default: '5', help: 'days (rows) of history per window' },
  { flag: '--hidden', value: 'N', default: '8', help: 'hidden units per layer' },
  { flag: '--layers', value: 'N', default: '2', help: 'stacked recurrent layers' },
  { flag: '--epochs', value: 'N', default: '201', help: 'training epochs' },
  { flag: '--batch', value: 'N', default: '20', help: 'windows per batch' },
  { flag: '--lr', value: 'X', default: '1e-3', help: 'Adam learning rate' },
  { flag: '--seed', value: 'N', default: '42', help: 'seed of the initial weights' },
  { flag: '--split', value: 'X', default: '0.8', help: 'fraction of rows for training; the next 10% validate, the rest test' },
  { flag: '--out', value: 'DIR', default: 'forecast-output', help: 'folder for figures, predictions, models and run.json' },
  { flag: '--force', value: '', default: '', help: 'replace --out if it exists' },
  { flag: '--help', value: '', default: '', help: 'show this help' },
];

function usage(): string {
  const width = Math.max(...OPTIONS.map((o) => `${o.flag} ${o.value}`.length));
  return [
    'Usage: npm run forecast -- [options]',
    '',
    'Train RNN and LSTM forecasters on a CSV time series and compare them with persistence.',
    '',
    ...OPTIONS.map((o) => `  ${`${o.flag} ${o.value}`.padEnd(width)}  ${o.help}${o.default ? ` (default: ${o.default})` : ''}`),
  ].join('\n');
}

interface Args {
  csv: string;
  date?: string;
  target?: string;
  features?: string[];
  models: ModelKind[];
  seqLen: number;
  hidden: number;
  layers: number;
  epochs: number;
  batch: number;
  lr: number;
  seed: number;
  split: number;
  out: string;
  force: boolean;
  help: boolean;
}

function parseArgs(argv: string[]): Args {
  const raw = new Map<string, string>();
  let force = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const option = OPTIONS.find((o) => o.flag === flag);
    if (!option) throw new OptionError(`unknown option "${argv[i]}". Valid options: ${OPTIONS.map((o) => o.flag).join(', ')}`);
    if (flag === '--force') { force = true; continue; }
    if (flag === '--help') { help = true; continue; }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new OptionError(`${flag} needs a value: ${flag} ${option.value}`);
    raw.set(flag, value);
  }
  const integer = (flag: string, fallback: number, min = 1) => {
    const text = raw.get(flag);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) throw new OptionError(`${flag} must be a whole number of at least ${min}, got "${text}"`);
    return value;
  };
  const real = (flag: string, fallback: number, ok: (v: number) => boolean, what: string) => {
    const text = raw.get(flag);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || !ok(value)) throw new OptionError(`${flag} must be ${what}, got "${text}"`);
    return value;
  };
  const model = raw.get('--model') ?? 'both';
  if (!['lstm', 'rnn', 'both'].includes(model)) throw new OptionError(`--model must be one of lstm, rnn, both; got "${model}"`);
  return {
    csv: raw.get('--csv') ?? DEFAULTS.csv,
    date: raw.get('--date'),
    target: raw.get('--target'),
    features: raw.get('--features')?.split(',').map((f) => f.trim()).filter(Boolean),
    models: model === 'both' ? ['rnn', 'lstm'] : [model as ModelKind],
    seqLen: integer('--seq-len', 5),
    hidden: integer('--hidden', 8),
    layers: integer('--layers', 2),
    epochs: integer('--epochs', 201),
    batch: integer('--batch', 20),
    lr: real('--lr', 1e-3, (v) => v > 0, 'a positive number'),
    seed: integer('--seed', 42, 0),
    split: real('--split', 0.8, (v) => v > 0 && v < 0.9, 'a fraction between 0 and 0.9 (the validation part takes the next 0.1)'),
    out: raw.get('--out') ?? 'forecast-output',
    force,
    help,
  };
}

/** Target and features: as given, else the tutorial's where the file has them, else the target's own past. */
async function chooseColumns(args: Args): Promise<{ target: string; features: string[]; note?: string }> {
  const { columns, dateColumn } = readHeader(args.csv, args.date);
  const has = (name: string) => columns.some((c) => c.toLowerCase() === name.toLowerCase());
  const numeric = columns.filter((c) => c !== dateColumn);
  let target = args.target;
  if (target === undefined) {
    if (has('close')) target = 'close';
    else if (numeric.length === 1) target = numeric[0];
    else throw new OptionError(`${args.csv}: no "close" column; choose the target with --target, one of ${numeric.map((n) => `"${n}"`).join(', ')}`);
  }
  if (args.features) return { target, features: args.features };
  if (DEFAULTS.features.every(has)) return { target, features: [...DEFAULTS.features] };
  return { target, features: [target], note: `no open/high/low/volume columns: the past of "${target}" is the only feature` };
}

/** A progress bar on a terminal, a line per 10% of the epochs elsewhere. */
function progress(label: string, epochs: number): (log: EpochLog) => void {
  const started = performance.now();
  const tty = process.stderr.isTTY;
  return (log) => {
    const elapsed = (performance.now() - started) / 1000;
    const left = (elapsed / log.epoch) * (epochs - log.epoch);
    const width = 24;
    const filled = Math.round((width * log.epoch) / epochs);
    const text = `${label.padEnd(4)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] epoch ${log.epoch}/${epochs}  loss ${log.loss.toExponential(3)}  val ${log.valLoss?.toExponential(3) ?? '-'}  ${left.toFixed(0)} s left`;
    if (tty) process.stderr.write(`\r${text}${log.epoch === epochs ? '\n' : ''}`);
    else if (log.epoch === epochs || log.epoch % Math.max(1, Math.round(epochs / 10)) === 0) process.stderr.write(`${text}\n`);
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

async function run(args: Args): Promise<void> {
  const out = path.resolve(args.out);
  if (fs.existsSync(out) && !args.force) throw new OptionError(`--out ${args.out} already exists; choose another folder or add --force to replace it`);
  const { target, features, note } = await chooseColumns(args);
  if (note) console.log(note);
  const data = await prepareData({ csv: args.csv, dateColumn: args.date, target, features, lookBack: args.seqLen, horizon: 1, trainFraction: args.split, validationFraction: 0.1 });
  const backend = await selectBackend();
  console.log(`${data.table.source}: ${data.table.dates.length} rows; ${features.join(', ')} x ${args.seqLen} -> next ${data.train.target}; ${data.train.n} training, ${data.validation.n} validation, ${data.test.n} test windows`);
  console.log(describeBackend());
  console.log(describeNativeKernel());

  const models: Record<string, Forecaster> = {};
  const results: Record<string, TrainResult> = {};
  for (const kind of args.models) {
    const model = new Forecaster({ kind, inputSize: data.train.numFeatures, hiddenSize: args.hidden, numLayers: args.layers, seqLen: args.seqLen, seed: args.seed });
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
      config: { ...args, out: undefined, force: undefined, help: undefined, csv: data.table.source, target: data.train.target, features: data.train.features, validationFraction: 0.1 },
      backend, engine: Object.values(results)[0]?.engine,
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
    const args = parseArgs(process.argv.slice(2));
    if (args.help) {
      console.log(usage());
      return 0;
    }
    await run(args);
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
