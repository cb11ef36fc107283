/** A text as a training set for the one training loop (../train/train.ts): its symbols, in windows. */
import type { SequenceDataset } from "../train/dataset.js";
import { type CharVocabulary, encode } from "./vocabulary.js";

/** The text's symbol ids as a stream read in windows of `window` steps. */
export function textDataset(
  vocabulary: CharVocabulary,
  text: string,
  window: number,
): SequenceDataset {
  if (!Number.isInteger(window) || window < 1) {
    throw new Error(`window: expected a positive number of steps, got ${JSON.stringify(window)}`);
  }
  const stream = encode(vocabulary, text);
  if (stream.length < window + 1) {
    throw new Error(
      `text: ${stream.length} characters cannot fill one window of ${window} steps and its target`,
    );
  }
  return {
    kind: "sequence",
    stream,
    vocabulary: vocabulary.symbols,
    time: window,
    count: Math.floor((stream.length - 1) / window),
  };
}
