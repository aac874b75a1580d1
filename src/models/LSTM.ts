/** torch.nn.LSTM(inputSize, hiddenSize, numLayers, batch_first=True), gate order i, f, g, o. */
import * as tf from '@tensorflow/tfjs';
import { GATE_BLOCKS, Recurrent, type RecurrentOptions } from './Recurrent';

export interface LSTMOptions extends RecurrentOptions {
  /**
   * When set, the forget gate's bias starts at this value (bias_ih's f block = forgetBias,
   * bias_hh's f block = 0) instead of PyTorch's random draw. 1 is the usual choice: the forget gate
   * then starts near σ(1) ≈ 0.73 instead of 0.5, so the cell state fades far more slowly.
   */
  forgetBias?: number;
}

export class LSTM extends Recurrent {
  readonly gates = GATE_BLOCKS.lstm;
  readonly kind = 'lstm';
  readonly className = 'LSTM';
  protected readonly hasCell = true;

  constructor(options: LSTMOptions) {
    super(options, 'lstm');
    if (options.forgetBias !== undefined) {
      const H = this.hiddenSize;
      for (let k = 0; k < this.numLayers; k++) {
        for (const [name, value] of [
          [`bias_ih_l${k}`, options.forgetBias],
          [`bias_hh_l${k}`, 0],
        ] as const) {
          const bias = this.params.get(name)!;
          const values = bias.dataSync().slice();
          values.fill(value, H, 2 * H);
          bias.assign(tf.tensor1d(values));
        }
      }
    }
  }

  /**
   * i = σ(W_ii x + b_ii + W_hi h + b_hi), f = σ(...), g = tanh(...), o = σ(...)
   * c' = f ⊙ c + i ⊙ g,  h' = o ⊙ tanh(c')
   */
  protected step(input: tf.Tensor2D, hidden: tf.Tensor2D, _h: tf.Tensor2D, c: tf.Tensor2D | undefined) {
    const [i, f, g, o] = tf.split(input.add(hidden), 4, 1) as tf.Tensor2D[];
    const cNext = tf
      .sigmoid(f)
      .mul(c!)
      .add(tf.sigmoid(i).mul(tf.tanh(g))) as tf.Tensor2D;
    return { h: tf.sigmoid(o).mul(tf.tanh(cNext)) as tf.Tensor2D, c: cNext };
  }
}
