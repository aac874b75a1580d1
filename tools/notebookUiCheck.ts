/**
 * What a reader sees in Jupyter itself: start the project's Jupyter exactly as `npm run notebook`
 * does, open notebooks through its real UI in headless Chromium, run a cell there (the kernel must
 * answer), and require every figure to be an interactive plotly chart with its traces drawn and a
 * hover label that shows a value. Works with classic Notebook 6, Notebook 7 and JupyterLab.
 *
 * The notebooks are opened as copies in a folder of their own inside the repository (Jupyter
 * serves the repository; an autosave must never touch the committed notebooks), marked trusted as
 * `npm run notebook` marks the project's own, and removed at the end with the browser's profile;
 * the server is stopped with its kernels.
 *
 *   node --import tsx tools/notebookUiCheck.ts [--lab] [notebook ...]   (default: notebooks/*.ipynb)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { findChromium, launchBrowser } from '../src/figures/browser';
import type { OptionValues } from '../src/cli/options';
import { SetupError } from '../src/errors';
import { runCli } from '../src/cli/runCli';
import { REPOSITORY } from '../src/repository';

type Page = import('puppeteer-core').Page;

export interface FigureReport {
  /** Index among the notebook's figure outputs. */
  index: number;
  /** Traces plotly drew (SVG paths with a real shape). */
  drawnPaths: number;
  /** Whether plotly finished a chart there (with or without traces); false when none appeared. */
  chart: boolean;
  /** The hover label's text where the mouse rests over the plot, or '' when none appeared. */
  hover: string;
  /** What drew the chart: plotly's JupyterLab renderer (from the plotly JSON) or the figure's own HTML and script. */
  via: 'plotly renderer' | 'figure HTML' | 'nothing';
}

export interface UiReport {
  notebook: string;
  /** Which front end served it: "classic Notebook 6.4.12", "Jupyter Notebook 7.6.3", "JupyterLab 4.6.4". */
  frontEnd: string;
  /** Figure outputs in the notebook file. */
  expected: number;
  /** The figure outputs found in the page (as a chart, the figure's HTML or its static image), in order. */
  figures: FigureReport[];
  /** Figure outputs that show no drawn plotly chart (their static image, or nothing). */
  notDrawn: number;
  /** Seconds spent opening the notebook, running the cell, and inspecting the figures. */
  seconds: { open: number; run: number; figures: number };
  /** What the executed cell printed, when one was run. */
  ranCell?: { index: number; output: string };
  problems: string[];
}

export interface UiCheckOptions {
  /** Notebooks to open (paths); each is copied before it is opened. */
  notebooks: string[];
  /** Open JupyterLab (`npm run notebook -- --lab`) instead of Notebook. */
  lab?: boolean;
  /** Run the first code cell of the first notebook through the UI, and wait this long for its output (seconds). */
  runCellTimeout?: number;
  /** Extra environment for the server and its kernels (e.g. SMOKE=1). */
  env?: Record<string, string>;
}

const FIGURE_MIME = 'application/vnd.plotly.v1+json';

