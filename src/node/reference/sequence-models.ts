/**
 * tfjs models for the three sequence shapes of chapter 01 (src/core/by-hand/sequence-shapes.ts),
 * built with tf.sequential and fed our weights, so the notebook can compare outputs.
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
