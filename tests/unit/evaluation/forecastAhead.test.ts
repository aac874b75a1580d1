import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadCsv } from '../../../src/data/loadCsv';
import { dataOptions } from '../../../src/data/prepareData';
import type { Table } from '../../../src/data/Table';
import { OptionError } from '../../../src/errors';
import { type AheadResult, forecastAhead, mostAhead } from '../../../src/evaluation/forecastAhead';
import { writeCsv } from '../../helpers';

/** Monthly, 240 months from 2000-01: a trend, a yearly cycle and a little noise. */
function monthlyCsv(): string {
  const lines = Array.from({ length: 240 }, (_, i) => {
    const month = `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`;
    return `${month},${(50 + 0.2 * i + 3 * Math.sin((2 * Math.PI * i) / 12) + 0.3 * Math.sin(i * 1.7)).toFixed(4)}`;
  });
  return `date,value\n${lines.join('\n')}\n`;
}

describe('forecastAhead', () => {
  let table: Table;
  let result: AheadResult;
  const data = () => dataOptions({ features: ['value'], target: 'value', seqLen: 12, predict: 'change', validationFraction: 0.15 });
  before(async () => {
    table = await loadCsv(writeCsv(monthlyCsv()), { columns: ['value'] });
    result = await forecastAhead({
      table,
      data: data(),
      ahead: 6,
      cells: ['gru'],
      seeds: [1, 2],
      season: 12,
      model: { hiddenSize: 4, numLayers: 1 },
      training: { epochs: 3, batchSize: 16 },
    });
  });

  it("dates the steps after the last row on the series' calendar", () => {
    assert.equal(result.origin, '2019-12-01');
    assert.deepEqual(result.dates, ['2020-01-01', '2020-02-01', '2020-03-01', '2020-04-01', '2020-05-01', '2020-06-01']);
    assert.equal(result.calendar, 'months (on the 1st)');
  });

  it('fits on all rows but the final validation stretch, and calibrates on the windows inside it', () => {
    assert.deepEqual(result.split, { train: { start: 0, end: 204 }, validation: { start: 204, end: 240 } });
    // 36 validation rows hold 36 - 6 + 1 windows of 6 targets.
    assert.equal(result.calibration, 31);
  });

  it('gives every model a forecast per step: persistence the last value, drift its slope over all rows', () => {
    const values = table.columns.value;
    const last = values[239];
    const slope = (last - values[0]) / 239;
    assert.deepEqual(
      result.forecasts.map((f) => f.model),
      ['persistence', 'drift', 'linear', 'seasonal-naive', 'ets', 'theta', 'gru'],
    );
    const by = Object.fromEntries(result.forecasts.map((f) => [f.model, f.forecast]));
    assert.deepEqual(by.persistence, new Array(6).fill(last));
    by.drift.forEach((value, h) => assert.ok(Math.abs(value - (last + (h + 1) * slope)) < 1e-9, `drift step ${h + 1}`));
    // Seasonal naive repeats the same months of the last year.
    assert.deepEqual(by['seasonal-naive'], Array.from(values.subarray(228, 234)));
    for (const f of result.forecasts) assert.ok(f.forecast.length === 6 && f.forecast.every(Number.isFinite), f.model);
  });

  it('the linear model follows the trend and the cycle: within 1 of the series continued without its noise', () => {
    const linear = result.forecasts.find((f) => f.model === 'linear')!.forecast;
    linear.forEach((value, h) => {
      const i = 240 + h;
      const clean = 50 + 0.2 * i + 3 * Math.sin((2 * Math.PI * i) / 12);
      assert.ok(Math.abs(value - clean) < 1, `step ${h + 1}: ${value} against ${clean}`);
    });
  });

  it('puts each forecast inside its intervals, the 95% ones at least as wide as the 80% ones', () => {
    for (const f of result.forecasts) {
      const [at80, at95] = f.intervals;
      assert.deepEqual([at80.level, at95.level], [80, 95]);
      for (let h = 0; h < 6; h++) {
        assert.ok(
          at95.lo[h] <= at80.lo[h] && at80.lo[h] <= f.forecast[h] && f.forecast[h] <= at80.hi[h] && at80.hi[h] <= at95.hi[h],
          `${f.model} step ${h + 1}`,
        );
      }
    }
  });

  it("gives the naive methods their textbook intervals too: persistence's grow like the square root of the step", () => {
    assert.deepEqual(
      result.forecasts.filter((f) => f.textbook).map((f) => f.model),
      ['persistence', 'drift', 'seasonal-naive', 'ets'],
    );
    const persistence = result.forecasts.find((f) => f.model === 'persistence')!;
    const half = (h: number) => persistence.textbook![1].hi[h] - persistence.forecast[h];
    for (let h = 0; h < 6; h++) assert.ok(Math.abs(half(h) - half(0) * Math.sqrt(h + 1)) < 1e-9, `step ${h + 1}`);
    // Seasonal naive's stays flat within the first season.
    const seasonal = result.forecasts.find((f) => f.model === 'seasonal-naive')!;
    const widths = seasonal.textbook![0].hi.map((hi, h) => hi - seasonal.textbook![0].lo[h]);
    for (const width of widths) assert.ok(Math.abs(width - widths[0]) < 1e-9);
  });

  it('refuses an ahead the validation stretch cannot calibrate, saying the most it allows', async () => {
    assert.equal(mostAhead(36, 95), 18);
    await assert.rejects(
      forecastAhead({ table, data: data(), ahead: 19, cells: [], seeds: [1] }),
      (error: Error) =>
        error instanceof OptionError && /--ahead 19 .* the final 36 rows \(--validation\) allow at most --ahead 18/.test(error.message),
    );
  });
});

