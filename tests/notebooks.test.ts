import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { formatSummary, runNotebook } from '../scripts/runNotebooks';

// Every tutorial notebook, executed headlessly in smoke mode; its own assertion cells do the checking.
const dir = path.join(__dirname, '..', 'notebooks');
const notebooks = fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort();

it('the tutorial has notebooks to run', () => {
  assert.ok(notebooks.length > 0, `no .ipynb files in ${dir}`);
});

for (const name of notebooks) {
  it(`${name} executes headlessly and its checks pass`, async () => {
    const result = await runNotebook(path.join(dir, name), { cellTimeout: 300, notebookTimeout: 600, write: false, env: { SMOKE: '1' } });
    assert.ok(result.ok, formatSummary([result]));
  });
}
