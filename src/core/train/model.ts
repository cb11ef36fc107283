/**
 * The whole model, as flat buffers, with its backward pass written by hand:
 *
 *   x_t = E[token_t]  (embedding)  |  onehot(token_t)  |  the features at t      (B, I)
 *   h_T = recurrent layer (simpleRNN | LSTM | GRU) over x_1 … x_T, last step      (B, U)
 *   o   = h_T · W_d + b_d                                                         (B, C)
 *   loss = softmax cross-entropy (classes) or squared error (one number)
 *
 * The recurrent layer is the library's own (../layer.ts and ../cells/*): `backwardTrace` does the
 * backprop through time; this file adds the layers around it.
 */
import type { CellKind } from "../kinds.js";
import { checkKind } from "../kinds.js";
import { backwardTrace, type FlatGradients, type Trace } from "../layer.js";
import {
  addColumnSums,
  arithmetic,
  matMul,
  matMulTransposedAAdd,
  matMulTransposedBAdd,
} from "../numeric.js";
import { seededRandom, uniformMatrix } from "../random.js";
import { type LayerWeights, randomWeights } from "../weights.js";
import type { ParameterSet } from "./clipping.js";
import { checkPositiveInteger, checkUnknownOptions, type Dataset } from "./dataset.js";
import { flatForwardTrace, type GateActivation } from "./flat-layer.js";
import { type LossResult, softmaxCrossEntropy, squaredError } from "./losses.js";

export interface ModelOptions {
  /** The recurrent cell. */
  cell: CellKind;
  /** U: hidden units of the recurrent layer. Default 16. */
  units?: number;
  /** Token inputs: size of each word's embedding vector; 0 feeds one-hot vectors. Default 8. */
  embeddingSize?: number;
  /**
   * σ of the LSTM/GRU gates. Default "sigmoid" for training: hardSigmoid (tfjs's default) has a
   * zero gradient outside [−2.5, 2.5], so a saturated gate stops learning for good.
   */
  recurrentActivation?: GateActivation;
  /**
   * LSTM: the forget gate's initial bias b_f. Default 1, which is tfjs's `unitForgetBias: true`
   * (f_t starts near σ(1) ≈ 0.73); 0 is tfjs's default zeros. A larger value (2 → f ≈ 0.88)
   * makes the cell remember longer from the first step, which long gaps need.
   */
  forgetBias?: number;
  /**
   * GRU: the update gate's initial bias b_z. In tfjs's GRU h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ h̃_t,
   * so z near 1 keeps the old state: a positive b_z is the GRU's "remember by default", as
   * forgetBias is the LSTM's. Default 0 (tfjs's zeros).
   */
  updateBias?: number;
  /** Seed of the initial weights. Default 0. */
  seed?: number;
}

export const MODEL_OPTIONS = [
  "cell",
  "units",
  "embeddingSize",
  "recurrentActivation",
  "forgetBias",
  "updateBias",
  "seed",
] as const;

/** Sizes and settings, all resolved. */
export interface ModelConfig {
  cell: CellKind;
  units: number; // U
  /** "tokens" reads token ids (embedding or one-hot); "features" reads real-valued vectors. */
  input: "tokens" | "features";
  /** Tokens: V (0 for features). */
  vocabularySize: number;
  /** Tokens: E, 0 = one-hot. */
  embeddingSize: number;
  /** I: what the recurrent layer reads per step (E, V for one-hot, or F). */
  inputSize: number;
  /** C: classes, or 1 for a number. */
  outputs: number;
  loss: "crossEntropy" | "squaredError";
  recurrentActivation: GateActivation;
  /** LSTM's initial b_f (0 for the other cells). */
  forgetBias: number;
  /** GRU's initial b_z (0 for the other cells). */
  updateBias: number;
  seed: number;
}

/**
 * The trainable numbers, flat row-major. `embedding` is absent for one-hot and feature inputs.
 * kernel, recurrentKernel, bias are the recurrent layer's, in tfjs's layout.
 */
