/**
 * The whole model, as flat buffers, with its backward pass written by hand:
 *
 *   x_t   = E[token_t]  (embedding)  |  onehot(token_t)  |  the features at t           (B, I)
 *   h^1_t = recurrent layer 1 (simpleRNN | LSTM | GRU) over x_1 … x_T                    (B, U)
 *   h^l_t = recurrent layer l over h^(l−1)_1 … h^(l−1)_T        (stacked layers, l ≤ L)  (B, U)
 *   o     = h^L_T · W_d + b_d          one readout after the last step (classification)  (B, C)
 *   o_t   = h^L_t · W_d + b_d          a readout at every step (next symbol, chapter 06)  (B, C)
 *   loss  = softmax cross-entropy (classes, next symbol) or squared error (one number)
 *
 * The recurrent layers are the library's own (../layer.ts and ../cells/*): `backwardTrace` does
 * the backprop through time; this file adds the layers around them. A sequence dataset (one long
 * text) is read in windows: the states at the end of one window can start the next
 * (`initialStates`), and no gradient crosses from a window into the one before (truncated BPTT).
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
  type ProductPrecision,
} from "../numeric.js";
import { seededRandom, uniformMatrix } from "../random.js";
import { type LayerWeights, randomWeights } from "../weights.js";
import type { ParameterSet } from "./clipping.js";
import { checkPositiveInteger, checkUnknownOptions, type Dataset } from "./dataset.js";
import { type FlatRecurrentWeights, flatForwardTrace, type GateActivation } from "./flat-layer.js";
import { type LossResult, softmaxCrossEntropy, squaredError } from "./losses.js";

export interface ModelOptions {
  /** The recurrent cell. */
  cell: CellKind;
  /** U: hidden units of every recurrent layer. Default 16. */
  units?: number;
  /** L: stacked recurrent layers. Default 1. */
  layers?: number;
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
  "layers",
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
  /** L: stacked recurrent layers (1 unless the model was built with more). */
  layers: number;
  /**
   * "tokens" reads token ids (embedding or one-hot) and predicts a class after the last step;
   * "features" reads real-valued vectors and predicts one number; "sequence" reads symbol ids
   * and predicts the next symbol at every step.
   */
  input: "tokens" | "features" | "sequence";
  /** Tokens, sequence: V (0 for features). */
  vocabularySize: number;
  /** Tokens, sequence: E, 0 = one-hot. */
  embeddingSize: number;
  /** I: what the first recurrent layer reads per step (E, V for one-hot, or F). */
  inputSize: number;
  /** C: classes, symbols, or 1 for a number. */
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
 * kernel, recurrentKernel, bias are the first recurrent layer's, in tfjs's layout; a stacked
 * layer l ≥ 2 has kernel<l>, recurrentKernel<l>, bias<l> (e.g. kernel2: (U, k·U)).
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

/** The parameter names of recurrent layer `layer` (0-based): kernel, kernel2, kernel3, … */
export function layerParameterNames(layer: number): {
  kernel: string;
  recurrentKernel: string;
  bias: string;
} {
  const suffix = layer === 0 ? "" : String(layer + 1);
  return {
    kernel: `kernel${suffix}`,
    recurrentKernel: `recurrentKernel${suffix}`,
    bias: `bias${suffix}`,
  };
}

/** Recurrent layer `layer`'s weights (views of the model's buffers, not copies). */
export function layerWeights(parameters: ParameterSet, layer: number): FlatRecurrentWeights {
  const names = layerParameterNames(layer);
  const kernel = parameters[names.kernel];
  const recurrentKernel = parameters[names.recurrentKernel];
  const bias = parameters[names.bias];
  if (!kernel || !recurrentKernel || !bias) {
    throw new Error(`parameters: recurrent layer ${layer + 1} has no ${names.kernel}`);
  }
  return { kernel, recurrentKernel, bias };
}

