import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DataError, OptionError } from '../../../src/errors';
import {
  aiccOf,
  allSpecs,
  autoEts,
  type EtsParams,
  etsFilter,
  etsForecast,
  etsIntervals,
  etsRolling,
  fitEts,
  negativeLogLikelihood,
  parseSpec,
  specName,
} from '../../../src/statistical/ets';
import { FIXTURES } from '../../helpers';

interface Fit {
  spec: string;
  interval95: { lower: number[]; upper: number[] } | null;
  internal: number[];
  llf: number;
  aicc: number;
  dfModel: number;
  fitted: number[];
  forecast: number[];
}
interface Series {
  name: string;
  season: number | null;
  values: number[];
  fits: Fit[];
  best: string;
}
const reference = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'ets', 'reference.json'), 'utf8')) as {
  statsmodels: string;
  horizon: number;
  series: Series[];
};

const paramsOf = (internal: number[]): EtsParams => ({
  alpha: internal[0],
  beta: internal[1],
  gamma: internal[2],
  phi: internal[3],
  level: internal[4],
  trend: internal[5],
  seasonal: internal.slice(6),
});
const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe(`ETS against statsmodels ${reference.statsmodels}`, () => {
  for (const series of reference.series) {
    it(`${series.name}: given statsmodels' parameters, the filter reproduces its fitted values, log-likelihood, AICc and forecasts to 1e-8`, () => {
      for (const ref of series.fits) {
        const spec = parseSpec(ref.spec, series.season ?? undefined);
        const fit = etsFilter(spec, paramsOf(ref.internal), series.values);
        let worst = 0;
        ref.fitted.forEach((v, i) => {
          worst = Math.max(worst, relative(fit.fitted[i], v));
        });
        assert.ok(worst < 1e-8, `${ref.spec}: fitted values off by ${worst}`);
        assert.ok(relative(fit.logLikelihood, ref.llf) < 1e-8, `${ref.spec}: log-likelihood ${fit.logLikelihood} against ${ref.llf}`);
        assert.equal(fit.dfModel, ref.dfModel, ref.spec);
        assert.ok(relative(fit.aicc, ref.aicc) < 1e-8, `${ref.spec}: AICc ${fit.aicc} against ${ref.aicc}`);
        const forecast = etsForecast(fit, reference.horizon);
        ref.forecast.forEach((v, h) =>
          assert.ok(relative(forecast[h], v) < 1e-8, `${ref.spec} step ${h + 1}: ${forecast[h]} against ${v}`),
        );
      }
    });

    it(`${series.name}: our fit's log-likelihood is no worse than statsmodels' by more than 1e-4, for every admissible spec`, () => {
      for (const ref of series.fits) {
        const fit = fitEts(parseSpec(ref.spec, series.season ?? undefined), series.values);
        const shortfall = (ref.llf - fit.logLikelihood) / Math.abs(ref.llf);
        assert.ok(shortfall < 1e-4, `${ref.spec}: ${fit.logLikelihood} against statsmodels' ${ref.llf}`);
      }
    });

    it(`${series.name}: AICc over statsmodels' fits picks its spec (${series.best}); over ours, one at least as good by AICc`, () => {
      // The same rule on statsmodels' likelihoods gives statsmodels' pick.
      const theirs = series.fits.reduce((a, b) => (b.aicc < a.aicc ? b : a));
      const byOurRule = series.fits
        .map((f) => ({ spec: f.spec, aicc: aiccOf(f.llf, series.values.length, f.dfModel) }))
        .reduce((a, b) => (b.aicc < a.aicc ? b : a));
      assert.equal(byOurRule.spec, series.best);
      // Our fits of every spec (restrict: false, as statsmodels fitted them): the same admissible specs;
      // our pick is statsmodels' or one with a lower AICc than it reached.
      const result = autoEts(series.values, { period: series.season ?? undefined, restrict: false });
      assert.deepEqual(
        result.fits.map((f) => specName(f.spec)),
        series.fits.map((f) => f.spec),
      );
      const pick = specName(result.best.spec);
      assert.ok(pick === series.best || result.best.aicc < theirs.aicc - 1e-6, `${pick}: AICc ${result.best.aicc} against ${theirs.aicc}`);
      assert.ok(result.best.aicc <= theirs.aicc + 1e-4 * Math.abs(theirs.aicc), `${pick}: ${result.best.aicc} against ${theirs.aicc}`);
      // By default the three unstable specs are left out, with why, and the pick is the best of the rest.
      const usual = autoEts(series.values, { period: series.season ?? undefined });
      const unstable = ['ANM', 'AAM', 'AAdM'].filter((spec) => series.fits.some((f) => f.spec === spec));
      assert.deepEqual(
        usual.fits.map((f) => specName(f.spec)),
        result.fits.map((f) => specName(f.spec)).filter((spec) => !unstable.includes(spec)),
      );
      for (const spec of unstable)
        assert.ok(usual.skipped.some((s) => s.spec === spec && /additive error with a multiplicative season .* FPP3 8\.6/.test(s.reason)));
      const rest = result.fits.filter((f) => !unstable.includes(specName(f.spec)));
      assert.equal(usual.best.aicc, Math.min(...rest.map((f) => f.aicc)));
    });
  }
});

