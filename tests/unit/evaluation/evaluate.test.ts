import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { evaluate, forecastSeries, resultsTable, targetSeries } from '../../../src/evaluation/index';
import { LinearAutoregression } from '../../../src/models/LinearAutoregression';
import { Forecaster } from '../../../src/models/Forecaster';
import { disposeModule } from '../../../src/models/Module';
import { prepareData } from '../../../src/data/prepareData';
import { REPOSITORY, writeCsv } from '../../helpers';

it('the persistence baseline forecasts the last known close, in index points, on the same windows', async () => {
  // Expected values read straight from the file's lines: the test period starts on row
  // floor(5105 * 0.9) = 4594, 2018-04-09; the close before it is 2018-04-06's.
  const lines = fs
    .readFileSync(path.join(REPOSITORY, 'data', 'sp500.csv'), 'utf8')
    .trim()
    .split('\n');
  const header = lines[0].split(',');
  const closeOf = (date: string) => Number(lines.find((line) => line.startsWith(`${date},`))!.split(',')[header.indexOf('close')]);
  const series = targetSeries(await prepareData(), 'test');
  assert.equal(series.dates[0], '2018-04-09');
  assert.equal(series.dates.length, 511);
  assert.equal(series.actual[0], closeOf('2018-04-09'));
  assert.equal(series.previous[0], closeOf('2018-04-06'));
  assert.equal(series.dates[510], '2020-04-17');
  assert.equal(series.actual[510], closeOf('2020-04-17'));
  assert.equal(series.previous[510], closeOf('2020-04-16'));
});

it('evaluate puts models and persistence side by side, with metrics in the data units', async () => {
  // A tiny series where persistence is exact except at one step.
  const close = (i: number) => (i < 24 ? 10 + (i % 2) : i < 29 ? 11 : 13);
  const rows = Array.from({ length: 30 }, (_, i) => `2020-01-${String(i + 1).padStart(2, '0')},${i % 7},${close(i)}`);
  const data = await prepareData({
    csv: writeCsv(`date,x,close\n${rows.join('\n')}\n`),
    features: ['x', 'close'],
    seqLen: 2,
    trainFraction: 0.6,
    validationFraction: 0.2,
  });
  const model = new Forecaster({ kind: 'rnn', inputSize: 2, hiddenSize: 3, numLayers: 1, seqLen: 2 });
  const result = evaluate({ rnn: model }, data);
  assert.deepEqual(
    result.rows.map((r) => r.name),
    ['rnn', 'persistence'],
  );
  const persistence = result.rows[1];
  // Test targets: closes of rows 24..29 = 11,11,11,11,11,13 after 11 on row 23; persistence misses only the last, by 2.
  assert.equal(persistence.mae, 2 / 6);
  assert.equal(persistence.rmse, Math.sqrt(4 / 6));
  assert.equal(result.forecasts.rnn.length, 6);
  assert.throws(
    () => evaluate({ persistence: model }, data),
    /"persistence" is the baseline's name in the results; give the model another name/,
  );
  assert.match(
    resultsTable(result.rows),
    /model\s+RMSE\s+MAE\s+MAPE %\s+direction %\n-+\nrnn .*\npersistence\s+0\.82\s+0\.33\s+2\.56\s+n\/a/,
  );
  disposeModule(model);
});

it('forecastSeries tells its progress per model: windows done over all three parts, rising to their total, and the same forecasts as without', async () => {
  const data = await prepareData();
  const total = data.train.n + data.validation.n + data.test.n;
  const model = new Forecaster({ kind: 'lstm', inputSize: 4, hiddenSize: 8, numLayers: 2, seqLen: 5, seed: 1 });
  const linear = LinearAutoregression.fit(data.train);
  const heard: Record<string, number[]> = {};
  const whole = forecastSeries({ lstm: model, linear }, data, {
    onProgress: (name, done, of) => {
      assert.equal(of, total);
      (heard[name] ??= []).push(done);
    },
  });
  for (const name of ['lstm', 'linear']) {
    const steps = heard[name];
    assert.ok(
      steps.every((done, i) => i === 0 || done > steps[i - 1]),
      `${name}: rising`,
    );
    assert.equal(steps[steps.length - 1], total);
  }
  // The linear model answers a part at once: the ends of train, validation and test.
  assert.deepEqual(heard.linear, [data.train.n, data.train.n + data.validation.n, total]);
  const quiet = forecastSeries({ lstm: model, linear }, data);
  assert.deepEqual(Array.from(quiet.forecasts.lstm), Array.from(whole.forecasts.lstm));
  disposeModule(model);
});
