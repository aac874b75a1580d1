/**
 * A browser cache that makes plotly.js cheap to start: Chromium's HTTP cache holding the figure page
 * and plotly.js, and its code cache holding V8's compiled plotly.js, kept in .setup/figure-cache and
 * copied into each throwaway browser profile. With it, a browser has plotly ready in 0.66-0.79 s and
 * 1.1-1.3 s of CPU instead of 1.45-1.6 s and 2.2-2.5 s (measured here, Chromium 156): V8 no longer
 * parses and compiles plotly.js's 10 MB of JavaScript each time.
 *
 * Chromium keeps compiled code only for scripts fetched over HTTP(S), and only once it has seen the
 * script before: it stores it on the second load and uses it from the third on. So the page and plotly.js are given an address of their own, FIGURE_PAGE on the host
 * figures.test (a name reserved for testing, RFC 2606), and served once, when the cache is made
 * (scripts/seedFigureCache.ts, run by `npm run setup`), by a local server with a one-year
 * `immutable` lifetime. Later browsers map that host to nowhere and read both from the copied cache.
 * The cache is tied to the plotly.js file and the browser it was made with (their sizes and
 * modification times): after either changes it is no longer used until setup makes it again, and
 * figures load plotly.js from node_modules as before.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setupFiles } from '../setupFiles';

/** The host the cached page and plotly.js are addressed by. */
export const FIGURE_HOST = 'figures.test';
/** The page that loads plotly.js, as the cache holds it. */
export const FIGURE_PAGE = `http://${FIGURE_HOST}/figure.html`;
/** The folders of a Chromium profile that make the cache. */
const CACHE_FOLDERS = ['Cache', 'Code Cache'];
/** Compiled code below this size means Chromium did not keep plotly.js's (it is about 3.5 MB). */
const MIN_CODE_CACHE_BYTES = 1_000_000;

/** The page figures are drawn in: one empty div and plotly.js from `plotlySrc`. */
export function figurePageHtml(plotlySrc: string): string {
  return `<!doctype html><html><body><div id="figure"></div><script src="${plotlySrc}"></script></body></html>`;
}

/** What the cache was made with: plotly.js and the browser, by path, size and modification time. */
export function figureCacheKey(plotly: string, chromium: string): string {
  const describe = (file: string) => {
    const stat = fs.statSync(fs.realpathSync(file));
    return { path: file, size: stat.size, mtimeMs: Math.round(stat.mtimeMs) };
  };
  return JSON.stringify({ plotly: describe(plotly), chromium: describe(chromium) });
}

const keyFile = (folder: string) => path.join(folder, 'key.json');

/** Whether the cache in `folder` (default: .setup/figure-cache) was made with this plotly.js and browser. */
export function figureCacheFits(plotly: string, chromium: string, folder = setupFiles.figureCache): boolean {
  try {
    return fs.readFileSync(keyFile(folder), 'utf8') === figureCacheKey(plotly, chromium);
  } catch {
    return false;
  }
}

/**
 * Copy the cache into a new browser profile, when it fits this plotly.js and browser; false when
 * there is none (the browser then loads plotly.js from node_modules). Takes about 15 ms.
 */
export function copyFigureCache(profile: string, plotly: string, chromium: string, folder = setupFiles.figureCache): boolean {
  if (!figureCacheFits(plotly, chromium, folder)) return false;
  try {
    for (const name of CACHE_FOLDERS) fs.cpSync(path.join(folder, name), path.join(profile, 'Default', name), { recursive: true });
    return true;
  } catch {
    fs.rmSync(path.join(profile, 'Default'), { recursive: true, force: true });
    return false;
  }
}

/** Bytes under `folder`, recursively. */
function folderBytes(folder: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    total += entry.isDirectory() ? folderBytes(full) : fs.statSync(full).size;
  }
  return total;
}

/**
 * Keep the cache of a browser profile that loaded FIGURE_PAGE (twice, so that Chromium
 * compiled and stored plotly.js) as the cache for this plotly.js and browser. It replaces the old one
 * only once complete: a failure leaves the old one as it was.
 */
export function saveFigureCache(profile: string, plotly: string, chromium: string, folder = setupFiles.figureCache): { bytes: number } {
  const codeBytes = fs.existsSync(path.join(profile, 'Default', 'Code Cache')) ? folderBytes(path.join(profile, 'Default', 'Code Cache')) : 0;
  if (codeBytes < MIN_CODE_CACHE_BYTES) {
    throw new Error(`the browser kept ${codeBytes} bytes of compiled code after loading plotly.js twice (expected over ${MIN_CODE_CACHE_BYTES}); no cache was made`);
  }
  const staging = `${folder}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    let bytes = 0;
    for (const name of CACHE_FOLDERS) {
      fs.cpSync(path.join(profile, 'Default', name), path.join(staging, name), { recursive: true });
      bytes += folderBytes(path.join(staging, name));
    }
    fs.writeFileSync(keyFile(staging), figureCacheKey(plotly, chromium));
    // The old key goes first: a removal that stops halfway leaves a cache that no key vouches for.
    fs.rmSync(keyFile(folder), { force: true });
    fs.rmSync(folder, { recursive: true, force: true });
    fs.renameSync(staging, folder);
    return { bytes };
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
