/** What the training loop, state dicts and summaries know about a model: its named parameters. */
import * as tf from '@tensorflow/tfjs';
import type { Random } from '../random';

export interface Module {
  /** Every trainable parameter by its PyTorch name (e.g. "lstm.weight_ih_l0"), in PyTorch's order. */
  parameters(): Map<string, tf.Variable>;
}

/** A network: parameters and a tfjs forward pass from windows to forecasts (Forecaster is the tutorial's); what the engines train and run. */
export interface Network extends Module {
  /** x [batch, seqLen, inputSize] -> forecasts [batch, horizon], both scaled. */
  forward(x: tf.Tensor3D): tf.Tensor2D;
}

/** A parameter drawn from U(-bound, bound), PyTorch's default for recurrent and linear layers. */
export function uniformParameter(shape: number[], bound: number, random: Random): tf.Variable {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = random.uniform(-bound, bound);
  return tf.variable(tf.tensor(values, shape), true);
}

/** Number of scalars in all parameters. */
export function parameterCount(module: Module): number {
  let count = 0;
  for (const variable of module.parameters().values()) count += variable.size;
  return count;
}

/** Free the parameters' memory. */
export function disposeModule(module: Module): void {
  for (const variable of module.parameters().values()) variable.dispose();
}
