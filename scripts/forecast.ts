/**
 * Forecast any CSV with recurrent networks (RNN, LSTM, GRU) from the command line: `npm run forecast -- [options]`.
 * The defaults are the tutorial's set-up on data/sp500.csv. Run with --help for the options.
 * Exit codes: 0 done, 1 unexpected failure, 2 bad input or options (message, no stack trace).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CELL_KINDS, OptionError, PREDICTS, TUTORIAL, closeRenderer, columnsOf, dataOptions, describeBackend, describeEngine,
  exportStateDict, figurePage, forecastSeries, isUserError, lineFigure, loadCsv, lossFigure, overlayFigure, progressFormatter, readHeader,
  renderImages, selectBackend, stepOf, summaryTable, walkForward, warmRenderer, type CellKind, type EpochLog, type Figure, type Predict,
  type WalkForwardResult,
} from '../src/index';
import { replaceFolder } from './atomic';
import { forecastProgress } from './forecastProgress';
import { loadProgress } from './loadProgress';
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
  patience: { type: 'integer', min: 1, value: 'N', help: 'stop a network when its validation loss has not improved for N epochs, keeping its best weights (default: train every epoch)' },
  lr: { type: 'number', default: TUTORIAL.training.learningRate, valid: (v) => v > 0, expected: 'a positive number', help: 'Adam learning rate' },
  seed: { type: 'integer', min: 0, default: TUTORIAL.model.seed, help: 'seed of the initial weights (the first, with --seeds)' },
  predict: { type: 'string', value: 'WHAT', default: 'level', choices: PREDICTS, help: 'what the networks predict: level (the next value, as in the tutorial), change (from the last value) or log-return' },
  horizon: { type: 'integer', min: 1, default: TUTORIAL.data.horizon, help: 'steps ahead forecast at once from each window' },
  folds: { type: 'integer', min: 1, default: 1, help: 'walk-forward test blocks at the end of the series, each trained on everything before it' },
  seeds: { type: 'integer', min: 1, default: 1, help: 'networks trained per cell and fold, from seeds --seed, --seed + 1, ...' },
  season: { type: 'integer', min: 2, value: 'N', help: 'season length in rows (12 for monthly data with a yearly cycle): adds the seasonal-naive baseline' },
  split: {
    type: 'number', default: TUTORIAL.data.trainFraction, valid: (v) => v > 0 && v < 1 - TUTORIAL.data.validationFraction,
    expected: `a fraction between 0 and ${1 - TUTORIAL.data.validationFraction} (the validation part takes the next ${TUTORIAL.data.validationFraction})`,
    help: `fraction of rows for training; the next ${100 * TUTORIAL.data.validationFraction}% validate, the rest test (with --folds: the rest is cut into the test blocks)`,
  },
  out: { type: 'string', value: 'DIR', default: 'forecast-output', help: 'folder for figures, predictions, models and run.json' },
  force: { type: 'flag', help: 'replace --out if it exists' },
  'no-images': { type: 'flag', help: 'write the figures as interactive HTML only, without PNG and SVG (no browser is started: faster, and no Chromium needed)' },
  help: { type: 'flag', help: 'show this help' },
} as const satisfies Parameters<typeof parseOptions>[0];

type Args = OptionValues<typeof OPTIONS>;

const HELP = usage(OPTIONS, [
  'Usage: npm run forecast -- [options]',
  '',
  'Train recurrent forecasters (RNN, LSTM, GRU) on a CSV time series and compare them, on the same windows,',
  'with persistence, drift, a linear autoregression (and seasonal naive with --season): skill, MASE and a',
  'Diebold-Mariano test against persistence, over walk-forward folds and several seeds.',
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

async function writeFigure(dir: string, figure: Figure, notes: string[], images: boolean): Promise<void> {
  fs.writeFileSync(path.join(dir, `${figure.name}.html`), figurePage(figure));
  if (!images) return;
  try {
    const { png, svg } = await renderImages(figure);
    fs.writeFileSync(path.join(dir, `${figure.name}.png`), png);
    fs.writeFileSync(path.join(dir, `${figure.name}.svg`), svg);
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
  const backend = await selectBackend();
  const seeds = Array.from({ length: args.seeds }, (_, i) => args.seed + i);
  const predict = args.predict as Predict;
  // Seconds per stage: load; windows (split, scaling, windows, baselines); training; forecasts (test windows, scores; with several
  // networks, also what comes between one's training and the next's); outputs (whole-series forecasts, figures, files).
  const stages = { load: 0, windows: 0, training: 0, forecasts: 0, outputs: 0 };
  let mark = performance.now();
  const lap = (stage: keyof typeof stages) => {
    const now = performance.now();
    stages[stage] += (now - mark) / 1000;
    mark = now;
  };
  const data = {
    csv: args.csv, dateColumn: args.date, target, features, lookBack: args['seq-len'], horizon: args.horizon, predict,
    trainFraction: args.split, validationFraction: TUTORIAL.data.validationFraction,
  };
  const table = await loadCsv(args.csv, { dateColumn: args.date, columns: columnsOf(dataOptions(data)), onProgress: loadProgress({ source: args.csv }) });
  lap('load');
  // The file has loaded: start the browser for the static figures now, so that it loads plotly.js
  // while the windows are made and the networks train (it starts at once, before this process
  // computes on). A run that fails from here on stops it without waiting for it.
  if (!args['no-images']) warmRenderer();
  let announced = false;
  const result = await walkForward({
    data, table,
    folds: args.folds, seeds, models: kinds, season: args.season,
    model: { hiddenSize: args.hidden, numLayers: args.layers },
    training: {
      epochs: args.epochs, batchSize: args.batch, learningRate: args.lr,
      ...(args.patience ? { earlyStopping: { patience: args.patience } } : {}),
    },
    trainingFor: ({ fold, folds, model, seed, data }) => {
      lap(announced ? 'forecasts' : 'windows');
      if (!announced) {
        announced = true;
        const w = data.train;
        console.log(`${data.table.source}: ${data.table.dates.length} rows; ${w.features.join(', ')} x ${w.lookBack} -> ${describeTarget(predict, w.target, w.horizon)}`);
        console.log(`${folds === 1 ? 'one split' : `${folds} walk-forward folds`}: ${w.n} training, ${data.validation.n} validation, ${data.test.n} test windows${folds === 1 ? '' : ' in the first fold'}; ${seeds.length === 1 ? `seed ${seeds[0]}` : `seeds ${seeds.join(', ')}`}`);
        console.log(describeBackend());
        console.log(describeEngine());
      }
      const label = [model.toUpperCase(), folds > 1 ? `fold ${fold}/${folds}` : '', seeds.length > 1 ? `seed ${seed}` : ''].filter(Boolean).join(' ');
      return { onEpochEnd: progress(label, args.epochs) };
    },
    onTrained: () => lap('training'),
  });
  lap('forecasts');
  const first = result.folds[0].dates[0];
  const lastFold = result.folds[result.folds.length - 1];
  const tested = result.folds.reduce((n, f) => n + f.dates.length, 0);
  console.log('');
  console.log(summaryTable(result));

  // Everything goes to a temporary folder first, renamed into place at the end.
  const staging = `${out}.tmp-${process.pid}`;
  fs.mkdirSync(staging, { recursive: true });
  try {
    const notes: string[] = [];
    await writeOutputs(staging, result, notes, !args['no-images']);
    lap('outputs');
    const runInfo = {
      config: {
        csv: result.last.data.table.source, date: result.last.data.table.dateColumn, target: result.last.data.train.target,
        features: result.last.data.train.features, models: kinds, predict, horizon: args.horizon, folds: args.folds, seeds,
        season: args.season ?? null, seqLen: args['seq-len'], hidden: args.hidden, layers: args.layers, epochs: args.epochs,
        batch: args.batch, lr: args.lr, patience: args.patience ?? null, split: args.split, validationFraction: TUTORIAL.data.validationFraction,
      },
      backend, backendDescription: describeBackend({ reasons: true }), engine: Object.values(result.last.training)[0]?.engine,
      timings: {
        ...Object.fromEntries(Object.entries(result.last.training).map(([k, r]) => [k, { secondsPerEpoch: r.secondsPerEpoch, totalSeconds: r.history.reduce((s, h) => s + h.seconds, 0) }])),
        stages: Object.fromEntries(Object.entries(stages).map(([stage, seconds]) => [stage, Number(seconds.toFixed(3))])),
      },
      finalLoss: Object.fromEntries(Object.entries(result.last.training).map(([k, r]) => [k, { loss: r.history[r.history.length - 1].loss, valLoss: r.history[r.history.length - 1].valLoss }])),
      tested: { from: first, to: lastFold.dates[lastFold.dates.length - 1], forecasts: tested, upShare: result.upShare },
      results: result.results,
      summary: result.summary,
      stepRmse: result.stepRmse,
      notes,
    };
    fs.writeFileSync(path.join(staging, 'run.json'), `${JSON.stringify(runInfo, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
    for (const n of notes) console.log(`\nnote: ${n}`);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  replaceFolder(staging, out);
  console.log(`\nwritten to ${path.relative(process.cwd(), out) || out}/: ${fs.readdirSync(out).sort().join(', ')}`);
}

function describeTarget(predict: Predict, target: string, horizon: number): string {
  const what = predict === 'level' ? target : predict === 'change' ? `change of ${target}` : `log-return of ${target}`;
  return horizon === 1 ? `next ${what}` : `${what} over the next ${horizon} rows`;
}

/**
 * A CSV file written cell by cell through one reused 1 MiB buffer: no string of the whole file, and
 * no array or string per row (rows of a few million lines otherwise leave garbage that the
 * collector may keep until the end).
 */
