export { metrics, rmse, mae, mape, directionalAccuracy, type Metrics } from './metrics';
export { targetSeries, type TargetSeries, type Part } from './targetSeries';
export { forecast, forecastSeries, type WholeSeries } from './forecast';
export { evaluate, type Evaluation, type ResultRow } from './evaluate';
export { resultsTable } from './resultsTable';
