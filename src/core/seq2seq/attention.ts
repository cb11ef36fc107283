/**
 * Additive attention (Bahdanau, Cho & Bengio 2015; chapter 07), forward and backward by hand.
 *
 * The encoder has read the source and left one state per position, H (B, S, D_enc), row h_j for
 * position j. At each decoder step the decoder's previous state s (B, D_dec) is the query: it
 * scores every position, and the context is the mean of H weighted by those scores:
 *
 *   k_j = h_j W_k + b            one key per source position                        (B, S, A)
 *   u_j = tanh(s W_q + k_j)      query and key meet in a small tanh layer            (B, S, A)
 *   e_j = vᵀ u_j                 one score per position                              (B, S)
 *   α   = softmax_j(e)           the attention weights: ≥ 0, summing to 1 over j     (B, S)
 *   c   = Σ_j α_j h_j            the context the decoder reads at this step          (B, D_enc)
 *
 * Parameters: W_q = queryKernel (D_dec, A), W_k = keyKernel (D_enc, A), v = scoreVector (A) and,
 * optionally, b = bias (A) (the paper writes none; TensorFlow's tutorials' Dense layers add one).
 * A padded source position (mask 0) gets the score −∞, so its weight is exactly 0: it adds nothing
 * to c and gets no gradient. Always float64.
 *
 * The keys do not depend on the decoder step, so they are computed once per source
 * (`attentionMemory`) and every step reuses them. On the way back, each step adds its ∂L/∂k_j into
 * one buffer, and the keys are backpropagated into W_k, b and H once, after the last step
 * (`attentionMemoryBackward`): ∂L/∂W_k = Hᵀ (Σ_t ∂L/∂K_t), as BPTT sums a weight's gradient over
 * the steps that used it.
 *
 * Two ways in: flat row-major Float64Arrays (training: one decoder step at a time, its backward
 * step interleaved with the decoder's own BPTT, whose next query depends on this context), and
 * nested arrays (a notebook: T decoder steps whose queries are known beforehand).
 *
 * Porting note: Keras's AdditiveAttention layer takes queries and keys already projected and
 * scores Σ scale ⊙ tanh(q + k); here the projections W_q, W_k belong to the attention, as in the
 * paper.
 */
import { expectShape, flatten, type Matrix, type Tensor3 } from "../arrays.js";
import {
  addColumnSums,
  arithmetic,
  matMul,
  matMulTransposedAAdd,
  matMulTransposedBAdd,
} from "../numeric.js";
import { seededRandom, uniformMatrix } from "../random.js";

const FLOAT64 = arithmetic("float64");

/** The parameters as nested arrays (what a notebook holds and prints). */
export interface AttentionParameters {
  queryKernel: Matrix; // W_q (D_dec, A)
  keyKernel: Matrix; // W_k (D_enc, A)
  scoreVector: number[]; // v (A)
  bias?: number[]; // b (A), optional
}

/** The same parameters, flat row-major (what training updates). */
export interface FlatAttentionParameters {
  queryKernel: Float64Array; // W_q (D_dec, A)
  keyKernel: Float64Array; // W_k (D_enc, A)
  scoreVector: Float64Array; // v (A)
  bias?: Float64Array; // b (A), optional
}

export interface AttentionSizes {
  batch: number; // B
  sourceLength: number; // S
  encoderSize: number; // D_enc
  decoderSize: number; // D_dec
  attentionSize: number; // A
}

/** What stays fixed while the decoder runs over one batch of sources. */
export interface AttentionMemory {
  sizes: AttentionSizes;
  encoderStates: Float64Array; // H (B, S, D_enc)
  keys: Float64Array; // k_j = h_j W_k + b (B, S, A)
  /** 1 = a real source position, 0 = padding (B, S); absent: all real. */
  mask?: Uint8Array;
}

/** One decoder step's attention: its outputs and what its backward step reads. */
export interface AttentionStep {
  query: Float64Array; // s (B, D_dec)
  hidden: Float64Array; // u_j = tanh(s W_q + k_j), 0 at padded positions (B, S, A)
  scores: Float64Array; // e (B, S), −∞ at padded positions
  weights: Float64Array; // α (B, S), exactly 0 at padded positions
  context: Float64Array; // c (B, D_enc)
}

