import type { Table } from '../data/Table';
import { baseLayout, COLORS, rounded, type Figure } from './Figure';

/** The target column over time, with the train / validation / test boundaries shaded; `unit` labels the axis. */
export function priceFigure(
  table: Table,
  column: string,
  boundaries: { validationStart: number; testStart: number },
  unit?: string,
): Figure {
  const dates = table.dates;
  const last = dates[dates.length - 1];
  const band = (from: number, to: string, color: string) => ({
    type: 'rect',
    xref: 'x',
    yref: 'paper',
    x0: dates[from],
    x1: to,
    y0: 0,
    y1: 1,
    fillcolor: color,
    opacity: 0.12,
    line: { width: 0 },
  });
  return {
    name: 'price',
    data: [
      {
        type: 'scatter',
        mode: 'lines',
        name: column,
        x: dates,
        y: rounded(table.columns[column], 5),
        line: { color: COLORS.actual, width: 1 },
      },
    ],
    layout: baseLayout(
      `${column} per day, with the validation (green) and test (blue) periods`,
      'date',
      unit ? `${column} (${unit})` : column,
      {
        shapes: [
          band(boundaries.validationStart, dates[boundaries.testStart], COLORS.validation),
          band(boundaries.testStart, last, COLORS.lstm),
        ],
        showlegend: false,
      },
    ),
    width: 900,
    height: 400,
  };
}
