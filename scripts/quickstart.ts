import { Forecaster, evaluate, prepareData, resultsTable, selectBackend, summary, train } from '../src/index';

async function main() {
  await selectBackend();                  // tfjs-node if it loads, else wasm, else cpu
  const data = await prepareData();       // data/sp500.csv: Open, High, Low, Volume x 5 days -> next Close
  const lstm = new Forecaster({ kind: 'lstm', inputSize: 4, hiddenSize: 8, numLayers: 2, seqLen: 5 });
  console.log(summary(lstm));
  const epochs = Number(process.env.EPOCHS ?? 201);
  await train(lstm, data, { epochs, batchSize: 20, learningRate: 1e-3 });
  console.log(resultsTable(evaluate({ lstm }, data).rows));  // test period, index points, vs persistence
}

main();
