/**
 * Execute notebooks headlessly with `jupyter nbconvert --execute` and the project's tslab
 * kernel, and judge each one from what its cells did (not from nbconvert's exit code alone:
 * tslab reports errors only on stderr). A notebook fails on an error reply, an error on
 * stderr, a cell that never finished (timeout, dead kernel) or a code cell that never ran.
 *
 * Usage: node --import tsx tools/runNotebooks.ts [--check] [--timeout SECONDS] [notebook ...]
 * (--help lists the options). Without notebooks: notebooks/*.ipynb, updated in place (atomically)
 * when they pass, in one normal form (tools/notebookNormalForm.ts); when all of them pass, their figures are exported to figures/ (PNG, SVG,
 * interactive HTML).
 */
import { REPOSITORY } from '../src/repository';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OptionError } from '../src/errors';
import { staleBuild } from '../src/notebook/libraryBuild';
import { writeFileAtomically } from '../src/cli/atomic';
import { exportFigures } from './exportFigures';
import { normalizeNotebook } from './notebookNormalForm';
import type { OptionValues } from '../src/cli/options';
import { runCli } from '../src/cli/runCli';
import { jupyterEnv, readTools, type Tools } from './tools';

export interface RunOptions {
  /** Seconds a single cell may run before the notebook fails. */
  cellTimeout: number;
  /** Seconds the whole notebook may take, kernel start included. */
  notebookTimeout: number;
  /** Replace the notebook on disk with the executed one when it passes. */
  write: boolean;
  /** Extra environment for the kernel (EPOCHS, SMOKE, ...). */
  env?: Record<string, string>;
}

export interface CellFailure {
  /** 1-based number among all cells of the notebook, as Jupyter shows them. */
  cell: number;
  firstLine: string;
  error: string;
}

export interface NotebookResult {
  notebook: string;
  ok: boolean;
  seconds: number;
  failure?: CellFailure;
  /** The executed notebook's JSON in the normal form (tools/notebookNormalForm.ts), when nbconvert wrote one. */
  executed?: string;
}

interface CellRecord {
  event: 'start' | 'done';
  index: number;
  status?: string;
  outputs?: Array<{ output_type: string; name?: string; text?: string | string[]; ename?: string; evalue?: string }>;
}

interface NotebookJson {
  cells: Array<{ cell_type: string; source: string | string[] }>;
}

const HOOKS = path.join(__dirname, 'nbconvert_hooks.py');
/** An error printed to stderr: "SomethingError:", a TypeScript diagnostic "1:7 - ...", or an unhandled rejection. */
const STDERR_ERROR = /\b[A-Z]\w*Error\b:|^\d+:\d+ - |\bUnhandled\w*\b|\bUncaught\b/m;

const text = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join('') : (value ?? ''));

/** The error text of one executed cell, if it shows one. */
function cellError(record: CellRecord): string | undefined {
  const outputs = record.outputs ?? [];
  const stderr = outputs
    .filter((o) => o.output_type === 'stream' && o.name === 'stderr')
    .map((o) => text(o.text))
    .join('');
  const errors = outputs
    .filter((o) => o.output_type === 'error')
    .map((o) => `${o.ename}: ${o.evalue}`)
    .join('\n');
  if (record.status !== 'ok') return (errors || stderr || `the kernel answered "${record.status}" with no message`).trim();
  if (errors) return errors.trim();
  if (STDERR_ERROR.test(stderr)) return stderr.trim();
  return undefined;
}

/** Judge a run from the cell log, the source notebook, and nbconvert's exit code and stderr. */
export function judge(
  source: NotebookJson,
  log: CellRecord[],
  exitCode: number | null,
  stderr: string,
  timedOut: boolean,
): CellFailure | undefined {
  const firstLine = (index: number) => text(source.cells[index]?.source).split('\n')[0].trim();
  const failAt = (index: number, error: string): CellFailure => ({ cell: index + 1, firstLine: firstLine(index), error });
  const done = new Map<number, CellRecord>();
  for (const record of log) if (record.event === 'done') done.set(record.index, record);

  for (const record of done.values()) {
    const error = cellError(record);
    if (error) return failAt(record.index, error);
  }
  const unfinished = log.find((record) => record.event === 'start' && !done.has(record.index));
  if (unfinished) {
    const why = timedOut
      ? 'the notebook ran past its time limit'
      : /Timeout|timed out/i.test(stderr)
        ? 'the cell ran past its time limit'
        : /DeadKernel|Kernel died/i.test(stderr)
          ? 'the kernel died'
          : `it never finished (${lastLine(stderr)})`;
    return failAt(unfinished.index, why);
  }
  if (timedOut) return { cell: 0, firstLine: '', error: 'the notebook ran past its time limit before any cell finished' };
  if (exitCode !== 0) return { cell: 0, firstLine: '', error: `nbconvert failed (exit ${exitCode}): ${lastLine(stderr)}` };
  const skipped = source.cells.findIndex((cell, index) => cell.cell_type === 'code' && text(cell.source).trim() !== '' && !done.has(index));
  if (skipped >= 0 && log.length > 0) return failAt(skipped, 'the cell never ran');
  return undefined;
}

