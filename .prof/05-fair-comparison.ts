import * as assert from 'assert';
import {
  TUTORIAL, check, column, compareModels, describeBackend, describeEngine, foldMeans, formatTable,
  holm, lineFigure, notebookParams, overlayFigure, selectBackend, showFigure, spread, summaryTable,
  walkForward, type WalkForwardResult,
} from '../src/index';
const __t0 = performance.now();
(async () => {



const params = notebookParams({ epochs: 30, smokeEpochs: 2 });
await selectBackend();
console.log(describeBackend());
console.log(describeEngine());
const cells = ['rnn', 'lstm', 'gru'] as const;
// Every run: 5 walk-forward folds, 3 seeds per network, the three cells.
const plan = {
  folds: params.smoke ? 2 : 5, seeds: params.smoke ? [42] : [42, 43, 44], models: cells,
};
const started = performance.now();
const sp500 = await walkForward({
  data: { csv: params.csv, predict: 'change', trainFraction: 0.5 },
  ...plan,
  training: { ...TUTORIAL.training, epochs: params.epochs, earlyStopping: { patience: 5 } },
});
console.log(summaryTable(sp500));
const foldLabels = (result: WalkForwardResult) =>
  result.folds.map((f) => `${f.fold}: ${f.dates[0].slice(0, 7)}`);
// Each model's skill per fold (a network's: the mean over its seeds).
const spSkill = foldMeans(sp500, 'skill');
await showFigure(lineFigure({
  name: 'sp500-skill-by-fold',
  title: 'S&P 500, daily changes: skill against persistence per fold (0 = as good as persistence)',
  xTitle: 'fold: first forecast', yTitle: 'skill', x: foldLabels(sp500),
  series: spSkill, references: ['persistence'],
}));
for (const fold of sp500.folds) {
  console.log(`fold ${fold.fold}: ${fold.dates[0]} to ${fold.dates[fold.dates.length - 1]}`);
}
console.log(formatTable({
  columns: ['skill', ...sp500.folds.map((f) => `fold ${f.fold}`)],
  rows: Object.entries(spSkill).map(([name, values]) => [name, ...values.map((v) => v.toFixed(3))]),
}));
// How far the forecasts move from today's close, against how far the close itself moves.
const sd = (values: number[]) => spread(values).sd;
type Fold = WalkForwardResult['folds'][number];
// Over every test day of every fold: a close (actual or forecast) minus today's close.
const moveSd = (closes: (fold: Fold) => Float64Array) =>
  sd(sp500.folds.flatMap((f) => Array.from(closes(f), (close, i) => close - f.previous[i])));
const actualMoveSd = moveSd((f) => f.actual);
console.log(`sd of the actual daily change: ${actualMoveSd.toFixed(1)} points`);
// Each network: the mean over its seeds of that sd for one seed's forecasts.
const forecastMoveSd: Record<string, number> = {};
for (const c of cells) {
  const perSeed = plan.seeds.map((_, s) => moveSd((f) => f.seedForecasts[c][s]));
  forecastMoveSd[c] = perSeed.reduce((a, b) => a + b, 0) / perSeed.length;
  console.log(`sd of the ${c} forecast change: ${forecastMoveSd[c].toFixed(1)} points`);
}
const co2Data = {
  csv: 'data/co2.csv', features: ['CO2'], target: 'CO2', lookBack: 24, trainFraction: 0.5,
};
const co2Training = {
  ...TUTORIAL.training, epochs: params.smoke ? 2 : 60, earlyStopping: { patience: 10 },
};
const co2Options = { ...plan, season: 12, training: co2Training };
const co2Levels = await walkForward({ ...co2Options, data: { ...co2Data, predict: 'level' } });
console.log(summaryTable(co2Levels));
// The first fold's test months against the highest month it was trained on.
const co2 = column(co2Levels.last.data.table, 'CO2');
const firstFold = co2Levels.folds[0];
const trainedMax = Math.max(...co2.subarray(0, firstFold.split.train.end));
const testedMin = Math.min(...firstFold.actual);
console.log(`\nfold 1: highest training month ${trainedMax.toFixed(2)} ppm, ` +
  `lowest test month ${testedMin.toFixed(2)} ppm`);
const co2Changes = await walkForward({ ...co2Options, data: { ...co2Data, predict: 'change' } });
console.log(summaryTable(co2Changes));

// How much higher the concentration is than 12 months earlier, over the tested months.
const rise = co2Changes.folds.flatMap((f) => Array.from(f.targetRows, (t) => co2[t] - co2[t - 12]));
const meanRise = rise.reduce((s, v) => s + v, 0) / rise.length;
console.log(`mean rise over 12 months in the tested months: ${meanRise.toFixed(2)} ppm`);

// Test months whose change from the month before lies outside the range of their training rows'.
const change = (t: number) => co2[t] - co2[t - 1];
let outside = 0;
let tested = 0;
for (const fold of co2Changes.folds) {
  const trained = Array.from({ length: fold.split.train.end - 1 }, (_, r) => change(r + 1));
  const [low, high] = [Math.min(...trained), Math.max(...trained)];
  for (const t of fold.targetRows) if (change(t) < low || change(t) > high) outside++;
  tested += fold.targetRows.length;
}
console.log(`test months changing beyond their training rows' range: ${outside} of ${tested}`);

console.log('\nNetworks against the linear autoregression (DM test on squared errors):');
const rmseOf = (result: WalkForwardResult, name: string) =>
  result.summary.find((s) => s.model === name)!.rmse.mean;
const oneMonthP = cells.map((c) => compareModels(co2Changes, c, 'linear').pValue);
cells.forEach((c, i) => console.log(`${c.padEnd(5)} RMSE ${rmseOf(co2Changes, c).toFixed(3)} ` +
  `against ${rmseOf(co2Changes, 'linear').toFixed(3)}, p = ${oneMonthP[i].toFixed(4)}`));
const testedDates = (result: WalkForwardResult) => result.folds.flatMap((f) => f.dates);
const testedSeries = (result: WalkForwardResult, name: string) => ({
  dates: testedDates(result),
  values: result.folds.flatMap((f) => Array.from(f.forecasts[name])),
});
await showFigure(overlayFigure({
  name: 'co2-tested',
  title: 'CO2 at Mauna Loa: every fold\'s test months, one month ahead (networks: mean of 3 seeds)',
  yTitle: 'CO2 (ppm)',
  actual: { name: 'actual', dates: testedDates(co2Changes),
            values: co2Changes.folds.flatMap((f) => Array.from(f.actual)) },
  forecasts: [
    { name: 'lstm', ...testedSeries(co2Changes, 'lstm') },
    { name: 'lstm on levels', ...testedSeries(co2Levels, 'lstm') },
    { name: 'seasonal-naive', ...testedSeries(co2Changes, 'seasonal-naive') },
    { name: 'persistence', ...testedSeries(co2Changes, 'persistence') },
  ],
  boundaries: co2Changes.folds.map((f) => ({ date: f.dates[0], label: ` fold ${f.fold}` })),
}));
const co2Year = await walkForward({
  ...co2Options, data: { ...co2Data, predict: 'change', horizon: 12 },
});
console.log(summaryTable(co2Year));
const months = Array.from({ length: 12 }, (_, h) => h + 1);
await showFigure(lineFigure({
  name: 'co2-error-by-step',
  title: 'CO2: forecast error (RMSE, ppm) against the months ahead, all folds',
  xTitle: 'months ahead', yTitle: 'RMSE (ppm)', x: months, series: co2Year.stepRmse,
}));
console.log(formatTable({
  columns: ['RMSE (ppm), months ahead', ...months.map(String)],
  rows: co2Year.names.map((name) => [name, ...co2Year.stepRmse[name].map((e) => e.toFixed(2))]),
}));
// Each cell against the linear model over the 12 months, and Holm's correction for testing three.
const yearP = cells.map((c) => compareModels(co2Year, c, 'linear').pValue);
const yearHolm = holm(yearP);
cells.forEach((c, i) => console.log(`${c} against linear over 12 months: ` +
  `p = ${yearP[i].toFixed(4)}, Holm-adjusted ${yearHolm[i].toFixed(4)}`));
const seconds = (performance.now() - started) / 1000;
console.log(`four walk-forward runs: ${seconds.toFixed(0)} s`);
const row = (result: WalkForwardResult, name: string) =>
  result.summary.find((s) => s.model === name)!;
const runs = [sp500, co2Levels, co2Changes, co2Year];
check('every run has its folds, a row per model, fold and seed, and persistence at skill 0', () => {
  const { folds, seeds } = plan;
  for (const result of runs) {
    assert.equal(result.folds.length, folds);
    const baselines = result.names.length - cells.length;
    assert.equal(result.results.length, baselines * folds + cells.length * folds * seeds.length);
    assert.equal(row(result, 'persistence').skill.mean, 0);
  }
  const co2Names = ['persistence', 'drift', 'linear', 'seasonal-naive', 'rnn', 'lstm', 'gru'];
  assert.deepEqual(co2Changes.names, co2Names);
  assert.equal(co2Year.stepRmse.lstm.length, 12);
});
if (!params.smoke) {
  check('S&P 500: each network\'s skill within 0.01 of zero, and within 0.05 in every fold', () => {
    for (const c of cells) {
      assert.ok(Math.abs(row(sp500, c).skill.mean) < 0.01, c);
      assert.ok(spSkill[c].every((s) => Math.abs(s) < 0.05), c);
    }
  });
  check('S&P 500: each network\'s DM p-value against persistence above 0.1', () => {
    for (const c of cells) assert.ok(row(sp500, c).dmPValue! > 0.1, c);
  });
  check('S&P 500: the linear model\'s skill is negative, its p above 0.05', () => {
    assert.ok(row(sp500, 'linear').skill.mean < 0 && row(sp500, 'linear').dmPValue! > 0.05);
  });
  check('S&P 500: no model calls more moves right than "always up"', () => {
    for (const s of sp500.summary.filter((s) => s.model !== 'persistence')) {
      assert.ok(s.directionalAccuracy.mean <= sp500.upShare, s.model);
    }
  });
  check('S&P 500: forecast changes spread less than half as far as the actual changes', () => {
    for (const c of cells) assert.ok(forecastMoveSd[c] < 0.5 * actualMoveSd, c);
  });
  check('CO2 levels: every network worse than persistence; linear\'s skill above 0.8', () => {
    for (const c of cells) assert.ok(row(co2Levels, c).skill.mean < 0, c);
    assert.ok(row(co2Levels, 'linear').skill.mean > 0.8);
  });
  check('CO2 levels: fold 1\'s test months all lie above its training months', () => {
    assert.ok(testedMin > trainedMax);
  });
  check('CO2 changes: each network\'s skill about 0.9, MASE about a quarter, p below 1e-10', () => {
    for (const c of cells) {
      const r = row(co2Changes, c);
      assert.ok(r.skill.mean > 0.85 && r.skill.mean < 0.95, c);
      assert.ok(r.mase.mean > 0.2 && r.mase.mean < 0.3, c);
      assert.ok(r.dmPValue! < 1e-10, c);
    }
  });
  check('CO2 changes: seasonal naive worse than persistence and the networks', () => {
    assert.ok(row(co2Changes, 'seasonal-naive').skill.mean < 0);
    const seasonal = row(co2Changes, 'seasonal-naive').rmse.mean;
    for (const c of cells) assert.ok(row(co2Changes, c).rmse.mean < seasonal, c);
  });
  check('CO2: the mean rise over 12 months in the tested months is about 2 ppm', () => {
    assert.ok(meanRise > 1.5 && meanRise < 2.5, `${meanRise}`);
  });
  check('CO2 changes: persistence\'s MASE is below 1', () => {
    assert.ok(row(co2Changes, 'persistence').mase.mean < 1);
  });
  check('CO2 changes: networks under linear by less than a tenth, p 0.005 to 0.2', () => {
    for (const c of cells) {
      const gain = 1 - row(co2Changes, c).rmse.mean / row(co2Changes, 'linear').rmse.mean;
      assert.ok(gain > 0 && gain < 0.1, `${c}: ${gain}`);
    }
    assert.ok(oneMonthP.every((p) => p > 0.005 && p < 0.2), `${oneMonthP}`);
  });
  check('CO2: the cells within 0.01 ppm of each other; on levels more than ten times off', () => {
    const errors = cells.map((c) => row(co2Changes, c).rmse.mean);
    assert.ok(Math.max(...errors) - Math.min(...errors) < 0.01, `${errors}`);
    for (const c of cells) {
      assert.ok(row(co2Levels, c).rmse.mean > 10 * row(co2Changes, c).rmse.mean, c);
    }
  });
  check('CO2: fewer than 5% of test months change beyond their training rows\' range', () => {
    assert.ok(outside < 0.05 * tested, `${outside} of ${tested}`);
  });
  check('12 months: persistence peaks 5 to 7 months ahead, then falls by over 40%', () => {
    const persistence = co2Year.stepRmse.persistence;
    const peak = persistence.indexOf(Math.max(...persistence)) + 1;
    assert.ok(peak >= 5 && peak <= 7, `${peak}`);
    assert.ok(persistence[11] < 0.6 * persistence[peak - 1]);
  });
  check('12 months: seasonal naive within 30% of the same error at every step', () => {
    const seasonal = co2Year.stepRmse['seasonal-naive'];
    assert.ok(Math.max(...seasonal) < 1.3 * Math.min(...seasonal));
  });
  check('12 months: networks below linear at every step, growing less, 10% lower at 12', () => {
    const linear = co2Year.stepRmse.linear;
    for (const c of cells) {
      const year = co2Year.stepRmse[c];
      assert.ok(year.every((e, h) => e < linear[h]), c);
      assert.ok(year[11] - year[0] < linear[11] - linear[0], c);
      assert.ok(year[11] < 0.9 * linear[11], c);
    }
  });
  check('12 months: at least one cell below 0.05 against linear after Holm\'s correction', () => {
    assert.ok(Math.min(...yearHolm) < 0.05, `${yearHolm}`);
  });
}
console.log('all checks passed');
console.log('TOTAL', ((performance.now()-__t0)/1000).toFixed(1));
})();
