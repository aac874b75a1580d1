export { type Module, type WindowModel, parameterCount, disposeModule } from './Module';
export { Recurrent, CELL_KINDS, type CellKind, type RecurrentOptions, type RecurrentState, type RecurrentOutput } from './Recurrent';
export { RNN, type RNNOptions } from './RNN';
export { LSTM, type LSTMOptions } from './LSTM';
export { GRU, type GRUOptions } from './GRU';
export { Linear } from './Linear';
export { Forecaster, createModel, type ForecasterOptions, type ResolvedForecasterOptions } from './Forecaster';
export { summary, summaryRows, type SummaryRow } from './summary';
export { exportStateDict, loadStateDict, type StateDict, type NestedArray } from './stateDict';
