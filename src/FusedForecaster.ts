/**
 * The fast path of a Forecaster: the recurrent stack, the linear head and the MSE loss, forward
 * and backward, over one flat Float64Array of parameters in the order of `Forecaster.parameters()`.
 * Used by the training loop in place of tfjs ops; the tfjs Forecaster stays the readable reference
 * it is tested against. Two kernels compute it:
 *   'js'     FusedRecurrent, typed-array loops in float64 (always available);
 *   'native' src/native/recurrent.cc, float32 with BLAS matrix products (where setup built it).
 */
import * as tf from '@tensorflow/tfjs';
import type { Forecaster } from './Forecaster';
import { FusedRecurrent, type Cell } from './FusedRecurrent';
import { nativeKernel, nativeKernelProblem, type NativeHandle, type NativeKernel } from './native';

export type FusedKernel = 'js' | 'native';

export class FusedForecaster {
  readonly recurrent: FusedRecurrent;
  /** All parameters, in the order of Forecaster.parameters(). */
  readonly theta: Float64Array;
  /** Gradient of the last `lossAndGradient`, same layout as theta. */
  readonly grad: Float64Array;
  private readonly seqLen: number;
  private readonly hiddenSize: number;
  private readonly horizon: number;
  private readonly last: boolean;
  private readonly fcWeight: number;
  private readonly fcBias: number;
  private readonly headIn: number;
  private y = new Float64Array(0);
  private dOut = new Float64Array(0);
  readonly kernel: FusedKernel;
  private readonly native?: { module: NativeKernel; handle: NativeHandle };

  constructor(private readonly model: Forecaster, kernel: FusedKernel = 'js') {
    const { kind, inputSize, hiddenSize, numLayers, seqLen, horizon, head, nonlinearity } = model.options;
    const cell: Cell = kind === 'lstm' ? 'lstm' : nonlinearity === 'relu' ? 'rnn-relu' : 'rnn-tanh';
    this.kernel = kernel;
    if (kernel === 'native') {
      const module = nativeKernel();
      if (!module) throw new Error(`the native kernel is not available: ${nativeKernelProblem()}`);
      this.native = { module, handle: module.create({ cell, inputSize, hiddenSize, numLayers, seqLen, horizon: horizon ?? 1, lastHead: head === 'last' }) };
    }
    this.recurrent = new FusedRecurrent({ cell, inputSize, hiddenSize, numLayers });
    this.seqLen = seqLen;
    this.hiddenSize = hiddenSize;
    this.horizon = horizon;
    this.last = head === 'last';
    this.headIn = this.last ? hiddenSize : hiddenSize * seqLen;
    this.fcWeight = this.recurrent.size;
    this.fcBias = this.fcWeight + horizon * this.headIn;
    this.theta = new Float64Array(this.fcBias + horizon);
    this.grad = new Float64Array(this.theta.length);
    this.pull();
  }

  /** Copy the model's tfjs variables into theta. */
  pull(): void {
    let at = 0;
    for (const variable of this.model.parameters().values()) {
      this.theta.set(variable.dataSync(), at);
      at += variable.size;
    }
    if (at !== this.theta.length) throw new Error(`FusedForecaster: the model has ${at} parameters, the layout ${this.theta.length}`);
  }

  /** Copy theta back into the model's tfjs variables (rounded to float32). */
  push(): void {
    let at = 0;
    for (const variable of this.model.parameters().values()) {
      const values = Float32Array.from(this.theta.subarray(at, at + variable.size));
      tf.tidy(() => variable.assign(tf.tensor(values, variable.shape)));
      at += variable.size;
    }
  }

