/**
 * The training loop: MSE loss, Adam with PyTorch's defaults, mini-batches in order (or shuffled
 * from a seed), a validation loss per epoch, optional gradient-norm clipping and early stopping.
 * It knows the model only through `Forecasting` (named parameters + forward) and reports through
 * callbacks.
 */
import * as tf from '@tensorflow/tfjs';
import { OptionError } from './errors';
import type { Windows } from './makeWindows';
import type { Forecasting } from './Module';
import { createRandom, shuffledIndices } from './random';

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

export interface TrainConfig {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Adam's beta1, beta2 and epsilon; PyTorch's defaults. */
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Shuffle the training windows every epoch; off by default, as in the tutorial. */
  shuffle: boolean;
  /** Seed of the shuffle order. */
  seed: number;
  /** Rescale the gradients when their global L2 norm exceeds this (torch.nn.utils.clip_grad_norm_). */
  clipGradNorm?: number;
  /** Stop when the validation loss has not improved by `minDelta` for `patience` epochs. */
  earlyStopping?: { patience: number; minDelta?: number; restoreBest?: boolean };
  onEpochEnd?: (log: EpochLog) => void | Promise<void>;
  /** Called after every batch with its loss. Reading the loss waits for the device, so this slows training. */
  onBatchEnd?: (info: { epoch: number; batch: number; batches: number; loss: number }) => void | Promise<void>;
}

/** The tutorial's settings: Adam lr 1e-3 and PyTorch's betas and epsilon, batch 20, 201 epochs, no shuffle. */
export const defaultTrainConfig: TrainConfig = {
  epochs: 201,
  batchSize: 20,
  learningRate: 1e-3,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  shuffle: false,
  seed: 42,
};

export interface TrainResult {
  history: EpochLog[];
  /** Epoch (1-based) with the lowest validation loss (or training loss without validation). */
  bestEpoch: number;
  stoppedEarly: boolean;
  /** Median wall-clock seconds per epoch. */
  secondsPerEpoch: number;
}

function checkConfig(config: TrainConfig): void {
  const positiveInteger = ['epochs', 'batchSize'] as const;
  for (const key of positiveInteger) {
    if (!Number.isInteger(config[key]) || config[key] < 1) throw new OptionError(`${key} must be a whole number of at least 1, got ${config[key]}`);
  }
  if (!(config.learningRate > 0 && Number.isFinite(config.learningRate))) throw new OptionError(`learningRate must be a positive number, got ${config.learningRate}`);
  if (config.clipGradNorm !== undefined && !(config.clipGradNorm > 0)) throw new OptionError(`clipGradNorm must be a positive number, got ${config.clipGradNorm}`);
  const patience = config.earlyStopping?.patience;
  if (patience !== undefined && (!Number.isInteger(patience) || patience < 1)) throw new OptionError(`earlyStopping.patience must be a whole number of at least 1, got ${patience}`);
}

/** Tensors of windows [from, to) of `windows` (in `order` when given). */
function batchTensors(windows: Windows, from: number, to: number, order?: Int32Array): { x: tf.Tensor3D; y: tf.Tensor2D } {
  const { lookBack: L, numFeatures: F, horizon } = windows;
  const b = to - from;
  if (!order) {
    return {
      x: tf.tensor3d(windows.xs.subarray(from * L * F, to * L * F), [b, L, F]),
      y: tf.tensor2d(windows.ys.subarray(from * horizon, to * horizon), [b, horizon]),
    };
  }
  const xs = new Float32Array(b * L * F);
  const ys = new Float32Array(b * horizon);
  for (let i = 0; i < b; i++) {
    const w = order[from + i];
    xs.set(windows.xs.subarray(w * L * F, (w + 1) * L * F), i * L * F);
    ys.set(windows.ys.subarray(w * horizon, (w + 1) * horizon), i * horizon);
  }
  return { x: tf.tensor3d(xs, [b, L, F]), y: tf.tensor2d(ys, [b, horizon]) };
}

/** Mean squared error of the model over all windows, in batches (no gradients). */
export async function meanSquaredError(model: Forecasting, windows: Windows, batchSize = 512): Promise<number> {
  let sum = 0;
  for (let from = 0; from < windows.n; from += batchSize) {
    const to = Math.min(windows.n, from + batchSize);
    const part = tf.tidy(() => {
      const { x, y } = batchTensors(windows, from, to);
      return tf.sum(tf.squaredDifference(model.forward(x), y));
    });
    sum += (await part.data())[0];
    part.dispose();
  }
  return sum / (windows.n * windows.horizon);
}

