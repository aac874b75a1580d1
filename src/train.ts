/**
 * The training loop: MSE loss, Adam with PyTorch's defaults, mini-batches in order (or shuffled
 * from a seed), a validation loss per epoch, optional gradient-norm clipping and early stopping.
 * It knows the model only through `Forecasting` (named parameters + forward) and reports through
 * callbacks.
 */
import * as tf from '@tensorflow/tfjs';
import { OptionError } from './errors';
import type { Windows } from './makeWindows';
import { Adam } from './Adam';
import { Forecaster } from './Forecaster';
import { FusedForecaster, type FusedKernel } from './FusedForecaster';
import { nativeKernel, nativeKernelProblem } from './native';
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
  /**
   * How the gradients are computed, for Forecaster models:
   *   'native' the compiled kernel (src/native/recurrent.cc, float32, BLAS), where setup built it;
   *   'fused'  the TypeScript kernel (src/FusedRecurrent.ts, float64 loops), always available;
   *   'tfjs'   tfjs ops and autodiff (also for any other Forecasting model).
   * 'auto': native where built; else fused up to FUSED_MAX_HIDDEN units and tfjs above; tfjs for
   * models that are not Forecasters.
   */
  engine: EngineChoice;
}

export type EngineName = 'native' | 'fused' | 'tfjs';
export type EngineChoice = 'auto' | EngineName;
const ENGINE_CHOICES: EngineChoice[] = ['auto', 'native', 'fused', 'tfjs'];

/**
 * Largest hiddenSize for which 'auto' picks the fused engine (when the native kernel is not built). Measured with scripts/benchRun.ts
 * (LSTM, 2 layers, seqLen 20, batch 32, wasm backend, s/epoch fused vs tfjs): hidden 16 2.0 vs 3.0,
 * 24 4.2 vs 4.5, 32 7.2 vs 5.2; at hidden 64 (npm run bench) tfjs is twice as fast. Below, per-op
 * overhead dominates and the fused loops win; above, tfjs's vectorised matmuls do.
 */
export const FUSED_MAX_HIDDEN = 24;

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
  engine: 'auto',
};

export interface TrainResult {
  history: EpochLog[];
  /** The engine that computed the gradients. */
  engine: EngineName;
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
  if (!ENGINE_CHOICES.includes(config.engine)) throw new OptionError(`engine must be one of ${ENGINE_CHOICES.map((e) => `"${e}"`).join(', ')}, got "${config.engine}"`);
  const patience = config.earlyStopping?.patience;
  if (patience !== undefined && (!Number.isInteger(patience) || patience < 1)) throw new OptionError(`earlyStopping.patience must be a whole number of at least 1, got ${patience}`);
}

/** Mean squared error of the model over all windows, in batches (no gradients). */
export async function meanSquaredError(model: Forecasting, windows: Windows, batchSize = 512): Promise<number> {
  let sum = 0;
  for (let from = 0; from < windows.n; from += batchSize) {
    const to = Math.min(windows.n, from + batchSize);
    const part = tf.tidy(() => {
      const { x, y } = gather(windows, Int32Array.from({ length: to - from }, (_, i) => from + i));
      return tf.sum(tf.squaredDifference(model.forward(x), y));
    });
    sum += (await part.data())[0];
    part.dispose();
  }
  return sum / (windows.n * windows.horizon);
}

/** `grads` scaled so that their global L2 norm is at most `maxNorm`, as clip_grad_norm_ does (new tensors). */
function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {
  return tf.tidy(() => {
    const total = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))));
    const coefficient = tf.minimum(tf.scalar(1), tf.div(maxNorm, tf.add(total, 1e-6)));
    const clipped: tf.NamedTensorMap = {};
    for (const [name, g] of Object.entries(grads)) clipped[name] = tf.mul(g, coefficient);
    return clipped;
  });
}