it('forecastAhead with benchmarks: ets and theta forecast the months after the last row, with intervals', async () => {
  const table = await loadCsv(writeCsv(monthlyCsv()), { columns: ['value'] });
  const result = await forecastAhead({
    table,
    data: dataOptions({ features: ['value'], target: 'value', seqLen: 12, predict: 'change', validationFraction: 0.15 }),
    ahead: 6,
    cells: ['rnn'],
    seeds: [1],
    season: 12,
    benchmarks: true,
    model: { hiddenSize: 2, numLayers: 1 },
    training: { epochs: 1, batchSize: 32 },
  });
  const by = Object.fromEntries(result.forecasts.map((f) => [f.model, f]));
  for (const name of ['ets', 'theta']) {
    assert.equal(by[name].forecast.length, 6);
    // The series continued without its noise: a trend of 0.2 a month and a yearly cycle of amplitude 3.
    // Theta's season is multiplicative (every value is positive), fitted where the level was lower, so
    // it overshoots an additive cycle by a little more than ETS, which AICc lets choose.
    by[name].forecast.forEach((v, h) => {
      const i = 240 + h;
      const expected = 50 + 0.2 * i + 3 * Math.sin((2 * Math.PI * i) / 12);
      assert.ok(Math.abs(v - expected) < (name === 'ets' ? 1 : 1.5), `${name} step ${h + 1}: ${v} against ${expected}`);
    });
    assert.ok(by[name].intervals[1].hi.every((hi, h) => hi > by[name].forecast[h]));
  }
  // ETS also carries its own intervals, around its forecasts, the 95% ones outside the 80% ones.
  assert.match(result.etsSpec ?? '', /^[AM](N|A|Ad)[NAM]$/);
  const [own80, own95] = by.ets.textbook!;
  by.ets.forecast.forEach((f, h) =>
    assert.ok(own95.lo[h] < own80.lo[h] && own80.lo[h] < f && f < own80.hi[h] && own80.hi[h] < own95.hi[h]),
  );
  assert.equal(by.theta.textbook, undefined);
});
