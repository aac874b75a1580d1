import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { AheadResult } from '../../../src/evaluation/forecastAhead';
import { aheadToDataFrame } from '../../../src/notebook/toDataFrame';

it('aheadToDataFrame has a row per model and step, with each level as lo and hi columns', () => {
  const ahead = {
    dates: ['2020-05', '2020-06'],
    levels: [80, 95],
    forecasts: [
      {
        model: 'persistence',
        forecast: [10, 10],
        intervals: [
          { level: 80, lo: [9, 8], hi: [11, 12] },
          { level: 95, lo: [8, 7], hi: [12, 13] },
        ],
      },
      {
        model: 'lstm',
        forecast: [11, 12],
        intervals: [
          { level: 80, lo: [10, 11], hi: [12, 13] },
          { level: 95, lo: [9, 10], hi: [13, 14] },
        ],
      },
    ],
  } as unknown as AheadResult;
  const frame = aheadToDataFrame(ahead);
  assert.deepEqual(frame.columns, ['date', 'model', 'step', 'forecast', 'lo80', 'hi80', 'lo95', 'hi95']);
  assert.deepEqual(frame.values, [
    ['2020-05', 'persistence', 1, 10, 9, 11, 8, 12],
    ['2020-06', 'persistence', 2, 10, 8, 12, 7, 13],
    ['2020-05', 'lstm', 1, 11, 10, 12, 9, 13],
    ['2020-06', 'lstm', 2, 12, 11, 13, 10, 14],
  ]);
  ahead.forecasts[0].forecast[0] = 10.126;
  assert.deepEqual(aheadToDataFrame(ahead, 2).column('forecast').values.slice(0, 1), [10.13]);
  assert.deepEqual(aheadToDataFrame(ahead).column('forecast').values.slice(0, 1), [10.126]);
});
