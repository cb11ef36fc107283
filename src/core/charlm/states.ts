/**
 * Every unit's value at every character: a trained model reads a text (from zero states, in
 * windows, the state carried across) and we keep, per layer, h_t and — for an LSTM — the cell
 * state C_t after each character. The probes (./units.ts, the coloured text) read these.
 */
import type { LSTMStep } from "../cells/lstm.js";
import type { SequenceDataset } from "../train/dataset.js";
import { forward, type Model } from "../train/model.js";
import { type CharVocabulary, encode } from "./vocabulary.js";

/** One unit's series: "layer 2, cell state, unit 17". */
export interface UnitKey {
  /** 1-based layer. */
  layer: number;
  state: "h" | "c";
  unit: number;
}

export interface TextStates {
  /** The characters read, one per step. */
  characters: string[];
  /** states[layer − 1].h[t][unit] (and .c for an LSTM): the value after reading character t. */
  layers: { h: Float64Array[]; c?: Float64Array[] }[];
}

/** Runs the model over `text` and keeps every state after every character. */
export function readStates(
  model: Model,
  vocabulary: CharVocabulary,
  text: string,
  window = 64,
): TextStates {
  const ids = encode(vocabulary, text);
  const characters = Array.from(text);
  const { layers: L, cell } = model.config;
  const layers = Array.from({ length: L }, () => ({
    h: [] as Float64Array[],
    ...(cell === "lstm" ? { c: [] as Float64Array[] } : {}),
  }));
  // the stream needs a symbol after the last one read: its target, never used here
  const stream = Int32Array.from([...ids, 0]);
  const dataset: SequenceDataset = {
    kind: "sequence",
    stream,
    vocabulary: vocabulary.symbols,
    time: window,
    count: 0,
  };
  let states: Float64Array[][] | undefined;
  for (let start = 0; start < ids.length; start += window) {
    const time = Math.min(window, ids.length - start);
    const result = forward(model, { ...dataset, time }, [start], { initialStates: states });
    result.traces.forEach((trace, l) => {
      for (const step of trace.steps) {
        layers[l].h.push(Float64Array.from(step.states[0]));
        if (cell === "lstm") layers[l].c!.push(Float64Array.from((step as LSTMStep).cellState));
      }
    });
    states = result.finalStates;
  }
  return { characters, layers };
}

/** The series of one unit over the text. */
export function unitSeries(states: TextStates, key: UnitKey): number[] {
  const layer = states.layers[key.layer - 1];
  const rows = key.state === "c" ? layer.c : layer.h;
  if (!rows)
    throw new Error(`unitSeries: layer ${key.layer} has no cell state (a GRU keeps only h)`);
  return rows.map((row) => row[key.unit]);
}

/** Every unit of every layer and state, in order. */
export function allUnits(model: Model): UnitKey[] {
  const keys: UnitKey[] = [];
  for (let layer = 1; layer <= model.config.layers; layer++) {
    for (const state of model.config.cell === "lstm" ? (["h", "c"] as const) : (["h"] as const)) {
      for (let unit = 0; unit < model.config.units; unit++) keys.push({ layer, state, unit });
    }
  }
  return keys;
}
