import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runCli, type Cli } from '../../../src/cli/runCli';
import { writeCsv } from '../../../src/cli/writeCsv';
import { DataError, OutputError, SetupError, TrainingError } from '../../../src/errors';
import { temporaryFolder } from '../../helpers';

const OPTIONS = {
  epochs: { type: 'integer', min: 1, default: 3, help: 'training epochs' },
  help: { type: 'flag', help: 'show this help' },
} as const;

/** Run a command line with console.log and console.error captured; what it printed, and its exit code. */
async function run(
  cli: Partial<Cli<typeof OPTIONS>>,
  argv: string[],
): Promise<{ code: number; out: string; err: string; cleanedUp: boolean }> {
  const out: string[] = [];
  const err: string[] = [];
  const { log, error } = console;
  let cleanedUp = false;
  console.log = (...parts: unknown[]) => void out.push(parts.map(String).join(' '));
  console.error = (...parts: unknown[]) => void err.push(parts.map((p) => (p instanceof Error ? p.stack : String(p))).join(' '));
  try {
    const code = await runCli(
      {
        name: 'demo',
        options: OPTIONS,
        help: ['demo: a test command'],
        run: async () => {},
        cleanUp: async () => void (cleanedUp = true),
        ...cli,
      },
      argv,
    );
    return { code, out: out.join('\n'), err: err.join('\n'), cleanedUp };
  } finally {
    Object.assign(console, { log, error });
  }
}

describe('runCli', () => {
  it('runs the command with the parsed options and exits 0', async () => {
    let seen: unknown;
    const result = await run({ run: async (args) => void (seen = args) }, ['--epochs', '5']);
    assert.deepEqual(seen, { epochs: 5, help: false });
    assert.deepEqual([result.code, result.err, result.cleanedUp], [0, '', true]);
  });

  it('passes the arguments after the options where the command names them, and exits with the code it returns', async () => {
    let seen: string[] = [];
    const result = await run(
      {
        positional: 'notebook',
        run: async (_, positionals) => {
          seen = positionals;
          return 1;
        },
      },
      ['a.ipynb', '--epochs', '2', 'b.ipynb'],
    );
    assert.deepEqual(seen, ['a.ipynb', 'b.ipynb']);
    assert.deepEqual([result.code, result.err], [1, '']);
  });

  it('refuses arguments after the options where the command names none', async () => {
    const result = await run({}, ['stray']);
    assert.equal(result.code, 2);
    assert.match(result.err, /^demo: .*stray/);
  });

  it('answers --help with the help text and the options, without running', async () => {
    let ran = false;
    const result = await run({ run: async () => void (ran = true) }, ['--help']);
    assert.equal(result.code, 0);
    assert.equal(ran, false);
    assert.match(result.out, /^demo: a test command\n[\s\S]*--epochs N?\b[\s\S]*training epochs/);
  });

  it('exits 2 on a bad option, naming the command and the option, with no stack trace', async () => {
    const result = await run({}, ['--epochs', '0']);
    assert.equal(result.code, 2);
    assert.match(result.err, /^demo: --epochs must be a whole number of at least 1, got "0"$/);
    assert.equal(result.cleanedUp, true);
  });

  it('exits 2 on bad data, with its message only', async () => {
    const result = await run(
      {
        run: async () => {
          throw new DataError('data.csv, row 3: "x" is not a number');
        },
      },
      [],
    );
    assert.deepEqual([result.code, result.err], [2, 'demo: data.csv, row 3: "x" is not a number']);
  });

  it('exits 2 on a machine not set up, with its message only', async () => {
    const result = await run(
      {
        run: async () => {
          throw new SetupError('no Chromium found: run "npm run setup"');
        },
      },
      [],
    );
    assert.deepEqual([result.code, result.err], [2, 'demo: no Chromium found: run "npm run setup"']);
  });

  it('exits 2 on outputs that cannot be written and on training that diverged, with the message only', async () => {
    for (const error of [
      new OutputError('cannot write out/run.json: no space left on the device (ENOSPC)'),
      new TrainingError('training diverged: the loss is NaN at epoch 3, batch 2 of 9. Try a lower learning rate (--lr)'),
    ]) {
      const result = await run(
        {
          run: async () => {
            throw error;
          },
        },
        [],
      );
      assert.deepEqual([result.code, result.err], [2, `demo: ${error.message}`]);
    }
  });

  it('exits 1 on anything else, calling it a bug and showing the stack trace, and still cleans up', async () => {
    const result = await run(
      {
        run: async () => {
          throw new TypeError('undefined is not a function');
        },
      },
      [],
    );
    assert.equal(result.code, 1);
    assert.match(
      result.err,
      /^demo: this is a bug, please report it with the command that caused it:\nTypeError: undefined is not a function\n\s+at /,
    );
    assert.equal(result.cleanedUp, true);
  });
});

describe('writeCsv', () => {
  const written = (header: string[], rows: (string | number)[][]) => {
    const file = path.join(temporaryFolder(), 'out.csv');
    writeCsv(file, header, rows.length, (i, cell) => rows[i].forEach(cell));
    return fs.readFileSync(file, 'utf8');
  };

  it('writes the header and each row, numbers as JavaScript spells them', () => {
    assert.equal(
      written(
        ['date', 'y'],
        [
          ['2020-01-01', 1.5],
          ['2020-01-02', -0.1 - 0.2],
          ['2020-01-03', NaN],
        ],
      ),
      'date,y\n2020-01-01,1.5\n2020-01-02,-0.30000000000000004\n2020-01-03,NaN\n',
    );
  });

  it('writes a file larger than its buffer, and a cell larger than the buffer, whole', () => {
    const rows = Array.from({ length: 60_000 }, (_, i) => [`row-${i}`, i / 7]);
    const expected = `${['name,value', ...rows.map(([name, value]) => `${name},${String(value)}`)].join('\n')}\n`;
    assert.ok(expected.length > 2 ** 20);
    assert.equal(written(['name', 'value'], rows), expected);
    const long = 'é'.repeat(2 ** 19);
    assert.equal(
      written(
        ['a', 'b'],
        [
          ['x', long],
          [long, 'y'],
        ],
      ),
      `a,b\nx,${long}\n${long},y\n`,
    );
  });

  it('writes just the header for no rows', () => assert.equal(written(['a'], []), 'a\n'));
});
