export { notebookParams, type NotebookParams } from './notebookParams';
export { liveProgress } from './liveProgress';
export { inNotebook } from './display';
export { showFigure } from './showFigure';
export { toDataFrame } from './toDataFrame';
export { formatTable, type TableCell, type TableOptions } from './formatTable';
export { check } from './check';