/** A port nobody listens on now (Jupyter moves to the next one should it be taken meanwhile). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `npm run notebook -- ARGS` in its own process group; resolves with the URL and token it prints. */
async function startJupyter(
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ child: ChildProcess; base: string; token: string; log: () => string }> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const child = spawn(npm, ['run', '--silent', 'notebook', '--', ...args], {
    cwd: REPOSITORY,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const log = () => output;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => done(new Error(`Jupyter printed no URL within ${timeoutMs / 1000} s:\n${output.slice(-2000)}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /(http:\/\/(?:localhost|127\.0\.0\.1):\d+\/)\S*[?&]token=(\w+)/.exec(output);
      if (match) done(undefined, { base: match[1], token: match[2] });
    };
    const onExit = (code: number | null) =>
      done(new Error(`npm run notebook exited (code ${code}) before serving:\n${output.slice(-2000)}`));
    function done(error?: Error, found?: { base: string; token: string }) {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      child.off('exit', onExit);
      // Keep draining its output, so that a full pipe never blocks the server.
      child.stdout!.on('data', (chunk) => (output += chunk));
      child.stderr!.on('data', (chunk) => (output += chunk));
      if (error) {
        stopJupyter(child).then(
          () => reject(error),
          () => reject(error),
        );
      } else resolve({ child, ...found!, log });
    }
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', onExit);
  });
}

/**
 * Stop the server the way its Quit button does (POST /api/shutdown: it shuts its kernels down and
 * exits), then make sure its whole process group is gone.
 */
async function stopJupyter(child: ChildProcess, server?: { base: string; token: string }): Promise<void> {
  const group = -child.pid!;
  const alive = () => {
    try {
      process.kill(group, 0);
      return true;
    } catch {
      return false;
    }
  };
  const waitGone = async (ms: number) => {
    for (const end = Date.now() + ms; alive() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 100));
  };
  if (server) {
    await fetch(`${server.base}api/shutdown`, {
      method: 'POST',
      headers: { Authorization: `token ${server.token}` },
      signal: AbortSignal.timeout(5000),
    }).catch(() => undefined);
    await waitGone(10000);
  }
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    if (!alive()) return;
    try {
      process.kill(group, signal);
    } catch {
      return;
    }
    await waitGone(5000);
  }
}

/** The front end in the page ("classic Notebook 6.4.12", "Jupyter Notebook 7.6.3", "JupyterLab 4.6.4"), once it shows all `cells` cells. */
async function waitForNotebook(page: Page, cells: number, timeoutMs: number): Promise<string> {
  const handle = await page.waitForFunction(
    (count: number) => {
      const w = globalThis as unknown as { Jupyter?: { version?: string; notebook?: { _fully_loaded?: boolean } }; document: any };
      if (w.Jupyter?.notebook?._fully_loaded) {
        return (
          w.document.querySelectorAll('#notebook-container > .cell').length === count &&
          `classic Notebook ${w.Jupyter.version ?? ''}`.trim()
        );
      }
      if (w.document.querySelectorAll('.jp-Notebook .jp-Cell').length !== count) return false;
      const config = JSON.parse(w.document.getElementById('jupyter-config-data')?.textContent ?? '{}') as {
        appName?: string;
        appVersion?: string;
      };
      return `${config.appName ?? 'JupyterLab'} ${config.appVersion ?? ''}`.trim();
    },
    { timeout: timeoutMs, polling: 200 },
    cells,
  );
  return (await handle.jsonValue()) as string;
}

/** Selectors of one front end: its cells, their output areas and code editors. */
function selectors(frontEnd: string) {
  return frontEnd.startsWith('classic')
    ? { cell: '#notebook-container > .cell', editor: '.input_area .CodeMirror', prompt: '.input_prompt', output: '.output_area' }
    : { cell: '.jp-Notebook .jp-Cell', editor: '.jp-InputArea-editor', prompt: '.jp-InputPrompt', output: '.jp-OutputArea-output' };
}

/** Wait until the kernel reports idle (it has started and answers). */
async function waitForIdleKernel(page: Page, frontEnd: string, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    (classic: boolean) => {
      const w = globalThis as unknown as { Jupyter?: any; document: any };
      if (classic)
        return (
          w.Jupyter?.notebook?.kernel?.is_connected?.() && w.document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null
        );
      const status = w.document.querySelector('.jp-Notebook-ExecutionIndicator, .jp-KernelStatus, .jp-Toolbar-kernelStatus');
      const text = String(status?.getAttribute('data-status') ?? status?.textContent ?? status?.getAttribute('title') ?? '');
      return /idle/i.test(text);
    },
    { timeout: timeoutMs, polling: 250 },
    frontEnd.startsWith('classic'),
  );
}

/** Run code cell `index` (0-based among all cells) with Shift+Enter, as a reader would, and return what it printed. */
async function runCell(page: Page, frontEnd: string, index: number, timeoutMs: number): Promise<string> {
  const s = selectors(frontEnd);
  const cells = await page.$$(s.cell);
  const cell = cells[index];
  if (!cell) throw new Error(`the page shows ${cells.length} cells, no cell ${index + 1}`);
  await cell.evaluate((el: any) => el.scrollIntoView({ block: 'center' }));
  const editor = await cell.$(s.editor);
  if (!editor) throw new Error(`cell ${index + 1} has no code editor in the page`);
  // Shift+Enter in the cell; again if the front end was not ready to take it (no "[*]" within a few seconds).
  for (let attempt = 1; ; attempt++) {
    await editor.click();
    await page.keyboard.down('Shift');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Shift');
    const started = await page
      .waitForFunction(
        (el: any, prompt: string) => /\[(\*|\d+)\]/.test(String(el.querySelector(prompt)?.textContent ?? '')),
        { timeout: 15000, polling: 200 },
        cell,
        s.prompt,
      )
      .then(
        () => true,
        () => false,
      );
    if (started) break;
    if (attempt === 3) throw new Error(`cell ${index + 1} did not start after Shift+Enter, ${attempt} times`);
  }
  // The committed notebooks carry no execution counts: a number in the prompt means the kernel ran the cell now.
  const output = await page.waitForFunction(
    (el: any, prompt: string, outputSelector: string) => {
      if (!/\[\d+\]/.test(String(el.querySelector(prompt)?.textContent ?? ''))) return false;
      const text = Array.from(el.querySelectorAll(outputSelector))
        .map((o: any) => String(o.textContent ?? ''))
        .join('\n')
        .trim();
      return text.length > 0 ? text : false;
    },
    { timeout: timeoutMs, polling: 250 },
    cell,
    s.prompt,
    s.output,
  );
  return (await output.jsonValue()) as string;
}

/** The outputs in the page that show a figure: as a plotly chart, as the figure's HTML, or as its static image. */
const FIGURE_OUTPUTS = `:is(.jp-OutputArea-output, .output_subarea):is(:has(.js-plotly-plot), :has(.jp-RenderedPlotly), .jp-RenderedPlotly, :has(.plotly-figure), :has(img[src^="data:image/png"]))`;

/** Every figure output in the page: the traces its plotly chart drew, and the hover label where the mouse rests over the plot. */
async function inspectFigures(page: Page): Promise<FigureReport[]> {
  const outputs = await page.$$(FIGURE_OUTPUTS);
  const reports: FigureReport[] = [];
  for (const [index, output] of outputs.entries()) {
    // Front ends draw a figure once it is in view, and plotly's JupyterLab renderer replaces the
    // static image with the chart when the mouse enters it: scroll there, point at it, wait for the traces.
    await output.evaluate((el: any) => el.scrollIntoView({ block: 'center' }));
    const outputBox = await output.boundingBox();
    if (outputBox) await page.mouse.move(outputBox.x + outputBox.width / 2, outputBox.y + outputBox.height / 2, { steps: 4 });
    // Up to 30 s: on a busy machine loading plotly.js and drawing takes a while. A chart that plotly
    // has finished (its full layout is set) with no trace to draw ends the wait at once.
    const drawn = await page
      .waitForFunction(
        (el: any) => {
          const chart = el.matches('.js-plotly-plot') ? el : el.querySelector('.js-plotly-plot');
          const paths = chart
            ? Array.from(chart.querySelectorAll('.main-svg .trace path')).filter((p: any) => (p.getAttribute('d') ?? '').length > 20).length
            : 0;
          if (paths > 0) return paths;
          return chart?._fullLayout && (chart._fullData ?? []).length === 0 ? -1 : false;
        },
        { timeout: 30000, polling: 200 },
        output,
      )
      .then(
        (h) => h.jsonValue() as Promise<number>,
        () => 0,
      );
    const chart = drawn !== 0;
    const drawnPaths = Math.max(0, drawn);
    let hover = '';
    const area = drawnPaths > 0 ? await output.$('.nsewdrag') : null;
    const box = await area?.boundingBox();
    if (box) {
      // Rest the mouse on the middle point of the first trace (where plotly can say where that is), then elsewhere over the plot, until plotly shows a label.
      const point = await output
        .evaluate((el: any) => {
          const chart = el.matches('.js-plotly-plot') ? el : el.querySelector('.js-plotly-plot');
          const layout = chart?._fullLayout;
          const trace = (chart?._fullData ?? []).find((t: any) => t.visible === true && t.x?.length > 0 && t.y?.length > 0);
          if (!layout || !trace) return undefined;
          const xa = layout[`xaxis${(trace.xaxis ?? 'x').slice(1)}`];
          const ya = layout[`yaxis${(trace.yaxis ?? 'y').slice(1)}`];
          const i = Math.floor(trace.x.length / 2);
          const x = xa._offset + xa.l2p(xa.d2l(trace.x[i]));
          const y = ya._offset + ya.l2p(ya.d2l(trace.y[i]));
          const rect = chart.getBoundingClientRect();
          return Number.isFinite(x) && Number.isFinite(y) ? { x: rect.left + x, y: rect.top + y } : undefined;
        })
        .catch(() => undefined);
      const spots = [point, ...[0.5, 0.3, 0.7].map((fx) => ({ x: box.x + box.width * fx, y: box.y + box.height * 0.5 }))].filter(
        (p): p is { x: number; y: number } => p !== undefined,
      );
      for (const spot of spots) {
        await page.mouse.move(spot.x, spot.y, { steps: 4 });
        hover = await page
          .waitForFunction(
            (el: any) => {
              const text = Array.from(el.querySelectorAll('.hoverlayer .hovertext'))
                .map((t: any) => String(t.textContent ?? ''))
                .join(' | ');
              return text.length > 0 ? text : false;
            },
            { timeout: 2000, polling: 100 },
            output,
          )
          .then(
            (h) => h.jsonValue() as Promise<string>,
            () => '',
          );
        if (/\d/.test(hover)) break;
      }
      await page.mouse.move(0, 0);
    }
    const via =
      drawnPaths === 0
        ? 'nothing'
        : await output.evaluate(
            (el: any) =>
              (el.matches('.jp-RenderedPlotly') || el.querySelector('.jp-RenderedPlotly')
                ? 'plotly renderer'
                : 'figure HTML') as FigureReport['via'],
          );
    reports.push({ index, drawnPaths, chart, hover, via });
  }
  return reports;
}

/** Open one notebook (already copied under the server's root) and inspect it. */
async function checkNotebook(
  page: Page,
  url: string,
  notebook: string,
  run: { index: number; timeoutMs: number } | undefined,
): Promise<UiReport> {
  const cells = JSON.parse(fs.readFileSync(notebook, 'utf8')).cells as Array<{
    cell_type: string;
    outputs?: Array<{ data?: Record<string, unknown> }>;
  }>;
  const expected = cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data && FIGURE_MIME in o.data).length;
  let clock = Date.now();
  const lap = () => (-clock + (clock = Date.now())) / 1000;
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
  const frontEnd = await waitForNotebook(page, cells.length, 120000);
  const report: UiReport = {
    notebook,
    frontEnd,
    expected,
    figures: [],
    notDrawn: 0,
    problems: [],
    seconds: { open: lap(), run: 0, figures: 0 },
  };
  if (run) {
    await waitForIdleKernel(page, frontEnd, 120000);
    const output = await runCell(page, frontEnd, run.index, run.timeoutMs).catch((error: Error) => {
      report.problems.push(`cell ${run.index + 1} run through the page gave no output: ${error.message.split('\n')[0]}`);
      return '';
    });
    report.ranCell = { index: run.index, output };
    report.seconds.run = lap();
  }
  // On a busy machine the front end may show the cells before it has rendered their outputs: wait
  // (up to a minute) until the page holds as many figure outputs as the notebook has figures.
  await page
    .waitForFunction(
      (selector: string, count: number) => (globalThis as any).document.querySelectorAll(selector).length >= count,
      { timeout: 60000, polling: 250 },
      FIGURE_OUTPUTS,
      expected,
    )
    .catch(() => undefined);
  report.figures = await inspectFigures(page);
  report.seconds.figures = lap();
  report.notDrawn = report.figures.filter((f) => f.drawnPaths === 0).length;
  if (report.figures.length !== expected)
    report.problems.push(`${expected} figures in the notebook, ${report.figures.length} figure outputs in the page`);
  for (const figure of report.figures) {
    if (figure.drawnPaths === 0)
      report.problems.push(`figure ${figure.index + 1}: no interactive plotly chart with traces drawn (a static image at most)`);
    else if (!/\d/.test(figure.hover))
      report.problems.push(
        `figure ${figure.index + 1}: hovering over the plot shows no value${figure.hover ? ` ("${figure.hover}")` : ''}`,
      );
  }
  return report;
}

/** Start Jupyter as `npm run notebook` does, open each notebook in its UI, and report on every figure. */
export async function notebookUiCheck(options: UiCheckOptions): Promise<UiReport[]> {
  if (!findChromium()) throw new SetupError('no Chromium found: run "npm run setup"');
  // Not hidden (Jupyter serves no hidden folders), inside the repository (Jupyter's root), ignored by git.
  const work = fs.mkdtempSync(path.join(REPOSITORY, 'notebook-ui-check-'));
  const reports: UiReport[] = [];
  let jupyter: Awaited<ReturnType<typeof startJupyter>> | undefined;
  let browser: import('puppeteer-core').Browser | undefined;
  try {
    const copies = options.notebooks.map((notebook) => {
      const copy = path.join(work, path.basename(notebook));
      fs.copyFileSync(notebook, copy);
      return copy;
    });
    // Trusted as `npm run notebook` trusts the project's notebooks (a copy of one of those is trusted
    // by its content already), so that each front end draws the figures as a reader of the project sees them.
    const others = copies.filter((_, i) => path.dirname(path.resolve(options.notebooks[i])) !== path.join(REPOSITORY, 'notebooks'));
    const trust = others.length ? spawnSync(path.join(REPOSITORY, 'tools', 'trustNotebooks.sh'), others, { encoding: 'utf8' }) : undefined;
    if (trust && trust.status !== 0)
      throw new Error(`tools/trustNotebooks.sh failed (exit ${trust.status ?? trust.signal}): ${trust.stderr.trim()}`);
    const port = await freePort();
    const args = [...(options.lab ? ['--lab'] : []), '--no-browser', `--port=${port}`];
    // The server's runtime files and JupyterLab's workspace go with the check's folder, not to the user's.
    const env = {
      ...process.env,
      JUPYTER_RUNTIME_DIR: path.join(work, 'runtime'),
      JUPYTERLAB_WORKSPACES_DIR: path.join(work, 'workspaces'),
      ...options.env,
    };
    jupyter = await startJupyter(args, env, 60000);
    browser = await launchBrowser({ profile: path.join(work, 'profile'), tmpdir: work });
    for (const [i, copy] of copies.entries()) {
      // A tab per notebook: leaving a notebook with a cell run would stop at "Leave page? Changes may not be saved".
      const page = await browser.newPage();
      await page.setViewport({ width: 1280, height: 900 });
      const relative = path.relative(REPOSITORY, copy).split(path.sep).map(encodeURIComponent).join('/');
      // JupyterLab restores the notebooks of the previous page into its workspace: reset it, so that the page holds this notebook alone.
      const route = options.lab ? `lab/tree/${relative}?reset&` : `notebooks/${relative}?`;
      const firstCode = JSON.parse(fs.readFileSync(copy, 'utf8')).cells.findIndex((c: { cell_type: string }) => c.cell_type === 'code');
      const run = i === 0 && options.runCellTimeout ? { index: firstCode, timeoutMs: options.runCellTimeout * 1000 } : undefined;
      const report = await checkNotebook(page, `${jupyter.base}${route}token=${jupyter.token}`, copy, run).catch(
        (error: Error): UiReport => ({
          notebook: copy,
          frontEnd: 'unknown',
          expected: -1,
          figures: [],
          notDrawn: 0,
          seconds: { open: 0, run: 0, figures: 0 },
          problems: [`the notebook could not be checked: ${error.message.split('\n')[0]}`],
        }),
      );
      reports.push({ ...report, notebook: options.notebooks[i] });
      await page.close();
    }
  } finally {
    await browser?.close().catch(() => undefined);
    if (jupyter) await stopJupyter(jupyter.child, jupyter);
    fs.rmSync(work, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
  }
  return reports;
}

const OPTIONS = {
  lab: { type: 'flag', help: 'open JupyterLab (npm run notebook -- --lab) instead of Notebook' },
  help: { type: 'flag', help: 'show this help' },
} as const;

/** The check (or run) as a command: report, and exit 1 where something failed. */
async function main(values: OptionValues<typeof OPTIONS>, positionals: string[]): Promise<number> {
  const dir = path.join(REPOSITORY, 'notebooks');
  const notebooks = positionals.length
    ? positionals.map((a) => path.resolve(a))
    : fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.ipynb'))
        .sort()
        .map((f) => path.join(dir, f));
  const started = Date.now();
  const reports = await notebookUiCheck({ notebooks, lab: values.lab, runCellTimeout: 120 });
  let failed = 0;
  for (const report of reports) {
    if (report.problems.length) failed++;
    const hovers = report.figures.filter((f) => /\d/.test(f.hover)).length;
    console.log(
      `${path.basename(report.notebook)} in ${report.frontEnd}: ${report.figures.length} of ${report.expected} figures interactive, ${hovers} with a hover value: ${report.problems.length ? 'FAIL' : 'ok'}`,
    );
    console.log(
      `  seconds: ${report.seconds.open.toFixed(1)} to open, ${report.seconds.run.toFixed(1)} to run the cell, ${report.seconds.figures.toFixed(1)} for the figures`,
    );
    if (report.ranCell)
      console.log(`  cell ${report.ranCell.index + 1} ran in the page and printed: ${report.ranCell.output.split('\n')[0]}`);
    for (const figure of report.figures)
      console.log(
        `  figure ${figure.index + 1}: ${figure.drawnPaths} traces drawn by the ${figure.via}; hover: ${figure.hover.replace(/\s+/g, ' ').slice(0, 80) || '(none)'}`,
      );
    for (const problem of report.problems) console.log(`  ${problem}`);
  }
  console.log(`${reports.length - failed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return failed ? 1 : 0;
}

if (require.main === module) {
  const help = [
    'Usage: node --import tsx tools/notebookUiCheck.ts [options] [notebook ...]',
    '',
    'Open notebooks in Jupyter as a reader would, run the first code cell, and check that every figure is interactive (default: notebooks/*.ipynb).',
  ];
  runCli({ name: 'notebookUiCheck', options: OPTIONS, help, positional: 'notebook', run: main }, process.argv.slice(2)).then((code) =>
    process.exit(code),
  );
}
