/**
 * Static images of plotly figures (PNG, SVG) through headless Chromium (browser.ts), with plotly.js
 * loaded from node_modules: no network. One browser is started on first use and closed after a few
 * idle seconds. The same code serves the notebooks, the command line and the figure export.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as url from 'node:url';
import { keepAlive, launchBrowser, type Browser } from './browser';
import type { Figure } from './Figure';

type Page = import('puppeteer-core').Page;
type Format = 'png' | 'svg';

/** An idle browser is closed after this long. */
const IDLE_MS = 15000;
/** Throwaway profiles are named for their process: `${PROFILE_PREFIX}${pid}-`. */
const PROFILE_PREFIX = 'figure-chromium-';

/** plotly.js as installed in node_modules. */
export function plotlyPath(): string {
  return require.resolve('plotly.js-dist/plotly.js');
}

/** A started browser with the figure page loaded, and what is needed to clean up after it. */
interface Session {
  browser: Browser;
  page: Page;
  profile: string;
  /** Stops the browser and removes its profile if this process exits with it still open. */
  atExit: () => void;
}

/** Removes a folder, best effort: what is left is only a temporary folder, never worth an error. */
function removeFolder(folder: string): void {
  try {
    fs.rmSync(folder, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
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
    names = fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(PROFILE_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name.slice(PROFILE_PREFIX.length).split('-')[0]);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') removeFolder(path.join(os.tmpdir(), name));
    }
  }
}

/** Close a browser, killing it if it has not closed 5 s later; its profile goes with it. */
async function closeSession(session: Pick<Session, 'browser' | 'profile' | 'atExit'>): Promise<void> {
  keepAlive(session.browser, true);
  const child = session.browser.process();
  const closed = session.browser.close().then(
    () => true,
    () => false,
  );
  const late = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000).unref());
  if (!(await Promise.race([closed, late]))) child?.kill('SIGKILL');
  process.removeListener('exit', session.atExit);
  removeFolder(session.profile);
}

const plotlyLoaded = (page: Page) => page.evaluate(() => typeof (globalThis as { Plotly?: unknown }).Plotly === 'object');

/** Start a browser on a throwaway profile and load the figure page (an empty div and plotly.js). */
async function openSession(signal: AbortSignal): Promise<Session> {
  removeStaleProfiles();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
  let browser: Browser | undefined;
  const atExit = () => {
    // The process ends with the browser still open (a notebook kernel shut down soon after its last
    // figure): puppeteer kills the browser; its profile is removed now and, since its helper
    // processes may still be writing there for a moment, once more from a detached shell shortly after.
    removeFolder(profile);
    try {
      spawn('/bin/sh', ['-c', 'sleep 3; rm -rf "$0"', profile], { detached: true, stdio: 'ignore' }).unref();
    } catch {
      // left for the system's temporary-file cleanup
    }
  };
  process.once('exit', atExit);
  try {
    browser = await launchBrowser({ profile, signal });
    // plotly.js from node_modules, by a page in the profile: quicker than sending its 10 MB through the pipe.
    const html = path.join(profile, 'figure.html');
    fs.writeFileSync(
      html,
      `<!doctype html><html><body><div id="figure"></div><script src="${url.pathToFileURL(plotlyPath()).href}"></script></body></html>`,
    );
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    await page.goto(url.pathToFileURL(html).href, { waitUntil: 'load' });
    if (!(await plotlyLoaded(page))) throw new Error(`plotly.js did not load from ${plotlyPath()}`);
    keepAlive(browser, false);
    return { browser, page, profile, atExit };
  } catch (error) {
    if (browser) await closeSession({ browser, profile, atExit });
    process.removeListener('exit', atExit);
    removeFolder(profile);
    throw error;
  }
}

/**
 * One browser drawing static images, started on first use (or ahead of it, by warm()), closed when
 * idle. Renders run one at a time: they share the page's one plot.
 */
export class StaticRenderer {
  private session?: Promise<Session>;
  /** Stops the browser being started, while there is one. */
  private starting?: AbortController;
  /** The session warm() started, until its first use. */
  private warmed?: Promise<Session>;
  private idleTimer?: NodeJS.Timeout;
  /** The last render, which the next one waits for. */
  private rendering: Promise<unknown> = Promise.resolve();

