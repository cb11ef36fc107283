/**
 * One GRU step, one equation per function (chapter 04, as chapter 03 does for the LSTM in
 * ./lstm.ts), on a single sample with row vectors, in tfjs's (and Keras's, and Cho et al.'s)
 * convention — reset gate BEFORE the recurrent product, one bias per gate:
 *
 *   z_t = σ(x_t W_z + b_z + h_{t−1} U_z)              update gate
 *   r_t = σ(x_t W_r + b_r + h_{t−1} U_r)              reset gate
 *   h̃_t = tanh(x_t W_h + b_h + (r_t ⊙ h_{t−1}) U_h)   candidate
 *   h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ h̃_t             a large z keeps the old state
 *
 * Each sum is added in tfjs's order (x_t W + b first, then the recurrent product), so in float64
 * every number equals the library's fused cell (../cells/gru.ts) to the last bit or two.
 * σ is tfjs's hardSigmoid by default in tf.layers.gru; chapter 04 uses the standard sigmoid.
 */
import { activation } from "../activations.js";
import type { GateWeights } from "../weights.js";
import { vecMat } from "./dense.js";
import type { GateActivationName } from "./lstm.js";

/** The three GRU layers by name, as gateWeights("gru", …) cuts them: z, r, h (the candidate). */
export type GRUGateWeights = Record<"z" | "r" | "h", GateWeights>;

/** x_t W_g + b_g + v U_g, added in tfjs's order; v is h_{t−1}, or r_t ⊙ h_{t−1} for h̃.   (U) */
function gateSum(g: GateWeights, x: number[], v: number[]): number[] {
  const xW = vecMat(x, g.W);
  const vU = vecMat(v, g.U);
  return xW.map((xWj, j) => xWj + g.b[j] + vU[j]);
}

function squash(name: GateActivationName | "tanh", v: number[]): number[] {
  const f = activation(name, "float64").apply;
  return v.map(f);
}

// z_t = σ(x_t W_z + b_z + h_{t−1} U_z)
export function updateGate(
  p: GRUGateWeights,
  x: number[],
  hPrev: number[],
  sigma: GateActivationName = "sigmoid",
): number[] {
  return squash(sigma, gateSum(p.z, x, hPrev));
}

// r_t = σ(x_t W_r + b_r + h_{t−1} U_r)
export function resetGate(
  p: GRUGateWeights,
  x: number[],
  hPrev: number[],
  sigma: GateActivationName = "sigmoid",
): number[] {
  return squash(sigma, gateSum(p.r, x, hPrev));
}

// r_t ⊙ h_{t−1}: what the candidate may read of the old state
export function resetHiddenState(r: number[], hPrev: number[]): number[] {
  return r.map((rj, j) => rj * hPrev[j]);
}

// h̃_t = tanh(x_t W_h + b_h + (r_t ⊙ h_{t−1}) U_h)
export function candidateHiddenState(
  p: GRUGateWeights,
  x: number[],
  resetHidden: number[],
): number[] {
  return squash("tanh", gateSum(p.h, x, resetHidden));
}

// h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ h̃_t
export function mixHiddenState(z: number[], hPrev: number[], hTilde: number[]): number[] {
  return z.map((zj, j) => zj * hPrev[j] + (1 - zj) * hTilde[j]);
}

/** Every intermediate of one step, each (U). */
export interface GRUStepByHand {
  z: number[]; // update gate
  r: number[]; // reset gate
  resetHidden: number[]; // r_t ⊙ h_{t−1}
  candidate: number[]; // h̃_t
  h: number[]; // h_t
}

/** The four equations in order, one step: x_t (I), h_{t−1} (U) → every intermediate. */
export function gruStep(
  p: GRUGateWeights,
  x: number[],
  hPrev: number[],
  sigma: GateActivationName = "sigmoid",
): GRUStepByHand {
  const z = updateGate(p, x, hPrev, sigma);
  const r = resetGate(p, x, hPrev, sigma);
  const resetHidden = resetHiddenState(r, hPrev);
  const candidate = candidateHiddenState(p, x, resetHidden);
  const h = mixHiddenState(z, hPrev, candidate);
  return { z, r, resetHidden, candidate, h };
}
