/**
 * `npm run bench`: ours against PyTorch, side by side in one run, alternating the two, each run in a
 * fresh process. Sections (all by default; --only picks some):
 *   epochs      training s/epoch per configuration and engine (a warm-up epoch first), the native
 *               kernel on 1 and 2 threads for the large configurations, PyTorch on 1 and 2 threads;
 *   job         the large command-line job end to end (bin/forecast.ts) against a PyTorch script
 *               doing the same loading, training and forecasts (bench/bench_job_torch.py);
 *   ahead       the default job against the same job with --ahead 20 (ours alone);
 *   ets         AutoETS on CO2 (the 18 admissible specs, the lowest AICc) against statsmodels' fits;
 *   inference   forecasts per second of the large LSTM, ours (native, 1 and 2 threads) against
 *               PyTorch under no_grad;
 *   notebooks   `npm start`'s notebooks (run with --check: files untouched) against as many
 *               one-cell notebooks (console.log(1)) through the same runner, Jupyter and kernel;
 *   scale       the CLI job (1 epoch, tutorial LSTM) on generated files of 200,000 and 2,000,000 rows
 *               against pandas + PyTorch, seconds per stage (bench/benchScale.ts; 1 run).
 * Prints medians, ratios and peak RSS, and writes bench/results.json.
 *
 *   npm run bench                          everything, 5 runs each (notebooks: 3)
 *   npm run bench -- --runs 3 --only job   fewer runs, one section
 *
 * Where PyTorch (Debian python3-torch, run with /usr/bin/python3) is missing, it says so and
 * times ours alone.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TUTORIAL } from '../src/config';
import { availableEngines, type EngineName } from '../src/engines/index';
import { nativeModule, nativeProblem } from '../src/engines/native/NativeKernel';
import { OptionError, isUserError } from '../src/errors';
import { median } from '../src/median';
import type { CellKind } from '../src/models/Recurrent';
import { setupFiles } from '../src/setupFiles';
import { benchScale, bytesPerRow, scaleTable, type ScaleRow } from './benchScale';
import { lastJson, PYTHON, torchVersion } from './benchTools';
import { parseOptions, usage } from '../src/cli/options';
import { REPOSITORY } from '../src/repository';

interface Config {
  name: string;
  kind: CellKind;
  hiddenSize: number;
  numLayers: number;
  seqLen: number;
  batchSize: number;
  /** Timed epochs per run (after one warm-up epoch). */
  epochs: number;
  /** Batches per timed epoch, scaled up to a whole epoch (large configurations only). */
  maxBatches?: number;
  /** Our engines, each with its native-kernel thread counts. */
  ours: Array<{ engine: EngineName; threads: number }>;
  /** PyTorch's thread counts. */
  torchThreads: number[];
}

const CORES = os.availableParallelism();
const TWO = CORES >= 2 ? [1, 2] : [1];
const SMALL = {
  hiddenSize: TUTORIAL.model.hiddenSize,
  numLayers: TUTORIAL.model.numLayers,
  seqLen: TUTORIAL.data.seqLen,
  batchSize: TUTORIAL.training.batchSize,
  epochs: 5,
};
const LARGE = { hiddenSize: 64, numLayers: 2, seqLen: 60, batchSize: 64, epochs: 1, maxBatches: 16 };
const ENGINES = availableEngines();
const oneThread = ENGINES.map((engine) => ({ engine, threads: 1 }));
const native2 = ENGINES.flatMap((engine) => (engine === 'native' ? TWO : [1]).map((threads) => ({ engine, threads })));
const CONFIGS: Config[] = [
  { name: 'tutorial LSTM', kind: 'lstm', ...SMALL, ours: oneThread, torchThreads: [1] },
  { name: 'tutorial GRU', kind: 'gru', ...SMALL, ours: oneThread, torchThreads: [1] },
  { name: 'tutorial RNN', kind: 'rnn', ...SMALL, ours: oneThread, torchThreads: [1] },
  { name: 'large LSTM', kind: 'lstm', ...LARGE, ours: native2, torchThreads: TWO },
  { name: 'large GRU', kind: 'gru', ...LARGE, ours: native2, torchThreads: TWO },
  { name: 'large RNN', kind: 'rnn', ...LARGE, ours: native2, torchThreads: TWO },
];
const SECTIONS = ['epochs', 'job', 'ahead', 'ets', 'inference', 'notebooks', 'scale'] as const;
type Section = (typeof SECTIONS)[number];

