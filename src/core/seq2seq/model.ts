/**
 * The encoder–decoder of chapter 07 (Sutskever et al. 2014; Cho et al. 2014; with attention,
 * Bahdanau et al. 2015), as flat buffers, with its backward pass written by hand.
 *
 *   x_j   = E_src[source_j]                     source embedding, j = 0 … S−1        (B, E_s)
 *   h_j   = encoder(x_0 … x_j)                  LSTM or GRU, the mask holds the state
 *                                               at padding (the library's layer)     (B, U_e)
 *           bidirectional: h_j = [h→_j ; h←_j]  (mergeMode concat)                   (B, 2U_e)
 *   s_0   = the encoder's final states          the "simple bridge": no weights; with
 *           (bidirectional: [h→_last ; h←_0],   two directions the decoder has 2U_e units,
 *           and likewise c for the LSTM)        so s_0 is the two final states side by side
 *   c_t   = attention(s_{t−1}, h_0 … h_{S−1})   additive attention (./attention.ts),
 *                                               query = the decoder's previous state (B, D_enc)
 *   y_t−1 = E_tgt[target_{t−1}], <start> at t = 0                                     (B, E_t)
 *   s_t   = decoder cell([y_{t−1} ; c_t], s_{t−1})   Bahdanau's input feeding: the context
 *                                               of step t, computed from s_{t−1}, is part of
 *                                               step t's input (without attention: y_{t−1})
 *   o_t   = s_t W_o + c_t W_oc + b_o            readout from the state and the context
 *                                               (without attention: s_t W_o + b_o)   (B, V)
 *   loss  = mean over the non-padding target symbols of −log softmax(o_t)[target_t]
 *
 * Teacher forcing while training: the decoder reads the true previous symbol. Generating
 * (`stepModel`, ./decode.ts) it reads its own previous output instead.
 *
 * Everything is float64; `products: "float32"` sums the large matrix products on the float32 SIMD
 * kernel (../numeric.ts), as chapter 06's training does. The recurrent layers are the library's:
 * the encoder runs `traceFromFlat` (one or two directions) and goes back through `backwardTrace`
 * / `bidirectionalBackward`; the decoder is stepped one symbol at a time with the cells' own
 * forward and backward steps (the attention of step t needs s_{t−1}, so it cannot run as one
 * layer call), and its BPTT is the loop in `lossAndGradients`.
 */
import { activation } from "../activations.js";
import { bidirectionalBackward } from "../bidirectional.js";
import type { CellGradients, CellStep, StepContext, StepRecord } from "../cells/cell.js";
import { defersRecurrentGradient } from "../cells/cell.js";
import { type GRUStep, gruCell } from "../cells/gru.js";
import { lstmCell } from "../cells/lstm.js";
import { blockCount, stateCount } from "../kinds.js";
import {
  addRecurrentKernelGradient,
  backwardTrace,
  type FlatGradients,
  type Trace,
  traceFromFlat,
} from "../layer.js";
import {
  type Arithmetic,
  addColumnSums,
  arithmetic,
  matMul,
  matMulTransposedAAdd,
  matMulTransposedBAdd,
  type ProductPrecision,
} from "../numeric.js";
import { seededRandom, uniformMatrix } from "../random.js";
import type { ParameterSet } from "../train/clipping.js";
import { randomWeights } from "../weights.js";
import {
  type AttentionMemory,
  type AttentionStep,
  attentionGradientBuffers,
  attentionMemory,
  attentionMemoryBackward,
  attentionStep,
  attentionStepBackward,
  type FlatAttentionParameters,
  randomAttentionParameters,
} from "./attention.js";
import type { StepModel } from "./decode.js";
import {
  END_ID,
  PAD_ID,
  type Seq2seqBatch,
  SOURCE_SYMBOLS,
  START_ID,
  TARGET_SYMBOLS,
} from "./number-data.js";

export type Seq2seqCell = "lstm" | "gru";

export interface Seq2seqOptions {
  /** The encoder's and the decoder's cell. Default "lstm". */
  cell?: Seq2seqCell;
  /** U_e: units of the encoder (of each direction when bidirectional). Default 32. */
  encoderUnits?: number;
  /** Read the source both ways (concat: the decoder then has 2·U_e units). Default false. */
  bidirectional?: boolean;
  /** Additive attention over the encoder's states. Default false. */
  attention?: boolean;
  /** A: width of attention's tanh layer. Default: the decoder's units. */
  attentionSize?: number;
  /** E_s: each source symbol's vector. Default 16. */
  sourceEmbeddingSize?: number;
  /** E_t: each target symbol's vector. Default 16. */
  targetEmbeddingSize?: number;
  /** The initial LSTM b_f / GRU b_z of both recurrent parts ("remember by default"). Default 1. */
  gateBias?: number;
  /** Seed of the initial weights. Default 0. */
  seed?: number;
}

const OPTION_NAMES = [
  "cell",
  "encoderUnits",
  "bidirectional",
  "attention",
  "attentionSize",
  "sourceEmbeddingSize",
  "targetEmbeddingSize",
  "gateBias",
  "seed",
];

/** Sizes and settings, all resolved. */
export interface Seq2seqConfig {
  cell: Seq2seqCell;
  encoderUnits: number; // U_e
  bidirectional: boolean;
  attention: boolean;
  /** D_enc: width of each encoder state h_j (2U_e bidirectional, else U_e). */
  encoderSize: number;
  /** U_d = D_enc (the bridge copies the encoder's final states). */
  decoderUnits: number;
  /** A (0 without attention). */
  attentionSize: number;
  sourceEmbeddingSize: number; // E_s
  targetEmbeddingSize: number; // E_t
  sourceVocabularySize: number; // V_s
  targetVocabularySize: number; // V
  gateBias: number;
  seed: number;
}

