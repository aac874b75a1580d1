export { train, defaultTrainConfig, type TrainConfig, type TrainResult, type EpochLog } from './train';
export { progressFormatter } from './progress';
