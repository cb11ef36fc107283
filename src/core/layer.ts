/**
 * A recurrent layer over a whole sequence, forward and backward (backprop through time), with
 * tfjs's semantics: batch × time × features in, returnSequences, initial states, goBackwards,
 * masking.
 */
import { activation, checkActivation } from "./activations.js";
import { expectShape, flatten, type Matrix, toMatrix } from "./arrays.js";
import {
  type CellGradients,
  type CellStep,
  type CellWeights,
  defersRecurrentGradient,
  type StepContext,
  type StepRecord,
} from "./cells/cell.js";
import { gruCell, gruResetAfterCell } from "./cells/gru.js";
import { lstmCell } from "./cells/lstm.js";
import { simpleRNNCell } from "./cells/simple-rnn.js";
import { blockCount, type CellKind, checkKind, stateCount } from "./kinds.js";
import {
  type Arithmetic,
  addColumnSums,
  arithmetic,
  type Floats,
  matMul,
  matMulTransposedAAdd,
  matMulTransposedBAdd,
  type Precision,
  type ProductPrecision,
} from "./numeric.js";
import { type LayerWeights, toCellWeights, type WeightShape } from "./weights.js";

export interface LayerOptions {
  /** φ, default "tanh". */
  activation?: "tanh" | "sigmoid" | "hardSigmoid" | "linear";
  /** σ of the gates (LSTM, GRU), default "hardSigmoid" as in tfjs. */
  recurrentActivation?: "tanh" | "sigmoid" | "hardSigmoid" | "linear";
  /** Output every step (B, T, U) instead of the last (B, U). Default false, as tfjs. */
  returnSequences?: boolean;
  /** Read the input from the last step to the first. The output is NOT reversed back. */
  goBackwards?: boolean;
  /** [h0] or [h0, c0] (LSTM), each B×U. Default zeros. */
  initialState?: Matrix[];
  /** "float64" (default) or "float32": rounds after every op as tfjs's cpu backend does. */
  precision?: Precision;
  /** GRU only: reset gate after the recurrent product, two biases (bias is [2, 3U]). */
  resetAfter?: boolean;
  /**
   * B × T flags, true (or 1) = a real step, false (or 0) = padding, in x's time order (reversed
   * with it when goBackwards). As tf.layers' rnn(): at a padded step the states (h, and c for the
   * LSTM) are carried forward unchanged and the output is the carried h — h0 (zeros unless
   * initialState) at a padded first step; gradients pass through a padded step unchanged.
   */
  mask?: (boolean | number)[][];
}

const OPTION_NAMES = [
  "activation",
  "recurrentActivation",
  "returnSequences",
  "goBackwards",
  "initialState",
  "precision",
  "resetAfter",
  "mask",
];

export interface LayerResult {
  /** (B, T, U) with returnSequences, else (B, U). Time in processing order. */
  output: number[][][] | number[][];
  /** [h] or [h, c], each (B, U). */
  states: number[][][];
}

/** Everything a forward pass keeps: the plots read steps; BPTT needs all of it. */
export interface Trace<R extends StepRecord = StepRecord> {
  kind: CellKind;
  ctx: StepContext;
  time: number; // T
  /** Inputs in processing order (reversed when goBackwards), time-major (T, B, I). */
  inputs: Floats;
  /** States before step 0, then after each step: statesAt[t + 1] = steps[t].states. */
  initialStates: Floats[];
  /** steps[t] holds the cell's own intermediates; at a padded step its `states` are the carried
   * ones (what the next step and the output read), not the cell's. */
  steps: R[];
  weights: CellWeights & WeightShape;
  /** 1 = a real step, 0 = padding, time-major (T, B) in processing order; absent: all real. */
  mask?: Uint8Array;
  options: Required<Pick<LayerOptions, "returnSequences" | "goBackwards" | "resetAfter">>;
}

