import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as os from 'node:os';
import { kernelThreads, MIN_WORK_PER_THREAD, resolveEngine, workPerWindow } from '../../../src/engines/createEngine';
import { nativeModule } from '../../../src/engines/native/NativeKernel';
import { Forecaster } from '../../../src/models/Forecaster';
import { disposeModule, type Network } from '../../../src/models/Module';
import { createRandom } from '../../../src/random';
import { train } from '../../../src/training/train';

const windows = (n: number) => {
  const random = createRandom(10);
  return {
    xs: Float32Array.from({ length: n * 8 }, () => random.next()),
    ys: Float32Array.from({ length: n }, () => random.next()),
    n,
    seqLen: 4,
    inputSize: 2,
    horizon: 1,
  };
};

it("engine 'auto' picks the native kernel where it was built, else the TypeScript kernel for small models and tfjs for large ones", async () => {
  const small = new Forecaster({ kind: 'lstm', inputSize: 2, hiddenSize: 4, numLayers: 1, seqLen: 4, seed: 1 });
  const large = new Forecaster({ kind: 'lstm', inputSize: 2, hiddenSize: 32, numLayers: 1, seqLen: 4 });
  assert.equal(resolveEngine(small, 'auto', true), 'native');
  assert.equal(resolveEngine(large, 'auto', true), 'native');
  assert.equal(resolveEngine(small, 'auto', false), 'typescript');
  assert.equal(resolveEngine(large, 'auto', false), 'tfjs');
  assert.equal(resolveEngine(large, 'typescript', true), 'typescript');
  assert.equal(resolveEngine(small, 'tfjs', true), 'tfjs');
  assert.throws(() => resolveEngine(small, 'native', false), /engine "native" is not available: .*; use "auto", "typescript" or "tfjs"/);
  const data = { train: windows(16) };
  assert.equal((await train(small, data, { epochs: 1 })).engine, nativeModule() ? 'native' : 'typescript');
  assert.equal((await train(large, data, { epochs: 1, engine: 'typescript' })).engine, 'typescript');
  await assert.rejects(
    train(small, data, { engine: 'gpu' as never }),
    /engine must be one of "auto", "native", "typescript", "tfjs", got "gpu"/,
  );
  [small, large].forEach(disposeModule);
});

it('a model that is not a Forecaster trains on tfjs, and asking for a kernel says why not', () => {
  const model: Network = {
    parameters: () => new Map(),
    forward: () => {
      throw new Error('not called');
    },
  };
  assert.equal(resolveEngine(model, 'auto', true), 'tfjs');
  assert.throws(() => resolveEngine(model, 'typescript', true), /engine "typescript" needs a Forecaster model; use "tfjs" or "auto"/);
});

it('workPerWindow counts the multiply-adds of the recurrent stack: seqLen x sum over layers of gates x (input + hidden)', () => {
  const lstm = new Forecaster({ kind: 'lstm', inputSize: 4, hiddenSize: 8, numLayers: 2, seqLen: 5, seed: 0 });
  const gru = new Forecaster({ kind: 'gru', inputSize: 3, hiddenSize: 2, numLayers: 1, seqLen: 7, seed: 0 });
  assert.equal(workPerWindow(lstm), 5 * (32 * (4 + 8) + 32 * (8 + 8)));
  assert.equal(workPerWindow(gru), 7 * (6 * (3 + 2)));
  disposeModule(lstm);
  disposeModule(gru);
});

it("kernelThreads: 'auto' keeps the tutorial's small batches on one thread and splits large ones across the cores; a number is taken as given", () => {
  const tutorial = new Forecaster({ kind: 'lstm', inputSize: 4, hiddenSize: 8, numLayers: 2, seqLen: 5, seed: 0 });
  const large = new Forecaster({ kind: 'lstm', inputSize: 4, hiddenSize: 64, numLayers: 2, seqLen: 60, seed: 0 });
  assert.equal(kernelThreads(tutorial, 20), 1);
  // 60 x (256 x 68 + 256 x 128) = 3,010,560 multiply-adds per window, x 64 windows.
  const byWork = Math.floor((3_010_560 * 64) / MIN_WORK_PER_THREAD);
  assert.ok(byWork >= 2);
  assert.equal(kernelThreads(large, 64), Math.min(byWork, os.availableParallelism()));
  assert.equal(kernelThreads(large, 1_000_000), os.availableParallelism());
  assert.equal(kernelThreads(tutorial, 20, 3), 3);
  assert.throws(() => kernelThreads(tutorial, 20, 0), /threads must be a whole number of at least 1 or "auto", got 0/);
  disposeModule(tutorial);
  disposeModule(large);
});