/**
 * The trainable numbers, flat row-major, tfjs's layouts for the recurrent parts. Absent: the
 * backward encoder without `bidirectional`, the attention and the readout's context kernel
 * without `attention`.
 */
export interface Seq2seqParameters extends ParameterSet {
  sourceEmbedding: Float64Array; // (V_s, E_s)
  encoderKernel: Float64Array; // (E_s, k·U_e)
  encoderRecurrentKernel: Float64Array; // (U_e, k·U_e)
  encoderBias: Float64Array; // (k·U_e)
  encoderBackwardKernel?: Float64Array; // (E_s, k·U_e)
  encoderBackwardRecurrentKernel?: Float64Array; // (U_e, k·U_e)
  encoderBackwardBias?: Float64Array; // (k·U_e)
  targetEmbedding: Float64Array; // (V, E_t)
  /** Rows 0 … E_t−1 read y_{t−1}; with attention, rows E_t … E_t+D_enc−1 read c_t. */
  decoderKernel: Float64Array; // (E_t [+ D_enc], k·U_d)
  decoderRecurrentKernel: Float64Array; // (U_d, k·U_d)
  decoderBias: Float64Array; // (k·U_d)
  attentionQueryKernel?: Float64Array; // W_q (U_d, A)
  attentionKeyKernel?: Float64Array; // W_k (D_enc, A)
  attentionScoreVector?: Float64Array; // v (A)
  readoutKernel: Float64Array; // W_o (U_d, V)
  readoutContextKernel?: Float64Array; // W_oc (D_enc, V)
  readoutBias: Float64Array; // b_o (V)
}

export interface Seq2seqModel {
  config: Seq2seqConfig;
  parameters: Seq2seqParameters;
}

function checkPositiveInteger(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new Error(`${name}: expected a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

const flat = (m: number[][]) => Float64Array.from(m.flat());

/** One recurrent part's weights: the library's initialiser, zero biases but the gate bias. */
function recurrentWeights(
  cell: Seq2seqCell,
  inputSize: number,
  units: number,
  seed: number,
  gateBias: number,
): { kernel: Float64Array; recurrentKernel: Float64Array; bias: Float64Array } {
  const [kernel, recurrentKernel] = randomWeights(cell, inputSize, units, { seed, biasScale: 0 });
  const bias = new Float64Array(blockCount(cell) * units);
  // LSTM: b_f (gate order i, f, c, o); GRU: b_z (gate order z, r, h̃)
  if (cell === "lstm") bias.fill(gateBias, units, 2 * units);
  else bias.fill(gateBias, 0, units);
  return { kernel: flat(kernel), recurrentKernel: flat(recurrentKernel), bias };
}

/** A seeded encoder–decoder for the number task's vocabularies. */
export function createSeq2seq(options: Seq2seqOptions = {}): Seq2seqModel {
  if (options === null || typeof options !== "object") {
    throw new Error(`createSeq2seq: expected an options object, got ${JSON.stringify(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.includes(key)) {
      throw new Error(
        `createSeq2seq: unknown option "${key}"; expected one of ${OPTION_NAMES.join(", ")}`,
      );
    }
  }
  const cell = options.cell ?? "lstm";
  if (cell !== "lstm" && cell !== "gru") {
    throw new Error(`cell: expected "lstm" or "gru", got ${JSON.stringify(cell)}`);
  }
  const encoderUnits = checkPositiveInteger(options.encoderUnits ?? 32, "encoderUnits");
  const bidirectional = options.bidirectional ?? false;
  const attention = options.attention ?? false;
  const encoderSize = (bidirectional ? 2 : 1) * encoderUnits;
  const decoderUnits = encoderSize;
  const attentionSize = attention
    ? checkPositiveInteger(options.attentionSize ?? decoderUnits, "attentionSize")
    : 0;
  const sourceEmbeddingSize = checkPositiveInteger(
    options.sourceEmbeddingSize ?? 16,
    "sourceEmbeddingSize",
  );
  const targetEmbeddingSize = checkPositiveInteger(
    options.targetEmbeddingSize ?? 16,
    "targetEmbeddingSize",
  );
  const gateBias = options.gateBias ?? 1;
  if (!Number.isFinite(gateBias)) throw new Error(`gateBias: expected a number, got ${gateBias}`);
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) throw new Error(`seed: expected an integer, got ${seed}`);
  const config: Seq2seqConfig = {
    cell,
    encoderUnits,
    bidirectional,
    attention,
    encoderSize,
    decoderUnits,
    attentionSize,
    sourceEmbeddingSize,
    targetEmbeddingSize,
    sourceVocabularySize: SOURCE_SYMBOLS.length,
    targetVocabularySize: TARGET_SYMBOLS.length,
    gateBias,
    seed,
  };
  const V = config.targetVocabularySize;
  const random = seededRandom(seed + 7919);
  const encoder = recurrentWeights(cell, sourceEmbeddingSize, encoderUnits, seed + 1, gateBias);
  const decoderInput = targetEmbeddingSize + (attention ? encoderSize : 0);
  const decoder = recurrentWeights(cell, decoderInput, decoderUnits, seed + 3, gateBias);
  const parameters: Seq2seqParameters = {
    // embedding rows uniform in [−1, 1): distinct symbols start as distinct vectors
    sourceEmbedding: flat(
      uniformMatrix(random, config.sourceVocabularySize, sourceEmbeddingSize, 1),
    ),
    encoderKernel: encoder.kernel,
    encoderRecurrentKernel: encoder.recurrentKernel,
    encoderBias: encoder.bias,
    targetEmbedding: flat(uniformMatrix(random, V, targetEmbeddingSize, 1)),
    decoderKernel: decoder.kernel,
    decoderRecurrentKernel: decoder.recurrentKernel,
    decoderBias: decoder.bias,
    // Glorot-uniform, limit √(6 / (fan in + fan out))
    readoutKernel: flat(uniformMatrix(random, decoderUnits, V, Math.sqrt(6 / (decoderUnits + V)))),
    readoutBias: new Float64Array(V),
  };
  if (bidirectional) {
    const backward = recurrentWeights(cell, sourceEmbeddingSize, encoderUnits, seed + 2, gateBias);
    parameters.encoderBackwardKernel = backward.kernel;
    parameters.encoderBackwardRecurrentKernel = backward.recurrentKernel;
    parameters.encoderBackwardBias = backward.bias;
  }
  if (attention) {
    const a = randomAttentionParameters(decoderUnits, encoderSize, attentionSize, {
      seed: seed + 4,
    });
    parameters.attentionQueryKernel = flat(a.queryKernel);
    parameters.attentionKeyKernel = flat(a.keyKernel);
    parameters.attentionScoreVector = Float64Array.from(a.scoreVector);
    parameters.readoutContextKernel = flat(
      uniformMatrix(random, encoderSize, V, Math.sqrt(6 / (encoderSize + V))),
    );
  }
  return { config, parameters };
}

