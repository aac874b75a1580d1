import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { autocorrelations, fitTheta, thetaForecast } from '../../../src/statistical/theta';
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