/** Initial weights of one recurrent layer reading `inputSize` numbers per step. */
function initialLayer(
  cell: CellKind,
  inputSize: number,
  units: number,
  seed: number,
  forgetBias: number,
  updateBias: number,
): FlatRecurrentWeights {
  // Recurrent weights from the library's initialiser (Glorot-uniform kernel, recurrent ±√3/√U).
  const [kernel, recurrentKernel] = randomWeights(cell, inputSize, units, { seed, biasScale: 0 });
  const bias = new Float64Array(recurrentKernel[0].length);
  // LSTM: b_f = forgetBias (gate order i, f, c, o)
  if (cell === "lstm") bias.fill(forgetBias, units, 2 * units);
  // GRU: b_z = updateBias (gate order z, r, h̃)
  if (cell === "gru") bias.fill(updateBias, 0, units);
  return {
    kernel: Float64Array.from(kernel.flat()),
    recurrentKernel: Float64Array.from(recurrentKernel.flat()),
    bias,
  };
}

/** A model whose input and output sizes fit `dataset`; seeded. */
export function createModel(dataset: Dataset, options: ModelOptions): Model {
  checkUnknownOptions(options, MODEL_OPTIONS, "createModel");
  const cell = checkKind(options.cell);
  const units = checkPositiveInteger(options.units ?? 16, "units");
  const layers = checkPositiveInteger(options.layers ?? 1, "layers");
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
  const symbols = dataset.kind !== "features"; // token ids in: an embedding or one-hot vectors
  if (symbols && dataset.vocabulary.length === 0) {
    throw new Error("vocabulary: the dataset's vocabulary is empty");
  }
  if (dataset.kind === "tokens" && dataset.classes.length < 2) {
    throw new Error(`classes: need at least 2 classes to predict, got ${dataset.classes.length}`);
  }
  if (dataset.kind === "sequence" && dataset.vocabulary.length < 2) {
    throw new Error(
      `vocabulary: need at least 2 symbols to predict, got ${dataset.vocabulary.length}`,
    );
  }
  const vocabularySize = symbols ? dataset.vocabulary.length : 0;
  const inputSize =
    dataset.kind === "features" ? dataset.featureSize : embeddingSize || vocabularySize;
  const outputs =
    dataset.kind === "tokens"
      ? dataset.classes.length
      : dataset.kind === "sequence"
        ? vocabularySize
        : 1;
  const config: ModelConfig = {
    cell,
    units,
    layers,
    input: dataset.kind,
    vocabularySize,
    embeddingSize: symbols ? embeddingSize : 0,
    inputSize,
    outputs,
    loss: dataset.kind === "features" ? "squaredError" : "crossEntropy",
    recurrentActivation,
    forgetBias,
    updateBias,
    seed,
  };
  const first = initialLayer(cell, inputSize, units, seed, forgetBias, updateBias);
  const random = seededRandom(seed + 7919);
  const parameters: ModelParameters = {
    ...first,
    // Glorot-uniform, limit √(6 / (U + C))
    denseKernel: Float64Array.from(
      uniformMatrix(random, units, outputs, Math.sqrt(6 / (units + outputs))).flat(),
    ),
    denseBias: new Float64Array(outputs),
  };
  if (symbols && embeddingSize > 0) {
    // Embedding rows uniform in [−1, 1): distinct words start as distinct vectors.
    parameters.embedding = Float64Array.from(
      uniformMatrix(random, vocabularySize, embeddingSize, 1).flat(),
    );
  }
  for (let layer = 1; layer < layers; layer++) {
    // Layer l reads layer l−1's h_t (U numbers); its own seed so layer 1 is as without stacking.
    const stacked = initialLayer(cell, units, units, seed + 1009 * layer, forgetBias, updateBias);
    const names = layerParameterNames(layer);
    parameters[names.kernel] = stacked.kernel;
    parameters[names.recurrentKernel] = stacked.recurrentKernel;
    parameters[names.bias] = stacked.bias;
  }
  return { config, parameters };
}

/** x for a batch of examples, time-major (T, B, I), as the first recurrent layer reads it. */
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
      const token = inputToken(dataset, example, t);
      // x_t = E[token_t], or onehot(token_t) when there is no embedding
      if (E > 0) x.set(model.parameters.embedding!.subarray(token * E, (token + 1) * E), row);
      else x[row + token] = 1;
    }
  }
  return x;
}

/** The token read at step t of an example: sentence `example`, or the stream from an offset. */
function inputToken(dataset: Dataset, example: number, t: number): number {
  if (dataset.kind === "sequence") return dataset.stream[example + t];
  if (dataset.kind === "tokens") return dataset.tokens[example * dataset.time + t];
  throw new Error("inputToken: a feature dataset has no tokens");
}

