/**
 * Progress of loading a large CSV for the command line, on stderr like the training's: a bar redrawn
 * in place on a terminal, a line per quarter of the file elsewhere (logs, pipes), nothing for files
 * under `minBytes` (they load in well under a second).
 *
 *   load [############............] 52 MB of 105 MB, 1,005,404 rows  0.9 s
 */
import type { LoadProgress } from '../index';
import { stageProgress, type StageProgressOptions } from './stageProgress';

export interface LoadProgressOptions extends StageProgressOptions {
  /** The file's name, on each line when there is no bar. */
  source: string;
  /** Files at least this large show their progress (default 32 MiB, about half a million rows of OHLCV). */
  minBytes?: number;
}

/** An onProgress callback for loadCsv. */
export function loadProgress(options: LoadProgressOptions): (progress: LoadProgress) => void {
  const { source, minBytes = 32 * 2 ** 20 } = options;
  const started = performance.now();
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
  const report = stageProgress('load', `load ${source}`, options);
  return ({ bytes, totalBytes, rows }) => {
    if (totalBytes < minBytes) return;
    report(
      bytes / totalBytes,
      `${mb(bytes)} of ${mb(totalBytes)}, ${rows.toLocaleString('en-US')} rows  ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  };
}
