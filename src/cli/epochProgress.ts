import { progressFormatter, type EpochLog } from '../index';

/** A progress bar on a terminal, a line per 10% of the epochs elsewhere. */
export function epochProgress(label: string, epochs: number): (log: EpochLog) => void {
  const format = progressFormatter(label.padEnd(4), epochs, 24);
  const tty = process.stderr.isTTY;
  return (log) => {
    if (tty) process.stderr.write(`\r${format(log)}${log.epoch === epochs ? '\n' : ''}`);
    else if (log.epoch === epochs || log.epoch % Math.max(1, Math.round(epochs / 10)) === 0) process.stderr.write(`${format(log)}\n`);
  };
}
