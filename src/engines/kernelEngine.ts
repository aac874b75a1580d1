/** The training engine over a kernel (TypeScript or native): the weights in one flat vector, Adam on it. */
import type { Windows } from '../data/Windows';
import { windowArrays } from '../data/WindowArrays';
import type { WindowArrays } from '../data/Windows';
import { OptionError } from '../errors';
import type { Forecaster } from '../models/Forecaster';
import { Adam } from './Adam';
import type { Kernel } from './Kernel';
import { readParameters, writeParameters } from './parameterLayout';
import type { OptimizerOptions, TrainingEngine } from './TrainingEngine';

export function kernelEngine(model: Forecaster, kernel: Kernel, options: OptimizerOptions): TrainingEngine {
  const theta = readParameters(model, kernel.layout);
  const grad = new Float64Array(theta.length);
  const adam = new Adam(theta.length, options);
  let losses: number[] = [];
  let best: Float64Array | undefined;
  const checked = new WeakSet<Windows>();
  /** The kernel reads windows by the model's shape: windows of another shape would be misread, not refused. */
  const check = (windows: Windows) => {
    if (checked.has(windows)) return;
    const {
      inputSize,
      head: { seqLen, horizon },
    } = kernel.shape;
    if (windows.seqLen !== seqLen || windows.inputSize !== inputSize || windows.horizon !== horizon) {
      throw new OptionError(
        `the windows have seqLen ${windows.seqLen}, inputSize ${windows.inputSize} and horizon ${windows.horizon}; the model was built for seqLen ${seqLen}, inputSize ${inputSize} and horizon ${horizon}`,
      );
    }
    checked.add(windows);
  };
  return {
    name: kernel.name,
    threads: kernel.threads,
    step(windows, rows) {
      check(windows);
      losses.push(kernel.lossAndGradient(theta, grad, windowArrays(windows), rows));
      if (options.clipGradNorm) clipByGlobalNorm(grad, options.clipGradNorm);
      adam.step(theta, grad);
    },
    async takeBatchLosses() {
      const values = losses;
      losses = [];
      return values;
    },
    async meanSquaredError(windows) {
      check(windows);
      return sumSquaredError(kernel, theta, windowArrays(windows), windows.n) / (windows.n * windows.horizon);
    },
    snapshot() {
      best = Float64Array.from(theta);
    },
    restore() {
      if (best) theta.set(best);
    },
    publish() {
      writeParameters(model, kernel.layout, theta);
    },
    finish() {
      writeParameters(model, kernel.layout, theta);
      kernel.release?.();
    },
  };
}

/**
 * The kernel's forecasts for the first `n` windows, `chunk` rows at a time, without gradients:
 * `visit(y, from, count)` gets each chunk's [count, horizon] forecasts (y is reused by the next chunk).
 */
export function forEachForecastChunk(
  kernel: Kernel,
  theta: Float64Array,
  windows: WindowArrays,
  n: number,
  chunk: number,
  visit: (y: Float64Array, from: number, count: number) => void,
): void {
  const rows = new Int32Array(chunk);
  for (let from = 0; from < n; from += chunk) {
    const count = Math.min(chunk, n - from);
    const view = rows.subarray(0, count);
    for (let b = 0; b < count; b++) view[b] = from + b;
    visit(kernel.predict(theta, windows, view), from, count);
  }
}

/** Summed squared error of the kernel's forecasts over the first `n` windows, in chunks, without gradients. */
export function sumSquaredError(kernel: Kernel, theta: Float64Array, windows: WindowArrays, n: number, chunk = 256): number {
  const P = kernel.shape.head.horizon;
  const { targets, targetStride } = windows;
  let sum = 0;
  forEachForecastChunk(kernel, theta, windows, n, chunk, (y, from, count) => {
    for (let b = 0; b < count; b++) {
      for (let o = 0; o < P; o++) sum += (y[b * P + o] - targets[(from + b) * targetStride + o]) ** 2;
    }
  });
  return sum;
}

/** In place: scale `grad` so that its L2 norm is at most `maxNorm`, as clip_grad_norm_ does. */
function clipByGlobalNorm(grad: Float64Array, maxNorm: number): void {
  let sum = 0;
  for (let i = 0; i < grad.length; i++) sum += grad[i] * grad[i];
  const coefficient = maxNorm / (Math.sqrt(sum) + 1e-6);
  if (coefficient >= 1) return;
  for (let i = 0; i < grad.length; i++) grad[i] *= coefficient;
}
