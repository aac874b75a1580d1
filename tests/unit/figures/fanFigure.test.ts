import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fanFigure } from '../../../src/figures/fanFigure';

const model = (name: string, base: number) => ({
  name,
  forecast: [base, base + 1],
  intervals: [
    { level: 80, lo: [base - 1, base - 1], hi: [base + 1, base + 2] },
    { level: 95, lo: [base - 2, base - 3], hi: [base + 2, base + 4] },
  ],
});

it("fanFigure draws the history, then each model's line from the last row and its bands, widest first", () => {
  const figure = fanFigure({
    name: 'fan',
    title: 't',
    yTitle: 'y',
    history: { dates: ['2020-01', '2020-02'], values: [1, 2] },
    dates: ['2020-03', '2020-04'],
    models: [model('lstm', 10), model('persistence', 2), model('linear', 5)],
  });
  const traces = figure.data as Array<{ name: string; x: string[]; y: number[]; visible?: unknown; showlegend?: boolean }>;
  assert.deepEqual(
    traces.map((t) => t.name),
    ['actual', 'lstm 95%', 'lstm 80%', 'lstm', 'persistence 95%', 'persistence 80%', 'persistence', 'linear 95%', 'linear 80%', 'linear'],
  );
  // A band is one closed polygon: the upper ends forward, the lower ends back.
  const band = traces[1];
  assert.deepEqual(band.x, ['2020-03', '2020-04', '2020-04', '2020-03']);
  assert.deepEqual(band.y, [12, 14, 7, 8]);
  assert.equal(band.showlegend, false);
  // The line starts at the last row, so it joins the history.
  assert.deepEqual(
    [traces[3].x, traces[3].y],
    [
      ['2020-02', '2020-03', '2020-04'],
      [2, 10, 11],
    ],
  );
  // Shown: the first model with its bands, and persistence's line; the rest a click away.
  assert.deepEqual(
    traces.map((t) => t.visible ?? true),
    [true, true, true, true, 'legendonly', 'legendonly', true, 'legendonly', 'legendonly', 'legendonly'],
  );
});
