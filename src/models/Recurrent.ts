/**
 * A stack of recurrent layers with torch.nn.RNN / LSTM / GRU semantics (batch_first=True): the
 * same parameter names, shapes, order, gate layout and initialisation. The cells differ only in
 * `step`.
 */
import * as tf from '@tensorflow/tfjs';
import { OptionError } from '../errors';
import { uniformParameter, type Module } from './Module';
import { createRandom } from '../random';

/** The recurrent cells, named as in the choice of a model. */
export type CellKind = 'rnn' | 'lstm' | 'gru';
export const CELL_KINDS: readonly CellKind[] = ['lstm', 'rnn', 'gru'];

/** Gate blocks stacked in weight_ih / weight_hh: RNN 1; LSTM 4 (i, f, g, o); GRU 3 (r, z, n). */
export const GATE_BLOCKS: Readonly<Record<CellKind, number>> = { rnn: 1, lstm: 4, gru: 3 };

export interface RecurrentOptions {
  /** Features per timestep (H_in). */
  inputSize: number;
  /** Units of the hidden state (H). */
  hiddenSize: number;
  /** Stacked layers; layer k > 0 reads layer k-1's outputs. Default 1. */
  numLayers?: number;
  /** Seed of the U(-1/sqrt(H), 1/sqrt(H)) initialisation. Default 42. */
  seed?: number;
}

/** Hidden state h [numLayers, batch, H]; the LSTM adds the cell state c [numLayers, batch, H]. */
export interface RecurrentState {
  h: tf.Tensor3D;
  c?: tf.Tensor3D;
}

export interface RecurrentOutput extends RecurrentState {
  /** The last layer's hidden state at every step: [batch, seqLen, H]. */
  output: tf.Tensor3D;
}