export interface ForwardResult {
  /** The top recurrent layer's trace (the one the readout reads). */
  trace: Trace;
  /** Every recurrent layer's trace, bottom first. */
  traces: Trace[];
  /** What the readout reads: h^L_T (B, U), or h^L_t of every step (T·B, U) for a sequence. */
  lastHidden: Float64Array;
  /** o = h · W_d + b_d: (B, C), or (T·B, C) time-major for a sequence. */
  outputs: Float64Array;
  /** Loss, ∂loss/∂o, how many right, softmax probabilities (or the numbers predicted). */
  result: LossResult;
  /** Each layer's states after the last step ([h] or [h, c], each (B, U)): the next window's start. */
  finalStates: Float64Array[][];
}

function checkSizes(model: Model, dataset: Dataset, examples: ArrayLike<number>): void {
  const { config } = model;
  if (dataset.kind !== config.input) {
    throw new Error(`dataset: the model reads ${config.input}, the dataset holds ${dataset.kind}`);
  }
  if (dataset.kind !== "features" && dataset.vocabulary.length !== config.vocabularySize) {
    throw new Error(
      `dataset: vocabulary of ${dataset.vocabulary.length} symbols, the model was built for ${config.vocabularySize}`,
    );
  }
  if (dataset.kind === "tokens" && dataset.classes.length !== config.outputs) {
    throw new Error(
      `dataset: ${dataset.classes.length} classes, the model was built for ${config.outputs}`,
    );
  }
  if (dataset.kind === "sequence") {
    const last = dataset.stream.length - dataset.time - 1; // the target at the last step exists
    for (let n = 0; n < examples.length; n++) {
      const offset = examples[n];
      if (!Number.isInteger(offset) || offset < 0 || offset > last) {
        throw new Error(
          `examples: a window of ${dataset.time} steps starts at an offset from 0 to ${last} of the stream, got ${offset}`,
        );
      }
    }
  }
}

/** h_t of every step of a trace, time-major (T·B, U): the next layer's input, or the readout's. */
function hiddenSequence(trace: Trace): Float64Array {
  const { batch: B, units: U } = trace.ctx;
  const h = new Float64Array(trace.time * B * U); // (T, B, U)
  for (let t = 0; t < trace.time; t++) h.set(trace.steps[t].states[0], t * B * U);
  return h;
}

export interface ForwardOptions {
  /** Per layer, the states to start from ([h] or [h, c], each (B, U)); default zeros. */
  initialStates?: Float64Array[][];
  /**
   * How matrix products are summed: "float64" (default, exact) or "float32" (the float32 SIMD
   * kernel, about 4× faster: for training the character model; see ../numeric.ts).
   */
  products?: ProductPrecision;
}

/** The model on some examples of a dataset: traces, outputs, loss. */
export function forward(
  model: Model,
  dataset: Dataset,
  examples: ArrayLike<number>,
  options: ForwardOptions = {},
): ForwardResult {
  checkSizes(model, dataset, examples);
  const { cell, units: U, layers: L, inputSize: I, outputs: C } = model.config;
  const p = model.parameters;
  const B = examples.length;
  const T = dataset.time;
  const everyStep = dataset.kind === "sequence";
  if (options.initialStates && options.initialStates.length !== L) {
    throw new Error(
      `initialStates: expected the states of ${L} layer(s), got ${options.initialStates.length}`,
    );
  }
  let x = batchInputs(model, dataset, examples); // (T, B, I)
  const traces: Trace[] = [];
  for (let layer = 0; layer < L; layer++) {
    const trace = flatForwardTrace(
      cell,
      layerWeights(p, layer),
      x,
      { batch: B, time: T, inputSize: layer === 0 ? I : U, units: U },
      {
        recurrentActivation: model.config.recurrentActivation,
        returnSequences: everyStep || layer < L - 1,
        initialStates: options.initialStates?.[layer],
        products: options.products,
      },
    );
    traces.push(trace);
    // h^l_t is what layer l + 1 reads at step t
    if (layer < L - 1) x = hiddenSequence(trace);
  }
  const top = traces[L - 1];
  // the readout reads h^L_T (B, U), or h^L_t at every step (T·B, U)
  const lastHidden = everyStep ? hiddenSequence(top) : (top.steps[T - 1].states[0] as Float64Array);
  const rows = lastHidden.length / U;
  const outputs = new Float64Array(rows * C); // (rows, C)
  // o = h · W_d
  matMul(arithmetic("float64", options.products), lastHidden, p.denseKernel, outputs, rows, U, C);
  // o += b_d
  const denseBias = p.denseBias;
  for (let n = 0; n < rows; n++) {
    const row = n * C;
    for (let c = 0; c < C; c++) outputs[row + c] += denseBias[c];
  }
  let result: LossResult;
  if (dataset.kind === "tokens") {
    const labels = Array.from(examples, (e) => dataset.labels[e]);
    result = softmaxCrossEntropy(outputs, labels, B, C);
  } else if (dataset.kind === "sequence") {
    // the target of step t is the symbol after it: row t·B + n predicts stream[offset_n + t + 1]
    const targets = new Int32Array(rows);
    for (let t = 0; t < T; t++) {
      for (let n = 0; n < B; n++) targets[t * B + n] = dataset.stream[examples[n] + t + 1];
    }
    result = softmaxCrossEntropy(outputs, targets, rows, C);
  } else {
    const targets = Array.from(examples, (e) => dataset.targets[e]);
    result = squaredError(outputs, targets, B, dataset.tolerance);
  }
  const finalStates = traces.map((trace) => trace.steps[T - 1].states as Float64Array[]);
  return { trace: top, traces, lastHidden, outputs, result, finalStates };
}