/** What the loss sends back into one step's outputs. */
export interface AttentionOutputGradients {
  context: Float64Array; // ∂L/∂c (B, D_enc)
  /** ∂L/∂α (B, S), for a loss on the weights themselves; absent: zeros. */
  weights?: Float64Array;
}

/** Gradient buffers that the backward steps add into, one set per batch of sources. */
export interface AttentionGradientBuffers {
  queryKernel: Float64Array; // ∂L/∂W_q, summed over the steps (D_dec, A)
  keyKernel: Float64Array; // ∂L/∂W_k, added by attentionMemoryBackward (D_enc, A)
  scoreVector: Float64Array; // ∂L/∂v, summed over the steps (A)
  bias?: Float64Array; // ∂L/∂b, added by attentionMemoryBackward (A)
  /** ∂L/∂H: through c at every step, then through the keys (B, S, D_enc). */
  encoderStates: Float64Array;
  /** ∂L/∂k_j summed over the steps, until attentionMemoryBackward consumes it (B, S, A). */
  keys: Float64Array;
}

function checkSizes(sizes: AttentionSizes): void {
  for (const name of [
    "batch",
    "sourceLength",
    "encoderSize",
    "decoderSize",
    "attentionSize",
  ] as const) {
    const size = sizes[name];
    if (!Number.isInteger(size) || size < 1) {
      throw new Error(`sizes.${name}: expected a positive integer, got ${size}`);
    }
  }
}

/** Checks a flat buffer's length: `${name}: expected 3·6 = 18 numbers (rows, cols), got 15`. */
function checkLength(buffer: unknown, name: string, dims: number[], meaning: string): void {
  const expected = dims.reduce((product, d) => product * d, 1);
  const size = dims.length > 1 ? `${dims.join("·")} = ${expected}` : String(expected);
  if (!(buffer instanceof Float64Array)) {
    throw new Error(`${name}: expected a Float64Array of ${size} numbers (${meaning})`);
  }
  if (buffer.length !== expected) {
    throw new Error(`${name}: expected ${size} numbers (${meaning}), got ${buffer.length}`);
  }
}

function checkFlatParameters(parameters: FlatAttentionParameters, sizes: AttentionSizes): void {
  const { encoderSize: E, decoderSize: D, attentionSize: A } = sizes;
  checkLength(parameters.queryKernel, "queryKernel (W_q)", [D, A], "decoder size, attention size");
  checkLength(parameters.keyKernel, "keyKernel (W_k)", [E, A], "encoder size, attention size");
  checkLength(parameters.scoreVector, "scoreVector (v)", [A], "attention size");
  if (parameters.bias !== undefined) {
    checkLength(parameters.bias, "bias (b)", [A], "attention size");
  }
}

function checkGradientBuffers(gradients: AttentionGradientBuffers, sizes: AttentionSizes): void {
  const { batch: B, sourceLength: S, encoderSize: E, decoderSize: D, attentionSize: A } = sizes;
  const what = "(make them with attentionGradientBuffers)";
  checkLength(gradients.queryKernel, "gradients.queryKernel", [D, A], `∂L/∂W_q ${what}`);
  checkLength(gradients.keyKernel, "gradients.keyKernel", [E, A], `∂L/∂W_k ${what}`);
  checkLength(gradients.scoreVector, "gradients.scoreVector", [A], `∂L/∂v ${what}`);
  if (gradients.bias !== undefined) {
    checkLength(gradients.bias, "gradients.bias", [A], `∂L/∂b ${what}`);
  }
  checkLength(gradients.encoderStates, "gradients.encoderStates", [B, S, E], `∂L/∂H ${what}`);
  checkLength(gradients.keys, "gradients.keys", [B, S, A], `∂L/∂K ${what}`);
}

/**
 * Keeps the encoder's states (not a copy) and computes the keys k_j = h_j W_k + b, once per
 * batch of sources: they do not depend on the decoder step, so every step reuses them.
 */
