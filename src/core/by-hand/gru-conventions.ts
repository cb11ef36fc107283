/**
 * Three ways to write the same GRU (chapter 04), each as code that follows its own paper or
 * documentation line by line, plus the parameter mappings between them.
 *
 * 1. Chung et al. (2014) and colah's post ("colah" below): h_t = (1 − z_t) ⊙ h_{t−1} + z_t ⊙ h̃_t
 * 2. Cho et al. (2014, eq. 7), tfjs, Keras with reset_after=False (reset before):
 *    h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ h̃_t,  h̃_t = tanh(x_t W_h + (r_t ⊙ h_{t−1}) U_h + b_h)
 * 3. PyTorch and cuDNN (reset after, block order r, z, n, column vectors, two biases b_ih and b_hh;
 *    Keras's reset_after=True is the same GRU with row vectors and blocks z, r, h):
 *    n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t−1} + b_hn)),
 *    h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}   (the same h_t as 2: a large z keeps the old state)
 *
 * 1 ↔ 2: σ(−a) = 1 − σ(a) (also for hardSigmoid), so negating the z block of W, U and b turns
 *        one z into the other: an exact mapping.
 * 3 ↔ our reset-after cell: only a transpose and a reordering of blocks: exact.
 * 2 ↔ 3: (r ⊙ h)·U_h = Σ_k r_k h_k U_h[k][j] resets each INPUT unit k of the product, while
 *        r ⊙ (h·U_h) resets each OUTPUT unit j of the whole sum. They agree for every input only
 *        when U_h is diagonal (no unit reads another unit's previous value in h̃) and — from
 *        reset-after to reset-before — the candidate's recurrent bias b_hn is 0 (r multiplies it).
 *        For general weights no choice of parameters makes them equal: each mapping's `gap` says
 *        how far the plain carry-over is from exact.
 */
import { type ActivationName, activation } from "../activations.js";
import type { Matrix } from "../arrays.js";
import { gateWeights, type LayerWeights } from "../weights.js";
import { transpose, vecMat } from "./dense.js";

export type GateActivationName = Extract<ActivationName, "sigmoid" | "hardSigmoid">;

/** One gate's slice: x·W (I, U), h·U (U, U), b (U) — row vectors, as tfjs. */
export interface GateParams {
  W: Matrix;
  U: Matrix;
  b: number[];
}

/** A GRU as three named gates (the Chung/colah and the tfjs notation share this shape). */
export interface GRUGates {
  z: GateParams;
  r: GateParams;
  h: GateParams;
}

/** One step of any convention, every intermediate kept (each (U)). */
export interface GRUStepValues {
  z: number[];
  r: number[];
  candidate: number[];
  h: number[];
}

const add = (...vectors: number[][]) =>
  vectors[0].map((_, j) => vectors.reduce((s, v) => s + v[j], 0));
const mul = (a: number[], b: number[]) => a.map((v, j) => v * b[j]);
const oneMinus = (a: number[]) => a.map((v) => 1 - v);

/** x·W + h·U + b for one gate (row vectors). */
function affine(p: GateParams, x: number[], h: number[]): number[] {
  return add(vecMat(x, p.W), vecMat(h, p.U), p.b);
}

function gateFunction(name: GateActivationName): (v: number[]) => number[] {
  const f = activation(name, "float64").apply;
  return (v) => v.map(f);
}

const tanh = (v: number[]) => v.map(Math.tanh);

/** tfjs's fused weights [kernel, recurrentKernel, bias] as named gates z, r, h. */
export function tfjsGates(weights: LayerWeights): GRUGates {
  const g = gateWeights("gru", weights);
  return { z: g.z, r: g.r, h: g.h };
}

/** Named gates back into tfjs's fused layout (column blocks z, r, h). */
export function fuseGates(gates: GRUGates): LayerWeights {
  const blocks = [gates.z, gates.r, gates.h];
  const join = (pick: (p: GateParams) => Matrix) =>
    pick(gates.z).map((_, row) => blocks.flatMap((p) => pick(p)[row]));
  return [join((p) => p.W), join((p) => p.U), blocks.flatMap((p) => p.b)];
}

/** Chung's and colah's z is tfjs's 1 − z: negate the z gate's W, U and b (σ(−a) = 1 − σ(a)). */
export function colahFromTfjs(weights: LayerWeights): GRUGates {
  const g = tfjsGates(weights);
  const negate = (m: Matrix) => m.map((row) => row.map((v) => -v));
  return { ...g, z: { W: negate(g.z.W), U: negate(g.z.U), b: g.z.b.map((v) => -v) } };
}

