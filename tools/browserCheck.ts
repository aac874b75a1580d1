/**
 * What a reader sees: an executed notebook converted with `jupyter nbconvert --to html`, opened
 * in headless Chromium. Every plotly figure must have drawn its traces (SVG paths in the DOM), and
 * every static image must be a real PNG of the figure's size with something drawn on it.
 *
 *   node --import tsx tools/browserCheck.ts [notebook ...]   (default: notebooks/*.ipynb)
 */
import { REPOSITORY } from '../src/repository';
import { execFileSync } from 'node:child_process';
import type { Browser } from 'puppeteer-core';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser } from '../src/figures/browser';
import type { OptionValues } from '../src/cli/options';
import { OptionError } from '../src/errors';
import { runCli } from '../src/cli/runCli';
import { jupyterEnv, readTools, type Tools } from './tools';

export interface BrowserReport {
  notebook: string;
  /** Interactive figures found in the page, and how many traces each drew. */
  figures: Array<{ id: string; traces: number; drawnPaths: number }>;
  /** Static images checked: size and share of non-white pixels. */
  images: Array<{ width: number; height: number; expectedWidth: number; expectedHeight: number; inked: number }>;
  problems: string[];
}

interface Output {
  data?: Record<string, unknown>;
  metadata?: { figure?: { name: string; width: number; height: number }; 'image/png'?: { width: number; height: number } };
}

/**
 * Convert `notebooks` to HTML next to the repository's node_modules (one nbconvert run), open each
 * in one headless browser, and inspect every figure: one report per notebook, in order.
 */
