/**
 * The RNN of yliuhz's blog post "Recurrent Neural Networks" (2023), line by line (chapter 01), in
 * column-vector form as PyTorch writes it:
 *   f(x) = W x + b
 *   h_0  = tanh(f(x_0))                  (the blog: the input's f only)
 *   h_t  = tanh(f_ih(x_t) + f_hh(h_{t−1}))
 *   y_t  = σ(f_hy(h_t))
 * Every f has its own W and b: the recurrence has TWO biases, b_ih and b_hh (PyTorch's nn.RNN).
 * Porting note: like PyTorch and tfjs, the course does not write h_0 separately; it starts from
 * h_{−1} = 0 and runs the h_t line at t = 0 too, so h_0 = tanh(f_ih(x_0) + b_hh): the blog's h_0
 * plus b_hh inside the tanh (`blogFirstStateAsWritten` keeps the blog's line, to compare).
 * tfjs (and Keras) write row vectors and keep ONE bias: h_t = tanh(x_t W + h_{t−1} U + b).
 * The two agree when W = W_ihᵀ, U = W_hhᵀ and b = b_ih + b_hh (`toTfjsWeights`).
 */
import type { Matrix } from "../arrays.js";
import { seededRandom, uniformMatrix } from "../random.js";
import type { LayerWeights } from "../weights.js";
import { matVec, transpose } from "./dense.js";

/** An affine map f(x) = W x + b, W (out, in), b (out). */
export interface Affine {
  W: Matrix;
  b: number[];
}

/** The blog's RNN: f_ih reads the input, f_hh the previous hidden state. */
export interface BlogRNN {
  inputToHidden: Affine; // W_ih (H, I), b_ih (H)
  hiddenToHidden: Affine; // W_hh (H, H), b_hh (H)
}

/** f(x) = W x + b. */
export function affine({ W, b }: Affine, x: number[]): number[] {
  // f(x) = W x + b
  return matVec(W, x).map((value, i) => value + b[i]);
}

/** h_t = tanh(f_ih(x_t) + f_hh(h_{t−1})).   (H) */
export function blogStep(rnn: BlogRNN, x: number[], hPrevious: number[]): number[] {
  // h_t = tanh(f_ih(x_t) + f_hh(h_{t−1}))
  const fromInput = affine(rnn.inputToHidden, x); // f_ih(x_t)   (H)
  const fromPast = affine(rnn.hiddenToHidden, hPrevious); // f_hh(h_{t−1})   (H)
  return fromInput.map((value, i) => Math.tanh(value + fromPast[i]));
}

/** h_0 … h_{T−1} for one sequence x_0 … x_{T−1} (T, I), from h_{−1} = 0.   (T, H) */
export function blogForward(rnn: BlogRNN, xs: Matrix): Matrix {
  // h_0 = tanh(f_ih(x_0) + f_hh(h_{−1})) with h_{−1} = 0, so h_0 = tanh(f_ih(x_0) + b_hh)
  let h = new Array<number>(rnn.hiddenToHidden.b.length).fill(0); // h_{−1} = 0   (H)
  return xs.map((x) => {
    h = blogStep(rnn, x, h); // the same rnn (same W, b) at every step; t = 0 gives h_0
    return h;
  });
}

/** The blog's h_0 line as written, with the input's f only (no b_hh).   (H) */
export function blogFirstStateAsWritten(rnn: BlogRNN, x0: number[]): number[] {
  // h_0 = tanh(f_ih(x_0))
  return affine(rnn.inputToHidden, x0).map(Math.tanh);
}

/** y_t = σ(f_hy(h_t)), σ the logistic sigmoid.   (K) */
export function blogOutput(readout: Affine, h: number[]): number[] {
  // y_t = σ(f_hy(h_t))
  return affine(readout, h).map((z) => 1 / (1 + Math.exp(-z)));
}

/** The same RNN in tfjs's layout: [kernel W_ihᵀ (I, H), recurrentKernel W_hhᵀ (H, H), b_ih + b_hh]. */
export function toTfjsWeights(rnn: BlogRNN): LayerWeights {
  // W = W_ihᵀ, U = W_hhᵀ, b = b_ih + b_hh
  return [
    transpose(rnn.inputToHidden.W),
    transpose(rnn.hiddenToHidden.W),
    rnn.inputToHidden.b.map((b, i) => b + rnn.hiddenToHidden.b[i]),
  ];
}

/** The same RNN with b_hh set to 0 (then the course's h_0 is the blog's h_0 exactly). */
export function withoutHiddenBias(rnn: BlogRNN): BlogRNN {
  const { W, b } = rnn.hiddenToHidden;
  return { ...rnn, hiddenToHidden: { W, b: b.map(() => 0) } };
}

/** Seeded uniform(±1/√H) weights and biases, PyTorch's default initialisation. */
export function randomBlogRNN(inputSize: number, hiddenSize: number, seed: number): BlogRNN {
  const random = seededRandom(seed);
  const limit = 1 / Math.sqrt(hiddenSize);
  const vector = () => uniformMatrix(random, 1, hiddenSize, limit)[0];
  return {
    inputToHidden: { W: uniformMatrix(random, hiddenSize, inputSize, limit), b: vector() },
    hiddenToHidden: { W: uniformMatrix(random, hiddenSize, hiddenSize, limit), b: vector() },
  };
}

/** A seeded readout f_hy (K outputs from H hidden units). */
export function randomReadout(hiddenSize: number, outputs: number, seed: number): Affine {
  const random = seededRandom(seed);
  const limit = 1 / Math.sqrt(hiddenSize);
  return {
    W: uniformMatrix(random, outputs, hiddenSize, limit),
    b: uniformMatrix(random, 1, outputs, limit)[0],
  };
}
