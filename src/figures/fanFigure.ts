import type { Table } from '../data/Table';
import type { AheadResult } from '../evaluation/forecastAhead';
import { baseLayout, COLORS, rounded, type Figure } from './Figure';

export interface FanModel {
  name: string;
  /** One forecast per step. */
  forecast: ArrayLike<number>;
  /** Intervals by level, widest last; each with its ends per step. */
  intervals: Array<{ level: number; lo: ArrayLike<number>; hi: ArrayLike<number> }>;
}

/** A colour with opacity, from '#rrggbb'. */
function translucent(hex: string, alpha: number): string {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/**
 * A fan chart: the last stretch of history, then each model's forecast after the last row inside
 * its bands (one shade per level, the widest palest). The first model is shown with its bands and
 * persistence's line beside it; the others are a click away in the legend.
 */
export function fanFigure(options: {
  name: string;
  title: string;
  yTitle: string;
  history: { dates: readonly string[]; values: ArrayLike<number> };
  dates: readonly string[];
  models: FanModel[];
}): Figure {
  const { history, dates } = options;
  const origin = { x: history.dates[history.dates.length - 1], y: history.values[history.values.length - 1] };
  const data: Array<Record<string, unknown>> = [
    {
      type: 'scatter',
      mode: 'lines',
      name: 'actual',
      x: [...history.dates],
      y: rounded(Array.from(history.values), 3),
      line: { color: COLORS.actual, width: 1.5 },
    },
  ];
  for (const [m, model] of options.models.entries()) {
    const color = (COLORS as Record<string, string>)[model.name.toLowerCase()] ?? '#17becf';
    const visible = m === 0 ? true : 'legendonly';
    const lineVisible = m === 0 || model.name === 'persistence' ? true : 'legendonly';
    // Widest first, so that the narrower bands draw over it.
    for (const [k, band] of [...model.intervals].reverse().entries()) {
      const alpha = 0.15 + 0.15 * k;
      data.push({
        type: 'scatter',
        mode: 'lines',
        name: `${model.name} ${band.level}%`,
        legendgroup: model.name,
        // In the legend through its model's line, which shows and hides the bands with it.
        showlegend: false,
        visible,
        x: [...dates, ...[...dates].reverse()],
        y: rounded([...Array.from(band.hi), ...Array.from(band.lo).reverse()], 3),
        fill: 'toself',
        fillcolor: translucent(color, alpha),
        line: { width: 0 },
        hoverinfo: 'skip',
      });
    }
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: model.name,
      legendgroup: model.name,
      visible: lineVisible,
      x: [origin.x, ...dates],
      y: rounded([origin.y, ...Array.from(model.forecast)], 3),
      line: { color, width: 1.8, dash: model.name === 'persistence' ? 'dot' : undefined },
    });
  }
  return {
    name: options.name,
    data,
    layout: baseLayout(options.title, 'date', options.yTitle, {
      shapes: [
        {
          type: 'line',
          xref: 'x',
          yref: 'paper',
          x0: origin.x,
          x1: origin.x,
          y0: 0,
          y1: 1,
          line: { color: COLORS.boundary, dash: 'dash', width: 1 },
        },
      ],
      annotations: [
        { x: origin.x, y: 1, xref: 'x', yref: 'paper', text: 'last row', showarrow: false, xanchor: 'right', yanchor: 'bottom' },
      ],
    }),
    width: 900,
    height: 450,
  };
}

/**
 * The fan figure of forecasts past the last row: the last stretch of history (four times the steps
 * ahead, at least 48 rows), then every model's forecast in its conformal bands, `first` leading.
 * With `textbook`, the naive methods' textbook bands join as models of their own ("persistence (textbook)").
 */
export function aheadFanFigure(
  ahead: AheadResult,
  table: Table,
  options: { name?: string; title?: string; first?: string; textbook?: boolean } = {},
): Figure {
  const rows = table.dates.length;
  const from = Math.max(0, rows - Math.max(48, 4 * ahead.dates.length));
  const first = options.first ?? ahead.forecasts[0].model;
  const models: FanModel[] = [...ahead.forecasts]
    .sort((a, b) => Number(b.model === first) - Number(a.model === first))
    .map((f) => ({ name: f.model, forecast: f.forecast, intervals: f.intervals }));
  if (options.textbook) {
    for (const f of ahead.forecasts) {
      if (f.textbook) models.push({ name: `${f.model} (textbook)`, forecast: f.forecast, intervals: f.textbook });
    }
  }
  return fanFigure({
    name: options.name ?? 'fan',
    title:
      options.title ??
      `${ahead.target}: ${ahead.dates.length} steps after ${ahead.origin}, with ${ahead.levels.join('% and ')}% conformal intervals`,
    yTitle: ahead.target,
    history: { dates: table.dates.slice(from), values: table.columns[ahead.target].subarray(from) },
    dates: ahead.dates,
    models,
  });
}
