/**
 * The character model's hand-written backward pass for one window of truncated BPTT (embedding →
 * two stacked LSTM or GRU layers → dense at every step → softmax cross-entropy, starting from
 * carried states): against central finite differences in float64, and against the same model
 * in tf.layers (embedding + lstm/gru + timeDistributed dense) with tf.variableGrads. Plus the
 * window mechanics: carrying the state across two windows equals reading one long window.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type * as tfTypes from "@tensorflow/tfjs";
import { textDataset } from "../src/core/charlm/text-dataset.js";
import { buildVocabulary } from "../src/core/charlm/vocabulary.js";
import type { CellKind } from "../src/core/kinds.js";
import type { SequenceDataset } from "../src/core/train/dataset.js";
import {
  createModel,
  forward,
  layerParameterNames,
  lossAndGradients,
  type Model,
  recurrentLayerWeights,
} from "../src/core/train/model.js";
import { loadTensorFlow } from "../src/node/reference/tfjs.js";
import { assertAbsClose, assertRelClose } from "./support.js";

const TEXT = "床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n春眠不觉晓，处处闻啼鸟。\n";
const vocabulary = buildVocabulary(TEXT, 1);
const WINDOW = 5;
const data = textDataset(vocabulary, TEXT, WINDOW);
const EXAMPLES = [0, 7, 13]; // three rows, each a window of 5 steps at its own offset
const STEP = 1e-5;

/** Seeded non-zero carried states for every layer ([h] or [h, c], each (B, U)). */
function carriedStates(model: Model, rows: number): Float64Array[][] {
  const { cell, units: U, layers } = model.config;
  return Array.from({ length: layers }, (_, layer) =>
    Array.from({ length: cell === "lstm" ? 2 : 1 }, (_, s) =>
      Float64Array.from({ length: rows * U }, (_, j) => 0.4 * Math.sin(1 + j + 7 * s + 13 * layer)),
    ),
  );
}

function smallModel(cell: CellKind): Model {
  const model = createModel(data, { cell, units: 4, layers: 2, embeddingSize: 3, seed: 5 });
  // Move the biases off their initial values so every path carries a gradient.
  for (const layer of [0, 1]) {
    const bias = model.parameters[layerParameterNames(layer).bias]!;
    bias.forEach((_, j) => {
      bias[j] += 0.2 * Math.cos(j + layer);
    });
  }
  model.parameters.denseBias.forEach((_, j, b) => {
    b[j] = 0.1 * Math.sin(j);
  });
  return model;
}

describe("character model: one TBPTT window's gradients = central finite differences (float64, relative ≤ 1e-6)", () => {
  for (const cell of ["lstm", "gru"] as const) {
    test(`embedding → 2 × ${cell} → dense at every step → softmax, carried state`, () => {
      const model = smallModel(cell);
      const initialStates = carriedStates(model, EXAMPLES.length);
      const { gradients } = lossAndGradients(model, data, EXAMPLES, { initialStates });
      const names = Object.keys(model.parameters);
      assert.deepEqual(names.sort(), Object.keys(gradients).sort());
      for (const name of names) {
        const theta = model.parameters[name]!;
        const numeric = Array.from(theta, (_, j) => {
          const saved = theta[j];
          theta[j] = saved + STEP;
          const plus = forward(model, data, EXAMPLES, { initialStates }).result.loss;
          theta[j] = saved - STEP;
          const minus = forward(model, data, EXAMPLES, { initialStates }).result.loss;
          theta[j] = saved;
          return (plus - minus) / (2 * STEP);
        });
        assertRelClose(Array.from(gradients[name]!), numeric, 1e-6, `${cell} ${name}`);
      }
    });
  }
});

