/**
 * A bidirectional recurrent layer (Schuster & Paliwal 1997; chapter 07), as
 * tf.layers.bidirectional computes it: one layer reads the sequence forward, a second layer with
 * its own weights reads it backward (goBackwards), the backward layer's output sequence is
 * reversed back into time order, and the two are merged step by step:
 *   returnSequences:  y_t = merge(h→_t, h←_t)                 (B, T, W)
 *   otherwise:        y   = merge(h→_{T−1}, h←_0)             (B, W)
 *                     (h←_0: the backward layer's LAST output, the step that read x_0)
 *   merge: concat [h→, h←] (W = 2U, tfjs's default) | sum h→ + h← | mul h→ ⊙ h← | ave ½(h→ + h←)
 * Weights: tfjs's getWeights() gives the forward layer's [kernel, recurrentKernel, bias], then the
 * backward layer's; here they are { forward, backward }. A mask goes to both layers (the backward
 * one reverses it with the input), as tfjs hands the same mask to both.
 */
import { expectShape, flatten, type Matrix, toMatrix } from "./arrays.js";
import { blockCount, type CellKind, checkKind, stateCount } from "./kinds.js";
import {
  backwardTrace,
  type FlatGradients,
  forwardTrace,
  type LayerOptions,
  type Trace,
} from "./layer.js";
import type { LayerWeights } from "./weights.js";

export type MergeMode = "concat" | "sum" | "mul" | "ave";
export const MERGE_MODES: readonly MergeMode[] = ["concat", "sum", "mul", "ave"];

/** The two layers' weights, each [kernel, recurrentKernel, bias] in tfjs's layout. */
export interface BidirectionalWeights {
  forward: LayerWeights;
  backward: LayerWeights;
}

export interface BidirectionalOptions extends Omit<LayerOptions, "goBackwards" | "initialState"> {
  /** How the two directions are combined at each step; default "concat", as tfjs. */
  mergeMode?: MergeMode;
  /** The forward layer's initial states, then the backward layer's (tfjs's order): [h→, h←] or
   * [h→, c→, h←, c←] (LSTM), each B×U. Default zeros. */
  initialState?: Matrix[];
}

const OPTION_NAMES = [
  "activation",
  "recurrentActivation",
  "returnSequences",
  "initialState",
  "precision",
  "resetAfter",
  "mask",
  "mergeMode",
];

export interface BidirectionalResult {
  /** (B, T, W) with returnSequences, else (B, W); W = 2U for concat, else U. Time order. */
  output: number[][][] | number[][];
  /** The forward layer's final states, then the backward layer's (tfjs's returnState order). */
  states: number[][][];
}

/** Both layers' traces and the merged output. */
export interface BidirectionalTrace {
  forward: Trace;
  /** Its steps run from the last time step to the first (processing order). */
  backward: Trace;
  mergeMode: MergeMode;
  /** W: 2U for concat, else U. */
  width: number;
  /** The merged output, flat: (T, B, W) time-major with returnSequences, else (B, W). */
  output: Float64Array;
}

export interface DirectionGradients {
  kernel: Matrix;
  recurrentKernel: Matrix;
  bias: number[] | Matrix;
}

export interface BidirectionalGradients {
  forward: DirectionGradients;
  backward: DirectionGradients;
  /** ∂L/∂x (B, T, I): what both layers send back, added. */
  x: number[][][];
  /** ∂L/∂(initial states), in the order of `initialState`. */
  initialState: Matrix[];
}

function checkOptions(options: BidirectionalOptions): MergeMode {
  if (options === null || typeof options !== "object") {
    throw new Error(`options: expected an object, got ${options}`);
  }
  for (const key of Object.keys(options)) {
    if (key === "goBackwards") {
      throw new Error(
        "goBackwards: a bidirectional layer already reads the sequence both ways; not an option here",
      );
    }
    if (!OPTION_NAMES.includes(key)) {
      throw new Error(
        `options: unknown option "${key}"; expected one of ${OPTION_NAMES.join(", ")}`,
      );
    }
  }
  const mergeMode = options.mergeMode ?? "concat";
  if (!MERGE_MODES.includes(mergeMode)) {
    throw new Error(
      `mergeMode: expected one of ${MERGE_MODES.join(", ")}, got ${JSON.stringify(mergeMode)}`,
    );
  }
  return mergeMode;
}

