/**
 * One recurrent layer, three ways to use it (chapter 01), plus a dense readout y = h V + c:
 * - many-to-one:  x (B, T, I) → last h (B, U) → y (B, K)          e.g. classify a sentence
 * - many-to-many: x (B, T, I) → every h (B, T, U) → y (B, T, K)   e.g. tag every word
 * - one-to-many:  x (B, I), fed at each of T steps → y (B, T, K)  e.g. caption an image
 * (tfjs: simpleRNN + dense; returnSequences; repeatVector + simpleRNN + dense.)
 */
import type { Matrix, Tensor3 } from "../arrays.js";
import { runLayer } from "../layer.js";
import type { LayerWeights } from "../weights.js";
import { matMul } from "./dense.js";

/** A dense readout y = h V + c: kernel V (U, K), bias c (K) — tfjs's dense layout. */
export interface Readout {
  kernel: Matrix;
  bias: number[];
}

/** y = h V + c for every row of h (B, U) → (B, K). */
export function readout({ kernel, bias }: Readout, h: Matrix): Matrix {
  return matMul(h, kernel).map((row) => row.map((value, k) => value + bias[k]));
}

/** The last hidden state, read out: (B, T, I) → (B, K). */
export function manyToOne(weights: LayerWeights, out: Readout, x: Tensor3): Matrix {
  const hLast = runLayer("simpleRNN", weights, x).output as Matrix; // (B, U)
  return readout(out, hLast);
}

/** Every hidden state, read out: (B, T, I) → (B, T, K). */
export function manyToMany(weights: LayerWeights, out: Readout, x: Tensor3): Tensor3 {
  const hs = runLayer("simpleRNN", weights, x, { returnSequences: true }).output as Tensor3;
  return hs.map((sequence) => readout(out, sequence)); // (B, T, U) → (B, T, K)
}

/** One input per sequence, given at each of `steps` steps: (B, I) → (B, steps, K). */
export function oneToMany(weights: LayerWeights, out: Readout, x: Matrix, steps: number): Tensor3 {
  const repeated = x.map((row) => Array.from({ length: steps }, () => row)); // (B, steps, I)
  return manyToMany(weights, out, repeated);
}

/** The shape of a nested array, e.g. [2, 5, 3]. */
export function dims(value: unknown): number[] {
  const shape: number[] = [];
  let probe = value;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  return shape;
}
