/** torch.nn.LSTM(inputSize, hiddenSize, numLayers, batch_first=True), gate order i, f, g, o. */
import * as tf from '@tensorflow/tfjs';
import { Recurrent, type RecurrentOptions } from './Recurrent';

export class LSTM extends Recurrent {
  readonly gates = 4;
  readonly kind = 'LSTM';
  protected readonly hasCell = true;

  constructor(options: RecurrentOptions) {
    super(options, 4);
  }

  /**
   * i = σ(W_ii x + b_ii + W_hi h + b_hi), f = σ(...), g = tanh(...), o = σ(...)
   * c' = f ⊙ c + i ⊙ g,  h' = o ⊙ tanh(c')
   */
  protected step(gates: tf.Tensor2D, _h: tf.Tensor2D, c: tf.Tensor2D | undefined) {
    const [i, f, g, o] = tf.split(gates, 4, 1) as tf.Tensor2D[];
    const cNext = tf.sigmoid(f).mul(c!).add(tf.sigmoid(i).mul(tf.tanh(g))) as tf.Tensor2D;
    return { h: tf.sigmoid(o).mul(tf.tanh(cNext)) as tf.Tensor2D, c: cNext };
  }
}
