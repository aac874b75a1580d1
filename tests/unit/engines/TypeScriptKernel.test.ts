/** The TypeScript kernel against the readable tfjs path (and finite differences) on heads and cells the PyTorch fixtures do not cover. */
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Forecaster, type ForecasterOptions } from '../../../src/models/Forecaster';
import { windowArrays } from '../../../src/data/WindowArrays';
import type { WindowArrays } from '../../../src/data/Windows';
import { kernelShape } from '../../../src/engines/Kernel';
import { sumSquaredError } from '../../../src/engines/kernelEngine';
import { readParameters, writeParameters } from '../../../src/engines/parameterLayout';
import { TypeScriptKernel } from '../../../src/engines/typescript/TypeScriptKernel';
import { disposeModule } from '../../../src/models/Module';
import { createRandom } from '../../../src/random';
import { assertAllClose, packedArrays, viewAndPackedWindows } from '../../helpers';

const configs: ForecasterOptions[] = [
  { kind: 'lstm', inputSize: 3, hiddenSize: 5, numLayers: 2, seqLen: 4, horizon: 3, head: 'last' },
  { kind: 'lstm', inputSize: 2, hiddenSize: 4, numLayers: 1, seqLen: 6, horizon: 2, head: 'flatten' },
  { kind: 'rnn', inputSize: 3, hiddenSize: 4, numLayers: 3, seqLen: 5, horizon: 1, head: 'flatten', nonlinearity: 'relu' },
  { kind: 'rnn', inputSize: 1, hiddenSize: 6, numLayers: 2, seqLen: 3, horizon: 2, head: 'last', nonlinearity: 'tanh' },
  { kind: 'gru', inputSize: 3, hiddenSize: 5, numLayers: 2, seqLen: 4, horizon: 2, head: 'flatten' },
  { kind: 'gru', inputSize: 2, hiddenSize: 1, numLayers: 3, seqLen: 5, horizon: 1, head: 'last' },
];

for (const options of configs) {
  const name = `${options.kind}${options.nonlinearity ? `-${options.nonlinearity}` : ''}, ${options.numLayers} layers, ${options.head} head, horizon ${options.horizon}`;
  it(`the TypeScript kernel's loss and gradient equal the tfjs path's within 1e-5, and finite differences: ${name}`, () => {
    const model = new Forecaster({ ...options, seed: 5 });
    const random = createRandom(9);
    const n = 7;
    const { seqLen: T, inputSize: I } = options;
    const P = options.horizon!;
    const xs = Float32Array.from({ length: n * T * I }, () => random.uniform(-1, 1));
    const ys = Float32Array.from({ length: n * P }, () => random.uniform(-1, 1));
    const windows = packedArrays(xs, ys, { seqLen: T, inputSize: I, horizon: P });
    const rows = Int32Array.from([4, 0, 6, 2, 5]);

    // Reference: tfjs autodiff on the same windows.
    const x = tf.tensor3d(Float32Array.from([...rows].flatMap((r) => [...xs.subarray(r * T * I, (r + 1) * T * I)])), [rows.length, T, I]);
    const y = tf.tensor2d(Float32Array.from([...rows].flatMap((r) => [...ys.subarray(r * P, (r + 1) * P)])), [rows.length, P]);
    const variables = [...model.parameters().values()];
    const { value, grads } = tf.variableGrads(() => tf.losses.meanSquaredError(y, model.forward(x)) as tf.Scalar, variables);
    const expected = variables.flatMap((v) => Array.from(grads[v.name].dataSync()));

    const kernel = new TypeScriptKernel(kernelShape(model));
    const theta = readParameters(model, kernel.layout);
    const grad = new Float64Array(theta.length);
    const sum = kernel.lossAndGradient(theta, grad, windows, rows);
    assert.ok(Math.abs(sum / (rows.length * P) - value.dataSync()[0]) < 1e-6);
    assertAllClose(grad, expected, 1e-5, 'TypeScript kernel grad', 'tfjs');
    // Central differences in float64 on a few parameters: first, middle, last (the head's bias).
    const scratch = new Float64Array(theta.length);
    for (const i of [0, Math.floor(grad.length / 2), grad.length - 1]) {
      const h = 1e-6;
      const saved = theta[i];
      theta[i] = saved + h;
      const up = kernel.lossAndGradient(theta, scratch, windows, rows);
      theta[i] = saved - h;
      const down = kernel.lossAndGradient(theta, scratch, windows, rows);
      theta[i] = saved;
      const numeric = (up - down) / (2 * h) / (rows.length * P);
      assert.ok(Math.abs(numeric - grad[i]) <= 1e-6 + 1e-4 * Math.abs(grad[i]), `theta[${i}]: finite difference ${numeric} vs ${grad[i]}`);
    }
    tf.dispose([x, y, value, ...Object.values(grads)]);
    disposeModule(model);
  });
}

for (const options of configs) {
  it(`views on a matrix (strides inputSize, 1) give the TypeScript kernel the same loss, gradients and forecasts as packed windows, bit for bit: ${options.kind}, ${options.head} head, horizon ${options.horizon}`, () => {
    const model = new Forecaster({ ...options, seed: 6 });
    const { seqLen: T, inputSize: I } = options;
    const P = options.horizon!;
    const n = 9;
    const { views, packed } = viewAndPackedWindows({ n, seqLen: T, inputSize: I, horizon: P, seed: 17 });
    const rows = Int32Array.from([8, 1, 4, 0, 6]);
    const kernel = new TypeScriptKernel(kernelShape(model));
    const theta = readParameters(model, kernel.layout);
    const run = (windows: WindowArrays) => {
      const grad = new Float64Array(theta.length);
      const dx = new Float64Array(rows.length * T * I);
      const sum = kernel.lossAndGradient(theta, grad, windows, rows, dx);
      return {
        sum,
        grad,
        dx,
        forecasts: Float64Array.from(kernel.predict(theta, windows, rows).subarray(0, rows.length * P)),
        all: sumSquaredError(kernel, theta, windows, n, 4),
      };
    };
    const fromViews = run(windowArrays(views));
    assert.deepEqual(fromViews, run(windowArrays(packed)));
    assert.ok(
      fromViews.grad.some((g) => g !== 0),
      'the gradient is not all zeros',
    );
    disposeModule(model);
  });
}

it('writeParameters() puts a flat vector into the model, readParameters() reads it back', () => {
  const model = new Forecaster({ kind: 'lstm', inputSize: 2, hiddenSize: 3, numLayers: 1, seqLen: 2 });
  const { layout } = new TypeScriptKernel(kernelShape(model));
  writeParameters(model, layout, new Float64Array(layout.size).fill(0.25));
  assert.ok([...model.parameters().values()].every((v) => v.dataSync().every((value: number) => value === 0.25)));
  assert.ok(readParameters(model, layout).every((value) => value === 0.25));
  disposeModule(model);
});
