/**
 * A recurrent stack's whole sequence forward, and its backward pass through time (BPTT), as plain
 * loops over Float64Arrays, with no tensor per operation: the TypeScript kernel's recurrent part.
 * Same semantics as the tfjs models (torch.nn.RNN / LSTM / GRU, batch_first); parameters are read from a
 * flat `theta` at the offsets of `parameterLayout`, gradients added at the same offsets of `grad`.
 * Sequences inside are stored time-major: [T][B][H].
 */
import { GATE_BLOCKS, type CellKind } from '../../models/Recurrent';
import type { KernelShape } from '../Kernel';
import { parameterLayout, type LayerOffsets } from '../parameterLayout';

/** A kernel's shape without the head: the recurrent stack alone. */
export type StackShape = Omit<KernelShape, 'head'>;

export class RecurrentKernel {
  readonly kind: CellKind;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  /** Gate blocks: 4 (i, f, g, o) for LSTM, 3 (r, z, n) for GRU, 1 for RNN. */
  readonly gates: number;
  private readonly relu: boolean;

  // Work buffers, grown on demand for (T, B).
  private capacity = { T: 0, B: 0 };
  private T = 0;
  private B = 0;
  /** Per layer: post-activation gates [T][B][G*H] (LSTM: i, f, g, o; GRU: r, z, n; RNN: h). */
  private acts: Float64Array[] = [];
  /** Per layer: the GRU's hidden projection of its n block, W_hn h + b_hn, [T][B][H] (GRU only). */
  private hns: Float64Array[] = [];
  /** Per layer: cell state c and tanh(c), [T][B][H] (LSTM only). */
  private cs: Float64Array[] = [];
  private tcs: Float64Array[] = [];
  /** Per layer: hidden state h, [T][B][H]. */
  private hs: Float64Array[] = [];
  /** Initial states [numLayers][B][H] (zeros unless given). */
  private h0 = new Float64Array(0);
  private c0 = new Float64Array(0);
  private x = new Float64Array(0);
  // Backward scratch.
  private dUpper = new Float64Array(0);
  private dLower = new Float64Array(0);
  private dhNext = new Float64Array(0);
  private dcNext = new Float64Array(0);
  /**
   * Gradient at the gate pre-activations, on the input side (W_ih, b_ih) and the hidden side
   * (W_hh, b_hh): one array for RNN and LSTM; for the GRU the n block differs (by the factor r).
   */
  private daIn = new Float64Array(0);
  private daHidden = new Float64Array(0);

  /** `layers`: where each layer's parameters are in theta (default: a stack alone, from offset 0). */
  constructor(
    shape: StackShape,
    private readonly layers: LayerOffsets[] = parameterLayout(shape).layers,
  ) {
    this.kind = shape.kind;
    this.inputSize = shape.inputSize;
    this.hiddenSize = shape.hiddenSize;
    this.numLayers = shape.numLayers;
    this.gates = GATE_BLOCKS[shape.kind];
    this.relu = shape.kind === 'rnn' && shape.nonlinearity === 'relu';
  }

  private reserve(T: number, B: number): void {
    this.T = T;
    this.B = B;
    if (T <= this.capacity.T && B <= this.capacity.B) return;
    const cap = { T: Math.max(T, this.capacity.T), B: Math.max(B, this.capacity.B) };
    const H = this.hiddenSize;
    const GH = this.gates * H;
    const seq = cap.T * cap.B * H;
    this.acts = this.layers.map(() => new Float64Array(cap.T * cap.B * GH));
    this.hs = this.layers.map(() => new Float64Array(seq));
    this.cs = this.kind === 'lstm' ? this.layers.map(() => new Float64Array(seq)) : [];
    this.tcs = this.kind === 'lstm' ? this.layers.map(() => new Float64Array(seq)) : [];
    this.hns = this.kind === 'gru' ? this.layers.map(() => new Float64Array(seq)) : [];
    this.h0 = new Float64Array(this.numLayers * cap.B * H);
    this.c0 = new Float64Array(this.numLayers * cap.B * H);
    this.x = new Float64Array(cap.B * cap.T * this.inputSize);
    this.dUpper = new Float64Array(Math.max(seq, cap.T * cap.B * this.inputSize));
    this.dLower = new Float64Array(Math.max(seq, cap.T * cap.B * this.inputSize));
    this.dhNext = new Float64Array(cap.B * H);
    this.dcNext = new Float64Array(cap.B * H);
    this.daIn = new Float64Array(GH);
    this.daHidden = this.kind === 'gru' ? new Float64Array(GH) : this.daIn;
    this.capacity = cap;
  }

