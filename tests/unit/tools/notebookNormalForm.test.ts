import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { normalizeNotebook, pythonJson, pythonNumber, splitLines } from '../../../tools/notebookNormalForm';
import { REPOSITORY } from '../../helpers';

const notebooksDir = path.join(REPOSITORY, 'notebooks');

/** A notebook as nbconvert 7 writes it: one stream output per printed line, timings in the cell metadata, ids it made up. */
function asNbconvert7Wrote(): { executed: string; source: string } {
  const source = {
    cells: [
      { cell_type: 'markdown', id: 'intro', metadata: {}, source: '# Title\nText' },
      {
        cell_type: 'code',
        id: 'run',
        metadata: { tags: ['keep'] },
        execution_count: null,
        source: 'console.log(1)\nconsole.log(2)',
        outputs: [],
      },
    ],
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript (tslab)', language: 'typescript' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  const executed = structuredClone(source) as any;
  executed.cells[0].id = 'a1b2c3d4';
  executed.cells[1].id = 'e5f6a7b8';
  executed.cells[1].execution_count = 1;
  executed.cells[1].metadata.execution = {
    'iopub.execute_input': '2026-01-01T10:00:00.000Z',
    'shell.execute_reply': '2026-01-01T10:00:01.000Z',
  };
  executed.cells[1].outputs = [
    { output_type: 'stream', name: 'stdout', text: 'loss 1.5e-05\n' },
    { output_type: 'stream', name: 'stdout', text: 'done\n' },
    { output_type: 'stream', name: 'stderr', text: 'warning\n' },
    {
      output_type: 'display_data',
      data: { 'text/plain': 'a\nb', 'application/vnd.plotly.v1+json': { data: [{ y: [0.00001, 2.5e-7, 3, 0.25] }] } },
      metadata: {},
    },
    { output_type: 'stream', name: 'stdout', text: 'after\n' },
  ];
  executed.metadata.widgets = { state: {} };
  return { executed: JSON.stringify(executed), source: JSON.stringify(source) };
}

it("normalizeNotebook leaves every committed notebook byte for byte as it is (its writer is nbformat's)", () => {
  const names = fs.readdirSync(notebooksDir).filter((f) => f.endsWith('.ipynb'));
  assert.ok(names.length >= 4);
  for (const name of names) {
    const text = fs.readFileSync(path.join(notebooksDir, name), 'utf8');
    assert.ok(normalizeNotebook(text, text) === text, `${name} changes when normalised`);
  }
});

it("normalizeNotebook merges consecutive stream outputs of one name, drops timings and widget state, and keeps the source's ids", () => {
  const { executed, source } = asNbconvert7Wrote();
  const notebook = JSON.parse(normalizeNotebook(executed, source));
  const [markdown, code] = notebook.cells;
  assert.deepEqual([markdown.id, code.id], ['intro', 'run']);
  assert.deepEqual(code.metadata, { tags: ['keep'] });
  assert.equal(notebook.metadata.widgets, undefined);
  assert.deepEqual(
    code.outputs.map((o: { output_type: string; name?: string }) => `${o.output_type} ${o.name ?? ''}`.trim()),
    ['stream stdout', 'stream stderr', 'display_data', 'stream stdout'],
  );
  assert.deepEqual(code.outputs[0].text, ['loss 1.5e-05\n', 'done\n']);
  assert.deepEqual(code.source, ['console.log(1)\n', 'console.log(2)']);
  assert.deepEqual(code.outputs[2].data['text/plain'], ['a\n', 'b']);
});

it('normalizeNotebook gives the same text for the same results, whether printed lines came one output each or merged', () => {
  const { executed, source } = asNbconvert7Wrote();
  const merged = JSON.parse(executed);
  const outputs = merged.cells[1].outputs;
  merged.cells[1].outputs = [{ ...outputs[0], text: ['loss 1.5e-05\n', 'done\n'] }, ...outputs.slice(2)];
  delete merged.cells[1].metadata.execution;
  assert.equal(normalizeNotebook(JSON.stringify(merged, null, 2), source), normalizeNotebook(executed, source));
});

it('a cell without an id in the source gets one from its position, not a random one', () => {
  const { executed, source } = asNbconvert7Wrote();
  const withoutIds = JSON.parse(source);
  delete withoutIds.cells[1].id;
  const once = JSON.parse(normalizeNotebook(executed, JSON.stringify(withoutIds)));
  assert.equal(once.cells[1].id, 'e5f6a7b8', "the executed notebook's own id is kept when the source has none");
  const again = JSON.parse(
    normalizeNotebook(
      JSON.stringify({ ...JSON.parse(executed), cells: JSON.parse(executed).cells.map((c: object) => ({ ...c, id: undefined })) }),
    ),
  );
  assert.deepEqual(
    again.cells.map((c: { id: string }) => c.id),
    ['cell-1', 'cell-2'],
  );
});

it("pythonNumber writes numbers as Python's json module does", () => {
  const cases: Array<[number, string]> = [
    [0, '0'],
    [-0, '0'],
    [12, '12'],
    [-3, '-3'],
    [0.25, '0.25'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e-5, '1.5e-05'],
    [2.5e-7, '2.5e-07'],
    [9.6e-24, '9.6e-24'],
    [6.39e-4, '0.000639'],
    [1234.5678, '1234.5678'],
    [1e21, '1e+21'],
    [123456789012345680000, '123456789012345680000'],
  ];
  for (const [value, expected] of cases) assert.equal(pythonNumber(value), expected, String(value));
  assert.throws(() => pythonNumber(NaN), /cannot hold NaN/);
});

it('pythonJson sorts keys, indents by one and keeps non-ASCII text as it is', () => {
  assert.equal(
    pythonJson({ b: [1, { d: 'ü ‖', c: null }], a: {}, e: [] }),
    '{\n "a": {},\n "b": [\n  1,\n  {\n   "c": null,\n   "d": "ü ‖"\n  }\n ],\n "e": []\n}',
  );
});

it("splitLines splits as Python's str.splitlines(True): \\r\\n is one break, text after the last break is a line", () => {
  assert.deepEqual(splitLines('a\nb\r\nc\rd'), ['a\n', 'b\r\n', 'c\r', 'd']);
  assert.deepEqual(splitLines('one\n'), ['one\n']);
  assert.deepEqual(splitLines(''), []);
  assert.deepEqual(splitLines('x\u2028y\fz'), ['x\u2028', 'y\f', 'z']);
});