/** Scale `grads` in place so that their global L2 norm is at most `maxNorm`, as clip_grad_norm_ does. */
function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {
  return tf.tidy(() => {
    const total = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))));
    const coefficient = tf.minimum(tf.scalar(1), tf.div(maxNorm, tf.add(total, 1e-6)));
    const clipped: tf.NamedTensorMap = {};
    for (const [name, g] of Object.entries(grads)) clipped[name] = tf.mul(g, coefficient);
    return clipped;
  });
}

/**
 * Train `model` on `data.train` (scaled windows) and return the loss history.
 * A NaN or infinite loss stops training with an error naming the epoch and batch.
 */
export async function train(
  model: Forecasting,
  data: { train: Windows; validation?: Windows },
  overrides: Partial<TrainConfig> = {},
): Promise<TrainResult> {
  const config: TrainConfig = { ...defaultTrainConfig, ...overrides };
  checkConfig(config);
  const { train: windows, validation } = data;
  if (windows.n === 0) throw new OptionError('the training windows are empty');
  const useValidation = validation !== undefined && validation.n > 0;
  const params = model.parameters();
  const variables = [...params.values()];
  // tfjs names variables globally; gradients come back keyed by those names.
  const optimizer = tf.train.adam(config.learningRate, config.beta1, config.beta2, config.epsilon);
  const random = createRandom(config.seed);
  const batches = Math.ceil(windows.n / config.batchSize);
  const history: EpochLog[] = [];
  let best = { loss: Infinity, epoch: 0 };
  let bestWeights: tf.Tensor[] | undefined;
  let stoppedEarly = false;

  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const started = performance.now();
      const order = config.shuffle ? shuffledIndices(windows.n, random) : undefined;
      const batchLosses: tf.Scalar[] = [];
      for (let batch = 0; batch < batches; batch++) {
        const from = batch * config.batchSize;
        const to = Math.min(windows.n, from + config.batchSize);
        const loss = tf.tidy(() => {
          const { x, y } = batchTensors(windows, from, to, order);
          const { value, grads } = tf.variableGrads(() => tf.losses.meanSquaredError(y, model.forward(x)) as tf.Scalar, variables);
          const applied = config.clipGradNorm ? clipByGlobalNorm(grads, config.clipGradNorm) : grads;
          optimizer.applyGradients(Object.entries(applied).map(([name, tensor]) => ({ name, tensor })));
          // Weighted by the batch's size, so that the epoch loss is the mean over windows.
          return tf.mul(value, to - from) as tf.Scalar;
        });
        batchLosses.push(loss);
        if (config.onBatchEnd) {
          const value = (await loss.data())[0] / (to - from);
          checkFinite(value, epoch, batch, batches);
          await config.onBatchEnd({ epoch, batch: batch + 1, batches, loss: value });
        }
      }
      // One read from the device per epoch.
      const stacked = tf.stack(batchLosses);
      const values = await stacked.data();
      stacked.dispose();
      batchLosses.forEach((loss) => loss.dispose());
      let sum = 0;
      for (let batch = 0; batch < values.length; batch++) {
        checkFinite(values[batch], epoch, batch, batches);
        sum += values[batch];
      }
      const log: EpochLog = { epoch, loss: sum / (windows.n * windows.horizon), seconds: 0 };
      if (useValidation) log.valLoss = await meanSquaredError(model, validation);
      log.seconds = (performance.now() - started) / 1000;
      history.push(log);

      const monitored = log.valLoss ?? log.loss;
      const minDelta = config.earlyStopping?.minDelta ?? 0;
      if (monitored < best.loss - minDelta) {
        best = { loss: monitored, epoch };
        if (config.earlyStopping && (config.earlyStopping.restoreBest ?? true)) {
          bestWeights?.forEach((t) => t.dispose());
          bestWeights = variables.map((v) => tf.clone(v));
        }
      }
      await config.onEpochEnd?.(log);
      if (config.earlyStopping && epoch - best.epoch >= config.earlyStopping.patience) {
        stoppedEarly = true;
        break;
      }
    }
    if (bestWeights) variables.forEach((v, i) => v.assign(bestWeights![i]));
  } finally {
    bestWeights?.forEach((t) => t.dispose());
    optimizer.dispose();
  }
  const sorted = history.map((h) => h.seconds).sort((a, b) => a - b);
  return { history, bestEpoch: best.epoch, stoppedEarly, secondsPerEpoch: sorted[Math.floor(sorted.length / 2)] };
}

function checkFinite(loss: number, epoch: number, batch: number, batches: number): void {
  if (!Number.isFinite(loss)) {
    throw new Error(`training diverged: the loss is ${loss} at epoch ${epoch}, batch ${batch + 1} of ${batches}; try a lower learningRate or clipGradNorm`);
  }
}