/** Runs both layers and merges their outputs, keeping everything the backward pass needs. */
export function bidirectionalTrace(
  kindInput: CellKind,
  weights: BidirectionalWeights,
  x: number[][][],
  options: BidirectionalOptions = {},
): BidirectionalTrace {
  const kind = checkKind(kindInput);
  const mergeMode = checkOptions(options);
  if (
    weights === null ||
    typeof weights !== "object" ||
    !("forward" in weights && "backward" in weights)
  ) {
    throw new Error(
      `weights: expected { forward, backward }, each [kernel, recurrentKernel, bias], got ${Array.isArray(weights) ? `an array of length ${(weights as unknown[]).length}` : typeof weights}`,
    );
  }
  const { mergeMode: _merge, initialState, ...layerOptions } = options;
  const count = stateCount(kind);
  if (initialState !== undefined) {
    if (!Array.isArray(initialState) || initialState.length !== 2 * count) {
      const want = count === 2 ? "[h→, c→, h←, c←]" : "[h→, h←]";
      throw new Error(
        `initialState: a bidirectional ${kind} expects ${want} (the forward layer's states, then the backward layer's), got ${Array.isArray(initialState) ? `${initialState.length} arrays` : typeof initialState}`,
      );
    }
  }
  const forward = forwardTrace(kind, weights.forward, x, {
    ...layerOptions,
    initialState: initialState?.slice(0, count),
  });
  const backward = forwardTrace(kind, weights.backward, x, {
    ...layerOptions,
    initialState: initialState?.slice(count),
    goBackwards: true,
  });
  const { batch: B, units: U, arithmetic } = forward.ctx;
  if (backward.ctx.units !== U) {
    throw new Error(
      `weights.backward: expected ${U} units like the forward layer, got ${backward.ctx.units}`,
    );
  }
  const { round } = arithmetic; // float32 mode: tfjs stores each merge op's result as float32
  const T = forward.time;
  const width = mergeMode === "concat" ? 2 * U : U;
  const returnSequences = forward.options.returnSequences;
  const rows = returnSequences ? T : 1;
  const output = new Float64Array(rows * B * width);
  for (let t = 0; t < rows; t++) {
    // h→_t, and h←_t: the backward layer read x_t at its step T − 1 − t
    const y = forward.steps[returnSequences ? t : T - 1].states[0];
    const yRev = backward.steps[returnSequences ? T - 1 - t : T - 1].states[0];
    for (let n = 0; n < B; n++) {
      for (let u = 0; u < U; u++) {
        const j = n * U + u;
        const out = (t * B + n) * width;
        if (mergeMode === "concat") {
          output[out + u] = y[j];
          output[out + U + u] = yRev[j];
        } else if (mergeMode === "sum") {
          output[out + u] = round(y[j] + yRev[j]);
        } else if (mergeMode === "mul") {
          output[out + u] = round(y[j] * yRev[j]);
        } else {
          // tfjs: mul(0.5, add(y, yRev))
          output[out + u] = round(0.5 * round(y[j] + yRev[j]));
        }
      }
    }
  }
  return { forward, backward, mergeMode, width, output };
}

/** The merged output and both layers' final states, shaped like tfjs's. */
export function bidirectionalResult(trace: BidirectionalTrace): BidirectionalResult {
  const { forward, backward, width, output } = trace;
  const { batch: B, units: U } = forward.ctx;
  const T = forward.time;
  const finalStates = (layer: Trace) => layer.steps[T - 1].states.map((s) => toMatrix(s, B, U));
  const states = [...finalStates(forward), ...finalStates(backward)];
  if (!forward.options.returnSequences) return { output: toMatrix(output, B, width), states };
  const sequences = Array.from({ length: B }, (_, n) =>
    Array.from({ length: T }, (_, t) =>
      Array.from(output.subarray((t * B + n) * width, (t * B + n + 1) * width)),
    ),
  );
  return { output: sequences, states };
}

/** Forward pass of a bidirectional layer (tfjs layout, tfjs semantics). */
export function runBidirectional(
  kind: CellKind,
  weights: BidirectionalWeights,
  x: number[][][],
  options: BidirectionalOptions = {},
): BidirectionalResult {
  return bidirectionalResult(bidirectionalTrace(kind, weights, x, options));
}

/**
 * Backprop through both layers. `dOutput` is ∂L/∂output, flat like `trace.output`;
 * `dFinalStates` optionally adds ∂L/∂(final states), forward layer's then backward layer's.
 * `inputs` is ∂L/∂x (T, B, I) in time order: the two layers' shares added.
 */
