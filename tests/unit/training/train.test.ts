import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate } from '../../../src/evaluation/index';
import { OptionError, TrainingError } from '../../../src/errors';
import { Forecaster } from '../../../src/models/Forecaster';
import type { Windows } from '../../../src/data/Windows';
import { disposeModule } from '../../../src/models/Module';
import { prepareData } from '../../../src/data/prepareData';
import { createRandom } from '../../../src/random';
import { exportStateDict } from '../../../src/models/stateDict';
import { availableEngines } from '../../../src/engines/createEngine';
import { train } from '../../../src/training/train';
import { viewAndPackedWindows } from '../../helpers';

/** Every engine this machine has (the native kernel only where setup built it; tests/unit/engines/NativeKernel.test.ts checks that). */
const ENGINES = availableEngines();

/** n synthetic windows: the target is the mean of the last step's features (learnable). */
function synthetic(n: number, seed: number, scale = 1): Windows {
  const random = createRandom(seed);
  const L = 4,
    F = 2;
  const xs = Float32Array.from({ length: n * L * F }, () => random.next() * scale);
  const ys = Float32Array.from({ length: n }, (_, i) => (xs[(i * L + L - 1) * F] + xs[(i * L + L - 1) * F + 1]) / 2);
  return { xs, ys, n, seqLen: L, inputSize: F, horizon: 1 };
}
const model = (seed = 1) => new Forecaster({ kind: 'lstm', inputSize: 2, hiddenSize: 4, numLayers: 1, seqLen: 4, seed });