export function attentionMemory(
  parameters: FlatAttentionParameters,
  encoderStates: Float64Array,
  sizes: AttentionSizes,
  mask?: Uint8Array,
): AttentionMemory {
  checkSizes(sizes);
  checkFlatParameters(parameters, sizes);
  const { batch: B, sourceLength: S, encoderSize: E, attentionSize: A } = sizes;
  checkLength(encoderStates, "encoderStates (H)", [B, S, E], "batch, source length, encoder size");
  if (mask !== undefined) checkFlatMask(mask, B, S);
  const keys = new Float64Array(B * S * A);
  // k_j = h_j W_k, all B·S positions in one product
  matMul(FLOAT64, encoderStates, parameters.keyKernel, keys, B * S, E, A); // (B, S, A)
  // k_j += b   (b is step-independent too, so it goes into the keys once)
  const bias = parameters.bias;
  if (bias !== undefined) {
    for (let position = 0; position < B * S; position++) {
      for (let a = 0; a < A; a++) keys[position * A + a] += bias[a];
    }
  }
  return { sizes: { ...sizes }, encoderStates, keys, ...(mask ? { mask } : {}) };
}

function checkFlatMask(mask: unknown, B: number, S: number): void {
  if (!(mask instanceof Uint8Array) || mask.length !== B * S) {
    const got = mask instanceof Uint8Array ? `${mask.length}` : String(mask);
    throw new Error(
      `mask: expected a Uint8Array of ${B}·${S} = ${B * S} flags (batch, source length; 1 = a real position), got ${got}`,
    );
  }
  for (let n = 0; n < B; n++) {
    if (mask.subarray(n * S, (n + 1) * S).every((flag) => flag === 0)) {
      throw new Error(
        `mask[${n}]: every position is padding; attention needs at least one real source position`,
      );
    }
  }
}

/** One decoder step: scores, weights and context for the query s (B, D_dec). */
export function attentionStep(
  parameters: FlatAttentionParameters,
  memory: AttentionMemory,
  query: Float64Array,
): AttentionStep {
  const {
    batch: B,
    sourceLength: S,
    encoderSize: E,
    decoderSize: D,
    attentionSize: A,
  } = memory.sizes;
  checkFlatParameters(parameters, memory.sizes);
  checkLength(query, "query (s)", [B, D], "batch, decoder size");
  const { keys, encoderStates: H, mask } = memory;
  const v = parameters.scoreVector;
  // s W_q: the query's half of the sum inside tanh, the same for every position j
  const queryPart = new Float64Array(B * A);
  matMul(FLOAT64, query, parameters.queryKernel, queryPart, B, D, A); // (B, A)
  const hidden = new Float64Array(B * S * A); // u (B, S, A)
  const scores = new Float64Array(B * S); // e (B, S)
  const weights = new Float64Array(B * S); // α (B, S)
  const context = new Float64Array(B * E); // c (B, D_enc)
  for (let n = 0; n < B; n++) {
    const queryRow = n * A; // this row's s W_q
    let maxScore = -Infinity;
    for (let j = 0; j < S; j++) {
      const position = n * S + j;
      if (mask !== undefined && mask[position] === 0) {
        // a padded position: e_j = −∞, so α_j = e^{−∞} / … = 0 exactly
        scores[position] = -Infinity;
        continue;
      }
      const key = position * A;
      let score = 0;
      for (let a = 0; a < A; a++) {
        // u_j = tanh(s W_q + k_j)
        const u = Math.tanh(queryPart[queryRow + a] + keys[key + a]);
        hidden[key + a] = u;
        // e_j = vᵀ u_j
        score += v[a] * u;
      }
      scores[position] = score;
      if (score > maxScore) maxScore = score;
    }
    // α_j = e^{e_j − max e} / Σ_i e^{e_i − max e}: subtracting the max changes nothing (it
    // cancels) and keeps every e^· ≤ 1, so no overflow however large the scores
    let total = 0;
    for (let j = 0; j < S; j++) {
      const position = n * S + j;
      weights[position] = Math.exp(scores[position] - maxScore); // 0 where e_j = −∞
      total += weights[position];
    }
    for (let j = 0; j < S; j++) weights[n * S + j] /= total;
    // c = Σ_j α_j h_j
    const contextRow = n * E; // this row's c
    for (let j = 0; j < S; j++) {
      const alpha = weights[n * S + j];
      if (alpha === 0) continue;
      const row = (n * S + j) * E;
      for (let d = 0; d < E; d++) context[contextRow + d] += alpha * H[row + d];
    }
  }
  return { query, hidden, scores, weights, context };
}

