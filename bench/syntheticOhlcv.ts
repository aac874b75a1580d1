/**
 * A seeded synthetic OHLCV file of minute bars, for tests and benchmarks at scale: weekdays from
 * 2000-01-03, 390 bars a day (09:30 to 15:59, so no bar falls in a daylight-saving gap or overlap
 * under local-time parsing), a geometric random walk for the prices, columns
 * date,open,high,low,close,volume. Same seed, same file.
 */
import * as fs from 'node:fs';
import { createRandom } from '../src/random';

export interface SyntheticOhlcvOptions {
  /** Where to write the file. */
  file: string;
  /** Data rows (after the header). */
  rows: number;
  /** Seed of the random walk (default 1). */
  seed?: number;
}

const BARS_PER_DAY = 390;
const DAY_MS = 86_400_000;

/** Write the file in blocks (never the whole text at once); returns its size in bytes. */
export function writeSyntheticOhlcv(options: SyntheticOhlcvOptions): number {
  const random = createRandom(options.seed ?? 1);
  const fd = fs.openSync(options.file, 'w');
  let bytes = 0;
  const write = (text: string) => {
    bytes += fs.writeSync(fd, text);
  };
  try {
    write('date,open,high,low,close,volume\n');
    let close = 1000;
    let day = Date.UTC(2000, 0, 3);
    let bar = 0;
    let block: string[] = [];
    let date = '';
    for (let row = 0; row < options.rows; row++) {
      if (bar === 0) {
        while ([0, 6].includes(new Date(day).getUTCDay())) day += DAY_MS;
        date = new Date(day).toISOString().slice(0, 10);
      }
      const minute = 9 * 60 + 30 + bar;
      const time = `${date} ${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
      const open = close;
      close = open * Math.exp((random.next() - 0.5) * 0.002);
      const high = Math.max(open, close) * (1 + random.next() * 0.0005);
      const low = Math.min(open, close) * (1 - random.next() * 0.0005);
      const volume = 1000 + Math.floor(random.next() * 99_000);
      block.push(`${time},${open.toFixed(2)},${high.toFixed(2)},${low.toFixed(2)},${close.toFixed(2)},${volume}\n`);
      if (block.length === 10_000) {
        write(block.join(''));
        block = [];
      }
      if (++bar === BARS_PER_DAY) {
        bar = 0;
        day += DAY_MS;
      }
    }
    write(block.join(''));
  } finally {
    fs.closeSync(fd);
  }
  return bytes;
}