/** How many numbers the model has to learn. */
export function seq2seqParameterCount(model: Seq2seqModel): number {
  let count = 0;
  for (const value of Object.values(model.parameters)) if (value) count += value.length;
  return count;
}

/** A deep copy (the optimiser updates parameters in place). */
export function cloneSeq2seq(model: Seq2seqModel): Seq2seqModel {
  const parameters = Object.fromEntries(
    Object.entries(model.parameters)
      .filter((entry): entry is [string, Float64Array] => entry[1] !== undefined)
      .map(([name, value]) => [name, Float64Array.from(value)]),
  ) as Seq2seqParameters;
  return { config: { ...model.config }, parameters };
}

function cellStep(cell: Seq2seqCell): CellStep<StepRecord> {
  return cell === "lstm" ? lstmCell : gruCell;
}

function stepContext(batch: number, inputSize: number, units: number, ar: Arithmetic): StepContext {
  return {
    batch,
    inputSize,
    units,
    arithmetic: ar,
    activation: activation("tanh", "float64"),
    // σ = the logistic sigmoid (hardSigmoid's zero gradient outside ±2.5 freezes a saturated gate)
    recurrentActivation: activation("sigmoid", "float64"),
  };
}

function attentionParameters(p: Seq2seqParameters): FlatAttentionParameters {
  return {
    queryKernel: p.attentionQueryKernel!,
    keyKernel: p.attentionKeyKernel!,
    scoreVector: p.attentionScoreVector!,
  };
}

/** What the encoder leaves for the decoder (and, in training, for the backward pass). */
export interface EncoderPass {
  batch: number; // B
  sourceLength: number; // S
  forward: Trace;
  /** The backward direction's trace (processing order: last position first). */
  backward?: Trace;
  /** h_j of every position, batch-major (B, S, D_enc): attention's memory. */
  states: Float64Array;
  /** 1 = a real source symbol (B, S). */
  mask: Uint8Array;
  /** s_0: the decoder's initial states, [h] or [h, c], each (B, U_d). */
  decoderStates: Float64Array[];
  /** Attention's keys, computed once (with attention). */
  memory?: AttentionMemory;
}

/** Runs the encoder over source ids (B, S) batch-major, padded where mask = 0. */
export function encodeSources(
  model: Seq2seqModel,
  source: Int32Array,
  mask: Uint8Array,
  batch: number,
  products: ProductPrecision = "float64",
): EncoderPass {
  const { cell, encoderUnits: U, sourceEmbeddingSize: E, encoderSize: D } = model.config;
  const p = model.parameters;
  const B = batch;
  const S = source.length / B;
  if (!Number.isInteger(S) || S < 1 || mask.length !== source.length) {
    throw new Error(
      `source: expected B·S ids and as many mask flags (B = ${B}), ` +
        `got ${source.length} and ${mask.length}`,
    );
  }
  const ar = arithmetic("float64", products);
  const ctx = stepContext(B, E, U, ar);
  // x_j = E_src[source_j], time-major (S, B, E_s), in both reading orders
  const inputs = new Float64Array(S * B * E);
  const reversed = new Float64Array(S * B * E);
  const maskForward = new Uint8Array(S * B);
  const maskBackward = new Uint8Array(S * B);
  let padded = false;
  for (let n = 0; n < B; n++) {
    for (let j = 0; j < S; j++) {
      const id = source[n * S + j];
      const row = p.sourceEmbedding.subarray(id * E, (id + 1) * E);
      inputs.set(row, (j * B + n) * E);
      reversed.set(row, ((S - 1 - j) * B + n) * E);
      maskForward[j * B + n] = mask[n * S + j];
      maskBackward[(S - 1 - j) * B + n] = mask[n * S + j];
      if (mask[n * S + j] === 0) padded = true;
    }
  }
  const options = { returnSequences: model.config.attention, resetAfter: false };
  const zeros = () => Array.from({ length: stateCount(cell) }, () => new Float64Array(B * U));
  const forward = traceFromFlat(
    cell,
    {
      kernel: p.encoderKernel,
      recurrentKernel: p.encoderRecurrentKernel,
      bias: p.encoderBias,
      inputSize: E,
      units: U,
    },
    inputs,
    zeros(),
    ctx,
    { ...options, goBackwards: false },
    padded ? maskForward : undefined,
  );
  let backward: Trace | undefined;
  if (model.config.bidirectional) {
    backward = traceFromFlat(
      cell,
      {
        kernel: p.encoderBackwardKernel!,
        recurrentKernel: p.encoderBackwardRecurrentKernel!,
        bias: p.encoderBackwardBias!,
        inputSize: E,
        units: U,
      },
      reversed,
      zeros(),
      ctx,
      { ...options, goBackwards: true },
      padded ? maskBackward : undefined,
    );
  }
  // h_j = [h→_j ; h←_j] (B, S, D_enc); h←_j is the backward layer's step S − 1 − j
  const states = new Float64Array(B * S * D);
  for (let j = 0; j < S; j++) {
    const h = forward.steps[j].states[0];
    const hBack = backward?.steps[S - 1 - j].states[0];
    for (let n = 0; n < B; n++) {
      const out = (n * S + j) * D;
      states.set(h.subarray(n * U, (n + 1) * U), out);
      if (hBack) states.set(hBack.subarray(n * U, (n + 1) * U), out + U);
    }
  }
  // s_0: the final states side by side (the mask carried each row's last real state to the end)
  const last = forward.steps[S - 1].states;
  const lastBack = backward?.steps[S - 1].states;
  const decoderStates = last.map((state, s) => {
    if (!lastBack) return Float64Array.from(state);
    const joined = new Float64Array(B * D);
    for (let n = 0; n < B; n++) {
      joined.set(state.subarray(n * U, (n + 1) * U), n * D);
      joined.set(lastBack[s].subarray(n * U, (n + 1) * U), n * D + U);
    }
    return joined;
  });
  const pass: EncoderPass = {
    batch: B,
    sourceLength: S,
    forward,
    states,
    mask: Uint8Array.from(mask),
    decoderStates,
  };
  if (backward) pass.backward = backward;
  if (model.config.attention) {
    pass.memory = attentionMemory(
      attentionParameters(p),
      states,
      {
        batch: B,
        sourceLength: S,
        encoderSize: D,
        decoderSize: model.config.decoderUnits,
        attentionSize: model.config.attentionSize,
      },
      padded ? pass.mask : undefined,
    );
  }
  return pass;
}

