import type { ResultRow } from './evaluate';

/** The results as a text table: RMSE, MAE (data units), MAPE (%), directional accuracy (%; n/a for persistence). */
export function resultsTable(rows: ResultRow[], digits = 2): string {
  const width = Math.max(5, ...rows.map((r) => r.name.length));
  const head = `${'model'.padEnd(width)}  ${'RMSE'.padStart(10)}  ${'MAE'.padStart(10)}  ${'MAPE %'.padStart(8)}  ${'direction %'.padStart(11)}`;
  const lines = rows.map(
    (r) =>
      `${r.name.padEnd(width)}  ${r.rmse.toFixed(digits).padStart(10)}  ${r.mae.toFixed(digits).padStart(10)}  ${r.mape.toFixed(2).padStart(8)}  ${(Number.isNaN(r.directionalAccuracy) ? 'n/a' : (100 * r.directionalAccuracy).toFixed(1)).padStart(11)}`,
  );
  return [head, '-'.repeat(head.length), ...lines].join('\n');
}
