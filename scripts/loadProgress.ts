/**
 * Progress of loading a large CSV for the command line, on stderr like the training's: a bar redrawn
 * in place on a terminal, a line per quarter of the file elsewhere (logs, pipes), nothing for files
 * under `minBytes` (they load in well under a second).
 *
 *   load [############............] 52 MB of 105 MB, 1,005,404 rows  0.9 s
 */
import type { LoadProgress } from '../src/index';

export interface LoadProgressOptions {
  /** The file's name, on each line when there is no bar. */
  source: string;
  /** Files at least this large show their progress (default 32 MiB, about half a million rows of OHLCV). */
  minBytes?: number;
  /** Where the text goes (default: stderr). */
  write?: (text: string) => void;
  /** Draw a bar redrawn in place (default: when stderr is a terminal). */
  tty?: boolean;
}

/** An onProgress callback for loadCsv. */
export function loadProgress(options: LoadProgressOptions): (progress: LoadProgress) => void {
  const { source, minBytes = 32 * 2 ** 20, write = (text: string) => process.stderr.write(text), tty = process.stderr.isTTY === true } = options;
  const started = performance.now();
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
  let quarter = 0;
  let finished = false;
  return ({ bytes, totalBytes, rows }) => {
    if (totalBytes < minBytes || finished) return;
    finished = bytes >= totalBytes;
    const done = Math.min(1, bytes / totalBytes);
    const status = `${mb(bytes)} of ${mb(totalBytes)}, ${rows.toLocaleString('en-US')} rows  ${((performance.now() - started) / 1000).toFixed(1)} s`;
    if (tty) {
      const filled = Math.round(24 * done);
      write(`\rload [${'#'.repeat(filled)}${'.'.repeat(24 - filled)}] ${status}${finished ? '\n' : ''}`);
    } else if (Math.floor(done * 4) > quarter || finished) {
      quarter = Math.floor(done * 4);
      write(`load ${source}: ${status}\n`);
    }
  };
}
