export {
  aiccOf,
  allSpecs,
  autoEts,
  restricted,
  type AutoEtsResult,
  describeSpec,
  type EtsFit,
  type EtsParams,
  type EtsSpec,
  etsFilter,
  etsForecast,
  etsForecastVariance,
  etsIntervals,
  hasExactIntervals,
  etsRolling,
  fitEts,
  inadmissible,
  negativeLogLikelihood,
  parseSpec,
  specName,
} from './ets';
export { type Bounds, minimize, type MinimizeOptions, type MinimizeResult } from './optimize';
export { autocorrelations, classicalSeason, fitTheta, hasSeason, type ThetaFit, thetaForecast, thetaRolling } from './theta';
export {
  admissibleBenchmarks,
  type BenchmarkName,
  benchmarkList,
  checkBenchmarkNames,
  DEFAULT_BENCHMARKS,
  type FittedBenchmarks,
  fitBenchmarks,
} from './benchmarks';
