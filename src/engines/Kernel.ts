/**
 * The interface of a training kernel: a Forecaster's forward pass, MSE loss and backward pass
 * through time for one batch, and its forward pass alone for inference, over one flat parameter
 * vector laid out by `parameterLayout`. Implemented in TypeScript (typescript/TypeScriptKernel.ts,
 * float64 loops), tested against PyTorch and the readable tfjs Forecaster, and in C++ (native/,
 * float32 with BLAS), tested against the TypeScript kernel.
 */
import type { WindowArrays } from '../data/Windows';
import type { Forecaster } from '../models/Forecaster';
import type { LayoutShape, ParameterLayout } from './parameterLayout';

/** The kernels, by engine name. */
export type KernelName = 'typescript' | 'native';

/** Everything a kernel's arithmetic depends on. */
export interface KernelShape extends LayoutShape {
  /** The RNN's activation (ignored for LSTM). */
  nonlinearity: 'tanh' | 'relu';
  head: NonNullable<LayoutShape['head']>;
}

export interface Kernel {
  readonly name: KernelName;
  readonly shape: KernelShape;
  readonly layout: ParameterLayout;
  /** Threads a batch is split across. */
  readonly threads: number;
  /**
   * One batch: the windows `rows` of `windows` (each [seqLen, inputSize] inputs and horizon targets,
   * read through the arrays' strides). Writes the gradient of the batch's mean squared error into
   * `grad` (theta's layout) and, when `dx` is given, dLoss/dx into it, [batch, seqLen, inputSize].
   * Returns the batch's summed squared error (over windows and horizon steps).
   */
  lossAndGradient(theta: Float64Array, grad: Float64Array, windows: WindowArrays, rows: Int32Array, dx?: Float64Array): number;
  /** Forecasts of the windows `rows`, [batch, horizon] row-major, in the windows' (scaled) units. The array is reused by the next call. */
  predict(theta: Float64Array, windows: WindowArrays, rows: Int32Array): Float64Array;
  /** Free the batch buffers now (they are allocated again by the next call); for kernels whose memory the collector does not see. */
  release?(): void;
}

/** A Forecaster's kernel shape. */
export function kernelShape(model: Forecaster): KernelShape {
  const { kind, nonlinearity, inputSize, hiddenSize, numLayers, head, seqLen, horizon } = model.options;
  return { kind, nonlinearity, inputSize, hiddenSize, numLayers, head: { kind: head, seqLen, horizon } };
}
