import { CELL_KINDS, OptionError, type CellKind } from '../index';

/** The cells --model names, in order, each once: a comma-separated list, "all", or "both" (rnn and lstm, as in the tutorial). */
export function chooseCells(text: string): CellKind[] {
  const groups: Record<string, readonly CellKind[]> = { all: ['rnn', 'lstm', 'gru'], both: ['rnn', 'lstm'] };
  const names = text
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const kinds: CellKind[] = [];
  for (const name of names) {
    const named = groups[name] ?? (CELL_KINDS.includes(name as CellKind) ? [name as CellKind] : undefined);
    if (!named)
      throw new OptionError(`--model takes ${CELL_KINDS.join(', ')} or a comma-separated list of them, all, or both; got "${text}"`);
    for (const kind of named) if (!kinds.includes(kind)) kinds.push(kind);
  }
  if (kinds.length === 0)
    throw new OptionError(`--model names no cell; give ${CELL_KINDS.join(', ')}, a comma-separated list of them, all, or both`);
  return kinds;
}
