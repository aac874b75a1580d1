import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { staleBuild } from '../../../src/notebook/libraryBuild';
import { REPOSITORY, temporaryFolder } from '../../helpers';

it('staleBuild says when build/ was never compiled, is current, or is older than a source file (named)', () => {
  const repo = temporaryFolder();
  const where = { src: path.join(repo, 'src'), stamp: path.join(repo, 'build', '.built') };
  fs.mkdirSync(path.join(where.src, 'models'), { recursive: true });
  fs.writeFileSync(path.join(where.src, 'index.ts'), 'export {};\n');
  fs.writeFileSync(path.join(where.src, 'models', 'Cell.ts'), 'export {};\n');
  fs.writeFileSync(path.join(where.src, 'notes.md'), 'not TypeScript\n');
  assert.equal(staleBuild(where), 'build/ has not been compiled');

  fs.mkdirSync(path.dirname(where.stamp));
  fs.writeFileSync(where.stamp, '');
  const now = Date.now() / 1000;
  for (const file of ['index.ts', 'models/Cell.ts', 'notes.md']) fs.utimesSync(path.join(where.src, file), now - 60, now - 60);
  assert.equal(staleBuild(where), undefined);

  fs.utimesSync(path.join(where.src, 'notes.md'), now + 60, now + 60);
  assert.equal(staleBuild(where), undefined, 'only .ts files count');
  fs.utimesSync(path.join(where.src, 'models', 'Cell.ts'), now + 60, now + 60);
  assert.equal(staleBuild(where), 'src/models/Cell.ts changed after build/ was compiled');
});

it('the compiled library refuses to run a notebook when src/ is newer than build/, naming the file, and runs when current', () => {
  // A copy of the repository's layout: build/ compiled from src/, then one source file edited.
  const repo = temporaryFolder();
  for (const dir of ['src', 'build']) fs.cpSync(path.join(REPOSITORY, dir), path.join(repo, dir), { recursive: true });
  fs.symlinkSync(path.join(REPOSITORY, 'node_modules'), path.join(repo, 'node_modules'));
  const run = () =>
    execFileSync(
      process.execPath,
      ['-e', "require('./build/notebook/notebookParams').notebookParams({ epochs: 1, smokeEpochs: 1 }); console.log('ran')"],
      { cwd: repo, encoding: 'utf8', stdio: 'pipe' },
    );
  const stamp = path.join(repo, 'build', '.built');
  const now = Date.now() / 1000;
  fs.utimesSync(stamp, now, now);
  const edited = path.join(repo, 'src', 'median.ts');
  fs.utimesSync(edited, now - 60, now - 60);
  assert.equal(run().trim(), 'ran');
  fs.utimesSync(edited, now + 60, now + 60);
  assert.throws(run, (error: { stderr: string }) =>
    /the notebooks import the compiled library, but src\/median\.ts changed after build\/ was compiled: run "npm run build"/.test(
      error.stderr,
    ),
  );
});
