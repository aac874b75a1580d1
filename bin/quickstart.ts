import { Forecaster, TUTORIAL, evaluate, prepareData, resultsTable, selectBackend, summary, train } from '../src/index';

async function main() {
  await selectBackend(); // tfjs-node if it loads, else wasm, else cpu
  const data = await prepareData(); // data/sp500.csv: Open, High, Low, Volume x 5 days -> next Close
  const { inputSize, seqLen } = data.train;
  const lstm = new Forecaster({ kind: 'lstm', inputSize, seqLen, ...TUTORIAL.model }); // 2 layers of 8 units
  console.log(summary(lstm));
  const epochs = Number(process.env.EPOCHS ?? TUTORIAL.training.epochs);
  await train(lstm, data, { ...TUTORIAL.training, epochs }); // Adam lr 1e-3, batches of 20
  console.log(resultsTable(evaluate({ lstm }, data).rows)); // test period, index points, vs persistence
}

main();
