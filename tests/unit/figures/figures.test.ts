/** The figure builders: plain data in, plotly traces and layout out (no browser needed). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { baseLayout, COLORS, rounded } from '../../../src/figures/Figure';
import { lineFigure } from '../../../src/figures/lineFigure';
import { lossFigure } from '../../../src/figures/lossFigure';
import { overlayFigure } from '../../../src/figures/overlayFigure';
import { priceFigure } from '../../../src/figures/priceFigure';
import { windowFigure } from '../../../src/figures/windowFigure';
import { tableOf } from '../../helpers';

type Trace = Record<string, unknown> & { x: unknown[]; y: number[]; name: string; line?: Record<string, unknown> };
const traces = (figure: { data: Array<Record<string, unknown>> }) => figure.data as Trace[];
const days = (n: number) => Array.from({ length: n }, (_, i) => `day ${i}`);

describe('rounded', () => {
  it('rounded(values) keeps 6 significant digits by default, fewer on request', () => {
    assert.deepEqual(rounded([1234.56789, 0.000123456789, -2.5]), [1234.57, 0.000123457, -2.5]);
    assert.deepEqual(rounded([1234.56789], 1), [1230]);
  });
});

describe('overlayFigure', () => {
  const series = (name: string, n: number, scale = 1) => ({
    name,
    dates: days(n),
    values: Float64Array.from({ length: n }, (_, i) => i * scale),
  });

  it('a series within maxPoints keeps every point and the title as given', () => {
    const figure = overlayFigure({
      name: 'overlay',
      title: 'Close',
      yTitle: 'points',
      actual: series('actual', 100),
      forecasts: [series('lstm', 100, 2)],
      maxPoints: 100,
    });
    assert.equal(traces(figure)[0].x.length, 100);
    assert.deepEqual(traces(figure)[1].y.slice(0, 3), [0, 2, 4]);
    assert.equal((figure.layout.title as { text: string }).text, 'Close');
  });

  it('a longer series is thinned to every n-th point, the same points in every trace, and the title says so', () => {
    const figure = overlayFigure({
      name: 'overlay',
      title: 'Close',
      yTitle: 'points',
      actual: series('actual', 5100),
      forecasts: [series('rnn', 5100, 3)],
      maxPoints: 1500,
    });
    // ceil(5100 / 1500) = 4: days 0, 4, 8, ...
    const [actual, rnn] = traces(figure);
    assert.equal(actual.x.length, 1275);
    assert.deepEqual(actual.x.slice(0, 3), ['day 0', 'day 4', 'day 8']);
    assert.deepEqual(rnn.x, actual.x);
    assert.deepEqual(rnn.y.slice(0, 3), [0, 12, 24]);
    assert.equal((figure.layout.title as { text: string }).text, 'Close (every 4th day shown)');
  });

  it('each boundary is a dashed vertical line across the plot with its label at the top', () => {
    const figure = overlayFigure({
      name: 'overlay',
      title: 'Close',
      yTitle: 'points',
      actual: series('actual', 10),
      forecasts: [],
      boundaries: [{ date: 'day 6', label: ' test' }],
    });
    const [shape] = figure.layout.shapes as Array<Record<string, unknown>>;
    assert.deepEqual(
      { x0: shape.x0, x1: shape.x1, y0: shape.y0, y1: shape.y1, yref: shape.yref },
      { x0: 'day 6', x1: 'day 6', y0: 0, y1: 1, yref: 'paper' },
    );
    assert.equal((shape.line as { dash: string }).dash, 'dash');
    const [annotation] = figure.layout.annotations as Array<Record<string, unknown>>;
    assert.deepEqual({ x: annotation.x, y: annotation.y, text: annotation.text }, { x: 'day 6', y: 1, text: ' test' });
  });

  it('models keep their colours; persistence is dotted', () => {
    const figure = overlayFigure({
      name: 'o',
      title: 't',
      yTitle: 'y',
      actual: series('actual', 3),
      forecasts: [series('lstm', 3), series('persistence', 3)],
    });
    const [actual, lstm, persistence] = traces(figure);
    assert.equal(actual.line!.color, COLORS.actual);
    assert.equal(lstm.line!.color, COLORS.lstm);
    assert.equal(persistence.line!.dash, 'dot');
  });
});

describe('lossFigure', () => {
  it('one solid training trace and one dotted validation trace per model, on a log axis', () => {
    const history = [
      { epoch: 1, loss: 0.5, valLoss: 0.7, seconds: 1 },
      { epoch: 2, loss: 0.25, valLoss: 0.6, seconds: 1 },
    ];
    const figure = lossFigure({ RNN: history, LSTM: history.map(({ valLoss: _, ...rest }) => rest) });
    assert.deepEqual(
      traces(figure).map((t) => t.name),
      ['RNN train', 'RNN validation', 'LSTM train'],
    );
    assert.deepEqual(traces(figure)[1].y, [0.7, 0.6]);
    assert.equal(traces(figure)[1].line!.dash, 'dot');
    assert.equal(traces(figure)[0].line!.color, COLORS.rnn);
    assert.equal((figure.layout.yaxis as { type: string }).type, 'log');
  });
});

describe('lineFigure', () => {
  it('a series with a range gets asymmetric error bars from its low to its high values', () => {
    const figure = lineFigure({
      name: 'recall',
      title: 't',
      xTitle: 'k',
      yTitle: 'mse',
      x: [5, 10],
      series: { rnn: [0.2, 0.3], lstm: [1, 2] },
      ranges: { rnn: { low: [0.1, 0.3], high: [0.5, 0.4] } },
    });
    const [rnn, lstm] = traces(figure);
    const error = rnn.error_y as { symmetric: boolean; array: number[]; arrayminus: number[] };
    assert.equal(error.symmetric, false);
    assert.deepEqual(error.array, [0.3, 0.1]);
    assert.deepEqual(error.arrayminus, [0.1, 0]);
    assert.equal(lstm.error_y, undefined);
  });

  it('reference series are grey and dashed; other series take their own colour or the palette', () => {
    const figure = lineFigure({
      name: 'recall',
      title: 't',
      xTitle: 'k',
      yTitle: 'mse',
      x: [5, 10],
      series: { lstm: [1, 2], 'lstm, forget bias 3': [3, 4], 'predict the mean': [5, 5] },
      references: ['predict the mean'],
    });
    const [lstm, open, mean] = traces(figure);
    assert.equal(lstm.line!.color, COLORS.lstm);
    assert.equal(open.line!.color, '#2ca02c');
    assert.deepEqual(mean.line, { color: COLORS.persistence, dash: 'dash' });
    assert.deepEqual(mean.x, [5, 10]);
  });

  it("a recursive variant takes its model's colour, dotted; the palette skips colours the figure's models use", () => {
    const figure = lineFigure({
      name: 'steps',
      title: 't',
      xTitle: 'h',
      yTitle: 'rmse',
      x: [1, 2],
      series: { linear: [1, 2], 'linear-recursive': [1, 2], 'lstm-recursive': [1, 2], other: [1, 2], another: [1, 2] },
    });
    const [linear, linearRecursive, lstmRecursive, other, another] = traces(figure);
    assert.deepEqual(linear.line, { color: COLORS.linear });
    assert.deepEqual(linearRecursive.line, { color: COLORS.linear, dash: 'dot' });
    assert.deepEqual(lstmRecursive.line, { color: COLORS.lstm, dash: 'dot' });
    assert.equal(other.line!.color, '#2ca02c');
    // The palette's second colour is linear's purple, taken here.
    assert.equal(another.line!.color, '#8c564b');
  });
});

describe('priceFigure', () => {
  it('shades the validation and the test period, from their first row to the next boundary', () => {
    const table = tableOf({ close: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });
    const figure = priceFigure(table, 'close', { validationStart: 6, testStart: 8 });
    const [validation, test] = figure.layout.shapes as Array<Record<string, unknown>>;
    assert.deepEqual([validation.x0, validation.x1], [table.dates[6], table.dates[8]]);
    assert.deepEqual([test.x0, test.x1], [table.dates[8], table.dates[9]]);
    assert.deepEqual(traces(figure)[0].y, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});

describe('windowFigure', () => {
  it('one trace per feature over the input dates, and the target as a star on its own date', () => {
    const windows = {
      xs: Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2]),
      ys: Float32Array.from([0.25, 0.5]),
      n: 2,
      seqLen: 3,
      inputSize: 2,
      horizon: 1,
      features: ['open', 'volume'],
      target: 'close',
      targetRows: Int32Array.from([3, 4]),
      targetDates: ['d3', 'd4'],
    };
    const figure = windowFigure(windows, 1, ['d1', 'd2', 'd3']);
    const [open, volume, target] = traces(figure);
    assert.deepEqual(open.y, [0.7, 0.9, 1.1]);
    assert.deepEqual(volume.y, [0.8, 1.0, 1.2]);
    assert.deepEqual(open.x, ['d1', 'd2', 'd3']);
    assert.deepEqual([target.x, target.y, target.name], [['d4'], [0.5], 'close (target)']);
  });
});

describe('baseLayout', () => {
  it('puts the titles where plotly reads them and lets extra keys override', () => {
    const layout = baseLayout('Title', 'x', 'y', { showlegend: false });
    assert.deepEqual(
      [layout.title, layout.xaxis, layout.showlegend],
      [{ text: 'Title', x: 0.02, xanchor: 'left' }, { title: { text: 'x' }, gridcolor: '#eeeeee' }, false],
    );
  });
});