export interface ModelParameters extends ParameterSet {
  embedding?: Float64Array; // E (V, E), token inputs with embeddingSize > 0 only
  kernel: Float64Array; // W (I, k·U)
  recurrentKernel: Float64Array; // U (U, k·U)
  bias: Float64Array; // b (k·U)
  denseKernel: Float64Array; // W_d (U, C)
  denseBias: Float64Array; // b_d (C)
}

export interface Model {
  config: ModelConfig;
  parameters: ModelParameters;
}

/** A model whose input and output sizes fit `dataset`; seeded. */
export function createModel(dataset: Dataset, options: ModelOptions): Model {
  checkUnknownOptions(options, MODEL_OPTIONS, "createModel");
  const cell = checkKind(options.cell);
  const units = checkPositiveInteger(options.units ?? 16, "units");
  const embeddingSize = options.embeddingSize ?? 8;
  if (!Number.isInteger(embeddingSize) || embeddingSize < 0) {
    throw new Error(
      `embeddingSize: expected 0 (one-hot) or a positive integer, got ${embeddingSize}`,
    );
  }
  const recurrentActivation = options.recurrentActivation ?? "sigmoid";
  if (recurrentActivation !== "sigmoid" && recurrentActivation !== "hardSigmoid") {
    throw new Error(
      `recurrentActivation: expected "sigmoid" or "hardSigmoid", got ${JSON.stringify(recurrentActivation)}`,
    );
  }
  if (options.forgetBias !== undefined && cell !== "lstm") {
    throw new Error(`forgetBias: only an lstm has a forget gate, got cell ${cell}`);
  }
  const forgetBias = cell === "lstm" ? (options.forgetBias ?? 1) : 0;
  if (!Number.isFinite(forgetBias))
    throw new Error(`forgetBias: expected a number, got ${forgetBias}`);
  if (options.updateBias !== undefined && cell !== "gru") {
    throw new Error(`updateBias: only a gru has an update gate, got cell ${cell}`);
  }
  const updateBias = cell === "gru" ? (options.updateBias ?? 0) : 0;
  if (!Number.isFinite(updateBias))
    throw new Error(`updateBias: expected a number, got ${updateBias}`);
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) throw new Error(`seed: expected an integer, got ${seed}`);
  const tokens = dataset.kind === "tokens";
  if (tokens && dataset.vocabulary.length === 0) {
    throw new Error("vocabulary: the dataset's vocabulary is empty");
  }
  if (tokens && dataset.classes.length < 2) {
    throw new Error(`classes: need at least 2 classes to predict, got ${dataset.classes.length}`);
  }
  const vocabularySize = tokens ? dataset.vocabulary.length : 0;
  const inputSize = tokens ? embeddingSize || vocabularySize : dataset.featureSize;
  const outputs = tokens ? dataset.classes.length : 1;
  const config: ModelConfig = {
    cell,
    units,
    input: dataset.kind,
    vocabularySize,
    embeddingSize: tokens ? embeddingSize : 0,
    inputSize,
    outputs,
    loss: tokens ? "crossEntropy" : "squaredError",
    recurrentActivation,
    forgetBias,
    updateBias,
    seed,
  };
  // Recurrent weights from the library's initialiser (Glorot-uniform kernel, recurrent ±√3/√U).
  const [kernel, recurrentKernel] = randomWeights(cell, inputSize, units, { seed, biasScale: 0 });
  const bias = new Float64Array(recurrentKernel[0].length);
  // LSTM: b_f = forgetBias (gate order i, f, c, o)
  if (cell === "lstm") bias.fill(forgetBias, units, 2 * units);
  // GRU: b_z = updateBias (gate order z, r, h̃)
  if (cell === "gru") bias.fill(updateBias, 0, units);
  const random = seededRandom(seed + 7919);
  const parameters: ModelParameters = {
    kernel: Float64Array.from(kernel.flat()),
    recurrentKernel: Float64Array.from(recurrentKernel.flat()),
    bias,
    // Glorot-uniform, limit √(6 / (U + C))
    denseKernel: Float64Array.from(
      uniformMatrix(random, units, outputs, Math.sqrt(6 / (units + outputs))).flat(),
    ),
    denseBias: new Float64Array(outputs),
  };
  if (tokens && embeddingSize > 0) {
    // Embedding rows uniform in [−1, 1): distinct words start as distinct vectors.
    parameters.embedding = Float64Array.from(
      uniformMatrix(random, vocabularySize, embeddingSize, 1).flat(),
    );
  }
  return { config, parameters };
}

