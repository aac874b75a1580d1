/** A sample of fuzzed files through the command line: a run, or exit 2 with a message; never a bug's stack trace or a hang. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import fc from 'fast-check';
import { mutant } from '../csvMutants';
import { REPOSITORY, temporaryFolder } from '../helpers';

it('8 mutants through npm run forecast: exit 0 with outputs, or exit 2 with one line and nothing written', () => {
  const dir = temporaryFolder('rf-fuzz-cli-');
  const codes: number[] = [];
  fc.sample(mutant, { numRuns: 8, seed: 4242 }).forEach((text, k) => {
    const file = path.join(dir, `mutant-${k}.csv`);
    const out = path.join(dir, `out-${k}`);
    fs.writeFileSync(file, text, 'latin1');
    const args = ['--csv', file, '--model', 'rnn', '--epochs', '1', '--seq-len', '3', '--no-images', '--out', out];
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPOSITORY, 'bin', 'forecast.ts'), ...args], {
      cwd: REPOSITORY,
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.notEqual(run.signal, 'SIGTERM', `mutant ${k} hung`);
    assert.ok(run.status === 0 || run.status === 2, `mutant ${k}: exit ${run.status}\n${run.stderr}`);
    assert.doesNotMatch(run.stderr, /this is a bug|\n\s+at /, `mutant ${k}`);
    if (run.status === 2) {
      assert.match(run.stderr, /^forecast: [^\n]+\n$/, `mutant ${k}`);
      assert.ok(!fs.existsSync(out), `mutant ${k} wrote ${out}`);
    } else {
      assert.ok(fs.existsSync(path.join(out, 'run.json')), `mutant ${k}`);
    }
    codes.push(run.status);
  });
  assert.ok(codes.includes(0) && codes.includes(2), `exit codes ${codes}`);
});
