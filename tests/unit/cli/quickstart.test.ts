import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { REPOSITORY } from '../../helpers';

it('the README shows bin/quickstart.ts verbatim, and it runs: summary, then models against persistence', () => {
  const code = fs.readFileSync(path.join(REPOSITORY, 'bin', 'quickstart.ts'), 'utf8').replace("'../src/index'", "'./src/index'");
  assert.ok(fs.readFileSync(path.join(REPOSITORY, 'README.md'), 'utf8').includes(code), 'README.md does not contain bin/quickstart.ts');
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bin/quickstart.ts'], {
    cwd: REPOSITORY,
    env: { ...process.env, EPOCHS: '1' },
    encoding: 'utf8',
  });
  assert.match(out, /Total params: 1,065/);
  assert.match(
    out,
    /model\s+RMSE\s+MAE\s+MAPE %\s+direction %\n-+\nlstm\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\npersistence\s+42\.06\s+23\.91\s+0\.86\s+n\/a/,
  );
});
