/**
 * The output folder, checked before any work and made only at the end: a run that cannot write its
 * results says so before it loads the data, not after it has trained.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OptionError, OutputError } from '../errors';
import { replaceFolder } from './atomic';

/** The nearest folder that exists on the way to `target` (itself included). */
function nearestExisting(target: string): string {
  let at = target;
  while (!fs.existsSync(at)) {
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  return at;
}

/** What went wrong with a file-system call, in words: "permission denied (EACCES)". */
export function reasonOf(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOENT: 'the file system refuses to create it there',
    ENOTDIR: 'a part of the path is a file, not a folder',
    ENOSPC: 'no space left on the device',
    EROFS: 'the file system is read-only',
    EEXIST: 'it already exists',
  };
  return code && words[code] ? `${words[code]} (${code})` : message;
}

/**
 * Check that `out` can become the output folder: if it exists, a folder that `force` lets us replace;
 * else the nearest folder above it that exists is a folder where a new folder can be made (tried
 * once, with a probe folder removed at once: permission bits alone do not tell, as root or on /proc).
 */
export function checkOutFolder(out: string, force: boolean, flag = '--out'): void {
  const target = path.resolve(out);
  if (fs.existsSync(target)) {
    if (!fs.statSync(target).isDirectory()) throw new OptionError(`${flag} ${out} is a file; give a folder for the outputs`);
    if (!force) throw new OptionError(`${flag} ${out} already exists; choose another folder or add --force to replace it`);
  }
  const parent = nearestExisting(path.dirname(target));
  if (!fs.statSync(parent).isDirectory()) throw new OptionError(`${flag} ${out}: ${parent} is a file, not a folder`);
  let probe: string | undefined;
  try {
    probe = fs.mkdtempSync(path.join(parent, '.forecast-probe-'));
  } catch (error) {
    throw new OptionError(`${flag} ${out}: cannot create a folder in ${parent}: ${reasonOf(error)}`);
  } finally {
    if (probe) fs.rmdirSync(probe);
  }
}

/**
 * Make the folders above `target` that do not exist yet, one at a time (a recursive mkdir can loop
 * on file systems that refuse new folders), reporting a failure as an OutputError naming the path.
 */
export function makeParents(target: string): void {
  const missing: string[] = [];
  for (let at = path.dirname(path.resolve(target)); !fs.existsSync(at); at = path.dirname(at)) missing.unshift(at);
  for (const folder of missing) {
    try {
      fs.mkdirSync(folder);
    } catch (error) {
      throw new OutputError(`cannot create the folder ${folder}: ${reasonOf(error)}`);
    }
  }
}

/**
 * Write the outputs into a temporary folder beside `out` with `write`, then put it in the place of
 * `out` (atomically: a failed run leaves what was there, and no temporary folder). A file-system
 * error becomes an OutputError naming the path and the reason; any other error passes unchanged.
 */
export async function writeFolder(out: string, write: (dir: string) => Promise<void>): Promise<void> {
  const target = path.resolve(out);
  const staging = `${target}.tmp-${process.pid}`;
  makeParents(staging);
  try {
    fs.mkdirSync(staging);
  } catch (error) {
    throw new OutputError(`cannot create ${staging} for the outputs: ${reasonOf(error)}`);
  }
  try {
    await write(staging);
    replaceFolder(staging, target);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    const { code, path: where } = error as NodeJS.ErrnoException;
    if (code) throw new OutputError(`cannot write ${where ?? target}: ${reasonOf(error)}; --out ${out} is as it was`);
    throw error;
  }
}
