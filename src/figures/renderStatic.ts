/**
 * Static images of plotly figures (PNG, SVG) through headless Chromium, with plotly.js loaded
 * from node_modules: no network. One browser is started on first use and closed after a few
 * idle seconds. The same code serves the notebooks and the figure export.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Figure } from './Figure';

type Browser = import('puppeteer-core').Browser;
type Page = import('puppeteer-core').Page;

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const IDLE_MS = 15000;
let session: Promise<{ browser: Browser; page: Page }> | undefined;
let idleTimer: NodeJS.Timeout | undefined;

/** plotly.js as installed in node_modules. */
export function plotlyPath(): string {
  return require.resolve('plotly.js-dist/plotly.js');
}

/** The Chromium to use: $CHROMIUM, the one `npm run setup` recorded, or a usual install path; undefined if none. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM];
  const tools = path.resolve(__dirname, '..', '..', '.setup', 'tools.json');
  if (fs.existsSync(tools)) candidates.push(JSON.parse(fs.readFileSync(tools, 'utf8')).chromium);
  candidates.push('/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable');
  return candidates.find((candidate): candidate is string => !!candidate && fs.existsSync(candidate));
}

async function open(): Promise<{ browser: Browser; page: Page }> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('no Chrome or Chromium found (run "npm run setup", or set CHROMIUM=/path/to/chrome)');
  const puppeteer = await import('puppeteer-core');
  const browser = await puppeteer.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true, userDataDir: fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'figure-chromium-')) });
  const page = await browser.newPage();
  await page.setContent('<!doctype html><html><body><div id="figure"></div></body></html>');
  await page.addScriptTag({ path: plotlyPath() });
  return { browser, page };
}

/** Close the shared browser now (it also closes by itself when idle). */
export async function closeRenderer(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  const current = session;
  session = undefined;
  if (current) await (await current).browser.close().catch(() => undefined);
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