describe('ETS specs and bad input', () => {
  it('reads and writes spec names', () => {
    assert.deepEqual(parseSpec('MAdM', 12), { error: 'M', trend: 'Ad', season: 'M', period: 12 });
    assert.equal(specName(parseSpec('ANN')), 'ANN');
    assert.throws(() => parseSpec('AMN'), OptionError);
    assert.throws(() => parseSpec('AAA'), /needs a season length/);
  });

  it('refuses a multiplicative spec on values of zero or below, a season over half the rows, and too few rows', () => {
    const withZero = [3, 0, 2, 5, 4, 3, 2, 5, 4, 3, 2, 5];
    assert.throws(
      () => fitEts(parseSpec('MNN'), withZero, 'z.csv'),
      (e: Error) => e instanceof DataError && /z\.csv: ETS MNN multiplies .* zero or below/.test(e.message),
    );
    assert.throws(() => fitEts(parseSpec('ANA', 8), withZero), /a season of 8 is longer than half the 12 rows/);
    assert.throws(() => fitEts(parseSpec('AAdN'), [1, 2, 3, 4, 5, 6]), /ETS AAdN has 6 parameters, too many for 6 rows/);
    const auto = autoEts(withZero, { period: 4 });
    assert.ok(auto.skipped.some((s) => s.spec === 'MNM' && /zero or below/.test(s.reason)));
    assert.ok(auto.fits.every((f) => f.spec.error === 'A' && f.spec.season !== 'M'));
  });
});

describe('the likelihood gradient', () => {
  it('matches central differences for every kind of spec, and its value is minus the log-likelihood', () => {
    const y = Array.from({ length: 40 }, (_, t) => 20 + 0.3 * t + 3 * Math.sin((2 * Math.PI * t) / 4) + Math.sin(t * 1.3));
    for (const spec of allSpecs(4)) {
      const m = spec.season === 'N' ? 0 : 4;
      const x = [
        0.4,
        ...(spec.trend !== 'N' ? [0.3] : []),
        ...(m ? [0.2] : []),
        ...(spec.trend === 'Ad' ? [0.9] : []),
        20,
        ...(spec.trend !== 'N' ? [0.2] : []),
        ...(spec.season === 'M' ? [1.1, 0.9, 1.05] : spec.season === 'A' ? [2, -2, 1] : []),
      ];
      const { value, gradient } = negativeLogLikelihood(spec, x, y);
      const h = 1e-6;
      gradient.forEach((g, i) => {
        const up = [...x];
        const down = [...x];
        up[i] += h;
        down[i] -= h;
        const numeric = (negativeLogLikelihood(spec, up, y).value - negativeLogLikelihood(spec, down, y).value) / (2 * h);
        assert.ok(
          Math.abs(g - numeric) < 1e-5 * Math.max(1, Math.abs(numeric)),
          `${specName(spec)} variable ${i}: ${g} against ${numeric}`,
        );
      });
      const seasonal = m ? [...x.slice(x.length - 3), spec.season === 'M' ? 1 : 0] : [];
      const trended = spec.trend !== 'N' ? 1 : 0;
      const params: EtsParams = {
        alpha: x[0],
        beta: trended ? x[1] * x[0] : 0,
        gamma: m ? x[1 + trended] * (1 - x[0]) : 0,
        phi: spec.trend === 'Ad' ? x[1 + trended + (m ? 1 : 0)] : 1,
        level: 20,
        trend: spec.trend !== 'N' ? 0.2 : 0,
        seasonal,
      };
      const filtered = etsFilter(spec, params, y);
      assert.ok(Math.abs(value + filtered.logLikelihood) < 1e-9 * Math.abs(value), specName(spec));
    }
  });
});