  /**
   * Start the browser now, without waiting for it, so that it is ready when the first figure is
   * rendered (a job starts it before training). A browser that fails to start is reported by the
   * next render, as if it had started it.
   */
  warm(): void {
    if (this.session) return;
    this.session = this.open();
    this.warmed = this.session;
    this.session.catch(() => undefined); // handled when a render awaits it
  }

  /** Close the browser now (it also closes by itself when idle). */
  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const current = this.session;
    this.session = undefined;
    if (this.warmed === current) this.warmed = undefined;
    if (!current) return;
    // A browser still starting (a job that failed soon after warming it) is stopped, not waited for.
    this.starting?.abort();
    const opened = await current.catch(() => undefined); // a browser that failed to start cleaned up after itself
    if (opened) await closeSession(opened);
  }

  /** The data URLs of `figure` in each of `formats`. */
  render(figure: Figure, formats: Format[]): Promise<string[]> {
    const run = this.rendering.then(() => this.renderNow(figure, formats));
    this.rendering = run.catch(() => undefined);
    return run;
  }

  private open(): Promise<Session> {
    const starting = new AbortController();
    this.starting = starting;
    const opened = openSession(starting.signal);
    opened
      .finally(() => {
        if (this.starting === starting) this.starting = undefined;
      })
      .catch(() => undefined);
    return opened;
  }

  /**
   * The browser, started if need be. One started ahead of its use (warm) whose start failed is
   * started once more: a job that computes for minutes may keep the event loop from answering it.
   */
  private async browser(): Promise<Session> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    for (let attempt = 1; ; attempt++) {
      this.session ??= this.open();
      const current = this.session;
      try {
        return await current;
      } catch (error) {
        if (this.session === current) this.session = undefined;
        if (current !== this.warmed || attempt > 1) throw error;
      } finally {
        if (this.warmed === current) this.warmed = undefined;
      }
    }
  }

  private armIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.close(), IDLE_MS);
    this.idleTimer.unref();
  }

  /** Forget a browser that went away or broke (killed, crashed), and clean up after it. */
  private async drop(opened: Session): Promise<void> {
    if (this.session && (await this.session.catch(() => undefined)) === opened) this.session = undefined;
    await closeSession(opened);
  }

  private async renderNow(figure: Figure, formats: Format[]): Promise<string[]> {
    let opened = await this.browser();
    if (!opened.browser.connected) {
      // It went away while idle: a new one.
      await this.drop(opened);
      opened = await this.browser();
    }
    keepAlive(opened.browser, true);
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
        figure.data.map((trace, i) => ({ uid: `trace${i}`, ...trace })),
        figure.layout,
        figure.width,
        figure.height,
        formats,
      )) as string[];
    } catch (error) {
      // A browser that went away while drawing is dropped: the next figure starts a new one.
      if (!opened.browser.connected) await this.drop(opened);
      throw error;
    } finally {
      if (opened.browser.connected) keepAlive(opened.browser, false);
      this.armIdleTimer();
    }
  }
}

/** The renderer the notebooks, the command line and the figure export share. */
const shared = new StaticRenderer();

/** Start the shared browser ahead of its first figure (see StaticRenderer.warm). */
export function warmRenderer(): void {
  shared.warm();
}

/** Close the shared browser now (it also closes by itself when idle); its profile folder goes with it. */
export function closeRenderer(): Promise<void> {
  return shared.close();
}

/** Render `figure` as a PNG (bytes) or an SVG (text). */
export async function renderStatic(figure: Figure, format: Format): Promise<Buffer | string> {
  const [image] = await shared.render(figure, [format]);
  return format === 'png' ? pngOf(image) : svgOf(image);
}

/** Render `figure` as a PNG and an SVG, drawing it once (what renderStatic twice gives, sooner). */
export async function renderImages(figure: Figure): Promise<{ png: Buffer; svg: string }> {
  const [png, svg] = await shared.render(figure, ['png', 'svg']);
  return { png: pngOf(png), svg: svgOf(svg) };
}

const pngOf = (dataUrl: string): Buffer => Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');

function svgOf(dataUrl: string): string {
  // SVG comes URL-encoded: data:image/svg+xml,<encoded>. Plotly names its clip paths after a random
  // id (defs-ff8145, clipff8145xy, ...); a fixed one keeps regenerated files identical.
  const svg = decodeURIComponent(dataUrl.slice(dataUrl.indexOf(',') + 1));
  const uid = /<defs id="defs-([0-9a-f]+)"/.exec(svg)?.[1];
  return uid ? svg.split(uid).join('000000') : svg;
}
