/** A danfojs DataFrame of a Table, for previews and summaries in notebooks (date column first). */
import type { DataFrame } from 'danfojs-node';
import type { Table } from '../data/Table';

/** Build a DataFrame with the date column and every numeric column of `table`, in the data's units. */
export function toDataFrame(table: Table): DataFrame {
  // Loaded here rather than at the top: danfojs-node takes about a second to load.
  const dfd = require('danfojs-node') as typeof import('danfojs-node');
  const data: Record<string, unknown[]> = { [table.dateColumn]: table.dates };
  for (const name of table.names) data[name] = Array.from(table.columns[name]);
  return new dfd.DataFrame(data);
}
