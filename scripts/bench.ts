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
import { TUTORIAL } from '../src/config';
import { availableEngines, type EngineName } from '../src/engines/index';
import { nativeModule, nativeProblem } from '../src/engines/native/NativeKernel';
import { isUserError } from '../src/errors';
import { median } from '../src/median';
import type { CellKind } from '../src/models/Recurrent';
import { setupFiles } from '../src/setupFiles';
import { parseOptions, usage } from './options';
import { REPO } from './tools';

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
  engines: EngineName[];
}

const SMALL = { hiddenSize: TUTORIAL.model.hiddenSize, numLayers: TUTORIAL.model.numLayers, seqLen: TUTORIAL.data.lookBack, batchSize: TUTORIAL.training.batchSize, epochs: 5 };
const LARGE = { hiddenSize: 64, numLayers: 2, seqLen: 60, batchSize: 64, epochs: 1, maxBatches: 16 };
const ENGINES = availableEngines();
const CONFIGS: Config[] = [
  { name: 'tutorial LSTM', kind: 'lstm', ...SMALL, engines: ENGINES },
  { name: 'tutorial GRU', kind: 'gru', ...SMALL, engines: ENGINES },
  { name: 'tutorial RNN', kind: 'rnn', ...SMALL, engines: ENGINES },
  { name: 'large LSTM', kind: 'lstm', ...LARGE, engines: ENGINES },
  { name: 'large GRU', kind: 'gru', ...LARGE, engines: ENGINES },
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

const OPTIONS = {
  runs: { type: 'integer', min: 1, max: 100, default: 5, help: 'runs per configuration and implementation, alternated' },
  help: { type: 'flag', help: 'show this help' },
} as const;

function main(): number {
  const { values } = parseOptions(OPTIONS, process.argv.slice(2));
  if (values.help) {
    console.log(usage(OPTIONS, ['Usage: npm run bench -- [options]', '', 'Time training per epoch, ours against PyTorch (1 thread), and write bench/results.json.']));
    return 0;
  }
  const { runs } = values;
  const torch = torchAvailable();
  console.log(`machine: ${os.cpus()[0].model}, ${os.cpus().length} cores, Node ${process.version}`);
  console.log(nativeModule() ? `native kernel: ${path.relative(REPO, setupFiles.nativeKernel)} (BLAS: ${nativeModule()!.blas})` : `native kernel not timed: ${nativeProblem()}`);
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
        implementation: name === 'torch' ? `PyTorch ${torch}, 1 thread` : `ours, ${name} engine${name === 'tfjs' ? `, ${list[0].backend}` : name === 'native' ? `, ${nativeModule()!.blas}` : ''}`,
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
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  if (!isUserError(error)) throw error;
  console.error(`bench: ${error.message}`);
  process.exitCode = 2;
}
