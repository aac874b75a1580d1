/** What the benchmarks share: the Python that runs the PyTorch references, and reading a run's JSON line. */
import { spawnSync } from 'node:child_process';

/** Debian's python3, where python3-torch and python3-pandas install (not the pyenv python3 first on PATH). */
export const PYTHON = '/usr/bin/python3';

/** PyTorch's version where PYTHON has torch and pandas, else undefined. */
export function torchVersion(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import torch, pandas; print(torch.__version__)'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}

/** The last line of a run's output, which the benchmark runs print as JSON. */
export function lastJson<T>(text: string): T {
  return JSON.parse(text.trim().split('\n').pop()!) as T;
}