describe('train', () => {
  it('lowers the training loss and reports a validation loss and time per epoch', async () => {
    const m = model();
    const result = await train(
      m,
      { train: synthetic(200, 1), validation: synthetic(50, 2) },
      { epochs: 8, batchSize: 16, learningRate: 1e-2 },
    );
    assert.equal(result.history.length, 8);
    assert.ok(result.history[7].loss < result.history[0].loss / 2, `loss ${result.history[0].loss} -> ${result.history[7].loss}`);
    assert.ok(result.history.every((h) => typeof h.valLoss === 'number' && h.seconds > 0));
    assert.ok(result.secondsPerEpoch > 0);
    disposeModule(m);
  });

  for (const engine of ENGINES) {
    it(`the same seed gives a bitwise identical loss history, shuffled; another seed does not (${engine} engine)`, async () => {
      const run = async (seed: number) => {
        const m = model();
        const { history } = await train(
          m,
          { train: synthetic(120, 3), validation: synthetic(30, 4) },
          { epochs: 3, batchSize: 16, shuffle: true, seed, engine },
        );
        disposeModule(m);
        return history.map((h) => [h.loss, h.valLoss]);
      };
      const first = await run(7);
      assert.deepEqual(await run(7), first);
      assert.notDeepEqual(await run(8), first);
    });

    it(`leaks no tensors: training, prediction and evaluation leave tf.memory().numTensors unchanged (${engine} engine)`, async () => {
      const data = await prepareData();
      const m = new Forecaster({ kind: 'lstm', inputSize: 4, hiddenSize: 8, numLayers: 2, seqLen: 5 });
      const before = tf.memory().numTensors;
      const small = { ...data.train, n: 100 };
      await train(
        m,
        { train: small, validation: data.validation },
        { epochs: 2, shuffle: true, clipGradNorm: 1, earlyStopping: { patience: 5 }, onBatchEnd: () => {}, engine },
      );
      evaluate({ lstm: m }, data);
      assert.equal(tf.memory().numTensors, before);
      disposeModule(m);
    });
  }

  for (const engine of ENGINES) {
    it(`a NaN or infinite loss stops training with the epoch and batch (${engine} engine)`, async () => {
      const m = model();
      const windows = synthetic(40, 5);
      windows.ys[25] = Number.NaN; // in batch 2 of 3 (batch size 16)
      await assert.rejects(
        train(m, { train: windows }, { epochs: 2, batchSize: 16, engine }),
        (error: Error) =>
          error instanceof TrainingError &&
          /training diverged: the loss is NaN at epoch 1, batch 2 of 3\. Try a lower learning rate/.test(error.message),
      );
      const infinite = synthetic(40, 5);
      infinite.ys[39] = Number.POSITIVE_INFINITY; // in batch 3 of 3
      const fresh = model();
      await assert.rejects(
        train(fresh, { train: infinite }, { epochs: 1, batchSize: 16, engine }),
        /training diverged: the loss is Infinity at epoch 1, batch 3 of 3/,
      );
      [m, fresh].forEach(disposeModule);
    });
  }

  it('early stopping stops after `patience` epochs without improvement and restores the best weights', async () => {
    const data = { train: synthetic(64, 6), validation: synthetic(32, 7) };
    const a = model();
    // minDelta is so large that no epoch after the first counts as an improvement.
    const result = await train(a, data, { epochs: 20, batchSize: 16, earlyStopping: { patience: 3, minDelta: 1e9 } });
    assert.equal(result.history.length, 4);
    assert.equal(result.stoppedEarly, true);
    assert.equal(result.bestEpoch, 1);
    const b = model();
    await train(b, data, { epochs: 1, batchSize: 16 });
    assert.deepEqual(exportStateDict(a), exportStateDict(b));
    [a, b].forEach(disposeModule);
  });

  for (const engine of ENGINES) {
    it(`clipping the gradient norm changes the trajectory; a bound never reached changes nothing (${engine} engine)`, async () => {
      const run = async (clipGradNorm?: number) => {
        const m = model();
        const { history } = await train(m, { train: synthetic(64, 8, 50) }, { epochs: 2, batchSize: 8, clipGradNorm, engine });
        disposeModule(m);
        return history.map((h) => h.loss);
      };
      const free = await run();
      assert.deepEqual(await run(1e12), free);
      assert.notDeepEqual(await run(1e-3), free);
    });
  }

  for (const engine of ENGINES) {
    it(`weight decay 0 is no weight decay, bit for bit; a positive one shrinks the weights (${engine} engine)`, async () => {
      const run = async (weightDecay?: number) => {
        const m = model();
        const { history } = await train(m, { train: synthetic(64, 8, 50) }, { epochs: 2, batchSize: 8, weightDecay, engine });
        const state = exportStateDict(m);
        disposeModule(m);
        return { losses: history.map((h) => h.loss), state };
      };
      const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
      const norm = (state: Record<string, unknown>) =>
        Object.values(state)
          .flatMap(flat)
          .reduce((a, v) => a + v * v, 0);
      const free = await run();
      assert.deepEqual(await run(0), free);
      const decayed = await run(0.5);
      assert.notDeepEqual(decayed.losses, free.losses);
      assert.ok(norm(decayed.state) < norm(free.state), `${norm(decayed.state)} against ${norm(free.state)}`);
    });
  }

  it("weight decay: every engine ends one epoch with the TypeScript engine's weights, within 1e-4", async () => {
    const weightsAfter = async (engine: (typeof ENGINES)[number]) => {
      const m = model();
      await train(m, { train: synthetic(64, 8, 50) }, { epochs: 1, batchSize: 8, weightDecay: 0.5, engine });
      const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
      const values = Object.values(exportStateDict(m)).flatMap(flat);
      disposeModule(m);
      return values;
    };
    const reference = await weightsAfter('typescript');
    for (const engine of ENGINES) {
      const values = await weightsAfter(engine);
      const worst = Math.max(...values.map((v, i) => Math.abs(v - reference[i])));
      assert.ok(worst < 1e-4, `${engine}: ${worst}`);
    }
  });

  it('a negative or non-finite weight decay is refused before training', async () => {
    for (const weightDecay of [-0.1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await assert.rejects(
        train(model(), { train: synthetic(16, 8) }, { epochs: 1, batchSize: 8, weightDecay }),
        (error: Error) => error instanceof OptionError && /weightDecay must be a number of 0 or more/.test(error.message),
      );
    }
  });

  for (const engine of ENGINES) {
    it(`windows that do not fit the model are refused, not misread (${engine} engine)`, async () => {
      const m = model(); // seqLen 4, inputSize 2, horizon 1
      const windows = synthetic(20, 11);
      const wider = { ...windows, seqLen: 2, inputSize: 4 }; // the same numbers read as [20, 2, 4]
      const message =
        engine === 'tfjs'
          ? /input has 4 features per step, inputSize is 2/
          : /the windows have seqLen 2, inputSize 4 and horizon 1; the model was built for seqLen 4, inputSize 2 and horizon 1/;
      await assert.rejects(
        train(m, { train: wider }, { epochs: 1, engine }),
        (e: Error) => e instanceof OptionError && message.test(e.message),
      );
      disposeModule(m);
    });
  }

  it('options out of range are rejected by name', async () => {
    const m = model();
    const data = { train: synthetic(8, 9) };
    await assert.rejects(
      train(m, data, { epochs: -1 }),
      (e: Error) => e instanceof OptionError && e.message === 'epochs must be a whole number of at least 1, got -1',
    );
    await assert.rejects(train(m, data, { batchSize: 0 }), /batchSize must be a whole number of at least 1, got 0/);
    await assert.rejects(train(m, data, { learningRate: 0 }), /learningRate must be a positive number, got 0/);
    disposeModule(m);
  });
});

describe('train on windows that are views on a matrix', () => {
  for (const engine of ENGINES) {
    it(`${engine}: the same losses, validation losses and weights as on packed copies of the windows, bit for bit (shuffled, horizon 2, clipped)`, async () => {
      const train1 = viewAndPackedWindows({ n: 61, seqLen: 4, inputSize: 3, horizon: 2, seed: 21 });
      const validation = viewAndPackedWindows({ n: 13, seqLen: 4, inputSize: 3, horizon: 2, seed: 22 });
      const runs = [];
      for (const [train1Windows, validationWindows] of [
        [train1.views, validation.views],
        [train1.packed, validation.packed],
      ]) {
        const m = new Forecaster({ kind: 'gru', inputSize: 3, hiddenSize: 5, numLayers: 2, seqLen: 4, horizon: 2, seed: 8 });
        const result = await train(
          m,
          { train: train1Windows, validation: validationWindows },
          { epochs: 3, batchSize: 8, shuffle: true, seed: 2, clipGradNorm: 0.5, engine },
        );
        runs.push({ history: result.history.map(({ loss, valLoss }) => [loss, valLoss]), state: exportStateDict(m) });
        disposeModule(m);
      }
      assert.deepEqual(runs[0], runs[1]);
      assert.ok(runs[0].history.every(([loss, valLoss]) => Number.isFinite(loss) && Number.isFinite(valLoss)));
    });
  }
});
