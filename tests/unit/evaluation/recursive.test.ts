import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { dataOptions, type PreparedData, prepareTable } from '../../../src/data/prepareData';
import { splitChronological } from '../../../src/data/splitChronological';
import type { Windows } from '../../../src/data/Windows';
import { OptionError } from '../../../src/errors';
import { forecast } from '../../../src/evaluation/forecast';
import { checkRecursive, recursiveForecast } from '../../../src/evaluation/recursive';
import { type WalkForwardResult, walkForward } from '../../../src/evaluation/walkForward';
import { Forecaster } from '../../../src/models/Forecaster';
import { LinearAutoregression } from '../../../src/models/LinearAutoregression';
import type { WindowForecaster } from '../../../src/models/WindowForecaster';
import { tableOf, writeCsv } from '../../helpers';

/** 10 + sin(0.3 t): exactly x[t] - 10 = 2 cos(0.3) (x[t-1] - 10) - (x[t-2] - 10), a linear recurrence that never settles. */
const wave = (t: number) => 10 + Math.sin(0.3 * t);

function prepared(horizon: number, predict: 'level' | 'change' = 'level', columns: Record<string, number[]> = {}): PreparedData {
  const table = tableOf({ value: Array.from({ length: 200 }, (_, t) => wave(t)), ...columns });
  const options = dataOptions({
    features: ['value', ...Object.keys(columns)],
    target: 'value',
    seqLen: 4,
    horizon,
    predict,
    trainFraction: 0.7,
    validationFraction: 0.1,
  });
  return prepareTable(table, options, splitChronological(200, options));
}

/** A one-step model that forecasts its window's newest scaled input plus `step`. */
const addsStep = (step: number): WindowForecaster => ({
  predict: (windows: Windows) =>
    Float32Array.from({ length: windows.n }, (_, i) => windows.xs[(i + 1) * windows.seqLen * windows.inputSize - 1] + step),
});

describe('recursiveForecast', () => {
  it('shifts each window by one row per step, its own forecast entering as the newest input', () => {
    const data = prepared(5);
    const range = data.scaler.max.value - data.scaler.min.value;
    const got = recursiveForecast(addsStep(0.01), data, 'test');
    const values = data.table.columns.value;
    for (const [i, row] of data.test.targetRows.entries()) {
      for (let h = 0; h < 5; h++) {
        // Each step adds 0.01 in scaled units to the forecast before it, starting from the last known value.
        const expected = values[row - 1] + (h + 1) * 0.01 * range;
        assert.ok(Math.abs(got[i * 5 + h] - expected) < 1e-5, `window ${i}, step ${h + 1}: ${got[i * 5 + h]} against ${expected}`);
      }
    }
  });

  it('continues a linear recurrence exactly when the model is the fitted one-step autoregression', () => {
    const oneStep = LinearAutoregression.fit(prepared(1).train);
    const data = prepared(8);
    const got = recursiveForecast(oneStep, data, 'test');
    let worst = 0;
    for (const [i, row] of data.test.targetRows.entries()) {
      for (let h = 0; h < 8; h++) worst = Math.max(worst, Math.abs(got[i * 8 + h] - wave(row + h)));
    }
    assert.ok(worst < 1e-3, `largest error ${worst} over 8 steps of a wave of amplitude 1`);
  });

  it('adds up forecast changes to levels, as the direct forecasts do', () => {
    const data = prepared(3, 'change');
    const got = recursiveForecast(addsStep(0), data, 'validation');
    // A forecast of the newest change again and again: the last change carried forward, step by step.
    const values = data.table.columns.value;
    for (const [i, row] of data.validation.targetRows.entries()) {
      const change = values[row - 1] - values[row - 2];
      for (let h = 0; h < 3; h++) {
        const expected = values[row - 1] + (h + 1) * change;
        assert.ok(Math.abs(got[i * 3 + h] - expected) < 1e-5, `window ${i}, step ${h + 1}`);
      }
    }
  });

  it('is the direct forecast for one step', () => {
    const data = prepared(1);
    const network = new Forecaster({ kind: 'gru', inputSize: 1, seqLen: 4, horizon: 1, hiddenSize: 3, numLayers: 1, seed: 4 });
    assert.deepEqual(recursiveForecast(network, data, 'test'), forecast(network, data, 'test'));
  });

  it('refuses inputs other than the target, naming them', () => {
    const data = prepared(3, 'level', { volume: Array.from({ length: 200 }, (_, t) => t) });
    assert.throws(() => recursiveForecast(addsStep(0), data), /"volume" would need forecasts of its own/);
    assert.throws(() => checkRecursive({ features: ['a', 'b'], target: 'value' }), /"a", "b" would need forecasts of their own/);
    assert.throws(() => checkRecursive({ features: ['open'], target: 'close' }), /"open" would need forecasts of its own/);
  });
});

