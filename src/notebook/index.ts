export { notebookParams, type NotebookParams } from './notebookParams';
export { liveProgress } from './liveProgress';
export { inNotebook } from './display';
export { showFigure } from './showFigure';
export { aheadToDataFrame, toDataFrame } from './toDataFrame';
export { check } from './check';
export { libraryBuild, staleBuild } from './libraryBuild';