function lastLine(stderr: string): string {
  const lines = stderr
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '');
  return lines.length ? lines[lines.length - 1].trim() : 'no message';
}

/**
 * Compile src/ into build/ (npm run build) when build/ is missing or older than src/: the notebooks
 * import the compiled library (src/notebook/libraryBuild.ts says why).
 */
export function ensureLibraryBuilt(): void {
  const reason = staleBuild();
  if (!reason) return;
  process.stdout.write(`compiling the library for the notebooks (${reason}) ...\n`);
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPOSITORY, stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0)
    throw new Error(
      `npm run build failed (exit ${build.status ?? build.signal}): the notebooks import the compiled library; see the compiler's messages above`,
    );
}

/** Execute one notebook and judge it. The notebook on disk changes only if it passes and `write` is set. */
export async function runNotebook(notebook: string, options: RunOptions, tools: Tools = readTools()): Promise<NotebookResult> {
  ensureLibraryBuilt();
  const started = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'notebook-run-'));
  const logFile = path.join(work, 'cells.jsonl');
  const name = path.basename(notebook);
  const args = [
    'nbconvert',
    '--config',
    HOOKS,
    '--to',
    'notebook',
    '--execute',
    '--ExecutePreprocessor.kernel_name=tslab',
    `--ExecutePreprocessor.timeout=${options.cellTimeout}`,
    '--output-dir',
    work,
    '--output',
    name,
    notebook,
  ];
  const env = jupyterEnv(tools, { NOTEBOOK_CELL_LOG: logFile, ...options.env });
  const { exitCode, stderr, timedOut } = await run(tools.jupyter, args, env, options.notebookTimeout * 1000);

  const log: CellRecord[] = fs.existsSync(logFile)
    ? fs
        .readFileSync(logFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line))
    : [];
  const source = JSON.parse(fs.readFileSync(notebook, 'utf8')) as NotebookJson;
  const failure = judge(source, log, exitCode, stderr, timedOut);
  const outFile = path.join(work, name);
  // One normal form whichever nbconvert wrote it: a regenerated notebook differs only where its results do.
  const executed = fs.existsSync(outFile)
    ? normalizeNotebook(fs.readFileSync(outFile, 'utf8'), fs.readFileSync(notebook, 'utf8'))
    : undefined;
  const result: NotebookResult = {
    notebook,
    ok: !failure && executed !== undefined,
    seconds: (Date.now() - started) / 1000,
    failure,
    executed,
  };
  if (!failure && executed === undefined) result.failure = { cell: 0, firstLine: '', error: 'nbconvert wrote no executed notebook' };
  if (result.ok && options.write) writeFileAtomically(notebook, executed!);
  fs.rmSync(work, { recursive: true, force: true });
  return result;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number) {
  return new Promise<{ exitCode: number | null; stderr: string; timedOut: boolean }>((resolve) => {
    // A process group of its own, so that a timeout also ends the kernel nbconvert started.
    const child = spawn(command, args, { env, cwd: REPOSITORY, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    let timedOut = false;
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, timeoutMs);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stderr, timedOut });
    });
  });
}

