/**
 * One inference benchmark run, for bench/bench.ts: prints one JSON line with forecasts per second.
 *   node --import tsx bench/benchInference.ts '{"windows":5000,"engine":"native","threads":1}'
 * The model is the large configuration's LSTM (hidden 64, 2 layers, 60 steps, flatten head), untrained;
 * the windows are uniform random numbers; batches of 256, after one warm-up batch.
 */
import { Forecaster, createRandom, predict, selectBackend, type EngineName } from '../src/index';

interface InferenceSpec {
  windows: number;
  engine: EngineName;
  threads: number;
}

async function main() {
  const spec = JSON.parse(process.argv[2]) as InferenceSpec;
  const backend = await selectBackend();
  const [seqLen, inputSize] = [60, 4];
  const model = new Forecaster({ kind: 'lstm', inputSize, hiddenSize: 64, numLayers: 2, seqLen, seed: 0 });
  const random = createRandom(1);
  const xs = Float32Array.from({ length: spec.windows * seqLen * inputSize }, () => random.uniform(0, 1));
  const windows = { xs, ys: new Float32Array(spec.windows), n: spec.windows, seqLen, inputSize, horizon: 1 };
  const options = { engine: spec.engine, threads: spec.threads, batchSize: 256 };
  predict(model, { ...windows, n: 256 }, options);
  const started = performance.now();
  predict(model, windows, options);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    JSON.stringify({
      windowsPerSecond: spec.windows / seconds,
      windows: spec.windows,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
      backend,
    }),
  );
}

main();
