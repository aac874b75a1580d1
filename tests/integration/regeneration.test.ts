/** Regenerating a notebook changes only what its run measured: the normal form the runner writes. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { formatSummary, runNotebook } from '../../tools/runNotebooks';
import { REPOSITORY } from '../helpers';

/** A duration ("0.5 s", "~0.0 s left", "12 ms", "3.2 seconds"): the only thing a rerun may change. */
const DURATION = /\b\d+(\.\d+)? ?(ms|s|seconds)\b/g;
const masked = (line: string) => line.replace(DURATION, '<duration>');

/** The lines where `b` differs from `a` other than in durations, as "line N: old -> new"; a different number of lines is a difference of its own. */
function changedLines(a: string, b: string, ignoreDurations = true): string[] {
  const left = a.split('\n');
  const right = b.split('\n');
  if (left.length !== right.length) return [`${left.length} lines -> ${right.length} lines`];
  const same = (x: string, y: string) => x === y || (ignoreDurations && masked(x) === masked(y));
  return left.flatMap((line, i) =>
    same(line, right[i]) ? [] : [`line ${i + 1}: ${line.trim().slice(0, 120)} -> ${right[i].trim().slice(0, 120)}`],
  );
}

// The committed notebook is itself a regeneration (npm start, in another process and at another
// time), so one run compared with it is a comparison of two runs.
it('notebook 01 regenerated differs from the committed notebook only in lines that report timings', { timeout: 900_000 }, async () => {
  const notebook = path.join(REPOSITORY, 'notebooks', '01-rnn-vs-lstm-setup.ipynb');
  const committed = fs.readFileSync(notebook, 'utf8');
  const result = await runNotebook(notebook, { cellTimeout: 300, notebookTimeout: 600, write: false });
  assert.ok(result.ok && result.executed, formatSummary([result]));
  assert.equal(fs.readFileSync(notebook, 'utf8'), committed, 'the committed notebook is left as it was');
  assert.deepEqual(
    changedLines(committed, result.executed!),
    [],
    'the committed notebook against a regeneration (run "npm start" after changing what the notebook shows)',
  );
  console.log(`# lines that differ only in durations: ${changedLines(committed, result.executed!, false).length}`);
});

it('the comparison passes a changed duration and nothing else', () => {
  const before = '{\n "text": "RNN: epoch 3/3  loss 1.2e-3  0.5 s, ~0.0 s left"\n}';
  assert.deepEqual(changedLines(before, before.replace('0.5 s', '0.7 s')), []);
  assert.deepEqual(changedLines(before, before.replace('1.2e-3', '1.3e-3')), [
    'line 2: "text": "RNN: epoch 3/3  loss 1.2e-3  0.5 s, ~0.0 s left" -> "text": "RNN: epoch 3/3  loss 1.3e-3  0.5 s, ~0.0 s left"',
  ]);
  assert.deepEqual(changedLines('{\n "rmse": 820.77\n}', '{\n "rmse": 820.78\n}'), ['line 2: "rmse": 820.77 -> "rmse": 820.78']);
  assert.deepEqual(changedLines('a\nb', 'a\nb\nc'), ['2 lines -> 3 lines']);
});
