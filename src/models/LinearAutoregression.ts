/**
 * The linear baseline: every forecast a weighted sum of the whole flattened window plus a bias,
 * [batch, seqLen * inputSize] -> [batch, horizon], fitted by least squares on the training
 * windows (an autoregression with the other columns as exogenous inputs). What a recurrent network
 * must beat to show that its nonlinearity and memory pay.
 */
import type { Windows } from '../data/Windows';
import { windowArrays } from '../data/WindowArrays';
import type { WindowForecaster } from './WindowForecaster';

export class LinearAutoregression implements WindowForecaster {
  /**
   * @param weights [inputs + 1, horizon] row-major: one row per flattened input, the bias last.
   */
  constructor(
    readonly weights: Float64Array,
    readonly inputs: number,
    readonly horizon: number,
  ) {}

  /**
   * Least squares on `windows`: minimise the squared error plus `ridge` times the squared weights
   * (not the bias). A small ridge (default 1e-6 of the mean input variance) keeps the fit defined
   * when inputs are collinear, as open, high, low and close nearly are.
   */
  static fit(windows: Windows, options: { ridge?: number } = {}): LinearAutoregression {
    const { n, horizon } = windows;
    const inputs = windows.seqLen * windows.inputSize;
    const p = inputs + 1;
    if (n < 1) throw new Error('LinearAutoregression.fit: no training windows');
    const { inputs: xs, inputStride, targets: ys, targetStride } = windowArrays(windows);
    // Normal equations A w = b with A = X'X (+ ridge), b = X'Y, X = [inputs, 1].
    const A = new Float64Array(p * p);
    const b = new Float64Array(p * horizon);
    // Four windows at a time: each entry of A is read and written once per four windows instead of
    // once per window (A does not fit in the core's cache for long windows: 241 x 241 doubles at 60
    // days of 4 columns), and the products are still added one window after another, in the same
    // order as one window at a time, so the sums are the same to the last bit.
    const BLOCK = 4;
    const rows = new Float64Array(BLOCK * p);
    const targets = new Float64Array(BLOCK * horizon);
    for (let start = 0; start < n; start += BLOCK) {
      const count = Math.min(BLOCK, n - start);
      for (let r = 0; r < BLOCK; r++) {
        // A short last block is padded with zero rows, whose products add nothing.
        const i = start + r;
        for (let j = 0; j < inputs; j++) rows[r * p + j] = r < count ? xs[i * inputStride + j] : 0;
        rows[r * p + inputs] = r < count ? 1 : 0;
        for (let h = 0; h < horizon; h++) targets[r * horizon + h] = r < count ? ys[i * targetStride + h] : 0;
      }
      for (let j = 0; j < p; j++) {
        const r0 = rows[j];
        const r1 = rows[p + j];
        const r2 = rows[2 * p + j];
        const r3 = rows[3 * p + j];
        for (let k = j; k < p; k++) {
          let sum = A[j * p + k];
          sum += r0 * rows[k];
          sum += r1 * rows[p + k];
          sum += r2 * rows[2 * p + k];
          sum += r3 * rows[3 * p + k];
          A[j * p + k] = sum;
        }
        // b has only `horizon` columns: no need to unroll it.
        for (let h = 0; h < horizon; h++) {
          let sum = b[j * horizon + h];
          for (let r = 0; r < BLOCK; r++) sum += rows[r * p + j] * targets[r * horizon + h];
          b[j * horizon + h] = sum;
        }
      }
    }
    for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) A[j * p + k] = A[k * p + j];
    let variance = 0;
    for (let j = 0; j < inputs; j++) variance += A[j * p + j] / n - (A[j * p + inputs] / n) ** 2;
    const ridge = options.ridge ?? 1e-6 * Math.max(variance / inputs, 1e-12) * n;
    for (let j = 0; j < inputs; j++) A[j * p + j] += ridge;
    return new LinearAutoregression(solveSymmetric(A, b, p, horizon), inputs, horizon);
  }

  predict(windows: Windows): Float32Array {
    const { n, horizon } = windows;
    const inputs = windows.seqLen * windows.inputSize;
    if (inputs !== this.inputs || horizon !== this.horizon) {
      throw new Error(
        `LinearAutoregression: fitted on windows of ${this.inputs} inputs and horizon ${this.horizon}, given ${inputs} and ${horizon}`,
      );
    }
    const out = new Float32Array(n * horizon);
    const w = this.weights;
    const { inputs: xs, inputStride } = windowArrays(windows);
    for (let i = 0; i < n; i++) {
      for (let h = 0; h < horizon; h++) {
        let sum = w[inputs * horizon + h];
        for (let j = 0; j < inputs; j++) sum += xs[i * inputStride + j] * w[j * horizon + h];
        out[i * horizon + h] = sum;
      }
    }
    return out;
  }
}

/** Solve A X = B for symmetric positive definite A [p, p] and B [p, m] (Cholesky, A = L L'). */
export function solveSymmetric(A: Float64Array, B: Float64Array, p: number, m: number): Float64Array {
  const L = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    let diagonal = A[j * p + j];
    for (let k = 0; k < j; k++) diagonal -= L[j * p + k] ** 2;
    if (!(diagonal > 0)) throw new Error(`solveSymmetric: the matrix is not positive definite (pivot ${j} is ${diagonal})`);
    const root = Math.sqrt(diagonal);
    L[j * p + j] = root;
    for (let i = j + 1; i < p; i++) {
      let sum = A[i * p + j];
      for (let k = 0; k < j; k++) sum -= L[i * p + k] * L[j * p + k];
      L[i * p + j] = sum / root;
    }
  }
  const X = Float64Array.from(B);
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < p; i++) {
      // L y = b
      let sum = X[i * m + c];
      for (let k = 0; k < i; k++) sum -= L[i * p + k] * X[k * m + c];
      X[i * m + c] = sum / L[i * p + i];
    }
    for (let i = p - 1; i >= 0; i--) {
      // L' x = y
      let sum = X[i * m + c];
      for (let k = i + 1; k < p; k++) sum -= L[k * p + i] * X[k * m + c];
      X[i * m + c] = sum / L[i * p + i];
    }
  }
  return X;
}