function cellFor(kind: CellKind, resetAfter: boolean): CellStep<StepRecord> {
  if (resetAfter && kind !== "gru") {
    throw new Error(`resetAfter: only a gru has a reset gate, got kind ${kind}`);
  }
  if (kind === "lstm") return lstmCell;
  if (kind === "gru") return resetAfter ? gruResetAfterCell : gruCell;
  return simpleRNNCell;
}

function checkOptions(options: LayerOptions): void {
  if (options === null || typeof options !== "object") {
    throw new Error(`options: expected an object, got ${options}`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.includes(key)) {
      throw new Error(
        `options: unknown option "${key}"; expected one of ${OPTION_NAMES.join(", ")}`,
      );
    }
  }
  for (const key of ["returnSequences", "goBackwards", "resetAfter"] as const) {
    if (options[key] !== undefined && typeof options[key] !== "boolean") {
      throw new Error(`${key}: expected true or false, got ${JSON.stringify(options[key])}`);
    }
  }
  if (
    options.precision !== undefined &&
    options.precision !== "float64" &&
    options.precision !== "float32"
  ) {
    throw new Error(
      `precision: expected "float64" or "float32", got ${JSON.stringify(options.precision)}`,
    );
  }
}

/** Runs the cell over the sequence and keeps every step's intermediates. */
export function forwardTrace(
  kindInput: CellKind,
  weights: LayerWeights,
  x: number[][][],
  options: LayerOptions = {},
): Trace {
  const kind = checkKind(kindInput);
  checkOptions(options);
  const resetAfter = options.resetAfter ?? false;
  cellFor(kind, resetAfter); // checks that resetAfter fits the kind
  const precision = options.precision ?? "float64";
  const ar = arithmetic(precision);
  const cellWeights = toCellWeights(kind, weights, ar, resetAfter);
  const { inputSize: I, units: U } = cellWeights;
  const [B, T] = expectShape(x, "x", [null, null, I], "batch, time, features = kernel rows");
  if (B < 1 || T < 1)
    throw new Error(`x: expected at least one sequence of one step, got shape [${B}, ${T}, ${I}]`);
  const isGated = kind !== "simpleRNN";
  const ctx: StepContext = {
    batch: B,
    inputSize: I,
    units: U,
    arithmetic: ar,
    activation: activation(checkActivation(options.activation ?? "tanh", "activation"), precision),
    recurrentActivation: activation(
      checkActivation(
        options.recurrentActivation ?? (isGated ? "hardSigmoid" : "tanh"),
        "recurrentActivation",
      ),
      precision,
    ),
  };
  const goBackwards = options.goBackwards ?? false;
  // Time-major (T, B, I), in processing order.
  const inputs = ar.alloc(T * B * I);
  for (let n = 0; n < B; n++) {
    for (let t = 0; t < T; t++) {
      const source = x[n][goBackwards ? T - 1 - t : t];
      for (let i = 0; i < I; i++) inputs[(t * B + n) * I + i] = ar.round(source[i]);
    }
  }
  const initialStates = initialStatesFor(kind, options.initialState, B, U, ar);
  const mask = options.mask === undefined ? undefined : flatMask(options.mask, B, T, goBackwards);
  return traceFromFlat(
    kind,
    cellWeights,
    inputs,
    initialStates,
    ctx,
    { returnSequences: options.returnSequences ?? false, goBackwards, resetAfter },
    mask,
  );
}

function describeFlag(value: unknown): string {
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return typeof value === "number" ? String(value) : `${typeof value} ${JSON.stringify(value)}`;
}

