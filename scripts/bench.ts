/**
 * `npm run bench`: our training against PyTorch (1 thread), side by side in one run, alternating
 * the two, each run in a fresh process with a warm-up epoch. Prints median s/epoch per
 * configuration, the ratio to PyTorch and the peak RSS, and writes bench/results.json.
 *
 *   npm run bench              all configurations, 5 runs each
 *   npm run bench -- --runs 3  fewer runs
 *
 * Where PyTorch (Debian python3-torch, run with /usr/bin/python3) is missing, it says so and
 * times ours alone.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NATIVE_KERNEL_PATH, nativeKernel, nativeKernelProblem } from '../src/native';
import { availableEngines, type EngineName } from '../src/train';
import { REPO } from './tools';

interface Config {
  name: string;
  kind: 'lstm' | 'rnn';
  hiddenSize: number;
  numLayers: number;
  seqLen: number;
  batchSize: number;
  /** Timed epochs per run (after one warm-up epoch). */
  epochs: number;
  /** Batches per timed epoch, scaled up to a whole epoch (large configurations only). */
  maxBatches?: number;
  engines: EngineName[];
}

const TUTORIAL = { hiddenSize: 8, numLayers: 2, seqLen: 5, batchSize: 20, epochs: 5 };
const LARGE = { hiddenSize: 64, numLayers: 2, seqLen: 60, batchSize: 64, epochs: 1, maxBatches: 16 };
const ENGINES = availableEngines();
const CONFIGS: Config[] = [
  { name: 'tutorial LSTM', kind: 'lstm', ...TUTORIAL, engines: ENGINES },
  { name: 'tutorial RNN', kind: 'rnn', ...TUTORIAL, engines: ENGINES },
  { name: 'large LSTM', kind: 'lstm', ...LARGE, engines: ENGINES },
  { name: 'large RNN', kind: 'rnn', ...LARGE, engines: ENGINES },
];
const PYTHON = '/usr/bin/python3';

interface Sample {
  secondsPerEpoch: number;
  maxRssMB: number;
  backend?: string;
  leakedTensors?: number;
}

function runOurs(config: Config, engine: EngineName): Sample {
  const spec = { kind: config.kind, hiddenSize: config.hiddenSize, numLayers: config.numLayers, seqLen: config.seqLen, batchSize: config.batchSize, epochs: config.epochs, engine, maxBatches: config.maxBatches };
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'benchRun.ts'), JSON.stringify(spec)], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function runTorch(config: Config): Sample {
  const args = [config.kind, config.hiddenSize, config.numLayers, config.seqLen, config.batchSize, config.epochs, ...(config.maxBatches ? [config.maxBatches] : [])].map(String);
  const out = execFileSync(PYTHON, [path.join(__dirname, 'bench_torch.py'), ...args], { cwd: path.join(REPO, 'scripts'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function torchAvailable(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import torch, pandas; print(torch.__version__)'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function main() {
  const runsArg = process.argv.indexOf('--runs');
  const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
  const torch = torchAvailable();
  console.log(`machine: ${os.cpus()[0].model}, ${os.cpus().length} cores, Node ${process.version}`);
  console.log(nativeKernel() ? `native kernel: ${path.relative(REPO, NATIVE_KERNEL_PATH)} (BLAS: ${nativeKernel()!.blas})` : `native kernel not timed: ${nativeKernelProblem()}`);
  console.log(torch ? `PyTorch ${torch} (1 thread) as the reference` : 'PyTorch not found (/usr/bin/python3 with torch and pandas): timing ours alone. On Debian: apt-get install python3-torch python3-pandas');
  const rows: Array<Record<string, unknown>> = [];
  for (const config of CONFIGS) {
    const samples: Record<string, Sample[]> = { torch: [], ...Object.fromEntries(config.engines.map((e) => [e, []])) };
    for (let run = 0; run < runs; run++) {
      // Alternate: ours, PyTorch, ours, ... so that drifts in machine load hit both.
      for (const engine of config.engines) samples[engine].push(runOurs(config, engine));
      if (torch) samples.torch.push(runTorch(config));
      process.stdout.write(`\r${config.name}: run ${run + 1}/${runs}`);
    }
    process.stdout.write('\n');
    const torchMedian = torch ? median(samples.torch.map((s) => s.secondsPerEpoch)) : undefined;
    for (const name of [...config.engines, ...(torch ? ['torch'] : [])]) {
      const list = samples[name];
      const secondsPerEpoch = median(list.map((s) => s.secondsPerEpoch));
      rows.push({
        config: config.name,
        implementation: name === 'torch' ? `PyTorch ${torch}, 1 thread` : `ours, ${name} engine${name === 'tfjs' ? `, ${list[0].backend}` : name === 'native' ? `, ${nativeKernel()!.blas}` : ''}`,
        secondsPerEpoch,
        ratioToTorch: torchMedian ? secondsPerEpoch / torchMedian : null,
        peakRssMB: Math.max(...list.map((s) => s.maxRssMB)),
        leakedTensors: name === 'torch' ? null : Math.max(...list.map((s) => s.leakedTensors ?? 0)),
        runs: list.length,
        scaledFromBatches: config.maxBatches ?? null,
      });
    }
  }
  // Memory: one 200-epoch run of the tutorial's LSTM on each of our kernels, peak RSS and tensors left over.
  const memory: Record<string, Sample> = {};
  for (const engine of ENGINES.filter((e) => e !== 'tfjs')) {
    memory[engine] = runOurs({ ...CONFIGS[0], epochs: 199 }, engine);
    console.log(`memory: 200 epochs of the tutorial LSTM, ${engine} engine: peak RSS ${memory[engine].maxRssMB.toFixed(0)} MB, tensors leaked ${memory[engine].leakedTensors}`);
  }
  const header = `| configuration | implementation | s/epoch (median) | ratio to PyTorch | peak RSS MB |`;
  const lines = [header, '|---|---|---|---|---|', ...rows.map((r) =>
    `| ${r.config} | ${r.implementation} | ${(r.secondsPerEpoch as number).toFixed(3)} | ${r.ratioToTorch === null ? '-' : (r.ratioToTorch as number).toFixed(2)} | ${(r.peakRssMB as number).toFixed(0)} |`)];
  console.log(`\n${lines.join('\n')}`);
  const outDir = path.join(REPO, 'bench');
  fs.mkdirSync(outDir, { recursive: true });
  const result = { date: new Date().toISOString(), machine: `${os.cpus()[0].model}, ${os.cpus().length} cores`, node: process.version, torch: torch ?? null, runs, configs: CONFIGS, rows, memory200Epochs: memory };
  fs.writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwritten to ${path.relative(process.cwd(), path.join(outDir, 'results.json'))}`);
}

main();
