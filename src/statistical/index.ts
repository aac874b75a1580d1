export {
  aiccOf,
  allSpecs,
  autoEts,
  type AutoEtsResult,
  describeSpec,
  type EtsFit,
  type EtsParams,
  type EtsSpec,
  etsFilter,
  etsForecast,
  fitEts,
  inadmissible,
  parseSpec,
  specName,
} from './ets';
export { type Bounds, minimize, type MinimizeOptions, type MinimizeResult } from './optimize';