  /** Layer k's input (layer 0: x, batch-major; above: the layer below's h, time-major) and its stored activations. */
  private layerView(k: number) {
    const { T, B } = this;
    const H = this.hiddenSize;
    const { weightIh: wih, weightHh: whh, biasIh: bih, biasHh: bhh, inSize } = this.layers[k];
    return {
      wih,
      whh,
      bih,
      bhh,
      inSize,
      src: k === 0 ? this.x : this.hs[k - 1],
      // Offset of input (t, b) = b * strideB + t * strideT.
      strideB: k === 0 ? T * this.inputSize : H,
      strideT: k === 0 ? this.inputSize : B * H,
      act: this.acts[k],
      hs: this.hs[k],
      cs: this.cs[k],
      tcs: this.tcs[k],
      hns: this.hns[k],
    };
  }

  /**
   * Run the stack over the windows `rows` of `windows`, each [T, inputSize] from
   * inputs[row * inputStride]; keeps what the backward pass needs.
   * Initial states h0, c0 are [numLayers, B, H] (zeros when omitted).
   */
  forward(
    theta: Float64Array,
    windows: { inputs: ArrayLike<number>; inputStride: number },
    T: number,
    rows: ArrayLike<number>,
    h0?: ArrayLike<number>,
    c0?: ArrayLike<number>,
  ): void {
    const B = rows.length;
    this.reserve(T, B);
    const H = this.hiddenSize;
    const G = this.gates;
    const GH = G * H;
    const I = this.inputSize;
    const x = this.x;
    const { inputs, inputStride } = windows;
    for (let b = 0; b < B; b++) {
      const from = rows[b] * inputStride;
      for (let i = 0; i < T * I; i++) x[b * T * I + i] = inputs[from + i];
    }
    const stateSize = this.numLayers * B * H;
    for (let i = 0; i < stateSize; i++) {
      this.h0[i] = h0 ? h0[i] : 0;
      this.c0[i] = c0 ? c0[i] : 0;
    }
    const relu = this.relu;
    const gru = this.kind === 'gru';
    for (let k = 0; k < this.numLayers; k++) {
      const { wih, whh, bih, bhh, inSize, src, strideB, strideT, act, hs, cs, tcs, hns } = this.layerView(k);
      for (let t = 0; t < T; t++) {
        for (let b = 0; b < B; b++) {
          const xin = b * strideB + t * strideT;
          const hPrevArr = t === 0 ? this.h0 : hs;
          const hPrev = t === 0 ? (k * B + b) * H : ((t - 1) * B + b) * H;
          const out = (t * B + b) * GH;
          const cell = (t * B + b) * H;
          for (let r = 0; r < GH; r++) {
            // The GRU's n block keeps its hidden part apart: n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)).
            const apart = gru && r >= 2 * H;
            let s = apart ? theta[bih + r] : theta[bih + r] + theta[bhh + r];
            const wi = wih + r * inSize;
            for (let j = 0; j < inSize; j++) s += theta[wi + j] * src[xin + j];
            const wh = whh + r * H;
            if (apart) {
              let sh = theta[bhh + r];
              for (let j = 0; j < H; j++) sh += theta[wh + j] * hPrevArr[hPrev + j];
              hns[cell + r - 2 * H] = sh;
            } else {
              for (let j = 0; j < H; j++) s += theta[wh + j] * hPrevArr[hPrev + j];
            }
            act[out + r] = s;
          }
          if (gru) {
            for (let j = 0; j < H; j++) {
              const rg = 1 / (1 + Math.exp(-act[out + j]));
              const z = 1 / (1 + Math.exp(-act[out + H + j]));
              const n = Math.tanh(act[out + 2 * H + j] + rg * hns[cell + j]);
              act[out + j] = rg;
              act[out + H + j] = z;
              act[out + 2 * H + j] = n;
              hs[cell + j] = (1 - z) * n + z * hPrevArr[hPrev + j];
            }
          } else if (G === 4) {
            const cPrevArr = t === 0 ? this.c0 : cs;
            const cPrev = hPrev;
            for (let j = 0; j < H; j++) {
              const i = 1 / (1 + Math.exp(-act[out + j]));
              const f = 1 / (1 + Math.exp(-act[out + H + j]));
              const g = Math.tanh(act[out + 2 * H + j]);
              const o = 1 / (1 + Math.exp(-act[out + 3 * H + j]));
              act[out + j] = i;
              act[out + H + j] = f;
              act[out + 2 * H + j] = g;
              act[out + 3 * H + j] = o;
              const c = f * cPrevArr[cPrev + j] + i * g;
              const tc = Math.tanh(c);
              cs[cell + j] = c;
              tcs[cell + j] = tc;
              hs[cell + j] = o * tc;
            }
          } else {
            for (let j = 0; j < H; j++) {
              const a = act[out + j];
              // biome-ignore lint/complexity/useMathMinMax: relu(NaN) is 0 here as in the other kernels; Math.max would give NaN
              const h = relu ? (a > 0 ? a : 0) : Math.tanh(a);
              act[out + j] = h;
              hs[cell + j] = h;
            }
          }
        }
      }
    }
  }

