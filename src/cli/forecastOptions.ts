/** The options of `npm run forecast`, with their defaults (the tutorial's set-up on data/sp500.csv) and help. */
import * as path from 'node:path';
import { CELL_KINDS, TARGET_TRANSFORMS, TUTORIAL } from '../index';
import type { OptionSpec, OptionValues } from './options';

export const FORECAST_OPTIONS = {
  csv: {
    type: 'string',
    value: 'PATH',
    default: path.relative(process.cwd(), TUTORIAL.data.csv),
    help: 'CSV with a date column and numeric columns',
  },
  date: { type: 'string', value: 'COL', help: 'the date column (default: detected by name, date, time, month, ..., or the first column)' },
  'date-format': {
    type: 'string',
    value: 'FMT',
    help: 'how the dates are written, such as %m/%d/%Y or %d.%m.%Y %H:%M (default: ISO 8601, 2000-01-03 or 2000-01-03 09:30)',
  },
  index: {
    type: 'string',
    value: 'COL',
    help: 'a whole-number column (0, 1, 2, ...) that orders the rows, for series without dates (one is also detected where the date column holds whole numbers)',
  },
  delimiter: {
    type: 'string',
    value: 'D',
    default: 'auto',
    help: 'the field delimiter: comma, tab, semicolon, pipe or one character; auto (default) detects it from the header line',
  },
  target: {
    type: 'string',
    value: 'COL',
    help: `the column to forecast (default: ${TUTORIAL.data.target}, or the only numeric column of a file that has one)`,
  },
  features: {
    type: 'string',
    value: 'A,B,...',
    help: `input columns (default: ${TUTORIAL.data.features.join(',')} where the file has them, else the target's own past)`,
  },
  model: {
    type: 'string',
    value: 'LIST',
    default: 'both',
    help: `which cells to train: any of ${CELL_KINDS.join(', ')}, comma-separated; all; or both (rnn,lstm)`,
  },
  'seq-len': { type: 'integer', min: 1, default: TUTORIAL.data.seqLen, help: 'rows of history per window (days in the tutorial)' },
  hidden: { type: 'integer', min: 1, default: TUTORIAL.model.hiddenSize, help: 'hidden units per layer' },
  layers: { type: 'integer', min: 1, default: TUTORIAL.model.numLayers, help: 'stacked recurrent layers' },
  epochs: { type: 'integer', min: 1, default: TUTORIAL.training.epochs, help: 'training epochs' },
  batch: { type: 'integer', min: 1, default: TUTORIAL.training.batchSize, help: 'windows per batch' },
  patience: {
    type: 'integer',
    min: 1,
    value: 'N',
    help: 'stop a network when its validation loss has not improved for N epochs, keeping its best weights (default: train every epoch)',
  },
  lr: {
    type: 'number',
    default: TUTORIAL.training.learningRate,
    valid: (v) => v > 0,
    expected: 'a positive number',
    help: 'Adam learning rate',
  },
  'weight-decay': {
    type: 'number',
    default: 0,
    valid: (v) => v >= 0 && Number.isFinite(v),
    expected: 'a number of 0 or more',
    help: "L2 penalty added to the gradients, as torch.optim.Adam's weight_decay (default 0: none)",
  },
  seed: { type: 'integer', min: 0, default: TUTORIAL.model.seed, help: 'seed of the initial weights (the first, with --seeds)' },
  predict: {
    type: 'string',
    value: 'WHAT',
    default: 'level',
    choices: TARGET_TRANSFORMS,
    help: 'what the networks predict: level (the next value, as in the tutorial), change (from the last value) or log-return',
  },
  horizon: { type: 'integer', min: 1, default: TUTORIAL.data.horizon, help: 'steps ahead forecast at once from each window' },
  benchmarks: {
    type: 'string',
    value: 'LIST',
    help: "statistical benchmarks fitted on each fold's training rows (with --season, their seasonal forms): ets (the ETS spec AICc picks), ets-SPEC (one spec fixed, as ets-AAA), theta; default ets,theta",
  },
  'no-benchmarks': {
    type: 'flag',
    help: 'leave out the statistical benchmarks',
  },
  recursive: {
    type: 'flag',
    help: 'also forecast the --horizon steps recursively: the linear model and each cell fitted for one step and fed their own forecasts (inputs must be the target alone)',
  },
  folds: {
    type: 'integer',
    min: 1,
    default: 1,
    help: 'walk-forward test blocks at the end of the series, each trained on everything before it',
  },
  seeds: { type: 'integer', min: 1, default: 1, help: 'networks trained per cell and fold, from seeds --seed, --seed + 1, ...' },
  season: {
    type: 'integer',
    min: 2,
    value: 'N',
    help: 'season length in rows (12 for monthly data with a yearly cycle): adds the seasonal-naive baseline',
  },
  split: {
    type: 'number',
    default: TUTORIAL.data.trainFraction,
    valid: (v) => v > 0 && v < 1,
    expected: 'a fraction between 0 and 1',
    help: 'fraction of rows for training; the next --validation fraction validates, the rest test (with --folds: the rest is cut into the test blocks)',
  },
  validation: {
    type: 'number',
    default: TUTORIAL.data.validationFraction,
    valid: (v) => v > 0 && v < 1,
    expected: 'a fraction between 0 and 1',
    help: 'fraction of rows after the training part that validate: early stopping (--patience) and the forecasts whose errors calibrate the intervals (with --ahead, the final stretch)',
  },
  ahead: {
    type: 'integer',
    min: 1,
    value: 'H',
    help: 'also forecast the H steps after the last row: every model fitted once more on all rows but the final validation stretch (forecast.csv)',
  },
  levels: {
    type: 'string',
    value: 'L,L',
    default: '80,95',
    help: 'levels (percent) of the conformal intervals scored on the test blocks, increasing',
  },
  out: { type: 'string', value: 'DIR', default: 'forecast-output', help: 'folder for figures, predictions, models and run.json' },
  force: { type: 'flag', help: 'replace --out if it exists' },
  'no-images': {
    type: 'flag',
    help: 'write the figures as interactive HTML only, without PNG and SVG (no browser is started: faster, and no Chromium needed)',
  },
  help: { type: 'flag', help: 'show this help' },
} as const satisfies Record<string, OptionSpec>;

export type ForecastArgs = OptionValues<typeof FORECAST_OPTIONS>;

/** The help text's lines before the options. */
export const FORECAST_HELP = [
  'Usage: npm run forecast -- [options]',
  '',
  'Train recurrent forecasters (RNN, LSTM, GRU) on a CSV time series and compare them, on the same windows,',
  'with persistence, drift, a linear autoregression (and seasonal naive with --season): skill, MASE and a',
  'Diebold-Mariano test against persistence, over walk-forward folds and several seeds.',
];