/** Zeroed gradient buffers for one batch of sources (a bias buffer if the parameters have b). */
export function attentionGradientBuffers(
  parameters: FlatAttentionParameters,
  sizes: AttentionSizes,
): AttentionGradientBuffers {
  checkSizes(sizes);
  checkFlatParameters(parameters, sizes);
  const { batch: B, sourceLength: S, encoderSize: E, decoderSize: D, attentionSize: A } = sizes;
  return {
    queryKernel: new Float64Array(D * A),
    keyKernel: new Float64Array(E * A),
    scoreVector: new Float64Array(A),
    ...(parameters.bias !== undefined ? { bias: new Float64Array(A) } : {}),
    encoderStates: new Float64Array(B * S * E),
    keys: new Float64Array(B * S * A),
  };
}

/**
 * One step backwards: adds this step's share into ∂L/∂W_q, ∂L/∂v, ∂L/∂H (through c) and ∂L/∂K
 * (for attentionMemoryBackward), and returns ∂L/∂s (B, D_dec), which belongs to the decoder's
 * state of the previous step. Steps may go back in any order; each adds.
 */
export function attentionStepBackward(
  parameters: FlatAttentionParameters,
  memory: AttentionMemory,
  step: AttentionStep,
  upstream: AttentionOutputGradients,
  gradients: AttentionGradientBuffers,
): Float64Array {
  const {
    batch: B,
    sourceLength: S,
    encoderSize: E,
    decoderSize: D,
    attentionSize: A,
  } = memory.sizes;
  checkGradientBuffers(gradients, memory.sizes);
  checkLength(upstream.context, "∂L/∂c (context gradient)", [B, E], "batch, encoder size");
  if (upstream.weights !== undefined) {
    checkLength(upstream.weights, "∂L/∂α (weights gradient)", [B, S], "batch, source length");
  }
  const H = memory.encoderStates;
  const v = parameters.scoreVector;
  const { hidden: u, weights: alpha } = step;
  const dContext = upstream.context; // (B, D_enc)
  const dLossDWeights = upstream.weights;
  const { encoderStates: dH, scoreVector: dV, keys: dKeys } = gradients;
  const dWeights = new Float64Array(B * S); // ∂L/∂α (B, S)
  const dQueryPart = new Float64Array(B * A); // ∂L/∂(s W_q) (B, A)
  for (let n = 0; n < B; n++) {
    const contextRow = n * E; // this row's ∂L/∂c
    // weighted mean of ∂L/∂α under α, the softmax's backward needs it: Σ_i α_i ∂L/∂α_i
    let meanDWeight = 0;
    for (let j = 0; j < S; j++) {
      const position = n * S + j;
      const alphaJ = alpha[position];
      if (alphaJ === 0) continue; // α_j = 0 (padded, or underflowed): nothing flows back
      const row = position * E;
      // ∂L/∂α_j = (∂L/∂α_j from the loss) + ∂L/∂c · h_j     (c = Σ_j α_j h_j)
      let dWeight = dLossDWeights?.[position] ?? 0;
      for (let d = 0; d < E; d++) dWeight += dContext[contextRow + d] * H[row + d];
      dWeights[position] = dWeight;
      meanDWeight += alphaJ * dWeight;
      // ∂L/∂h_j += α_j ∂L/∂c     (h_j's direct path into c)
      for (let d = 0; d < E; d++) dH[row + d] += alphaJ * dContext[contextRow + d];
    }
    for (let j = 0; j < S; j++) {
      const position = n * S + j;
      const alphaJ = alpha[position];
      if (alphaJ === 0) continue;
      // ∂L/∂e_j = α_j (∂L/∂α_j − Σ_i α_i ∂L/∂α_i)     (softmax: ∂α_i/∂e_j = α_i ([i = j] − α_j))
      const dScore = alphaJ * (dWeights[position] - meanDWeight);
      const key = position * A;
      for (let a = 0; a < A; a++) {
        const uja = u[key + a];
        // ∂L/∂v += ∂L/∂e_j u_j     (e_j = vᵀ u_j)
        dV[a] += dScore * uja;
        // ∂L/∂(s W_q + k_j) = ∂L/∂e_j v ⊙ (1 − u_j²)     (tanh' = 1 − tanh²)
        const dPreActivation = dScore * v[a] * (1 - uja * uja);
        // ∂L/∂k_j += …: summed over the decoder steps, which all read the same keys
        dKeys[key + a] += dPreActivation;
        // ∂L/∂(s W_q) = Σ_j ∂L/∂(s W_q + k_j)     (s W_q is added to every position's key)
        dQueryPart[n * A + a] += dPreActivation;
      }
    }
  }
  // ∂L/∂W_q += sᵀ ∂L/∂(s W_q)
  matMulTransposedAAdd(step.query, dQueryPart, gradients.queryKernel, B, D, A); // (D_dec, A)
  // ∂L/∂s = ∂L/∂(s W_q) W_qᵀ
  const dQuery = new Float64Array(B * D);
  matMulTransposedBAdd(dQueryPart, parameters.queryKernel, dQuery, B, A, D); // (B, D_dec)
  return dQuery;
}

