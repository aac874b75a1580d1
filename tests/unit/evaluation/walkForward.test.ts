import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { PreparedData } from '../../../src/data/prepareData';
import { availableEngines } from '../../../src/engines/createEngine';
import { evaluate } from '../../../src/evaluation/evaluate';
import { forecastSeries } from '../../../src/evaluation/forecast';
import { foldMeans } from '../../../src/evaluation/foldMeans';
import { summaryTable } from '../../../src/evaluation/summaryTable';
import {
  compareModels,
  lossDifferential,
  type WalkForwardOptions,
  type WalkForwardResult,
  walkForward,
} from '../../../src/evaluation/walkForward';
import { OptionError } from '../../../src/errors';
import { countPackedReads, writeCsv } from '../../helpers';

const day = (i: number) => new Date(Date.UTC(2010, 0, 1 + i)).toISOString().slice(0, 10);
/** A trend with a season of 7 and deterministic wiggles; `spikeAt` adds 500 to one row. */
function seriesCsv(rows: number, spikeAt?: number): string {
  const lines = Array.from({ length: rows }, (_, i) => {
    const value = 100 + 0.3 * i + 5 * Math.sin((2 * Math.PI * i) / 7) + Math.sin(i * 1.7) + (i === spikeAt ? 500 : 0);
    return `${day(i)},${value.toFixed(4)}`;
  });
  return `date,value\n${lines.join('\n')}\n`;
}

const base = (csv: string): WalkForwardOptions => ({
  data: { csv, features: ['value'], target: 'value', seqLen: 7, predict: 'change', trainFraction: 0.6, validationFraction: 0.1 },
  folds: 3,
  seeds: [1, 2],
  cells: ['rnn'],
  season: 7,
  model: { hiddenSize: 4, numLayers: 1 },
  training: { epochs: 3, batchSize: 16 },
});

