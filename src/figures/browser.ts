/**
 * Headless Chromium, started one way for everything that needs a browser: the static figures, the
 * browser check and the Jupyter check. puppeteer-core starts it over a pipe (not a port), so that
 * when this process ends in any way the pipe closes and Chromium exits with it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { SetupError } from '../errors';
import { recordedTools } from '../setupFiles';

export type Browser = import('puppeteer-core').Browser;

/** The flags every browser gets: no sandbox (CI runs as root), no GPU, nothing that phones home. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The Chromium to use: $CHROMIUM, the one `npm run setup` recorded, or a usual install path; undefined if none. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM, recordedTools()?.chromium];
  candidates.push('/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable');
  return candidates.find((candidate): candidate is string => !!candidate && fs.existsSync(candidate));
}

export interface LaunchOptions {
  /** The browser's profile folder (it is also its TMPDIR unless `tmpdir` is given). */
  profile: string;
  /** Chromium's own temporary files (shared memory with --disable-dev-shm-usage) go here. */
  tmpdir?: string;
  /** Flags beyond CHROMIUM_FLAGS. */
  args?: string[];
  /** Aborting stops a browser that is still starting. */
  signal?: AbortSignal;
}

/**
 * Start headless Chromium (findChromium's). A browser that does not start is reported with what it
 * printed, found by running it once more on its own: puppeteer reports only that the pipe closed.
 */
export async function launchBrowser(options: LaunchOptions): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new SetupError('no Chrome or Chromium found (run "npm run setup", or set CHROMIUM=/path/to/chrome)');
  try {
    fs.accessSync(executablePath, fs.constants.X_OK);
  } catch (error) {
    throw new SetupError(`${executablePath} did not start: it cannot be run (${(error as NodeJS.ErrnoException).code})`);
  }
  const puppeteer = require('puppeteer-core') as typeof import('puppeteer-core');
  const env = { ...process.env, TMPDIR: options.tmpdir ?? options.profile };
  try {
    return await puppeteer.launch({
      executablePath,
      headless: true,
      pipe: true,
      userDataDir: options.profile,
      env,
      args: [...CHROMIUM_FLAGS, ...(options.args ?? [])],
      // A notebook kernel is interrupted with SIGINT: that must not end it. The browser leads a
      // process group of its own, so the interrupt does not reach it either.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      // No launch timeout: a job that trains while the browser starts answers it only between epochs.
      timeout: 0,
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new SetupError(
      `${executablePath} did not start: ${whyNotStarted(executablePath, options.profile, env) ?? (error as Error).message}`,
    );
  }
}

/** Run the browser once more on `profile`, 10 s at most: how it exited and the last lines it printed. */
function whyNotStarted(executablePath: string, profile: string, env: NodeJS.ProcessEnv): string | undefined {
  const run = spawnSync(executablePath, ['--headless', ...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, '--dump-dom', 'about:blank'], {
    encoding: 'utf8',
    timeout: 10_000,
    env,
  });
  if (run.error && (run.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') return run.error.message;
  if (run.status === 0) return undefined;
  const printed = (run.stderr ?? '').trim().split('\n').slice(-3).join(' ');
  return `exited at start (${run.signal ?? `exit ${run.status}`})${printed ? `: ${printed}` : ''}`;
}

/**
 * Whether the browser keeps this process alive. Only while it is asked something: an idle browser
 * does not, so that a notebook kernel whose sockets Jupyter has closed ends by itself (and stops the
 * browser on its way out) instead of waiting to be killed with the browser left behind.
 */
export function keepAlive(browser: Browser, on: boolean): void {
  const child = browser.process();
  if (!child) return;
  // The process and its pipes (sockets, which have ref and unref; an unused stdio slot is null).
  const handles = [child, ...child.stdio] as Array<Partial<{ ref(): void; unref(): void }> | null>;
  for (const handle of handles) {
    if (on) handle?.ref?.();
    else handle?.unref?.();
  }
}
