/** The command line, run as a subprocess: exit codes, messages and the files written. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { Forecaster } from '../../src/models/Forecaster';
import { disposeModule } from '../../src/models/Module';
import { exportStateDict, loadStateDict } from '../../src/models/stateDict';
import { REPOSITORY, temporaryFolder, writeCsv } from '../helpers';

const tmp = () => temporaryFolder('forecast-test-');

function forecast(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPOSITORY, 'bin', 'forecast.ts'), ...args], {
    cwd: REPOSITORY,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A monthly series with one numeric column: trend plus a yearly cycle. */
function monthlyCsv(months = 96): string {
  const rows = Array.from({ length: months }, (_, i) => {
    const date = `${2010 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
    return `${date},${(100 + i * 0.8 + 10 * Math.sin((2 * Math.PI * i) / 12)).toFixed(3)}`;
  });
  return `Month,Passengers\n${rows.join('\n')}\n`;
}

describe('forecast on the default data', () => {
  let out = '';
  let ran: { code: number | null; stdout: string; stderr: string };
  before(() => {
    out = path.join(tmp(), 'run');
    ran = forecast('--epochs', '3', '--out', out);
  });
  const run = () => JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8'));

  it('trains both models and prints the table, baselines first, against persistence', () => {
    const { code, stdout, stderr } = ran;
    assert.equal(code, 0, stderr);
    // The baselines first, on the same windows: persistence scores skill 0 by definition.
    assert.match(
      stdout,
      /model\s+RMSE\s+MAE\s+skill\s+MASE\s+direction %\s+DM p\n-+\npersistence\s+42\.06\s+23\.91\s+0\.000\s+\d\.\d{3}\s+n\/a\ndrift .*\nlinear .*\nets .*\ntheta .*\nrnn .*\nlstm .*/,
    );
    // The statistical benchmarks are fitted by default; on the S&P 500's levels AICc picks simple exponential smoothing.
    assert.match(stdout, /\nets: AICc picked ANN \(additive error, no trend, no season\)\n/);
    assert.match(stdout, /"always up" scores 55\.4% \(the share of up moves\)/);
    assert.match(stderr, /LSTM \[#+\] epoch 3\/3/);
    assert.match(
      stdout,
      /conformal intervals, calibrated on each fold's \d+ or more validation forecasts and scored on its test block:\n\nmodel\s+80%: covered\s+width\s+95%: covered\s+width\n-+\npersistence\s+\d+\.\d%/,
    );
    // A small file shows no loading progress.
    assert.doesNotMatch(stderr, /^load /m);
  });

  it('writes every output, the static images included', () => {
    const files = fs.readdirSync(out).sort();
    for (const file of ['loss.html', 'overlay.html', 'predictions.csv', 'model-rnn.json', 'model-lstm.json', 'run.json'])
      assert.ok(files.includes(file), `${file} missing from ${files}`);
    for (const file of ['loss.png', 'loss.svg', 'overlay.png', 'overlay.svg'])
      assert.ok(files.includes(file), `${file}: Chromium is set up, so static images are expected`);
  });

  it('run.json holds the configuration, a row per model and its timings by stage', () => {
    const { config, summary, results, timings } = run();
    assert.equal(config.epochs, 3);
    assert.equal(config.predict, 'level');
    assert.deepEqual(config.features, ['open', 'high', 'low', 'volume']);
    assert.deepEqual(
      summary.map((r: { model: string }) => r.model),
      ['persistence', 'drift', 'linear', 'ets', 'theta', 'rnn', 'lstm'],
    );
    assert.deepEqual(
      results.map((r: { model: string; fold: number; seed: number | null }) => [r.model, r.fold, r.seed]),
      [
        ['persistence', 1, null],
        ['drift', 1, null],
        ['linear', 1, null],
        ['ets', 1, null],
        ['theta', 1, null],
        ['rnn', 1, 42],
        ['lstm', 1, 42],
      ],
    );
    assert.ok(timings.lstm.secondsPerEpoch > 0);
    // Seconds per stage of the job, for the scale benchmark.
    assert.deepEqual(Object.keys(timings.stages), ['load', 'windows', 'training', 'forecasts', 'outputs']);
    assert.ok(Object.values(timings.stages).every((seconds) => typeof seconds === 'number' && seconds >= 0));
    assert.ok(timings.stages.training > 0);
  });

  it("run.json scores each model's 80% and 95% intervals", () => {
    const { config, intervals } = run();
    assert.deepEqual(config.levels, [80, 95]);
    assert.deepEqual(
      intervals.map((r: { model: string; method: string; level: number }) => `${r.model} ${r.method} ${r.level}`),
      [
        ...['persistence', 'drift', 'linear', 'ets', 'theta', 'rnn', 'lstm'].flatMap((m) => [`${m} conformal 80`, `${m} conformal 95`]),
        ...['persistence', 'drift'].flatMap((m) => [`${m} textbook 80`, `${m} textbook 95`]),
      ],
    );
    for (const row of intervals) {
      assert.ok(row.coverage >= 0 && row.coverage <= 1 && row.width > 0, JSON.stringify(row));
      assert.ok(row.method === 'conformal' ? row.calibration > 0 : row.calibration === null, JSON.stringify(row));
    }
  });

  it('predictions.csv has a row per date and a column per model', () => {
    const csv = fs.readFileSync(path.join(out, 'predictions.csv'), 'utf8').trim().split('\n');
    assert.equal(csv[0], 'date,part,actual,rnn,lstm,linear,persistence');
    assert.equal(csv.length, 1 + 5100);
  });

  it('the state dict loads back into a model of the same shape', () => {
    const dict = JSON.parse(fs.readFileSync(path.join(out, 'model-lstm.json'), 'utf8'));
    assert.deepEqual(Object.keys(dict).slice(0, 2), ['lstm.weight_ih_l0', 'lstm.weight_hh_l0']);
  });

  it('--help lists every option with its default', () => {
    const { code, stdout } = forecast('--help');
    assert.equal(code, 0);
    for (const flag of [
      '--csv',
      '--date',
      '--target',
      '--features',
      '--model',
      '--seq-len',
      '--hidden',
      '--layers',
      '--epochs',
      '--batch',
      '--lr',
      '--seed',
      '--split',
      '--out',
      '--force',
    ])
      assert.match(stdout, new RegExp(`${flag}\\b`));
    assert.match(stdout, /--epochs N\s+training epochs \(default: 201\)/);
  });
});

// The figures' images are checked on the default data above; the runs below that do not look at
// them write HTML figures only (--no-images), which starts no browser.
describe('forecast with a list of cells', () => {
  it('--model gru,lstm trains both, reports both, and each state dict loads back into its model', async () => {
    const out = path.join(tmp(), 'gru');
    // --no-benchmarks: the baselines alone, as before exponential smoothing and Theta joined them.
    const { code, stdout, stderr } = forecast('--model', 'gru,lstm', '--epochs', '2', '--out', out, '--no-images', '--no-benchmarks');
    assert.equal(code, 0, stderr);
    assert.match(stderr, /GRU {2}\[#+\] epoch 2\/2/);
    assert.match(stdout, /\npersistence .*\ndrift .*\nlinear .*\ngru .*\nlstm .*/);
    const run = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8'));
    assert.deepEqual(run.config.models, ['gru', 'lstm']);
    assert.deepEqual(
      run.summary.map((r: { model: string }) => r.model),
      ['persistence', 'drift', 'linear', 'gru', 'lstm'],
    );
    assert.equal(fs.readFileSync(path.join(out, 'predictions.csv'), 'utf8').split('\n')[0], 'date,part,actual,gru,lstm,linear,persistence');
    for (const kind of ['gru', 'lstm'] as const) {
      const dict = JSON.parse(fs.readFileSync(path.join(out, `model-${kind}.json`), 'utf8'));
      const model = new Forecaster({ kind, inputSize: 4, hiddenSize: 8, numLayers: 2, seqLen: 5, seed: 1 });
      loadStateDict(model, dict);
      assert.deepEqual(exportStateDict(model), dict, `model-${kind}.json loads back unchanged`);
      disposeModule(model);
    }
    assert.deepEqual(Object.keys(JSON.parse(fs.readFileSync(path.join(out, 'model-gru.json'), 'utf8'))).slice(0, 2), [
      'gru.weight_ih_l0',
      'gru.weight_hh_l0',
    ]);
  });

  it('"all" is every cell and "both" is rnn and lstm', () => {
    const { code, stderr } = forecast('--model', 'all,both', '--epochs', '1', '--out', path.join(tmp(), 'all'), '--no-images');
    assert.equal(code, 0, stderr);
    assert.match(stderr, /RNN .*\n(.*\n)*LSTM .*\n(.*\n)*GRU /);
  });
});

describe('forecast --ahead', () => {
  it('forecasts the months after the last row with every model and its intervals, in forecast.csv and run.json', () => {
    const out = path.join(tmp(), 'ahead');
    const csv = writeCsv(monthlyCsv(400), 'monthly.csv');
    const { code, stdout, stderr } = forecast(
      '--csv',
      csv,
      '--model',
      'gru',
      '--epochs',
      '2',
      '--seq-len',
      '12',
      '--no-benchmarks',
      '--ahead',
      '3',
      '--season',
      '12',
      '--out',
      out,
      '--no-images',
    );
    assert.equal(code, 0, stderr);
    assert.match(
      stdout,
      /forecasts after 2043-04 \(3 steps on months\), with 95% conformal intervals from 38 validation forecasts a step:/,
    );
    assert.match(stderr, /GRU ahead \[#+\] epoch 2\/2/);
    const lines = fs.readFileSync(path.join(out, 'forecast.csv'), 'utf8').trim().split('\n');
    assert.equal(lines[0], 'date,model,step,forecast,lo80,hi80,lo95,hi95');
    const rows = lines.slice(1).map((line) => line.split(','));
    assert.deepEqual(
      rows.map((r) => `${r[0]} ${r[1]} ${r[2]}`),
      ['persistence', 'drift', 'linear', 'seasonal-naive', 'gru'].flatMap((m) => [`2043-05 ${m} 1`, `2043-06 ${m} 2`, `2043-07 ${m} 3`]),
    );
    for (const r of rows) {
      const [f, lo80, hi80, lo95, hi95] = r.slice(3).map(Number);
      assert.ok(lo95 <= lo80 && lo80 <= f && f <= hi80 && hi80 <= hi95, r.join(','));
    }
    const run = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8'));
    assert.equal(run.config.ahead, 3);
    assert.deepEqual(run.ahead.dates, ['2043-05', '2043-06', '2043-07']);
    assert.equal(run.ahead.origin, '2043-04');
    assert.ok(run.timings.stages.ahead > 0);
    // The fan figure, as HTML with --no-images.
    assert.ok(fs.readFileSync(path.join(out, 'fan.html'), 'utf8').includes('"name":"gru 95%"'));
  });

  it('refuses, before anything trains, an ahead the final validation stretch cannot calibrate, saying the most it allows', () => {
    const out = path.join(tmp(), 'never');
    const long = forecast(
      '--csv',
      writeCsv(monthlyCsv(400), 'monthly.csv'),
      '--seq-len',
      '12',
      '--ahead',
      '23',
      '--out',
      out,
      '--no-images',
    );
    assert.equal(long.code, 2, long.stderr);
    assert.equal(
      long.stderr,
      'forecast: --ahead 23 leaves too few validation forecasts to calibrate a 95% interval: the final 40 rows (--validation) allow at most --ahead 22\n',
    );
    // A larger validation stretch calibrates further ahead.
    const wider = forecast(
      ...['--csv', writeCsv(monthlyCsv(400), 'monthly.csv'), '--validation', '0.2', '--split', '0.6', '--ahead', '70', '--out', out],
    );
    assert.equal(wider.code, 2, wider.stderr);
    assert.match(wider.stderr, /the final 80 rows \(--validation\) allow at most --ahead 62\n$/);
    const short = forecast(
      '--csv',
      writeCsv(monthlyCsv(120), 'monthly.csv'),
      '--seq-len',
      '12',
      '--ahead',
      '1',
      '--out',
      out,
      '--no-images',
    );
    assert.equal(short.code, 2, short.stderr);
    assert.match(
      short.stderr,
      /^forecast: the final 12 rows \(the validation stretch\) cannot calibrate a 95% interval even one step ahead \(19 forecasts needed\); use a longer series, a larger --validation or lower --levels\n$/,
    );
    assert.ok(!fs.existsSync(out));
  });
});

describe('forecast on a differently shaped CSV', () => {
  it('a monthly series with a single column: its own past is the feature (and --no-images writes the figures as HTML only)', () => {
    const out = path.join(tmp(), 'monthly');
    const { code, stdout, stderr } = forecast(
      '--csv',
      writeCsv(monthlyCsv(), 'monthly.csv'),
      '--model',
      'lstm',
      '--epochs',
      '2',
      '--seq-len',
      '6',
      '--out',
      out,
      '--no-images',
    );
    assert.equal(code, 0, stderr);
    assert.match(stdout, /the past of "Passengers" is the only feature/);
    assert.match(stdout, /Passengers x 6 -> next Passengers/);
    assert.match(stdout, /\nlinear .*\nets .*\ntheta .*\nlstm .*/);
    const run = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8'));
    assert.deepEqual(run.config.features, ['Passengers']);
    assert.equal(fs.readFileSync(path.join(out, 'predictions.csv'), 'utf8').split('\n')[0], 'date,part,actual,lstm,linear,persistence');
    const figures = fs
      .readdirSync(out)
      .filter((f) => /\.(html|png|svg)$/.test(f))
      .sort();
    assert.deepEqual(figures, ['loss.html', 'overlay.html']);
  });

  it('changes, walk-forward folds, seeds, a horizon and a season: every row of run.json and walk-forward.csv', () => {
    const out = path.join(tmp(), 'walk');
    const { code, stdout, stderr } = forecast(
      '--csv',
      writeCsv(monthlyCsv(120), 'monthly.csv'),
      '--model',
      'gru',
      '--epochs',
      '2',
      '--seq-len',
      '12',
      '--predict',
      'change',
      '--folds',
      '3',
      '--seeds',
      '2',
      '--horizon',
      '2',
      '--season',
      '12',
      '--split',
      '0.6',
      '--no-benchmarks',
      '--out',
      out,
    );
    assert.equal(code, 0, stderr);
    assert.match(stdout, /Passengers x 12 -> change of Passengers over the next 2 rows/);
    assert.match(stdout, /3 walk-forward folds: .*; seeds 42, 43/);
    assert.match(stdout, /\npersistence .*\ndrift .*\nlinear .*\nseasonal-naive .*\ngru .* ± /);
    assert.match(stderr, /GRU fold 3\/3 seed 43 \[#+\] epoch 2\/2/);
    const run = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8'));
    assert.deepEqual(
      [run.config.predict, run.config.folds, run.config.seeds, run.config.horizon, run.config.season],
      ['change', 3, [42, 43], 2, 12],
    );
    // 4 baselines once per fold, the network once per fold and seed.
    assert.equal(run.results.length, 4 * 3 + 3 * 2);
    for (const row of run.results) {
      assert.deepEqual(Object.keys(row), ['model', 'fold', 'seed', 'rmse', 'mae', 'mape', 'directionalAccuracy', 'skill', 'mase']);
    }
    const gru = run.summary.find((r: { model: string }) => r.model === 'gru');
    assert.deepEqual(Object.keys(gru), [
      'model',
      'rmse',
      'rmseBySeed',
      'mae',
      'mape',
      'directionalAccuracy',
      'skill',
      'mase',
      'dmPValue',
      'dmMeanDifference',
    ]);
    assert.deepEqual(Object.keys(gru.rmse), ['mean', 'sd']);
    assert.equal(gru.rmseBySeed.length, 2);
    assert.ok(Math.abs((gru.rmseBySeed[0] + gru.rmseBySeed[1]) / 2 - gru.rmse.mean) < 1e-9);
    assert.ok(gru.dmPValue > 0 && gru.dmPValue <= 1);
    // The linear autoregression on changes of a trend with a season: far better than persistence.
    const linear = run.summary.find((r: { model: string }) => r.model === 'linear');
    assert.ok(linear.skill.mean > 0.5 && linear.dmPValue < 0.01, JSON.stringify(linear));
    assert.equal(run.stepRmse.persistence.length, 2);
    const csv = fs.readFileSync(path.join(out, 'walk-forward.csv'), 'utf8').trim().split('\n');
    const models = ['persistence', 'drift', 'linear', 'seasonal-naive', 'gru'];
    const bounds = models.flatMap((m) => [`${m} lo80`, `${m} hi80`, `${m} lo95`, `${m} hi95`]);
    assert.equal(csv[0], ['date,fold,step,actual', ...models, ...bounds].join(','));
    // Each fold's 11 validation windows calibrate 80% intervals around every forecast; 95% needs 19, so its columns are NaN.
    for (const line of csv.slice(1)) {
      const cells = line.split(',');
      models.forEach((m, j) => {
        const [forecastValue, lo80, hi80, lo95, hi95] = [cells[4 + j], ...cells.slice(9 + 4 * j, 13 + 4 * j)].map(Number);
        assert.ok(lo80 <= forecastValue && forecastValue <= hi80, `${m}: ${line}`);
        assert.ok(Number.isNaN(lo95) && Number.isNaN(hi95), `${m}: ${line}`);
      });
    }
    // The last 30% of 120 months (36; 60% train, then 10% validate) in 3 blocks of 12: 11 windows of 2 steps each.
    assert.equal(csv.length, 1 + 3 * 11 * 2);
    assert.ok(fs.readdirSync(out).includes('horizon.html'));
  });
});

describe('forecast --recursive', () => {
  it('scores each cell and the linear model fed their own forecasts beside the direct ones, step by step', () => {
    const out = path.join(tmp(), 'recursive');
    const csv = writeCsv(monthlyCsv(120), 'monthly.csv');
    const { code, stdout, stderr } = forecast(
      ...[
        '--csv',
        csv,
        '--model',
        'gru',
        '--epochs',
        '2',
        '--seq-len',
        '12',
        '--horizon',
        '3',
        '--recursive',
        '--no-benchmarks',
        '--out',
        out,
      ],
    );
    assert.equal(code, 0, stderr);
    assert.match(stderr, /GRU recursive \[#+\] epoch 2\/2/);
    assert.match(
      stdout,
      /RMSE by step ahead:\n\nstep +persistence +drift +linear +linear-recursive +gru +gru-recursive\n-+\n1 .*\n2 .*\n3 .*\n/,
    );
    assert.match(stdout, /-recursive: fitted for one step and fed its own forecasts/);
    const run = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8'));
    assert.equal(run.config.recursive, true);
    assert.deepEqual(Object.keys(run.stepRmse), ['persistence', 'drift', 'linear', 'linear-recursive', 'gru', 'gru-recursive']);
    assert.ok(run.stepRmse['gru-recursive'].every((v: number) => v > 0));
    const header = fs.readFileSync(path.join(out, 'walk-forward.csv'), 'utf8').split('\n')[0].split(',');
    assert.ok(header.includes('gru-recursive') && header.includes('gru-recursive lo95'), header.join(','));
  });
});

/** Daily rows with the given price columns (and volume if asked), all varying. */
function pricesCsv(columns: string[], days = 120): string {
  const rows = Array.from({ length: days }, (_, i) => {
    const date = new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10);
    const close = 100 + i * 0.5 + 5 * Math.sin(i / 3);
    const values: Record<string, number> = {
      open: close - 1 + Math.cos(i),
      high: close + 2,
      low: close - 2 - Math.sin(i),
      close,
      volume: 1000 + 37 * ((i * 7) % 11),
    };
    return [date, ...columns.map((c) => values[c].toFixed(3))].join(',');
  });
  return `date,${columns.join(',')}\n${rows.join('\n')}\n`;
}

describe('forecast says exactly which default feature columns a CSV lacks', () => {
  it('open, high, low and close without volume: volume is named missing, the three others are used', () => {
    const csv = writeCsv(pricesCsv(['open', 'high', 'low', 'close']), 'no-volume.csv');
    const out = path.join(tmp(), 'no-volume');
    const { code, stdout, stderr } = forecast('--csv', csv, '--model', 'lstm', '--epochs', '1', '--out', out, '--no-images');
    assert.equal(code, 0, stderr);
    assert.match(
      stdout,
      /no-volume\.csv: no "volume" column, so the features are the default ones it has: open, high, low \(choose others with --features\)/,
    );
    assert.doesNotMatch(stdout, /"(open|high|low)"[^\n]*missing|no (open|high|low)/, 'a present column is never called missing');
    assert.match(stdout, /open, high, low x 5 -> next close/);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')).config.features, ['open', 'high', 'low']);
  });

  it('only close and volume: open, high and low are named missing, volume is used', () => {
    const csv = writeCsv(pricesCsv(['close', 'volume']), 'close-volume.csv');
    const out = path.join(tmp(), 'close-volume');
    const { code, stdout, stderr } = forecast('--csv', csv, '--model', 'rnn', '--epochs', '1', '--out', out, '--no-images');
    assert.equal(code, 0, stderr);
    assert.match(
      stdout,
      /close-volume\.csv: no "open", "high", "low" columns, so the features are the default ones it has: volume \(choose others with --features\)/,
    );
    assert.match(stdout, /volume x 5 -> next close/);
  });

  it("none of them: the target's own past, with all four named", () => {
    const csv = writeCsv(pricesCsv(['close']), 'close-only.csv');
    const out = path.join(tmp(), 'close-only');
    const { code, stdout, stderr } = forecast('--csv', csv, '--model', 'rnn', '--epochs', '1', '--out', out, '--no-images');
    assert.equal(code, 0, stderr);
    assert.match(
      stdout,
      /close-only\.csv: none of the default feature columns \("open", "high", "low", "volume"\), so the past of "close" is the only feature \(choose others with --features\)/,
    );
    assert.match(stdout, /close x 5 -> next close/);
  });
});

describe('forecast with the statistical benchmarks', () => {
  it('scores exponential smoothing and Theta beside the baselines, and says which ETS spec AICc picked', () => {
    const out = path.join(tmp(), 'benchmarks');
    const csv = writeCsv(monthlyCsv(120), 'monthly.csv');
    // Fitted by default (--no-benchmarks leaves them out).
    const args = ['--csv', csv, '--model', 'gru', '--epochs', '1', '--seq-len', '12', '--season', '12', '--no-images'];
    const { code, stdout, stderr } = forecast(...args, '--out', out);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /\nseasonal-naive .*\nets .*\ntheta .*\ngru /);
    assert.match(stdout, /ets: AICc picked [AM](N|A|Ad)[NAM] \(\w+ error, .* trend, .*\)/);
    const run = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8'));
    assert.deepEqual(run.config.benchmarks, ['ets', 'theta']);
    assert.equal(run.etsSpecs.length, 1);
    assert.deepEqual(
      run.summary.map((s: { model: string }) => s.model),
      ['persistence', 'drift', 'linear', 'seasonal-naive', 'ets', 'theta', 'gru'],
    );
    const header = fs.readFileSync(path.join(out, 'walk-forward.csv'), 'utf8').split('\n')[0].split(',');
    assert.ok(header.includes('ets') && header.includes('theta lo95'), header.join(','));
  });

  it('--benchmarks names them, a fixed spec among them', () => {
    const out = path.join(tmp(), 'fixed');
    const csv = writeCsv(monthlyCsv(120), 'monthly.csv');
    const args = ['--csv', csv, '--model', 'gru', '--epochs', '1', '--seq-len', '12', '--season', '12', '--no-images'];
    const { code, stdout, stderr } = forecast(...args, '--benchmarks', 'theta,ets-AAA', '--out', out);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /\nseasonal-naive .*\ntheta .*\nets-AAA .*\ngru /);
    assert.doesNotMatch(stdout, /AICc picked/);
    const run = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8'));
    assert.deepEqual(run.config.benchmarks, ['theta', 'ets-AAA']);
  });
});

describe('forecast on a tab-separated file', () => {
  it('detects the delimiter, says so, and runs as on the comma-separated file', () => {
    const out = path.join(tmp(), 'tabs');
    const text = fs
      .readFileSync(path.join(REPOSITORY, 'data', 'sp500.csv'), 'utf8')
      .split('\n')
      .slice(0, 400)
      .join('\n');
    const file = writeCsv(`${text.replaceAll(',', '\t')}\n`, 'prices.tsv');
    const { code, stdout, stderr } = forecast('--csv', file, '--model', 'rnn', '--epochs', '1', '--no-images', '--out', out);
    assert.equal(code, 0, stderr);
    assert.match(
      stdout,
      /prices\.tsv: read as tab-separated \(detected; choose with --delimiter\)\n.*prices\.tsv: 399 rows; open, high, low, volume x 5 -> next close/,
    );
  });
});

describe('forecast on a series without dates', () => {
  it('takes a whole-number first column as its index, and continues it past the last row', () => {
    const out = path.join(tmp(), 'index');
    const rows = Array.from({ length: 200 }, (_, i) => `${i},${(100 + 0.5 * i + (i % 7)).toFixed(1)}`);
    const file = writeCsv(`t,value\n${rows.join('\n')}\n`);
    const { code, stdout, stderr } = forecast(
      ...['--csv', file, '--model', 'rnn', '--epochs', '1', '--ahead', '2', '--no-images', '--out', out],
    );
    assert.equal(code, 0, stderr);
    assert.match(stdout, /forecasts after 199 \(2 steps on whole numbers\)/);
    const lines = fs.readFileSync(path.join(out, 'forecast.csv'), 'utf8').split('\n');
    assert.deepEqual([lines[1].split(',')[0], lines[2].split(',')[0]], ['200', '201']);
  });
});

describe('forecast rejects bad input with exit code 2 and no stack trace', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['a missing file', ['--csv', '/nonexistent/prices.csv'], /forecast: .*prices\.csv: file not found/],
    [
      'an unknown option',
      ['--epoch', '3'],
      /unknown option "--epoch"\. Valid options: --csv, --date, --date-format, --index, --delimiter, --target/,
    ],
    ['a negative epoch count', ['--epochs', '-1'], /--epochs must be a whole number of at least 1, got "-1"/],
    [
      'a feature that does not exist',
      ['--features', 'open,hihg', '--epochs', '1'],
      /no column "hihg"\. Available columns: "date", "open", "high", "low", "close", "adjclose", "volume"/,
    ],
    [
      'an unknown model',
      ['--model', 'lstm,transformer'],
      /--model takes lstm, rnn, gru or a comma-separated list of them, all, or both; got "lstm,transformer"/,
    ],
    ['a split out of range', ['--split', '1.2'], /--split must be a fraction between 0 and 1/],
    [
      'a split and validation that leave nothing to test',
      ['--split', '0.85', '--validation', '0.15'],
      /--split 0.85 and --validation 0.15 leave no rows to test; together they must stay below 1 \(for example --split 0.75\)/,
    ],
    ['a missing value', ['--lr'], /--lr needs a value/],
    ['a non-numeric cell', ['--csv', writeCsv('date,close\n2020-01-01,1\n2020-01-02,x\n')], /line 3, column "close": "x" is not a number/],
    [
      'too few rows',
      ['--csv', writeCsv('date,close\n2020-01-01,1\n2020-01-02,2\n2020-01-03,3\n')],
      /the training part has 2 rows, too few for one window/,
    ],
    [
      'more folds than the data allows',
      ['--folds', '600'],
      /600 folds would give each test block 0 of the 511 tested rows, fewer than the 1 one window needs \(horizon 1\); use at most 511 folds/,
    ],
    ['an unknown --predict', ['--predict', 'levels'], /--predict must be one of level, change, log-return; got "levels"/],
    [
      'log-returns of a zero value',
      [
        '--predict',
        'log-return',
        '--csv',
        writeCsv(
          `date,close\n${Array.from({ length: 40 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)},${i === 30 ? 0 : 5 + i}`).join('\n')}\n`,
        ),
      ],
      /row 32 \(2020-01-31\), column "close": log-returns need positive values, got 0/,
    ],
    [
      'a recursive forecast with inputs other than the target',
      ['--recursive', '--horizon', '3'],
      /its inputs must be that column's own past; "open", "high", "low", "volume" would need forecasts of their own/,
    ],
    ['a recursive forecast of one step', ['--recursive', '--features', 'close'], /--recursive compares .*; give --horizon 2 or more/],
    [
      'a column whose range overflows a 64-bit float',
      [
        '--csv',
        writeCsv(
          `date,close,big\n${Array.from({ length: 60 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)},${100 + i},${i % 2 ? -1.7e308 : 1.7e308}`).join('\n')}\n`,
        ),
        '--features',
        'big',
      ],
      /column "big": its values over the 48 training rows span -1\.7e\+308 to 1\.7e\+308, a range too large for a 64-bit float/,
    ],
    [
      'a network too large for the machine',
      ['--hidden', '100000'],
      /^forecast: an RNN of 2 layers of 100000 units \(30,001,300,001 parameters\), .* needs about 1230 GiB to train/m,
    ],
    [
      'a file with only a date column',
      ['--csv', writeCsv('date\n2020-01-01\n2020-01-02\n')],
      /: no numeric column besides the date column "date"$/m,
    ],
    [
      'an unknown --delimiter',
      ['--delimiter', 'xx'],
      /--delimiter takes auto, comma, tab, semicolon, pipe or one character other than a quote; got "xx"/,
    ],
    [
      'dates that are not ISO 8601, without --date-format',
      ['--csv', writeCsv('date,close\n01/02/2020,1\n01/03/2020,2\n')],
      /line 2, column "date": "01\/02\/2020" is not an ISO 8601 date .*; give its format with --date-format \(for example %m\/%d\/%Y\)/,
    ],
    ['both --index and --date', ['--index', 'date', '--date', 'date'], /--index and --date both name the column that orders the rows/],
    ['levels out of order', ['--levels', '95,80'], /^forecast: --levels must be increasing, each level once; got 95,80$/m],
    ['a level of 100', ['--levels', '80,100'], /^forecast: --levels: 100 is not a level between 0 and 100/m],
    ['a level that is not a number', ['--levels', '80,x'], /^forecast: --levels takes percentages such as 80,95; "x" is not a number$/m],
    ['a negative weight decay', ['--weight-decay', '-1'], /^forecast: --weight-decay must be a number of 0 or more, got "-1"$/m],
    [
      'a benchmark it does not know',
      ['--benchmarks', 'ets,arima'],
      /^forecast: "arima" is not a benchmark; name ets .*, ets-SPEC .* or theta$/m,
    ],
    ['a fixed ETS spec that is not one', ['--benchmarks', 'ets-AXA'], /^forecast: "AXA" is not an ETS spec; write error, trend, season/m],
    [
      'a seasonal ETS spec without --season',
      ['--benchmarks', 'ets-AAA'],
      /^forecast: ETS spec AAA has a season, so it needs a season length of 2 or more$/m,
    ],
    [
      'both --benchmarks and --no-benchmarks',
      ['--benchmarks', 'theta', '--no-benchmarks'],
      /^forecast: give --benchmarks or --no-benchmarks, not both$/m,
    ],
    [
      'a season longer than the training part',
      ['--csv', writeCsv(monthlyCsv(), 'monthly.csv'), '--season', '80', '--epochs', '1'],
      /season 80 is not shorter than the first fold's 76 training rows/,
    ],
  ];
  for (const [what, args, message] of cases) {
    it(what, () => {
      const out = path.join(tmp(), 'never');
      const { code, stderr } = forecast(...args, '--out', out);
      assert.equal(code, 2, stderr);
      assert.ok(!fs.existsSync(out), 'no output folder');
      assert.match(stderr, message);
      assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    });
  }

  it('an --out below a file, or where no folder can be made, is refused before the file is even loaded', () => {
    const file = writeCsv('not a folder', 'notes.txt');
    const cases: Array<[string, RegExp]> = [
      [path.join(file, 'out'), /^forecast: --out .*notes\.txt\/out: .*notes\.txt is a file, not a folder\n$/],
      [file, /^forecast: --out .*notes\.txt is a file; give a folder for the outputs\n$/],
      ...(fs.existsSync('/proc/self')
        ? ([['/proc/forecast-out', /cannot create a folder in \/proc: .*\(ENOENT\)/]] as Array<[string, RegExp]>)
        : []),
    ];
    for (const [out, message] of cases) {
      const { code, stdout, stderr } = forecast('--csv', '/nonexistent/prices.csv', '--out', out);
      assert.equal(code, 2, stderr);
      assert.match(stderr, message);
      assert.equal(stdout, '', 'nothing loaded or trained');
    }
  });

  it('an existing --out folder is not replaced without --force, and nothing is written', () => {
    const out = tmp();
    fs.writeFileSync(path.join(out, 'keep.txt'), 'earlier run');
    const { code, stderr } = forecast('--epochs', '1', '--out', out);
    assert.equal(code, 2);
    assert.match(stderr, /already exists; choose another folder or add --force/);
    assert.deepEqual(fs.readdirSync(out), ['keep.txt']);
  });

  it('a failed run leaves an earlier --out folder as it was, even with --force', () => {
    const out = tmp();
    fs.writeFileSync(path.join(out, 'keep.txt'), 'earlier run');
    const { code } = forecast('--csv', writeCsv('date,close\n2020-01-01,1\n'), '--force', '--out', out);
    assert.equal(code, 2);
    assert.deepEqual(fs.readdirSync(out), ['keep.txt']);
    assert.deepEqual(
      fs.readdirSync(path.dirname(out)).filter((f) => f.startsWith(path.basename(out))),
      [path.basename(out)],
    );
  });
});
