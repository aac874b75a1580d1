export { selectBackend, describeBackend, BACKEND_ORDER, type BackendName } from './tfjs/backend';
export {
  parameterLayout,
  readParameters,
  writeParameters,
  type ParameterLayout,
  type LayoutShape,
  type LayerOffsets,
} from './parameterLayout';
export { type Kernel, type KernelName, type KernelShape, kernelShape } from './Kernel';
export { TypeScriptKernel } from './typescript/TypeScriptKernel';
export { NativeKernel, nativeModule, nativeProblem } from './native/NativeKernel';
export type { TrainingEngine, EngineName, OptimizerOptions } from './TrainingEngine';
export {
  createEngine,
  createKernel,
  resolveEngine,
  availableEngines,
  describeEngine,
  ENGINE_CHOICES,
  TYPESCRIPT_MAX_HIDDEN,
  type EngineChoice,
} from './createEngine';
export { predict, meanSquaredError, type PredictOptions } from './predict';
export { tfjsPredict } from './tfjs/tfjsPredict';
