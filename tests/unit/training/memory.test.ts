import assert from 'node:assert/strict';
import { it } from 'node:test';
import { OptionError } from '../../../src/errors';
import { Forecaster } from '../../../src/models/Forecaster';
import { disposeModule, parameterCount } from '../../../src/models/Module';
import { checkTrainingMemory, trainingMemory } from '../../../src/training/memory';

const tutorial = { kind: 'lstm' as const, inputSize: 4, hiddenSize: 8, numLayers: 2, seqLen: 5, horizon: 1, batchSize: 20 };

it("counts the network's parameters as the model has them", () => {
  for (const kind of ['rnn', 'lstm', 'gru'] as const) {
    const model = new Forecaster({ ...tutorial, kind, horizon: 3, seed: 1 });
    assert.equal(trainingMemory({ ...tutorial, kind, horizon: 3 }).parameters, parameterCount(model), kind);
    disposeModule(model);
  }
});

it('grows with the parameters and with the batch, and the tutorial network needs well under a megabyte', () => {
  const small = trainingMemory(tutorial).bytes;
  assert.ok(small < 1e6, `${small}`);
  assert.ok(trainingMemory({ ...tutorial, hiddenSize: 16 }).bytes > small);
  assert.ok(trainingMemory({ ...tutorial, batchSize: 40 }).bytes > small);
});

it('refuses a network too large for the limit, giving the estimate and the options to change', () => {
  assert.doesNotThrow(() => checkTrainingMemory(tutorial, 1e6));
  assert.throws(
    () => checkTrainingMemory({ ...tutorial, kind: 'rnn', hiddenSize: 100_000 }, 12 * 2 ** 30),
    (error: Error) =>
      error instanceof OptionError &&
      /^an RNN of 2 layers of 100000 units \(30,001,300,001 parameters\), .* needs about 1230 GiB to train, more than the 12 GiB allowed .*--hidden, --layers, --seq-len or --batch$/.test(
        error.message,
      ),
  );
});