/** Checks a B × T mask and flattens it time-major (T, B) in processing order. */
function flatMask(mask: unknown, B: number, T: number, goBackwards: boolean): Uint8Array {
  const meaning = "batch, time: one flag per step of x, true or 1 = a real step";
  if (!Array.isArray(mask)) {
    throw new Error(`mask: expected shape [${B}, ${T}] (${meaning}), got ${describeFlag(mask)}`);
  }
  const rows = mask as unknown[];
  const firstRow = rows[0];
  const got = Array.isArray(firstRow) ? `[${rows.length}, ${firstRow.length}]` : `[${rows.length}]`;
  if (rows.length !== B || !Array.isArray(firstRow) || firstRow.length !== T) {
    throw new Error(`mask: expected shape [${B}, ${T}] (${meaning}), got ${got}`);
  }
  const flags = new Uint8Array(T * B);
  rows.forEach((row, n) => {
    if (!Array.isArray(row) || row.length !== T) {
      throw new Error(
        `mask[${n}]: expected an array of length ${T} (shape [${B}, ${T}]), got ${describeFlag(row)}`,
      );
    }
    row.forEach((flag: unknown, t) => {
      if (flag !== true && flag !== false && flag !== 1 && flag !== 0) {
        throw new Error(
          `mask[${n}][${t}]: expected true, false, 1 or 0, got ${describeFlag(flag)}`,
        );
      }
      const step = goBackwards ? T - 1 - t : t;
      flags[step * B + n] = flag === true || flag === 1 ? 1 : 0;
    });
  });
  return flags;
}

/** Whether every sequence of the batch has a real step here (then nothing is carried). */
function allReal(flags: Uint8Array): boolean {
  for (let n = 0; n < flags.length; n++) if (flags[n] === 0) return false;
  return true;
}

/**
 * tfjs's rnn() with a mask: state = m·cell's state + (1 − m)·previous state, m ∈ {0, 1}: the
 * cell's state for a real step, the previous one (copied, the same bits) for a padded step.
 */
function carryPadded(cellStates: Floats[], statesPrev: Floats[], flags: Uint8Array, U: number) {
  if (allReal(flags)) return cellStates;
  return cellStates.map((state, s) => {
    const carried = Float64Array.from(state);
    flags.forEach((flag, n) => {
      if (flag === 0) carried.set(statesPrev[s].subarray(n * U, (n + 1) * U), n * U);
    });
    return carried;
  });
}

/**
 * The sequence loop itself, from flat time-major inputs (T, B, I) already in processing order:
 * what forwardTrace runs once it has checked and converted its arguments. Training calls it
 * directly with flat buffers. `mask` (T·B, processing order, 1 = a real step) is optional.
 */
export function traceFromFlat(
  kind: CellKind,
  weights: CellWeights & WeightShape,
  inputs: Floats,
  initialStates: Floats[],
  ctx: StepContext,
  options: Trace["options"],
  mask?: Uint8Array,
): Trace {
  const { batch: B, inputSize: I, units: U, arithmetic: ar } = ctx;
  const T = inputs.length / (B * I);
  const cell = cellFor(kind, options.resetAfter);
  if (mask !== undefined && mask.length !== T * B) {
    throw new Error(
      `mask: expected ${T * B} flags (time × batch = ${T} × ${B}), got ${mask.length}`,
    );
  }
  const width = blockCount(kind) * U;
  const xW = ar.alloc(T * B * width); // (T·B, k·U)
  // x_t·W for every step at once: the same sums, in the same order, as one matMul per step.
  matMul(ar, inputs, weights.kernel, xW, T * B, I, width);
  const steps: StepRecord[] = [];
  let states = initialStates;
  for (let t = 0; t < T; t++) {
    const record = cell.forward(
      weights,
      xW.subarray(t * B * width, (t + 1) * B * width),
      states,
      ctx,
    );
    if (mask) {
      // a padded step keeps the previous states (tfjs's rnn(), see carryPadded)
      record.states = carryPadded(record.states, states, mask.subarray(t * B, (t + 1) * B), U);
    }
    steps.push(record);
    states = record.states;
  }
  const trace: Trace = { kind, ctx, time: T, inputs, initialStates, steps, weights, options };
  if (mask) trace.mask = mask;
  return trace;
}

