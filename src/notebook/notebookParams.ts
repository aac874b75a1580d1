/**
 * Parameters of a notebook run, from environment variables (papermill has no TypeScript support):
 *   SMOKE=1      a fast run for tests: few epochs, same code path
 *   EPOCHS=N     epochs of training (default: the notebook's full value, or its smoke value)
 *   DATA_CSV=... the CSV to use (default: the embedded data/sp500.csv)
 */
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
  const smoke = env.SMOKE !== undefined && env.SMOKE !== '' && env.SMOKE !== '0';
  let epochs = smoke ? defaults.smokeEpochs : defaults.epochs;
  if (env.EPOCHS !== undefined && env.EPOCHS !== '') {
    epochs = Number(env.EPOCHS);
    if (!Number.isInteger(epochs) || epochs < 1) throw new OptionError(`EPOCHS must be a whole number of at least 1, got "${env.EPOCHS}"`);
  }
  return { smoke, epochs, csv: env.DATA_CSV || TUTORIAL.data.csv };
}
