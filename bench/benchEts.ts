/**
 * Our side of the AutoETS benchmark (bench/bench.ts --only ets): every admissible ETS spec fitted to
 * data/co2.csv's CO2 column (season 12) and the lowest AICc picked, timed inside the process as
 * bench_ets_statsmodels.py times statsmodels' fits: the first selection in a fresh process (the
 * engine compiling as it goes), then a second in the same one, as the folds of a walk-forward run
 * meet it. Prints one JSON line.
 */
import * as path from 'node:path';
import { autoEts, loadCsv, specName } from '../src/index';
import { REPOSITORY } from '../src/repository';

async function main() {
  const table = await loadCsv(path.join(REPOSITORY, 'data', 'co2.csv'), { columns: ['CO2'] });
  const y = table.columns.CO2;
  const timed = () => {
    const start = performance.now();
    const result = autoEts(y, { period: 12, restrict: false });
    return { seconds: (performance.now() - start) / 1000, spec: specName(result.best.spec) };
  };
  const first = timed();
  const second = timed();
  console.log(JSON.stringify({ seconds: first.seconds, again: second.seconds, spec: first.spec, rows: y.length }));
}

main();