class CsvWriter {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(2 ** 20);
  private used = 0;
  private first = true;

  constructor(file: string, header: readonly string[]) {
    this.fd = fs.openSync(file, 'w');
    for (const name of header) this.cell(name);
    this.endRow();
  }

  /** The next cell of the current row. */
  cell(value: string | number): void {
    // JSON.stringify spells a finite number as String() does, but String() also keeps the text in
    // V8's number-to-string cache, which lives long enough for millions of them to reach the old
    // generation (about 70 bytes a row at 2,000,000 rows, freed only by a full collection).
    const text = typeof value !== 'number' ? value : Number.isFinite(value) ? JSON.stringify(value) : String(value);
    // A cell is at most 3 bytes a UTF-16 unit, plus its comma.
    if (this.used + 3 * text.length + 1 > this.buffer.length) this.flush();
    if (!this.first) this.buffer[this.used++] = 0x2c;
    this.first = false;
    if (3 * text.length + 1 > this.buffer.length) {
      // Too long for the buffer: what is buffered (the comma included) goes first.
      this.flush();
      fs.writeSync(this.fd, text);
    } else {
      this.used += this.buffer.write(text, this.used);
    }
  }

  endRow(): void {
    if (this.used + 1 > this.buffer.length) this.flush();
    this.buffer[this.used++] = 0x0a;
    this.first = true;
  }

