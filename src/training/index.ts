export { train, defaultTrainConfig, type TrainConfig, type TrainResult, type EpochLog } from './train';
export { progressBar, progressFormatter } from './progress';
export { checkTrainingMemory, memoryLimit, trainingMemory, type TrainingShape } from './memory';