/** The same model in tf.layers with our weights: ∂(mean cross-entropy)/∂(every weight). */
function tfjsGradients(
  tf: typeof tfTypes,
  model: Model,
  dataset: SequenceDataset,
  examples: number[],
  initialStates: Float64Array[][],
): Record<string, number[]> {
  const { cell, units: U, vocabularySize: V, embeddingSize: E } = model.config;
  const B = examples.length;
  const T = dataset.time;
  return tf.tidy(() => {
    const ids = tf.tensor2d(
      examples.map((o) => Array.from(dataset.stream.subarray(o, o + T))),
      [B, T],
      "int32",
    );
    const targets = tf.oneHot(
      tf.tensor2d(
        examples.map((o) => Array.from(dataset.stream.subarray(o + 1, o + T + 1))),
        [B, T],
        "int32",
      ),
      V,
    );
    const embedding = tf.layers.embedding({ inputDim: V, outputDim: E });
    const recurrent = [0, 1].map(() => {
      const config = {
        units: U,
        returnSequences: true,
        recurrentActivation: "sigmoid",
        kernelInitializer: "zeros",
        recurrentInitializer: "zeros",
      } as const;
      return cell === "lstm" ? tf.layers.lstm(config) : tf.layers.gru(config);
    });
    const dense = tf.layers.timeDistributed({ layer: tf.layers.dense({ units: V }) });
    const states = initialStates.map((layer) =>
      layer.map((s) => tf.tensor2d(Array.from(s), [B, U])),
    );
    const logits = () => {
      let h = embedding.apply(ids) as tfTypes.Tensor;
      recurrent.forEach((layer, l) => {
        h = layer.apply(h, { initialState: states[l] }) as tfTypes.Tensor;
      });
      return dense.apply(h) as tfTypes.Tensor;
    };
    logits(); // builds the layers
    embedding.setWeights([tf.tensor2d(Array.from(model.parameters.embedding!), [V, E])]);
    recurrent.forEach((layer, l) => {
      layer.setWeights(recurrentLayerWeights(model, l).map((w) => tf.tensor(w as number[])));
    });
    dense.setWeights([
      tf.tensor2d(Array.from(model.parameters.denseKernel), [U, V]),
      tf.tensor1d(Array.from(model.parameters.denseBias)),
    ]);
    const layers = [embedding, ...recurrent, dense];
    const variables = layers.flatMap((layer) =>
      layer.trainableWeights.map((w) => w.read() as tfTypes.Variable),
    );
    const { grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(targets, logits()) as tfTypes.Scalar,
      variables,
    );
    const [gEmbedding, k1, r1, b1, k2, r2, b2, dk, db] = variables.map((v) =>
      Array.from(grads[v.name].dataSync()),
    );
    return {
      embedding: gEmbedding,
      kernel: k1,
      recurrentKernel: r1,
      bias: b1,
      kernel2: k2,
      recurrentKernel2: r2,
      bias2: b2,
      denseKernel: dk,
      denseBias: db,
    };
  });
}

describe("character model: gradients = the same model in tf.layers (tf.variableGrads, cpu backend, float32: relative ≤ 1e-4)", () => {
  for (const cell of ["lstm", "gru"] as const) {
    test(`embedding + 2 × tf.layers.${cell} + timeDistributed(dense), carried state`, async () => {
      const { tf } = await loadTensorFlow({ backend: "cpu" });
      const model = smallModel(cell);
      const initialStates = carriedStates(model, EXAMPLES.length);
      const ours = lossAndGradients(model, data, EXAMPLES, { initialStates }).gradients;
      const theirs = tfjsGradients(tf, model, data, EXAMPLES, initialStates);
      for (const [name, expected] of Object.entries(theirs)) {
        assertRelClose(Array.from(ours[name]!), expected, 1e-4, `${cell} ${name}`);
      }
      // float32 products (how the chapter's models are trained) stay as close to tfjs
      const fast = lossAndGradients(model, data, EXAMPLES, {
        initialStates,
        products: "float32",
      }).gradients;
      for (const [name, expected] of Object.entries(theirs)) {
        assertRelClose(
          Array.from(fast[name]!),
          expected,
          1e-4,
          `${cell} ${name} (float32 products)`,
        );
      }
    });
  }
});

describe("truncated BPTT keeps the state", () => {
  test("two windows with the state carried = one window twice as long (outputs equal)", () => {
    const model = smallModel("lstm");
    const long: SequenceDataset = { ...data, time: 2 * WINDOW };
    const whole = forward(model, long, [0]).outputs; // (2T, 1, V)
    const first = forward(model, data, [0]);
    const second = forward(model, data, [WINDOW], { initialStates: first.finalStates });
    assertAbsClose(
      [...first.outputs, ...second.outputs],
      Array.from(whole),
      0,
      "carried state vs one long window",
    );
  });

  test("a window that runs past the end of the text is refused with the range", () => {
    const model = smallModel("lstm");
    assert.throws(
      () => forward(model, data, [data.stream.length - WINDOW]),
      /a window of 5 steps starts at an offset from 0 to \d+ of the stream, got \d+/,
    );
  });
});
