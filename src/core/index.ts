/**
 * The library the notebooks call. Names and shapes here are the public API.
 */
export { type ActivationName, activation } from "./activations.js";
export { type Matrix, maxAbsDiff, maxRelDiff, type Tensor3 } from "./arrays.js";
export {
  type BidirectionalGradients,
  type BidirectionalOptions,
  type BidirectionalResult,
  type BidirectionalTrace,
  type BidirectionalWeights,
  bidirectionalBackward,
  bidirectionalGradients,
  bidirectionalResult,
  bidirectionalTrace,
  type DirectionGradients,
  MERGE_MODES,
  type MergeMode,
  runBidirectional,
} from "./bidirectional.js";
export {
  crossEntropy,
  type DenseGradients,
  denseBackward,
  denseLogits,
  embeddingLookup,
  oneHot,
  softmax,
  softmaxCrossEntropyGradient,
} from "./by-hand/around-the-cell.js";
export {
  candidateHiddenState,
  type GRUGateWeights,
  type GRUStepByHand,
  gruStep,
  mixHiddenState,
  resetGate,
  resetHiddenState,
  updateGate,
} from "./by-hand/gru-step.js";
export {
  lossAtLastStepOnly,
  type RNNForward,
  type RNNGradients,
  rnnBackpropThroughTime,
  rnnForward,
} from "./by-hand/rnn-bptt.js";
export { countParams, layerParamCount, type ParamConvention } from "./count-params.js";
export {
  type HelloOptions,
  type HelloRun,
  type MemorylessBest,
  type MemorylessRow,
  memorylessBest,
  type StepPrediction,
  trainHello,
  wordDataset,
} from "./experiments/hello.js";
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
export {
  type GRUDecayOptions,
  gruGradientDecay,
  updateGateProducts,
} from "./probes/gru-gradient-by-lag.js";
export { normal, seededRandom, uniform } from "./random.js";
export {
  type AttentionGradientBuffers,
  type AttentionGradientOptions,
  type AttentionGradients,
  type AttentionInitOptions,
  type AttentionMemory,
  type AttentionOptions,
  type AttentionOutputGradients,
  type AttentionParameters,
  type AttentionResult,
  type AttentionSequenceResult,
  type AttentionSizes,
  type AttentionStep,
  additiveAttention,
  additiveAttentionGradients,
  additiveAttentionOverSteps,
  attentionGradientBuffers,
  attentionMemory,
  attentionMemoryBackward,
  attentionStep,
  attentionStepBackward,
  type FlatAttentionParameters,
  flatAttentionParameters,
  randomAttentionParameters,
} from "./seq2seq/attention.js";
export {
  type BeamSearchOptions,
  type BeamSearchResult,
  beamSearch,
  type DecodeOptions,
  greedyDecode,
  type Hypothesis,
  normalisedScore,
  type StepModel,
} from "./seq2seq/decode.js";
export {
  cloneSeq2seq,
  createSeq2seq,
  type DecoderState,
  type EncoderPass,
  encodeSources,
  greedyDecodeBatch,
  type Seq2seqCell,
  type Seq2seqConfig,
  type Seq2seqForwardOptions,
  type Seq2seqGradients,
  type Seq2seqLoss,
  type Seq2seqModel,
  type Seq2seqOptions,
  type Seq2seqParameters,
  seq2seqLoss,
  seq2seqLossAndGradients,
  seq2seqParameterCount,
  seq2seqStepModel,
} from "./seq2seq/model.js";
export {
  CHINESE_SYMBOLS,
  digitCount,
  END,
  END_ID,
  ENGLISH_SYMBOLS,
  examplesInBothLanguages,
  LANGUAGE_TAGS,
  MAX_DIGITS,
  makeBatch,
  makeExample,
  type NumberExample,
  type NumberSplit,
  type NumberSplitOptions,
  numbersOfLength,
  PAD,
  PAD_ID,
  randomNumberOfLength,
  type Seq2seqBatch,
  SOURCE_SYMBOLS,
  START,
  START_ID,
  sourceSymbols,
  splitNumbers,
  TARGET_SYMBOLS,
  targetIdsToSymbols,
  targetSymbols,
  trainingSampler,
} from "./seq2seq/number-data.js";
export {
  type RecipeRun,
  type RecipeRunOptions,
  SEQ2SEQ_RECIPES,
  type Seq2seqRecipe,
  trainSeq2seqRecipe,
} from "./seq2seq/recipe.js";
export {
  type ExactMatchOptions,
  type ExactMatchResult,
  type ExactMatchRow,
  exactMatch,
  type ModelReading,
  type Reading,
  type Seq2seqTrainOptions,
  type Seq2seqTrainRecord,
  type Seq2seqTrainResult,
  sayWithModel,
  trainSeq2seq,
} from "./seq2seq/train.js";
export { runStack, stackGradients } from "./stack.js";
export { gateWeights, type LayerWeights, randomInputs, randomWeights } from "./weights.js";