/**
 * After the last step's backward: the keys k_j = h_j W_k + b, backwards, once for all steps
 * (gradients.keys holds Σ_t ∂L/∂K_t). Adds into ∂L/∂W_k, ∂L/∂b and ∂L/∂H, then empties
 * gradients.keys, so that calling it again adds nothing twice.
 */
export function attentionMemoryBackward(
  parameters: FlatAttentionParameters,
  memory: AttentionMemory,
  gradients: AttentionGradientBuffers,
): void {
  const { batch: B, sourceLength: S, encoderSize: E, attentionSize: A } = memory.sizes;
  checkGradientBuffers(gradients, memory.sizes);
  if ((gradients.bias !== undefined) !== (parameters.bias !== undefined)) {
    const expected = parameters.bias ? "a buffer: the parameters have b" : "none: no b";
    throw new Error(
      `gradients.bias: expected ${expected} (make them with attentionGradientBuffers)`,
    );
  }
  const dKeys = gradients.keys; // Σ_t ∂L/∂K_t (B, S, A)
  // ∂L/∂W_k += Hᵀ ∂L/∂K     (all B·S positions as rows)
  matMulTransposedAAdd(memory.encoderStates, dKeys, gradients.keyKernel, B * S, E, A); // (D_enc, A)
  // ∂L/∂H += ∂L/∂K W_kᵀ     (B, S, D_enc)
  matMulTransposedBAdd(dKeys, parameters.keyKernel, gradients.encoderStates, B * S, A, E);
  // ∂L/∂b += Σ_positions ∂L/∂k_j
  if (gradients.bias !== undefined) addColumnSums(dKeys, gradients.bias, B * S, A); // (A)
  dKeys.fill(0);
}

// ---------------------------------------------------------------------------------------------
// Nested arrays: what a notebook passes and prints.

export interface AttentionOptions {
  /** B × S flags, true or 1 = a real source position, false or 0 = padding. Default: all real.
   * Every source needs at least one real position. */
  mask?: (boolean | number)[][];
}

export interface AttentionGradientOptions extends AttentionOptions {
  /** ∂L/∂α (B, T, S), for a loss on the weights themselves. Default zeros. */
  dWeights?: Tensor3;
}

/** One decoder step, nested. */
export interface AttentionResult {
  scores: Matrix; // e (B, S), −∞ at padded positions
  weights: Matrix; // α (B, S)
  context: Matrix; // c (B, D_enc)
}

/** T decoder steps sharing one source, nested, batch first as tfjs. */
export interface AttentionSequenceResult {
  scores: Tensor3; // e (B, T, S), −∞ at padded positions
  weights: Tensor3; // α (B, T, S): row t is where output step t looked (the heatmap)
  context: Tensor3; // c (B, T, D_enc)
}

