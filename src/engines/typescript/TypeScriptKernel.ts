/**
 * The TypeScript kernel: a Forecaster's recurrent stack (RecurrentKernel), its linear head and the
 * MSE loss, forward and backward, in float64 typed-array loops. Always available; the native
 * kernel does the same in C++ where setup built it.
 */
import type { WindowArrays } from '../../data/Windows';
import type { Kernel, KernelShape } from '../Kernel';
import { parameterLayout, type ParameterLayout } from '../parameterLayout';
import { RecurrentKernel } from './RecurrentKernel';

export class TypeScriptKernel implements Kernel {
  readonly name = 'typescript';
  readonly threads = 1;
  readonly layout: ParameterLayout;
  private readonly recurrent: RecurrentKernel;
  private readonly fcWeight: number;
  private readonly fcBias: number;
  /** First step the head reads: 0 for the flatten head, seqLen - 1 for the last-step head. */
  private readonly firstT: number;
  private y = new Float64Array(0);
  private dOut = new Float64Array(0);

  constructor(readonly shape: KernelShape) {
    this.layout = parameterLayout(shape);
    this.recurrent = new RecurrentKernel(shape, this.layout.layers);
    this.fcWeight = this.layout.head!.weight;
    this.fcBias = this.layout.head!.bias;
    this.firstT = shape.head.kind === 'last' ? shape.head.seqLen - 1 : 0;
  }

  predict(theta: Float64Array, windows: WindowArrays, rows: Int32Array): Float64Array {
    const B = rows.length;
    const {
      hiddenSize: H,
      head: { seqLen: T, horizon: P },
    } = this.shape;
    const headIn = this.layout.head!.inFeatures;
    this.recurrent.forward(theta, windows, T, rows);
    const hs = this.recurrent.outputs(); // [T][B][H]
    if (this.y.length < B * P) this.y = new Float64Array(B * P);
    const y = this.y;
    for (let b = 0; b < B; b++) {
      for (let o = 0; o < P; o++) {
        let s = theta[this.fcBias + o];
        const w = this.fcWeight + o * headIn;
        // Head input index (t - firstT) * H + j: each window's [T, H] outputs flattened row-major.
        for (let t = this.firstT; t < T; t++) {
          const h = (t * B + b) * H;
          const wt = w + (t - this.firstT) * H;
          for (let j = 0; j < H; j++) s += theta[wt + j] * hs[h + j];
        }
        y[b * P + o] = s;
      }
    }
    return y;
  }

  lossAndGradient(theta: Float64Array, grad: Float64Array, windows: WindowArrays, rows: Int32Array, dx?: Float64Array): number {
    const B = rows.length;
    const {
      hiddenSize: H,
      head: { seqLen: T, horizon: P },
    } = this.shape;
    const headIn = this.layout.head!.inFeatures;
    const y = this.predict(theta, windows, rows);
    const { targets, targetStride } = windows;
    const hs = this.recurrent.outputs();
    grad.fill(0);
    if (this.dOut.length < T * B * H) this.dOut = new Float64Array(T * B * H);
    const dOut = this.dOut; // dLoss/dh of the top layer, [T][B][H]
    dOut.fill(0, 0, T * B * H);
    const scale = 2 / (B * P);
    let sum = 0;
    for (let b = 0; b < B; b++) {
      for (let o = 0; o < P; o++) {
        const err = y[b * P + o] - targets[rows[b] * targetStride + o];
        sum += err * err;
        const dy = scale * err;
        grad[this.fcBias + o] += dy;
        const w = this.fcWeight + o * headIn;
        for (let t = this.firstT; t < T; t++) {
          const h = (t * B + b) * H;
          const wt = w + (t - this.firstT) * H;
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
}