/** One decoder step's forward: attention (if any), the cell, and what the backward step reads. */
interface DecoderStep {
  record: StepRecord;
  attention?: AttentionStep;
}

/**
 * One decoder step for B rows: `embeddedW` is y_{t−1}·W_y (B, k·U_d), the embedding's share of
 * x_t·W; adds c_t·W_c with attention, then runs the cell. `embeddedW` is overwritten.
 */
function decoderStep(
  model: Seq2seqModel,
  ctx: StepContext,
  memory: AttentionMemory | undefined,
  statesPrev: Float64Array[],
  embeddedW: Float64Array,
  scratch: Float64Array,
): DecoderStep {
  const p = model.parameters;
  const { targetEmbeddingSize: E, encoderSize: D, decoderUnits: U } = model.config;
  const width = blockCount(model.config.cell) * U;
  const B = ctx.batch;
  let attention: AttentionStep | undefined;
  if (memory) {
    // c_t = attention(query s_{t−1}, keys of h_0 … h_{S−1})
    attention = attentionStep(attentionParameters(p), memory, statesPrev[0]);
    // x_t·W = y_{t−1}·W_y + c_t·W_c       (W_c: the kernel's rows after the embedding's)
    matMul(
      ctx.arithmetic,
      attention.context,
      p.decoderKernel.subarray(E * width),
      scratch,
      B,
      D,
      width,
    );
    for (let j = 0; j < B * width; j++) embeddedW[j] += scratch[j];
  }
  const record = cellStep(model.config.cell).forward(
    { kernel: p.decoderKernel, recurrentKernel: p.decoderRecurrentKernel, bias: p.decoderBias },
    embeddedW,
    statesPrev,
    ctx,
  );
  return attention ? { record, attention } : { record };
}

/** y·W_y for B symbols: their embedding rows times the kernel's first E_t rows (B, k·U_d). */
function embeddedTimesKernel(
  model: Seq2seqModel,
  ar: Arithmetic,
  tokens: ArrayLike<number>,
  embedded: Float64Array,
  out: Float64Array,
): void {
  const { targetEmbeddingSize: E, decoderUnits: U } = model.config;
  const width = blockCount(model.config.cell) * U;
  const B = tokens.length;
  const table = model.parameters.targetEmbedding;
  for (let n = 0; n < B; n++) {
    embedded.set(table.subarray(tokens[n] * E, (tokens[n] + 1) * E), n * E);
  }
  matMul(ar, embedded, model.parameters.decoderKernel, out, B, E, width);
}

/** o = s W_o + c W_oc + b_o for `rows` rows (time-major when they are several steps). */
function readout(
  model: Seq2seqModel,
  ar: Arithmetic,
  hidden: Float64Array,
  contexts: Float64Array | undefined,
  rows: number,
  logits: Float64Array,
  scratch: Float64Array,
): void {
  const { decoderUnits: U, encoderSize: D, targetVocabularySize: V } = model.config;
  const p = model.parameters;
  // o = s W_o
  matMul(ar, hidden, p.readoutKernel, logits, rows, U, V);
  if (contexts) {
    // o += c W_oc
    matMul(ar, contexts, p.readoutContextKernel!, scratch, rows, D, V);
    for (let j = 0; j < rows * V; j++) logits[j] += scratch[j];
  }
  // o += b_o
  for (let r = 0; r < rows; r++) for (let v = 0; v < V; v++) logits[r * V + v] += p.readoutBias[v];
}

/** The forward pass over a batch with teacher forcing, keeping what the backward pass needs. */
interface Seq2seqPass {
  encoder: EncoderPass;
  ctx: StepContext;
  steps: DecoderStep[];
  /** y_{t−1} of every step, time-major (T·B, E_t). */
  embedded: Float64Array;
  /** The decoder's input symbols, time-major (T·B). */
  inputs: Int32Array;
  /** s_t of every step, time-major (T·B, U_d). */
  hidden: Float64Array;
  /** c_t of every step, time-major (T·B, D_enc), with attention. */
  contexts?: Float64Array;
  /** The targets, time-major (T·B), PAD_ID at padding. */
  targets: Int32Array;
  logits: Float64Array; // (T·B, V)
}

