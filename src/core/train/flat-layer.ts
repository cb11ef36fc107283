/**
 * The recurrent layer's forward pass from flat buffers, for training. `forwardTrace` (../layer.ts)
 * takes nested arrays, which is right for teaching and slow inside a loop of thousands of steps;
 * this builds the same Trace (so `backwardTrace` runs on it unchanged) straight from flat weights
 * and a flat time-major input. Always float64.
 */
import { activation as activationFor } from "../activations.js";
import type { StepContext } from "../cells/cell.js";
import { type CellKind, stateCount } from "../kinds.js";
import { type Trace, traceFromFlat } from "../layer.js";
import { arithmetic, type ProductPrecision } from "../numeric.js";

/** The recurrent layer's weights as flat row-major buffers, tfjs layout. */
export interface FlatRecurrentWeights {
  kernel: Float64Array; // W (I, k·U)
  recurrentKernel: Float64Array; // U (U, k·U)
  bias: Float64Array; // b (k·U)
}

export type GateActivation = "sigmoid" | "hardSigmoid";

export interface FlatLayerOptions {
  /** σ of the gates (LSTM, GRU). */
  recurrentActivation: GateActivation;
  /** The output is every step's h (a layer below another, or a readout at every step). */
  returnSequences?: boolean;
  /** [h0] or [h0, c0], each (B, U) flat: the state carried over from the previous window. */
  initialStates?: Float64Array[];
  /** How matrix products are summed (../numeric.ts); default "float64". */
  products?: ProductPrecision;
}

/**
 * Runs the cell over `inputs` (T, B, I) time-major and keeps every step, through the same loop as
 * forwardTrace (traceFromFlat). The initial states are zeros unless given.
 */
export function flatForwardTrace(
  kind: CellKind,
  weights: FlatRecurrentWeights,
  inputs: Float64Array,
  shape: { batch: number; time: number; inputSize: number; units: number },
  options: FlatLayerOptions,
): Trace {
  const { batch: B, time: T, inputSize: I, units: U } = shape;
  if (inputs.length !== T * B * I) {
    throw new Error(
      `inputs: expected ${T}·${B}·${I} = ${T * B * I} numbers (time, batch, inputSize), got ${inputs.length}`,
    );
  }
  const float64 = arithmetic("float64", options.products);
  const ctx: StepContext = {
    batch: B,
    inputSize: I,
    units: U,
    arithmetic: float64,
    activation: activationFor("tanh", "float64"),
    recurrentActivation: activationFor(
      kind === "simpleRNN" ? "tanh" : options.recurrentActivation,
      "float64",
    ),
  };
  const initialStates =
    options.initialStates ??
    Array.from({ length: stateCount(kind) }, () => new Float64Array(B * U));
  if (initialStates.length !== stateCount(kind) || initialStates.some((s) => s.length !== B * U)) {
    throw new Error(
      `initialStates: a ${kind} carries ${stateCount(kind)} state(s) of ${B}·${U} numbers (batch, units), got ${initialStates.map((s) => s.length).join(", ")}`,
    );
  }
  return traceFromFlat(kind, { ...weights, inputSize: I, units: U }, inputs, initialStates, ctx, {
    returnSequences: options.returnSequences ?? false,
    goBackwards: false,
    resetAfter: false,
  });
}
