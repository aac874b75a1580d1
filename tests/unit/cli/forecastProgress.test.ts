import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forecastProgress } from '../../../src/cli/forecastProgress';

/** What forecastProgress writes for two models over `total` windows, each told of ten batches. */
function shown(total: number, tty: boolean): string[] {
  const written: string[] = [];
  const onProgress = forecastProgress({ minWindows: 200_000, tty, write: (text) => written.push(text) });
  for (const model of ['lstm', 'linear']) for (let k = 1; k <= 10; k++) onProgress(model, (total * k) / 10, total);
  return written;
}

it("forecastProgress writes a line per quarter of each model's windows when stderr is not a terminal", () => {
  const lines = shown(1_000_000, false);
  assert.equal(lines.length, 8);
  assert.match(lines[0], /^forecast lstm: 300,000 of 1,000,000 windows {2}\d+\.\d s\n$/);
  assert.match(lines[3], /^forecast lstm: 1,000,000 of 1,000,000 windows/);
  assert.match(lines[4], /^forecast linear: 300,000 of 1,000,000 windows/);
});

it('forecastProgress redraws one bar per model on a terminal, each ended by a line break', () => {
  const bars = shown(1_000_000, true);
  assert.equal(bars.length, 20);
  assert.match(bars[4], /^\rforecast lstm {3}\[#{12}\.{12}\] 500,000 of 1,000,000 windows/);
  assert.ok(bars[9].endsWith('\n') && !bars[8].endsWith('\n'));
  assert.match(bars[10], /^\rforecast linear/);
  assert.ok(bars[19].endsWith('\n'));
});

it('forecastProgress shows nothing for a series of fewer windows than its minimum', () => {
  assert.deepEqual(shown(5_000, true), []);
  assert.deepEqual(shown(5_000, false), []);
});
