/**
 * A trained character model reading one symbol at a time, its states carried from each symbol to
 * the next: what sampling needs. It runs the model's own forward pass (../train/model.ts) on a
 * window of one step, so the numbers are those of training and evaluation.
 */
import type { SequenceDataset } from "../train/dataset.js";
import { forward, type Model } from "../train/model.js";

export interface SymbolReader {
  /** Reads one symbol; returns the logits o of the next symbol (V). */
  read(symbol: number): Float64Array;
  /** The states after the symbols read so far, per layer ([h] or [h, c], each (1, U)). */
  states(): Float64Array[][] | undefined;
}

/** A reader starting from zero states. */
export function symbolReader(model: Model): SymbolReader {
  if (model.config.input !== "sequence") {
    throw new Error(
      `symbolReader: expected a model of a text (input "sequence"), got ${model.config.input}`,
    );
  }
  const V = model.config.vocabularySize;
  const vocabulary = Array.from({ length: V }, (_, id) => String(id)); // sizes only
  let states: Float64Array[][] | undefined;
  return {
    read(symbol: number): Float64Array {
      if (!Number.isInteger(symbol) || symbol < 0 || symbol >= V) {
        throw new Error(`read: symbol id ${symbol} is outside 0 … ${V - 1}`);
      }
      // one step: the stream holds the symbol and a placeholder target
      const step: SequenceDataset = {
        kind: "sequence",
        stream: Int32Array.of(symbol, 0),
        vocabulary,
        time: 1,
        count: 1,
      };
      const result = forward(model, step, [0], { initialStates: states });
      states = result.finalStates;
      return result.outputs;
    },
    states: () => states,
  };
}
