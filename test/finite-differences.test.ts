/**
 * Hand-written BPTT vs central finite differences in float64: relative error ≤ 1e-6 for every
 * weight, input and initial state, for all three cells and both GRU variants.
 * hardSigmoid is piecewise linear: the inputs are kept small so that no pre-activation sits
 * within a step of its kinks at ±2.5 (the test checks this).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { CellKind } from "../src/core/kinds.js";
import { forwardTrace, type LayerOptions, layerGradients, runLayer } from "../src/core/layer.js";
import { randomInputs, randomWeights } from "../src/core/weights.js";
import { assertRelClose, randomStates } from "./support.js";

const STEP = 1e-5;
const TOLERANCE = 1e-6;

/** L = sum(output ⊙ dOutput) + sum(final states ⊙ dFinal), in float64. */
function loss(
  kind: CellKind,
  weights: Parameters<typeof runLayer>[1],
  x: number[][][],
  dOutput: number[][][],
  dFinal: number[][][],
  options: LayerOptions,
): number {
  const { output, states } = runLayer(kind, weights, x, options);
  let total = 0;
  const sequence = output as number[][][];
  for (let n = 0; n < sequence.length; n++) {
    for (let t = 0; t < sequence[n].length; t++) {
      for (let u = 0; u < sequence[n][t].length; u++) total += sequence[n][t][u] * dOutput[n][t][u];
    }
  }
  for (let s = 0; s < states.length; s++) {
    for (let n = 0; n < states[s].length; n++) {
      for (let u = 0; u < states[s][n].length; u++) total += states[s][n][u] * dFinal[s][n][u];
    }
  }
  return total;
}

/** Central differences over every number inside `target` (mutated and restored in place). */
function numericGradient(target: unknown, evaluate: () => number): unknown {
  if (!Array.isArray(target)) throw new Error("numericGradient: expected an array");
  return target.map((item, i) => {
    if (Array.isArray(item)) return numericGradient(item, evaluate);
    const saved = target[i] as number;
    target[i] = saved + STEP;
    const up = evaluate();
    target[i] = saved - STEP;
    const down = evaluate();
    target[i] = saved;
    return (up - down) / (2 * STEP);
  });
}

const CASES: {
  kind: CellKind;
  resetAfter?: boolean;
  recurrentActivation: "sigmoid" | "hardSigmoid";
}[] = [
  { kind: "simpleRNN", recurrentActivation: "sigmoid" },
  { kind: "lstm", recurrentActivation: "sigmoid" },
  { kind: "lstm", recurrentActivation: "hardSigmoid" },
  { kind: "gru", recurrentActivation: "sigmoid" },
  { kind: "gru", recurrentActivation: "hardSigmoid" },
  { kind: "gru", resetAfter: true, recurrentActivation: "sigmoid" },
  { kind: "gru", resetAfter: true, recurrentActivation: "hardSigmoid" },
];

describe("gradients: hand BPTT vs central finite differences (float64, relative ≤ 1e-6)", () => {
  for (const { kind, resetAfter = false, recurrentActivation } of CASES) {
    test(`${kind}${resetAfter ? " reset-after" : ""} ${recurrentActivation}`, () => {
      const [B, T, I, U] = [2, 6, 3, 4];
      const weights = randomWeights(kind, I, U, { seed: 71, resetAfter });
      const x = randomInputs(B, T, I, { seed: 72, scale: 0.8 });
      const initialState = randomStates(kind, B, U, 73);
      const dOutput = randomInputs(B, T, U, { seed: 74 });
      const dFinal = randomStates(kind, B, U, 75);
      const options: LayerOptions = {
        recurrentActivation,
        returnSequences: true,
        goBackwards: true,
        resetAfter,
        initialState,
      };
      // hardSigmoid's kinks: every gate pre-activation must be farther than 1e-3 from ±2.5.
      const trace = forwardTrace(kind, weights, x, options);
      for (const step of trace.steps) {
        for (const [name, values] of Object.entries(step)) {
          if (!/Pre|preActivation/.test(name)) continue;
          for (const v of values as Float64Array) {
            assert.ok(
              Math.abs(Math.abs(v) - 2.5) > 1e-3,
              `pre-activation ${v} too close to a kink`,
            );
          }
        }
      }
      const ours = layerGradients(kind, weights, x, dOutput, { ...options, dFinalStates: dFinal });
      const evaluate = () => loss(kind, weights, x, dOutput, dFinal, options);
      const numeric = {
        kernel: numericGradient(weights[0], evaluate),
        recurrentKernel: numericGradient(weights[1], evaluate),
        bias: numericGradient(weights[2], evaluate),
        x: numericGradient(x, evaluate),
        initialState: numericGradient(initialState, evaluate),
      };
      for (const name of Object.keys(numeric) as (keyof typeof numeric)[]) {
        assertRelClose(ours[name], numeric[name], TOLERANCE, `${kind} ∂L/∂${name}`);
      }
    });
  }
});
