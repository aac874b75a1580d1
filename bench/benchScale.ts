/**
 * The scale benchmark: the CLI job (`--model lstm --epochs 1`, the tutorial's model) on generated
 * OHLCV files of minute bars, against pandas + PyTorch doing the same load, scaling, windows, epoch and
 * forecasts (bench/bench_scale_torch.py, /usr/bin/python3). Wall time, seconds per stage (load,
 * windows, training, forecasts, outputs) and peak RSS, each a median over the runs, ours and the
 * reference alternated. The files are seeded and written to a temporary folder removed at the end.
 *
 *   node --import tsx bench/benchScale.ts                      200,000 and 2,000,000 rows, 1 run
 *   node --import tsx bench/benchScale.ts --rows 200000 --runs 3
 *
 * benchScale() returns the rows for bench/bench.ts.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isUserError, OptionError } from '../src/errors';
import { median } from '../src/median';
import { lastJson, PYTHON, torchVersion } from './benchTools';
import { parseOptions, usage } from '../src/cli/options';
import { writeSyntheticOhlcv } from './syntheticOhlcv';
import { REPOSITORY } from '../src/repository';

const STAGES = ['load', 'windows', 'training', 'forecasts', 'outputs'] as const;
type Stage = (typeof STAGES)[number];
/** Loaded before the CLI: writes the process's peak RSS (KiB) to $MAX_RSS_FILE as it exits. */
const RECORD_MAX_RSS =
  'data:text/javascript,import{writeFileSync}from"node:fs";process.on("exit",()=>writeFileSync(process.env.MAX_RSS_FILE,String(process.resourceUsage().maxRSS)))';

export interface BenchScaleOptions {
  /** Data rows of each generated file (default 200,000 and 2,000,000). */
  rows?: readonly number[];
  /** Runs of each implementation per file, alternated; medians are reported (default 1). */
  runs?: number;
  /** Seed of the generated files (default 1). */
  seed?: number;
  /** Time the pandas + PyTorch reference too, where /usr/bin/python3 has torch and pandas (default true). */
  reference?: boolean;
  /** Told of each run as it starts (default: silent). */
  onRun?: (what: string) => void;
}

export interface ScaleRow {
  rows: number;
  fileMB: number;
  /** "ours (CLI ...)" or "pandas ... + PyTorch ...". */
  implementation: string;
  /** Seconds from starting the process to its exit (includes starting Node or Python and loading libraries). */
  wallSeconds: number;
  /** Seconds per stage; null where the implementation has no such stage (the reference writes no outputs). */
  stages: Record<Stage, number | null>;
  peakRssMB: number;
  runs: number;
}

interface Sample {
  wallSeconds: number;
  stages: Partial<Record<Stage, number>>;
  peakRssMB: number;
}

/** One CLI job on `file`, in a fresh process. */
function runOurs(file: string, folder: string): Sample {
  const out = path.join(folder, 'out');
  const rssFile = path.join(folder, 'max-rss');
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      RECORD_MAX_RSS,
      '--import',
      'tsx',
      path.join(__dirname, 'forecast.ts'),
      '--csv',
      file,
      '--model',
      'lstm',
      '--epochs',
      '1',
      '--out',
      out,
      '--force',
    ],
    { cwd: REPOSITORY, encoding: 'utf8', env: { ...process.env, MAX_RSS_FILE: rssFile }, maxBuffer: 64 * 2 ** 20 },
  );
  const wallSeconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`the CLI job on ${file} failed (exit ${result.status}):\n${result.stderr}`);
  const run = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8'));
  const sample = { wallSeconds, stages: run.timings.stages, peakRssMB: Number(fs.readFileSync(rssFile, 'utf8')) / 1024 };
  fs.rmSync(out, { recursive: true, force: true });
  return sample;
}

/** The pandas + PyTorch reference on `file`, in a fresh process. */
function runReference(file: string): Sample & { versions: string } {
  const started = performance.now();
  const result = spawnSync(PYTHON, [path.join(__dirname, 'bench_scale_torch.py'), file], { cwd: __dirname, encoding: 'utf8' });
  const wallSeconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`bench_scale_torch.py on ${file} failed (exit ${result.status}):\n${result.stderr}`);
  const report = lastJson<{ stages: Sample['stages']; maxRssMB: number; pandas: string; torch: string; threads: number }>(result.stdout);
  return {
    wallSeconds,
    stages: report.stages,
    peakRssMB: report.maxRssMB,
    versions: `pandas ${report.pandas} + PyTorch ${report.torch}, ${report.threads} thread`,
  };
}

const referenceAvailable = () => torchVersion() !== undefined;

function summarise(rows: number, fileMB: number, implementation: string, samples: Sample[]): ScaleRow {
  return {
    rows,
    fileMB,
    implementation,
    runs: samples.length,
    wallSeconds: median(samples.map((s) => s.wallSeconds)),
    stages: Object.fromEntries(
      STAGES.map((stage) => [stage, samples[0].stages[stage] === undefined ? null : median(samples.map((s) => s.stages[stage]!))]),
    ) as ScaleRow['stages'],
    peakRssMB: median(samples.map((s) => s.peakRssMB)),
  };
}

