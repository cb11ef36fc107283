/**
 * Chapter 01's first trained RNN: Karpathy's "hello" example. The vocabulary is h, e, l, o; the
 * model reads "hell" one character at a time and must predict the next one at every step,
 * "ello". After the first "l" comes "l", after the second "o": the same input, two answers. A
 * model that sees only the current character cannot get both (`memorylessBest`); an RNN, whose
 * hidden state remembers how many l's it has read, can (`trainHello`).
 *
 * The model is the library's own (../train/model.ts): one-hot input, a plain RNN, a dense
 * readout with softmax at every step, cross-entropy, Adam. `train()` reads a text in shifted
 * windows and needs more text than one window; a single word is trained here by the loop itself:
 * loss and gradients (backprop through time), one Adam step, repeat.
 */
import {
  checkPositiveInteger,
  checkUnknownOptions,
  type SequenceDataset,
} from "../train/dataset.js";
import { createModel, type GradientResult, lossAndGradients, type Model } from "../train/model.js";
import { adam } from "../train/optimizers.js";

const HELLO_OPTIONS = [
  "word",
  "units",
  "learningRate",
  "confidence",
  "maxSteps",
  "seed",
  "memory",
] as const;

export interface HelloOptions {
  /** The word: the model reads all but its last character and predicts all but its first. */
  word?: string;
  /** U, hidden units. Default 8. */
  units?: number;
  /** Adam's η. Default 0.01. */
  learningRate?: number;
  /**
   * Stop once every target gets at least this probability. Default 0.9: all four right, and
   * sure of it (0 stops at the first step where each target is merely the most probable).
   */
  confidence?: number;
  /** Give up after this many gradient steps. Default 500 (the RNN needs under 100). */
  maxSteps?: number;
  /** Seed of the initial weights. Default 0. */
  seed?: number;
  /**
   * false trains the same model without memory: W_hh is held at zero, so h_t = tanh(x_t W_xh + b)
   * depends on the current character alone. It can never reach `confidence` after both l's, and
   * runs all `maxSteps`. Default true.
   */
  memory?: boolean;
}

/** What the model says after reading one character. */
export interface StepPrediction {
  input: string;
  target: string;
  /** The most probable next character. */
  predicted: string;
  /** p(next = v) for every character v of the vocabulary, in its order. */
  probabilities: number[];
}

export interface HelloRun {
  /** The distinct characters of the word, in order of first appearance (h, e, l, o). */
  vocabulary: string[];
  inputs: string; // "hell"
  targets: string; // "ello"
  /** The mean cross-entropy over the word before each step, and after the last (steps + 1). */
  lossHistory: number[];
  /** Gradient steps taken until every target was predicted (or maxSteps). */
  steps: number;
  /** One prediction per character read, with the final weights. */
  predictions: StepPrediction[];
  /** How many of the targets the final model predicts. */
  correct: number;
  /** h_t after reading each character, with the final weights: (T, U), for a plot. */
  hidden: number[][];
  model: Model;
  /** Wall-clock seconds of the training loop (not part of the deterministic result). */
  seconds: number;
}

/** The word as a one-sequence dataset: symbol ids, window = the whole word minus one. */
export function wordDataset(word: string): SequenceDataset {
  const characters = [...word];
  if (characters.length < 2) {
    throw new Error(`word: expected at least two characters, got ${JSON.stringify(word)}`);
  }
  const vocabulary = [...new Set(characters)];
  return {
    kind: "sequence",
    stream: Int32Array.from(characters, (c) => vocabulary.indexOf(c)),
    vocabulary,
    time: characters.length - 1,
    count: 1,
  };
}

