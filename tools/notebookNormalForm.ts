/**
 * The one form in which the runner writes executed notebooks, whichever nbconvert and nbformat
 * executed them, so that a regenerated notebook differs from the committed one only where its
 * results do:
 *  - consecutive stream outputs of a cell merged into one (nbconvert 7 writes every printed line
 *    as an output of its own, nbconvert 6 merged them);
 *  - no execution timestamps (cell metadata "execution") and no papermill or widget state;
 *  - cell ids taken from the source notebook (nbformat invents random ones where a cell has none;
 *    a cell without an id in the source gets "cell-N" by position);
 *  - written as nbformat writes JSON (keys sorted, indent 1, non-ASCII as is, Python's notation
 *    for floats, multi-line strings as lists of lines, a final newline).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Bundle entries nbformat stores as lists of lines besides text/*. */
const SPLIT_MIMES = new Set(['application/javascript', 'image/svg+xml']);
/** Cell metadata that records when and where a run happened, not what it computed. */
const VOLATILE_CELL_METADATA = ['execution', 'papermill', 'ExecuteTime'];
const VOLATILE_NOTEBOOK_METADATA = ['papermill', 'widgets'];

/** Python's str.splitlines(True): lines with their endings, on every line boundary Python knows. */
export function splitLines(text: string): string[] {
  return text
    .match(/[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]*(\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]|$)/g)!
    .filter((line) => line !== '');
}

const joined = (value: Json | undefined): string => (Array.isArray(value) ? value.join('') : typeof value === 'string' ? value : '');

/** A number as Python's json.dumps writes it after reading it from JSON: 1e-05, 1.5e-07, 0.0001, 12, 1e+21. */
export function pythonNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`notebook JSON cannot hold ${value}`);
  // Whole numbers below 1e21 are digits in JSON that JavaScript writes, so Python read them as ints.
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return String(value);
  // Python writes floats under 1e-4 (and from 1e16) with an exponent of at least two digits.
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 16) return String(value);
  return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** JSON as Python's json.dumps(value, sort_keys=True, indent=1, ensure_ascii=False) writes it. */
export function pythonJson(value: Json, depth = 0): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return pythonNumber(value);
  const inner = ' '.repeat(depth + 1);
  const outer = ' '.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + pythonJson(item, depth + 1)).join(',\n')}\n${outer}]`;
  }
  const keys = Object.keys(value).sort();
  if (keys.length === 0) return '{}';
  return `{\n${keys.map((key) => `${inner}${JSON.stringify(key)}: ${pythonJson(value[key], depth + 1)}`).join(',\n')}\n${outer}}`;
}

/** Merge each run of consecutive stream outputs with the same name into one. */
function mergeStreams(outputs: JsonObject[]): JsonObject[] {
  const merged: JsonObject[] = [];
  for (const output of outputs) {
    const last = merged[merged.length - 1];
    if (output.output_type === 'stream' && last?.output_type === 'stream' && last.name === output.name) {
      last.text = joined(last.text) + joined(output.text);
    } else {
      merged.push({ ...output });
    }
  }
  return merged;
}

function splitBundle(bundle: Json | undefined): void {
  if (!bundle || typeof bundle !== 'object' || Array.isArray(bundle)) return;
  for (const [mime, value] of Object.entries(bundle)) {
    if (typeof value === 'string' && (mime.startsWith('text/') || SPLIT_MIMES.has(mime))) bundle[mime] = splitLines(value);
  }
}

/**
 * `executed` (a notebook's JSON as nbconvert wrote it) in the normal form described above; `source`
 * is the notebook it was executed from, whose cell ids it keeps.
 */
export function normalizeNotebook(executed: string, source?: string): string {
  const notebook = JSON.parse(executed) as JsonObject;
  const sourceCells = source ? ((JSON.parse(source) as JsonObject).cells as JsonObject[]) : [];
  const metadata = (notebook.metadata ?? {}) as JsonObject;
  for (const key of VOLATILE_NOTEBOOK_METADATA) delete metadata[key];
  const withIds = Number(notebook.nbformat) > 4 || (Number(notebook.nbformat) === 4 && Number(notebook.nbformat_minor) >= 5);
  const cells = (notebook.cells ?? []) as JsonObject[];
  cells.forEach((cell, index) => {
    const cellMetadata = (cell.metadata ?? {}) as JsonObject;
    for (const key of VOLATILE_CELL_METADATA) delete cellMetadata[key];
    cell.metadata = cellMetadata;
    if (withIds) cell.id = sourceCells[index]?.id ?? cell.id ?? `cell-${index + 1}`;
    if (typeof cell.source === 'string') cell.source = splitLines(cell.source);
    if (cell.cell_type === 'code' && Array.isArray(cell.outputs)) {
      cell.outputs = mergeStreams(cell.outputs as JsonObject[]);
      for (const output of cell.outputs as JsonObject[]) {
        if (output.output_type === 'stream' && typeof output.text === 'string') output.text = splitLines(output.text);
        if (output.output_type === 'display_data' || output.output_type === 'execute_result') splitBundle(output.data);
      }
    }
    if (cell.attachments && typeof cell.attachments === 'object' && !Array.isArray(cell.attachments))
      Object.values(cell.attachments).forEach(splitBundle);
  });
  return `${pythonJson(notebook)}\n`;
}
