/**
 * The recurrent layer's forward pass from flat buffers, for training. `forwardTrace` (../layer.ts)
 * takes nested arrays, which is right for teaching and slow inside a loop of thousands of steps;
 * this builds the same Trace (so `backwardTrace` runs on it unchanged) straight from flat weights
 * and a flat time-major input. Always float64.
 */
import { activation as activationFor } from "../activations.js";
import type { CellStep, StepContext, StepRecord } from "../cells/cell.js";
import { gruCell } from "../cells/gru.js";
import { lstmCell } from "../cells/lstm.js";
import { simpleRNNCell } from "../cells/simple-rnn.js";
import { blockCount, type CellKind, stateCount } from "../kinds.js";
import type { Trace } from "../layer.js";
import { arithmetic, matMul } from "../numeric.js";

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
}

const CELLS: Record<CellKind, CellStep<StepRecord>> = {
  simpleRNN: simpleRNNCell,
  lstm: lstmCell,
  gru: gruCell,
};

/**
 * Runs the cell over `inputs` (T, B, I) time-major and keeps every step, exactly as forwardTrace
 * does (same cell code, same order of sums), without returnSequences.
 */
export function flatForwardTrace(
  kind: CellKind,
  weights: FlatRecurrentWeights,
  inputs: Float64Array,
  shape: { batch: number; time: number; inputSize: number; units: number },
  options: FlatLayerOptions,
): Trace {
  const { batch: B, time: T, inputSize: I, units: U } = shape;
  const float64 = arithmetic("float64");
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
  const width = blockCount(kind) * U;
  const xW = new Float64Array(T * B * width); // (T·B, k·U)
  // x_t·W for every step at once
  matMul(float64, inputs, weights.kernel, xW, T * B, I, width);
  const initialStates = Array.from({ length: stateCount(kind) }, () => new Float64Array(B * U));
  const cell = CELLS[kind];
  const steps: StepRecord[] = [];
  let states: Float64Array[] | StepRecord["states"] = initialStates;
  for (let t = 0; t < T; t++) {
    const record = cell.forward(
      weights,
      xW.subarray(t * B * width, (t + 1) * B * width),
      states,
      ctx,
    );
    steps.push(record);
    states = record.states;
  }
  return {
    kind,
    ctx,
    time: T,
    inputs,
    initialStates,
    steps,
    weights: { ...weights, inputSize: I, units: U },
    options: { returnSequences: false, goBackwards: false, resetAfter: false },
  };
}