/** What the loop needs from a way of computing gradients and applying Adam. */
interface TrainingEngine {
  readonly name: EngineName;
  /** One optimisation step on the windows `rows`; the batch's summed squared error is recorded. */
  step(windows: Windows, rows: Int32Array): void;
  /** Summed squared errors of the steps since the last call, in order (one device read). */
  takeBatchLosses(): Promise<ArrayLike<number>>;
  meanSquaredError(windows: Windows): Promise<number>;
  /** Keep a copy of the current weights / put it back. */
  snapshot(): void;
  restore(): void;
  /** Make the model's variables hold the current weights (for callbacks that use the model). */
  publish(): void;
  /** Leave the final weights in the model and free what the engine holds. */
  finish(): void;
}

function tfjsEngine(model: Forecasting, config: TrainConfig): TrainingEngine {
  const variables = [...model.parameters().values()];
  const optimizer = tf.train.adam(config.learningRate, config.beta1, config.beta2, config.epsilon);
  let losses: tf.Scalar[] = [];
  let best: tf.Tensor[] | undefined;
  return {
    name: 'tfjs',
    step(windows, rows) {
      losses.push(tf.tidy(() => {
        const { x, y } = gather(windows, rows);
        const { value, grads } = tf.variableGrads(() => tf.losses.meanSquaredError(y, model.forward(x)) as tf.Scalar, variables);
        const applied = config.clipGradNorm ? clipByGlobalNorm(grads, config.clipGradNorm) : grads;
        optimizer.applyGradients(Object.entries(applied).map(([name, tensor]) => ({ name, tensor })));
        return tf.mul(value, rows.length * windows.horizon) as tf.Scalar;
      }));
    },
    async takeBatchLosses() {
      const stacked = tf.stack(losses);
      const values = await stacked.data();
      tf.dispose([stacked, ...losses]);
      losses = [];
      return values;
    },
    meanSquaredError: (windows) => meanSquaredError(model, windows),
    snapshot() {
      tf.dispose(best ?? []);
      best = variables.map((v) => tf.clone(v));
    },
    restore() {
      if (best) variables.forEach((v, i) => v.assign(best![i]));
    },
    publish() {},
    finish() {
      tf.dispose([...(best ?? []), ...losses]);
      optimizer.dispose();
    },
  };
}

function fusedEngine(model: Forecaster, config: TrainConfig, kernel: FusedKernel): TrainingEngine {
  const fused = new FusedForecaster(model, kernel);
  const adam = new Adam(fused.theta.length, config);
  let losses: number[] = [];
  let best: Float64Array | undefined;
  return {
    name: kernel === 'native' ? 'native' : 'fused',
    step(windows, rows) {
      losses.push(fused.lossAndGradient(windows.xs, windows.ys, rows));
      if (config.clipGradNorm) clipArrayByGlobalNorm(fused.grad, config.clipGradNorm);
      adam.step(fused.theta, fused.grad);
    },
    async takeBatchLosses() {
      const values = losses;
      losses = [];
      return values;
    },
    async meanSquaredError(windows) {
      return fused.sumSquaredError(windows.xs, windows.ys, windows.n) / (windows.n * windows.horizon);
    },
    snapshot() {
      best = Float64Array.from(fused.theta);
    },
    restore() {
      if (best) fused.theta.set(best);
    },
    publish() {
      fused.push();
    },
    finish() {
      fused.push();
    },
  };
}

/** Tensors of the windows `rows`: x [b, L, F], y [b, horizon]. */
function gather(windows: Windows, rows: Int32Array): { x: tf.Tensor3D; y: tf.Tensor2D } {
  const { lookBack: L, numFeatures: F, horizon } = windows;
  const b = rows.length;
  const contiguous = rows.every((row, i) => row === rows[0] + i);
  if (contiguous) {
    const from = rows[0];
    return {
      x: tf.tensor3d(windows.xs.subarray(from * L * F, (from + b) * L * F), [b, L, F]),
      y: tf.tensor2d(windows.ys.subarray(from * horizon, (from + b) * horizon), [b, horizon]),
    };
  }
  const xs = new Float32Array(b * L * F);
  const ys = new Float32Array(b * horizon);
  rows.forEach((w, i) => {
    xs.set(windows.xs.subarray(w * L * F, (w + 1) * L * F), i * L * F);
    ys.set(windows.ys.subarray(w * horizon, (w + 1) * horizon), i * horizon);
  });
  return { x: tf.tensor3d(xs, [b, L, F]), y: tf.tensor2d(ys, [b, horizon]) };
}

