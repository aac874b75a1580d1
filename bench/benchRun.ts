/**
 * One benchmark run of our training, for bench/bench.ts: prints one JSON line.
 *   node --import tsx bench/benchRun.ts '{"kind":"lstm","hiddenSize":8,"numLayers":2,"seqLen":5,"batchSize":20,"epochs":5,"engine":"typescript"}'
 * The first epoch is a warm-up and is not timed. With maxBatches, each epoch trains on that many
 * batches only and its time is scaled up to a whole epoch.
 */
import * as tf from '@tensorflow/tfjs';
import { Forecaster, median, prepareData, selectBackend, train, type CellKind, type EngineName, type Windows } from '../src/index';

interface RunSpec {
  kind: CellKind;
  hiddenSize: number;
  numLayers: number;
  seqLen: number;
  batchSize: number;
  epochs: number;
  engine: EngineName;
  maxBatches?: number;
  /** Native kernel threads (default 1). */
  threads?: number;
}

async function main() {
  const spec = JSON.parse(process.argv[2]) as RunSpec;
  const backend = await selectBackend();
  const data = await prepareData({ seqLen: spec.seqLen });
  const batches = Math.ceil(data.train.n / spec.batchSize);
  const used = spec.maxBatches ? Math.min(batches, spec.maxBatches) : batches;
  // The first windows of the training part, read through its arrays (a spread would read, and so pack, xs and ys).
  const part = data.train;
  const n = Math.min(part.n, used * spec.batchSize);
  const windows: Windows = {
    n,
    seqLen: part.seqLen,
    inputSize: part.inputSize,
    horizon: part.horizon,
    arrays: part.arrays,
    get xs() {
      return part.xs.subarray(0, n * part.seqLen * part.inputSize);
    },
    get ys() {
      return part.ys.subarray(0, n * part.horizon);
    },
  };
  const model = new Forecaster({
    kind: spec.kind,
    inputSize: data.train.inputSize,
    hiddenSize: spec.hiddenSize,
    numLayers: spec.numLayers,
    seqLen: spec.seqLen,
    seed: 0,
  });
  const tensorsBefore = tf.memory().numTensors;
  const result = await train(
    model,
    { train: windows },
    { epochs: spec.epochs + 1, batchSize: spec.batchSize, engine: spec.engine, threads: spec.threads ?? 1 },
  );
  console.log(
    JSON.stringify({
      secondsPerEpoch: median(result.history.slice(1).map((h) => (h.seconds * batches) / used)),
      maxRssMB: process.resourceUsage().maxRSS / 1024,
      backend,
      engine: result.engine,
      threads: result.threads,
      windows: data.train.n,
      leakedTensors: tf.memory().numTensors - tensorsBefore,
      finalLoss: result.history[result.history.length - 1].loss,
    }),
  );
}

main();