/** Generate each file, time the CLI job and the reference on it, and return one row per file and implementation. */
export function benchScale(options: BenchScaleOptions = {}): ScaleRow[] {
  const { rows = [200_000, 2_000_000], runs = 1, seed = 1, onRun = () => {} } = options;
  const reference = (options.reference ?? true) && referenceAvailable();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scale-'));
  const result: ScaleRow[] = [];
  try {
    for (const count of rows) {
      const file = path.join(folder, `ohlcv-${count}.csv`);
      const fileMB = writeSyntheticOhlcv({ file, rows: count, seed }) / 1e6;
      const ours: Sample[] = [];
      const theirs: Sample[] = [];
      let versions = '';
      for (let run = 0; run < runs; run++) {
        onRun(`${count.toLocaleString('en-US')} rows: ours, run ${run + 1}/${runs}`);
        ours.push(runOurs(file, folder));
        if (reference) {
          onRun(`${count.toLocaleString('en-US')} rows: pandas + PyTorch, run ${run + 1}/${runs}`);
          const sample = runReference(file);
          versions = sample.versions;
          theirs.push(sample);
        }
      }
      result.push(summarise(count, fileMB, 'ours (CLI, --model lstm --epochs 1)', ours));
      if (reference) result.push(summarise(count, fileMB, versions, theirs));
      fs.rmSync(file, { force: true });
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
  return result;
}

/** The rows as a Markdown table. */
export function scaleTable(rows: readonly ScaleRow[]): string {
  const seconds = (value: number | null) => (value === null ? '-' : value.toFixed(2));
  return [
    `| rows | implementation | wall s | ${STAGES.join(' s | ')} s | peak RSS MB |`,
    `|---|---|---|${STAGES.map(() => '---|').join('')}---|`,
    ...rows.map(
      (r) =>
        `| ${r.rows.toLocaleString('en-US')} | ${r.implementation} | ${seconds(r.wallSeconds)} | ${STAGES.map((stage) => seconds(r.stages[stage])).join(' | ')} | ${r.peakRssMB.toFixed(0)} |`,
    ),
  ].join('\n');
}

/**
 * Peak RSS per row between the smallest and the largest file, by implementation: the slope of memory
 * with rows, which leaves out the fixed cost of the runtime and libraries.
 */
export function bytesPerRow(rows: readonly ScaleRow[]): Record<string, number> {
  const slopes: Record<string, number> = {};
  for (const implementation of new Set(rows.map((r) => r.implementation))) {
    const mine = rows.filter((r) => r.implementation === implementation).sort((a, b) => a.rows - b.rows);
    if (mine.length < 2) continue;
    const [small, large] = [mine[0], mine[mine.length - 1]];
    slopes[implementation] = ((large.peakRssMB - small.peakRssMB) * 2 ** 20) / (large.rows - small.rows);
  }
  return slopes;
}

const OPTIONS = {
  rows: { type: 'string', value: 'N,N,...', default: '200000,2000000', help: 'data rows of each generated file' },
  runs: { type: 'integer', min: 1, max: 20, default: 1, help: 'runs per file and implementation (medians are reported)' },
  help: { type: 'flag', help: 'show this help' },
} as const;

function main(): number {
  const { values } = parseOptions(OPTIONS, process.argv.slice(2));
  if (values.help) {
    console.log(
      usage(OPTIONS, [
        'Usage: node --import tsx bench/benchScale.ts [options]',
        '',
        'The CLI job on generated OHLCV files against pandas + PyTorch: wall time, seconds per stage, peak RSS.',
      ]),
    );
    return 0;
  }
  const rows = values.rows.split(',').map((text) => Number(text.trim().replace(/_/g, '')));
  if (rows.some((n) => !Number.isInteger(n) || n < 1000))
    throw new OptionError(`--rows takes whole numbers of at least 1000, comma-separated; got "${values.rows}"`);
  console.log(
    `machine: ${os.cpus()[0].model}, ${os.cpus().length} cores, Node ${process.version}; other work on the machine shows in the times`,
  );
  if (!referenceAvailable()) console.log('pandas + PyTorch not found (/usr/bin/python3 with torch and pandas): timing ours alone');
  const result = benchScale({ rows, runs: values.runs, onRun: (what) => process.stderr.write(`${what}\n`) });
  console.log(`\n${scaleTable(result)}`);
  for (const [implementation, bytes] of Object.entries(bytesPerRow(result)))
    console.log(`\n${implementation}: ${bytes.toFixed(0)} bytes of peak RSS per row (slope between the smallest and largest file)`);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main();
  } catch (error) {
    if (!isUserError(error)) throw error;
    console.error(`benchScale: ${error.message}`);
    process.exitCode = 2;
  }
}
