export { metrics, rmse, mae, mape, mse, directionalAccuracy, skill, naiveScale, mase, upShare, type Metrics } from './metrics';
export { targetSeries, type TargetSeries, type Part } from './targetSeries';
export { forecast, forecastSeries, predictScaled, type AnyWindowModel, type WholeSeries } from './forecast';
export { evaluate, type Evaluation, type ResultRow } from './evaluate';
export { resultsTable } from './resultsTable';
export { persistence, drift, meanChange, seasonalNaive, type BaselineInput } from './baselines';
export { dieboldMariano, type DieboldMarianoResult } from './dieboldMariano';
export { studentTTwoSided, incompleteBeta, logGamma } from './studentT';
export { walkForward, spread, type WalkForwardOptions, type WalkForwardResult, type WalkForwardFold, type FoldScore, type ModelSummary, type Spread } from './walkForward';
