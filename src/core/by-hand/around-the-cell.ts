/**
 * The model around the cell (chapter 02), one equation per function, for a batch of B rows:
 *
 *   x_t = onehot(token_t)  or  x_t = E[token_t]     what the cell reads          (I)
 *   h   = the RNN's hidden state (the last one, or the one of every step)       (B, U)
 *   z   = h W + b          dense logits, one score per class                    (B, C)
 *   p   = softmax(z)       probabilities                                        (B, C)
 *   L   = −(1/B) Σ_n log p[n, y_n]   cross-entropy, mean over the batch         (scalar)
 *
 * and the way back: ∂L/∂z = (p − onehot(y)) / B, then through the dense layer to ∂L/∂h, which
 * is where backpropagation through time starts (./rnn-bptt.ts).
 *
 * Why p − y, in two lines. For one row, −log p_y = −z_y + log Σ_k e^{z_k}, so
 *   ∂(−log p_y)/∂z_c = −[c = y] + e^{z_c} / Σ_k e^{z_k} = p_c − y_c    (y = onehot(y)).
 * The mean over B rows divides each row's gradient by B. The library computes the same in
 * ../train/losses.ts (`softmaxCrossEntropy`); the chapter checks this file against tfjs autodiff.
 */
import type { Matrix } from "../arrays.js";
import { matMul, transpose } from "./dense.js";
import { type Readout, readout } from "./sequence-shapes.js";

function checkIndex(index: number, size: number, what: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= size) {
    throw new Error(`${what}: expected an integer in [0, ${size}), got ${index}`);
  }
}

function checkTargets(rows: Matrix, targets: number[]): void {
  if (targets.length !== rows.length) {
    throw new Error(
      `targets: expected one class per row (${rows.length} rows), got ${targets.length}`,
    );
  }
  targets.forEach((y, n) => {
    checkIndex(y, rows[n].length, `targets[${n}]`);
  });
}

/** onehot(i): V numbers, a 1 at position i and 0 elsewhere. */
export function oneHot(index: number, size: number): number[] {
  checkIndex(index, size, "index");
  return Array.from({ length: size }, (_, j) => (j === index ? 1 : 0));
}

/**
 * x = E[i], row i of the embedding matrix E (V, E). The same as onehot(i)·E, without the
 * V multiplications by zero: a one-hot input is an embedding whose E is the identity.
 */
export function embeddingLookup(embedding: Matrix, index: number): number[] {
  checkIndex(index, embedding.length, "index");
  return [...embedding[index]];
}

/** z = h W + b: one score per class for every row of h.   (B, U) → (B, C) */
export function denseLogits(dense: Readout, h: Matrix): Matrix {
  // z = h W + b
  return readout(dense, h); // (B, C)
}

/** p = softmax(z), row by row: p_c = e^{z_c} / Σ_k e^{z_k}.   (B, C) → (B, C) */
export function softmax(z: Matrix): Matrix {
  return z.map((row) => {
    // subtracting max z changes nothing (it cancels) and keeps every e^· ≤ 1
    const max = Math.max(...row);
    const exps = row.map((zc) => Math.exp(zc - max)); // (C)
    const sum = exps.reduce((s, e) => s + e, 0);
    // p_c = e^{z_c − max} / Σ_k e^{z_k − max}
    return exps.map((e) => e / sum); // (C)
  });
}

/**
 * L = −(1/N) Σ_n log p[n, y_n]: cross-entropy, the mean over the N rows (N = B, or B·T when
 * every step of B sequences predicts; `meanOver` says how many the mean divides by).
 * Written from p for clarity: a p that underflows to 0 gives ∞. The training code
 * (../train/losses.ts) takes log p_y = z_y − log Σ_k e^{z_k} from z instead, which cannot.
 */
export function crossEntropy(p: Matrix, targets: number[], meanOver = p.length): number {
  checkTargets(p, targets);
  // L = −(1/N) Σ_n log p[n, y_n]
  const total = p.reduce((sum, row, n) => sum - Math.log(row[targets[n]]), 0);
  return total / meanOver;
}

/** ∂L/∂z = (p − onehot(y)) / N for L = crossEntropy(softmax(z), y).   (B, C) */
export function softmaxCrossEntropyGradient(
  p: Matrix,
  targets: number[],
  meanOver = p.length,
): Matrix {
  checkTargets(p, targets);
  // ∂L/∂z = (p − y) / N
  return p.map((row, n) => row.map((pc, c) => (pc - (c === targets[n] ? 1 : 0)) / meanOver));
}

/** What the dense layer hands back: its own gradients and ∂L/∂h for the layer below. */
export interface DenseGradients {
  kernel: Matrix; // ∂L/∂W (U, C)
  bias: number[]; // ∂L/∂b (C)
  h: Matrix; // ∂L/∂h (B, U)
}

/** z = h W + b, backwards: from ∂L/∂z to ∂L/∂W, ∂L/∂b and ∂L/∂h. */
export function denseBackward(dense: Readout, h: Matrix, dz: Matrix): DenseGradients {
  // ∂L/∂W = hᵀ ∂L/∂z
  const kernel = matMul(transpose(h), dz); // (U, C)
  // ∂L/∂b = Σ_n ∂L/∂z[n]
  const bias = dense.bias.map((_, c) => dz.reduce((sum, row) => sum + row[c], 0)); // (C)
  // ∂L/∂h = ∂L/∂z Wᵀ
  const dh = matMul(dz, transpose(dense.kernel)); // (B, U)
  return { kernel, bias, h: dh };
}
