/** What the training loop needs from an engine: one optimisation step per batch, and the weights kept in step with the model. */
import type { Windows } from '../data/Windows';

/** The engines: the C++ kernel, the TypeScript kernel, and tfjs ops with autodiff. */
export type EngineName = 'native' | 'typescript' | 'tfjs';

/** Adam with PyTorch's update rule, and optional gradient clipping (torch.nn.utils.clip_grad_norm_). */
export interface OptimizerOptions {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Rescale the gradients when their global L2 norm exceeds this. */
  clipGradNorm?: number;
  /**
   * L2 penalty as torch.optim.Adam(weight_decay=...) applies it: weightDecay * theta added to each
   * gradient (after any clipping) before Adam's moments. 0 or absent: none.
   */
  weightDecay?: number;
}

export interface TrainingEngine {
  readonly name: EngineName;
  /** Threads a batch is split across (1 but for the native kernel). */
  readonly threads: number;
  /** One optimisation step on the windows `rows`; the batch's summed squared error is recorded. */
  step(windows: Windows, rows: Int32Array): void;
  /** Summed squared errors of the steps since the last call, in order (one device read). */
  takeBatchLosses(): Promise<ArrayLike<number>>;
  /** MSE of the current weights over all windows (scaled units), without gradients. */
  meanSquaredError(windows: Windows): Promise<number>;
  /** Keep a copy of the current weights / put it back. */
  snapshot(): void;
  restore(): void;
  /** Make the model's variables hold the current weights (for callbacks that use the model). */
  publish(): void;
  /** Leave the final weights in the model and free what the engine holds. */
  finish(): void;
}
