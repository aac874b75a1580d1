/**
 * Parity with PyTorch 1.13 (fixtures from scripts/make_torch_fixtures.py): forward outputs, final
 * states, gradients and Adam steps within 1e-5, and 5 epochs of the tutorial's training within
 * 1e-4, on both the cpu and the wasm backends.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Forecaster } from '../src/Forecaster';
import { LSTM } from '../src/LSTM';
import { disposeModule } from '../src/Module';
import { prepareData, type PreparedData } from '../src/prepareData';
import type { Recurrent } from '../src/Recurrent';
import { RNN } from '../src/RNN';
import { flattenNested, loadStateDict, type NestedArray, type StateDict } from '../src/stateDict';
import { Adam } from '../src/Adam';
import { predict } from '../src/evaluate';
import { FusedForecaster } from '../src/FusedForecaster';
import { assertAllClose } from './helpers';
import { FusedRecurrent } from '../src/FusedRecurrent';
import { availableEngines, train } from '../src/train';

/** Every engine this machine has: the native kernel where setup built it (tests/native.test.ts checks that it loads). */
const ENGINES = availableEngines();

const FIXTURES = path.join(__dirname, 'fixtures', 'torch');
const cells = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'cells.json'), 'utf8')).cells as CellFixture[];
const tutorial = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'tutorial.json'), 'utf8')).runs as TutorialFixture[];

interface CellFixture {
  name: string; kind: 'rnn' | 'lstm'; nonlinearity: 'tanh' | 'relu' | null;
  inputSize: number; hiddenSize: number; numLayers: number; seqLen: number; batch: number;
  weights: StateDict; x: NestedArray; target: NestedArray; h0?: NestedArray; c0?: NestedArray;
  output: NestedArray; h: NestedArray; c?: NestedArray; loss: number;
  grads: StateDict; gradX: NestedArray; adamLearningRate: number; afterAdam3: StateDict;
}
interface TutorialFixture {
  kind: 'lstm' | 'rnn'; inputSize: number; hiddenSize: number; numLayers: number; seqLen: number;
  batchSize: number; learningRate: number; windows: number; initial: StateDict; epochLosses: number[];
  trained: StateDict; testPredictions: number[];
}

/** Largest deviation seen per quantity, over every fixture and backend (printed at the end). */
const worst: Record<string, number> = {};

/** |actual - expected| <= tolerance * max(1, |expected|) everywhere; records the largest such ratio. */
function assertClose(actual: ArrayLike<number>, expected: NestedArray, tolerance: number, what: string, quantity: string) {
  const max = assertAllClose(actual, flattenNested(expected, what).values, tolerance, what, 'PyTorch');
  worst[quantity] = Math.max(worst[quantity] ?? 0, max);
}

function build(fixture: CellFixture): Recurrent {
  const options = { inputSize: fixture.inputSize, hiddenSize: fixture.hiddenSize, numLayers: fixture.numLayers };
  const module = fixture.kind === 'lstm' ? new LSTM(options) : new RNN({ ...options, nonlinearity: fixture.nonlinearity ?? 'tanh' });
  loadStateDict(module, fixture.weights);
  return module;
}

function tensorOf(nested: NestedArray, name: string): tf.Tensor {
  const { shape, values } = flattenNested(nested, name);
  return tf.tensor(values, shape);
}

/** [B, T, H] row-major from the fused kernel's time-major [T][B][H]. */
function batchMajor(values: Float64Array, T: number, B: number, H: number): Float64Array {
  const out = new Float64Array(B * T * H);
  for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) out[(b * T + t) * H + j] = values[(t * B + b) * H + j];
  return out;
}