  /** Write what is buffered and close the file. */
  close(): void {
    try {
      this.flush();
    } finally {
      fs.closeSync(this.fd);
    }
  }

  private flush(): void {
    fs.writeSync(this.fd, this.buffer, 0, this.used);
    this.used = 0;
  }
}

/** A CSV of `count` rows, `writeRow(i, cell)` giving row i's cells in order; rows are asked for in order, 0 to count - 1. */
function writeCsv(file: string, header: readonly string[], count: number, writeRow: (i: number, cell: (value: string | number) => void) => void): void {
  const writer = new CsvWriter(file, header);
  const cell = (value: string | number) => writer.cell(value);
  try {
    for (let i = 0; i < count; i++) {
      writeRow(i, cell);
      writer.endRow();
    }
  } finally {
    writer.close();
  }
}

/** Figures, predictions, walk-forward forecasts and state dicts of the last fold's first-seed networks. */
async function writeOutputs(dir: string, result: WalkForwardResult, notes: string[], images: boolean): Promise<void> {
  const { data, models, training, linear } = result.last;
  const horizon = data.options.horizon;
  // The files first and the figures last, so that a browser still starting (it shares the cores
  // with training) gets the time the files take.
  const whole = forecastSeries({ ...models, linear }, data, { onProgress: forecastProgress() });
  const firstStep = (values: Float64Array) => stepOf(values, horizon, 0);
  const forecasts = Object.fromEntries(Object.entries(whole.forecasts).map(([name, values]) => [name, firstStep(values)]));
  const { targetRows, partAt } = whole;
  const tableDates = data.table.dates;
  const actual = firstStep(whole.actual);
  const previous = firstStep(whole.previous);
  const columns = Object.values(forecasts);
  writeCsv(path.join(dir, 'predictions.csv'), ['date', 'part', 'actual', ...Object.keys(forecasts), 'persistence'], targetRows.length,
    (i, cell) => {
      cell(tableDates[targetRows[i]]);
      cell(partAt(i));
      cell(actual[i]);
      for (const f of columns) cell(f[i]);
      cell(previous[i]);
    });

  const names = result.names;
  const tested = result.folds.reduce((n, fold) => n + fold.targetRows.length, 0);
  // Rows come in order, fold by fold: window w of the whole file is window w - start of fold `f`.
  let f = 0;
  let start = 0;
  writeCsv(path.join(dir, 'walk-forward.csv'), ['date', 'fold', 'step', 'actual', ...names], tested * horizon, (k, cell) => {
    const w = Math.floor(k / horizon);
    while (w - start >= result.folds[f].targetRows.length) start += result.folds[f++].targetRows.length;
    const fold = result.folds[f];
    const i = w - start;
    const row = fold.targetRows[i];
    const h = k % horizon;
    const at = i * horizon + h;
    cell(tableDates[row + h]);
    cell(fold.fold);
    cell(h + 1);
    cell(fold.actual[at]);
    for (const name of names) cell(fold.forecasts[name][at]);
  });
  for (const [kind, model] of Object.entries(models)) fs.writeFileSync(path.join(dir, `model-${kind}.json`), JSON.stringify(exportStateDict(model)));

  await writeFigure(dir, lossFigure(Object.fromEntries(Object.entries(training).map(([k, r]) => [k, r.history]))), notes, images);
  await writeFigure(dir, overlayFigure({
    name: 'overlay', title: `${data.train.target}: actual and forecast${horizon > 1 ? ' one step ahead' : ''}${result.folds.length > 1 ? ' (last fold)' : ''}`, yTitle: data.train.target,
    actual: { name: 'actual', dates: whole.dates, values: actual },
    forecasts: Object.entries(forecasts).map(([name, values]) => ({ name, dates: whole.dates, values })),
    boundaries: [{ date: data.validation.targetDates[0] ?? data.test.targetDates[0], label: ' validation' }, { date: data.test.targetDates[0], label: ' test' }],
  }), notes, images);
  if (horizon > 1) {
    await writeFigure(dir, lineFigure({
      name: 'horizon', title: 'Error against the step ahead (all folds)', xTitle: 'steps ahead', yTitle: `RMSE (${data.train.target})`,
      x: Array.from({ length: horizon }, (_, h) => h + 1), series: result.stepRmse, references: ['persistence'],
    }), notes, images);
  }
  await closeRenderer();
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
