import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { OptionError } from '../../../src/errors';
import { type WalkForwardOptions, type WalkForwardResult, walkForward } from '../../../src/evaluation/walkForward';
import { fitEts, etsRolling, parseSpec } from '../../../src/statistical/ets';
import { writeCsv } from '../../helpers';

const month = (i: number) => `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`;

describe('walkForward with the statistical benchmarks', () => {
  let result: WalkForwardResult;
  // A trend, a yearly cycle and a little deterministic noise: what exponential smoothing is for.
  const values = Array.from({ length: 240 }, (_, i) =>
    Number((50 + 0.2 * i + 3 * Math.sin((2 * Math.PI * i) / 12) + 0.3 * Math.sin(i * 1.7)).toFixed(4)),
  );
  let options: WalkForwardOptions;
  before(async () => {
    options = {
      data: {
        csv: writeCsv(`date,value\n${values.map((v, i) => `${month(i)},${v}`).join('\n')}\n`),
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
    };
    result = await walkForward(options);
  });

  it('scores ets and theta after the baselines, in every table, with the spec AICc picked per fold', () => {
    assert.deepEqual(result.names, ['persistence', 'drift', 'linear', 'seasonal-naive', 'ets', 'theta', 'rnn']);
    assert.deepEqual(result.options.benchmarks, ['ets', 'theta']);
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

  it("fixes a spec where named ets-SPEC: its forecasts are that spec fitted on each fold's training rows", async () => {
    const fixed = await walkForward({ ...options, benchmarks: ['ets-AAA', 'ets'] });
    assert.deepEqual(fixed.names, ['persistence', 'drift', 'linear', 'seasonal-naive', 'ets-AAA', 'ets', 'rnn']);
    assert.deepEqual(fixed.options.benchmarks, ['ets-AAA', 'ets']);
    for (const [k, fold] of fixed.folds.entries()) {
      const trainEnd = fold.split.train.end;
      const fit = fitEts(parseSpec('AAA', 12), values.slice(0, trainEnd));
      const rows = Float64Array.from(fold.targetRows);
      assert.deepEqual(fold.forecasts['ets-AAA'], etsRolling(fit, Float64Array.from(values), 0, rows, 3), `fold ${k + 1}`);
      // The AICc selection's row is the one ets had in the default run.
      assert.deepEqual(fold.forecasts.ets, result.folds[k].forecasts.ets);
    }
  });

  it('refuses names it does not know, a seasonal spec without a season, and a name given twice', async () => {
    const refused = (benchmarks: string[], pattern: RegExp) =>
      assert.rejects(
        walkForward({ ...options, benchmarks }),
        (error: Error) => error instanceof OptionError && pattern.test(error.message),
      );
    await refused(['arima'], /"arima" is not a benchmark; name ets .* ets-SPEC .* theta/);
    await refused(['ets-AXA'], /"AXA" is not an ETS spec/);
    await refused(['ets', 'ets'], /benchmark "ets" is named twice/);
    await assert.rejects(
      walkForward({ ...options, season: undefined, benchmarks: ['ets-AAA'] }),
      /ETS spec AAA has a season, so it needs a season length of 2 or more/,
    );
  });
});
