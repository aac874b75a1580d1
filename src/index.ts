// The library, stage by stage: data -> models -> engines -> training -> evaluation -> figures, plus
// the statistical benchmarks (exponential smoothing), the notebook helpers and the experiments of
// notebook 04. This file only re-exports.
export { TUTORIAL, DEFAULT_CSV } from './config';
export { DataError, OptionError, OutputError, SetupError, TrainingError, isUserError } from './errors';
export { createRandom, shuffledIndices, type Random } from './random';
export { median } from './median';
export { formatTable, type TableCell, type TableOptions } from './formatTable';
export * from './data/index';
export * from './models/index';
export * from './engines/index';
export * from './training/index';
export * from './evaluation/index';
export * from './statistical/index';
export * from './figures/index';
export * from './notebook/index';
export * from './experiments/index';
