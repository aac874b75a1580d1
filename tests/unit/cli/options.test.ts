import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { OptionError } from '../../../src/errors';
import { parseOptions, usage } from '../../../src/cli/options';
import { REPOSITORY } from '../../helpers';

const SPECS = {
  model: { type: 'string', value: 'KIND', default: 'both', choices: ['lstm', 'rnn', 'both'], help: 'which models' },
  epochs: { type: 'integer', min: 1, default: 201, help: 'training epochs' },
  runs: { type: 'integer', min: 1, max: 10, help: 'runs' },
  lr: { type: 'number', default: 1e-3, valid: (v: number) => v > 0, expected: 'a positive number', help: 'learning rate' },
  out: { type: 'string', value: 'DIR', help: 'output folder' },
  force: { type: 'flag', help: 'replace' },
} as const;

const rejects = (argv: string[], message: RegExp) =>
  assert.throws(
    () => parseOptions(SPECS, argv),
    (e: Error) => e instanceof OptionError && message.test(e.message),
  );

describe('parseOptions', () => {
  it('takes --x v and --x=v alike, converts numbers, and fills in defaults', () => {
    const { values } = parseOptions(SPECS, ['--epochs', '3', '--lr=0.01', '--force', '--out', 'x']);
    assert.deepEqual(values, { model: 'both', epochs: 3, runs: undefined, lr: 0.01, out: 'x', force: true });
  });

  it('an unknown flag is an error that lists the valid ones', () =>
    rejects(['--epoch', '3'], /^unknown option "--epoch"\. Valid options: --model, --epochs, --runs, --lr, --out, --force$/));
  it('a value out of range names the option, the range and the value', () => {
    rejects(['--epochs', '-1'], /^--epochs must be a whole number of at least 1, got "-1"$/);
    rejects(['--epochs', '2.5'], /^--epochs must be a whole number of at least 1, got "2\.5"$/);
    rejects(['--runs', '11'], /^--runs must be a whole number from 1 to 10, got "11"$/);
    rejects(['--lr', 'fast'], /^--lr must be a positive number, got "fast"$/);
    rejects(['--lr', '-0.1'], /^--lr must be a positive number, got "-0\.1"$/);
  });
  it('a choice not on the list names the choices', () =>
    rejects(['--model', 'gru'], /^--model must be one of lstm, rnn, both; got "gru"$/));
  it('a missing value says what the option takes', () => {
    rejects(['--out'], /^--out needs a value: --out DIR$/);
    rejects(['--out', '--force'], /^--out needs a value: --out DIR$/);
  });
  it('a flag takes no value', () => rejects(['--force=yes'], /^--force takes no value$/));
  it('positional arguments are errors unless the command takes them', () => {
    rejects(['notebook.ipynb'], /^unexpected argument "notebook\.ipynb"/);
    assert.deepEqual(parseOptions(SPECS, ['a.ipynb', '--force', 'b.ipynb'], 'notebook').positionals, ['a.ipynb', 'b.ipynb']);
  });
});

it('usage() lists every option with its placeholder and default', () => {
  const text = usage(SPECS, ['Usage: x']);
  assert.match(text, /^Usage: x\n\n/);
  assert.match(text, /\n {2}--epochs N {4}training epochs \(default: 201\)\n/);
  assert.match(text, /\n {2}--force {7}replace$/);
});

describe('the scripts reject what they do not know, with exit code 2 and no stack trace', () => {
  for (const [script, argv, message] of [
    ['tools/runNotebooks.ts', ['--chek'], /unknown option "--chek"\. Valid options: --check, --timeout, --jobs, --help/],
    ['tools/runNotebooks.ts', ['--timeout', '0'], /--timeout must be a whole number of at least 1, got "0"/],
    ['tools/runNotebooks.ts', ['notebooks/nothing.ipynb'], /nothing\.ipynb: no such notebook/],
    ['bench/bench.ts', ['--runs', 'many'], /--runs must be a whole number from 1 to 100, got "many"/],
    [
      'bench/bench.ts',
      ['--only', 'epochs,speed'],
      /--only takes epochs, job, ahead, ets, inference, notebooks, scale \(comma-separated\), got "speed"/,
    ],
    ['tools/runNotebooks.ts', ['--jobs', '0'], /--jobs must be a whole number of at least 1, got "0"/],
    ['tools/browserCheck.ts', ['--all'], /unknown option "--all"\. Valid options: --help/],
  ] as const) {
    it(`${script} ${argv.join(' ')}`, () => {
      const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPOSITORY, script), ...argv], {
        cwd: REPOSITORY,
        encoding: 'utf8',
      });
      assert.equal(run.status, 2, run.stdout + run.stderr);
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, /\n\s+at /);
    });
  }
});
