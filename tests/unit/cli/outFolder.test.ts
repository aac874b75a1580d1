import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { checkOutFolder, makeParents, writeFolder } from '../../../src/cli/outFolder';
import { OptionError, OutputError } from '../../../src/errors';
import { temporaryFolder } from '../../helpers';

const optionError = (pattern: RegExp) => (error: Error) => error instanceof OptionError && pattern.test(error.message);
/** /proc refuses new folders even to root (mkdir answers ENOENT), where permission bits would let root write. */
const refusing = fs.existsSync('/proc/self') ? '/proc' : undefined;

describe('checkOutFolder', () => {
  it('takes a new folder, also below folders that do not exist yet, and leaves nothing behind', () => {
    const root = temporaryFolder();
    checkOutFolder(path.join(root, 'out'), false);
    checkOutFolder(path.join(root, 'a', 'b', 'out'), false);
    assert.deepEqual(fs.readdirSync(root), []);
  });

  it('replaces an existing folder only with force', () => {
    const root = temporaryFolder();
    fs.mkdirSync(path.join(root, 'out'));
    assert.throws(() => checkOutFolder(path.join(root, 'out'), false), optionError(/already exists; .* --force/));
    checkOutFolder(path.join(root, 'out'), true);
  });

  it('refuses a file, and a folder below a file, naming the file', () => {
    const root = temporaryFolder();
    const file = path.join(root, 'notes.txt');
    fs.writeFileSync(file, 'x');
    assert.throws(() => checkOutFolder(file, true), optionError(/notes\.txt is a file; give a folder/));
    assert.throws(
      () => checkOutFolder(path.join(file, 'out'), false),
      optionError(new RegExp(`${file.replace(/\./g, '\\.')} is a file, not a folder`)),
    );
  });

  it('refuses a folder where the file system refuses new folders, with the reason', { skip: !refusing }, () => {
    assert.throws(() => checkOutFolder(`${refusing}/forecast-out`, false), optionError(/cannot create a folder in \/proc: .*\(ENOENT\)/));
  });
});

describe('writeFolder', () => {
  it('writes into a temporary folder and puts it in place, making missing parents', async () => {
    const root = temporaryFolder();
    const out = path.join(root, 'a', 'out');
    await writeFolder(out, async (dir) => fs.writeFileSync(path.join(dir, 'run.json'), '{}'));
    assert.deepEqual(fs.readdirSync(out), ['run.json']);
    assert.deepEqual(fs.readdirSync(path.join(root, 'a')), ['out']);
  });

  it('a write that fails names the path and the reason, leaves the earlier folder as it was and no temporary folder', async () => {
    const root = temporaryFolder();
    const out = path.join(root, 'out');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'old.txt'), 'kept');
    await assert.rejects(
      writeFolder(out, async (dir) => {
        fs.writeFileSync(path.join(dir, 'half.csv'), 'a');
        fs.writeFileSync(path.join(dir, 'no-such-folder', 'figure.png'), 'b');
      }),
      (error: Error) =>
        error instanceof OutputError &&
        /cannot write .*no-such-folder\/figure\.png: .*\(ENOENT\); --out .* is as it was/.test(error.message),
    );
    assert.deepEqual(fs.readdirSync(root), ['out']);
    assert.deepEqual(fs.readdirSync(out), ['old.txt']);
  });

  it('passes any other error on unchanged, and still removes the temporary folder', async () => {
    const root = temporaryFolder();
    const bug = new RangeError('a bug');
    await assert.rejects(
      writeFolder(path.join(root, 'out'), async () => Promise.reject(bug)),
      (error) => error === bug,
    );
    assert.deepEqual(fs.readdirSync(root), []);
  });

  it('makeParents reports a folder the file system refuses, without looping', { skip: !refusing }, () => {
    assert.throws(
      () => makeParents(`${refusing}/forecast-a/forecast-b/out`),
      (error: Error) => error instanceof OutputError && /cannot create the folder \/proc\/forecast-a: .*ENOENT/.test(error.message),
    );
  });
});
