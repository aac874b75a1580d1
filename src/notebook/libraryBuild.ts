/**
 * The notebooks import the library compiled: `npm run build` turns src/ into JavaScript and type
 * declarations in build/, so that tslab, which type-checks and compiles every TypeScript file a cell
 * imports, reads declarations only, which starts a notebook seconds sooner than compiling ./src/index. This module tells whether build/ is older
 * than src/, so that no notebook runs stale code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OptionError } from '../errors';
import { REPOSITORY } from '../repository';

export const libraryBuild = {
  src: path.join(REPOSITORY, 'src'),
  dir: path.join(REPOSITORY, 'build'),
  /** Touched by `npm run build` after every successful compilation. */
  stamp: path.join(REPOSITORY, 'build', '.built'),
} as const;

/** The newest .ts file in a folder tree, by modification time. */
function newestSource(dir: string): { file: string; mtimeMs: number } | undefined {
  let newest: { file: string; mtimeMs: number } | undefined;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    const candidate = entry.isDirectory()
      ? newestSource(file)
      : entry.name.endsWith('.ts')
        ? { file, mtimeMs: fs.statSync(file).mtimeMs }
        : undefined;
    if (candidate && (!newest || candidate.mtimeMs > newest.mtimeMs)) newest = candidate;
  }
  return newest;
}

/** Why build/ does not match src/ (never built, or a source file changed since), or undefined when it does. */
export function staleBuild(where: { src: string; stamp: string } = libraryBuild): string | undefined {
  if (!fs.existsSync(where.stamp)) return 'build/ has not been compiled';
  const built = fs.statSync(where.stamp).mtimeMs;
  const newest = newestSource(where.src);
  if (newest && newest.mtimeMs > built) return `${path.relative(path.dirname(where.src), newest.file)} changed after build/ was compiled`;
  return undefined;
}

/**
 * Throws when this code runs from build/ and build/ is older than src/: a notebook would otherwise
 * run yesterday's library. (Running from src/, as the CLI and tests do, there is nothing to check.)
 */
export function assertBuildCurrent(): void {
  if (path.resolve(__dirname, '..') !== libraryBuild.dir) return;
  const problem = staleBuild();
  if (problem)
    throw new OptionError(
      `the notebooks import the compiled library, but ${problem}: run "npm run build" (npm start and npm run notebook build it themselves), then run this cell again`,
    );
}
