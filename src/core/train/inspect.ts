/**
 * Looking inside a trained model on one sentence: every gate's activation per step and unit, the
 * LSTM's cell state, the hidden state, and ‖∂L/∂h_t‖ per step — how much the loss at the end
 * still "hears" step t. For a plain RNN that norm shrinks fast going back in time (the vanishing
 * gradient); for LSTM and GRU it stays up to the country.
 */

import type { GRUStep } from "../cells/gru.js";
import type { LSTMStep } from "../cells/lstm.js";
import type { Dataset } from "./dataset.js";
import { lossAndGradients, type Model } from "./model.js";

/** T rows (steps) × U columns (units). */
export type StepByUnit = number[][];

export interface Inspection {
  cell: Model["config"]["cell"];
  /** The words read, one per step (token datasets), else step numbers as strings. */
  words: string[];
  /** The right answer: class word (tokens) or the target number (features). */
  answer: string | number;
  /** The model's answer: the most probable class word, or the predicted number. */
  prediction: string | number;
  /** softmax probabilities per class (tokens), else [the predicted number]. */
  probabilities: number[];
  /** The loss on this one example. */
  loss: number;
  /** h_t (T × U). */
  hidden: StepByUnit;
  /**
   * Gate activations (T × U each). lstm: inputGate, forgetGate, candidate, outputGate;
   * gru: updateGate, resetGate, candidate; simpleRNN: none.
   */
  gates: Record<string, StepByUnit>;
  /** LSTM's C_t (T × U); absent for the other cells. */
  cellState?: StepByUnit;
  /** ‖∂L/∂h_t‖ for t = 0 … T−1: the size of the gradient reaching each step's hidden state. */
  gradientNorms: number[];
}

/** The step-record fields that hold gate activations (a renamed field fails to compile). */
const GATE_FIELDS = {
  simpleRNN: [] as const,
  lstm: [
    "inputGate",
    "forgetGate",
    "candidate",
    "outputGate",
  ] as const satisfies readonly (keyof LSTMStep)[],
  gru: ["updateGate", "resetGate", "candidate"] as const satisfies readonly (keyof GRUStep)[],
};

/** The trace of example `index` of `dataset`: gates, states and gradient norms per step. */
export function inspect(model: Model, dataset: Dataset, index = 0): Inspection {
  if (!Number.isInteger(index) || index < 0 || index >= dataset.count) {
    throw new Error(
      `index: expected an example number from 0 to ${dataset.count - 1}, got ${index}`,
    );
  }
  if (dataset.kind === "sequence") {
    throw new Error(
      "inspect: reads one sentence or sequence of a dataset; a text stream is read in windows (see src/core/charlm)",
    );
  }
  const { trace, result, recurrent } = lossAndGradients(model, dataset, [index]);
  const T = dataset.time;
  const rows = (pick: (t: number) => ArrayLike<number>): StepByUnit =>
    Array.from({ length: T }, (_, t) => Array.from(pick(t)));
  const gates: Record<string, StepByUnit> = {};
  for (const field of GATE_FIELDS[model.config.cell]) {
    gates[field] = rows(
      (t) => (trace.steps[t] as unknown as Record<string, ArrayLike<number>>)[field],
    );
  }
  const inspection: Inspection = {
    cell: model.config.cell,
    words:
      dataset.kind === "tokens"
        ? Array.from(
            dataset.tokens.subarray(index * T, (index + 1) * T),
            (id) => dataset.vocabulary[id],
          )
        : Array.from({ length: T }, (_, t) => String(t)),
    answer:
      dataset.kind === "tokens" ? dataset.classes[dataset.labels[index]] : dataset.targets[index],
    prediction:
      dataset.kind === "tokens"
        ? dataset.classes[argmax(result.predictions)]
        : result.predictions[0],
    probabilities: Array.from(result.predictions),
    loss: result.loss,
    hidden: rows((t) => trace.steps[t].states[0]),
    gates,
    // ‖∂L/∂h_t‖ = √(Σ_u (∂L/∂h_t,u)²)
    gradientNorms: recurrent.hidden.map((dh) => Math.hypot(...dh)),
  };
  if (model.config.cell === "lstm") {
    inspection.cellState = rows((t) => (trace.steps[t] as LSTMStep).cellState);
  }
  return inspection;
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let j = 1; j < values.length; j++) if (values[j] > values[best]) best = j;
  return best;
}
