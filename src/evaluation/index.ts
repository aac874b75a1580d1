export { metrics, rmse, mae, mape, mse, directionalAccuracy, skill, naiveScale, mase, upShare, type Metrics } from './metrics';
export { targetSeries, type TargetSeries, type Part } from './targetSeries';
export { forecast, forecastSeries, predictScaled, stepOf, type WholeSeries } from './forecast';
export { evaluate, type Evaluation, type ResultRow } from './evaluate';
export { resultsTable } from './resultsTable';
export { persistence, drift, meanChange, seasonalNaive, type BaselineInput } from './baselines';
export { dieboldMariano, holm, neweyWestLags, type DieboldMarianoResult } from './dieboldMariano';
export { studentTTwoSided, incompleteBeta, logGamma } from './studentT';
export { welchTest, type WelchResult } from './welch';
export {
  walkForward,
  compareModels,
  lossDifferential,
  spread,
  type WalkForwardOptions,
  type WalkForwardResult,
  type WalkForwardFold,
  type FoldScore,
  type ModelSummary,
  type Spread,
} from './walkForward';
export { aheadTable, intervalTable, stepTable, summaryTable } from './summaryTable';
export { type AheadForecast, type AheadOptions, type AheadResult, checkAhead, forecastAhead, mostAhead } from './forecastAhead';
export { foldIntervals, type IntervalFold, type IntervalRow } from './foldIntervals';
export { foldMeans } from './foldMeans';
export { moveSd, meanSeedMoveSd, meanTestedChange, changesOutsideTraining, type Mover } from './moves';
export { concat } from './concat';
export {
  calibratedHalfWidths,
  checkLevels,
  conformalHalfWidths,
  coverage,
  intervalScore,
  meanWidth,
  minimumCalibration,
  msis,
  naiveHalfWidth,
  textbookHalfWidths,
  textbookSigma,
  type TextbookMethod,
  normalQuantile,
  pinballLoss,
} from './intervals';
export { meanOf, type NetworkSize, networkSize } from './networks';
export { checkRecursive, recursiveForecast } from './recursive';
export {
  coverageByFold,
  coverageSpread,
  fewestCalibration,
  type FoldCoverage,
  intervalSummary,
  type IntervalSummary,
  rankCorrelation,
} from './intervalReport';
