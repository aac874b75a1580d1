/**
 * Static images of plotly figures (PNG, SVG) through headless Chromium, with plotly.js loaded
 * from node_modules: no network. One browser is started on first use and closed after a few
 * idle seconds. The same code serves the notebooks and the figure export.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as url from 'node:url';
import { recordedTools } from '../setupFiles';
import type { Figure } from './Figure';

type Browser = import('puppeteer-core').Browser;
type Page = import('puppeteer-core').Page;

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const IDLE_MS = 15000;
let session: Promise<{ browser: Browser; page: Page; profile: string; atExit: () => void }> | undefined;
let idleTimer: NodeJS.Timeout | undefined;

/** plotly.js as installed in node_modules. */
export function plotlyPath(): string {
  return require.resolve('plotly.js-dist/plotly.js');
}

/** The Chromium to use: $CHROMIUM, the one `npm run setup` recorded, or a usual install path; undefined if none. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM, recordedTools()?.chromium];
  candidates.push('/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable');
  return candidates.find((candidate): candidate is string => !!candidate && fs.existsSync(candidate));
}

/**
 * Removes a browser profile folder, best effort: run after the browser has exited, and at process
 * exit for a browser that was never closed (it may still be writing then; what is left is only a
 * temporary folder, never worth an error).
 */
function removeProfile(profile: string): void {
  try {
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
  } catch {
    // left for the system's temporary-file cleanup
  }
}

/**
 * Profiles left by processes that were killed before they could remove theirs (a signal runs no
 * exit handler): each folder is named for its process, and is removed once that process is gone.
 */
function removeStaleProfiles(): void {
  let names: string[] = [];
  try {
    names = fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('figure-chromium-'));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^figure-chromium-(\d+)-/.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') removeProfile(path.join(os.tmpdir(), name));
    }
  }
}

async function open(): Promise<{ browser: Browser; page: Page; profile: string; atExit: () => void }> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('no Chrome or Chromium found (run "npm run setup", or set CHROMIUM=/path/to/chrome)');
  const puppeteer = await import('puppeteer-core');
  // A throwaway profile per browser, removed when it closes (or when the process exits first).
  removeStaleProfiles();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), `figure-chromium-${process.pid}-`));
  let browser: Browser | undefined;
  const atExit = () => {
    // The process ends with the browser still open (a notebook kernel shut down soon after its last
    // figure): stop the browser, remove its profile, and, since its helper processes may still be
    // writing there for a moment, remove it once more from a detached shell a few seconds later.
    browser?.process()?.kill('SIGKILL');
    removeProfile(profile);
    try {
      spawn('/bin/sh', ['-c', 'sleep 3; rm -rf "$0"', profile], { detached: true, stdio: 'ignore' }).unref();
    } catch {
      // left for the system's temporary-file cleanup
    }
  };
  process.once('exit', atExit);
  try {
    // TMPDIR inside the profile: Chromium's own temporary files (shared memory with
    // --disable-dev-shm-usage) go with the profile instead of piling up in /tmp.
    // Over a pipe, not a port: when this process ends in any way (a notebook kernel killed by
    // Jupyter included), the pipe closes and Chromium exits with it instead of running on alone.
    browser = await puppeteer.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true, pipe: true, userDataDir: profile, env: { ...process.env, TMPDIR: profile } });
    const page = await browser.newPage();
    // plotly.js loaded by the page from node_modules: 1.1 s here, where sending its 4.8 MB through
    // the DevTools pipe (page.addScriptTag) took 1.9 s.
    const html = path.join(profile, 'figure.html');
    fs.writeFileSync(html, `<!doctype html><html><body><div id="figure"></div><script src="${url.pathToFileURL(plotlyPath()).href}"></script></body></html>`);
    await page.goto(url.pathToFileURL(html).href, { waitUntil: 'load' });
    if (!(await page.evaluate(() => typeof (globalThis as { Plotly?: unknown }).Plotly === 'object'))) throw new Error(`plotly.js did not load from ${plotlyPath()}`);
    return { browser, page, profile, atExit };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    process.removeListener('exit', atExit);
    removeProfile(profile);
    throw error;
  }
}

/** Close the shared browser now (it also closes by itself when idle); its profile folder goes with it. */
export async function closeRenderer(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  const current = session;
  session = undefined;
  if (!current) return;
  const opened = await current.catch(() => undefined); // a browser that failed to start cleaned up after itself
  if (!opened) return;
  await opened.browser.close().catch(() => undefined); // resolves once the browser process has exited
  process.removeListener('exit', opened.atExit);
  removeProfile(opened.profile);
}

/**
 * Start the shared browser now, without waiting for it, so that it is ready when the first figure
 * is rendered (a job can start it before a long computation). A browser that fails to start is
 * reported by the next renderStatic, as if it had started it.
 */
export function warmRenderer(): void {
  if (session) return;
  session = open();
  session.catch(() => undefined); // handled when renderStatic awaits it
}

/** Render `figure` as a PNG (bytes) or an SVG (text). */
export async function renderStatic(figure: Figure, format: 'png' | 'svg'): Promise<Buffer | string> {
  if (idleTimer) clearTimeout(idleTimer);
  session ??= open();
  let page: Page;
  try {
    ({ page } = await session);
  } catch (error) {
    session = undefined;
    throw error;
  }
  const url = (await page.evaluate(
    async (data, layout, width, height, format) => {
      // This function runs in the page, where Plotly and document are globals.
      const page = globalThis as unknown as { Plotly: any; document: { getElementById(id: string): unknown } };
      const plotly = page.Plotly;
      const div = page.document.getElementById('figure');
      await plotly.newPlot(div, data, layout, { staticPlot: true });
      const image = await plotly.toImage(div, { format, width, height });
      plotly.purge(div);
      return image;
    },
    // Fixed trace uids (plotly draws random ones), so that the same figure gives the same SVG.
    figure.data.map((trace, i) => ({ uid: `trace${i}`, ...trace })), figure.layout, figure.width, figure.height, format,
  )) as string;
  idleTimer = setTimeout(() => void closeRenderer(), IDLE_MS);
  idleTimer.unref();
  if (format === 'png') return Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
  // SVG comes URL-encoded: data:image/svg+xml,<encoded>. Plotly names its clip paths after a random
  // id (defs-ff8145, clipff8145xy, ...); a fixed one keeps regenerated files identical.
  const svg = decodeURIComponent(url.slice(url.indexOf(',') + 1));
  const uid = /<defs id="defs-([0-9a-f]+)"/.exec(svg)?.[1];
  return uid ? svg.split(uid).join('000000') : svg;
}