describe('prediction intervals', () => {
  it("exact for the additive-error specs with no multiplicative part: statsmodels' 95% intervals to 1e-7", () => {
    let checked = 0;
    for (const series of reference.series) {
      for (const ref of series.fits) {
        if (!ref.interval95) continue;
        const fit = etsFilter(parseSpec(ref.spec, series.season ?? undefined), paramsOf(ref.internal), series.values);
        const [band] = etsIntervals(fit, reference.horizon, [95]);
        assert.equal(band.method, 'exact');
        // 1e-7: statsmodels sums the damped trend's terms in closed form, which cancels digits.
        ref.interval95.lower.forEach((v, h) =>
          assert.ok(relative(band.lo[h], v) < 1e-7, `${series.name} ${ref.spec} step ${h + 1}: ${band.lo[h]} against ${v}`),
        );
        ref.interval95.upper.forEach((v, h) => assert.ok(relative(band.hi[h], v) < 1e-7, `${series.name} ${ref.spec} step ${h + 1}`));
        checked++;
      }
    }
    // Six class-1 specs for each of the four seasonal series, three for the S&P 500.
    assert.equal(checked, 4 * 6 + 3);
  });

  it('simulated for the others: seeded, nested, widening, and near the normal approximation when errors are small', () => {
    const series = reference.series[2];
    const fit = fitEts(parseSpec('MNN'), series.values);
    const [at80, at95] = etsIntervals(fit, 6, [80, 95], { seed: 3 });
    assert.equal(at95.method, 'simulated');
    assert.deepEqual(etsIntervals(fit, 6, [80, 95], { seed: 3 })[1], at95, 'the same seed, the same intervals');
    const forecast = etsForecast(fit, 6);
    for (let h = 0; h < 6; h++)
      assert.ok(at95.lo[h] < at80.lo[h] && at80.lo[h] < forecast[h] && forecast[h] < at80.hi[h] && at80.hi[h] < at95.hi[h]);
    assert.ok(at95.hi[5] - at95.lo[5] > at95.hi[0] - at95.lo[0]);
    // For MNN, the h-step variance is about (forecast sigma)^2 (1 + (h - 1) alpha^2) when sigma is small.
    const sigma = Math.sqrt(fit.sigma2);
    for (const h of [0, 5]) {
      const normal = 2 * 1.959963984540054 * forecast[h] * sigma * Math.sqrt(1 + h * fit.params.alpha ** 2);
      const simulated = at95.hi[h] - at95.lo[h];
      assert.ok(Math.abs(simulated / normal - 1) < 0.15, `step ${h + 1}: ${simulated} against ${normal}`);
    }
  });
});

describe('forecasts from many origins', () => {
  const co2 = reference.series[0];
  it("etsRolling: from each origin, the forecasts of a filter run up to it; from the end, etsForecast's", () => {
    const spec = parseSpec('AAdA', 12);
    const fit = fitEts(spec, co2.values.slice(0, 400));
    const origins = [401, 450, 741];
    const rolled = etsRolling(fit, co2.values, 0, origins, 6);
    origins.forEach((r, k) => {
      const direct = etsForecast(etsFilter(spec, fit.params, co2.values.slice(0, r)), 6);
      for (let h = 0; h < 6; h++) assert.ok(Math.abs(rolled[k * 6 + h] - direct[h]) < 1e-9, `origin ${r}, step ${h + 1}`);
    });
  });
});
