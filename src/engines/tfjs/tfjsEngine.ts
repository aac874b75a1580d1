/** The training engine over tfjs ops and autodiff, with tfjs's Adam: the readable reference, and the engine for any Network. */
import * as tf from '@tensorflow/tfjs';
import type { Windows } from '../../data/Windows';
import { packStrided, windowArrays } from '../../data/WindowArrays';
import type { Network } from '../../models/Module';
import { meanSquaredErrorOf, tfjsPredict } from './tfjsPredict';
import type { OptimizerOptions, TrainingEngine } from '../TrainingEngine';

export function tfjsEngine(model: Network, options: OptimizerOptions): TrainingEngine {
  const variables = [...model.parameters().values()];
  const optimizer = tf.train.adam(options.learningRate, options.beta1, options.beta2, options.epsilon);
  let losses: tf.Scalar[] = [];
  let best: tf.Tensor[] | undefined;
  return {
    name: 'tfjs',
    threads: 1,
    step(windows, rows) {
      losses.push(
        tf.tidy(() => {
          const { x, y } = gather(windows, rows);
          const { value, grads } = tf.variableGrads(() => tf.losses.meanSquaredError(y, model.forward(x)) as tf.Scalar, variables);
          const clipped = options.clipGradNorm ? clipByGlobalNorm(grads, options.clipGradNorm) : grads;
          // Weight decay as torch.optim.Adam applies it: weightDecay * theta added to the gradient.
          const decay = options.weightDecay ?? 0;
          const byName = new Map(variables.map((v) => [v.name, v]));
          optimizer.applyGradients(
            Object.entries(clipped).map(([name, tensor]) => ({
              name,
              tensor: decay ? tf.add(tensor, tf.mul(decay, byName.get(name)!)) : tensor,
            })),
          );
          return tf.mul(value, rows.length * windows.horizon) as tf.Scalar;
        }),
      );
    },
    async takeBatchLosses() {
      const stacked = tf.stack(losses);
      const values = await stacked.data();
      tf.dispose([stacked, ...losses]);
      losses = [];
      return values;
    },
    meanSquaredError: async (windows) => meanSquaredErrorOf(tfjsPredict(model, windows), windows),
    snapshot() {
      tf.dispose(best ?? []);
      best = variables.map((v) => tf.clone(v));
    },
    restore() {
      if (best) variables.forEach((v, i) => v.assign(best![i]));
    },
    publish() {},
    finish() {
      tf.dispose([...(best ?? []), ...losses]);
      optimizer.dispose();
    },
  };
}

/** Tensors of the windows `rows`: x [b, seqLen, inputSize], y [b, horizon], read through the windows' arrays and strides. */
function gather(windows: Windows, rows: Int32Array): { x: tf.Tensor3D; y: tf.Tensor2D } {
  const { seqLen: L, inputSize: F, horizon } = windows;
  const { inputs, inputStride, targets, targetStride } = windowArrays(windows);
  const b = rows.length;
  const size = L * F;
  // Windows in order: packed from where the first starts (already packed ones are a view, no copy).
  if (rows.every((row, i) => row === rows[0] + i)) {
    const from = rows[0];
    return {
      x: tf.tensor3d(packStrided(inputs.subarray(from * inputStride), { stride: inputStride, size, n: b }), [b, L, F]),
      y: tf.tensor2d(packStrided(targets.subarray(from * targetStride), { stride: targetStride, size: horizon, n: b }), [b, horizon]),
    };
  }
  const xs = new Float32Array(b * size);
  const ys = new Float32Array(b * horizon);
  rows.forEach((w, i) => {
    xs.set(inputs.subarray(w * inputStride, w * inputStride + size), i * size);
    ys.set(targets.subarray(w * targetStride, w * targetStride + horizon), i * horizon);
  });
  return { x: tf.tensor3d(xs, [b, L, F]), y: tf.tensor2d(ys, [b, horizon]) };
}

/** `grads` scaled so that their global L2 norm is at most `maxNorm`, as clip_grad_norm_ does (new tensors). */
function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {
  return tf.tidy(() => {
    const total = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))));
    const coefficient = tf.minimum(tf.scalar(1), tf.div(maxNorm, tf.add(total, 1e-6)));
    const clipped: tf.NamedTensorMap = {};
    for (const [name, g] of Object.entries(grads)) clipped[name] = tf.mul(g, coefficient);
    return clipped;
  });
}
