/**
 * The tutorial's forecaster: a recurrent stack followed by a linear head.
 *  - head 'flatten' (the tutorial's): Linear(hiddenSize * seqLen -> horizon) on the outputs of every step;
 *  - head 'last': Linear(hiddenSize -> horizon) on the last step's output.
 * Parameter names follow a PyTorch module with attributes `lstm` (or `rnn`, `gru`) and `fc`.
 */
import type * as tf from '@tensorflow/tfjs';
import { OptionError } from '../errors';
import { Linear } from './Linear';
import { GRU } from './GRU';
import { LSTM } from './LSTM';
import type { Network } from './Module';
import { createRandom } from '../random';
import { CELL_KINDS, type CellKind, type Recurrent } from './Recurrent';
import { RNN } from './RNN';

export interface ForecasterOptions {
  kind: CellKind;
  /** Features per step (inputSize of the windows). */
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  /** Window length (seqLen); fixes the flatten head's input size. */
  seqLen: number;
  /** Forecast steps per window. Default 1. */
  horizon?: number;
  /** Default 'flatten', as in the tutorial. */
  head?: 'flatten' | 'last';
  /** For kind 'rnn': 'tanh' (default) or 'relu'. */
  nonlinearity?: 'tanh' | 'relu';
  /** Initialisation seed: the recurrent stack draws from `seed`, the head from `seed + 1`. Default 42. */
  seed?: number;
  /** For kind 'lstm': start the forget gate's bias at this value (see LSTMOptions). Default: PyTorch's init. */
  forgetBias?: number;
}

/** Options with their defaults filled in; forgetBias stays optional (absent means PyTorch's init). */
export type ResolvedForecasterOptions = Required<Omit<ForecasterOptions, 'forgetBias'>> & Pick<ForecasterOptions, 'forgetBias'>;

export class Forecaster implements Network {
  readonly options: ResolvedForecasterOptions;
  readonly recurrent: Recurrent;
  readonly fc: Linear;

  constructor(options: ForecasterOptions) {
    this.options = { horizon: 1, head: 'flatten', nonlinearity: 'tanh', seed: 42, ...options };
    const { kind, inputSize, hiddenSize, numLayers, seqLen, horizon, head, nonlinearity, seed } = this.options;
    if (!CELL_KINDS.includes(kind)) throw new OptionError(`model kind must be one of ${CELL_KINDS.join(', ')}, got "${kind}"`);
    if (head !== 'flatten' && head !== 'last') throw new OptionError(`head must be "flatten" or "last", got "${head}"`);
    for (const [key, value] of Object.entries({ seqLen, horizon })) {
      if (!Number.isInteger(value) || value < 1) throw new OptionError(`${key} must be a whole number of at least 1, got ${value}`);
    }
    if (this.options.forgetBias !== undefined && kind !== 'lstm')
      throw new OptionError(`forgetBias is for kind "lstm" only, got kind "${kind}"`);
    // (tanh is every cell's default, and what a Forecaster's resolved options carry, so only relu is refused.)
    if (nonlinearity === 'relu' && kind !== 'rnn') throw new OptionError(`nonlinearity "relu" is for kind "rnn" only, got kind "${kind}"`);
    this.recurrent =
      kind === 'lstm'
        ? new LSTM({ inputSize, hiddenSize, numLayers, seed, forgetBias: this.options.forgetBias })
        : kind === 'gru'
          ? new GRU({ inputSize, hiddenSize, numLayers, seed })
          : new RNN({ inputSize, hiddenSize, numLayers, seed, nonlinearity });
    const headInput = head === 'flatten' ? hiddenSize * seqLen : hiddenSize;
    this.fc = new Linear(headInput, horizon, createRandom(seed + 1));
  }

  /** Every parameter, PyTorch-named: "lstm.weight_ih_l0", ..., "fc.weight", "fc.bias". */
  parameters(): Map<string, tf.Variable> {
    const all = new Map<string, tf.Variable>();
    for (const [name, variable] of this.recurrent.parameters()) all.set(`${this.options.kind}.${name}`, variable);
    for (const [name, variable] of this.fc.parameters()) all.set(`fc.${name}`, variable);
    return all;
  }

  /** x [batch, seqLen, inputSize] -> forecasts [batch, horizon], in scaled units. */
  forward(x: tf.Tensor3D): tf.Tensor2D {
    const [B, T] = x.shape;
    const { output } = this.recurrent.forward(x);
    if (this.options.head === 'last') {
      const last = output.slice([0, T - 1, 0], [B, 1, this.options.hiddenSize]).reshape([B, this.options.hiddenSize]) as tf.Tensor2D;
      return this.fc.forward(last);
    }
    if (T !== this.options.seqLen) {
      throw new OptionError(`the flatten head was built for seqLen ${this.options.seqLen}, got windows of ${T} steps`);
    }
    return this.fc.forward(output.reshape([B, T * this.options.hiddenSize]) as tf.Tensor2D);
  }
}

/** Build a forecaster of the given kind; an unknown kind throws with the valid choices. */
export function createModel(options: ForecasterOptions): Forecaster {
  return new Forecaster(options);
}
