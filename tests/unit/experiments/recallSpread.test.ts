import assert from 'node:assert/strict';
import { it } from 'node:test';
import { recallSpread } from '../../../src/experiments/recallSpread';

const run = (a: number, b: number) => [
  { distance: 5, mse: { rnn: a, lstm: b } },
  { distance: 20, mse: { rnn: 0.33, lstm: a } },
];

it('recallSpread gives min, median and max over the seeds, per distance and model', () => {
  const rows = recallSpread([run(0.001, 0.002), run(0.003, 0.3), run(0.2, 0.0001)]);
  assert.deepEqual(
    rows.map((r) => [r.distance, r.model]),
    [
      [5, 'rnn'],
      [5, 'lstm'],
      [20, 'rnn'],
      [20, 'lstm'],
    ],
  );
  assert.deepEqual([rows[0].min, rows[0].median, rows[0].max, rows[0].seeds], [0.001, 0.003, 0.2, 3]);
  assert.deepEqual([rows[1].min, rows[1].median, rows[1].max], [0.0001, 0.002, 0.3]);
});

it('recallSpread counts the seeds that learned (under 5% of 1/3) and that stayed at chance (over 80%)', () => {
  const rows = recallSpread([run(0.001, 0.002), run(0.003, 0.3), run(0.2, 0.0001)]);
  // 0.2 is neither learned (>= 0.0167) nor at chance (<= 0.267).
  assert.deepEqual([rows[0].learned, rows[0].atChance], [2, 0]);
  assert.deepEqual([rows[1].learned, rows[1].atChance], [2, 1]);
  assert.deepEqual([rows[2].learned, rows[2].atChance], [0, 3]);
});

it('recallSpread names the run that lacks a result, and refuses no runs', () => {
  assert.throws(() => recallSpread([run(0.1, 0.1), [{ distance: 5, mse: { rnn: 0.1 } }]]), /run 1 has no result for lstm at distance 5/);
  assert.throws(() => recallSpread([]), /no runs given/);
});