export function bidirectionalBackward(
  trace: BidirectionalTrace,
  dOutput: Float64Array,
  dFinalStates?: Float64Array[],
): { forward: FlatGradients; backward: FlatGradients; inputs: Float64Array } {
  const { forward, backward, mergeMode, width } = trace;
  const { batch: B, inputSize: I, units: U } = forward.ctx;
  const T = forward.time;
  const returnSequences = forward.options.returnSequences;
  const rows = returnSequences ? T : 1;
  if (dOutput.length !== rows * B * width) {
    throw new Error(
      `dOutput: expected ${rows * B * width} numbers (the output's), got ${dOutput.length}`,
    );
  }
  // ∂L/∂h→ in time order, ∂L/∂h← in the backward layer's processing order
  const dForward = new Float64Array(rows * B * U);
  const dBackward = new Float64Array(rows * B * U);
  for (let t = 0; t < rows; t++) {
    const k = returnSequences ? T - 1 - t : 0; // the backward layer's step that read x_t
    const y = forward.steps[returnSequences ? t : T - 1].states[0];
    const yRev = backward.steps[returnSequences ? k : T - 1].states[0];
    for (let n = 0; n < B; n++) {
      for (let u = 0; u < U; u++) {
        const j = n * U + u;
        const d = (t * B + n) * width + u;
        const f = t * B * U + j;
        const b = k * B * U + j;
        if (mergeMode === "concat") {
          dForward[f] = dOutput[d];
          dBackward[b] = dOutput[d + U];
        } else if (mergeMode === "sum") {
          dForward[f] = dOutput[d];
          dBackward[b] = dOutput[d];
        } else if (mergeMode === "mul") {
          // y = h→ ⊙ h←: ∂L/∂h→ = ∂L/∂y ⊙ h←, ∂L/∂h← = ∂L/∂y ⊙ h→
          dForward[f] = dOutput[d] * yRev[j];
          dBackward[b] = dOutput[d] * y[j];
        } else {
          dForward[f] = 0.5 * dOutput[d];
          dBackward[b] = 0.5 * dOutput[d];
        }
      }
    }
  }
  const count = stateCount(forward.kind);
  const forwardGrads = backwardTrace(forward, dForward, dFinalStates?.slice(0, count));
  const backwardGrads = backwardTrace(backward, dBackward, dFinalStates?.slice(count));
  // x_t reaches the forward layer at its step t and the backward layer at its step T − 1 − t
  const inputs = new Float64Array(T * B * I);
  for (let t = 0; t < T; t++) {
    const f = forwardGrads.inputs.subarray(t * B * I, (t + 1) * B * I);
    const b = backwardGrads.inputs.subarray((T - 1 - t) * B * I, (T - t) * B * I);
    for (let j = 0; j < B * I; j++) inputs[t * B * I + j] = f[j] + b[j];
  }
  return { forward: forwardGrads, backward: backwardGrads, inputs };
}

/**
 * Gradients of L = sum(output ⊙ dOutput) (+ sum(finalStates ⊙ dFinalStates)) with respect to
 * both layers' weights, the input and the initial states — by hand, through both directions.
 */
export function bidirectionalGradients(
  kind: CellKind,
  weights: BidirectionalWeights,
  x: number[][][],
  dOutput: number[][] | number[][][],
  options: BidirectionalOptions & { dFinalStates?: Matrix[] } = {},
): BidirectionalGradients {
  const { dFinalStates, ...layerOptions } = options;
  const trace = bidirectionalTrace(kind, weights, x, layerOptions);
  const { forward, width } = trace;
  const { batch: B, inputSize: I, units: U } = forward.ctx;
  const T = forward.time;
  let flatOutput: Float64Array;
  if (forward.options.returnSequences) {
    expectShape(dOutput, "dOutput", [B, T, width], "batch, time, the merged output's width");
    flatOutput = new Float64Array(T * B * width);
    const sequences = dOutput as number[][][];
    for (let n = 0; n < B; n++) {
      for (let t = 0; t < T; t++) flatOutput.set(sequences[n][t], (t * B + n) * width);
    }
  } else {
    expectShape(dOutput, "dOutput", [B, width], "batch, the merged output's width");
    flatOutput = flatten(dOutput, new Float64Array(B * width)) as Float64Array;
  }
  const count = stateCount(forward.kind);
  if (dFinalStates !== undefined && dFinalStates.length !== 2 * count) {
    throw new Error(
      `dFinalStates: expected ${2 * count} arrays (the forward layer's states, then the backward layer's), got ${dFinalStates.length}`,
    );
  }
  const flatFinal = dFinalStates?.map((d, s) => {
    expectShape(d, `dFinalStates[${s}]`, [B, U], "batch, units");
    return flatten(d, new Float64Array(B * U)) as Float64Array;
  });
  const g = bidirectionalBackward(trace, flatOutput, flatFinal);
  const k = blockCount(forward.kind) * U;
  const direction = (grads: FlatGradients): DirectionGradients => ({
    kernel: toMatrix(grads.kernel, I, k),
    recurrentKernel: toMatrix(grads.recurrentKernel, U, k),
    bias: forward.options.resetAfter ? toMatrix(grads.bias, 2, k) : Array.from(grads.bias),
  });
  return {
    forward: direction(g.forward),
    backward: direction(g.backward),
    x: Array.from({ length: B }, (_, n) =>
      Array.from({ length: T }, (_, t) =>
        Array.from(g.inputs.subarray((t * B + n) * I, (t * B + n + 1) * I)),
      ),
    ),
    initialState: [...g.forward.initialStates, ...g.backward.initialStates].map((s) =>
      toMatrix(s, B, U),
    ),
  };
}