/** The same mapping backwards (negating twice is the identity). */
export function tfjsFromColah(gates: GRUGates): LayerWeights {
  return fuseGates(colahFromTfjs(fuseGates(gates)));
}

/** Chung et al. (2014) / colah's post, one sequence (T, I) → every step. */
export function colahGRU(
  gates: GRUGates,
  x: number[][],
  sigmaName: GateActivationName = "sigmoid",
): GRUStepValues[] {
  const sigma = gateFunction(sigmaName);
  let hPrev = new Array<number>(gates.z.b.length).fill(0);
  return x.map((xt) => {
    // z_t = σ(x_t W_z + h_{t−1} U_z + b_z)
    const z = sigma(affine(gates.z, xt, hPrev));
    // r_t = σ(x_t W_r + h_{t−1} U_r + b_r)
    const r = sigma(affine(gates.r, xt, hPrev));
    // h̃_t = tanh(x_t W_h + (r_t ⊙ h_{t−1}) U_h + b_h)
    const candidate = tanh(affine(gates.h, xt, mul(r, hPrev)));
    // h_t = (1 − z_t) ⊙ h_{t−1} + z_t ⊙ h̃_t
    const h = add(mul(oneMinus(z), hPrev), mul(z, candidate));
    hPrev = h;
    return { z, r, candidate, h };
  });
}

/** Cho et al. (2014) / tfjs / Keras (reset before the product), one sequence (T, I) → all steps. */
export function tfjsGRU(
  gates: GRUGates,
  x: number[][],
  sigmaName: GateActivationName = "sigmoid",
): GRUStepValues[] {
  const sigma = gateFunction(sigmaName);
  let hPrev = new Array<number>(gates.z.b.length).fill(0);
  return x.map((xt) => {
    // z_t = σ(x_t W_z + h_{t−1} U_z + b_z)
    const z = sigma(affine(gates.z, xt, hPrev));
    // r_t = σ(x_t W_r + h_{t−1} U_r + b_r)
    const r = sigma(affine(gates.r, xt, hPrev));
    // h̃_t = tanh(x_t W_h + (r_t ⊙ h_{t−1}) U_h + b_h)
    const candidate = tanh(affine(gates.h, xt, mul(r, hPrev)));
    // h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ h̃_t
    const h = add(mul(z, hPrev), mul(oneMinus(z), candidate));
    hPrev = h;
    return { z, r, candidate, h };
  });
}

/** torch.nn.GRU's parameters (one layer): rows in gate order r, z, n. */
export interface PyTorchGRUParameters {
  weight_ih: Matrix; // (3U, I): [W_ir; W_iz; W_in]
  weight_hh: Matrix; // (3U, U): [W_hr; W_hz; W_hn]
  bias_ih: number[]; // (3U): [b_ir; b_iz; b_in]
  bias_hh: number[]; // (3U): [b_hr; b_hz; b_hn]
}

/** W·v for W (m, n) and a column vector v. */
const matCol = (w: Matrix, v: number[]) => w.map((row) => row.reduce((s, a, k) => s + a * v[k], 0));

/** PyTorch's documented equations, one sequence (T, I) → every step (gates in its order). */
export function pytorchGRU(
  p: PyTorchGRUParameters,
  x: number[][],
  sigmaName: GateActivationName = "sigmoid",
): GRUStepValues[] {
  const sigma = gateFunction(sigmaName);
  const U = p.weight_hh[0].length;
  const block = (v: number[], k: number) => v.slice(k * U, (k + 1) * U); // k: 0 r, 1 z, 2 n
  let hPrev = new Array<number>(U).fill(0);
  return x.map((xt) => {
    const gi = add(matCol(p.weight_ih, xt), p.bias_ih); // W_i· x_t + b_i·   (3U)
    const gh = add(matCol(p.weight_hh, hPrev), p.bias_hh); // W_h· h_{t−1} + b_h·   (3U)
    // r_t = σ(W_ir x_t + b_ir + W_hr h_{t−1} + b_hr)
    const r = sigma(add(block(gi, 0), block(gh, 0)));
    // z_t = σ(W_iz x_t + b_iz + W_hz h_{t−1} + b_hz)
    const z = sigma(add(block(gi, 1), block(gh, 1)));
    // n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t−1} + b_hn))
    const candidate = tanh(add(block(gi, 2), mul(r, block(gh, 2))));
    // h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}
    const h = add(mul(oneMinus(z), candidate), mul(z, hPrev));
    hPrev = h;
    return { z, r, candidate, h };
  });
}

/** Our blocks are z, r, h; PyTorch's are r, z, n. Block k of PyTorch is our block ORDER[k]. */
const PYTORCH_ORDER = [1, 0, 2];