/** x for a batch of examples, time-major (T, B, I), as the recurrent layer reads it. */
export function batchInputs(
  model: Model,
  dataset: Dataset,
  examples: ArrayLike<number>,
): Float64Array {
  const { inputSize: I, embeddingSize: E } = model.config;
  const B = examples.length;
  const T = dataset.time;
  const x = new Float64Array(T * B * I); // (T, B, I)
  for (let n = 0; n < B; n++) {
    const example = examples[n];
    for (let t = 0; t < T; t++) {
      const row = (t * B + n) * I;
      if (dataset.kind === "features") {
        const from = (example * T + t) * I;
        x.set(dataset.features.subarray(from, from + I), row);
        continue;
      }
      const token = dataset.tokens[example * T + t];
      // x_t = E[token_t], or onehot(token_t) when there is no embedding
      if (E > 0) x.set(model.parameters.embedding!.subarray(token * E, (token + 1) * E), row);
      else x[row + token] = 1;
    }
  }
  return x;
}

export interface ForwardResult {
  trace: Trace;
  /** h_T (B, U). */
  lastHidden: Float64Array;
  /** o = h_T · W_d + b_d (B, C). */
  outputs: Float64Array;
  /** Loss, ∂loss/∂o, how many right, softmax probabilities (or the numbers predicted). */
  result: LossResult;
}

function checkSizes(model: Model, dataset: Dataset): void {
  const { config } = model;
  if (dataset.kind !== config.input) {
    throw new Error(`dataset: the model reads ${config.input}, the dataset holds ${dataset.kind}`);
  }
  if (dataset.kind === "tokens" && dataset.vocabulary.length !== config.vocabularySize) {
    throw new Error(
      `dataset: vocabulary of ${dataset.vocabulary.length} words, the model was built for ${config.vocabularySize}`,
    );
  }
  if (dataset.kind === "tokens" && dataset.classes.length !== config.outputs) {
    throw new Error(
      `dataset: ${dataset.classes.length} classes, the model was built for ${config.outputs}`,
    );
  }
}

/** The model on some examples of a dataset: trace, outputs, loss. */
export function forward(
  model: Model,
  dataset: Dataset,
  examples: ArrayLike<number>,
): ForwardResult {
  checkSizes(model, dataset);
  const { cell, units: U, inputSize: I, outputs: C } = model.config;
  const p = model.parameters;
  const B = examples.length;
  const x = batchInputs(model, dataset, examples); // (T, B, I)
  const trace = flatForwardTrace(
    cell,
    p,
    x,
    { batch: B, time: dataset.time, inputSize: I, units: U },
    { recurrentActivation: model.config.recurrentActivation },
  );
  const lastHidden = trace.steps[trace.time - 1].states[0] as Float64Array; // h_T (B, U)
  const outputs = new Float64Array(B * C); // (B, C)
  // o = h_T · W_d
  matMul(arithmetic("float64"), lastHidden, p.denseKernel, outputs, B, U, C);
  // o += b_d
  for (let n = 0; n < B; n++) for (let c = 0; c < C; c++) outputs[n * C + c] += p.denseBias[c];
  const result =
    dataset.kind === "tokens"
      ? softmaxCrossEntropy(
          outputs,
          Array.from(examples, (e) => dataset.labels[e]),
          B,
          C,
        )
      : squaredError(
          outputs,
          Array.from(examples, (e) => dataset.targets[e]),
          B,
          dataset.tolerance,
        );
  return { trace, lastHidden, outputs, result };
}

export interface GradientResult extends ForwardResult {
  /** ∂loss/∂(every parameter), same names and shapes as model.parameters. */
  gradients: ModelParameters;
  /** The recurrent layer's own gradients, with ∂L/∂h_t for every step in `hidden`. */
  recurrent: FlatGradients;
}

