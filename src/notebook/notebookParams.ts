/**
 * Parameters of a notebook run, from environment variables (papermill has no TypeScript support):
 *   SMOKE=1      a fast run for tests: few epochs, same code path (0 or unset: the full run)
 *   EPOCHS=N     epochs of training (default: the notebook's full value, or its smoke value)
 *   DATA_CSV=... the CSV to use (default: the embedded data/sp500.csv)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TUTORIAL } from '../config';
import { OptionError } from '../errors';
import { assertBuildCurrent } from './libraryBuild';

export interface NotebookParams {
  smoke: boolean;
  epochs: number;
  csv: string;
}

/** The run's parameters; throws first when the compiled library the notebook imports is older than src/. */
export function notebookParams(defaults: { epochs: number; smokeEpochs: number }, env: NodeJS.ProcessEnv = process.env): NotebookParams {
  assertBuildCurrent();
  const mode = (env.SMOKE ?? '').trim().toLowerCase();
  if (!['', '0', '1', 'true', 'false'].includes(mode))
    throw new OptionError(`SMOKE must be 1 (a fast run) or 0 (the full run), or unset; got "${env.SMOKE}"`);
  const smoke = mode === '1' || mode === 'true';
  let epochs = smoke ? defaults.smokeEpochs : defaults.epochs;
  if (env.EPOCHS !== undefined && env.EPOCHS !== '') {
    epochs = Number(env.EPOCHS);
    if (!Number.isInteger(epochs) || epochs < 1) throw new OptionError(`EPOCHS must be a whole number of at least 1, got "${env.EPOCHS}"`);
  }
  const csv = env.DATA_CSV || TUTORIAL.data.csv;
  if (env.DATA_CSV) {
    if (!fs.existsSync(csv)) throw new OptionError(`DATA_CSV=${env.DATA_CSV}: no such file (looked for ${path.resolve(csv)})`);
    if (!fs.statSync(csv).isFile()) throw new OptionError(`DATA_CSV=${env.DATA_CSV}: is not a file; give a CSV file`);
  }
  return { smoke, epochs, csv };
}