  /** Forecasts for the windows `rows` of xs ([n, seqLen, inputSize]), [B, horizon]; the array is reused by the next call. */
  predict(xs: ArrayLike<number>, rows: ArrayLike<number>): Float64Array {
    const B = rows.length;
    if (this.native) {
      if (this.y.length < B * this.horizon) this.y = new Float64Array(B * this.horizon);
      this.native.module.predict(this.native.handle, this.theta, asFloat32(xs), asInt32(rows), this.y);
      return this.y;
    }
    const T = this.seqLen;
    const H = this.hiddenSize;
    const theta = this.theta;
    this.recurrent.forward(theta, xs, T, rows);
    const hs = this.recurrent.outputs();
    if (this.y.length < B * this.horizon) this.y = new Float64Array(B * this.horizon);
    const y = this.y;
    const firstT = this.last ? T - 1 : 0;
    for (let b = 0; b < B; b++) {
      for (let o = 0; o < this.horizon; o++) {
        let s = theta[this.fcBias + o];
        const w = this.fcWeight + o * this.headIn;
        // Flatten head: input index t*H + j (row-major [T, H] per window); last head: j.
        for (let t = firstT; t < T; t++) {
          const h = (t * B + b) * H;
          const wt = w + (t - firstT) * H;
          for (let j = 0; j < H; j++) s += theta[wt + j] * hs[h + j];
        }
        y[b * this.horizon + o] = s;
      }
    }
    return y;
  }

  /**
   * One batch: forward, MSE against ys, and the gradient of the mean loss into `grad` (and, when
   * `dx` is given, the gradient with respect to the inputs, [B, seqLen, inputSize]).
   * Returns the summed squared error of the batch (sum over windows and horizon steps).
   */
  lossAndGradient(xs: ArrayLike<number>, ys: ArrayLike<number>, rows: ArrayLike<number>, dx?: Float64Array): number {
    if (this.native) {
      return this.native.module.lossAndGradient(this.native.handle, this.theta, this.grad, asFloat32(xs), asFloat32(ys), asInt32(rows), dx ?? null);
    }
    const B = rows.length;
    const T = this.seqLen;
    const H = this.hiddenSize;
    const P = this.horizon;
    const theta = this.theta;
    const grad = this.grad;
    const y = this.predict(xs, rows);
    const hs = this.recurrent.outputs();
    grad.fill(0);
    if (this.dOut.length < T * B * H) this.dOut = new Float64Array(T * B * H);
    const dOut = this.dOut;
    dOut.fill(0, 0, T * B * H);
    const scale = 2 / (B * P);
    const firstT = this.last ? T - 1 : 0;
    let sum = 0;
    for (let b = 0; b < B; b++) {
      for (let o = 0; o < P; o++) {
        const err = y[b * P + o] - ys[rows[b] * P + o];
        sum += err * err;
        const dy = scale * err;
        grad[this.fcBias + o] += dy;
        const w = this.fcWeight + o * this.headIn;
        for (let t = firstT; t < T; t++) {
          const h = (t * B + b) * H;
          const wt = w + (t - firstT) * H;
          for (let j = 0; j < H; j++) {
            grad[wt + j] += dy * hs[h + j];
            dOut[h + j] += dy * theta[wt + j];
          }
        }
      }
    }
    this.recurrent.backward(theta, grad, dOut, dx);
    return sum;
  }

  /** Summed squared error over all windows, in chunks, without gradients. */
  sumSquaredError(xs: ArrayLike<number>, ys: ArrayLike<number>, n: number, chunk = 256): number {
    let sum = 0;
    const rows = new Int32Array(chunk);
    for (let from = 0; from < n; from += chunk) {
      const B = Math.min(chunk, n - from);
      const view = rows.subarray(0, B);
      for (let b = 0; b < B; b++) view[b] = from + b;
      const y = this.predict(xs, view);
      for (let i = 0; i < B * this.horizon; i++) sum += (y[i] - ys[from * this.horizon + i]) ** 2;
    }
    return sum;
  }
}

const asFloat32 = (values: ArrayLike<number>) => (values instanceof Float32Array ? values : Float32Array.from(values));
const asInt32 = (values: ArrayLike<number>) => (values instanceof Int32Array ? values : Int32Array.from(values));