export interface GradientResult extends ForwardResult {
  /** ∂loss/∂(every parameter), same names and shapes as model.parameters. */
  gradients: ModelParameters;
  /** The top recurrent layer's own gradients, with ∂L/∂h_t for every step in `hidden`. */
  recurrent: FlatGradients;
  /** Every recurrent layer's gradients, bottom first (∂L/∂x_t of each in `inputs`). */
  recurrentLayers: FlatGradients[];
}

/**
 * Loss and the gradient of every parameter, by backprop through the whole model. With
 * `initialStates`, the states are taken as given: nothing flows back into them (truncated BPTT).
 */
export function lossAndGradients(
  model: Model,
  dataset: Dataset,
  examples: ArrayLike<number>,
  options: ForwardOptions = {},
): GradientResult {
  const forwardResult = forward(model, dataset, examples, options);
  const { traces, lastHidden, result } = forwardResult;
  const { units: U, outputs: C, embeddingSize: E, layers: L } = model.config;
  const p = model.parameters;
  const rows = lastHidden.length / U; // B, or T·B for a sequence
  const dO = result.dOutputs; // ∂L/∂o (rows, C)
  const denseKernel = new Float64Array(U * C);
  // ∂L/∂W_d = hᵀ · ∂L/∂o           (U, C)
  const { products } = options;
  matMulTransposedAAdd(lastHidden, dO, denseKernel, rows, U, C, U, C, C, products);
  const denseBias = new Float64Array(C);
  // ∂L/∂b_d = Σ_rows ∂L/∂o         (C)
  addColumnSums(dO, denseBias, rows, C);
  let dOutput = new Float64Array(rows * U);
  // ∂L/∂h = ∂L/∂o · W_dᵀ           (rows, U): h^L_T, or h^L_t of every step
  matMulTransposedBAdd(dO, p.denseKernel, dOutput, rows, C, U, C, C, U, products);
  const recurrentLayers: FlatGradients[] = new Array(L);
  for (let layer = L - 1; layer >= 0; layer--) {
    // Backprop through time, by the library's hand-written BPTT; ∂L/∂x_t of layer l is what
    // ∂L/∂h^(l−1)_t receives from above (the first layer's only feeds the embedding).
    const needInputs = layer > 0 || p.embedding !== undefined;
    recurrentLayers[layer] = backwardTrace(traces[layer], dOutput, undefined, {
      inputGradients: needInputs,
    });
    dOutput = recurrentLayers[layer].inputs;
  }
  // (in the order of model.parameters: the global norm sums them in this order)
  const [first] = recurrentLayers;
  const gradients: ModelParameters = {
    kernel: first.kernel,
    recurrentKernel: first.recurrentKernel,
    bias: first.bias,
    denseKernel,
    denseBias,
  };
  if (p.embedding && dataset.kind !== "features") {
    const embedding = new Float64Array(p.embedding.length);
    const T = dataset.time;
    const B = examples.length;
    const dInputs = recurrentLayers[0].inputs; // ∂L/∂x_t (T, B, E)
    for (let t = 0; t < T; t++) {
      for (let n = 0; n < B; n++) {
        const token = inputToken(dataset, examples[n], t);
        const from = (t * B + n) * E;
        // x_t = E[token_t]:  ∂L/∂E[token] += ∂L/∂x_t
        for (let e = 0; e < E; e++) embedding[token * E + e] += dInputs[from + e];
      }
    }
    gradients.embedding = embedding;
  }
  for (let layer = 1; layer < L; layer++) {
    const names = layerParameterNames(layer);
    gradients[names.kernel] = recurrentLayers[layer].kernel;
    gradients[names.recurrentKernel] = recurrentLayers[layer].recurrentKernel;
    gradients[names.bias] = recurrentLayers[layer].bias;
  }
  return { ...forwardResult, gradients, recurrent: recurrentLayers[L - 1], recurrentLayers };
}