/** Loss and the gradient of every parameter, by backprop through the whole model. */
export function lossAndGradients(
  model: Model,
  dataset: Dataset,
  examples: ArrayLike<number>,
): GradientResult {
  const forwardResult = forward(model, dataset, examples);
  const { trace, lastHidden, result } = forwardResult;
  const { units: U, outputs: C, embeddingSize: E } = model.config;
  const p = model.parameters;
  const B = examples.length;
  const dO = result.dOutputs; // ∂L/∂o (B, C)
  const denseKernel = new Float64Array(U * C);
  // ∂L/∂W_d = h_Tᵀ · ∂L/∂o        (U, C)
  matMulTransposedAAdd(lastHidden, dO, denseKernel, B, U, C);
  const denseBias = new Float64Array(C);
  // ∂L/∂b_d = Σ_batch ∂L/∂o        (C)
  addColumnSums(dO, denseBias, B, C);
  const dLastHidden = new Float64Array(B * U);
  // ∂L/∂h_T = ∂L/∂o · W_dᵀ         (B, U)
  matMulTransposedBAdd(dO, p.denseKernel, dLastHidden, B, C, U);
  // Backprop through time, by the library's hand-written BPTT
  const recurrent = backwardTrace(trace, dLastHidden);
  const gradients: ModelParameters = {
    kernel: recurrent.kernel,
    recurrentKernel: recurrent.recurrentKernel,
    bias: recurrent.bias,
    denseKernel,
    denseBias,
  };
  if (p.embedding && dataset.kind === "tokens") {
    const embedding = new Float64Array(p.embedding.length);
    const T = dataset.time;
    for (let t = 0; t < T; t++) {
      for (let n = 0; n < B; n++) {
        const token = dataset.tokens[examples[n] * T + t];
        const from = (t * B + n) * E;
        // x_t = E[token_t]:  ∂L/∂E[token] += ∂L/∂x_t
        for (let e = 0; e < E; e++) embedding[token * E + e] += recurrent.inputs[from + e];
      }
    }
    gradients.embedding = embedding;
  }
  return { ...forwardResult, gradients, recurrent };
}

export interface Evaluation {
  loss: number;
  /** Fraction right: argmax = label, or |prediction − target| ≤ tolerance. */
  accuracy: number;
}

/** Mean loss and accuracy over a whole dataset (in chunks of `batchSize`). */
export function evaluate(model: Model, dataset: Dataset, batchSize = 256): Evaluation {
  let loss = 0;
  let correct = 0;
  for (let start = 0; start < dataset.count; start += batchSize) {
    const examples = range(start, Math.min(start + batchSize, dataset.count));
    const { result } = forward(model, dataset, examples);
    loss += result.loss * examples.length;
    correct += result.correct;
  }
  return { loss: loss / dataset.count, accuracy: correct / dataset.count };
}

/** [start, start + 1, …, end − 1]. */
export function range(start: number, end: number): Int32Array {
  return Int32Array.from({ length: end - start }, (_, j) => start + j);
}

/** A deep copy (the optimiser updates parameters in place). */
export function cloneModel(model: Model): Model {
  const parameters = Object.fromEntries(
    Object.entries(model.parameters)
      .filter((entry): entry is [string, Float64Array] => entry[1] !== undefined)
      .map(([name, value]) => [name, Float64Array.from(value)]),
  ) as ModelParameters;
  return { config: { ...model.config }, parameters };
}

/** The recurrent layer's weights as nested arrays in tfjs's layout (for forwardTrace, setWeights). */
export function recurrentLayerWeights(model: Model): LayerWeights {
  const { inputSize: I, units: U } = model.config;
  const width = model.parameters.recurrentKernel.length / U;
  const rows = (flat: Float64Array, count: number) =>
    Array.from({ length: count }, (_, r) => Array.from(flat.subarray(r * width, (r + 1) * width)));
  return [
    rows(model.parameters.kernel, I),
    rows(model.parameters.recurrentKernel, U),
    Array.from(model.parameters.bias),
  ];
}
