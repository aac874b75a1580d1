/**
 * Static images of plotly figures (PNG, SVG) through headless Chromium, with plotly.js loaded
 * from node_modules: no network. One browser is started on first use and closed after a few
 * idle seconds. The same code serves the notebooks and the figure export.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import * as url from 'node:url';
import { recordedTools } from '../setupFiles';
import { copyFigureCache, FIGURE_HOST, FIGURE_PAGE, figureCacheFits, figurePageHtml, saveFigureCache } from './figureCache';
import type { Figure } from './Figure';

type Browser = import('puppeteer-core').Browser;
type Page = import('puppeteer-core').Page;

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const IDLE_MS = 15000;
interface Session {
  /** Where the page's plotly.js came from. */
  plotlyFrom: 'figure cache' | 'node_modules';
  browser: Browser;
  page: Page;
  profile: string;
  atExit: () => void;
  /** Resolves when the browser process has exited. */
  exited: Promise<void>;
  kill: () => void;
  /**
   * Whether the browser keeps this process alive: only while it is asked something. An idle
   * browser does not, so that a notebook kernel whose sockets Jupyter has closed ends by itself (and
   * stops the browser on its way out) instead of waiting to be killed with the browser left behind.
   */
  keepAlive: (on: boolean) => void;
}
let session: Promise<Session> | undefined;
let idleTimer: NodeJS.Timeout | undefined;
/** Stops the browser being started, while there is one. */
let stopStarting: (() => void) | undefined;
/** The session warmRenderer started, until its first use. */
let warmed: Promise<Session> | undefined;
/** The last render, which the next one waits for. */
let rendering: Promise<unknown> = Promise.resolve();

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

/** Wait for `promise` to settle, `ms` at most; whether it settled in time (its rejection counts). */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  try {
    return (await Promise.race([promise.then(() => 'settled', () => 'settled'), late])) === 'settled';
  } finally {
    clearTimeout(timer);
  }
}

/** The Chromium findChromium gives, or an error saying how to get one. */
function requireChromium(): string {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('no Chrome or Chromium found (run "npm run setup", or set CHROMIUM=/path/to/chrome)');
  return executablePath;
}

/**
 * The DevTools protocol over Chromium's pipe (--remote-debugging-pipe: it writes on file descriptor 4
 * and reads on 3), as puppeteer's connect() takes it: messages end with a NUL byte.
 */
class PipeTransport {
  onmessage?: (message: string) => void;
  onclose?: () => void;
  private pending: Buffer[] = [];

  constructor(private readonly write: Writable, read: Readable) {
    read.on('data', (chunk: Buffer) => this.receive(chunk));
    read.on('close', () => this.onclose?.());
    read.on('error', () => undefined); // the browser went away: 'close' follows
    write.on('error', () => undefined);
  }

  send(message: string): void {
    this.write.write(`${message}\0`);
  }

  close(): void {
    this.write.end();
  }

  private receive(chunk: Buffer): void {
    let end = chunk.indexOf(0);
    if (end < 0) {
      this.pending.push(chunk);
      return;
    }
    let buffer = Buffer.concat([...this.pending, chunk]);
    this.pending = [];
    end = buffer.indexOf(0);
    while (end >= 0) {
      const message = buffer.toString('utf8', 0, end);
      // Delivered one at a time, as puppeteer's own transport does, after the current task.
      setImmediate(() => this.onmessage?.(message));
      buffer = buffer.subarray(end + 1);
      end = buffer.indexOf(0);
    }
    if (buffer.length) this.pending.push(buffer);
  }
}

interface Started {
  browser: Browser;
  /** The page given on the command line, loaded. */
  page: Page;
  exited: Promise<void>;
  kill: () => void;
  keepAlive: (on: boolean) => void;
}

/**
 * Start Chromium on `profile` with `pageUrl` as its page and connect to it. Everything up to the
 * process's start is synchronous: a job that starts the browser and then trains keeps this process's
 * event loop busy, and a start that waited for it (puppeteer.launch does) would begin only once
 * training is over. The page is given on Chromium's command line, so it loads while this process
 * computes. `onStart` runs once the process exists (to stop it at exit).
 */