export interface Seq2seqForwardOptions {
  /** How the matrix products are summed (../numeric.ts). Default "float64". */
  products?: ProductPrecision;
}

function runForward(
  model: Seq2seqModel,
  batch: Seq2seqBatch,
  options: Seq2seqForwardOptions,
): Seq2seqPass {
  const { size: B, targetLength: T } = batch;
  const products = options.products ?? "float64";
  const {
    cell,
    decoderUnits: U,
    targetEmbeddingSize: E,
    encoderSize: D,
    targetVocabularySize: V,
  } = model.config;
  const ar = arithmetic("float64", products);
  const encoder = encodeSources(model, batch.source, batch.sourceMask, B, products);
  const width = blockCount(cell) * U;
  const inputSize = E + (model.config.attention ? D : 0);
  const ctx = stepContext(B, inputSize, U, ar);
  // decoder inputs (teacher forcing): <start>, then the true previous symbol; targets time-major
  const inputs = new Int32Array(T * B);
  const targets = new Int32Array(T * B);
  for (let t = 0; t < T; t++) {
    for (let n = 0; n < B; n++) {
      inputs[t * B + n] = t === 0 ? START_ID : batch.target[n * T + t - 1];
      targets[t * B + n] = batch.target[n * T + t];
    }
  }
  // y_{t−1}·W_y for all steps at once (T·B, k·U_d): one product instead of T
  const embedded = new Float64Array(T * B * E);
  const embeddedW = new Float64Array(T * B * width);
  embeddedTimesKernel(model, ar, inputs, embedded, embeddedW);
  const hidden = new Float64Array(T * B * U);
  const contexts = model.config.attention ? new Float64Array(T * B * D) : undefined;
  const scratch = new Float64Array(B * width);
  const steps: DecoderStep[] = new Array(T);
  let states = encoder.decoderStates;
  for (let t = 0; t < T; t++) {
    const step = decoderStep(
      model,
      ctx,
      encoder.memory,
      states,
      embeddedW.subarray(t * B * width, (t + 1) * B * width),
      scratch,
    );
    steps[t] = step;
    states = step.record.states as Float64Array[];
    hidden.set(states[0], t * B * U);
    if (contexts && step.attention) contexts.set(step.attention.context, t * B * D);
  }
  const logits = new Float64Array(T * B * V);
  readout(model, ar, hidden, contexts, T * B, logits, new Float64Array(T * B * V));
  const pass: Seq2seqPass = { encoder, ctx, steps, embedded, inputs, hidden, targets, logits };
  if (contexts) pass.contexts = contexts;
  return pass;
}

export interface Seq2seqLoss {
  /** Mean −log p(target symbol) over the batch's non-padding target symbols. */
  loss: number;
  /** How many of those symbols the loss averages over. */
  tokens: number;
  /** How many of them are the argmax of their distribution (teacher forcing). */
  correct: number;
}

/**
 * Softmax cross-entropy over the non-padding rows; writes ∂loss/∂o into `dLogits` if given.
 *   p = softmax(o),  loss = −(1/N) Σ_{real rows} log p[target],  ∂loss/∂o = (p − onehot)/N
 */
function tokenCrossEntropy(
  logits: Float64Array,
  targets: Int32Array,
  V: number,
  dLogits?: Float64Array,
): Seq2seqLoss {
  let tokens = 0;
  for (let r = 0; r < targets.length; r++) if (targets[r] !== PAD_ID) tokens++;
  let total = 0;
  let correct = 0;
  for (let r = 0; r < targets.length; r++) {
    const y = targets[r];
    if (y === PAD_ID) continue; // padding: no loss, no gradient
    const row = r * V;
    let max = Number.NEGATIVE_INFINITY;
    let best = 0;
    for (let v = 0; v < V; v++) {
      if (logits[row + v] > max) {
        max = logits[row + v];
        best = v;
      }
    }
    let sum = 0;
    for (let v = 0; v < V; v++) {
      const e = Math.exp(logits[row + v] - max);
      if (dLogits) dLogits[row + v] = e;
      sum += e;
    }
    // −log p_y = log Σ e^(o − max) − (o_y − max)
    total += Math.log(sum) - (logits[row + y] - max);
    if (best === y) correct++;
    if (dLogits) {
      // ∂loss/∂o = (p − onehot(y)) / N,  p = e^(o − max) / Σ
      const scale = 1 / (sum * tokens);
      for (let v = 0; v < V; v++) dLogits[row + v] *= scale;
      dLogits[row + y] -= 1 / tokens;
    }
  }
  return { loss: total / tokens, tokens, correct };
}

/** The loss of a batch with teacher forcing (no gradients). */
export function seq2seqLoss(
  model: Seq2seqModel,
  batch: Seq2seqBatch,
  options: Seq2seqForwardOptions = {},
): Seq2seqLoss {
  const pass = runForward(model, batch, options);
  return tokenCrossEntropy(pass.logits, pass.targets, model.config.targetVocabularySize);
}

export interface Seq2seqGradients extends Seq2seqLoss {
  /** ∂loss/∂(every parameter), under the parameters' names. */
  gradients: Seq2seqParameters;
}

/** ∂L/∂U of the decoder over all steps at once, for cells that left it out (float32 products). */
function decoderRecurrentKernelGradient(
  model: Seq2seqModel,
  pass: Seq2seqPass,
  dXW: Float64Array,
  dU: Float64Array,
  products: ProductPrecision,
): void {
  const { decoderUnits: U, cell } = model.config;
  const B = pass.encoder.batch;
  const T = pass.steps.length;
  // s_{t−1} of every step, stacked (T·B, U): s_0, then s_1 … s_{T−1}
  const hPrev = new Float64Array(T * B * U);
  hPrev.set(pass.encoder.decoderStates[0], 0);
  hPrev.set(pass.hidden.subarray(0, (T - 1) * B * U), B * U);
  addRecurrentKernelGradient(
    cell,
    hPrev,
    (t) => (pass.steps[t].record as GRUStep).resetHidden,
    dXW,
    dU,
    { time: T, batch: B, units: U, products },
  );
}

