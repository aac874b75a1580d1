/**
 * How much the loss still "feels" each input step: the mean over windows of ||dLoss/dx_t|| for
 * every timestep t. In a plain RNN this norm shrinks roughly geometrically with the distance from
 * the end of the window (vanishing gradients); an LSTM's cell state lets it decay far more slowly.
 */
import type { Windows } from '../data/Windows';
import { windowArrays } from '../data/WindowArrays';
import { kernelShape } from '../engines/Kernel';
import { readParameters } from '../engines/parameterLayout';
import { TypeScriptKernel } from '../engines/typescript/TypeScriptKernel';
import type { Forecaster } from '../models/Forecaster';

/** Per timestep t = 0..seqLen-1: mean over the windows of ||dLoss/dx_t||₂ (loss: MSE of the model's forecasts). */
export function inputGradientNorms(model: Forecaster, windows: Windows): Float64Array {
  const { seqLen: T, inputSize: I, n } = windows;
  const kernel = new TypeScriptKernel(kernelShape(model));
  const theta = readParameters(model, kernel.layout);
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  const dx = new Float64Array(n * T * I); // [n, T, I]
  kernel.lossAndGradient(theta, new Float64Array(theta.length), windowArrays(windows), rows, dx);
  const norms = new Float64Array(T);
  for (let b = 0; b < n; b++) {
    for (let t = 0; t < T; t++) {
      let sum = 0;
      for (let i = 0; i < I; i++) sum += dx[(b * T + t) * I + i] ** 2;
      norms[t] += Math.sqrt(sum) / n;
    }
  }
  return norms;
}
