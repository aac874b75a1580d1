/**
 * Which engine trains a model, decided in one place:
 *   'native'      the C++ kernel (native/recurrent.cc, float32, BLAS), where setup built it;
 *   'typescript'  the TypeScript kernel (typescript/, float64 loops), always available;
 *   'tfjs'        tfjs ops and autodiff, for any Network.
 * 'auto': native where built; else typescript up to TYPESCRIPT_MAX_HIDDEN units and tfjs above;
 * tfjs for models that are not Forecasters.
 */
import * as os from 'node:os';
import { OptionError } from '../errors';
import { Forecaster } from '../models/Forecaster';
import type { Network } from '../models/Module';
import { kernelShape, type Kernel, type KernelName } from './Kernel';
import { kernelEngine } from './kernelEngine';
import { NativeKernel, nativeModule, nativeProblem } from './native/NativeKernel';
import { tfjsEngine } from './tfjs/tfjsEngine';
import type { EngineName, OptimizerOptions, TrainingEngine } from './TrainingEngine';
import { TypeScriptKernel } from './typescript/TypeScriptKernel';

export type EngineChoice = 'auto' | EngineName;
export const ENGINE_CHOICES: readonly EngineChoice[] = ['auto', 'native', 'typescript', 'tfjs'];

/**
 * Largest hiddenSize for which 'auto' picks the TypeScript kernel (when the native kernel is not
 * built). Measured with bench/benchRun.ts (LSTM, 2 layers, seqLen 20, batch 32, wasm backend,
 * s/epoch TypeScript vs tfjs): hidden 16 2.0 vs 3.0, 24 4.2 vs 4.5, 32 7.2 vs 5.2; at hidden 64
 * (npm run bench) tfjs is twice as fast. Below, per-op overhead dominates and the loops win;
 * above, tfjs's vectorised matmuls do.
 */
export const TYPESCRIPT_MAX_HIDDEN = 24;

/** The engines this machine has for Forecasters: the native kernel where setup built it, then the TypeScript kernel and tfjs. */
export function availableEngines(): EngineName[] {
  return nativeModule() ? ['native', 'typescript', 'tfjs'] : ['typescript', 'tfjs'];
}

/**
 * The engine that `choice` gives for `model`, where the native kernel is or is not `nativeBuilt`;
 * an OptionError says why a named engine cannot be had.
 */
export function resolveEngine(model: Network, choice: EngineChoice, nativeBuilt: boolean): EngineName {
  if (!ENGINE_CHOICES.includes(choice))
    throw new OptionError(`engine must be one of ${ENGINE_CHOICES.map((e) => `"${e}"`).join(', ')}, got "${choice}"`);
  if (!(model instanceof Forecaster)) {
    if (choice === 'native' || choice === 'typescript')
      throw new OptionError(`engine "${choice}" needs a Forecaster model; use "tfjs" or "auto"`);
    return 'tfjs';
  }
  if (choice === 'native' && !nativeBuilt)
    throw new OptionError(`engine "native" is not available: ${nativeProblem()}; use "auto", "typescript" or "tfjs"`);
  if (choice !== 'auto') return choice;
  if (nativeBuilt) return 'native';
  return model.options.hiddenSize <= TYPESCRIPT_MAX_HIDDEN ? 'typescript' : 'tfjs';
}

/** Threads for the native kernel: a number, or 'auto' (see kernelThreads). */
export type ThreadsChoice = number | 'auto';

/**
 * Multiply-adds of a batch's forward pass per thread below which 'auto' does not split it: a
 * thread is started per batch, which costs more than it saves on small batches. Measured with
 * bench/benchRun.ts (native LSTM, 2 layers, s/epoch, 1 thread against 2, three runs each): the
 * tutorial's batches (90 thousand multiply-adds) took 0.007 s against 0.012-0.019 s; 1.06 million
 * (hidden 16, seqLen 10, batch 32) broke even; 2.1 million (hidden 16, seqLen 20) gained 1.3x,
 * 8.2 million (hidden 32) 1.5x, 49 million (hidden 32, seqLen 60, batch 64) 1.8x and the large
 * LSTM's 193 million 1.9x.
 */
export const MIN_WORK_PER_THREAD = 1_000_000;

/** Multiply-adds of one window's forward pass through the recurrent stack. */
export function workPerWindow(model: Forecaster): number {
  const { kind, inputSize, hiddenSize: H, numLayers, seqLen } = model.options;
  const G = (kind === 'lstm' ? 4 : kind === 'gru' ? 3 : 1) * H;
  let perStep = 0;
  for (let k = 0; k < numLayers; k++) perStep += G * ((k === 0 ? inputSize : H) + H);
  return seqLen * perStep;
}

/**
 * Threads the native kernel splits a batch of `batchSize` windows across: `choice` when a number;
 * for 'auto', as many as the machine has cores (os.availableParallelism) and the batch has work
 * for at MIN_WORK_PER_THREAD each, at least one.
 */
export function kernelThreads(model: Forecaster, batchSize: number, choice: ThreadsChoice = 'auto'): number {
  if (choice !== 'auto') {
    if (!Number.isInteger(choice) || choice < 1)
      throw new OptionError(`threads must be a whole number of at least 1 or "auto", got ${choice}`);
    return choice;
  }
  const byWork = Math.floor((workPerWindow(model) * batchSize) / MIN_WORK_PER_THREAD);
  return Math.max(1, Math.min(os.availableParallelism(), byWork));
}

/** A kernel for a Forecaster; `threads` applies to the native kernel (default 1). */
export function createKernel(model: Forecaster, name: KernelName, options: { threads?: number } = {}): Kernel {
  const shape = kernelShape(model);
  return name === 'native' ? new NativeKernel(shape, { threads: options.threads }) : new TypeScriptKernel(shape);
}

/** The training engine `choice` gives for `model` on this machine, with batches of `batchSize` split across `threads`. */
export function createEngine(
  model: Network,
  choice: EngineChoice,
  options: OptimizerOptions & { batchSize: number; threads?: ThreadsChoice },
): TrainingEngine {
  const name = resolveEngine(model, choice, nativeModule() !== undefined);
  if (name === 'tfjs') return tfjsEngine(model, options);
  const threads = name === 'native' ? kernelThreads(model as Forecaster, options.batchSize, options.threads) : 1;
  return kernelEngine(model as Forecaster, createKernel(model as Forecaster, name, { threads }), options);
}

/** One line for logs: the engine 'auto' trains with here, and the native kernel's BLAS or why it is missing. */
export function describeEngine(): string {
  const module = nativeModule();
  if (module) return `training engine: native (C++, matrix products by ${module.blas === 'none' ? 'its own loops' : module.blas})`;
  return `training engine: typescript, or tfjs above ${TYPESCRIPT_MAX_HIDDEN} hidden units; the native kernel is missing: ${nativeProblem()}`;
}
