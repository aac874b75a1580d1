/**
 * Our side of the AutoETS benchmark (bench/bench.ts --only ets): every admissible ETS spec fitted to
 * data/co2.csv's CO2 column (season 12) and the lowest AICc picked, timed inside the process as
 * bench_ets_statsmodels.py times statsmodels' fits. Prints one JSON line.
 */
import * as path from 'node:path';
import { autoEts, loadCsv, specName } from '../src/index';
import { REPOSITORY } from '../src/repository';

async function main() {
  const table = await loadCsv(path.join(REPOSITORY, 'data', 'co2.csv'), { columns: ['CO2'] });
  const y = table.columns.CO2;
  const start = performance.now();
  const result = autoEts(y, { period: 12 });
  const seconds = (performance.now() - start) / 1000;
  console.log(JSON.stringify({ seconds, spec: specName(result.best.spec), rows: y.length }));
}

main();
