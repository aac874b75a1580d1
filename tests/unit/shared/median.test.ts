import assert from 'node:assert/strict';
import { it } from 'node:test';
import { median } from '../../../src/median';

it('median(values) is the middle value of an odd count and the mean of the two middle values of an even count', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median(Float64Array.of(0.25)), 0.25);
  assert.ok(Number.isNaN(median([])));
});

it('median(values) leaves its input in order', () => {
  const values = [5, 1, 4];
  median(values);
  assert.deepEqual(values, [5, 1, 4]);
});
