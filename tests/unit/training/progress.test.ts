import assert from 'node:assert/strict';
import { it } from 'node:test';
import { progressFormatter } from '../../../src/training/progress';

it('progressFormatter(label, epochs) gives the epoch, losses and time, with a bar when asked', () => {
  const plain = progressFormatter('LSTM:', 200)({ epoch: 50, loss: 4.1234e-4, valLoss: 3.9e-2, seconds: 0.1 });
  assert.match(plain, /^LSTM: epoch 50\/200 {2}loss 4\.123e-4 {2}val 3\.900e-2 {2}\d+\.\d s, ~\d+\.\d s left$/);
  const bar = progressFormatter('RNN ', 4, 8)({ epoch: 1, loss: 0.5, seconds: 0.1 });
  assert.match(bar, /^RNN {2}\[##\.\.\.\.\.\.\] epoch 1\/4 {2}loss 5\.000e-1 {2}\d/);
  assert.doesNotMatch(bar, /val/);
});