  /** The top layer's hidden states of the last forward pass, [T][B][H] time-major. */
  outputs(): Float64Array {
    return this.hs[this.numLayers - 1];
  }

  /** Final states of the last forward pass, [numLayers, B, H]. */
  finalStates(): { h: Float64Array; c?: Float64Array } {
    const { T, B } = this;
    const H = this.hiddenSize;
    const h = new Float64Array(this.numLayers * B * H);
    const c = this.kind === 'lstm' ? new Float64Array(this.numLayers * B * H) : undefined;
    for (let k = 0; k < this.numLayers; k++) {
      h.set(this.hs[k].subarray((T - 1) * B * H, T * B * H), k * B * H);
      c?.set(this.cs[k].subarray((T - 1) * B * H, T * B * H), k * B * H);
    }
    return { h, c };
  }

  /**
   * Backward pass through time. `dOutput` holds dLoss/dh of the top layer, [T][B][H] time-major
   * (it is overwritten). Parameter gradients are added into `grad`; when `dx` is given, it
   * receives dLoss/dx [B, T, inputSize].
   */
  backward(theta: Float64Array, grad: Float64Array, dOutput: Float64Array, dx?: Float64Array): void {
    const { T, B } = this;
    const H = this.hiddenSize;
    const G = this.gates;
    const GH = G * H;
    const I = this.inputSize;
    const relu = this.relu;
    const gru = this.kind === 'gru';
    // For RNN and LSTM one array: the input and hidden sides of a gate get the same gradient.
    const { daIn, daHidden } = this;
    const dhNext = this.dhNext;
    const dcNext = this.dcNext;
    let dUpper = dOutput;
    let dLower = this.dLower;
    for (let k = this.numLayers - 1; k >= 0; k--) {
      const { wih, whh, bih, bhh, inSize, src, strideB, strideT, act, hs, cs, tcs, hns } = this.layerView(k);
      const needInputGrad = k > 0 || dx !== undefined;
      if (needInputGrad) dLower.fill(0, 0, T * B * inSize);
      dhNext.fill(0, 0, B * H);
      dcNext.fill(0, 0, B * H);
      for (let t = T - 1; t >= 0; t--) {
        for (let b = 0; b < B; b++) {
          const cell = (t * B + b) * H;
          const out = (t * B + b) * GH;
          const hPrevArr = t === 0 ? this.h0 : hs;
          const hPrev = t === 0 ? (k * B + b) * H : ((t - 1) * B + b) * H;
          if (gru) {
            for (let j = 0; j < H; j++) {
              const dh = dUpper[cell + j] + dhNext[b * H + j];
              const rg = act[out + j];
              const z = act[out + H + j];
              const n = act[out + 2 * H + j];
              const hn = hns[cell + j];
              // h' = (1 - z) n + z h: dh reaches h directly through z, and the gates through n and z.
              const dan = dh * (1 - z) * (1 - n * n);
              const dar = dan * hn * rg * (1 - rg);
              const daz = dh * (hPrevArr[hPrev + j] - n) * z * (1 - z);
              daIn[j] = dar;
              daIn[H + j] = daz;
              daIn[2 * H + j] = dan;
              daHidden[j] = dar;
              daHidden[H + j] = daz;
              daHidden[2 * H + j] = dan * rg;
              dhNext[b * H + j] = dh * z;
            }
          } else if (G === 4) {
            const cPrevArr = t === 0 ? this.c0 : cs;
            for (let j = 0; j < H; j++) {
              const dh = dUpper[cell + j] + dhNext[b * H + j];
              const i = act[out + j];
              const f = act[out + H + j];
              const g = act[out + 2 * H + j];
              const o = act[out + 3 * H + j];
              const tc = tcs[cell + j];
              const dc = dh * o * (1 - tc * tc) + dcNext[b * H + j];
              dcNext[b * H + j] = dc * f;
              daIn[j] = dc * g * i * (1 - i);
              daIn[H + j] = dc * cPrevArr[hPrev + j] * f * (1 - f);
              daIn[2 * H + j] = dc * i * (1 - g * g);
              daIn[3 * H + j] = dh * tc * o * (1 - o);
              dhNext[b * H + j] = 0;
            }
          } else {
            for (let j = 0; j < H; j++) {
              const dh = dUpper[cell + j] + dhNext[b * H + j];
              const h = act[out + j];
              daIn[j] = relu ? (h > 0 ? dh : 0) : dh * (1 - h * h);
              dhNext[b * H + j] = 0;
            }
          }
          // Parameter gradients, and the gradient flowing to the previous step (added to dhNext,
          // which now holds only the GRU's direct path) and to the layer below.
          const xin = b * strideB + t * strideT;
          const dIn = k === 0 ? b * T * I + t * I : (t * B + b) * H;
          for (let r = 0; r < GH; r++) {
            const d = daIn[r];
            const dHidden = daHidden[r];
            if (d === 0 && dHidden === 0) continue;
            grad[bih + r] += d;
            grad[bhh + r] += dHidden;
            const wi = wih + r * inSize;
            for (let j = 0; j < inSize; j++) {
              grad[wi + j] += d * src[xin + j];
              if (needInputGrad) dLower[dIn + j] += d * theta[wi + j];
            }
            const wh = whh + r * H;
            for (let j = 0; j < H; j++) {
              grad[wh + j] += dHidden * hPrevArr[hPrev + j];
              dhNext[b * H + j] += dHidden * theta[wh + j];
            }
          }
        }
      }
      if (k === 0 && dx) dx.set(dLower.subarray(0, B * T * I));
      // The layer below receives dLower as its dOutput; swap the buffers.
      const used = dUpper;
      dUpper = dLower;
      dLower = used === dOutput ? this.dUpper : used;
    }
  }
}
