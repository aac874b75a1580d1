/** torch.nn.GRU(inputSize, hiddenSize, numLayers, batch_first=True), gate order r, z, n. */
import * as tf from '@tensorflow/tfjs';
import { GATE_BLOCKS, Recurrent, type RecurrentOptions } from './Recurrent';

export type GRUOptions = RecurrentOptions;

export class GRU extends Recurrent {
  readonly gates = GATE_BLOCKS.gru;
  readonly kind = 'gru';
  readonly className = 'GRU';
  protected readonly hasCell = false;
  protected readonly hiddenBiasApart = true;

  constructor(options: GRUOptions) {
    super(options, 'gru');
  }

  /**
   * r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz)
   * n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),  h' = (1 - z) ⊙ n + z ⊙ h
   */
  protected step(input: tf.Tensor2D, hidden: tf.Tensor2D, h: tf.Tensor2D) {
    const [xr, xz, xn] = tf.split(input, 3, 1) as tf.Tensor2D[];
    const [hr, hz, hn] = tf.split(hidden, 3, 1) as tf.Tensor2D[];
    const r = tf.sigmoid(xr.add(hr));
    const z = tf.sigmoid(xz.add(hz));
    const n = tf.tanh(xn.add(r.mul(hn)));
    return { h: tf.sub(1, z).mul(n).add(z.mul(h)) as tf.Tensor2D };
  }
}
