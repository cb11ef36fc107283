/**
 * tfjs models for the four sequence shapes of chapter 01 (src/core/by-hand/sequence-shapes.ts),
 * fed our weights, so the notebook can compare outputs: three built with tf.sequential, the
 * encoder–decoder from two tf.layers.simpleRNN joined by `initialState`.
 * Call `await loadTensorFlow()` first.
 */
import * as tf from "@tensorflow/tfjs";
import type { Matrix, Tensor3 } from "../../core/arrays.js";
import type { Readout } from "../../core/by-hand/sequence-shapes.js";
import type { LayerWeights } from "../../core/weights.js";

export type SequenceShape = "manyToOne" | "manyToMany" | "oneToMany";

/**
 * manyToOne: simpleRNN → dense; manyToMany: simpleRNN(returnSequences) → dense (applied to the
 * last axis at every step); oneToMany: repeatVector(steps) → simpleRNN(returnSequences) → dense.
 */
export function referenceSequenceModel(
  shape: SequenceShape,
  weights: LayerWeights,
  out: Readout,
  x: Tensor3 | Matrix,
  steps?: number,
): Tensor3 | Matrix {
  const units = weights[1].length;
  const inputSize = weights[0].length;
  return tf.tidy(() => {
    const model = tf.sequential();
    const init = { kernelInitializer: "zeros", recurrentInitializer: "zeros" } as const;
    if (shape === "oneToMany") {
      if (steps === undefined) throw new Error("oneToMany: give the number of steps");
      model.add(tf.layers.repeatVector({ n: steps, inputShape: [inputSize] }));
      model.add(tf.layers.simpleRNN({ units, returnSequences: true, ...init }));
    } else {
      const time = (x as Tensor3)[0].length;
      const returnSequences = shape === "manyToMany";
      model.add(
        tf.layers.simpleRNN({ units, returnSequences, inputShape: [time, inputSize], ...init }),
      );
    }
    model.add(tf.layers.dense({ units: out.bias.length, kernelInitializer: "zeros" }));
    const rnnLayer = model.layers[shape === "oneToMany" ? 1 : 0];
    rnnLayer.setWeights(weights.map((w) => tf.tensor(w as number[])));
    model.layers[model.layers.length - 1].setWeights([
      tf.tensor2d(out.kernel),
      tf.tensor1d(out.bias),
    ]);
    const input = shape === "oneToMany" ? tf.tensor2d(x as Matrix) : tf.tensor3d(x as Tensor3);
    const y = model.predict(input) as tf.Tensor;
    const result = y.arraySync() as Tensor3 | Matrix;
    model.dispose();
    return result;
  });
}

/**
 * Delayed many-to-many in tfjs: tf.layers.simpleRNN (encoder) reads x; its last state is the
 * `initialState` of a second tf.layers.simpleRNN (decoder), applied one step at a time to the
 * previous output of tf.layers.dense (a zero input first), for `steps` steps → (B, steps, K).
 */
export function referenceEncoderDecoder(
  encoder: LayerWeights,
  decoder: LayerWeights,
  out: Readout,
  x: Tensor3,
  steps: number,
): Tensor3 {
  const units = encoder[1].length;
  const outputs = out.bias.length;
  const init = { kernelInitializer: "zeros", recurrentInitializer: "zeros" } as const;
  const setWeights = (layer: tf.layers.Layer, weights: LayerWeights) =>
    layer.setWeights(weights.map((w) => tf.tensor(w as number[])));
  return tf.tidy(() => {
    const input = tf.tensor3d(x); // (B, T, I)
    const encoderLayer = tf.layers.simpleRNN({ units, ...init });
    encoderLayer.apply(input); // builds the layer, so it can take our weights
    setWeights(encoderLayer, encoder);
    let h = encoderLayer.apply(input) as tf.Tensor; // h^enc_{T−1} (B, U)
    const decoderLayer = tf.layers.simpleRNN({ units, ...init });
    const dense = tf.layers.dense({ units: outputs, kernelInitializer: "zeros" });
    let y = tf.zeros([x.length, outputs]); // y_{−1} = 0 (B, K)
    decoderLayer.apply(y.expandDims(1), { initialState: [h] });
    setWeights(decoderLayer, decoder);
    dense.apply(h);
    dense.setWeights([tf.tensor2d(out.kernel), tf.tensor1d(out.bias)]);
    const ys: tf.Tensor[] = [];
    for (let s = 0; s < steps; s++) {
      h = decoderLayer.apply(y.expandDims(1), { initialState: [h] }) as tf.Tensor; // (B, U)
      y = dense.apply(h) as tf.Tensor; // (B, K)
      ys.push(y);
    }
    return tf.stack(ys, 1).arraySync() as Tensor3; // (B, steps, K)
  });
}