/** Reorders U-wide blocks of a row (3U) by `order` (new block k = old block order[k]). */
function reorderBlocks(row: number[], order: number[]): number[] {
  const U = row.length / 3;
  return order.flatMap((k) => row.slice(k * U, (k + 1) * U));
}

/**
 * Our reset-after weights [kernel (I, 3U), recurrentKernel (U, 3U), bias (2, 3U)] as torch.nn.GRU
 * parameters: transpose (row vectors → column vectors) and reorder z, r, h → r, z, n.
 */
export function pytorchFromResetAfter(weights: LayerWeights): PyTorchGRUParameters {
  const [kernel, recurrentKernel, bias] = weights;
  const [inputBias, recurrentBias] = bias as Matrix;
  return {
    weight_ih: transpose(kernel.map((row) => reorderBlocks(row, PYTORCH_ORDER))),
    weight_hh: transpose(recurrentKernel.map((row) => reorderBlocks(row, PYTORCH_ORDER))),
    bias_ih: reorderBlocks(inputBias, PYTORCH_ORDER),
    bias_hh: reorderBlocks(recurrentBias, PYTORCH_ORDER),
  };
}

/** torch.nn.GRU parameters as our reset-after weights (the inverse: r, z swap back). */
export function resetAfterFromPytorch(p: PyTorchGRUParameters): LayerWeights {
  return [
    transpose(p.weight_ih).map((row) => reorderBlocks(row, PYTORCH_ORDER)),
    transpose(p.weight_hh).map((row) => reorderBlocks(row, PYTORCH_ORDER)),
    [reorderBlocks(p.bias_ih, PYTORCH_ORDER), reorderBlocks(p.bias_hh, PYTORCH_ORDER)],
  ];
}

/** How far apart the reset-before and reset-after variants are forced to be. */
export interface ResetVariantsGap {
  /** max |U_h[k][j]| over k ≠ j: the cross-talk that the two variants reset differently. */
  offDiagonal: number;
  /** max |b_hn| (reset-after only; 0 for reset-before weights). */
  recurrentCandidateBias: number;
  /** true when a mapping reproduces the other variant exactly. */
  exact: boolean;
}

function candidateGap(recurrentKernel: Matrix, recurrentCandidateBias: number[]): ResetVariantsGap {
  const U = recurrentKernel.length;
  let offDiagonal = 0;
  for (let k = 0; k < U; k++) {
    for (let j = 0; j < U; j++) {
      if (k !== j) offDiagonal = Math.max(offDiagonal, Math.abs(recurrentKernel[k][2 * U + j]));
    }
  }
  const biasSize = Math.max(0, ...recurrentCandidateBias.map(Math.abs));
  return {
    offDiagonal,
    recurrentCandidateBias: biasSize,
    exact: offDiagonal === 0 && biasSize === 0,
  };
}

/**
 * Reset-before weights as reset-after weights: same W and U, input bias b, recurrent bias 0.
 * Exact (same h for every input) only when U_h is diagonal; `gap` says how far it is.
 */
export function resetAfterFromResetBefore(weights: LayerWeights): {
  weights: LayerWeights;
  gap: ResetVariantsGap;
} {
  const [kernel, recurrentKernel, bias] = weights;
  const b = bias as number[];
  return {
    weights: [kernel, recurrentKernel, [b.slice(), b.map(() => 0)]],
    gap: candidateGap(recurrentKernel, []),
  };
}

/**
 * Reset-after weights as reset-before weights: b = b_x + b_h for z and r, b_xh for h̃ (b_hn has
 * nowhere to go: reset-after multiplies it by r). Exact only when U_h is diagonal and b_hn = 0.
 */
export function resetBeforeFromResetAfter(weights: LayerWeights): {
  weights: LayerWeights;
  gap: ResetVariantsGap;
} {
  const [kernel, recurrentKernel, bias] = weights;
  const [inputBias, recurrentBias] = bias as Matrix;
  const U = recurrentKernel.length;
  const b = inputBias.map((v, g) => (g < 2 * U ? v + recurrentBias[g] : v));
  return {
    weights: [kernel, recurrentKernel, b],
    gap: candidateGap(recurrentKernel, recurrentBias.slice(2 * U)),
  };
}

/** A copy of the weights whose candidate block U_h keeps only its diagonal. */
export function withDiagonalCandidate(weights: LayerWeights): LayerWeights {
  const [kernel, recurrentKernel, bias] = weights;
  const U = recurrentKernel.length;
  const recurrent = recurrentKernel.map((row, k) =>
    row.map((v, col) => (col >= 2 * U && col - 2 * U !== k ? 0 : v)),
  );
  return [kernel, recurrent, bias];
}
