/**
 * The recall task repeated over several seeds, summarised: for each distance and model, the
 * smallest, median and largest test MSE over the seeds, and in how many seeds the model learned
 * the task (MSE under `learned` × the mean's error) or stayed at chance (over `atChance` × it).
 */
import { median } from '../median';
import type { RecallResult } from './recallExperiment';
import { RECALL_CHANCE_MSE } from './recallTask';

export interface RecallSpread {
  distance: number;
  model: string;
  /** Test MSE over the seeds. */
  min: number;
  median: number;
  max: number;
  /** Number of seeds in which the model learned the task, and in which it stayed at chance. */
  learned: number;
  atChance: number;
  seeds: number;
}

/** Thresholds as fractions of RECALL_CHANCE_MSE (the error of predicting the mean, 1/3). */
export const RECALL_THRESHOLDS = { learned: 0.05, atChance: 0.8 } as const;

/** One row per distance and model, in the order of the first run; `runs[s]` is the run of seed s. */
export function recallSpread(
  runs: RecallResult[][],
  thresholds: { learned: number; atChance: number } = RECALL_THRESHOLDS,
): RecallSpread[] {
  if (runs.length === 0) throw new RangeError('recallSpread: no runs given');
  const [first] = runs;
  const rows: RecallSpread[] = [];
  for (const { distance, mse } of first) {
    for (const model of Object.keys(mse)) {
      const values = runs.map((run, s) => {
        const value = run.find((r) => r.distance === distance)?.mse[model];
        if (value === undefined) throw new RangeError(`recallSpread: run ${s} has no result for ${model} at distance ${distance}`);
        return value;
      });
      rows.push({
        distance,
        model,
        min: Math.min(...values),
        median: median(values),
        max: Math.max(...values),
        learned: values.filter((v) => v < thresholds.learned * RECALL_CHANCE_MSE).length,
        atChance: values.filter((v) => v > thresholds.atChance * RECALL_CHANCE_MSE).length,
        seeds: values.length,
      });
    }
  }
  return rows;
}
