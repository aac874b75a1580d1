/** torch.nn.Linear(inFeatures, outFeatures): y = x Wᵀ + b, W [out, in], both U(-1/sqrt(in), 1/sqrt(in)). */
import * as tf from '@tensorflow/tfjs';
import { uniformParameter, type Module } from './Module';
import type { Random } from '../random';

export class Linear implements Module {
  private readonly params = new Map<string, tf.Variable>();

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    random: Random,
  ) {
    const bound = 1 / Math.sqrt(inFeatures);
    this.params.set('weight', uniformParameter([outFeatures, inFeatures], bound, random));
    this.params.set('bias', uniformParameter([outFeatures], bound, random));
  }

  parameters(): Map<string, tf.Variable> {
    return this.params;
  }

  /** x [batch, in] -> [batch, out]. */
  forward(x: tf.Tensor2D): tf.Tensor2D {
    return tf.matMul(x, this.params.get('weight')!, false, true).add(this.params.get('bias')!) as tf.Tensor2D;
  }
}
