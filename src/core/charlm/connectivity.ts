/**
 * Connectivity (as in Madsen's Distill article "Visualizing memorization in RNNs", 2019): how much
 * does each earlier character still matter for predicting the next one? For a window of text
 * c_1 … c_T and the model's prediction of c_{T+1}, the size of the gradient
 *
 *   ‖∂ log p(c_{T+1} | c_1 … c_T) / ∂x_t‖₂,   x_t = E[c_t] (the embedding the model read at t)
 *
 * for every t. A model that looks back far keeps these large for distant t.
 */
import type { TokenDataset } from "../train/dataset.js";
import { lossAndGradients, type Model } from "../train/model.js";
import { type CharVocabulary, characters, encode } from "./vocabulary.js";

export interface Connectivity {
  /** c_1 … c_T. */
  characters: string[];
  /** The character predicted: c_{T+1}. */
  next: string;
  /** ‖∂ log p(next) / ∂x_t‖₂ for t = 1 … T. */
  norms: number[];
  /** p(next | c_1 … c_T). */
  probability: number;
}

/**
 * The connectivity of `context` for predicting `next`. Runs the model once with its readout at
 * the last step only: −log p(next) is then the model's loss, and the hand-written backward pass
 * gives ∂loss/∂x_t for every step (the gradient the embedding would receive).
 */
export function connectivity(
  model: Model,
  vocabulary: CharVocabulary,
  context: string,
  next: string,
): Connectivity {
  if (model.config.input !== "sequence" || model.config.embeddingSize === 0) {
    throw new Error("connectivity: expected a character model with an embedding");
  }
  if (characters(next).length !== 1) {
    throw new Error(`next: expected one character, got ${JSON.stringify(next)}`);
  }
  const ids = encode(vocabulary, context);
  if (ids.length === 0) throw new Error("context: expected at least one character");
  const T = ids.length;
  // The same weights, read as a classifier of the window whose classes are the symbols.
  const asClassifier: Model = { ...model, config: { ...model.config, input: "tokens" } };
  const window: TokenDataset = {
    kind: "tokens",
    count: 1,
    time: T,
    tokens: ids,
    vocabulary: vocabulary.symbols,
    labels: Int32Array.of(encode(vocabulary, next)[0]),
    classes: vocabulary.symbols,
  };
  const { recurrentLayers, result } = lossAndGradients(asClassifier, window, [0]);
  const E = model.config.embeddingSize;
  const dInputs = recurrentLayers[0].inputs; // ∂(−log p)/∂x_t, (T, 1, E)
  const norms = Array.from({ length: T }, (_, t) => {
    let sum = 0;
    for (let e = 0; e < E; e++) sum += dInputs[t * E + e] ** 2;
    return Math.sqrt(sum);
  });
  return {
    characters: characters(context),
    next,
    norms,
    probability: result.predictions[window.labels[0]],
  };
}
