/**
 * RNN against LSTM on the recall task, for several distances: the same data, seed, size and
 * training for both; the test MSE of each at each distance.
 */
import { meanSquaredError } from '../engines/predict';
import { Forecaster } from '../models/Forecaster';
import { disposeModule } from '../models/Module';
import type { CellKind } from '../models/Recurrent';
import { train } from '../training/train';
import { recallTask } from './recallTask';

export interface RecallModel {
  /** Name in the results (e.g. "rnn", "lstm", "lstm, forget bias 3"). */
  name: string;
  kind: CellKind;
  forgetBias?: number;
}

export interface RecallOptions {
  distances: number[];
  models: RecallModel[];
  /** Steps per window; at least max(distances) + 1. */
  seqLen: number;
  hiddenSize: number;
  trainWindows: number;
  testWindows: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /**
   * The head (default 'last': the model must hold the value in its state). 'flatten', the
   * tutorial's, reads every step's output, so it can read the marked step's directly.
   */
  head?: 'flatten' | 'last';
}

export interface RecallResult {
  distance: number;
  /** Test MSE per model name. */
  mse: Record<string, number>;
}

export async function recallExperiment(options: RecallOptions, onResult?: (result: RecallResult) => void): Promise<RecallResult[]> {
  const results: RecallResult[] = [];
  for (const distance of options.distances) {
    const trainSet = recallTask({ n: options.trainWindows, seqLen: options.seqLen, distance, seed: options.seed });
    const testSet = recallTask({ n: options.testWindows, seqLen: options.seqLen, distance, seed: options.seed + 1 });
    const mse: Record<string, number> = {};
    for (const { name, kind, forgetBias } of options.models) {
      const model = new Forecaster({
        kind,
        forgetBias,
        inputSize: 2,
        hiddenSize: options.hiddenSize,
        numLayers: 1,
        seqLen: options.seqLen,
        head: options.head ?? 'last',
        seed: options.seed,
      });
      await train(
        model,
        { train: trainSet },
        { epochs: options.epochs, batchSize: options.batchSize, learningRate: options.learningRate, shuffle: true, seed: options.seed },
      );
      mse[name] = meanSquaredError(model, testSet);
      disposeModule(model);
    }
    results.push({ distance, mse });
    onResult?.({ distance, mse });
  }
  return results;
}
