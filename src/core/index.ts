/**
 * The library the notebooks call. Names and shapes here are the public API.
 */
export { type ActivationName, activation } from "./activations.js";
export { type Matrix, maxAbsDiff, maxRelDiff, type Tensor3 } from "./arrays.js";
export { countParams, layerParamCount, type ParamConvention } from "./count-params.js";
export { blockCount, CELL_KINDS, type CellKind, GATES, stateCount } from "./kinds.js";
export {
  backwardTrace,
  forwardTrace,
  type LayerGradients,
  type LayerOptions,
  type LayerResult,
  layerGradients,
  runLayer,
  type Trace,
} from "./layer.js";
export type { Precision } from "./numeric.js";
export { normal, seededRandom, uniform } from "./random.js";
export { runStack, stackGradients } from "./stack.js";
export { gateWeights, type LayerWeights, randomInputs, randomWeights } from "./weights.js";