function initialStatesFor(
  kind: CellKind,
  given: Matrix[] | undefined,
  B: number,
  U: number,
  ar: Arithmetic,
): Floats[] {
  const count = stateCount(kind);
  if (given === undefined) return Array.from({ length: count }, () => ar.alloc(B * U));
  if (!Array.isArray(given) || given.length !== count) {
    const want = count === 2 ? "[h0, c0]" : "[h0]";
    throw new Error(
      `initialState: a ${kind} expects ${want} (${count} array${count > 1 ? "s" : ""} of shape [${B}, ${U}]), got ${Array.isArray(given) ? `${given.length} arrays` : typeof given}`,
    );
  }
  return given.map((state, s) => {
    expectShape(state, `initialState[${s}]`, [B, U], "batch, units");
    return flatten(state, ar.alloc(B * U), ar.round);
  });
}

/** The layer's output and final states, shaped like tfjs's. */
export function traceResult(trace: Trace): LayerResult {
  const { batch: B, units: U } = trace.ctx;
  const last = trace.steps[trace.time - 1];
  const states = last.states.map((s) => toMatrix(s, B, U));
  if (!trace.options.returnSequences) return { output: states[0], states };
  const output = Array.from({ length: B }, (_, n) =>
    trace.steps.map((step) => Array.from(step.states[0].subarray(n * U, (n + 1) * U))),
  );
  return { output, states };
}

/** Forward pass of one recurrent layer (tfjs layout, tfjs semantics). */
export function runLayer(
  kind: CellKind,
  weights: LayerWeights,
  x: number[][][],
  options: LayerOptions = {},
): LayerResult {
  return traceResult(forwardTrace(kind, weights, x, options));
}

export interface LayerGradients {
  kernel: Matrix;
  recurrentKernel: Matrix;
  bias: number[] | Matrix;
  /** ∂L/∂x, (B, T, I) in the input's own time order (also with goBackwards). */
  x: number[][][];
  /** ∂L/∂[h0] or ∂L/∂[h0, c0], each (B, U). */
  initialState: Matrix[];
}

/** Flat gradients; `dXW` (T·B, k·U) is kept for layers below (stacks, training). */
export interface FlatGradients extends CellGradients {
  inputs: Float64Array; // (T, B, I) in processing order
  initialStates: Float64Array[];
  /** ∂L/∂h_t for every step t (B, U) each: what the vanishing-gradient plots measure. */
  hidden: Float64Array[];
}

/**
 * Backprop through time by hand. `dOutput` is ∂L/∂output: (T, B, U) time-major flat when
 * returnSequences, else (B, U); `dFinalStates` optionally adds ∂L/∂(final states).
 * `inputGradients: false` skips ∂L/∂x (its `inputs` is then empty).
 */
