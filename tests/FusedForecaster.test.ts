/** The fused kernel against the readable tfjs path (and finite differences) on heads and cells the PyTorch fixtures do not cover. */
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Forecaster, type ForecasterOptions } from '../src/Forecaster';
import { FusedForecaster } from '../src/FusedForecaster';
import { disposeModule } from '../src/Module';
import { createRandom } from '../src/random';
import { assertAllClose } from './helpers';

const configs: ForecasterOptions[] = [
  { kind: 'lstm', inputSize: 3, hiddenSize: 5, numLayers: 2, seqLen: 4, horizon: 3, head: 'last' },
  { kind: 'lstm', inputSize: 2, hiddenSize: 4, numLayers: 1, seqLen: 6, horizon: 2, head: 'flatten' },
  { kind: 'rnn', inputSize: 3, hiddenSize: 4, numLayers: 3, seqLen: 5, horizon: 1, head: 'flatten', nonlinearity: 'relu' },
  { kind: 'rnn', inputSize: 1, hiddenSize: 6, numLayers: 2, seqLen: 3, horizon: 2, head: 'last', nonlinearity: 'tanh' },
];

for (const options of configs) {
  const name = `${options.kind}${options.nonlinearity ? `-${options.nonlinearity}` : ''}, ${options.numLayers} layers, ${options.head} head, horizon ${options.horizon}`;
  it(`fused loss and gradient equal the tfjs path's within 1e-5, and finite differences: ${name}`, () => {
    const model = new Forecaster({ ...options, seed: 5 });
    const random = createRandom(9);
    const n = 7;
    const { seqLen: T, inputSize: I } = options;
    const P = options.horizon!;
    const xs = Float32Array.from({ length: n * T * I }, () => random.uniform(-1, 1));
    const ys = Float32Array.from({ length: n * P }, () => random.uniform(-1, 1));
    const rows = Int32Array.from([4, 0, 6, 2, 5]);

    // Reference: tfjs autodiff on the same windows.
    const x = tf.tensor3d(Float32Array.from([...rows].flatMap((r) => [...xs.subarray(r * T * I, (r + 1) * T * I)])), [rows.length, T, I]);
    const y = tf.tensor2d(Float32Array.from([...rows].flatMap((r) => [...ys.subarray(r * P, (r + 1) * P)])), [rows.length, P]);
    const variables = [...model.parameters().values()];
    const { value, grads } = tf.variableGrads(() => tf.losses.meanSquaredError(y, model.forward(x)) as tf.Scalar, variables);
    const expected = variables.flatMap((v) => Array.from(grads[v.name].dataSync()));

    const fused = new FusedForecaster(model);
    const sum = fused.lossAndGradient(xs, ys, rows);
    assert.ok(Math.abs(sum / (rows.length * P) - value.dataSync()[0]) < 1e-6);
    assertAllClose(fused.grad, expected, 1e-5, 'fused grad', 'tfjs');
    // Central differences in float64 on a few parameters: first, middle, last (the head's bias).
    const grad = Float64Array.from(fused.grad);
    for (const i of [0, Math.floor(grad.length / 2), grad.length - 1]) {
      const h = 1e-6;
      const saved = fused.theta[i];
      fused.theta[i] = saved + h;
      const up = fused.lossAndGradient(xs, ys, rows);
      fused.theta[i] = saved - h;
      const down = fused.lossAndGradient(xs, ys, rows);
      fused.theta[i] = saved;
      const numeric = (up - down) / (2 * h) / (rows.length * P);
      assert.ok(Math.abs(numeric - grad[i]) <= 1e-6 + 1e-4 * Math.abs(grad[i]), `theta[${i}]: finite difference ${numeric} vs ${grad[i]}`);
    }
    tf.dispose([x, y, value, ...Object.values(grads)]);
    disposeModule(model);
  });
}

it('push() writes the fused weights back into the model, pull() reads them', () => {
  const model = new Forecaster({ kind: 'lstm', inputSize: 2, hiddenSize: 3, numLayers: 1, seqLen: 2 });
  const fused = new FusedForecaster(model);
  fused.theta.fill(0.25);
  fused.push();
  assert.ok([...model.parameters().values()].every((v) => v.dataSync().every((value) => value === 0.25)));
  fused.theta.fill(0);
  fused.pull();
  assert.ok(fused.theta.every((value) => value === 0.25));
  disposeModule(model);
});