/** Trains until the RNN predicts every next character of the word. Deterministic for a seed. */
export function trainHello(options: HelloOptions = {}): HelloRun {
  checkUnknownOptions(options, HELLO_OPTIONS, "trainHello");
  const { word = "hello", units = 8, learningRate = 0.01, seed = 0 } = options;
  const { confidence = 0.9, maxSteps = 500, memory = true } = options;
  checkPositiveInteger(maxSteps, "maxSteps");
  if (!(confidence >= 0 && confidence < 1)) {
    throw new Error(`confidence: expected a probability in [0, 1), got ${confidence}`);
  }
  const data = wordDataset(word);
  const T = data.time;
  const V = data.vocabulary.length;
  // one-hot input (embeddingSize 0), plain RNN, dense + softmax at every step, cross-entropy
  const model = createModel(data, { cell: "simpleRNN", units, embeddingSize: 0, seed });
  // without memory: W_hh = 0, and it stays 0 (its gradient is dropped below)
  if (!memory) model.parameters.recurrentKernel.fill(0);
  const optimizer = adam({ learningRate });
  // every target right, each with probability ≥ confidence (row t of p, the target's column)
  const learned = ({ result }: GradientResult) =>
    result.correct === T &&
    Array.from({ length: T }, (_, t) => result.predictions[t * V + data.stream[t + 1]]).every(
      (p) => p >= confidence,
    );
  const started = performance.now();
  let pass = lossAndGradients(model, data, [0]); // loss, ∂L/∂θ by backprop through time
  const lossHistory = [pass.result.loss];
  let steps = 0;
  while (!learned(pass) && steps < maxSteps) {
    if (!memory) pass.gradients.recurrentKernel.fill(0);
    // θ ← Adam(θ, ∂L/∂θ)
    optimizer.step(model.parameters, pass.gradients);
    steps++;
    pass = lossAndGradients(model, data, [0]);
    lossHistory.push(pass.result.loss);
  }
  const seconds = (performance.now() - started) / 1000;
  const characters = [...word];
  const { predictions: p } = pass.result; // softmax at every step (T, V)
  const predictions = characters.slice(0, T).map((input, t) => {
    const probabilities = Array.from(p.subarray(t * V, (t + 1) * V));
    const best = probabilities.indexOf(Math.max(...probabilities));
    return { input, target: characters[t + 1], predicted: data.vocabulary[best], probabilities };
  });
  return {
    vocabulary: data.vocabulary,
    inputs: characters.slice(0, T).join(""),
    targets: characters.slice(1).join(""),
    lossHistory,
    steps,
    predictions,
    correct: pass.result.correct,
    hidden: pass.trace.steps.map((step) => Array.from(step.states[0])), // (T, U)
    model,
    seconds,
  };
}

/** What a model without memory can do after one character: it sees `input` and nothing else. */
export interface MemorylessRow {
  input: string;
  /** How often each character follows `input` in the word. */
  nextCounts: Record<string, number>;
  /** Its best single answer: the most frequent next character (the first of a tie). */
  best: string;
  /** How many of the `total` times that answer is right. */
  right: number;
  total: number;
}

export interface MemorylessBest {
  rows: MemorylessRow[];
  /** The most targets any function of the current character alone can get right (3 of 4). */
  correct: number;
  total: number;
  /**
   * The lowest mean cross-entropy such a model can reach: it must predict the counts' own
   * frequencies, p(next | input) = count / total (ln 2 / 2 ≈ 0.347 for "hello").
   */
  lowestLoss: number;
}

/**
 * The best a model without memory can do on the word, counted exactly: for each character, its
 * best answer is the most frequent next character, and nothing else it sees could do better.
 */
export function memorylessBest(word = "hello"): MemorylessBest {
  const data = wordDataset(word);
  const characters = [...word];
  const rows: MemorylessRow[] = [];
  for (const input of data.vocabulary) {
    const nextCounts: Record<string, number> = {};
    characters.slice(0, -1).forEach((c, t) => {
      if (c === input) nextCounts[characters[t + 1]] = (nextCounts[characters[t + 1]] ?? 0) + 1;
    });
    const counts = Object.entries(nextCounts);
    if (counts.length === 0) continue; // the last character only: nothing to predict after it
    const total = counts.reduce((s, [, n]) => s + n, 0);
    const right = Math.max(...counts.map(([, n]) => n));
    const best = counts.find(([, n]) => n === right)![0];
    rows.push({ input, nextCounts, best, right, total });
  }
  // −log p(next | input), p = count / total, summed over every step of the word
  let lossSum = 0;
  characters.slice(0, -1).forEach((input, t) => {
    const row = rows.find((r) => r.input === input)!;
    lossSum -= Math.log(row.nextCounts[characters[t + 1]] / row.total);
  });
  return {
    rows,
    correct: rows.reduce((s, r) => s + r.right, 0),
    total: data.time,
    lowestLoss: lossSum / data.time,
  };
}
