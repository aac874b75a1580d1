import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { formatSummary, runNotebook, type RunOptions } from '../../tools/runNotebooks';
import { FIXTURES, REPOSITORY, temporaryFolder } from '../helpers';

const NOTEBOOK_FIXTURES = path.join(FIXTURES, 'notebooks');
// Generous limits: the first cell compiles and loads tfjs, which is slow on a loaded machine.
const options: RunOptions = { cellTimeout: 60, notebookTimeout: 180, write: false };

/** A copy of a fixture in a temporary folder, so that writing back can be observed. */
function copyOf(name: string): string {
  const file = path.join(temporaryFolder('runner-test-'), name);
  fs.copyFileSync(path.join(NOTEBOOK_FIXTURES, name), file);
  return file;
}

describe('runNotebook judges each kind of run', { concurrency: 1 }, () => {
  it('a passing notebook passes, and is written back with its outputs', async () => {
    const file = copyOf('passes.ipynb');
    const result = await runNotebook(file, { ...options, write: true });
    assert.equal(result.failure, undefined);
    assert.equal(result.ok, true);
    const executed = JSON.parse(fs.readFileSync(file, 'utf8'));
    // The last cell printed split.test.end; the warning on stderr did not count as an error.
    assert.deepEqual(
      executed.cells[2].outputs.map((o: { text: string[] }) => o.text.join('')),
      ['10\n'],
    );
    // Two console.log calls come back as one stdout output of two lines, whatever the nbconvert version.
    const stdout = executed.cells[1].outputs.filter((o: { name?: string }) => o.name === 'stdout');
    assert.deepEqual(
      stdout.map((o: { text: string[] }) => o.text),
      [['two lines printed\n', 'by two calls\n']],
    );
  });

  it('a throw in cell 2 of 4 fails at cell 2 with the error, and leaves the file untouched', async () => {
    const file = copyOf('throws-in-cell-2.ipynb');
    const before = fs.readFileSync(file, 'utf8');
    const result = await runNotebook(file, { ...options, write: true });
    assert.equal(result.ok, false);
    assert.equal(result.failure?.cell, 2);
    assert.equal(result.failure?.firstLine, "throw new Error('planted failure in cell 2');");
    assert.match(result.failure!.error, /Error: planted failure in cell 2/);
    assert.equal(fs.readFileSync(file, 'utf8'), before);
    assert.match(
      formatSummary([result]),
      /throws-in-cell-2\.ipynb {2}FAIL[\s\S]*cell 2 \(throw new Error[\s\S]*Error: planted failure in cell 2/,
    );
  });

  it('a notebook parameter it cannot use fails the first code cell, naming the variable, and leaves the notebook untouched', async () => {
    const notebook = path.join(REPOSITORY, 'notebooks', '06-what-comes-next.ipynb');
    const before = fs.readFileSync(notebook, 'utf8');
    // One kernel run; notebookParams.test.ts checks each variable's message.
    const result = await runNotebook(notebook, { ...options, write: true, env: { SMOKE: 'maybe', EPOCHS: '3' } });
    assert.equal(result.ok, false);
    assert.equal(result.failure?.cell, 2, formatSummary([result]));
    assert.match(result.failure!.error, /SMOKE must be 1 \(a fast run\) or 0 \(the full run\), or unset; got "maybe"/);
    assert.equal(fs.readFileSync(notebook, 'utf8'), before);
  });

  it('a cell that runs too long fails at that cell as a timeout', async () => {
    const result = await runNotebook(path.join(NOTEBOOK_FIXTURES, 'times-out.ipynb'), { ...options, cellTimeout: 3 });
    assert.equal(result.ok, false);
    assert.equal(result.failure?.cell, 2);
    assert.equal(result.failure?.error, 'the cell ran past its time limit');
  });

  it('a TypeScript type error fails at its cell with the compiler message', async () => {
    const result = await runNotebook(path.join(NOTEBOOK_FIXTURES, 'type-error.ipynb'), options);
    assert.equal(result.ok, false);
    assert.equal(result.failure?.cell, 2);
    assert.match(result.failure!.error, /Type 'number' is not assignable to type 'string'/);
  });
});