describe('parity with PyTorch of the fused kernel', () => {
  for (const fixture of cells) {
    it(`${fixture.name}: fused forward, final states, gradients and 3 Adam steps match within 1e-5`, () => {
      const { batch: B, seqLen: T, hiddenSize: H, inputSize: I } = fixture;
      const cell = fixture.kind === 'lstm' ? 'lstm' : fixture.nonlinearity === 'relu' ? 'rnn-relu' : 'rnn-tanh';
      const fused = new FusedRecurrent({ cell, inputSize: I, hiddenSize: H, numLayers: fixture.numLayers });
      const names = Object.keys(fixture.weights);
      const theta = new Float64Array(fused.size);
      let at = 0;
      for (const name of names) {
        const { values } = flattenNested(fixture.weights[name], name);
        theta.set(values, at);
        at += values.length;
      }
      assert.equal(at, fused.size);
      const x = flattenNested(fixture.x, 'x').values;
      const target = flattenNested(fixture.target, 'target').values;
      const h0 = fixture.h0 ? flattenNested(fixture.h0, 'h0').values : undefined;
      const c0 = fixture.c0 ? flattenNested(fixture.c0, 'c0').values : undefined;
      const rows = Int32Array.from({ length: B }, (_, b) => b);
      const grad = new Float64Array(fused.size);
      const dx = new Float64Array(B * T * I);
      /** Forward, then the gradient of mean((output - target)^2) into grad (and dx). */
      const lossAndGradient = () => {
        fused.forward(theta, x, T, rows, h0, c0);
        const output = batchMajor(fused.outputs(), T, B, H);
        const dOut = new Float64Array(T * B * H);
        for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let j = 0; j < H; j++) {
          const i = (b * T + t) * H + j;
          dOut[(t * B + b) * H + j] = (2 * (output[i] - target[i])) / output.length;
        }
        grad.fill(0);
        fused.backward(theta, grad, dOut, dx);
        return output;
      };
      const output = lossAndGradient();
      assertClose(output, fixture.output, 1e-5, `${fixture.name} fused output`, 'fused: forward output');
      const { h, c } = fused.finalStates();
      assertClose(h, fixture.h, 1e-5, `${fixture.name} fused h_n`, 'fused: final state h_n / c_n');
      if (fixture.c) assertClose(c!, fixture.c, 1e-5, `${fixture.name} fused c_n`, 'fused: final state h_n / c_n');
      at = 0;
      for (const name of names) {
        const size = flattenNested(fixture.grads[name], name).values.length;
        assertClose(grad.subarray(at, at + size), fixture.grads[name], 1e-5, `${fixture.name} fused grad ${name}`, 'fused: gradient, parameters');
        at += size;
      }
      assertClose(dx, fixture.gradX, 1e-5, `${fixture.name} fused grad x`, 'fused: gradient, input');

      const adam = new Adam(theta.length, { learningRate: fixture.adamLearningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
      // Restart from the fixture's weights: the first step uses the gradient computed above.
      for (let step = 0; step < 3; step++) {
        if (step > 0) lossAndGradient();
        adam.step(theta, grad);
      }
      at = 0;
      for (const name of names) {
        const size = flattenNested(fixture.afterAdam3[name], name).values.length;
        assertClose(theta.subarray(at, at + size), fixture.afterAdam3[name], 1e-5, `${fixture.name} fused after 3 Adam steps ${name}`, 'fused: parameters after 3 Adam steps');
        at += size;
      }
    });
  }
});

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`parity with PyTorch on the ${backend} backend`, { concurrency: 1 }, () => {
    let data: PreparedData;
    before(async () => {
      assert.ok(await tf.setBackend(backend), `backend ${backend} did not start`);
      data = await prepareData();
    });

    for (const fixture of cells) {
      it(`${fixture.name}: forward output, final states, gradients and 3 Adam steps match within 1e-5`, async () => {
        const module = build(fixture);
        const x = tensorOf(fixture.x, 'x') as tf.Tensor3D;
        const target = tensorOf(fixture.target, 'target');
        const state = fixture.h0
          ? { h: tensorOf(fixture.h0, 'h0') as tf.Tensor3D, c: fixture.c0 ? (tensorOf(fixture.c0, 'c0') as tf.Tensor3D) : undefined }
          : undefined;
        const lossOf = (input: tf.Tensor3D) => tf.losses.meanSquaredError(target, module.forward(input, state).output) as tf.Scalar;

        const { output, h, c } = module.forward(x, state);
        assertClose(output.dataSync(), fixture.output, 1e-5, `${fixture.name} output`, 'forward output');
        assertClose(h.dataSync(), fixture.h, 1e-5, `${fixture.name} h_n`, 'final state h_n / c_n');
        if (fixture.c) assertClose(c!.dataSync(), fixture.c, 1e-5, `${fixture.name} c_n`, 'final state h_n / c_n');

        const params = module.parameters();
        const { value, grads } = tf.variableGrads(() => lossOf(x), [...params.values()]);
        assert.ok(Math.abs(value.dataSync()[0] - fixture.loss) <= 1e-5 * Math.max(1, fixture.loss));
        for (const [name, variable] of params) {
          assertClose(grads[variable.name].dataSync(), fixture.grads[name], 1e-5, `${fixture.name} grad ${name}`, 'gradient, parameters');
        }
        const gradX = tf.grad((input: tf.Tensor) => lossOf(input as tf.Tensor3D))(x);
        assertClose(gradX.dataSync(), fixture.gradX, 1e-5, `${fixture.name} grad x`, 'gradient, input');

        const optimizer = tf.train.adam(fixture.adamLearningRate, 0.9, 0.999, 1e-8);
        for (let step = 0; step < 3; step++) {
          tf.tidy(() => {
            const stepGrads = tf.variableGrads(() => lossOf(x), [...params.values()]).grads;
            optimizer.applyGradients(Object.entries(stepGrads).map(([name, tensor]) => ({ name, tensor })));
          });
        }
        for (const [name, variable] of params) {
          assertClose(variable.dataSync(), fixture.afterAdam3[name], 1e-5, `${fixture.name} after 3 Adam steps ${name}`, 'parameters after 3 Adam steps');
        }
        optimizer.dispose();
        tf.dispose([x, target, output, h, c, value, gradX, ...Object.values(grads), state?.h, state?.c].filter((t): t is tf.Tensor => !!t));
        disposeModule(module);
      });
    }

    for (const fixture of tutorial) {
      // The fused and native engines do not use the backend; they are run once, with the cpu backend's suite.
      for (const engine of backend === 'cpu' ? ENGINES : (['tfjs'] as const)) {
        it(`the tutorial's ${fixture.kind.toUpperCase()} on data/sp500.csv, ${engine} engine: 5 epochs of losses match within 1e-4`, async () => {
          assert.equal(data.train.n, fixture.windows);
          const model = new Forecaster({ kind: fixture.kind, inputSize: 4, hiddenSize: 8, numLayers: 2, seqLen: 5 });
          loadStateDict(model, fixture.initial);
          const result = await train(model, { train: data.train }, { epochs: 5, batchSize: fixture.batchSize, learningRate: fixture.learningRate, engine });
          assert.equal(result.engine, engine);
          const losses = result.history.map((h) => h.loss);
          const quantity = engine === 'tfjs' ? '5-epoch losses (relative)' : `${engine}: 5-epoch losses (relative)`;
          for (let epoch = 0; epoch < 5; epoch++) {
            const deviation = Math.abs(losses[epoch] - fixture.epochLosses[epoch]) / fixture.epochLosses[epoch];
            assert.ok(deviation <= 1e-4, `epoch ${epoch + 1}: loss ${losses[epoch]} vs PyTorch ${fixture.epochLosses[epoch]} (relative deviation ${deviation.toExponential(2)})`);
            worst[quantity] = Math.max(worst[quantity] ?? 0, deviation);
          }
          disposeModule(model);
        });
      }

      it(`the tutorial's ${fixture.kind.toUpperCase()} trained in PyTorch loads from its exported state dict and forecasts the same`, () => {
        const model = new Forecaster({ kind: fixture.kind, inputSize: 4, hiddenSize: 8, numLayers: 2, seqLen: 5 });
        loadStateDict(model, fixture.trained);
        assertClose(predict(model, data.test), fixture.testPredictions, 1e-5, `${fixture.kind} test forecasts`, 'forecasts of a PyTorch-trained model');
        for (const kernel of ENGINES.includes('native') ? (['js', 'native'] as const) : (['js'] as const)) {
          const fused = new FusedForecaster(model, kernel);
          const rows = Int32Array.from({ length: data.test.n }, (_, i) => i);
          const quantity = `${kernel === 'js' ? 'fused' : 'native'}: forecasts of a PyTorch-trained model`;
          assertClose(fused.predict(data.test.xs, rows), fixture.testPredictions, 1e-5, `${fixture.kind} ${kernel} kernel test forecasts`, quantity);
        }
        disposeModule(model);
      });
    }
  });
}

after(() => {
  console.log('largest deviation from PyTorch (|a - b| / max(1, |b|), both backends):');
  for (const [quantity, value] of Object.entries(worst)) console.log(`  ${quantity.padEnd(38)} ${value.toExponential(2)}`);
});
