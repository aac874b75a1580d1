/** The external tools found by scripts/setup.sh, and how scripts run Jupyter with them. */
import * as path from 'node:path';
import { SetupError } from '../src/errors';
import { recordedTools, setupFiles, type Tools } from '../src/setupFiles';

export type { Tools };

/** The tools setup recorded, or an error that says how to record them. */
export function readTools(): Tools {
  const tools = recordedTools();
  if (!tools)
    throw new SetupError(
      `${path.relative(process.cwd(), setupFiles.tools)} is missing: run "npm run setup" first (it finds or installs Jupyter and Chromium)`,
    );
  return tools;
}

/** The environment for running Jupyter with the project's kernelspec, leaving the user's Jupyter alone. */
export function jupyterEnv(tools: Tools, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const jupyterPath = [tools.jupyterPath, process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter);
  return { ...process.env, JUPYTER_PATH: jupyterPath, ...extra };
}
