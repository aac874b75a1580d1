/**
 * The tfjs models (the readable reference) against PyTorch 1.13, on the cpu and the wasm
 * backends: forward outputs, final states, gradients with respect to every parameter and the
 * input, and the parameters after 3 Adam steps, within 1e-5.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { GRU } from '../../../src/models/GRU';
import { LSTM } from '../../../src/models/LSTM';
import { disposeModule } from '../../../src/models/Module';
import type { Recurrent } from '../../../src/models/Recurrent';
import { RNN } from '../../../src/models/RNN';
import { flattenNested, loadStateDict, type NestedArray } from '../../../src/models/stateDict';
import { assertCloseToTorch, cells, type CellFixture } from './torchFixtures';

function build(fixture: CellFixture): Recurrent {
  const options = { inputSize: fixture.inputSize, hiddenSize: fixture.hiddenSize, numLayers: fixture.numLayers };
  const module =
    fixture.kind === 'lstm'
      ? new LSTM(options)
      : fixture.kind === 'gru'
        ? new GRU(options)
        : new RNN({ ...options, nonlinearity: fixture.nonlinearity ?? 'tanh' });
  loadStateDict(module, fixture.weights);
  return module;
}

function tensorOf(nested: NestedArray, name: string): tf.Tensor {
  const { shape, values } = flattenNested(nested, name);
  return tf.tensor(values, shape);
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`parity with PyTorch of the tfjs models on the ${backend} backend`, { concurrency: 1 }, () => {
    before(async () => assert.ok(await tf.setBackend(backend), `backend ${backend} did not start`));

    for (const fixture of cells) {
      it(`${fixture.name}: forward output, final states, gradients and 3 Adam steps match within 1e-5`, () => {
        const module = build(fixture);
        const x = tensorOf(fixture.x, 'x') as tf.Tensor3D;
        const target = tensorOf(fixture.target, 'target');
        const state = fixture.h0
          ? { h: tensorOf(fixture.h0, 'h0') as tf.Tensor3D, c: fixture.c0 ? (tensorOf(fixture.c0, 'c0') as tf.Tensor3D) : undefined }
          : undefined;
        const lossOf = (input: tf.Tensor3D) => tf.losses.meanSquaredError(target, module.forward(input, state).output) as tf.Scalar;

        const { output, h, c } = module.forward(x, state);
        assertCloseToTorch(output.dataSync(), fixture.output, 1e-5, `${fixture.name} output`, `${fixture.kind} forward output`);
        assertCloseToTorch(h.dataSync(), fixture.h, 1e-5, `${fixture.name} h_n`, `${fixture.kind} final state h_n / c_n`);
        if (fixture.c) assertCloseToTorch(c!.dataSync(), fixture.c, 1e-5, `${fixture.name} c_n`, `${fixture.kind} final state h_n / c_n`);

        const params = module.parameters();
        const { value, grads } = tf.variableGrads(() => lossOf(x), [...params.values()]);
        assert.ok(Math.abs(value.dataSync()[0] - fixture.loss) <= 1e-5 * Math.max(1, fixture.loss));
        for (const [name, variable] of params) {
          assertCloseToTorch(
            grads[variable.name].dataSync(),
            fixture.grads[name],
            1e-5,
            `${fixture.name} grad ${name}`,
            `${fixture.kind} gradient, parameters`,
          );
        }
        const gradX = tf.grad((input: tf.Tensor) => lossOf(input as tf.Tensor3D))(x);
        assertCloseToTorch(gradX.dataSync(), fixture.gradX, 1e-5, `${fixture.name} grad x`, `${fixture.kind} gradient, input`);

        const optimizer = tf.train.adam(fixture.adamLearningRate, 0.9, 0.999, 1e-8);
        for (let step = 0; step < 3; step++) {
          tf.tidy(() => {
            const stepGrads = tf.variableGrads(() => lossOf(x), [...params.values()]).grads;
            optimizer.applyGradients(Object.entries(stepGrads).map(([name, tensor]) => ({ name, tensor })));
          });
        }
        for (const [name, variable] of params) {
          assertCloseToTorch(
            variable.dataSync(),
            fixture.afterAdam3[name],
            1e-5,
            `${fixture.name} after 3 Adam steps ${name}`,
            `${fixture.kind} parameters after 3 Adam steps`,
          );
        }
        optimizer.dispose();
        tf.dispose([x, target, output, h, c, value, gradX, ...Object.values(grads), state?.h, state?.c].filter((t): t is tf.Tensor => !!t));
        disposeModule(module);
      });
    }
  });
}