export async function browserCheck(notebooks: string[], tools: Tools = readTools()): Promise<BrowserReport[]> {
  const names = notebooks.map((n) => path.basename(n, '.ipynb'));
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new OptionError(`two notebooks named ${twice}.ipynb; their pages would overwrite each other`);
  // One level below the repository, so that the page's "../node_modules/plotly.js-dist/plotly.js" resolves.
  const outDir = fs.mkdtempSync(path.join(REPOSITORY, '.browser-check-'));
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser({ profile: path.join(outDir, 'profile'), tmpdir: outDir, args: ['--allow-file-access-from-files'] });
    const opened = browser;
    execFileSync(tools.jupyter, ['nbconvert', '--to', 'html', '--output-dir', outDir, ...notebooks], {
      env: jupyterEnv(tools),
      stdio: 'pipe',
    });
    // Two pages at a time: each spends most of its time loading plotly.js and waiting for its figures.
    const reports: BrowserReport[] = new Array(notebooks.length);
    let next = 0;
    await Promise.all(
      [0, 1].map(async () => {
        for (let i = next++; i < notebooks.length; i = next++)
          reports[i] = await inspect(opened, path.join(outDir, `${path.basename(notebooks[i], '.ipynb')}.html`), notebooks[i]);
      }),
    );
    return reports;
  } finally {
    await browser?.close().catch(() => undefined);
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

/** One notebook's page: its figures drawn, its static images real. */
async function inspect(browser: Browser, html: string, notebook: string): Promise<BrowserReport> {
  const report: BrowserReport = { notebook, figures: [], images: [], problems: [] };
  const page = await browser.newPage();
  try {
    await page.goto(`file://${html}`, { waitUntil: 'load', timeout: 60000 });
    // Wait until every figure's loader has settled (drawn, or given up and kept its static image).
    await page.waitForFunction(
      () => {
        const w = globalThis as unknown as { __plotlyLoading?: Promise<unknown>; __plotlySettled?: boolean; __plotlyFailed?: boolean };
        if (!w.__plotlyLoading) return true;
        w.__plotlyLoading.then(
          () => (w.__plotlySettled = true),
          () => (w.__plotlyFailed = w.__plotlySettled = true),
        );
        return w.__plotlySettled === true;
      },
      { timeout: 60000 },
    );
    // Then until plotly has drawn every figure's traces (a trace group per trace it was given); a
    // figure still short of them after 30 s is reported as it stands.
    await page
      .waitForFunction(
        () => {
          const doc = (globalThis as unknown as { document: any }).document;
          if ((globalThis as unknown as { __plotlyFailed?: boolean }).__plotlyFailed) return true;
          return Array.from(doc.querySelectorAll('div.plotly-figure')).every(
            (div: any) => div._fullLayout !== undefined && div.querySelectorAll('.main-svg .trace').length >= (div.data?.length ?? 0),
          );
        },
        { timeout: 30000, polling: 100 },
      )
      .catch(() => undefined);
    report.figures = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: any }).document;
      return Array.from(doc.querySelectorAll('div.plotly-figure')).map((div: any) => ({
        id: div.id as string,
        traces: div.querySelectorAll('.main-svg .trace').length as number,
        drawnPaths: Array.from(div.querySelectorAll('.main-svg .trace path')).filter((p: any) => (p.getAttribute('d') ?? '').length > 20)
          .length,
      }));
    });
    for (const figure of report.figures) {
      if (figure.traces === 0) report.problems.push(`${figure.id}: no plotly traces in the page (blank or not drawn)`);
      else if (figure.drawnPaths === 0) report.problems.push(`${figure.id}: ${figure.traces} traces but nothing drawn`);
    }

    const outputs = (JSON.parse(fs.readFileSync(notebook, 'utf8')).cells as Array<{ outputs?: Output[] }>).flatMap((c) => c.outputs ?? []);
    const expected = outputs.filter((o) => o.data && 'application/vnd.plotly.v1+json' in o.data);
    if (expected.length !== report.figures.length)
      report.problems.push(`${expected.length} figures in the notebook, ${report.figures.length} in the page`);
    for (const output of expected) {
      const meta = output.metadata?.figure ?? output.metadata?.['image/png'];
      const name = output.metadata?.figure?.name ?? 'a figure';
      const png = output.data!['image/png'];
      if (typeof png !== 'string') {
        report.problems.push(`${name}: no static image (image/png)`);
        continue;
      }
      const measured = await page.evaluate(async (src: string) => {
        const doc = (globalThis as unknown as { document: any }).document;
        const image = doc.createElement('img');
        image.src = src;
        try {
          await image.decode();
        } catch {
          return { width: 0, height: 0, inked: 0 };
        }
        const canvas = doc.createElement('canvas');
        canvas.width = image.naturalWidth;
        canvas.height = image.naturalHeight;
        const context = canvas.getContext('2d');
        context.drawImage(image, 0, 0);
        const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
        let inked = 0;
        for (let i = 0; i < pixels.length; i += 4) if (pixels[i] < 200 || pixels[i + 1] < 200 || pixels[i + 2] < 200) inked++;
        return { width: image.naturalWidth, height: image.naturalHeight, inked: inked / (pixels.length / 4) };
      }, `data:image/png;base64,${png}`);
      const check = { ...measured, expectedWidth: meta?.width ?? 0, expectedHeight: meta?.height ?? 0 };
      report.images.push(check);
      if (check.width !== check.expectedWidth || check.height !== check.expectedHeight) {
        report.problems.push(
          `${name}: static image is ${check.width}x${check.height}, expected ${check.expectedWidth}x${check.expectedHeight}`,
        );
      } else if (check.inked < 0.001) {
        report.problems.push(`${name}: static image is blank (${(100 * check.inked).toFixed(2)}% of pixels drawn)`);
      }
    }
  } finally {
    await page.close();
  }
  return report;
}

const OPTIONS = { help: { type: 'flag', help: 'show this help' } } as const;

/** The check (or run) as a command: report, and exit 1 where something failed. */
async function main(_values: OptionValues<typeof OPTIONS>, positionals: string[]): Promise<number> {
  const dir = path.join(REPOSITORY, 'notebooks');
  const notebooks = positionals.length
    ? positionals.map((a) => path.resolve(a))
    : fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.ipynb'))
        .sort()
        .map((f) => path.join(dir, f));
  let failed = 0;
  for (const report of await browserCheck(notebooks)) {
    const notebook = report.notebook;
    const ok = report.problems.length === 0;
    if (!ok) failed++;
    console.log(
      `${path.basename(notebook)}: ${report.figures.length} interactive figures, ${report.images.length} static images: ${ok ? 'ok' : 'FAIL'}`,
    );
    for (const problem of report.problems) console.log(`  ${problem}`);
  }
  console.log(`${notebooks.length - failed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

if (require.main === module) {
  const help = [
    'Usage: node --import tsx tools/browserCheck.ts [notebook ...]',
    '',
    'Open executed notebooks as a reader would, in headless Chromium, and check every figure (default: notebooks/*.ipynb).',
  ];
  runCli({ name: 'browserCheck', options: OPTIONS, help, positional: 'notebook', run: main }, process.argv.slice(2)).then((code) =>
    process.exit(code),
  );
}
