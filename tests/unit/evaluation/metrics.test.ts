import assert from 'node:assert/strict';
import { it } from 'node:test';
import { directionalAccuracy, mae, mape, metrics, rmse } from '../../../src/evaluation/metrics';

const actual = [100, 110, 90, 100];
const predicted = [102, 106, 93, 100];
const previous = [95, 100, 110, 100];

it('rmse, mae and mape of hand-computed errors (2, -4, 3, 0)', () => {
  assert.equal(rmse(actual, predicted), Math.sqrt((4 + 16 + 9 + 0) / 4));
  assert.equal(mae(actual, predicted), (2 + 4 + 3 + 0) / 4);
  assert.ok(Math.abs(mape(actual, predicted) - (100 * (2 / 100 + 4 / 110 + 3 / 90 + 0)) / 4) < 1e-12);
});

it('directionalAccuracy counts matching moves and leaves out days without a move', () => {
  // Moves: up (pred up), up (pred up), down (pred down), none (left out) -> 3 of 3.
  assert.equal(directionalAccuracy(actual, predicted, previous), 1);
  assert.equal(directionalAccuracy([1, 3], [3, 1], [2, 2]), 0);
});

it('metrics(...) of a perfect forecast', () => {
  assert.deepEqual(metrics([1, 2, 3], [1, 2, 3], [0, 3, 3]), { rmse: 0, mae: 0, mape: 0, directionalAccuracy: 1 });
});

it('metrics reject arrays of different lengths', () => {
  assert.throws(() => rmse([1, 2], [1]), /arrays differ in length \(2 vs 1\)/);
});
