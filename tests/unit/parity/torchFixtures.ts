/**
 * The PyTorch 1.13 fixtures (tests/fixtures/torch, written by tests/fixtures/torch/make_torch_fixtures.py) and
 * the comparison every parity test uses: |ours - PyTorch| <= tolerance * max(1, |PyTorch|).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after } from 'node:test';
import type { CellKind } from '../../../src/models/Recurrent';
import { flattenNested, type NestedArray, type StateDict } from '../../../src/models/stateDict';
import { assertAllClose, FIXTURES } from '../../helpers';

export interface CellFixture {
  name: string;
  kind: CellKind;
  nonlinearity: 'tanh' | 'relu' | null;
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  seqLen: number;
  batch: number;
  weights: StateDict;
  x: NestedArray;
  target: NestedArray;
  h0?: NestedArray;
  c0?: NestedArray;
  output: NestedArray;
  h: NestedArray;
  c?: NestedArray;
  loss: number;
  grads: StateDict;
  gradX: NestedArray;
  adamLearningRate: number;
  afterAdam3: StateDict;
  adamWeightDecay: number;
  afterAdamWeightDecay3: StateDict;
}

export interface TutorialFixture {
  kind: CellKind;
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  seqLen: number;
  batchSize: number;
  learningRate: number;
  windows: number;
  initial: StateDict;
  epochLosses: number[];
  trained: StateDict;
  testPredictions: number[];
}

const read = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, 'torch', name), 'utf8'));
/** Single recurrent layers and stacks: forward, final states, gradients, 3 Adam steps. */
export const cells = read('cells.json').cells as CellFixture[];
/** The tutorial's LSTM, RNN and GRU on data/sp500.csv: 5 epochs of losses, and a PyTorch-trained model's forecasts. */
export const tutorial = read('tutorial.json').runs as TutorialFixture[];

/** Largest deviation seen per quantity in this test file, printed when it ends. */
const worst: Record<string, number> = {};
after(() => {
  console.log('largest deviation from PyTorch (|a - b| / max(1, |b|)):');
  for (const [quantity, value] of Object.entries(worst)) console.log(`  ${quantity.padEnd(52)} ${value.toExponential(2)}`);
});

/** Assert closeness to PyTorch's `expected`, and record the largest deviation under `quantity`. */
export function assertCloseToTorch(
  actual: ArrayLike<number>,
  expected: NestedArray | number[],
  tolerance: number,
  what: string,
  quantity: string,
): void {
  const reference =
    Array.isArray(expected) && typeof expected[0] === 'number'
      ? (expected as number[])
      : flattenNested(expected as NestedArray, what).values;
  recordDeviation(quantity, assertAllClose(actual, reference, tolerance, what, 'PyTorch'));
}

/** Record a deviation measured elsewhere (relative loss differences). */
export function recordDeviation(quantity: string, deviation: number): void {
  worst[quantity] = Math.max(worst[quantity] ?? 0, deviation);
}