async function startBrowser(executablePath: string, profile: string, pageUrl: string, extraArgs: string[], onStart: (child: ChildProcess) => void): Promise<Started> {
  const puppeteer = require('puppeteer-core') as typeof import('puppeteer-core');
  // TMPDIR inside the profile: Chromium's own temporary files (shared memory with
  // --disable-dev-shm-usage) go with the profile instead of piling up in /tmp.
  // Over a pipe, not a port: when this process ends in any way (a notebook kernel killed by
  // Jupyter included), the pipe closes and Chromium exits with it instead of running on alone.
  // Its own process group (as puppeteer starts it): a kernel's interrupt does not reach it.
  const args = [...puppeteer.defaultArgs({ headless: true, userDataDir: profile, args: [...CHROMIUM_FLAGS, ...extraArgs, pageUrl] }), '--remote-debugging-pipe'];
  const started = spawn(executablePath, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: profile } });
  onStart(started);
  const exited = new Promise<void>((resolve) => started.once('exit', () => resolve()));
  let browser: Browser | undefined;
  try {
    let stderr = '';
    started.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    const failed = new Promise<never>((_, reject) => {
      started.once('error', (error) => reject(new Error(`${executablePath} did not start: ${error.message}`)));
      started.once('exit', async (code, signal) => {
        // What it printed last may still be in the pipe when it exits: read to the end first (briefly).
        if (!started.stderr!.readableEnded) await within(new Promise((resolve) => started.stderr!.once('end', resolve)), 500);
        reject(new Error(`${executablePath} exited at start (${signal ?? `exit ${code}`})${stderr.trim() ? `: ${stderr.trim().split('\n').slice(-3).join(' ')}` : ''}`));
      });
    });
    failed.catch(() => undefined);
    // A connection that breaks because the browser exited: the exit says why, once its stderr is read.
    const orExit = <T>(step: Promise<T>) => step.catch(async (error: unknown) => {
      if (await within(failed, 1000)) await failed; // it only rejects: with the exit's report
      throw error;
    });
    const transport = new PipeTransport(started.stdio[3] as Writable, started.stdio[4] as Readable);
    browser = await Promise.race([orExit(puppeteer.connect({ transport })), failed]);
    const opened = browser;
    const page = await Promise.race([orExit((async () => {
      let page = (await opened.pages()).find((p) => p.url() === pageUrl);
      if (!page) {
        page = await opened.newPage();
        await page.goto(pageUrl, { waitUntil: 'load' }).catch(() => undefined); // judged below
      }
      await page.waitForFunction(() => (globalThis as unknown as { document: { readyState: string } }).document.readyState === 'complete');
      return page;
    })()), failed]);
    const handles = [started, ...[2, 3, 4].map((fd) => started.stdio[fd] as unknown as { ref(): void; unref(): void })];
    const keepAlive = (on: boolean) => handles.forEach((handle) => (on ? handle.ref() : handle.unref()));
    return { browser, page, exited, kill: () => killBrowser(started), keepAlive };
  } catch (error) {
    killBrowser(started);
    // Gone (2 s at most) before the caller removes its profile, so that nothing writes there after.
    await within(exited, 2000);
    throw error;
  }
}

/**
 * Close a browser as Browser.close does (it writes its caches out and reaps its helper
 * processes); one that has not exited 5 s later is killed. Whether it closed by itself.
 */
async function closeBrowser(started: Pick<Started, 'browser' | 'exited' | 'kill'>): Promise<boolean> {
  await started.browser.close().catch(() => undefined);
  if (await within(started.exited, 5000)) return true;
  started.kill();
  return false;
}

/**
 * Stop a browser at once, with its helper processes: they share its process group (it leads one of
 * its own), so nothing is left writing into its profile.
 */
