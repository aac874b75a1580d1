import type { FoldScore, WalkForwardResult } from './walkForward';

/** One score of every model per fold, in fold order: a network's is the mean over its seeds. */
export function foldMeans(
  result: Pick<WalkForwardResult, 'names' | 'folds' | 'results'>,
  metric: keyof Omit<FoldScore, 'model' | 'fold' | 'seed'>,
): Record<string, number[]> {
  const means: Record<string, number[]> = {};
  for (const name of result.names) {
    means[name] = result.folds.map((fold) => {
      const rows = result.results.filter((r) => r.model === name && r.fold === fold.fold);
      return rows.reduce((sum, r) => sum + r[metric], 0) / rows.length;
    });
  }
  return means;
}
