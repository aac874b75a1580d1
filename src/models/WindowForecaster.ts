import type { Windows } from '../data/Windows';

/**
 * A model that forecasts windows by itself, without tfjs or an engine: scaled windows in, scaled
 * forecasts out (the linear baseline). A recurrent network is a `Network` instead: its forecasts
 * run on the engines, which sit above the models; evaluation takes either.
 */
export interface WindowForecaster {
  /** Forecasts for every window, [n, horizon] row-major, in the windows' (scaled) units. */
  predict(windows: Windows): Float32Array;
}
