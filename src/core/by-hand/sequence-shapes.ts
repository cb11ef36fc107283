/**
 * Recurrent layers in four shapes of task (chapter 01), each with a dense readout y = h V + c:
 * - many-to-one:  x (B, T, I) → last h (B, U) → y (B, K)          e.g. classify a sentence
 * - many-to-many: x (B, T, I) → every h (B, T, U) → y (B, T, K)   e.g. tag every word
 * - one-to-many:  x (B, I), fed at each of T steps → y (B, T, K)  e.g. caption an image
 * - delayed many-to-many (encoder–decoder): an encoder RNN reads all of x (B, T, I); its last h
 *   starts a decoder RNN that runs S steps, reading its own previous output → y (B, S, K)
 *   e.g. translate a sentence
 * (tfjs: simpleRNN + dense; returnSequences; repeatVector + simpleRNN + dense; two simpleRNNs
 * joined by initialState, stepped one at a time: src/node/reference/sequence-models.ts.)
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

/**
 * Delayed many-to-many: the encoder reads x (B, T, I); its last hidden state is the decoder's
 * h_{−1}; the decoder (input size K, the same U units) runs `steps` steps, each reading the
 * previous output y_{s−1} (y_{−1} = 0, a "start" input), and each step is read out: (B, steps, K).
 */
export function encoderDecoder(
  encoder: LayerWeights,
  decoder: LayerWeights,
  out: Readout,
  x: Tensor3,
  steps: number,
): Tensor3 {
  if (decoder[0].length !== out.bias.length) {
    throw new Error(
      `encoderDecoder: the decoder reads the previous output, so its kernel needs ${out.bias.length} rows (K), got ${decoder[0].length}`,
    );
  }
  // h^enc_{T−1}, the encoder's last hidden state: all that the decoder gets to know about x
  let h = runLayer("simpleRNN", encoder, x).output as Matrix; // (B, U)
  let y: Matrix = x.map(() => out.bias.map(() => 0)); // y_{−1} = 0   (B, K)
  const ys: Matrix[] = [];
  for (let s = 0; s < steps; s++) {
    // h^dec_s = tanh(y_{s−1} W_dec + h^dec_{s−1} U_dec + b_dec),  h^dec_{−1} = h^enc_{T−1}
    const input = y.map((row) => [row]); // one step: (B, 1, K)
    h = runLayer("simpleRNN", decoder, input, { initialState: [h] }).output as Matrix; // (B, U)
    // y_s = h^dec_s V + c
    y = readout(out, h); // (B, K)
    ys.push(y);
  }
  return x.map((_, n) => ys.map((yStep) => yStep[n])); // (steps, B, K) → (B, steps, K)
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
