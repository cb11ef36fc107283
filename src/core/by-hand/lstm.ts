/**
 * One LSTM step, one equation per function (chapter 03, "LSTM step by step"), on a single sample,
 * in the order of colah's walk-through but with row vectors as tfjs writes them (x_t W, where colah
 * writes W·[h_{t−1}, x_t]). The same equations that src/core/cells/lstm.ts computes for a whole
 * batch in fused form; the chapter checks each one against that trace.
 */
import { type ActivationName, activation } from "../activations.js";
import type { GateWeights } from "../weights.js";
import { vecMat } from "./dense.js";

export type GateActivationName = Extract<ActivationName, "sigmoid" | "hardSigmoid">;

/** The four LSTM layers by name, as gateWeights("lstm", …) cuts them: i, f, c, o. */
export type LSTMGates = Record<"i" | "f" | "c" | "o", GateWeights>;

/** x_t W_g + h_{t−1} U_g + b_g   (U) */
export function preActivation(g: GateWeights, x: number[], hPrev: number[]): number[] {
  const xW = vecMat(x, g.W);
  const hU = vecMat(hPrev, g.U);
  return xW.map((v, j) => v + hU[j] + g.b[j]);
}

function squash(name: GateActivationName | "tanh", v: number[]): number[] {
  const f = activation(name, "float64").apply;
  return v.map(f);
}

// f_t = σ(x_t W_f + h_{t−1} U_f + b_f)
export function forgetGate(
  p: LSTMGates,
  x: number[],
  hPrev: number[],
  sigma: GateActivationName = "sigmoid",
): number[] {
  return squash(sigma, preActivation(p.f, x, hPrev));
}

// i_t = σ(x_t W_i + h_{t−1} U_i + b_i)
export function inputGate(
  p: LSTMGates,
  x: number[],
  hPrev: number[],
  sigma: GateActivationName = "sigmoid",
): number[] {
  return squash(sigma, preActivation(p.i, x, hPrev));
}

// C̃_t = tanh(x_t W_c + h_{t−1} U_c + b_c)
export function candidateCellState(p: LSTMGates, x: number[], hPrev: number[]): number[] {
  return squash("tanh", preActivation(p.c, x, hPrev));
}

// C_t = f_t ⊙ C_{t−1} + i_t ⊙ C̃_t
export function newCellState(
  f: number[],
  cPrev: number[],
  i: number[],
  cTilde: number[],
): number[] {
  return f.map((fj, j) => fj * cPrev[j] + i[j] * cTilde[j]);
}

// o_t = σ(x_t W_o + h_{t−1} U_o + b_o)
export function outputGate(
  p: LSTMGates,
  x: number[],
  hPrev: number[],
  sigma: GateActivationName = "sigmoid",
): number[] {
  return squash(sigma, preActivation(p.o, x, hPrev));
}

// h_t = o_t ⊙ tanh(C_t)
export function newHiddenState(o: number[], c: number[]): number[] {
  return o.map((oj, j) => oj * Math.tanh(c[j]));
}

/** A gate applied to information a: g ⊙ a (what a gate lets through). */
export function gateProduct(g: number[], a: number[]): number[] {
  return g.map((gj, j) => gj * a[j]);
}

/** Rounds every number to `digits` decimals for printing ("0.731" not "0.7310585786300049"). */
export function rounded(v: number[], digits = 3): string {
  return `[${v.map((x) => (Object.is(x, -0) ? 0 : x).toFixed(digits)).join(", ")}]`;
}
