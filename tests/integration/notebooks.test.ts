import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { formatSummary, runNotebook } from '../../tools/runNotebooks';
import { REPOSITORY } from '../helpers';

const dir = path.join(REPOSITORY, 'notebooks');
const notebooks = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ipynb'))
  .sort();

interface Output {
  output_type: string;
  data?: Record<string, unknown>;
  text?: string | string[];
}
const cellsOf = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')).cells as Array<{ cell_type: string; outputs?: Output[] }>;

describe('the committed notebooks', () => {
  it('the tutorial has its six notebooks', () => {
    assert.deepEqual(
      notebooks.map((n) => n.slice(0, 2)),
      ['01', '02', '03', '04', '05', '06'],
    );
  });

  for (const name of notebooks) {
    it(`${name} is committed executed: its checks cell printed "all checks passed"`, () => {
      const code = cellsOf(name).filter((c) => c.cell_type === 'code');
      const last = code[code.length - 1].outputs ?? [];
      assert.ok(
        last.some((o) => [o.text ?? ''].flat().join('').includes('all checks passed')),
        `${name}: run "npm start" to regenerate it`,
      );
    });

    it(`${name} reads as a lesson: code lines of at most 100 characters, exercises, then the checks last`, () => {
      const cells = cellsOf(name) as Array<{ cell_type: string; source: string | string[] }>;
      const text = (c: { source: string | string[] }) => [c.source].flat().join('');
      for (const [i, c] of cells.entries()) {
        if (c.cell_type !== 'code') continue;
        for (const line of text(c).split('\n')) assert.ok(line.length <= 100, `cell ${i + 1}: ${line.length} characters`);
      }
      const headings = cells.filter((c) => c.cell_type === 'markdown').flatMap((c) => text(c).match(/^## .*/gm) ?? []);
      assert.deepEqual(headings.slice(-2), ['## Exercises', '## Checks'], `${name}: its last two sections`);
      const checks = cells.findIndex((c) => c.cell_type === 'markdown' && /^## Checks/m.test(text(c)));
      assert.ok(
        cells.slice(checks + 1).every((c) => c.cell_type === 'code'),
        `${name}: only code cells after the Checks heading`,
      );
    });

    it(`${name} is under 1.5 MB and every figure in it carries a static PNG for GitHub`, () => {
      const size = fs.statSync(path.join(dir, name)).size;
      assert.ok(size < 1.5 * 1024 * 1024, `${name} is ${(size / 1024 / 1024).toFixed(2)} MB`);
      const figures = cellsOf(name)
        .flatMap((c) => c.outputs ?? [])
        .filter((o) => o.data && 'application/vnd.plotly.v1+json' in o.data);
      for (const figure of figures) {
        assert.ok(
          typeof figure.data!['image/png'] === 'string' && (figure.data!['image/png'] as string).length > 1000,
          'a figure without image/png',
        );
        assert.match(String(figure.data!['text/html']), /<img src="data:image\/png;base64,/);
      }
    });
  }
});

// Notebook 01 runs the same in both modes (one epoch either way), and regeneration.test.ts
// executes it in full and compares it with the committed notebook; the others run here.
const FULL_ELSEWHERE = new Set(['01-rnn-vs-lstm-setup.ipynb']);

describe('the notebooks executed headlessly in smoke mode', { concurrency: 1 }, () => {
  it('notebook 01 is the same in smoke and full mode, so the regeneration test covers it', () => {
    const source = cellsOf('01-rnn-vs-lstm-setup.ipynb')
      .flatMap((c) => (c as { source?: string | string[] }).source ?? '')
      .join('');
    assert.match(source, /notebookParams\(\{ epochs: 1, smokeEpochs: 1 \}\)/);
    // Any other word "smoke" (params.smoke, a destructured smoke, process.env.SMOKE) would be a branch on the mode.
    assert.doesNotMatch(source, /smoke(?!Epochs)/i, 'notebook 01 reads the mode itself; run it in smoke mode here');
  });

  for (const name of notebooks.filter((n) => !FULL_ELSEWHERE.has(n))) {
    it(`${name} executes and its checks pass`, async () => {
      const result = await runNotebook(path.join(dir, name), { cellTimeout: 300, notebookTimeout: 600, write: false, env: { SMOKE: '1' } });
      assert.ok(result.ok, formatSummary([result]));
    });
  }
});
