/**
 * The same model built with tf.layers and trained with model.fit: the cross-check that our
 * from-scratch training is not fooling itself, and the yardstick for its speed.
 *   tf.layers.embedding (or one-hot) → simpleRNN | lstm | gru → dense softmax, Adam, cross-entropy.
 * It starts from the SAME initial weights as our model. Porting note: the embedding is a bias-free
 * dense layer on one-hot words (the same product, E[token] = onehot(token)·E) because the wasm
 * backend has no kernel for the embedding's gradient (UnsortedSegmentSum). Differences that remain: tfjs shuffles
 * with its own random numbers and computes in float32; tfjs's optimisers have no clipping.
 */
import type * as tfTypes from "@tensorflow/tfjs";
import type { TokenDataset } from "../../core/train/dataset.js";
import { type Model, recurrentLayerWeights } from "../../core/train/model.js";
import { type BackendChoice, loadTensorFlow } from "./tfjs.js";

export interface TensorFlowTrainOptions {
  /** Our model before training: its architecture and initial weights are copied. */
  model: Model;
  train: TokenDataset;
  test: TokenDataset;
  /** Default 10. */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /** Adam's η, default 0.01. */
  learningRate?: number;
  /** tfjs backend; default wasm. */
  backend?: BackendChoice;
}

export interface TensorFlowTrainResult {
  /** Held-out accuracy after each epoch. */
  testAccuracy: number[];
  /** Training loss per epoch. */
  loss: number[];
  /** Seconds inside model.fit. */
  seconds: number;
  backend: string;
}

/** One-hot words (N, T, V). */
function oneHotWords(tf: typeof tfTypes, data: TokenDataset): tfTypes.Tensor {
  return tf.tidy(() =>
    tf
      .oneHot(
        tf.tensor2d(Array.from(data.tokens), [data.count, data.time], "int32"),
        data.vocabulary.length,
      )
      .toFloat(),
  );
}

/** Trains the tf.layers twin of `model` (from the same initial weights) with model.fit. */
export async function trainWithTensorFlow(
  options: TensorFlowTrainOptions,
): Promise<TensorFlowTrainResult> {
  const { model, train, test } = options;
  const { config, parameters } = model;
  if (config.input !== "tokens")
    throw new Error("trainWithTensorFlow: token datasets only (the France task)");
  const { tf, backend } = await loadTensorFlow({ backend: options.backend ?? "wasm" });
  const epochs = options.epochs ?? 10;
  const { cell, units: U, vocabularySize: V, embeddingSize: E, outputs: C } = config;
  const net = tf.sequential();
  // x_t = onehot(token_t)·E = E[token_t]
  if (E > 0) net.add(tf.layers.dense({ units: E, useBias: false, inputShape: [train.time, V] }));
  const recurrentConfig = {
    units: U,
    ...(E > 0 ? {} : { inputShape: [train.time, V] }),
    kernelInitializer: "zeros",
    recurrentInitializer: "zeros",
  } as const;
  const gated = { ...recurrentConfig, recurrentActivation: config.recurrentActivation };
  net.add(
    cell === "lstm"
      ? tf.layers.lstm(gated)
      : cell === "gru"
        ? tf.layers.gru(gated)
        : tf.layers.simpleRNN(recurrentConfig),
  );
  net.add(tf.layers.dense({ units: C, activation: "softmax" }));
  const embedding = E > 0 ? [tf.tensor2d(Array.from(parameters.embedding!), [V, E])] : [];
  net.setWeights([
    ...embedding,
    ...recurrentLayerWeights(model).map((w) => tf.tensor(w as number[])),
    tf.tensor2d(Array.from(parameters.denseKernel), [U, C]),
    tf.tensor1d(Array.from(parameters.denseBias)),
  ]);
  net.compile({
    optimizer: tf.train.adam(options.learningRate ?? 0.01),
    loss: "categoricalCrossentropy",
    metrics: ["accuracy"],
  });
  const x = oneHotWords(tf, train);
  const y = tf.oneHot(tf.tensor1d(Array.from(train.labels), "int32"), C);
  const xTest = oneHotWords(tf, test);
  const yTest = tf.oneHot(tf.tensor1d(Array.from(test.labels), "int32"), C);
  const started = performance.now();
  const history = await net.fit(x, y, {
    epochs,
    batchSize: options.batchSize ?? 32,
    shuffle: true,
    validationData: [xTest, yTest],
    verbose: 0,
  });
  const seconds = (performance.now() - started) / 1000;
  const accuracyKey = "val_acc" in history.history ? "val_acc" : "val_accuracy";
  const result = {
    testAccuracy: (history.history[accuracyKey] as number[]).map(Number),
    loss: (history.history.loss as number[]).map(Number),
    seconds,
    backend,
  };
  tf.dispose([x, y, xTest, yTest, ...embedding]);
  net.dispose();
  return result;
}
