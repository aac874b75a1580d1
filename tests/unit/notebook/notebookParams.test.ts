import assert from 'node:assert/strict';
import { it } from 'node:test';
import { TUTORIAL } from '../../../src/config';
import { OptionError } from '../../../src/errors';
import { notebookParams } from '../../../src/notebook/notebookParams';
import { writeCsv } from '../../helpers';

const defaults = { epochs: 30, smokeEpochs: 2 };
const refuses = (env: NodeJS.ProcessEnv, pattern: RegExp) =>
  assert.throws(
    () => notebookParams(defaults, env),
    (error: Error) => error instanceof OptionError && pattern.test(error.message),
  );

it('reads the mode, the epochs and the data file, with the defaults where unset', () => {
  assert.deepEqual(notebookParams(defaults, {}), { smoke: false, epochs: 30, csv: TUTORIAL.data.csv });
  assert.deepEqual(notebookParams(defaults, { SMOKE: '1' }), { smoke: true, epochs: 2, csv: TUTORIAL.data.csv });
  assert.equal(notebookParams(defaults, { SMOKE: '0', EPOCHS: '7' }).epochs, 7);
  const file = writeCsv('date,close\n2020-01-01,1\n');
  assert.equal(notebookParams(defaults, { DATA_CSV: file }).csv, file);
});

it('refuses a value it cannot use, naming the variable', () => {
  refuses({ EPOCHS: 'abc' }, /^EPOCHS must be a whole number of at least 1, got "abc"$/);
  refuses({ SMOKE: 'maybe' }, /^SMOKE must be 1 \(a fast run\) or 0 \(the full run\), or unset; got "maybe"$/);
  refuses({ DATA_CSV: '/nowhere/prices.csv' }, /^DATA_CSV=\/nowhere\/prices\.csv: no such file/);
  refuses({ DATA_CSV: '/tmp' }, /^DATA_CSV=\/tmp: is not a file/);
});
