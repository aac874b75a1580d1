/**
 * Inference: scaled forecasts for every window, through the same engines that train. A Forecaster's
 * forward pass runs on the native or TypeScript kernel where 'auto' would train on it (no gradient,
 * batches of rows); any other model, or engine 'tfjs', runs the tfjs forward pass, the reference.
 */
import type { Windows } from '../data/Windows';
import { windowArrays } from '../data/WindowArrays';
import { Forecaster } from '../models/Forecaster';
import type { Network } from '../models/Module';
import { createKernel, kernelThreads, resolveEngine, workPerWindow, type EngineChoice, type ThreadsChoice } from './createEngine';
import { forEachForecastChunk } from './kernelEngine';
import { nativeModule } from './native/NativeKernel';
import { readParameters } from './parameterLayout';
import { meanSquaredErrorOf, tfjsPredict } from './tfjs/tfjsPredict';

export interface PredictOptions {
  /** Which engine computes the forecasts (default 'auto': the one training would use). */
  engine?: EngineChoice;
  /** Windows per forward pass (default: about INFERENCE_BATCH_WORK multiply-adds' worth, 256 to 16,384 windows). */
  batchSize?: number;
  /** Threads the native kernel splits each forward pass across (default 'auto': by its work and the cores). */
  threads?: ThreadsChoice;
  /** Called after each batch with the windows done so far and their total. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Multiply-adds per forward pass that the default batch size aims at: enough work for every thread
 * (kernelThreads) and for the matrix products, few enough windows that the buffers stay small (the
 * large LSTM, 3 million multiply-adds a window, gets the floor of 256 windows, about 60 MB of
 * buffers; the tutorial's, 4,480, gets 1,873).
 */
export const INFERENCE_BATCH_WORK = 2 ** 23;

/** Scaled forecasts of `model` for every window: [n, horizon] row-major. */
export function predict(model: Network, windows: Windows, options: PredictOptions = {}): Float32Array {
  const batchSize =
    options.batchSize ??
    (model instanceof Forecaster ? Math.max(256, Math.min(16_384, Math.ceil(INFERENCE_BATCH_WORK / workPerWindow(model)))) : 256);
  const engine = resolveEngine(model, options.engine ?? 'auto', nativeModule() !== undefined);
  if (engine === 'tfjs' || !(model instanceof Forecaster)) return tfjsPredict(model, windows, batchSize, options.onProgress);
  const kernel = createKernel(model, engine, { threads: engine === 'native' ? kernelThreads(model, batchSize, options.threads) : 1 });
  const { seqLen, horizon } = kernel.shape.head;
  if (windows.seqLen !== seqLen || windows.inputSize !== kernel.shape.inputSize || windows.horizon !== horizon) {
    // The kernel would misread windows of another shape; the tfjs forward pass refuses them with its own error.
    return tfjsPredict(model, windows, batchSize, options.onProgress);
  }
  const theta = readParameters(model, kernel.layout);
  const out = new Float32Array(windows.n * horizon);
  try {
    forEachForecastChunk(kernel, theta, windowArrays(windows), windows.n, batchSize, (y, from, count) => {
      out.set(y.subarray(0, count * horizon), from * horizon);
      options.onProgress?.(from + count, windows.n);
    });
  } finally {
    kernel.release?.();
  }
  return out;
}

/** Mean squared error of the model's forecasts over all windows, in the windows' (scaled) units. */
export function meanSquaredError(model: Network, windows: Windows, options: PredictOptions = {}): number {
  return meanSquaredErrorOf(predict(model, windows, options), windows);
}