export function backwardTrace(
  trace: Trace,
  dOutput: Float64Array,
  dFinalStates?: Float64Array[],
  options: { inputGradients?: boolean } = {},
): FlatGradients {
  const { kind, ctx, time: T, weights } = trace;
  const { batch: B, inputSize: I, units: U } = ctx;
  const cell = cellFor(kind, trace.options.resetAfter);
  const width = blockCount(kind) * U;
  const grads: CellGradients = {
    kernel: new Float64Array(I * width),
    recurrentKernel: new Float64Array(U * width),
    bias: new Float64Array(weights.bias.length),
  };
  const dXW = new Float64Array(T * B * width); // ∂L/∂(x_t·W) for every step (T·B, k·U)
  let dStates: Float64Array[] = Array.from({ length: stateCount(kind) }, (_, s) =>
    dFinalStates?.[s] ? Float64Array.from(dFinalStates[s]) : new Float64Array(B * U),
  );
  const hidden: Float64Array[] = new Array(T);
  for (let t = T - 1; t >= 0; t--) {
    // ∂L/∂h_t = what the output at t receives + what h_{t+1} sent back
    const dh = dStates[0];
    if (trace.options.returnSequences) {
      const offset = t * B * U;
      for (let j = 0; j < B * U; j++) dh[j] += dOutput[offset + j];
    } else if (t === T - 1) {
      for (let j = 0; j < B * U; j++) dh[j] += dOutput[j];
    }
    hidden[t] = Float64Array.from(dh);
    const statesPrev = t === 0 ? trace.initialStates : trace.steps[t - 1].states;
    const flags = trace.mask?.subarray(t * B, (t + 1) * B);
    const padded = flags !== undefined && !allReal(flags);
    // state = m·cell's state + (1 − m)·previous state: the cell receives m·∂L/∂state
    const dCell = padded ? dStates.map((d) => maskRows(d, flags, U)) : dStates;
    const { dXW: dStep, dStatesPrev } = cell.backward(
      weights,
      trace.steps[t],
      statesPrev,
      dCell,
      ctx,
      grads,
    );
    dXW.set(dStep, t * B * width);
    if (padded) {
      // … and the previous state (1 − m)·∂L/∂state: a padded step passes it on unchanged
      dStatesPrev.forEach((dPrev, s) => {
        flags.forEach((flag, n) => {
          if (flag === 0) dPrev.set(dStates[s].subarray(n * U, (n + 1) * U), n * U);
        });
      });
    }
    dStates = dStatesPrev;
  }
  if (defersRecurrentGradient(ctx) && !trace.options.resetAfter) {
    recurrentKernelGradient(trace, dXW, grads.recurrentKernel);
  }
  // ∂L/∂W = Σ_t x_tᵀ · ∂L/∂(x_t·W)      (I, k·U)
  const { products } = ctx.arithmetic;
  matMulTransposedAAdd(trace.inputs, dXW, grads.kernel, T * B, I, width, I, width, width, products);
  // ∂L/∂b (the input-side bias) = Σ_t Σ_batch ∂L/∂(x_t·W)
  addColumnSums(dXW, grads.bias, T * B, width);
  // ∂L/∂x_t = ∂L/∂(x_t·W) · Wᵀ             (T·B, I) — skipped when nobody needs it (first layer)
  const dInputs = new Float64Array(options.inputGradients === false ? 0 : T * B * I);
  if (options.inputGradients !== false) {
    matMulTransposedBAdd(dXW, weights.kernel, dInputs, T * B, width, I, width, width, I, products);
  }
  return { ...grads, inputs: dInputs, initialStates: dStates, hidden };
}

/** A copy of `d` (B, U) with the rows of padded steps zeroed. */
function maskRows(d: Float64Array, flags: Uint8Array, U: number): Float64Array {
  const kept = Float64Array.from(d);
  flags.forEach((flag, n) => {
    if (flag === 0) kept.fill(0, n * U, (n + 1) * U);
  });
  return kept;
}

/**
 * ∂L/∂U over all steps at once, for the cells that left it out of their backward steps
 * (float32 products): one (U × T·B) · (T·B × k·U) product instead of T small ones.
 *   simpleRNN, LSTM:  ∂L/∂U = Σ_t h_{t−1}ᵀ · ∂L/∂z_t
 *   GRU:  ∂L/∂[U_z U_r] = Σ_t h_{t−1}ᵀ · ∂L/∂[z r]pre_t,  ∂L/∂U_h = Σ_t (r_t ⊙ h_{t−1})ᵀ · ∂L/∂h̃pre_t
 * (∂L/∂z_t is what the step handed back as ∂L/∂(x_t·W), stored in dXW.)
 */
function recurrentKernelGradient(trace: Trace, dXW: Float64Array, dU: Float64Array): void {
  const { kind, ctx, time: T } = trace;
  const { batch: B, units: U } = ctx;
  // h_{t−1} of every step, stacked (T·B, U)
  const hPrev = new Float64Array(T * B * U);
  hPrev.set(trace.initialStates[0], 0);
  for (let t = 1; t < T; t++) hPrev.set(trace.steps[t - 1].states[0], t * B * U);
  addRecurrentKernelGradient(
    kind,
    hPrev,
    (t) => (trace.steps[t] as unknown as { resetHidden: Float64Array }).resetHidden,
    dXW,
    dU,
    { time: T, batch: B, units: U, products: ctx.arithmetic.products },
  );
}

/**
 * Adds ∂L/∂U (above) into `dU`, given h_{t−1} of every step stacked (T·B, U) and, for the GRU,
 * r_t ⊙ h_{t−1} of step t. Shared by the layer's BPTT and chapter 07's decoder.
 */