interface Sample {
  secondsPerEpoch: number;
  maxRssMB: number;
  backend?: string;
  leakedTensors?: number;
}

function runOurs(config: Config, engine: EngineName, threads = 1): Sample {
  const spec = {
    kind: config.kind,
    hiddenSize: config.hiddenSize,
    numLayers: config.numLayers,
    seqLen: config.seqLen,
    batchSize: config.batchSize,
    epochs: config.epochs,
    engine,
    maxBatches: config.maxBatches,
    threads,
  };
  return lastJson(
    execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'benchRun.ts'), JSON.stringify(spec)], {
      cwd: REPOSITORY,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  );
}

function runTorch(config: Config, threads = 1): Sample {
  const args = [
    config.kind,
    config.hiddenSize,
    config.numLayers,
    config.seqLen,
    config.batchSize,
    config.epochs,
    ...(config.maxBatches ? [config.maxBatches] : []),
  ].map(String);
  return lastJson(
    execFileSync(PYTHON, [path.join(__dirname, 'bench_torch.py'), ...args], {
      cwd: path.join(REPOSITORY, 'bench'),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TORCH_THREADS: String(threads) },
    }),
  );
}

/** Wall seconds and the peak RSS of the largest process of a command (bench/peak_rss.py), which must succeed. */
function measure(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): { seconds: number; maxRssMB: number } {
  const run = spawnSync(PYTHON, [path.join(__dirname, 'peak_rss.py'), command, ...args], {
    cwd: REPOSITORY,
    encoding: 'utf8',
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
  const result = lastJson<{ seconds: number; maxRssMB: number; status: number }>(run.stderr ?? '');
  if (run.status !== 0 || result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${run.stdout}\n${run.stderr}`);
  return result;
}

interface Row {
  section: Section;
  config: string;
  implementation: string;
  /** The median of the section's measure: s/epoch, s per job or notebook run, or windows per second. */
  value: number;
  unit: string;
  /** Ours over the reference, both as times (for throughput: the reference's rate over ours). */
  ratio: number | null;
  reference: string | null;
  peakRssMB: number | null;
  runs: number;
  note?: string;
}

const rows: Row[] = [];

function addRows(
  section: Section,
  config: string,
  unit: string,
  samples: Map<string, Array<{ value: number; maxRssMB: number | null }>>,
  reference: string | undefined,
  higherIsBetter = false,
  note?: string,
) {
  const referenceMedian = reference && samples.get(reference)?.length ? median(samples.get(reference)!.map((s) => s.value)) : undefined;
  for (const [implementation, list] of samples) {
    if (list.length === 0) continue;
    const value = median(list.map((s) => s.value));
    const peaks = list.map((s) => s.maxRssMB).filter((m): m is number => m !== null);
    rows.push({
      section,
      config,
      implementation,
      value,
      unit,
      ratio: referenceMedian === undefined ? null : higherIsBetter ? referenceMedian / value : value / referenceMedian,
      reference: referenceMedian === undefined ? null : reference!,
      peakRssMB: peaks.length ? Math.max(...peaks) : null,
      runs: list.length,
      ...(note ? { note } : {}),
    });
  }
}

const progress = (label: string, run: number, runs: number) => process.stdout.write(`\r${label}: run ${run + 1}/${runs}`);

function benchEpochs(runs: number, torch: string | undefined): Record<string, Sample> {
  for (const config of CONFIGS) {
    const samples = new Map<string, Array<{ value: number; maxRssMB: number | null }>>();
    const add = (name: string, sample: Sample) => {
      if (!samples.has(name)) samples.set(name, []);
      samples.get(name)!.push({ value: sample.secondsPerEpoch, maxRssMB: sample.maxRssMB });
    };
    const ourName = (engine: EngineName, threads: number) =>
      `ours, ${engine} engine${engine === 'tfjs' ? '' : engine === 'native' ? `, ${nativeModule()!.blas}, ${threads} thread${threads > 1 ? 's' : ''}` : ''}`;
    const torchName = (threads: number) => `PyTorch ${torch}, ${threads} thread${threads > 1 ? 's' : ''}`;
    for (let run = 0; run < runs; run++) {
      // Alternate: ours, PyTorch, ours, ... so that drifts in machine load hit both.
      for (const { engine, threads } of config.ours) add(ourName(engine, threads), runOurs(config, engine, threads));
      if (torch) for (const threads of config.torchThreads) add(torchName(threads), runTorch(config, threads));
      progress(config.name, run, runs);
    }
    process.stdout.write('\n');
    addRows(
      'epochs',
      config.name,
      's/epoch',
      samples,
      torch ? torchName(1) : undefined,
      false,
      config.maxBatches ? `each epoch timed over ${config.maxBatches} batches and scaled up` : undefined,
    );
  }
  // Memory: one 200-epoch run of the tutorial's LSTM on each of our kernels, peak RSS and tensors left over.
  const memory: Record<string, Sample> = {};
  for (const engine of ENGINES.filter((e) => e !== 'tfjs')) {
    memory[engine] = runOurs({ ...CONFIGS[0], epochs: 199 }, engine);
    console.log(
      `memory: 200 epochs of the tutorial LSTM, ${engine} engine: peak RSS ${memory[engine].maxRssMB.toFixed(0)} MB, tensors leaked ${memory[engine].leakedTensors}`,
    );
  }
  return memory;
}

/** The issue's large job: what a user types, timed from outside. */
const JOB_ARGS = ['--model', 'lstm', '--hidden', '64', '--seq-len', '60', '--batch', '64', '--epochs', '3'];

function benchJob(runs: number, torch: string | undefined) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-job-'));
  try {
    const samples = new Map<string, Array<{ value: number; maxRssMB: number | null }>>();
    const ours = `ours: npm run forecast -- ${JOB_ARGS.join(' ')} (figures included)`;
    const torchName = (threads: number) => `PyTorch ${torch} script, ${threads} thread${threads > 1 ? 's' : ''} (no figures)`;
    const add = (name: string, m: { seconds: number; maxRssMB: number }) => {
      if (!samples.has(name)) samples.set(name, []);
      samples.get(name)!.push({ value: m.seconds, maxRssMB: m.maxRssMB });
    };
    const oursHtmlOnly = `ours, the same with --no-images (HTML figures only)`;
    for (let run = 0; run < runs; run++) {
      add(
        ours,
        measure(process.execPath, ['--import', 'tsx', 'bin/forecast.ts', ...JOB_ARGS, '--out', path.join(work, 'ours'), '--force']),
      );
      add(
        oursHtmlOnly,
        measure(process.execPath, [
          '--import',
          'tsx',
          'bin/forecast.ts',
          ...JOB_ARGS,
          '--out',
          path.join(work, 'ours'),
          '--force',
          '--no-images',
        ]),
      );
      if (torch) for (const threads of TWO) add(torchName(threads), measure(PYTHON, ['bench/bench_job_torch.py', String(threads), work]));
      progress('large job', run, runs);
    }
    process.stdout.write('\n');
    addRows(
      'job',
      'large LSTM job (3 epochs, forecasts of all 5,045 windows)',
      's',
      samples,
      torch ? torchName(1) : undefined,
      false,
      'peak RSS: the largest process (ours: Node; its Chromium for the figures is a separate, smaller process)',
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The default job (the tutorial's set-up, both cells) against the same job with --ahead 20, alternated, timed from outside. */
const AHEAD_ARGS = ['--ahead', '20'];

function benchAhead(runs: number) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ahead-'));
  try {
    const samples = new Map<string, Array<{ value: number; maxRssMB: number | null }>>();
    const add = (name: string, m: { seconds: number; maxRssMB: number }) => {
      if (!samples.has(name)) samples.set(name, []);
      samples.get(name)!.push({ value: m.seconds, maxRssMB: m.maxRssMB });
    };
    const plain = 'ours: npm run forecast (figures included)';
    const ahead = `ours: npm run forecast -- ${AHEAD_ARGS.join(' ')} (figures included)`;
    const forecast = (extra: string[]) =>
      measure(process.execPath, ['--import', 'tsx', 'bin/forecast.ts', ...extra, '--out', path.join(work, 'out'), '--force']);
    for (let run = 0; run < runs; run++) {
      add(plain, forecast([]));
      add(ahead, forecast(AHEAD_ARGS));
      progress('default job with and without --ahead', run, runs);
    }
    process.stdout.write('\n');
    addRows(
      'ahead',
      'the default job, and with forecasts past the last row (every network trained once more)',
      's',
      samples,
      plain,
      false,
      'ratio: against the default job without --ahead',
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** AutoETS on CO2, ours against statsmodels (bench_ets_statsmodels.py), alternated, each in a fresh process. */
function benchEts(runs: number) {
  const samples = new Map<string, Array<{ value: number; maxRssMB: number | null }>>();
  const add = (name: string, seconds: number) => {
    if (!samples.has(name)) samples.set(name, []);
    samples.get(name)!.push({ value: seconds, maxRssMB: null });
  };
  const repeated = new Map<string, Array<{ value: number; maxRssMB: number | null }>>();
  const again = (name: string, seconds: number) => {
    if (!repeated.has(name)) repeated.set(name, []);
    repeated.get(name)!.push({ value: seconds, maxRssMB: null });
  };
  const run = (command: string, args: string[]) =>
    lastJson<{ seconds: number; again: number; spec: string }>(
      execFileSync(command, args, { cwd: REPOSITORY, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    );
  for (let k = 0; k < runs; k++) {
    const ours = run(process.execPath, ['--import', 'tsx', path.join(__dirname, 'benchEts.ts')]);
    const theirs = run(PYTHON, [path.join(__dirname, 'bench_ets_statsmodels.py')]);
    add(`ours (AICc picks ${ours.spec})`, ours.seconds);
    add(`statsmodels ETSModel (AICc picks ${theirs.spec})`, theirs.seconds);
    again(`ours (AICc picks ${ours.spec})`, ours.again);
    again(`statsmodels ETSModel (AICc picks ${theirs.spec})`, theirs.again);
    progress('AutoETS on CO2', k, runs);
  }
  process.stdout.write('\n');
  const reference = [...samples.keys()].find((name) => name.startsWith('statsmodels'));
  addRows(
    'ets',
    'AutoETS on CO2: 18 specs fitted, the lowest AICc (741 months, season 12)',
    's',
    samples,
    reference,
    false,
    'timed inside each process: the fits only, the first selection in a fresh process',
  );
  addRows(
    'ets',
    'AutoETS on CO2, a second selection in the same process (as walk-forward folds meet it)',
    's',
    repeated,
    reference,
    false,
    'timed inside each process: the fits only',
  );
}

function benchInference(runs: number, torch: string | undefined) {
  const windows = 20_000;
  const samples = new Map<string, Array<{ value: number; maxRssMB: number | null }>>();
  const add = (name: string, sample: { windowsPerSecond: number; maxRssMB: number }) => {
    if (!samples.has(name)) samples.set(name, []);
    samples.get(name)!.push({ value: sample.windowsPerSecond, maxRssMB: sample.maxRssMB });
  };
  const torchName = (threads: number) => `PyTorch ${torch}, no_grad, ${threads} thread${threads > 1 ? 's' : ''}`;
  const engines = nativeModule() ? TWO.map((threads) => ({ engine: 'native', threads })) : [{ engine: 'typescript', threads: 1 }];
  for (let run = 0; run < runs; run++) {
    for (const { engine, threads } of engines) {
      add(
        `ours, ${engine} engine, ${threads} thread${threads > 1 ? 's' : ''}`,
        lastJson(
          execFileSync(
            process.execPath,
            ['--import', 'tsx', path.join(__dirname, 'benchInference.ts'), JSON.stringify({ windows, engine, threads })],
            { cwd: REPOSITORY, encoding: 'utf8' },
          ),
        ),
      );
    }
    if (torch)
      for (const threads of TWO)
        add(
          torchName(threads),
          lastJson(
            execFileSync(PYTHON, [path.join(__dirname, 'bench_job_torch.py'), String(threads), '--inference', String(windows)], {
              cwd: path.join(REPOSITORY, 'bench'),
              encoding: 'utf8',
            }),
          ),
        );
    progress('inference', run, runs);
  }
  process.stdout.write('\n');
  addRows(
    'inference',
    `large LSTM forecasts, ${windows.toLocaleString('en-US')} windows in batches of 256`,
    'windows/s',
    samples,
    torch ? torchName(1) : undefined,
    true,
  );
}

function benchNotebooks(runs: number) {
  const notebooks = fs
    .readdirSync(path.join(REPOSITORY, 'notebooks'))
    .filter((f) => f.endsWith('.ipynb'))
    .sort();
  // One-cell notebooks in a folder of the repository (the kernel starts in the repository root anyway).
  const work = fs.mkdtempSync(path.join(REPOSITORY, '.bench-notebooks-'));
  try {
    const metadata = JSON.parse(fs.readFileSync(path.join(REPOSITORY, 'notebooks', notebooks[0]), 'utf8')).metadata;
    const oneCell = notebooks.map((name) => {
      const file = path.join(work, name);
      fs.writeFileSync(
        file,
        JSON.stringify({
          cells: [{ cell_type: 'code', execution_count: null, id: 'c1', metadata: {}, outputs: [], source: 'console.log(1)' }],
          metadata,
          nbformat: 4,
          nbformat_minor: 5,
        }),
      );
      return file;
    });
    const samples = new Map<string, Array<{ value: number; maxRssMB: number | null }>>();
    const add = (name: string, m: { seconds: number; maxRssMB: number }) => {
      if (!samples.has(name)) samples.set(name, []);
      samples.get(name)!.push({ value: m.seconds, maxRssMB: m.maxRssMB });
    };
    const runner = ['--import', 'tsx', 'tools/runNotebooks.ts', '--check'];
    const ours = `npm start's ${notebooks.length} notebooks (runNotebooks --check)`;
    const reference = `${notebooks.length} one-cell notebooks (console.log(1)), same runner`;
    for (let run = 0; run < runs; run++) {
      add(ours, measure(process.execPath, runner));
      add(reference, measure(process.execPath, [...runner, ...oneCell]));
      progress('notebooks', run, runs);
    }
    process.stdout.write('\n');
    addRows(
      'notebooks',
      'all notebooks, full runs',
      's',
      samples,
      reference,
      false,
      'peak RSS: the largest process (a kernel, Jupyter or a browser)',
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const OPTIONS = {
  runs: {
    type: 'integer',
    min: 1,
    max: 100,
    default: 5,
    help: 'runs per configuration and implementation, alternated (notebooks: at most 3)',
  },
  only: { type: 'string', value: 'LIST', help: `sections to run, comma-separated: ${SECTIONS.join(', ')} (default: all)` },
  help: { type: 'flag', help: 'show this help' },
} as const;

function main(): number {
  const { values } = parseOptions(OPTIONS, process.argv.slice(2));
  if (values.help) {
    console.log(
      usage(OPTIONS, [
        'Usage: npm run bench -- [options]',
        '',
        'Time training, the large command-line job, inference, the notebooks and the job at scale, ours against PyTorch, and write bench/results.json.',
      ]),
    );
    return 0;
  }
  const { runs } = values;
  const only = values.only
    ? values.only
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [...SECTIONS];
  for (const name of only)
    if (!SECTIONS.includes(name as Section)) throw new OptionError(`--only takes ${SECTIONS.join(', ')} (comma-separated), got "${name}"`);
  const torch = torchVersion();
  console.log(`machine: ${os.cpus()[0].model}, ${CORES} cores, Node ${process.version}`);
  console.log(
    nativeModule()
      ? `native kernel: ${path.relative(REPOSITORY, setupFiles.nativeKernel)} (BLAS: ${nativeModule()!.blas})`
      : `native kernel not timed: ${nativeProblem()}`,
  );
  console.log(
    torch
      ? `PyTorch ${torch} as the reference (ratios against 1 thread)`
      : 'PyTorch not found (/usr/bin/python3 with torch and pandas): timing ours alone. On Debian: apt-get install python3-torch python3-pandas',
  );
  if (!torch && (only.includes('job') || only.includes('notebooks')))
    console.log('the job and notebook sections measure through /usr/bin/python3 (bench/peak_rss.py) and are skipped without it');
  let memory: Record<string, Sample> | undefined;
  if (only.includes('epochs')) memory = benchEpochs(runs, torch);
  if (only.includes('job') && torch) benchJob(runs, torch);
  if (only.includes('ahead')) benchAhead(runs);
  if (only.includes('ets')) {
    if (spawnSync(PYTHON, ['-c', 'import statsmodels'], { stdio: 'ignore' }).status === 0) benchEts(runs);
    else console.log('the ets section needs /usr/bin/python3 with statsmodels (Debian: apt-get install python3-statsmodels); skipped');
  }
  if (only.includes('inference')) benchInference(runs, torch);
  if (only.includes('notebooks') && torch) benchNotebooks(Math.min(runs, 3));
  let scale: ScaleRow[] | undefined;
  if (only.includes('scale')) scale = benchScale({ runs: 1, onRun: (what) => process.stdout.write(`${what}\n`) });

  const number = (v: number, unit: string) =>
    unit === 'windows/s' ? Math.round(v).toLocaleString('en-US') : v < 0.1 ? v.toFixed(4) : v < 10 ? v.toFixed(3) : v.toFixed(1);
  const lines = [
    '| section | configuration | implementation | median | ratio | peak RSS MB |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.section} | ${r.config} | ${r.implementation} | ${number(r.value, r.unit)} ${r.unit} | ${r.ratio === null ? '-' : r.ratio.toFixed(2)} | ${r.peakRssMB === null ? '-' : r.peakRssMB.toFixed(0)} |`,
    ),
  ];
  console.log(`\n${lines.join('\n')}`);
  console.log(
    '\nratio: ours over the reference in time (the first PyTorch row of each block, 1 thread; notebooks: the one-cell notebooks); below 1 is faster.',
  );
  if (scale) {
    console.log(`\n${scaleTable(scale)}`);
    for (const [implementation, bytes] of Object.entries(bytesPerRow(scale)))
      console.log(`${implementation}: ${bytes.toFixed(0)} bytes of peak RSS per row (slope between the two files)`);
  }
  const outDir = path.join(REPOSITORY, 'bench');
  fs.mkdirSync(outDir, { recursive: true });
  const result = {
    date: new Date().toISOString(),
    machine: `${os.cpus()[0].model}, ${CORES} cores`,
    node: process.version,
    torch: torch ?? null,
    runs,
    sections: only,
    configs: CONFIGS,
    jobArgs: JOB_ARGS,
    rows,
    ...(memory ? { memory200Epochs: memory } : {}),
    ...(scale ? { scale, scaleBytesPerRow: bytesPerRow(scale) } : {}),
  };
  const file = path.join(outDir, only.length === SECTIONS.length ? 'results.json' : `results-${only.join('-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  if (!isUserError(error)) throw error;
  console.error(`bench: ${error.message}`);
  process.exitCode = 2;
}