function killBrowser(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

const plotlyLoaded = (page: Page) => page.evaluate(() => typeof (globalThis as { Plotly?: unknown }).Plotly === 'object');

async function open(): Promise<Session> {
  const executablePath = requireChromium();
  // A throwaway profile per browser, removed when it closes (or when the process exits first).
  removeStaleProfiles();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), `figure-chromium-${process.pid}-`));
  // plotly.js from node_modules, by a page in the profile (1.1 s here, where sending its 10 MB
  // through the DevTools pipe with page.addScriptTag took 1.9 s); or, where setup made the figure
  // cache for this plotly.js and browser, from that cache, compiled (figureCache.ts).
  const html = path.join(profile, 'figure.html');
  fs.writeFileSync(html, figurePageHtml(url.pathToFileURL(plotlyPath()).href));
  const filePage = url.pathToFileURL(html).href;
  const cached = copyFigureCache(profile, plotlyPath(), executablePath);
  // The cached page's host leads nowhere: what the cache does not hold fails to load.
  const [pageUrl, extraArgs] = cached ? [FIGURE_PAGE, [`--host-resolver-rules=MAP ${FIGURE_HOST} ~NOTFOUND`]] : [filePage, []];
  let chromium: ChildProcess | undefined;
  const atExit = () => {
    // The process ends with the browser still open (a notebook kernel shut down soon after its last
    // figure): stop the browser, remove its profile, and, since its helper processes may still be
    // writing there for a moment, remove it once more from a detached shell a few seconds later.
    if (chromium) killBrowser(chromium);
    removeProfile(profile);
    try {
      spawn('/bin/sh', ['-c', 'sleep 3; rm -rf "$0"', profile], { detached: true, stdio: 'ignore' }).unref();
    } catch {
      // left for the system's temporary-file cleanup
    }
  };
  process.once('exit', atExit);
  let started: Started | undefined;
  try {
    started = await startBrowser(executablePath, profile, pageUrl, extraArgs, (child) => {
      chromium = child;
      stopStarting = () => killBrowser(child);
    });
    // A cache that did not serve the page (cleared, or from another browser build): from node_modules.
    let plotlyFrom: Session['plotlyFrom'] = cached ? 'figure cache' : 'node_modules';
    if (cached && !(await plotlyLoaded(started.page))) {
      plotlyFrom = 'node_modules';
      await started.page.goto(filePage, { waitUntil: 'load' });
    }
    if (!(await plotlyLoaded(started.page))) throw new Error(`plotly.js did not load from ${plotlyPath()}`);
    started.keepAlive(false);
    return { ...started, plotlyFrom, profile, atExit };
  } catch (error) {
    // (A browser that failed to start was stopped and waited for by startBrowser.)
    if (started) {
      started.kill();
      await within(started.exited, 2000);
    }
    process.removeListener('exit', atExit);
    removeProfile(profile);
    throw error;
  } finally {
    stopStarting = undefined;
  }
}

/**
 * Make the figure cache (figureCache.ts) for the installed plotly.js and the browser findChromium
 * gives: a local server gives the page and plotly.js once, a browser on a throwaway profile loads
 * them twice (Chromium stores compiled code on the second load), and the profile's caches
 * are kept in .setup/figure-cache. Returns what it did; `folder` is for tests.
 */
export async function makeFigureCache(folder?: string): Promise<{ made: boolean; bytes: number; seconds: number }> {
  const begin = performance.now();
  const executablePath = requireChromium();
  if (figureCacheFits(plotlyPath(), executablePath, folder)) return { made: false, bytes: 0, seconds: 0 };
  const http = require('node:http') as typeof import('node:http');
  const plotly = fs.readFileSync(plotlyPath());
  const headers = { 'cache-control': 'public, max-age=31536000, immutable' };
  const server = http.createServer((request, response) => {
    if (request.url === '/figure.html') response.writeHead(200, { ...headers, 'content-type': 'text/html' }).end(figurePageHtml('/plotly.js'));
    else if (request.url === '/plotly.js') response.writeHead(200, { ...headers, 'content-type': 'text/javascript' }).end(plotly);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as import('node:net').AddressInfo;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), `figure-chromium-${process.pid}-`));
  try {
    for (let load = 1; load <= 2; load++) {
      const started = await startBrowser(executablePath, profile, FIGURE_PAGE, [`--host-resolver-rules=MAP ${FIGURE_HOST} 127.0.0.1:${port}`], () => undefined);
      let loaded: boolean;
      let closed: boolean;
      try {
        loaded = await plotlyLoaded(started.page);
        // Chromium writes compiled code a little after the script has run.
        if (loaded) await new Promise((resolve) => setTimeout(resolve, 500));
      } finally {
        // Closed, not killed: Chromium writes its caches out as it closes.
        closed = await closeBrowser(started);
      }
      if (!loaded) throw new Error(`plotly.js did not load from the local server (load ${load} of 2)`);
      if (!closed) throw new Error(`the browser did not close within 5 s of loading plotly.js (load ${load} of 2), so its caches may be incomplete; no cache was made`);
    }
    const { bytes } = saveFigureCache(profile, plotlyPath(), executablePath, folder);
    return { made: true, bytes, seconds: (performance.now() - begin) / 1000 };
  } finally {
    server.close();
    server.closeAllConnections(); // the browser's kept-alive connection would hold this process for 5 s
    removeProfile(profile);
  }
}

/** Close the shared browser now (it also closes by itself when idle); its profile folder goes with it. */
export async function closeRenderer(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  const current = session;
  session = undefined;
  if (warmed === current) warmed = undefined;
  if (!current) return;
  // A browser still starting (a job that failed soon after warming it) is stopped, not waited for.
  stopStarting?.();
  const opened = await current.catch(() => undefined); // a browser that failed to start cleaned up after itself
  if (!opened) return;
  // Closed, not killed: a killed browser's helper processes are left for the system to reap.
  opened.keepAlive(true);
  await closeBrowser(opened);
  forget(opened);
}

/** A browser that has exited (or was killed) needs no exit handler, nor its profile. */
function forget(opened: Session): void {
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
  warmed = session;
  session.catch(() => undefined); // handled when a render awaits it
}

