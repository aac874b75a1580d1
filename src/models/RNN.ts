/** torch.nn.RNN(inputSize, hiddenSize, numLayers, nonlinearity, batch_first=True): h' = act(W_ih x + b_ih + W_hh h + b_hh). */
import * as tf from '@tensorflow/tfjs';
import { OptionError } from '../errors';
import { GATE_BLOCKS, Recurrent, type RecurrentOptions } from './Recurrent';

export interface RNNOptions extends RecurrentOptions {
  /** 'tanh' (default) or 'relu', as in PyTorch. */
  nonlinearity?: 'tanh' | 'relu';
}

export class RNN extends Recurrent {
  readonly gates = GATE_BLOCKS.rnn;
  readonly kind = 'rnn';
  readonly className = 'RNN';
  readonly nonlinearity: 'tanh' | 'relu';
  protected readonly hasCell = false;

  constructor(options: RNNOptions) {
    super(options, 'rnn');
    this.nonlinearity = options.nonlinearity ?? 'tanh';
    if (this.nonlinearity !== 'tanh' && this.nonlinearity !== 'relu') {
      throw new OptionError(`nonlinearity must be "tanh" or "relu", got "${this.nonlinearity}"`);
    }
  }

  protected step(input: tf.Tensor2D, hidden: tf.Tensor2D) {
    const a = input.add(hidden);
    return { h: (this.nonlinearity === 'relu' ? tf.relu(a) : tf.tanh(a)) as tf.Tensor2D };
  }
}
