/**
 * The training loop: MSE loss, Adam with PyTorch's defaults, mini-batches in order (or shuffled
 * from a seed), a validation loss per epoch, optional gradient-norm clipping and early stopping.
 * It knows the model only as a Network; how gradients are computed is the engine's business
 * (src/engines), and progress is reported through callbacks.
 */
import { TUTORIAL } from '../config';
import type { Windows } from '../data/Windows';
import { createEngine, type EngineChoice, type ThreadsChoice } from '../engines/createEngine';
import type { EngineName, OptimizerOptions } from '../engines/TrainingEngine';
import { OptionError, TrainingError } from '../errors';
import { median } from '../median';
import type { Network } from '../models/Module';
import { createRandom, shuffledIndices } from '../random';

export interface EpochLog {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean squared error over the epoch's training windows, measured during the epoch (scaled units). */
  loss: number;
  /** MSE over the validation windows after the epoch, when validation windows were given. */
  valLoss?: number;
  /** Wall-clock seconds of the epoch, validation included. */
  seconds: number;
}

export interface TrainConfig extends OptimizerOptions {
  epochs: number;
  batchSize: number;
  /** Shuffle the training windows every epoch; off by default, as in the tutorial. */
  shuffle: boolean;
  /** Seed of the shuffle order. */
  seed: number;
  /** Stop when the validation loss has not improved by `minDelta` for `patience` epochs. */
  earlyStopping?: { patience: number; minDelta?: number; restoreBest?: boolean };
  onEpochEnd?: (log: EpochLog) => void | Promise<void>;
  /** Called after every batch with its loss. Reading the loss waits for the device, so this slows training. */
  onBatchEnd?: (info: { epoch: number; batch: number; batches: number; loss: number }) => void | Promise<void>;
  /** How the gradients are computed: 'native', 'typescript', 'tfjs', or 'auto' (see src/engines/createEngine.ts). */
  engine: EngineChoice;
  /** Threads the native engine splits each batch across; 'auto': by the batch's work and the cores (kernelThreads). */
  threads: ThreadsChoice;
}

/** The tutorial's settings (TUTORIAL.training) with Adam's betas and epsilon as PyTorch has them. */
export const defaultTrainConfig: TrainConfig = {
  ...TUTORIAL.training,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  seed: 42,
  engine: 'auto',
  threads: 'auto',
};

export interface TrainResult {
  history: EpochLog[];
  /** The engine that computed the gradients. */
  engine: EngineName;
  /** Threads each batch was split across. */
  threads: number;
  /** Epoch (1-based) with the lowest validation loss (or training loss without validation). */
  bestEpoch: number;
  stoppedEarly: boolean;
  /** Median wall-clock seconds per epoch. */
  secondsPerEpoch: number;
}

function checkConfig(config: TrainConfig): void {
  for (const key of ['epochs', 'batchSize'] as const) {
    if (!Number.isInteger(config[key]) || config[key] < 1)
      throw new OptionError(`${key} must be a whole number of at least 1, got ${config[key]}`);
  }
  if (!(config.learningRate > 0 && Number.isFinite(config.learningRate)))
    throw new OptionError(`learningRate must be a positive number, got ${config.learningRate}`);
  if (config.clipGradNorm !== undefined && !(config.clipGradNorm > 0))
    throw new OptionError(`clipGradNorm must be a positive number, got ${config.clipGradNorm}`);
  if (config.weightDecay !== undefined && !(config.weightDecay >= 0 && Number.isFinite(config.weightDecay)))
    throw new OptionError(`weightDecay must be a number of 0 or more, got ${config.weightDecay}`);
  const patience = config.earlyStopping?.patience;
  if (patience !== undefined && (!Number.isInteger(patience) || patience < 1))
    throw new OptionError(`earlyStopping.patience must be a whole number of at least 1, got ${patience}`);
}

/**
 * Train `model` on `data.train` (scaled windows) and return the loss history.
 * A NaN or infinite loss stops training with an error naming the epoch and batch.
 */
