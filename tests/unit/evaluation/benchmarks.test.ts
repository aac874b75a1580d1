import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { type WalkForwardResult, walkForward } from '../../../src/evaluation/walkForward';
import { writeCsv } from '../../helpers';

const month = (i: number) => `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`;

describe('walkForward with the statistical benchmarks', () => {
  let result: WalkForwardResult;
  before(async () => {
    // A trend, a yearly cycle and a little deterministic noise: what exponential smoothing is for.
    const rows = Array.from(
      { length: 240 },
      (_, i) => `${month(i)},${(50 + 0.2 * i + 3 * Math.sin((2 * Math.PI * i) / 12) + 0.3 * Math.sin(i * 1.7)).toFixed(4)}`,
    );
    result = await walkForward({
      data: {
        csv: writeCsv(`date,value\n${rows.join('\n')}\n`),
        features: ['value'],
        target: 'value',
        seqLen: 12,
        horizon: 3,
        predict: 'change',
        trainFraction: 0.6,
      },
      folds: 2,
      seeds: [1],
      cells: ['rnn'],
      season: 12,
      benchmarks: true,
      model: { hiddenSize: 3, numLayers: 1 },
      training: { epochs: 2, batchSize: 32 },
    });
  });

  it('scores ets and theta after the baselines, in every table, with the spec AICc picked per fold', () => {
    assert.deepEqual(result.names, ['persistence', 'drift', 'linear', 'seasonal-naive', 'ets', 'theta', 'rnn']);
    assert.equal(result.options.benchmarks, true);
    for (const name of ['ets', 'theta']) {
      assert.ok(result.summary.some((s) => s.model === name));
      assert.equal(result.results.filter((r) => r.model === name).length, 2);
      assert.equal(result.stepRmse[name].length, 3);
      assert.ok(result.intervals.some((r) => r.model === name && r.method === 'conformal'));
    }
    for (const fold of result.folds) {
      assert.match(fold.etsSpec ?? '', /^[AM](N|A|Ad)[NAM]$/);
      for (const name of ['ets', 'theta']) {
        assert.equal(fold.forecasts[name].length, fold.actual.length);
        assert.ok(fold.forecasts[name].every(Number.isFinite));
        assert.equal(fold.calibrationErrors[name].length, fold.calibrationRows.length * 3);
      }
    }
  });

  it('on a trend with a season, both benchmarks beat persistence and seasonal naive by far', () => {
    const rmse = (name: string) => result.summary.find((s) => s.model === name)!.rmse.mean;
    for (const name of ['ets', 'theta']) {
      assert.ok(rmse(name) < 0.5 * rmse('persistence') && rmse(name) < 0.5 * rmse('seasonal-naive'), `${name}: ${rmse(name)}`);
    }
  });
});