export interface Evaluation {
  loss: number;
  /** Fraction right: argmax = label (or next symbol), or |prediction − target| ≤ tolerance. */
  accuracy: number;
}

/**
 * Mean loss and accuracy over a whole dataset. Sentences and sequences go in chunks of
 * `batchSize` (default 256); a text stream is read as `batchSize` stretches (default 16) in
 * consecutive windows, the states
 * carried from window to window (as in training), and every symbol after the first is predicted
 * once (the few at the ends of the stretches that do not fill a window are left out).
 */
export function evaluate(model: Model, dataset: Dataset, batchSize?: number): Evaluation {
  // a text: few long stretches, so that most symbols are read with a long context behind them
  if (dataset.kind === "sequence") return evaluateStream(model, dataset, batchSize ?? 16);
  return evaluateExamples(model, dataset, batchSize ?? 256);
}

function evaluateExamples(model: Model, dataset: Dataset, batchSize: number): Evaluation {
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

/** The window starts of a stream read as `rows` stretches: windows[w][n] = stretch n's w-th. */
export function streamWindows(
  dataset: Extract<Dataset, { kind: "sequence" }>,
  rows: number,
  shift = 0,
): Int32Array[] {
  const T = dataset.time;
  const stretch = Math.floor((dataset.stream.length - 1) / rows); // symbols per stretch
  const count = Math.floor((stretch - shift) / T);
  if (count < 1) {
    throw new Error(
      `batchSize: ${rows} stretches of a ${dataset.stream.length}-symbol text leave fewer than ${T} steps each: use fewer rows or a shorter window`,
    );
  }
  return Array.from({ length: count }, (_, w) =>
    Int32Array.from({ length: rows }, (_, n) => n * stretch + shift + w * T),
  );
}

function evaluateStream(
  model: Model,
  dataset: Extract<Dataset, { kind: "sequence" }>,
  batchSize: number,
): Evaluation {
  const rows = Math.max(
    1,
    Math.min(batchSize, Math.floor((dataset.stream.length - 1) / dataset.time)),
  );
  let loss = 0;
  let correct = 0;
  let predicted = 0;
  let states: Float64Array[][] | undefined;
  for (const examples of streamWindows(dataset, rows)) {
    const { result, finalStates } = forward(model, dataset, examples, { initialStates: states });
    const count = examples.length * dataset.time;
    loss += result.loss * count;
    correct += result.correct;
    predicted += count;
    states = finalStates;
  }
  return { loss: loss / predicted, accuracy: correct / predicted };
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

/**
 * A recurrent layer's weights as nested arrays in tfjs's layout (for forwardTrace, setWeights);
 * the first layer unless `layer` says otherwise.
 */
export function recurrentLayerWeights(model: Model, layer = 0): LayerWeights {
  const { inputSize, units: U } = model.config;
  const weights = layerWeights(model.parameters, layer);
  const width = weights.recurrentKernel.length / U;
  const rows = (flat: Float64Array, count: number) =>
    Array.from({ length: count }, (_, r) => Array.from(flat.subarray(r * width, (r + 1) * width)));
  return [
    rows(weights.kernel, layer === 0 ? inputSize : U),
    rows(weights.recurrentKernel, U),
    Array.from(weights.bias),
  ];
}
