export { type Figure, COLORS, baseLayout, rounded } from './Figure';
export { priceFigure } from './priceFigure';
export { windowFigure } from './windowFigure';
export { lossFigure } from './lossFigure';
export { overlayFigure, type OverlaySeries } from './overlayFigure';
export { lineFigure } from './lineFigure';
export { unrolledFigure } from './unrolledFigure';
export { renderStatic, warmRenderer, closeRenderer, findChromium, plotlyPath } from './renderStatic';
export { figureFragment, figurePage } from './figureHtml';
