import assert from 'node:assert/strict';
import { it } from 'node:test';
import { recallExperiment } from '../../../src/experiments/recallExperiment';

const tiny = {
  distances: [1, 3],
  models: [
    { name: 'rnn', kind: 'rnn' as const },
    { name: 'lstm, forget bias 1', kind: 'lstm' as const, forgetBias: 1 },
  ],
  seqLen: 6,
  hiddenSize: 3,
  trainWindows: 40,
  testWindows: 20,
  epochs: 2,
  batchSize: 8,
  learningRate: 1e-2,
  seed: 5,
};

it('recallExperiment: a test MSE per distance and model, the same for the same seed, another with another head', async () => {
  const seen: number[] = [];
  const last = await recallExperiment(tiny, (result) => seen.push(result.distance));
  assert.deepEqual(
    last.map((r) => r.distance),
    [1, 3],
  );
  assert.deepEqual(seen, [1, 3]);
  for (const r of last) {
    assert.deepEqual(Object.keys(r.mse), ['rnn', 'lstm, forget bias 1']);
    assert.ok(Object.values(r.mse).every((v) => Number.isFinite(v) && v > 0));
  }
  assert.deepEqual(await recallExperiment(tiny), last);
  // The default head is the last step's; the flatten head reads every step, so it trains another model.
  assert.deepEqual(await recallExperiment({ ...tiny, head: 'last' }), last);
  const flatten = await recallExperiment({ ...tiny, head: 'flatten' });
  assert.notDeepEqual(flatten, last);
});