/** Adds ∂L/∂x (time-major (S, B, E_s) in time order) into the source embedding's gradient. */
function scatterSourceEmbedding(
  source: Int32Array,
  B: number,
  S: number,
  E: number,
  dInputs: Float64Array,
  dEmbedding: Float64Array,
): void {
  for (let j = 0; j < S; j++) {
    for (let n = 0; n < B; n++) {
      const id = source[n * S + j];
      const from = (j * B + n) * E;
      // x_j = E_src[id]:  ∂L/∂E_src[id] += ∂L/∂x_j
      for (let e = 0; e < E; e++) dEmbedding[id * E + e] += dInputs[from + e];
    }
  }
}

/**
 * The loss of a batch with teacher forcing and the gradient of every parameter: the readout, the
 * decoder's BPTT step by step (attention's backward step inside it, since step t's query is
 * s_{t−1}), attention's keys, then the encoder's BPTT from ∂L/∂h_j and ∂L/∂s_0.
 */
export function seq2seqLossAndGradients(
  model: Seq2seqModel,
  batch: Seq2seqBatch,
  options: Seq2seqForwardOptions = {},
): Seq2seqGradients {
  const products = options.products ?? "float64";
  const pass = runForward(model, batch, options);
  const { config } = model;
  const p = model.parameters;
  const {
    cell,
    decoderUnits: U,
    encoderUnits: Ue,
    encoderSize: D,
    targetEmbeddingSize: E,
    targetVocabularySize: V,
  } = config;
  const { size: B, targetLength: T, sourceLength: S } = batch;
  const rows = T * B;
  const width = blockCount(cell) * U;
  const dLogits = new Float64Array(rows * V);
  const loss = tokenCrossEntropy(pass.logits, pass.targets, V, dLogits);
  const g: Seq2seqParameters = {
    sourceEmbedding: new Float64Array(p.sourceEmbedding.length),
    encoderKernel: new Float64Array(0), // filled below
    encoderRecurrentKernel: new Float64Array(0),
    encoderBias: new Float64Array(0),
    targetEmbedding: new Float64Array(p.targetEmbedding.length),
    decoderKernel: new Float64Array(p.decoderKernel.length),
    decoderRecurrentKernel: new Float64Array(p.decoderRecurrentKernel.length),
    decoderBias: new Float64Array(p.decoderBias.length),
    readoutKernel: new Float64Array(p.readoutKernel.length),
    readoutBias: new Float64Array(V),
  };
  // readout: ∂L/∂W_o = Sᵀ ∂L/∂o, ∂L/∂b_o = Σ_rows ∂L/∂o, ∂L/∂s_t = ∂L/∂o W_oᵀ
  matMulTransposedAAdd(pass.hidden, dLogits, g.readoutKernel, rows, U, V, U, V, V, products);
  addColumnSums(dLogits, g.readoutBias, rows, V);
  const dHidden = new Float64Array(rows * U);
  matMulTransposedBAdd(dLogits, p.readoutKernel, dHidden, rows, V, U, V, V, U, products);
  let dContexts: Float64Array | undefined;
  if (pass.contexts) {
    // ∂L/∂W_oc = Cᵀ ∂L/∂o, ∂L/∂c_t = ∂L/∂o W_ocᵀ (more is added through the decoder's input)
    g.readoutContextKernel = new Float64Array(p.readoutContextKernel!.length);
    matMulTransposedAAdd(
      pass.contexts,
      dLogits,
      g.readoutContextKernel,
      rows,
      D,
      V,
      D,
      V,
      V,
      products,
    );
    dContexts = new Float64Array(rows * D);
    matMulTransposedBAdd(
      dLogits,
      p.readoutContextKernel!,
      dContexts,
      rows,
      V,
      D,
      V,
      V,
      D,
      products,
    );
  }
  // the decoder, step by step backwards
  const attention = config.attention ? attentionParameters(p) : undefined;
  const memory = pass.encoder.memory;
  const attentionGradients =
    attention && memory ? attentionGradientBuffers(attention, memory.sizes) : undefined;
  const cellGradients: CellGradients = {
    kernel: g.decoderKernel, // untouched by the cells (the kernel's gradient is added below)
    recurrentKernel: g.decoderRecurrentKernel,
    bias: g.decoderBias,
  };
  const decoderWeights = {
    kernel: p.decoderKernel,
    recurrentKernel: p.decoderRecurrentKernel,
    bias: p.decoderBias,
  };
  const step = cellStep(cell);
  const dXW = new Float64Array(rows * width); // ∂L/∂(x_t·W) of every step (T·B, k·U_d)
  // W_cᵀ, once per batch: each step's ∂L/∂(x_t·W) W_cᵀ then reads it row by row, as a plain
  // product, instead of transposing W_c into the kernel's memory at every step (same sums)
  const contextKernelTransposed = attention ? new Float64Array(width * D) : undefined; // (k·U_d, D)
  if (contextKernelTransposed) {
    for (let d = 0; d < D; d++) {
      for (let g = 0; g < width; g++) {
        contextKernelTransposed[g * D + d] = p.decoderKernel[(E + d) * width + g];
      }
    }
  }
  const dContextStep = new Float64Array(B * D);
  let dStates = Array.from({ length: stateCount(cell) }, () => new Float64Array(B * U));
  for (let t = T - 1; t >= 0; t--) {
    // ∂L/∂s_t = what the readout sends + what step t + 1 sent back
    const dh = dStates[0];
    for (let j = 0; j < B * U; j++) dh[j] += dHidden[t * B * U + j];
    const statesPrev = t === 0 ? pass.encoder.decoderStates : pass.steps[t - 1].record.states;
    const back = step.backward(
      decoderWeights,
      pass.steps[t].record,
      statesPrev,
      dStates,
      pass.ctx,
      cellGradients,
    );
    dXW.set(back.dXW, t * B * width);
    const attentionStepForward = pass.steps[t].attention;
    if (
      attention &&
      memory &&
      attentionGradients &&
      attentionStepForward &&
      dContexts &&
      contextKernelTransposed
    ) {
      // ∂L/∂c_t += ∂L/∂(x_t·W) W_cᵀ        (x_t = [y_{t−1} ; c_t])
      const dContext = dContexts.subarray(t * B * D, (t + 1) * B * D);
      matMul(pass.ctx.arithmetic, back.dXW, contextKernelTransposed, dContextStep, B, width, D);
      for (let j = 0; j < B * D; j++) dContext[j] += dContextStep[j];
      // attention backwards: ∂L/∂W_q, ∂L/∂v, ∂L/∂H, ∂L/∂keys added; ∂L/∂s_{t−1} returned
      const dQuery = attentionStepBackward(
        attention,
        memory,
        attentionStepForward,
        { context: dContext },
        attentionGradients,
      );
      const dhPrev = back.dStatesPrev[0];
      for (let j = 0; j < B * U; j++) dhPrev[j] += dQuery[j];
    }
    dStates = back.dStatesPrev;
  }
  if (defersRecurrentGradient(pass.ctx)) {
    decoderRecurrentKernelGradient(model, pass, dXW, g.decoderRecurrentKernel, products);
  }
  // ∂L/∂W_y = Yᵀ ∂L/∂(xW), ∂L/∂W_c = Cᵀ ∂L/∂(xW), ∂L/∂b = Σ ∂L/∂(xW)
  matMulTransposedAAdd(
    pass.embedded,
    dXW,
    g.decoderKernel,
    rows,
    E,
    width,
    E,
    width,
    width,
    products,
  );
  if (pass.contexts) {
    matMulTransposedAAdd(
      pass.contexts,
      dXW,
      g.decoderKernel.subarray(E * width),
      rows,
      D,
      width,
      D,
      width,
      width,
      products,
    );
  }
  addColumnSums(dXW, g.decoderBias, rows, width);
  // ∂L/∂y_{t−1} = ∂L/∂(xW) W_yᵀ, into the target embedding's rows
  const dEmbedded = new Float64Array(rows * E);
  matMulTransposedBAdd(dXW, p.decoderKernel, dEmbedded, rows, width, E, width, width, E, products);
  for (let r = 0; r < rows; r++) {
    const id = pass.inputs[r];
    for (let e = 0; e < E; e++) g.targetEmbedding[id * E + e] += dEmbedded[r * E + e];
  }
  // ∂L/∂h_j: attention's, after its keys go back too (B, S, D_enc) → time-major (S, B, D_enc)
  let dEncoderOutput: Float64Array;
  if (attention && memory && attentionGradients) {
    attentionMemoryBackward(attention, memory, attentionGradients);
    g.attentionQueryKernel = attentionGradients.queryKernel;
    g.attentionKeyKernel = attentionGradients.keyKernel;
    g.attentionScoreVector = attentionGradients.scoreVector;
    dEncoderOutput = new Float64Array(S * B * D);
    for (let n = 0; n < B; n++) {
      for (let j = 0; j < S; j++) {
        dEncoderOutput.set(
          attentionGradients.encoderStates.subarray((n * S + j) * D, (n * S + j + 1) * D),
          (j * B + n) * D,
        );
      }
    }
  } else {
    dEncoderOutput = new Float64Array(B * D); // no output read but the final states
  }
  // ∂L/∂s_0 → the encoder's final states (the bridge splits it back into the two directions)
  const { forward, backward } = pass.encoder;
  let encoderGrads: { forward: FlatGradients; backward?: FlatGradients; inputs: Float64Array };
  if (backward) {
    const split = (d: Float64Array, half: 0 | 1) => {
      const out = new Float64Array(B * Ue);
      for (let n = 0; n < B; n++) {
        out.set(d.subarray(n * D + half * Ue, n * D + (half + 1) * Ue), n * Ue);
      }
      return out;
    };
    const dFinal = [...dStates.map((d) => split(d, 0)), ...dStates.map((d) => split(d, 1))];
    encoderGrads = bidirectionalBackward(
      { forward, backward, mergeMode: "concat", width: D, output: new Float64Array(0) },
      dEncoderOutput,
      dFinal,
    );
  } else {
    const grads = backwardTrace(forward, dEncoderOutput, dStates);
    encoderGrads = { forward: grads, inputs: grads.inputs };
  }
  g.encoderKernel = encoderGrads.forward.kernel;
  g.encoderRecurrentKernel = encoderGrads.forward.recurrentKernel;
  g.encoderBias = encoderGrads.forward.bias;
  if (encoderGrads.backward) {
    g.encoderBackwardKernel = encoderGrads.backward.kernel;
    g.encoderBackwardRecurrentKernel = encoderGrads.backward.recurrentKernel;
    g.encoderBackwardBias = encoderGrads.backward.bias;
  }
  scatterSourceEmbedding(
    batch.source,
    B,
    S,
    config.sourceEmbeddingSize,
    encoderGrads.inputs,
    g.sourceEmbedding,
  );
  // the same names in the same order as the parameters (the global norm sums in this order)
  const gradients = Object.fromEntries(
    Object.keys(p).map((name) => [name, g[name]]),
  ) as Seq2seqParameters;
  return { ...loss, gradients };
}

