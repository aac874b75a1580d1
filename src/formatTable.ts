/**
 * A plain-text table (notebook output, the command line's results): a header row, a rule, and one line per row, the first
 * column left-aligned and the others right-aligned (numbers line up), each as wide as its widest cell.
 */
import { OptionError } from './errors';

export type TableCell = string | number;

export interface TableOptions {
  columns: string[];
  rows: TableCell[][];
  /** Alignment per column; default: the first column left, the others right. */
  align?: Array<'left' | 'right'>;
}

/** The table as one string (lines joined by "\n", no trailing newline). Numbers print with String(). */
export function formatTable(options: TableOptions): string {
  const { columns, rows } = options;
  rows.forEach((row, i) => {
    if (row.length !== columns.length) {
      throw new OptionError(`formatTable: row ${i} has ${row.length} cells, the header has ${columns.length}`);
    }
  });
  const text = rows.map((row) => row.map((cell) => String(cell)));
  const widths = columns.map((header, j) => Math.max(header.length, ...text.map((row) => row[j].length)));
  const align = (j: number) => options.align?.[j] ?? (j === 0 ? 'left' : 'right');
  const line = (cells: string[]) =>
    cells
      .map((cell, j) => (align(j) === 'left' ? cell.padEnd(widths[j]) : cell.padStart(widths[j])))
      .join('  ')
      .trimEnd();
  const rule = '-'.repeat(widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1));
  return [line(columns), rule, ...text.map(line)].join('\n');
}