export async function train(
  model: Network,
  data: { train: Windows; validation?: Windows },
  overrides: Partial<TrainConfig> = {},
): Promise<TrainResult> {
  const config: TrainConfig = { ...defaultTrainConfig, ...overrides };
  checkConfig(config);
  const { train: windows, validation } = data;
  if (windows.n === 0) throw new OptionError('the training windows are empty');
  const engine = createEngine(model, config.engine, config);
  const useValidation = validation !== undefined && validation.n > 0;
  const random = createRandom(config.seed);
  const batches = Math.ceil(windows.n / config.batchSize);
  const history: EpochLog[] = [];
  let best = { loss: Infinity, epoch: 0 };
  let stoppedEarly = false;
  const restoreBest = config.earlyStopping !== undefined && (config.earlyStopping.restoreBest ?? true);
  const inOrder = Int32Array.from({ length: windows.n }, (_, i) => i);
  // Training is synchronous on the kernels: the event loop is let run after every epoch, and within
  // one every YIELD_MS, so that a browser starting for the figures, or a progress display, is answered.
  let lastYield = performance.now();
  const yieldNow = () =>
    new Promise<void>((resolve) =>
      setImmediate(() => {
        lastYield = performance.now();
        resolve();
      }),
    );

  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const started = performance.now();
      const order = config.shuffle ? shuffledIndices(windows.n, random) : inOrder;
      let sum = 0;
      for (let batch = 0; batch < batches; batch++) {
        const rows = order.subarray(batch * config.batchSize, Math.min(windows.n, (batch + 1) * config.batchSize));
        engine.step(windows, rows);
        if (performance.now() - lastYield > YIELD_MS) await yieldNow();
        if (config.onBatchEnd) {
          const [value] = Array.from(await engine.takeBatchLosses());
          checkFinite(value, epoch, batch, batches);
          sum += value;
          await config.onBatchEnd({ epoch, batch: batch + 1, batches, loss: value / (rows.length * windows.horizon) });
        }
      }
      if (!config.onBatchEnd) {
        // One read per epoch: the loop never waits for the device inside an epoch.
        const values = await engine.takeBatchLosses();
        for (let batch = 0; batch < values.length; batch++) {
          checkFinite(values[batch], epoch, batch, batches);
          sum += values[batch];
        }
      }
      const log: EpochLog = { epoch, loss: sum / (windows.n * windows.horizon), seconds: 0 };
      if (useValidation) log.valLoss = await engine.meanSquaredError(validation);
      log.seconds = (performance.now() - started) / 1000;
      history.push(log);

      const monitored = log.valLoss ?? log.loss;
      if (monitored < best.loss - (config.earlyStopping?.minDelta ?? 0)) {
        best = { loss: monitored, epoch };
        if (restoreBest) engine.snapshot();
      }
      if (config.onEpochEnd) {
        engine.publish();
        await config.onEpochEnd(log);
      }
      await yieldNow();
      if (config.earlyStopping && epoch - best.epoch >= config.earlyStopping.patience) {
        stoppedEarly = true;
        break;
      }
    }
    if (restoreBest) engine.restore();
  } finally {
    engine.finish();
  }
  return {
    history,
    engine: engine.name,
    threads: engine.threads,
    bestEpoch: best.epoch,
    stoppedEarly,
    secondsPerEpoch: median(history.map((h) => h.seconds)),
  };
}

/** Longest stretch of training between two turns of the event loop, in milliseconds. */
const YIELD_MS = 25;

function checkFinite(loss: number, epoch: number, batch: number, batches: number): void {
  if (!Number.isFinite(loss)) {
    throw new TrainingError(
      `training diverged: the loss is ${loss} at epoch ${epoch}, batch ${batch + 1} of ${batches}. ` +
        'Try a lower learning rate (--lr) or clipping the gradient (clipGradNorm), forecasting changes (--predict change), ' +
        'or look for extreme values in the data',
    );
  }
}
