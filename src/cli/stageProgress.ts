/**
 * The progress of one stage of the command line (loading a file, forecasting a series) on stderr,
 * as the training's: a bar redrawn in place on a terminal, a line per quarter elsewhere (logs,
 * pipes), the last one once. src/cli/loadProgress.ts and src/cli/forecastProgress.ts say what to show.
 */
import { progressBar } from '../index';

export interface StageProgressOptions {
  /** Where the text goes (default: stderr). */
  write?: (text: string) => void;
  /** Draw a bar redrawn in place (default: when stderr is a terminal). */
  tty?: boolean;
}

/**
 * A reporter for one stage: call it with the share done (0 to 1) and a status text.
 *   bar:  "<barLabel> [############............] <status>"
 *   line: "<lineLabel>: <status>"
 */
export function stageProgress(
  barLabel: string,
  lineLabel: string,
  options: StageProgressOptions = {},
): (share: number, status: string) => void {
  const { write = (text: string) => process.stderr.write(text), tty = process.stderr.isTTY === true } = options;
  let quarter = 0;
  let finished = false;
  return (share, status) => {
    if (finished) return;
    finished = share >= 1;
    if (tty) {
      write(`\r${barLabel} [${progressBar(share, 24)}] ${status}${finished ? '\n' : ''}`);
    } else if (Math.floor(share * 4) > quarter || finished) {
      quarter = Math.floor(share * 4);
      write(`${lineLabel}: ${status}\n`);
    }
  };
}