export function addRecurrentKernelGradient(
  kind: CellKind,
  hPrev: Float64Array,
  resetHiddenAt: (t: number) => Float64Array,
  dXW: Float64Array,
  dU: Float64Array,
  sizes: { time: number; batch: number; units: number; products: ProductPrecision },
): void {
  const { time: T, batch: B, units: U, products } = sizes;
  const width = blockCount(kind) * U;
  const rows = T * B;
  if (kind !== "gru") {
    matMulTransposedAAdd(hPrev, dXW, dU, rows, U, width, U, width, width, products);
    return;
  }
  // GRU: the z and r blocks read h_{t−1}; the candidate block reads r_t ⊙ h_{t−1}
  matMulTransposedAAdd(hPrev, dXW, dU, rows, U, 2 * U, U, width, width, products);
  const resetHidden = new Float64Array(rows * U);
  for (let t = 0; t < T; t++) resetHidden.set(resetHiddenAt(t), t * B * U);
  matMulTransposedAAdd(
    resetHidden,
    dXW.subarray(2 * U),
    dU.subarray(2 * U),
    rows,
    U,
    U,
    U,
    width,
    width,
    products,
  );
}

/** ∂L/∂output as a flat buffer, checked against the output's shape. */
function flatOutputGradient(dOutput: unknown, trace: Trace): Float64Array {
  const { batch: B, units: U } = trace.ctx;
  const T = trace.time;
  if (!trace.options.returnSequences) {
    expectShape(
      dOutput,
      "dOutput",
      [B, U],
      "batch, units: the output's shape without returnSequences",
    );
    return flatten(dOutput, new Float64Array(B * U)) as Float64Array;
  }
  expectShape(
    dOutput,
    "dOutput",
    [B, T, U],
    "batch, time, units: the output's shape with returnSequences",
  );
  const flat = new Float64Array(T * B * U);
  const rows = dOutput as number[][][];
  for (let n = 0; n < B; n++) {
    for (let t = 0; t < T; t++)
      for (let u = 0; u < U; u++) flat[(t * B + n) * U + u] = rows[n][t][u];
  }
  return flat;
}

/** ∂L/∂x back in the input's shape and time order. */
export function inputGradientArray(trace: Trace, dInputs: Float64Array): number[][][] {
  const { batch: B, inputSize: I } = trace.ctx;
  const T = trace.time;
  return Array.from({ length: B }, (_, n) =>
    Array.from({ length: T }, (_, t) => {
      const step = trace.options.goBackwards ? T - 1 - t : t;
      return Array.from(dInputs.subarray((step * B + n) * I, (step * B + n + 1) * I));
    }),
  );
}

/**
 * Gradients of L = sum(output ⊙ dOutput) (+ sum(finalStates ⊙ dFinalStates)) with respect to
 * every weight, the inputs and the initial states — backprop through time written by hand.
 */
export function layerGradients(
  kind: CellKind,
  weights: LayerWeights,
  x: number[][][],
  dOutput: number[][] | number[][][],
  options: LayerOptions & { dFinalStates?: Matrix[] } = {},
): LayerGradients {
  const { dFinalStates, ...layerOptions } = options;
  const trace = forwardTrace(kind, weights, x, layerOptions);
  const { batch: B, inputSize: I, units: U } = trace.ctx;
  const flatFinal = dFinalStates?.map((d, s) => {
    expectShape(d, `dFinalStates[${s}]`, [B, U], "batch, units");
    return flatten(d, new Float64Array(B * U)) as Float64Array;
  });
  const g = backwardTrace(trace, flatOutputGradient(dOutput, trace), flatFinal);
  const width = blockCount(trace.kind) * U;
  return {
    kernel: toMatrix(g.kernel, I, width),
    recurrentKernel: toMatrix(g.recurrentKernel, U, width),
    bias: trace.options.resetAfter ? toMatrix(g.bias, 2, width) : Array.from(g.bias),
    x: inputGradientArray(trace, g.inputs),
    initialState: g.initialStates.map((s) => toMatrix(s, B, U)),
  };
}
