/**
 * The reset-after GRU (PyTorch, cuDNN, Keras v2) composed from tf ops, because tf.layers.gru
 * only has the reset-before variant. Same op order as ../cells/gru.ts, so the float32 mode of
 * our cell can be compared bit for bit on the cpu backend.
 */
import * as tf from "@tensorflow/tfjs";
import type { Matrix } from "../../core/arrays.js";
import type { LayerGradients, LayerResult } from "../../core/layer.js";
import type { LayerWeights } from "../../core/weights.js";

type Gate = "sigmoid" | "hardSigmoid";

function gate(name: Gate, x: tf.Tensor): tf.Tensor {
  // hardSigmoid as tfjs-layers computes it: clip(0.2·x + 0.5, 0, 1)
  return name === "sigmoid" ? tf.sigmoid(x) : tf.clipByValue(tf.add(0.5, tf.mul(0.2, x)), 0, 1);
}

/** Runs the sequence with tf ops; returns h for every step (T tensors of [B, U]). */
function resetAfterSteps(
  kernel: tf.Tensor2D,
  recurrentKernel: tf.Tensor2D,
  bias: tf.Tensor2D,
  x: tf.Tensor3D,
  h0: tf.Tensor2D,
  recurrentActivation: Gate,
): tf.Tensor2D[] {
  const [inputBias, recurrentBias] = tf.unstack(bias) as tf.Tensor1D[];
  const steps = tf.unstack(x, 1) as tf.Tensor2D[];
  const hs: tf.Tensor2D[] = [];
  let h = h0;
  for (const xt of steps) {
    // m = x_t·W + b_x;  n = h_{t−1}·U + b_h
    const m = tf.add(tf.matMul(xt, kernel), inputBias);
    const n = tf.add(tf.matMul(h, recurrentKernel), recurrentBias);
    const [mz, mr, mh] = tf.split(m, 3, 1);
    const [nz, nr, nh] = tf.split(n, 3, 1);
    // z_t = σ(m_z + n_z);  r_t = σ(m_r + n_r);  h̃_t = tanh(m_h + r_t ⊙ n_h)
    const z = gate(recurrentActivation, tf.add(mz, nz));
    const r = gate(recurrentActivation, tf.add(mr, nr));
    const hTilde = tf.tanh(tf.add(mh, tf.mul(r, nh)));
    // h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ h̃_t
    h = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), hTilde)) as tf.Tensor2D;
    hs.push(h);
  }
  return hs;
}

export interface ResetAfterOptions {
  recurrentActivation?: Gate;
  initialState?: Matrix[];
  returnSequences?: boolean;
}

/** Forward pass: output and final state, shaped like runLayer's. */
export function referenceResetAfterGRU(
  weights: LayerWeights,
  x: number[][][],
  options: ResetAfterOptions = {},
): LayerResult {
  return tf.tidy(() => {
    const units = weights[1].length;
    const h0 = options.initialState
      ? tf.tensor2d(options.initialState[0])
      : tf.zeros([x.length, units]);
    const hs = resetAfterSteps(
      tf.tensor2d(weights[0]),
      tf.tensor2d(weights[1]),
      tf.tensor2d(weights[2] as Matrix),
      tf.tensor3d(x),
      h0 as tf.Tensor2D,
      options.recurrentActivation ?? "hardSigmoid",
    );
    const last = hs[hs.length - 1].arraySync();
    const output = options.returnSequences ? (tf.stack(hs, 1).arraySync() as number[][][]) : last;
    return { output, states: [last] };
  });
}

/** tfjs's gradients of sum(output ⊙ dOutput) for the tf-ops reset-after GRU. */
export function referenceResetAfterGradients(
  weights: LayerWeights,
  x: number[][][],
  dOutput: number[][] | number[][][],
  options: ResetAfterOptions = {},
): LayerGradients {
  return tf.tidy(() => {
    const units = weights[1].length;
    const h0 = options.initialState
      ? tf.tensor2d(options.initialState[0])
      : tf.zeros([x.length, units]);
    const dOut = tf.tensor(dOutput as number[][]);
    const loss = (...[kernel, recurrentKernel, bias, input, h]: tf.Tensor[]) => {
      const hs = resetAfterSteps(
        kernel as tf.Tensor2D,
        recurrentKernel as tf.Tensor2D,
        bias as tf.Tensor2D,
        input as tf.Tensor3D,
        h as tf.Tensor2D,
        options.recurrentActivation ?? "hardSigmoid",
      );
      const output = options.returnSequences ? tf.stack(hs, 1) : hs[hs.length - 1];
      return tf.sum(tf.mul(output, dOut)) as tf.Scalar;
    };
    const grads = tf.grads(loss)([
      tf.tensor2d(weights[0]),
      tf.tensor2d(weights[1]),
      tf.tensor2d(weights[2] as Matrix),
      tf.tensor3d(x),
      h0,
    ]);
    const [kernel, recurrentKernel, bias, dx, dh0] = grads.map((g) => g.arraySync());
    return {
      kernel: kernel as Matrix,
      recurrentKernel: recurrentKernel as Matrix,
      bias: bias as Matrix,
      x: dx as number[][][],
      initialState: [dh0 as Matrix],
    };
  });
}
