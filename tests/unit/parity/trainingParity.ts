/**
 * The tutorial's training against PyTorch 1.13 on data/sp500.csv: 5 epochs of losses from the
 * same initial weights within 1e-4 (relative) on the kernel engines this machine has (the tfjs
 * engine's in training-tfjs.test.ts, a file of its own so that the two run side by side), and the
 * forecasts of a model PyTorch trained within 1e-5 through the tfjs model and through each kernel.
 * tfjs runs on the wasm backend here (tests/unit/parity/models.test.ts covers cpu and wasm op by op).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { prepareData, type PreparedData } from '../../../src/data/prepareData';
import { windowArrays } from '../../../src/data/WindowArrays';
import { availableEngines, createKernel } from '../../../src/engines/createEngine';
import type { EngineName } from '../../../src/engines/TrainingEngine';
import { readParameters } from '../../../src/engines/parameterLayout';
import { tfjsPredict } from '../../../src/engines/tfjs/tfjsPredict';
import { Forecaster } from '../../../src/models/Forecaster';
import { disposeModule } from '../../../src/models/Module';
import { loadStateDict } from '../../../src/models/stateDict';
import { train } from '../../../src/training/train';
import { assertCloseToTorch, recordDeviation, tutorial } from './torchFixtures';

/** A suite: runs of `epochs` (of the fixtures' 5) on `engines`, and (withForecasts) the forecasts of the PyTorch-trained models. */
export function trainingParity(engines: EngineName[], withForecasts: boolean, epochs = 5): void {
  describe(`parity with PyTorch of the tutorial's training (${engines.join(', ')})`, { concurrency: 1 }, () => {
    let data: PreparedData;
    before(async () => {
      assert.ok(await tf.setBackend('wasm'), 'the wasm backend did not start');
      data = await prepareData();
    });

    for (const fixture of tutorial) {
      const modelOf = () => new Forecaster({ kind: fixture.kind, inputSize: 4, hiddenSize: 8, numLayers: 2, seqLen: 5 });
      for (const engine of engines) {
        it(`the tutorial's ${fixture.kind.toUpperCase()}, ${engine} engine: ${epochs} epochs of losses match within 1e-4`, async () => {
          assert.equal(data.train.n, fixture.windows);
          const model = modelOf();
          loadStateDict(model, fixture.initial);
          const result = await train(
            model,
            { train: data.train },
            { epochs, batchSize: fixture.batchSize, learningRate: fixture.learningRate, engine },
          );
          assert.equal(result.engine, engine);
          assert.equal(result.history.length, epochs);
          result.history.forEach(({ loss }, epoch) => {
            const deviation = Math.abs(loss - fixture.epochLosses[epoch]) / fixture.epochLosses[epoch];
            assert.ok(
              deviation <= 1e-4,
              `epoch ${epoch + 1}: loss ${loss} vs PyTorch ${fixture.epochLosses[epoch]} (relative deviation ${deviation.toExponential(2)})`,
            );
            recordDeviation(`${fixture.kind} ${engine}: ${epochs}-epoch losses (relative)`, deviation);
          });
          disposeModule(model);
        });
      }

      if (withForecasts)
        it(`the tutorial's ${fixture.kind.toUpperCase()} trained in PyTorch loads from its exported state dict and forecasts the same, through tfjs and every kernel`, () => {
          const model = modelOf();
          loadStateDict(model, fixture.trained);
          assertCloseToTorch(
            tfjsPredict(model, data.test),
            fixture.testPredictions,
            1e-5,
            `${fixture.kind} test forecasts`,
            `${fixture.kind} tfjs: forecasts of a PyTorch-trained model`,
          );
          for (const name of availableEngines().filter((e) => e !== 'tfjs') as Array<'native' | 'typescript'>) {
            const kernel = createKernel(model, name);
            const rows = Int32Array.from({ length: data.test.n }, (_, i) => i);
            const forecasts = kernel.predict(readParameters(model, kernel.layout), windowArrays(data.test), rows);
            assertCloseToTorch(
              forecasts.subarray(0, data.test.n),
              fixture.testPredictions,
              1e-5,
              `${fixture.kind} ${name} kernel test forecasts`,
              `${fixture.kind} ${name}: forecasts of a PyTorch-trained model`,
            );
          }
          disposeModule(model);
        });
    }
  });
}