describe('walkForward', () => {
  let result: WalkForwardResult;
  before(async () => {
    result = await walkForward(base(writeCsv(seriesCsv(300))));
  });

  it('gives a row per model, fold and seed, and a summary per model with the baselines first', () => {
    assert.deepEqual(result.names, ['persistence', 'drift', 'linear', 'seasonal-naive', 'ets', 'theta', 'rnn']);
    assert.equal(result.results.length, 3 * 6 + 3 * 2);
    assert.deepEqual(
      result.results.filter((r) => r.model === 'rnn').map((r) => [r.fold, r.seed]),
      [
        [1, 1],
        [1, 2],
        [2, 1],
        [2, 2],
        [3, 1],
        [3, 2],
      ],
    );
    assert.ok(result.results.filter((r) => r.model !== 'rnn').every((r) => r.seed === null));
    assert.deepEqual(
      result.summary.map((s) => s.model),
      result.names,
    );
    const persistence = result.summary[0];
    assert.equal(persistence.skill.mean, 0);
    assert.equal(persistence.dmPValue, null);
    assert.equal(result.summary[6].rmse.sd > 0, true, 'two seeds give two different networks');
    // rmse summarises rmseBySeed: one value per seed for a network, one for a baseline.
    for (const s of result.summary) {
      assert.equal(s.rmseBySeed.length, s.model === 'rnn' ? 2 : 1);
      const mean = s.rmseBySeed.reduce((a, b) => a + b, 0) / s.rmseBySeed.length;
      assert.ok(Math.abs(mean - s.rmse.mean) < 1e-12, s.model);
    }
  });

  it("calibrates each fold's intervals on its validation windows only, none of whose targets reach the test block", () => {
    for (const fold of result.folds) {
      const rows = Array.from(fold.calibrationRows);
      assert.ok(rows.length > 0);
      assert.ok(rows[0] >= fold.split.validation.start, `fold ${fold.fold}: calibration starts at row ${rows[0]}`);
      assert.ok(
        rows[rows.length - 1] + result.options.data.horizon - 1 < fold.split.test.start,
        `fold ${fold.fold}: a calibration target in the test block`,
      );
      for (const name of result.names) assert.equal(fold.calibrationErrors[name].length, rows.length * result.options.data.horizon, name);
    }
  });

  it("scores every model's 80% and 95% intervals on the test blocks, the wider level covering at least as much", () => {
    assert.deepEqual(result.options.levels, [80, 95]);
    assert.deepEqual(
      result.intervals.map((r) => `${r.model} ${r.method} ${r.level} ${r.step}`),
      [
        ...result.names.flatMap((name) => [`${name} conformal 80 1`, `${name} conformal 95 1`]),
        ...['persistence', 'drift', 'seasonal-naive'].flatMap((name) => [`${name} textbook 80 1`, `${name} textbook 95 1`]),
      ],
    );
    for (const [name, method] of [
      ...result.names.map((name) => [name, 'conformal']),
      ...['persistence', 'drift', 'seasonal-naive'].map((name) => [name, 'textbook']),
    ]) {
      const [at80, at95] = result.intervals.filter((r) => r.model === name && r.method === method);
      assert.ok(at80.coverage >= 0 && at80.coverage <= 1 && at95.coverage >= at80.coverage, `${name}: ${at80.coverage}, ${at95.coverage}`);
      assert.ok(at95.width >= at80.width && at80.width > 0, name);
      assert.ok(at80.msis > 0 && at80.pinball > 0, name);
    }
  });

  it('cuts the tested rows into one block per fold', () => {
    // The tested rows (the last 30%: 90 rows) are cut into 3 blocks of 30.
    assert.deepEqual(
      result.folds.map((f) => [f.split.test.start, f.split.test.end, f.dates.length]),
      [
        [210, 240, 30],
        [240, 270, 30],
        [270, 300, 30],
      ],
    );
  });

  it('scores the linear autoregression well above persistence, and compareModels agrees with the summary', () => {
    // The linear autoregression on changes of a trend with a season beats persistence clearly.
    const linear = result.summary.find((s) => s.model === 'linear')!;
    assert.ok(linear.skill.mean > 0.5 && linear.dmPValue! < 0.01, `linear skill ${linear.skill.mean}, p ${linear.dmPValue}`);
    // compareModels is the summary's test against persistence, and is antisymmetric.
    assert.equal(compareModels(result, 'linear', 'persistence').pValue, linear.dmPValue);
    const there = compareModels(result, 'rnn', 'linear');
    const back = compareModels(result, 'linear', 'rnn');
    assert.equal(there.pValue, back.pValue);
    assert.equal(there.meanDifference, -back.meanDifference);
    // Its losses: one per origin over all folds, squared errors, a network's the mean over its seeds.
    const { lossA, lossB, difference } = lossDifferential(result, 'rnn', 'linear');
    assert.equal(lossA.length, 90);
    const fold = result.folds[0];
    const seedSquares = fold.seedForecasts.rnn.map((run) => (fold.actual[0] - run[0]) ** 2);
    assert.ok(Math.abs(lossA[0] - seedSquares.reduce((a, b) => a + b, 0) / seedSquares.length) < 1e-12);
    assert.ok(Math.abs(lossB[0] - (fold.actual[0] - fold.forecasts.linear[0]) ** 2) < 1e-12);
    assert.ok(difference.every((d, i) => d === lossA[i] - lossB[i]));
    assert.ok(Math.abs(there.meanDifference - difference.reduce((a, b) => a + b, 0) / 90) < 1e-12);
    assert.throws(
      () => compareModels(result, 'lstm', 'linear'),
      /no model "lstm" in this run; it has persistence, drift, linear, seasonal-naive, ets, theta, rnn/,
    );
  });

  it("foldMeans gives a baseline's one score per fold, a network's mean over its seeds", () => {
    const skillByFold = foldMeans(result, 'skill');
    assert.deepEqual(skillByFold.persistence, [0, 0, 0]);
    const rnn = result.results.filter((r) => r.model === 'rnn' && r.fold === 2);
    assert.equal(skillByFold.rnn[1], (rnn[0].skill + rnn[1].skill) / 2);
  });

  it('summaryTable has a row per model in order, networks with mean ± sd, persistence without a p-value', () => {
    const table = summaryTable(result).split('\n');
    assert.match(table[0], /^90 forecasts from 2010-07-30 to 2010-10-27, in 3 folds of 30, 30, 30; .* over 2 seeds/);
    assert.deepEqual(
      table.slice(4, 11).map((line) => line.split(/\s+/)[0]),
      result.names,
    );
    assert.match(table[10], /^rnn\s+\d+\.\d+ ± \d+\.\d+/);
    assert.match(table[4], /^persistence .* n\/a$/);
  });

  it('a spike planted in a test block changes nothing that was trained or forecast before it', async () => {
    const clean = await walkForward(base(writeCsv(seriesCsv(300))));
    const spikeRow = 215; // in the first test block, rows [210, 240)
    const spiked = await walkForward(base(writeCsv(seriesCsv(300, spikeRow))));
    // Fold 1 trains on rows before 180 and validates on 180-209: its forecasts of targets up to and
    // including the spike (whose inputs end before it) are identical, for every model and baseline.
    const upTo = clean.folds[0].dates.indexOf(day(spikeRow)) + 1;
    assert.equal(upTo, spikeRow - 210 + 1);
    for (const name of clean.names) {
      assert.deepEqual(
        spiked.folds[0].forecasts[name].subarray(0, upTo),
        clean.folds[0].forecasts[name].subarray(0, upTo),
        `fold 1, ${name}`,
      );
      assert.notDeepEqual(
        spiked.folds[0].forecasts[name].subarray(upTo),
        clean.folds[0].forecasts[name].subarray(upTo),
        `fold 1 after the spike, ${name}`,
      );
    }
    // Fold 2 trains on rows before 210; the spike is among its validation rows, which (without early
    // stopping) only report a loss; its test windows read rows from 233 on: identical. The
    // statistical benchmarks, fitted on the same rows, carry their states through every row before
    // each origin, the spike's too (as a forecaster would): theirs differ.
    for (const name of clean.names) {
      if (name === 'ets' || name === 'theta')
        assert.notDeepEqual(spiked.folds[1].forecasts[name], clean.folds[1].forecasts[name], `fold 2, ${name}`);
      else assert.deepEqual(spiked.folds[1].forecasts[name], clean.folds[1].forecasts[name], `fold 2, ${name}`);
    }
    assert.equal(spiked.folds[1].etsSpec, clean.folds[1].etsSpec);
    // Fold 3 trains on rows before 240, the spike among them: its networks and linear model change.
    assert.notDeepEqual(spiked.folds[2].forecasts.rnn, clean.folds[2].forecasts.rnn);
    assert.notDeepEqual(spiked.folds[2].forecasts.linear, clean.folds[2].forecasts.linear);
  });

  it("a season not shorter than the first fold's training rows is refused", async () => {
    await assert.rejects(walkForward({ ...base(writeCsv(seriesCsv(300))), season: 200 }), (error: Error) => {
      assert.ok(error instanceof OptionError);
      assert.match(error.message, /season 200 is not shorter than the first fold's 180 training rows/);
      return true;
    });
  });
});

describe('walkForward reads windows through their arrays', () => {
  for (const engine of availableEngines()) {
    it(`a run as the command line makes it (folds, every cell, the ${engine} engine, whole-series forecasts, evaluate) never reads a part's packed xs or ys`, async () => {
      let data: PreparedData | undefined;
      const counted = new Set<PreparedData>();
      const counts: (() => number)[] = [];
      const packedReads = () => counts.reduce((sum, count) => sum + count(), 0);
      const result = await walkForward({
        ...base(writeCsv(seriesCsv(240))),
        folds: 2,
        seeds: [1],
        cells: ['rnn', 'lstm', 'gru'],
        training: { epochs: 2, batchSize: 16, engine, shuffle: true, earlyStopping: { patience: 1 } },
        trainingFor: (info) => {
          data = info.data;
          if (!counted.has(data)) counts.push(countPackedReads(data.train, data.validation, data.test));
          counted.add(data);
          return {};
        },
      });
      const { models, linear } = result.last;
      forecastSeries({ ...models, linear }, result.last.data);
      evaluate({ ...models, linear }, result.last.data, 'validation');
      assert.equal(data, result.last.data);
      assert.equal(counts.length, 2, 'one count per fold');
      assert.equal(packedReads(), 0, 'packed windows were read');
      // The count does move when they are read.
      assert.equal(data!.test.xs.length, data!.test.n * 7);
      assert.equal(packedReads(), 1);
    });
  }
});
