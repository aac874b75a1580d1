export { inputGradientNorms } from './inputGradientNorms';
export { recallTask, RECALL_CHANCE_MSE } from './recallTask';
export { recallExperiment, type RecallOptions, type RecallResult, type RecallModel } from './recallExperiment';
export { recallSpread, RECALL_THRESHOLDS, type RecallSpread } from './recallSpread';
