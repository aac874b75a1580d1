import * as assert from 'assert';
import {
  Forecaster, RECALL_CHANCE_MSE, check, describeBackend, formatTable, inputGradientNorms,
  lineFigure, notebookParams, recallExperiment, recallSpread, recallTask, selectBackend,
  showFigure, type RecallModel, type RecallResult,
} from '../src/index';
const __t0 = performance.now();
(async () => {



const params = notebookParams({ epochs: 40, smokeEpochs: 2 });
await selectBackend();
console.log(describeBackend());
const cells: RecallModel[] = [
  { name: 'rnn', kind: 'rnn' },
  { name: 'lstm', kind: 'lstm' },
  { name: 'lstm, forget bias 1', kind: 'lstm', forgetBias: 1 },
  { name: 'lstm, forget bias 3', kind: 'lstm', forgetBias: 3 },
  { name: 'gru', kind: 'gru' },
];
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
console.log(`forget gate at the start: σ(0) = ${sigmoid(0)}, σ(1) = ${sigmoid(1).toFixed(2)},`
  + ` σ(3) = ${sigmoid(3).toFixed(2)}`);
const T = 60;
const probe = recallTask({ n: 256, seqLen: T, distance: 0, seed: 11 });
const norms: Record<string, number[]> = {};
for (const { name, kind, forgetBias } of cells) {
  const size = { inputSize: 2, hiddenSize: 16, numLayers: 1, seqLen: T };
  const model = new Forecaster({ kind, forgetBias, ...size, head: 'last', seed: 3 });
  // Reversed so that index 0 is the last input, index 59 the first.
  norms[name] = Array.from(inputGradientNorms(model, probe)).reverse();
}
const stepsBack = Array.from({ length: T }, (_, i) => i);
await showFigure(lineFigure({
  name: 'gradient-norms', title: '‖∂loss/∂x‖ against steps back from the end, at initialisation',
  xTitle: 'steps back from the end of the window', yTitle: 'gradient norm (log scale)',
  x: stepsBack, series: norms, logY: true, mode: 'lines',
}));
const shown = [0, 10, 20, 40, 59];
console.log(formatTable({
  columns: ['steps back', ...shown.map(String)],
  rows: Object.entries(norms).map(([name, v]) => [
    name, ...shown.map((t) => v[t].toExponential(1)),
  ]),
}));
// The geometric mean of the factor per step, over the 59 steps.
const decayPerStep = Object.fromEntries(
  Object.entries(norms).map(([name, v]) => [name, (v[59] / v[0]) ** (1 / 59)]),
);
for (const [name, rate] of Object.entries(decayPerStep)) {
  console.log(`${name}: the gradient shrinks by a factor ${rate.toFixed(3)} per step back`);
}
const rnnRatio20 = norms.rnn[0] / norms.rnn[20];
console.log(`rnn: the gradient from 20 steps back is ${rnnRatio20.toExponential(1)} times smaller`);
const distances = params.smoke ? [5, 40] : [5, 10, 20, 30, 40];
const seeds = params.smoke ? [1, 2] : [1, 2, 3, 4, 5];
const recallOptions = {
  distances, models: cells, seqLen: 41, hiddenSize: 8, trainWindows: 600, testWindows: 500,
  epochs: params.epochs, batchSize: 16, learningRate: 1e-2,
};
const runs: RecallResult[][] = [];
const started = performance.now();
for (const seed of seeds) runs.push(await recallExperiment({ ...recallOptions, seed }));
const recallSeconds = (performance.now() - started) / 1000;
console.log(`${seeds.length} seeds × ${distances.length} distances × ${cells.length} models trained`
  + ` in ${recallSeconds.toFixed(0)} s`);
const spread = recallSpread(runs);
const row = (name: string, k: number) => spread.find((r) => r.model === name && r.distance === k)!;
console.log(formatTable({
  columns: ['model', 'k', 'median MSE', 'min', 'max', 'learned', 'at chance'],
  rows: spread.map((r) => [r.model, r.distance, r.median.toFixed(4), r.min.toFixed(4),
    r.max.toFixed(4), `${r.learned} of ${r.seeds}`, `${r.atChance} of ${r.seeds}`]),
}));
const median = Object.fromEntries(
  cells.map(({ name }) => [name, distances.map((k) => row(name, k).median)]),
);
const ranges = Object.fromEntries(cells.map(({ name }) => [name, {
  low: distances.map((k) => row(name, k).min), high: distances.map((k) => row(name, k).max),
}]));
await showFigure(lineFigure({
  name: 'recall',
  title: `Recall task: test MSE against the distance k (median and range, ${seeds.length} seeds)`,
  xTitle: 'k (steps between the marked value and the end)', yTitle: 'test MSE (log scale)',
  x: distances, series: { ...median, 'predict the mean': distances.map(() => RECALL_CHANCE_MSE) },
  ranges, logY: true, references: ['predict the mean'],
}));
// The longest distance up to which a model learned the task in every seed.
const reach = Object.fromEntries(cells.map(({ name }) => {
  const reliable = distances.filter((k) => distances.filter((j) => j <= k)
    .every((j) => row(name, j).learned === seeds.length));
  return [name, reliable.length ? Math.max(...reliable) : 0];
}));
console.log(formatTable({
  columns: ['model', 'learned in every seed up to k ='],
  rows: Object.entries(reach).map(([name, k]) => [name, k || '-']),
}));
const ratios: Record<string, { at10: number[]; at20: number[] }> = {};
for (const { name, kind, forgetBias } of cells) {
  ratios[name] = { at10: [], at20: [] };
  for (const seed of seeds) {
    const size = { inputSize: 2, hiddenSize: 8, numLayers: 1, seqLen: 41 };
    const model = new Forecaster({ kind, forgetBias, ...size, head: 'last', seed });
    const windows = recallTask({ n: 600, seqLen: 41, distance: 20, seed });
    const v = Array.from(inputGradientNorms(model, windows)).reverse();  // index = steps back
    ratios[name].at10.push(v[0] / v[10]);
    ratios[name].at20.push(v[0] / v[20]);
  }
}
const span = (values: number[]) => `${Math.min(...values).toExponential(1)}`
  + ` to ${Math.max(...values).toExponential(1)}`;
console.log(formatTable({
  columns: ['model', 'times smaller 10 steps back', '20 steps back'],
  rows: Object.entries(ratios).map(([name, r]) => [name, span(r.at10), span(r.at20)]),
}));
check('predicting the mean scores 1/3: the test values are uniform on [-1, 1]', () => {
  const test = recallTask({ n: 500, seqLen: 41, distance: 20, seed: 2 });
  const meanSquare = test.ys.reduce((sum, y) => sum + y * y, 0) / test.n;
  assert.ok(Math.abs(meanSquare - RECALL_CHANCE_MSE) < 0.03, `${meanSquare}`);
  assert.ok(test.ys.every((y) => y >= -1 && y <= 1));
});
check('the forget gate starts at 0.5, 0.73 and 0.95 for biases 0, 1 and 3', () => {
  const gates = [sigmoid(0), sigmoid(1).toFixed(2), sigmoid(3).toFixed(2)];
  assert.deepEqual(gates, [0.5, '0.73', '0.95']);
});
check('59 steps back, the gradient of the RNN, LSTM and GRU has vanished (< 1e-6 of it)', () => {
  for (const name of ['rnn', 'lstm', 'gru']) {
    assert.ok(norms[name][59] < 1e-6 * norms[name][0], name);
  }
});
check('with a forget bias of 3 more than 1% of it is left', () => {
  const v = norms['lstm, forget bias 3'];
  assert.ok(v[59] > 1e-2 * v[0]);
});
check('factors per step: RNN 0.46, LSTM 0.63, bias 1 0.80, GRU 0.65; bias 3 over 0.95', () => {
  const names = ['rnn', 'lstm', 'lstm, forget bias 1', 'gru'];
  const factors = names.map((n) => decayPerStep[n].toFixed(2));
  assert.deepEqual(factors, ['0.46', '0.63', '0.80', '0.65']);
  assert.ok(decayPerStep['lstm, forget bias 3'] > 0.95);
});
check('from 20 steps back the RNN\'s gradient is about six million times smaller', () => {
  assert.ok(rnnRatio20 > 5e6 && rnnRatio20 < 7e6, `${rnnRatio20}`);
});
if (!params.smoke) {
  const learned = (name: string) => distances.map((k) => row(name, k).learned);
  const atChance = (name: string) => distances.map((k) => row(name, k).atChance);
  // Per distance k = 5, 10, 20, 30, 40: in how many of the 5 seeds.
  check('every model learns at 5 steps in every seed', () => {
    for (const { name } of cells) assert.equal(row(name, 5).learned, 5, name);
  });
  check('rnn: learns at 10 in 2 seeds, at chance in 1; at chance from 20 on in every seed', () => {
    assert.deepEqual(learned('rnn'), [5, 2, 0, 0, 0]);
    assert.deepEqual(atChance('rnn').slice(1), [1, 5, 5, 5]);
  });
  check('lstm: learns to 10 in every seed, at 20 in 2, at chance from 30 on in every seed', () => {
    assert.deepEqual(learned('lstm'), [5, 5, 2, 0, 0]);
    assert.deepEqual(atChance('lstm').slice(3), [5, 5]);
  });
  check('forget bias 1: learns to 20 in every seed, at chance at 30 in every seed', () => {
    assert.deepEqual(learned('lstm, forget bias 1').slice(0, 3), [5, 5, 5]);
    assert.equal(row('lstm, forget bias 1', 30).atChance, 5);
  });
  check('forget bias 3: learns to 30 in every seed, at 40 in 2', () => {
    assert.deepEqual(learned('lstm, forget bias 3'), [5, 5, 5, 5, 2]);
  });
  check('gru: learns to 20 in every seed, at 30 in 3, at 40 in 2', () => {
    assert.deepEqual(learned('gru'), [5, 5, 5, 3, 2]);
  });
  const { rnn: rnnRatios, gru: gruRatios } = ratios;
  check('recall models: the RNN\'s gradient is tens to hundreds of times smaller 10 back', () => {
    assert.ok(Math.min(...rnnRatios.at10) > 10 && Math.max(...rnnRatios.at10) < 1000);
  });
  check('20 back: RNN 8.9e3 to 2.5e5 times smaller, GRU 3.7e3 to 6.9e4', () => {
    assert.equal(span(rnnRatios.at20), '8.9e+3 to 2.5e+5');
    assert.equal(span(gruRatios.at20), '3.7e+3 to 6.9e+4');
  });
  check('the RNN is at chance at 20 in every seed, the GRU learns there in every seed', () => {
    assert.equal(row('rnn', 20).atChance, 5);
    assert.equal(row('gru', 20).learned, 5);
  });
}
console.log('all checks passed');
console.log('TOTAL', ((performance.now()-__t0)/1000).toFixed(1));
})();