/** ∂L/∂(everything attention reads), in the shapes of what it reads. */
export interface AttentionGradients {
  queryKernel: Matrix; // ∂L/∂W_q (D_dec, A)
  keyKernel: Matrix; // ∂L/∂W_k (D_enc, A)
  scoreVector: number[]; // ∂L/∂v (A)
  bias?: number[]; // ∂L/∂b (A), when the parameters have b
  encoderStates: Tensor3; // ∂L/∂H (B, S, D_enc), 0 at padded positions
  queries: Tensor3; // ∂L/∂s_t (B, T, D_dec)
}

const OPTION_NAMES = ["mask"];
const GRADIENT_OPTION_NAMES = ["mask", "dWeights"];

function checkOptions(options: unknown, known: string[]): void {
  if (options === null || typeof options !== "object") {
    throw new Error(`options: expected an object, got ${options}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new Error(`options: unknown option "${key}"; expected one of ${known.join(", ")}`);
    }
  }
}

/** Checks the nested parameters against each other and the encoder size; returns them flat. */
export function flatAttentionParameters(
  parameters: AttentionParameters,
  encoderSize?: number,
): { parameters: FlatAttentionParameters; decoderSize: number; attentionSize: number } {
  if (parameters === null || typeof parameters !== "object") {
    throw new Error(
      `parameters: expected { queryKernel, keyKernel, scoreVector, bias? }, got ${parameters}`,
    );
  }
  const [A] = expectShape(parameters.scoreVector, "scoreVector (v)", [null], "attention size");
  const [D] = expectShape(
    parameters.queryKernel,
    "queryKernel (W_q)",
    [null, A],
    "decoder size, attention size = scoreVector's length",
  );
  const [E] = expectShape(
    parameters.keyKernel,
    "keyKernel (W_k)",
    [encoderSize ?? null, A],
    "encoder size = encoderStates' last axis, attention size = scoreVector's length",
  );
  const flat: FlatAttentionParameters = {
    queryKernel: flatten(parameters.queryKernel, new Float64Array(D * A)),
    keyKernel: flatten(parameters.keyKernel, new Float64Array(E * A)),
    scoreVector: Float64Array.from(parameters.scoreVector),
  };
  if (parameters.bias !== undefined) {
    expectShape(parameters.bias, "bias (b)", [A], "attention size = scoreVector's length");
    flat.bias = Float64Array.from(parameters.bias);
  }
  return { parameters: flat, decoderSize: D, attentionSize: A };
}

/** Checks a nested B × S mask and flattens it (B, S). */
function nestedMask(mask: unknown, B: number, S: number): Uint8Array {
  const meaning = "batch, source length: true or 1 = a real position";
  const rows = mask as unknown[];
  const firstRow = Array.isArray(rows) ? rows[0] : undefined;
  if (!Array.isArray(rows) || rows.length !== B || !Array.isArray(firstRow)) {
    const got = Array.isArray(rows) ? `[${rows.length}]` : String(mask);
    throw new Error(`mask: expected shape [${B}, ${S}] (${meaning}), got ${got}`);
  }
  const flags = new Uint8Array(B * S);
  rows.forEach((row, n) => {
    if (!Array.isArray(row) || row.length !== S) {
      const got = Array.isArray(row) ? `an array of length ${row.length}` : String(row);
      throw new Error(
        `mask[${n}]: expected an array of length ${S} (shape [${B}, ${S}]), got ${got}`,
      );
    }
    row.forEach((flag: unknown, j) => {
      if (flag !== true && flag !== false && flag !== 1 && flag !== 0) {
        throw new Error(`mask[${n}][${j}]: expected true, false, 1 or 0, got ${String(flag)}`);
      }
      flags[n * S + j] = flag === true || flag === 1 ? 1 : 0;
    });
  });
  return flags;
}

/** The memory (keys computed once) for nested encoder states. */
function nestedMemory(
  parameters: AttentionParameters,
  encoderStates: Tensor3,
  options: AttentionOptions,
): { flat: FlatAttentionParameters; memory: AttentionMemory } {
  const [B, S, E] = expectShape(
    encoderStates,
    "encoderStates (H)",
    [null, null, null],
    "batch, source length, encoder size",
  );
  if (B === 0 || S === 0 || E === 0) {
    throw new Error(
      `encoderStates (H): expected at least one source of one position of one number, got [${B}, ${S}, ${E}]`,
    );
  }
  const { parameters: flat, decoderSize, attentionSize } = flatAttentionParameters(parameters, E);
  const sizes = { batch: B, sourceLength: S, encoderSize: E, decoderSize, attentionSize };
  const H = flatten(encoderStates, new Float64Array(B * S * E));
  const mask = options.mask === undefined ? undefined : nestedMask(options.mask, B, S);
  return { flat, memory: attentionMemory(flat, H, sizes, mask) };
}

/** Rows of a flat (B, width) buffer. */
function rows(buffer: Float64Array, B: number, width: number): Matrix {
  return Array.from({ length: B }, (_, n) =>
    Array.from(buffer.subarray(n * width, (n + 1) * width)),
  );
}

/** Step t of a batch-first tensor (B, T, width), flat (B, width): e.g. s_t out of the queries. */
function stepOf(tensor: Tensor3, t: number, width: number): Float64Array {
  const step = new Float64Array(tensor.length * width);
  tensor.forEach((sequence, n) => {
    step.set(sequence[t], n * width);
  });
  return step;
}

/** Checks queries (B, T, D_dec) against the memory; returns T. */
function checkQueries(queries: Tensor3, sizes: AttentionSizes): number {
  const [, T] = expectShape(
    queries,
    "queries (s_t)",
    [sizes.batch, null, sizes.decoderSize],
    "batch = encoderStates' batch, decoder steps, decoder size = queryKernel's rows",
  );
  if (T === 0) throw new Error("queries (s_t): expected at least one decoder step, got 0");
  return T;
}

/** One decoder step of additive attention: the query s (B, D_dec) against H (B, S, D_enc). */
export function additiveAttention(
  parameters: AttentionParameters,
  encoderStates: Tensor3,
  query: Matrix,
  options: AttentionOptions = {},
): AttentionResult {
  checkOptions(options, OPTION_NAMES);
  const { flat, memory } = nestedMemory(parameters, encoderStates, options);
  const { batch: B, sourceLength: S, encoderSize: E, decoderSize: D } = memory.sizes;
  expectShape(
    query,
    "query (s)",
    [B, D],
    "batch = encoderStates' batch, decoder size = queryKernel's rows",
  );
  const step = attentionStep(flat, memory, flatten(query, new Float64Array(B * D)));
  return {
    scores: rows(step.scores, B, S),
    weights: rows(step.weights, B, S),
    context: rows(step.context, B, E),
  };
}

/** T decoder steps whose queries s_t (B, T, D_dec) all read the same source (keys once). */
export function additiveAttentionOverSteps(
  parameters: AttentionParameters,
  encoderStates: Tensor3,
  queries: Tensor3,
  options: AttentionOptions = {},
): AttentionSequenceResult {
  checkOptions(options, OPTION_NAMES);
  const { flat, memory } = nestedMemory(parameters, encoderStates, options);
  const { batch: B, sourceLength: S, encoderSize: E, decoderSize: D } = memory.sizes;
  const T = checkQueries(queries, memory.sizes);
  const steps = Array.from({ length: T }, (_, t) =>
    attentionStep(flat, memory, stepOf(queries, t, D)),
  );
  // (T, B, ·) step by step → (B, T, ·) batch first
  const batchFirst = (pick: (step: AttentionStep) => Float64Array, width: number): Tensor3 =>
    Array.from({ length: B }, (_, n) =>
      steps.map((step) => Array.from(pick(step).subarray(n * width, (n + 1) * width))),
    );
  return {
    scores: batchFirst((step) => step.scores, S),
    weights: batchFirst((step) => step.weights, S),
    context: batchFirst((step) => step.context, E),
  };
}

/**
 * Gradients of a loss L whose gradients into the contexts are dContext (B, T, D_enc) (and into the
 * weights options.dWeights (B, T, S)): every step backwards, adding into shared buffers, then the
 * keys backwards once.
 */
export function additiveAttentionGradients(
  parameters: AttentionParameters,
  encoderStates: Tensor3,
  queries: Tensor3,
  dContext: Tensor3,
  options: AttentionGradientOptions = {},
): AttentionGradients {
  checkOptions(options, GRADIENT_OPTION_NAMES);
  const { flat, memory } = nestedMemory(parameters, encoderStates, options);
  const { sizes } = memory;
  const { batch: B, sourceLength: S, encoderSize: E, decoderSize: D, attentionSize: A } = sizes;
  const T = checkQueries(queries, sizes);
  expectShape(
    dContext,
    "dContext (∂L/∂c)",
    [B, T, E],
    "batch, decoder steps = queries' steps, encoder size",
  );
  if (options.dWeights !== undefined) {
    expectShape(
      options.dWeights,
      "dWeights (∂L/∂α)",
      [B, T, S],
      "batch, decoder steps = queries' steps, source length",
    );
  }
  const gradients = attentionGradientBuffers(flat, sizes);
  const dQueries: Float64Array[] = new Array(T); // ∂L/∂s_t (T, B, D_dec)
  for (let t = T - 1; t >= 0; t--) {
    const step = attentionStep(flat, memory, stepOf(queries, t, D));
    const upstream: AttentionOutputGradients = { context: stepOf(dContext, t, E) };
    if (options.dWeights !== undefined) upstream.weights = stepOf(options.dWeights, t, S);
    dQueries[t] = attentionStepBackward(flat, memory, step, upstream, gradients);
  }
  attentionMemoryBackward(flat, memory, gradients);
  const result: AttentionGradients = {
    queryKernel: rows(gradients.queryKernel, D, A),
    keyKernel: rows(gradients.keyKernel, E, A),
    scoreVector: Array.from(gradients.scoreVector),
    encoderStates: Array.from({ length: B }, (_, n) =>
      rows(gradients.encoderStates.subarray(n * S * E, (n + 1) * S * E), S, E),
    ),
    queries: Array.from({ length: B }, (_, n) =>
      dQueries.map((dQuery) => Array.from(dQuery.subarray(n * D, (n + 1) * D))),
    ),
  };
  if (gradients.bias !== undefined) result.bias = Array.from(gradients.bias);
  return result;
}

export interface AttentionInitOptions {
  seed?: number;
  /** Add a bias b (A) inside the tanh. Default false, as the paper's equation. */
  bias?: boolean;
  /** Uniform range of b; 0 gives zeros. Default 0.1 (as randomWeights' biases). */
  biasScale?: number;
}

const INIT_OPTION_NAMES = ["seed", "bias", "biasScale"];

/**
 * Seeded parameters, Glorot-uniform as tfjs's Dense default: W_q within ±√(6/(D_dec + A)), W_k
 * within ±√(6/(D_enc + A)), v (a Dense layer of one unit) within ±√(6/(A + 1)).
 */
export function randomAttentionParameters(
  decoderSize: number,
  encoderSize: number,
  attentionSize: number,
  options: AttentionInitOptions = {},
): AttentionParameters {
  checkOptions(options, INIT_OPTION_NAMES);
  for (const [name, size] of [
    ["decoderSize", decoderSize],
    ["encoderSize", encoderSize],
    ["attentionSize", attentionSize],
  ] as const) {
    if (!Number.isInteger(size) || size < 1) {
      throw new Error(`${name}: expected a positive integer, got ${size}`);
    }
  }
  const random = seededRandom(options.seed ?? 0);
  const [D, E, A] = [decoderSize, encoderSize, attentionSize];
  const parameters: AttentionParameters = {
    queryKernel: uniformMatrix(random, D, A, Math.sqrt(6 / (D + A))),
    keyKernel: uniformMatrix(random, E, A, Math.sqrt(6 / (E + A))),
    scoreVector: uniformMatrix(random, 1, A, Math.sqrt(6 / (A + 1)))[0],
  };
  if (options.bias) parameters.bias = uniformMatrix(random, 1, A, options.biasScale ?? 0.1)[0];
  return parameters;
}
