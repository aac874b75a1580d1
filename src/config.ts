/**
 * The tutorial's configuration in one place. From the original post: a recurrent stack of 2 layers
 * of 8 units with a Linear(hiddenSize * seqLen -> 1) head over every step, MSE and Adam (lr 1e-3),
 * 201 epochs. This project's choices (the post shows no data set, window length or batch size):
 * Open, High, Low and Volume of the last 5 days -> the next day's Close on data/sp500.csv (80% of
 * the rows train, then 10% validate, 10% test), so a Linear(8 * 5 -> 1) head; batches of 20, no
 * shuffling. The notebooks, the quickstart, the command line and the benchmark all start from it.
 */
import * as path from 'node:path';
import { REPOSITORY } from './repository';

/** The embedded default data set (absolute, so it resolves from any working directory). */
export const DEFAULT_CSV = path.join(REPOSITORY, 'data', 'sp500.csv');

export const TUTORIAL = {
  data: {
    csv: DEFAULT_CSV,
    features: ['open', 'high', 'low', 'volume'] as readonly string[],
    target: 'close',
    seqLen: 5,
    horizon: 1,
    trainFraction: 0.8,
    validationFraction: 0.1,
  },
  model: {
    hiddenSize: 8,
    numLayers: 2,
    head: 'flatten' as const,
    seed: 42,
  },
  training: {
    epochs: 201,
    batchSize: 20,
    learningRate: 1e-3,
    shuffle: false,
  },
} as const;