/** In place: scale `grad` so that its L2 norm is at most `maxNorm`, as clip_grad_norm_ does. */
export function clipArrayByGlobalNorm(grad: Float64Array, maxNorm: number): void {
  let sum = 0;
  for (let i = 0; i < grad.length; i++) sum += grad[i] * grad[i];
  const coefficient = maxNorm / (Math.sqrt(sum) + 1e-6);
  if (coefficient >= 1) return;
  for (let i = 0; i < grad.length; i++) grad[i] *= coefficient;
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
  const engine = chooseEngine(model, config);
  const useValidation = validation !== undefined && validation.n > 0;
  const random = createRandom(config.seed);
  const batches = Math.ceil(windows.n / config.batchSize);
  const history: EpochLog[] = [];
  let best = { loss: Infinity, epoch: 0 };
  let stoppedEarly = false;
  const restoreBest = config.earlyStopping !== undefined && (config.earlyStopping.restoreBest ?? true);
  const inOrder = Int32Array.from({ length: windows.n }, (_, i) => i);

  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const started = performance.now();
      const order = config.shuffle ? shuffledIndices(windows.n, random) : inOrder;
      let sum = 0;
      for (let batch = 0; batch < batches; batch++) {
        const rows = order.subarray(batch * config.batchSize, Math.min(windows.n, (batch + 1) * config.batchSize));
        engine.step(windows, rows);
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
      if (config.earlyStopping && epoch - best.epoch >= config.earlyStopping.patience) {
        stoppedEarly = true;
        break;
      }
    }
    if (restoreBest) engine.restore();
  } finally {
    engine.finish();
  }
  const sorted = history.map((h) => h.seconds).sort((a, b) => a - b);
  return { history, engine: engine.name, bestEpoch: best.epoch, stoppedEarly, secondsPerEpoch: sorted[Math.floor(sorted.length / 2)] };
}

/** The engines this machine has for Forecasters: the native kernel where setup built it, then the TypeScript kernel and tfjs. */
export function availableEngines(): EngineName[] {
  return nativeKernel() ? ['native', 'fused', 'tfjs'] : ['fused', 'tfjs'];
}

/**
 * The engine that `choice` gives for `model` (see TrainConfig.engine), where the native kernel is
 * or is not `nativeBuilt`; an OptionError says why a named engine cannot be had.
 */
export function resolveEngine(model: Forecasting, choice: EngineChoice, nativeBuilt: boolean): EngineName {
  if (!(model instanceof Forecaster)) {
    if (choice === 'native' || choice === 'fused') throw new OptionError(`engine "${choice}" needs a Forecaster model; use "tfjs" or "auto"`);
    return 'tfjs';
  }
  if (choice === 'native' && !nativeBuilt) throw new OptionError(`engine "native" is not available: ${nativeKernelProblem()}; use "auto", "fused" or "tfjs"`);
  if (choice !== 'auto') return choice;
  if (nativeBuilt) return 'native';
  return model.options.hiddenSize <= FUSED_MAX_HIDDEN ? 'fused' : 'tfjs';
}

function chooseEngine(model: Forecasting, config: TrainConfig): TrainingEngine {
  const name = resolveEngine(model, config.engine, nativeKernel() !== undefined);
  if (name === 'tfjs') return tfjsEngine(model, config);
  return fusedEngine(model as Forecaster, config, name === 'native' ? 'native' : 'js');
}

function checkFinite(loss: number, epoch: number, batch: number, batches: number): void {
  if (!Number.isFinite(loss)) {
    throw new Error(`training diverged: the loss is ${loss} at epoch ${epoch}, batch ${batch + 1} of ${batches}; try a lower learningRate or clipGradNorm`);
  }
}
