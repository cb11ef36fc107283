/**
 * Training from scratch, as the notebooks call it:
 *   import { franceTask, train, inspect, gapExperiment } from "./src/core/train/index";
 */
export { type ClipResult, clipGradientNorm, gradientNorm, type ParameterSet } from "./clipping.js";
export type { Dataset, FeatureDataset, TokenDataset } from "./dataset.js";
export {
  DEFAULT_GAPS,
  type GapExperimentOptions,
  type GapExperimentResult,
  type GapResult,
  gapExperiment,
} from "./experiment.js";
export { type Inspection, inspect, type StepByUnit } from "./inspect.js";
export { type LossResult, softmaxCrossEntropy, squaredError } from "./losses.js";
export {
  cloneModel,
  createModel,
  type Evaluation,
  evaluate,
  forward,
  lossAndGradients,
  type Model,
  type ModelConfig,
  type ModelOptions,
  type ModelParameters,
  recurrentLayerWeights,
} from "./model.js";
export { type AdamOptions, adam, type Optimizer, type SGDOptions, sgd } from "./optimizers.js";
export { ADDING_BASELINE_ERROR, type AddingTaskOptions, addingTask } from "./tasks/adding.js";
export {
  type FranceDataset,
  type FranceTaskOptions,
  franceSentence,
  franceTask,
  type SentenceLanguage,
} from "./tasks/france.js";
export {
  type EpochRecord,
  epochSummary,
  TrainingDivergedError,
  type TrainOptions,
  type TrainResult,
  train,
} from "./train.js";