/** One line per notebook: status and seconds; then each failure in full. */
export function formatSummary(results: NotebookResult[]): string {
  const width = Math.max(8, ...results.map((r) => path.basename(r.notebook).length));
  const lines = [`${'notebook'.padEnd(width)}  status  seconds`];
  for (const r of results)
    lines.push(`${path.basename(r.notebook).padEnd(width)}  ${(r.ok ? 'pass' : 'FAIL').padEnd(6)}  ${r.seconds.toFixed(1).padStart(7)}`);
  for (const r of results) {
    if (!r.failure) continue;
    const where = r.failure.cell ? `cell ${r.failure.cell} (${r.failure.firstLine})` : 'notebook';
    // Stack frames inside tslab and node:vm say nothing about the notebook: leave them out.
    const message = r.failure.error
      .split('\n')
      .filter((line) => !/^\s+at /.test(line))
      .slice(0, 12);
    lines.push('', `${path.relative(process.cwd(), r.notebook)}, ${where}:`, ...message.map((line) => `  ${line}`));
  }
  return lines.join('\n');
}

const OPTIONS = {
  check: { type: 'flag', help: 'execute and judge only; leave the notebooks on disk untouched' },
  timeout: { type: 'integer', value: 'SECONDS', min: 1, default: 600, help: 'seconds a single cell may run' },
  jobs: {
    type: 'integer',
    value: 'N',
    min: 1,
    help: 'notebooks run at the same time, each in its own kernel (default: 2 where the machine has 2 cores or more, else 1)',
  },
  help: { type: 'flag', help: 'show this help' },
} as const;

/** The check (or run) as a command: report, and exit 1 where something failed. */
async function main(values: OptionValues<typeof OPTIONS>, positionals: string[]): Promise<number> {
  const options: RunOptions = { cellTimeout: values.timeout, notebookTimeout: Math.max(900, values.timeout + 300), write: !values.check };
  const notebooksDir = path.join(REPOSITORY, 'notebooks');
  const allNotebooks = fs
    .readdirSync(notebooksDir)
    .filter((f) => f.endsWith('.ipynb'))
    .sort()
    .map((f) => path.join(notebooksDir, f));
  const notebooks = positionals.map((p) => path.resolve(p));
  for (const notebook of notebooks) {
    if (!notebook.endsWith('.ipynb') || !fs.existsSync(notebook))
      throw new OptionError(`${notebook}: no such notebook (expected an existing .ipynb file)`);
  }
  if (notebooks.length === 0) notebooks.push(...allNotebooks);
  const tools = readTools();
  // Each notebook is its own kernel process; two at a time keep both cores busy (most of a notebook's
  // time is one single-threaded kernel). They start from the last: the tutorial's long experiments
  // are in its later notebooks, and started first they leave the short ones to fill the other core
  // at the end instead of one long notebook running alone.
  // Results keep the notebooks' order. runNotebook builds the library first where src/ changed; it
  // does so synchronously, so two notebooks never build at once.
  const jobs = Math.min(values.jobs ?? Math.min(2, os.availableParallelism()), notebooks.length);
  const results: NotebookResult[] = new Array(notebooks.length);
  const order = notebooks.map((_, i) => i).reverse();
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      while (order.length > 0) {
        const i = order.shift()!;
        process.stdout.write(`running ${path.relative(process.cwd(), notebooks[i])} ...\n`);
        results[i] = await runNotebook(notebooks[i], options, tools);
      }
    }),
  );
  console.log(`\n${formatSummary(results)}`);
  const failed = results.filter((r) => !r.ok).length;
  const where = (p: string) => path.relative(process.cwd(), p) || '.';
  if (options.write && failed === 0) {
    const files = await exportFigures(
      notebooks,
      path.join(REPOSITORY, 'figures'),
      allNotebooks.every((n) => notebooks.includes(n)),
    );
    console.log(`\nexecuted notebooks: ${[...new Set(notebooks.map((n) => where(path.dirname(n))))].join(', ')}/`);
    console.log(`figures: ${files.length} files in ${where(path.join(REPOSITORY, 'figures'))}/ (PNG, SVG and interactive HTML per figure)`);
    for (const file of files.filter((f) => f.endsWith('.png'))) console.log(`  ${where(file)}`);
  } else if (options.write) {
    console.log('\nfigures/ left as it was: a notebook failed');
  }
  console.log(`\n${results.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

if (require.main === module) {
  const help = [
    'Usage: node --import tsx tools/runNotebooks.ts [options] [notebook ...]',
    '',
    'Execute notebooks headlessly and judge every cell (default: notebooks/*.ipynb).',
  ];
  runCli({ name: 'runNotebooks', options: OPTIONS, help, positional: 'notebook', run: main }, process.argv.slice(2)).then((code) =>
    process.exit(code),
  );
}