describe('walkForward with recursive', () => {
  const day = (i: number) => new Date(Date.UTC(2010, 0, 1 + i)).toISOString().slice(0, 10);
  const csv = () =>
    writeCsv(
      `date,value,other\n${Array.from({ length: 260 }, (_, i) => `${day(i)},${(100 + 0.2 * i + 4 * Math.sin(i / 3)).toFixed(4)},${i % 7}`).join('\n')}\n`,
    );
  const options = (file: string, features = ['value'], horizon = 4) => ({
    data: { csv: file, features, target: 'value', seqLen: 6, horizon, predict: 'change' as const, trainFraction: 0.6 },
    folds: 2,
    seeds: [1, 2],
    cells: ['rnn'] as const,
    recursive: true,
    model: { hiddenSize: 3, numLayers: 1 },
    training: { epochs: 2, batchSize: 32 },
  });
  let result: WalkForwardResult;
  let trained: Array<{ fold: number; seed: number; recursive: boolean; horizon: number }>;
  before(async () => {
    trained = [];
    result = await walkForward({
      ...options(csv()),
      trainingFor: ({ fold, seed, recursive, data }) => {
        trained.push({ fold, seed, recursive, horizon: data.train.horizon });
        return {};
      },
    });
  });

  it('puts each recursive model after its direct one, in every table', () => {
    assert.deepEqual(result.names, ['persistence', 'drift', 'linear', 'linear-recursive', 'ets', 'theta', 'rnn', 'rnn-recursive']);
    assert.deepEqual(Object.keys(result.stepRmse), result.names);
    assert.deepEqual(
      result.summary.map((s) => s.model),
      result.names,
    );
    assert.deepEqual([...new Set(result.intervals.map((r) => r.model))], result.names);
    assert.equal(result.options.recursive, true);
  });

  it('trains each seed once directly and once for one step, on every fold', () => {
    assert.deepEqual(
      trained.map((t) => [t.fold, t.seed, t.recursive, t.horizon]),
      [
        [1, 1, false, 4],
        [1, 2, false, 4],
        [1, 1, true, 1],
        [1, 2, true, 1],
        [2, 1, false, 4],
        [2, 2, false, 4],
        [2, 1, true, 1],
        [2, 2, true, 1],
      ],
    );
  });

  it('scores both ways on the same windows, step by step', () => {
    for (const fold of result.folds) {
      const n = fold.targetRows.length;
      for (const name of ['linear-recursive', 'rnn-recursive']) {
        assert.equal(fold.forecasts[name].length, n * 4, `${name}, fold ${fold.fold}`);
        assert.ok(fold.forecasts[name].every(Number.isFinite));
      }
      assert.equal(fold.seedForecasts['rnn-recursive'].length, 2);
      assert.ok(!('rnn-recursive' in result.last.models), 'figures keep the direct networks');
    }
    for (const name of result.names) assert.equal(result.stepRmse[name].length, 4);
    // One linear model per step against one fed its own forecasts: different forecasts of the same windows.
    assert.notDeepEqual(result.folds[0].forecasts.linear, result.folds[0].forecasts['linear-recursive']);
  });

  it('refuses exogenous inputs and a horizon of one before training', async () => {
    let calls = 0;
    const count = () => {
      calls++;
      return {};
    };
    await assert.rejects(walkForward({ ...options(csv(), ['value', 'other']), trainingFor: count }), (error: Error) => {
      assert.ok(error instanceof OptionError);
      assert.match(error.message, /"other" would need forecasts of its own/);
      return true;
    });
    await assert.rejects(walkForward({ ...options(csv(), ['value'], 1), trainingFor: count }), /horizon of 2 or more/);
    assert.equal(calls, 0);
  });
});