/** One hypothesis's decoder state: [s] or [s, c] for one row, each (U_d). */
export type DecoderState = Float64Array[];

/** Log-softmax of each row of `logits` (rows, V), as separate arrays. */
function logSoftmaxRows(logits: Float64Array, rows: number, V: number): Float64Array[] {
  return Array.from({ length: rows }, (_, r) => {
    const row = logits.subarray(r * V, (r + 1) * V);
    let max = Number.NEGATIVE_INFINITY;
    for (let v = 0; v < V; v++) max = Math.max(max, row[v]);
    let sum = 0;
    for (let v = 0; v < V; v++) sum += Math.exp(row[v] - max);
    const logSum = max + Math.log(sum);
    return Float64Array.from(row, (o) => o - logSum);
  });
}

/** The attention memory of one encoded source, repeated for n hypotheses. */
function repeatedMemory(model: Seq2seqModel, encoded: EncoderPass, n: number): AttentionMemory {
  const { encoderSize: D } = model.config;
  const S = encoded.sourceLength;
  const states = new Float64Array(n * S * D);
  const mask = new Uint8Array(n * S);
  for (let r = 0; r < n; r++) {
    states.set(encoded.states.subarray(0, S * D), r * S * D);
    mask.set(encoded.mask.subarray(0, S), r * S);
  }
  return attentionMemory(
    attentionParameters(model.parameters),
    states,
    {
      batch: n,
      sourceLength: S,
      encoderSize: D,
      decoderSize: model.config.decoderUnits,
      attentionSize: model.config.attentionSize,
    },
    mask,
  );
}