/** Re-arm the timer that closes an idle browser. */
function armIdleTimer(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => void closeRenderer(), IDLE_MS);
  idleTimer.unref();
}

/**
 * The shared browser, started if need be. A browser started ahead of its use (warmRenderer) whose
 * start failed is started once more: a job that computes for minutes keeps the event loop from
 * reading the browser's answers, and the connection's 180 s protocol timeout then fires first.
 */
async function sharedBrowser(): Promise<Session> {
  if (idleTimer) clearTimeout(idleTimer);
  for (let attempt = 1; ; attempt++) {
    session ??= open();
    const current = session;
    try {
      return await current;
    } catch (error) {
      if (session === current) session = undefined;
      if (current !== warmed || attempt > 1) throw error;
    } finally {
      if (warmed === current) warmed = undefined;
    }
  }
}

/** Stop a browser that went away or broke, and remove its profile. */
async function discard(opened: Session): Promise<void> {
  opened.kill();
  await within(opened.exited, 2000);
  forget(opened);
}

/** Forget `opened` as the shared browser, if it still is, and discard it. */
async function dropSession(opened: Session): Promise<void> {
  if (session && (await session.catch(() => undefined)) === opened) session = undefined;
  await discard(opened);
}

/**
 * Where the shared browser's plotly.js comes from: the figure cache `npm run setup` made
 * (figureCache.ts), or node_modules. Starts the browser if it is not running.
 */
export async function plotlySource(): Promise<Session['plotlyFrom']> {
  try {
    return (await sharedBrowser()).plotlyFrom;
  } finally {
    armIdleTimer();
  }
}

/** Render `figure` as a PNG (bytes) or an SVG (text). */
export async function renderStatic(figure: Figure, format: 'png' | 'svg'): Promise<Buffer | string> {
  const [image] = await render(figure, [format]);
  return format === 'png' ? pngOf(image) : svgOf(image);
}

/** Render `figure` as a PNG and an SVG, drawing it once (what renderStatic twice gives, sooner). */
export async function renderImages(figure: Figure): Promise<{ png: Buffer; svg: string }> {
  const [png, svg] = await render(figure, ['png', 'svg']);
  return { png: pngOf(png), svg: svgOf(svg) };
}

/** The data URLs of `figure` in each of `formats`. Renders run one at a time: they share the page's one plot. */
function render(figure: Figure, formats: Array<'png' | 'svg'>): Promise<string[]> {
  const run = rendering.then(() => renderNow(figure, formats));
  rendering = run.catch(() => undefined);
  return run;
}

async function renderNow(figure: Figure, formats: Array<'png' | 'svg'>): Promise<string[]> {
  let opened = await sharedBrowser();
  if (!opened.browser.connected) {
    // It went away while idle (killed, crashed): a new one.
    await dropSession(opened);
    opened = await sharedBrowser();
  }
  opened.keepAlive(true);
  try {
    return (await opened.page.evaluate(
      async (data, layout, width, height, formats) => {
        // This function runs in the page, where Plotly and document are globals. Each image is
        // drawn by plotly from the plot's data and layout, so one plot serves every format.
        const page = globalThis as unknown as { Plotly: any; document: { getElementById(id: string): unknown } };
        const plotly = page.Plotly;
        const div = page.document.getElementById('figure');
        await plotly.newPlot(div, data, layout, { staticPlot: true });
        const images: string[] = [];
        for (const format of formats) images.push(await plotly.toImage(div, { format, width, height }));
        plotly.purge(div);
        return images;
      },
      // Fixed trace uids (plotly draws random ones), so that the same figure gives the same SVG.
      figure.data.map((trace, i) => ({ uid: `trace${i}`, ...trace })), figure.layout, figure.width, figure.height, formats,
    )) as string[];
  } catch (error) {
    // A browser that went away (its renderer crashed, it was killed) is dropped: the next figure starts a new one.
    if (!opened.browser.connected) await dropSession(opened);
    throw error;
  } finally {
    opened.keepAlive(false);
    armIdleTimer();
  }
}

const pngOf = (dataUrl: string): Buffer => Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');

function svgOf(dataUrl: string): string {
  // SVG comes URL-encoded: data:image/svg+xml,<encoded>. Plotly names its clip paths after a random
  // id (defs-ff8145, clipff8145xy, ...); a fixed one keeps regenerated files identical.
  const svg = decodeURIComponent(dataUrl.slice(dataUrl.indexOf(',') + 1));
  const uid = /<defs id="defs-([0-9a-f]+)"/.exec(svg)?.[1];
  return uid ? svg.split(uid).join('000000') : svg;
}
