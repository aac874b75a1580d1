// Inference through every engine gives the tfjs forward pass's forecasts (float32 rounding apart).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { availableEngines } from '../../../src/engines/createEngine';
import { meanSquaredError, predict } from '../../../src/engines/predict';
import { tfjsPredict } from '../../../src/engines/tfjs/tfjsPredict';
import { Forecaster } from '../../../src/models/Forecaster';
import { disposeModule, type Network } from '../../../src/models/Module';
import { CELL_KINDS } from '../../../src/models/Recurrent';
import { createRandom } from '../../../src/random';
import { assertAllClose, viewAndPackedWindows } from '../../helpers';

function randomWindows(n: number, seqLen: number, inputSize: number, horizon: number, seed: number) {
  const random = createRandom(seed);
  const xs = Float32Array.from({ length: n * seqLen * inputSize }, () => random.uniform(-1, 2));
  const ys = Float32Array.from({ length: n * horizon }, () => random.uniform(0, 1));
  return { xs, ys, n, seqLen, inputSize, horizon };
}

describe('predict on every engine against the tfjs forward pass', () => {
  for (const kind of CELL_KINDS) {
    for (const head of ['flatten', 'last'] as const) {
      it(`${kind}, head ${head}, horizon 3, 45 windows in batches of 16`, () => {
        const model = new Forecaster({ kind, inputSize: 3, hiddenSize: 5, numLayers: 2, seqLen: 6, horizon: 3, head, seed: 7 });
        const windows = randomWindows(45, 6, 3, 3, 11);
        const reference = tfjsPredict(model, windows);
        for (const engine of availableEngines()) {
          const forecasts = predict(model, windows, { engine, batchSize: 16 });
          assert.equal(forecasts.length, 45 * 3);
          assertAllClose(forecasts, reference, 2e-5, `${engine} forecasts`, 'tfjs');
          const mse = reference.reduce((s, v, i) => s + (v - windows.ys[i]) ** 2, 0) / reference.length;
          assert.ok(Math.abs(meanSquaredError(model, windows, { engine }) - mse) < 1e-5 * Math.max(1, mse));
        }
        disposeModule(model);
      });
    }
  }

  for (const horizon of [1, 3]) {
    it(`views on a matrix (strides inputSize, 1) get the same forecasts and MSE as packed windows on every engine, bit for bit: horizon ${horizon}`, () => {
      const model = new Forecaster({ kind: 'lstm', inputSize: 3, hiddenSize: 5, numLayers: 2, seqLen: 6, horizon, seed: 7 });
      const { views, packed } = viewAndPackedWindows({ n: 45, seqLen: 6, inputSize: 3, horizon, seed: 12 });
      for (const engine of availableEngines()) {
        const forecasts = predict(model, views, { engine, batchSize: 16 });
        assert.deepEqual(forecasts, predict(model, packed, { engine, batchSize: 16 }), `${engine} forecasts`);
        assert.equal(meanSquaredError(model, views, { engine }), meanSquaredError(model, packed, { engine }), `${engine} MSE`);
      }
      disposeModule(model);
    });
  }

  it('a model that is not a Forecaster runs on tfjs under auto', () => {
    const weight = tf.variable(tf.scalar(2));
    const doubled: Network = {
      parameters: () => new Map([['w', weight]]),
      forward: (x) => tf.mul(tf.sum(x, [1, 2]), weight).reshape([-1, 1]) as tf.Tensor2D,
    };
    const windows = randomWindows(5, 2, 2, 1, 3);
    const expected = Array.from({ length: 5 }, (_, i) => 2 * windows.xs.subarray(i * 4, i * 4 + 4).reduce((s, v) => s + v, 0));
    assertAllClose(predict(doubled, windows), expected, 1e-6, 'forecasts');
    assert.throws(() => predict(doubled, windows, { engine: 'native' }), /needs a Forecaster model/);
    weight.dispose();
  });

  it('no tensors are left behind', () => {
    const model = new Forecaster({ kind: 'lstm', inputSize: 2, hiddenSize: 4, numLayers: 1, seqLen: 3, seed: 1 });
    const windows = randomWindows(10, 3, 2, 1, 5);
    const before = tf.memory().numTensors;
    for (const engine of availableEngines()) predict(model, windows, { engine });
    assert.equal(tf.memory().numTensors, before);
    disposeModule(model);
  });
});
