/**
 * Where `npm run setup` (scripts/setup.sh) leaves what it found and built, in the repository's
 * .setup/ folder: the only module that knows these paths.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPOSITORY } from './repository';

const SETUP_DIR = path.join(REPOSITORY, '.setup');

export const setupFiles = {
  dir: SETUP_DIR,
  /** What setup found: Jupyter, Chromium, the kernelspec folder, the native kernel. */
  tools: path.join(SETUP_DIR, 'tools.json'),
  /** The native training kernel scripts/buildNative.sh compiles. */
  nativeKernel: path.join(SETUP_DIR, 'native', 'recurrent.node'),
} as const;

/** The tools `npm run setup` recorded. */
export interface Tools {
  jupyter: string;
  chromium: string;
  /** Folder holding kernels/tslab/kernel.json; prepended to JUPYTER_PATH. */
  jupyterPath: string;
  /** The native training kernel, or null where it could not be built. */
  native: string | null;
}

/** The recorded tools, or undefined before `npm run setup` has run. */
export function recordedTools(): Tools | undefined {
  if (!fs.existsSync(setupFiles.tools)) return undefined;
  return JSON.parse(fs.readFileSync(setupFiles.tools, 'utf8')) as Tools;
}