/**
 * One decoding step for n rows at once (hypotheses of one source, or n sources): their states
 * (each (n, U_d)) and last symbols in; log p(next symbol), the next states, attention weights out.
 */
function decodeRows(
  model: Seq2seqModel,
  memory: AttentionMemory | undefined,
  states: Float64Array[],
  tokens: ArrayLike<number>,
): { logProbabilities: Float64Array[]; states: Float64Array[]; weights?: Float64Array } {
  const { cell, decoderUnits: U, targetEmbeddingSize: E, encoderSize: D } = model.config;
  const { targetVocabularySize: V } = model.config;
  const n = tokens.length;
  const width = blockCount(cell) * U;
  const ar = arithmetic("float64");
  const ctx = stepContext(n, E + (memory ? D : 0), U, ar);
  const embeddedW = new Float64Array(n * width);
  embeddedTimesKernel(model, ar, tokens, new Float64Array(n * E), embeddedW);
  const step = decoderStep(model, ctx, memory, states, embeddedW, new Float64Array(n * width));
  const next = step.record.states as Float64Array[];
  const logits = new Float64Array(n * V);
  readout(model, ar, next[0], step.attention?.context, n, logits, new Float64Array(n * V));
  const out: { logProbabilities: Float64Array[]; states: Float64Array[]; weights?: Float64Array } =
    { logProbabilities: logSoftmaxRows(logits, n, V), states: next };
  if (step.attention) out.weights = step.attention.weights;
  return out;
}

/**
 * The trained decoder as ./decode.ts searches it, for one source (ids without padding, e.g.
 * makeExample(n, "zh").source): the encoder runs once, each step runs the decoder for every
 * hypothesis at once, feeding back the symbols the search chose.
 */
export function seq2seqStepModel(
  model: Seq2seqModel,
  source: ArrayLike<number>,
): StepModel<DecoderState> {
  const S = source.length;
  const ids = Int32Array.from(source);
  const encoded = encodeSources(model, ids, new Uint8Array(S).fill(1), 1);
  const memories = new Map<number, AttentionMemory>();
  const memoryFor = (n: number) => {
    if (!model.config.attention) return undefined;
    let memory = memories.get(n);
    if (!memory) {
      memory = repeatedMemory(model, encoded, n);
      memories.set(n, memory);
    }
    return memory;
  };
  const U = model.config.decoderUnits;
  return {
    initialState: encoded.decoderStates.map((s) => Float64Array.from(s)),
    startToken: START_ID,
    endToken: END_ID,
    step(states, tokens) {
      const n = states.length;
      // stack the hypotheses' states into (n, U_d) per state
      const stacked = encoded.decoderStates.map((_, s) => {
        const buffer = new Float64Array(n * U);
        states.forEach((state, r) => {
          buffer.set(state[s], r * U);
        });
        return buffer;
      });
      const out = decodeRows(model, memoryFor(n), stacked, tokens);
      const result: ReturnType<StepModel<DecoderState>["step"]> = {
        logProbabilities: out.logProbabilities,
        states: Array.from({ length: n }, (_, r) =>
          out.states.map((state) => state.slice(r * U, (r + 1) * U)),
        ),
      };
      if (out.weights) {
        const weights = out.weights;
        result.attention = Array.from({ length: n }, (_, r) => weights.slice(r * S, (r + 1) * S));
      }
      return result;
    },
  };
}

/**
 * Greedy decoding of a whole batch at once (evaluation): every row steps until it has written
 * <end> or `maxLength` symbols. Returns each row's symbols without <end>.
 */
export function greedyDecodeBatch(
  model: Seq2seqModel,
  batch: Pick<Seq2seqBatch, "size" | "source" | "sourceMask">,
  maxLength = 32,
): number[][] {
  const B = batch.size;
  const encoded = encodeSources(model, batch.source, batch.sourceMask, B);
  let states = encoded.decoderStates;
  const tokens = new Int32Array(B).fill(START_ID);
  const outputs: number[][] = Array.from({ length: B }, () => []);
  const done = new Uint8Array(B);
  let remaining = B;
  for (let t = 0; t < maxLength && remaining > 0; t++) {
    const out = decodeRows(model, encoded.memory, states, tokens);
    states = out.states;
    for (let n = 0; n < B; n++) {
      const logP = out.logProbabilities[n];
      let best = 0;
      for (let v = 1; v < logP.length; v++) if (logP[v] > logP[best]) best = v;
      tokens[n] = best;
      if (done[n]) continue;
      if (best === END_ID) {
        done[n] = 1;
        remaining--;
      } else {
        outputs[n].push(best);
      }
    }
  }
  return outputs;
}