export abstract class Recurrent implements Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  /** Gate blocks stacked in weight_ih / weight_hh: 1 for RNN, 4 for LSTM (i, f, g, o), 3 for GRU (r, z, n). */
  abstract readonly gates: number;
  /** Which cell this is. */
  abstract readonly kind: CellKind;
  /** PyTorch's class name ("RNN", "LSTM"), as torchinfo and error messages show it. */
  abstract readonly className: string;
  protected readonly params = new Map<string, tf.Variable>();

  constructor(options: RecurrentOptions, kind: CellKind) {
    const gates = GATE_BLOCKS[kind];
    const { inputSize, hiddenSize, numLayers = 1, seed = 42 } = options;
    for (const [key, value] of Object.entries({ inputSize, hiddenSize, numLayers })) {
      if (!Number.isInteger(value) || value < 1) throw new OptionError(`${key} must be a whole number of at least 1, got ${value}`);
    }
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    const random = createRandom(seed);
    const bound = 1 / Math.sqrt(hiddenSize);
    for (let k = 0; k < numLayers; k++) {
      const layerInput = k === 0 ? inputSize : hiddenSize;
      this.params.set(`weight_ih_l${k}`, uniformParameter([gates * hiddenSize, layerInput], bound, random));
      this.params.set(`weight_hh_l${k}`, uniformParameter([gates * hiddenSize, hiddenSize], bound, random));
      this.params.set(`bias_ih_l${k}`, uniformParameter([gates * hiddenSize], bound, random));
      this.params.set(`bias_hh_l${k}`, uniformParameter([gates * hiddenSize], bound, random));
    }
  }

  parameters(): Map<string, tf.Variable> {
    return this.params;
  }

  /**
   * One timestep of one layer: `input` = x W_ihᵀ and `hidden` = h W_hhᵀ, [batch, gates*H] each,
   * -> new h (and c). Both biases are in `input`, unless `hiddenBiasApart`: then b_hh is in `hidden`.
   */
  protected abstract step(
    input: tf.Tensor2D,
    hidden: tf.Tensor2D,
    h: tf.Tensor2D,
    c: tf.Tensor2D | undefined,
  ): { h: tf.Tensor2D; c?: tf.Tensor2D };

  /** Whether the state has a cell part (LSTM). */
  protected abstract readonly hasCell: boolean;

  /** Whether `step` needs the hidden projection with its own bias (GRU: b_hn sits inside r ⊙ (...)). */
  protected readonly hiddenBiasApart: boolean = false;

  /**
   * x [batch, seqLen, inputSize] -> output [batch, seqLen, H], h [numLayers, batch, H] (and c).
   * The initial state is zeros unless `state` is given. Call inside tf.tidy or a gradient function.
   */
  forward(x: tf.Tensor3D, state?: RecurrentState): RecurrentOutput {
    const [B, T, I] = x.shape;
    const H = this.hiddenSize;
    if (I !== this.inputSize) throw new OptionError(`${this.className}: input has ${I} features per step, inputSize is ${this.inputSize}`);
    this.checkState(state, B);
    const lastH: tf.Tensor2D[] = [];
    const lastC: tf.Tensor2D[] = [];
    let layerInput: tf.Tensor3D = x;
    for (let k = 0; k < this.numLayers; k++) {
      const p = (name: string) => this.params.get(`${name}_l${k}`)!;
      const inSize = layerInput.shape[2];
      // All timesteps' input projections in one matmul: [B*T, in] x [in, G*H] -> [B, T, G*H].
      const inputBias = this.hiddenBiasApart ? p('bias_ih') : p('bias_ih').add(p('bias_hh'));
      const projected = tf
        .matMul(layerInput.reshape([B * T, inSize]), p('weight_ih'), false, true)
        .add(inputBias)
        .reshape([B, T, this.gates * H]);
      // (tfjs 4.22's gradient of unstack fails for a single step, hence the reshape for T = 1.)
      const steps = (T === 1 ? [projected.reshape([B, this.gates * H])] : tf.unstack(projected, 1)) as tf.Tensor2D[];
      let h: tf.Tensor2D = state ? (state.h.slice([k, 0, 0], [1, B, H]).reshape([B, H]) as tf.Tensor2D) : tf.zeros([B, H]);
      let c: tf.Tensor2D | undefined = !this.hasCell
        ? undefined
        : state?.c
          ? (state.c.slice([k, 0, 0], [1, B, H]).reshape([B, H]) as tf.Tensor2D)
          : tf.zeros([B, H]);
      const outputs: tf.Tensor2D[] = [];
      for (let t = 0; t < T; t++) {
        const hidden = tf.matMul(h, p('weight_hh'), false, true);
        ({ h, c } = this.step(steps[t], (this.hiddenBiasApart ? hidden.add(p('bias_hh')) : hidden) as tf.Tensor2D, h, c));
        outputs.push(h);
      }
      lastH.push(h);
      if (c) lastC.push(c);
      layerInput = tf.stack(outputs, 1) as tf.Tensor3D;
    }
    const result: RecurrentOutput = { output: layerInput, h: tf.stack(lastH, 0) as tf.Tensor3D };
    if (this.hasCell) result.c = tf.stack(lastC, 0) as tf.Tensor3D;
    return result;
  }

  private checkState(state: RecurrentState | undefined, batch: number): void {
    if (!state) return;
    const expected = [this.numLayers, batch, this.hiddenSize];
    for (const key of ['h', 'c'] as const) {
      const tensor = state[key];
      if (key === 'c' && !this.hasCell) {
        if (tensor) throw new OptionError(`${this.className}: has no cell state; pass only h`);
        continue;
      }
      if (!tensor) throw new OptionError(`${this.className}: initial state needs ${key} [${expected.join(', ')}]`);
      if (tensor.shape.join() !== expected.join()) {
        throw new OptionError(
          `${this.className}: initial ${key} has shape [${tensor.shape.join(', ')}], expected [numLayers, batch, hiddenSize] = [${expected.join(', ')}]`,
        );
      }
    }
  }
}
