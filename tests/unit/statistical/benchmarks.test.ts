import assert from 'node:assert/strict';
import { it } from 'node:test';
import { admissibleBenchmarks, fitBenchmarks } from '../../../src/statistical/benchmarks';
import { etsForecast } from '../../../src/statistical/ets';

it('admissibleBenchmarks leaves out, with why, what a short series cannot take', () => {
  assert.deepEqual(
    admissibleBenchmarks(
      Array.from({ length: 60 }, (_, i) => 10 + i),
      12,
    ).models,
    ['ets', 'theta'],
  );
  // 3 rows: too few for any ETS spec's parameters, and for Theta with a season of 4.
  const short = admissibleBenchmarks([1, 2, 3], 4);
  assert.deepEqual(short.models, []);
  assert.deepEqual(
    short.leftOut.map((l) => l.model),
    ['ets', 'theta'],
  );
  assert.match(short.leftOut[0].reason, /^no ETS spec fits the 3 training rows \(/);
  assert.match(short.leftOut[1].reason, /a season of 4 needs at least 8 rows for Theta, got 3/);
});

it('fitBenchmarks fits on the rows given and forecasts from each origin; from the end of those rows, the fit forecasts', () => {
  const values = Array.from({ length: 80 }, (_, i) => 20 + 0.5 * i + 2 * Math.sin(i) + Math.sin(i * 1.7));
  const { forecastOf, ets } = fitBenchmarks(values, { start: 0, end: 60 }, ['ets', 'theta'], {});
  assert.ok(ets && forecastOf.theta);
  const atEnd = forecastOf.ets!([60], 3);
  const expected = etsForecast(ets.best, 3);
  for (let h = 0; h < 3; h++) assert.ok(Math.abs(atEnd[h] - expected[h]) < 1e-9);
  assert.equal(forecastOf.theta([61, 70], 3).length, 6);
});
