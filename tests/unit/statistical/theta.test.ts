import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { autocorrelations, fitTheta, thetaForecast, thetaRolling } from '../../../src/statistical/theta';
import { FIXTURES } from '../../helpers';

interface ThetaReference {
  forecast: number[];
  alpha: number;
  b0: number;
}
const reference = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'ets', 'reference.json'), 'utf8')) as {
  statsmodels: string;
  horizon: number;
  series: Array<{ name: string; season: number | null; values: number[]; theta: Record<string, ThetaReference> }>;
};
const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe(`Theta against statsmodels ${reference.statsmodels}`, () => {
  for (const series of reference.series) {
    for (const [form, ref] of Object.entries(series.theta)) {
      const period = form === 'seasonal' ? (series.season ?? undefined) : undefined;
      const label = `${series.name}, ${period ? `season ${period} tested` : 'no season'}`;
      it(`${label}: given statsmodels' alpha, the drift, the season and the forecasts match to 1e-9`, () => {
        const fit = fitTheta(series.values, { period, alpha: ref.alpha });
        assert.ok(relative(fit.b0, ref.b0) < 1e-9, `b0 ${fit.b0} against ${ref.b0}`);
        const forecast = thetaForecast(fit, reference.horizon);
        ref.forecast.forEach((v, h) => assert.ok(relative(forecast[h], v) < 1e-9, `step ${h + 1}: ${forecast[h]} against ${v}`));
      });
      it(`${label}: our alpha has the least squared error, no more than at statsmodels' alpha; forecasts within 1e-4`, () => {
        const ours = fitTheta(series.values, { period });
        const theirs = fitTheta(series.values, { period, alpha: ref.alpha });
        assert.ok(ours.sse <= theirs.sse, `SSE ${ours.sse} at alpha ${ours.alpha} against ${theirs.sse} at ${ref.alpha}`);
        const forecast = thetaForecast(ours, reference.horizon);
        ref.forecast.forEach((v, h) => assert.ok(relative(forecast[h], v) < 1e-4, `step ${h + 1}: ${forecast[h]} against ${v}`));
      });
    }
  }
});

it('autocorrelations: 1 at lag 0, and those of an alternating series alternate', () => {
  const r = autocorrelations([1, -1, 1, -1, 1, -1, 1, -1], 2);
  assert.equal(r[0], 1);
  assert.ok(r[1] < -0.8 && r[2] > 0.7);
});

it('thetaRolling: from each origin, the forecasts of a fit whose SES ran up to it with the same alpha, drift and season', () => {
  const co2 = reference.series[0];
  const fit = fitTheta(co2.values.slice(0, 400), { period: 12 });
  assert.equal(fit.method, 'mul');
  const origins = [401, 500, 741];
  const rolled = thetaRolling(fit, co2.values, 0, origins, 6);
  origins.forEach((r, k) => {
    // SES with the fit's alpha over the seasonally adjusted values up to the origin, then the fit's drift and season.
    let level = co2.values[0] / fit.seasonal[0];
    for (let i = 0; i < r; i++) level += fit.alpha * (co2.values[i] / fit.seasonal[i % 12] - level);
    const expected = thetaForecast({ ...fit, level, n: r }, 6);
    for (let h = 0; h < 6; h++) assert.ok(Math.abs(rolled[k * 6 + h] - expected[h]) < 1e-9, `origin ${r}, step ${h + 1}`);
  });
  // From the training fit's own end, the rolling forecast is the fit's forecast.
  const atEnd = thetaRolling(fit, co2.values, 0, [400], 6);
  const expected = thetaForecast(fit, 6);
  for (let h = 0; h < 6; h++) assert.ok(Math.abs(atEnd[h] - expected[h]) < 1e-9, `step ${h + 1}`);
});
