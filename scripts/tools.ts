/** The external tools found by scripts/setup.sh (recorded in .setup/tools.json). */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..');

export interface Tools {
  jupyter: string;
  chromium: string;
  /** Folder holding kernels/tslab/kernel.json; prepended to JUPYTER_PATH. */
  jupyterPath: string;
  /** The native training kernel scripts/buildNative.sh built, or null where it could not. */
  native: string | null;
}

/** Read .setup/tools.json, or explain how to create it. */
export function readTools(): Tools {
  const file = path.join(REPO, '.setup', 'tools.json');
  if (!fs.existsSync(file)) {
    throw new Error(`${path.relative(process.cwd(), file)} is missing: run "npm run setup" first (it finds or installs Jupyter and Chromium)`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Tools;
}

/** The environment for running Jupyter with the project's kernelspec, leaving the user's Jupyter alone. */
export function jupyterEnv(tools: Tools, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const jupyterPath = [tools.jupyterPath, process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter);
  return { ...process.env, JUPYTER_PATH: jupyterPath, ...extra };
}
