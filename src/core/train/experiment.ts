/**
 * The chapter's experiment: for every cell and every gap, train on "I grew up in <country> …
 * <gap fillers> … I speak fluent ___" and measure held-out accuracy. The picture: the plain RNN
 * falls to chance (1 / countries) once the gap is long, where LSTM and GRU still learn.
 * Every run uses the same data, budget and settings; only the cell differs.
 */

import { CELL_KINDS, type CellKind, checkKind } from "../kinds.js";
import type { ProgressFactory } from "../progress.js";
import { checkPositiveInteger, checkUnknownOptions } from "./dataset.js";
import type { GateActivation } from "./flat-layer.js";
import { franceTask, type SentenceLanguage } from "./tasks/france.js";
import { TrainingDivergedError, type TrainOptions, train } from "./train.js";

export interface GapExperimentOptions {
  /** Cells to compare. Default simpleRNN, lstm, gru. */
  cells?: CellKind[];
  /** Filler words between country and answer. Default [2, 10, 25]. */
  gaps?: number[];
  /** Seed of data, weights and shuffles. Default 0. */
  seed?: number;
  /** Sentence language, "en" (default) or "zh". */
  language?: SentenceLanguage;
  /** Country→language pairs (chance = 1/this). Default all of the glossary's (8). */
  countries?: number;
  /** Training sentences per run. Default 2048. */
  trainCount?: number;
  /** Held-out sentences per run. Default 512. */
  testCount?: number;
  /** Hidden units. Default 16. */
  units?: number;
  /** Word vector size (0 = one-hot). Default 8. */
  embeddingSize?: number;
  /** Passes over the training data at most. Default 10. */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /** Adam's η. Default 0.01. */
  learningRate?: number;
  /** Gradient-norm clipping threshold; null = off. Default 1. */
  clipNorm?: number | null;
  /** Stop a run once its held-out accuracy reaches this. Default 0.99 (saves time). */
  stopAtAccuracy?: number;
  /** LSTM's initial forget bias. Default 3 (f ≈ 0.95; see ModelOptions.forgetBias). */
  forgetBias?: number;
  /** GRU's initial update-gate bias. Default 2 (see ModelOptions.updateBias). */
  updateBias?: number;
  /** Gate σ for LSTM and GRU. Default "sigmoid". */
  recurrentActivation?: GateActivation;
  /** Per-epoch progress lines: a factory as train() takes (default: none). */
  progress?: ProgressFactory | boolean;
  /** Called after each run. */
  onResult?: (result: GapResult) => void;
}

const OPTIONS = [
  "cells",
  "gaps",
  "seed",
  "language",
  "countries",
  "trainCount",
  "testCount",
  "units",
  "embeddingSize",
  "epochs",
  "batchSize",
  "learningRate",
  "clipNorm",
  "stopAtAccuracy",
  "forgetBias",
  "updateBias",
  "recurrentActivation",
  "progress",
  "onResult",
] as const;

export interface GapResult {
  cell: CellKind;
  gap: number;
  /** Held-out accuracy after training (0 … 1). NaN when the run diverged. */
  accuracy: number;
  /** Seconds of training (data generation and evaluation excluded). */
  seconds: number;
  /** Epochs run (fewer than the budget when stopAtAccuracy was reached). */
  epochs: number;
  /** Present and true when the run's loss became NaN/∞. */
  diverged?: boolean;
}

export interface GapExperimentResult {
  results: GapResult[];
  /** 1 / number of countries: what guessing gets. */
  chance: number;
}

export const DEFAULT_GAPS = [2, 10, 25];

/** Trains every cell at every gap and returns held-out accuracy and seconds for each run. */
export function gapExperiment(options: GapExperimentOptions = {}): GapExperimentResult {
  checkUnknownOptions(options, OPTIONS, "gapExperiment");
  const cells = (options.cells ?? [...CELL_KINDS]).map(checkKind);
  if (cells.length === 0) throw new Error("cells: expected at least one of simpleRNN, lstm, gru");
  const gaps = options.gaps ?? DEFAULT_GAPS;
  if (!Array.isArray(gaps) || gaps.length === 0) throw new Error("gaps: expected at least one gap");
  for (const gap of gaps) {
    if (!Number.isInteger(gap) || gap < 0) {
      throw new Error(`gaps: each gap is a whole number of filler words ≥ 0, got ${gap}`);
    }
  }
  const seed = options.seed ?? 0;
  const language = options.language ?? "en";
  const trainCount = checkPositiveInteger(options.trainCount ?? 2048, "trainCount");
  const testCount = checkPositiveInteger(options.testCount ?? 512, "testCount");
  const results: GapResult[] = [];
  let chance = 0;
  for (const gap of gaps) {
    // The same sentences for every cell (seeded by the gap too, so gaps are independent draws).
    const common = { gap, language, countries: options.countries };
    const trainSet = franceTask({ ...common, count: trainCount, seed: seed * 1000 + 2 * gap });
    const testSet = franceTask({ ...common, count: testCount, seed: seed * 1000 + 2 * gap + 1 });
    chance = 1 / trainSet.classes.length;
    for (const cell of cells) {
      const trainOptions: TrainOptions = {
        cell,
        train: trainSet,
        test: testSet,
        seed,
        units: options.units ?? 16,
        embeddingSize: options.embeddingSize ?? 8,
        recurrentActivation: options.recurrentActivation,
        forgetBias: cell === "lstm" ? (options.forgetBias ?? 3) : undefined,
        updateBias: cell === "gru" ? (options.updateBias ?? 2) : undefined,
        epochs: options.epochs ?? 10,
        batchSize: options.batchSize ?? 32,
        learningRate: options.learningRate ?? 0.01,
        clipNorm: options.clipNorm === undefined ? 1 : options.clipNorm,
        stopAtAccuracy: options.stopAtAccuracy ?? 0.99,
        progress: options.progress,
      };
      let result: GapResult;
      const started = performance.now();
      try {
        const run = train(trainOptions);
        const last = run.history[run.history.length - 1];
        result = {
          cell,
          gap,
          accuracy: last.testAccuracy ?? Number.NaN,
          seconds: run.seconds,
          epochs: run.history.length,
        };
      } catch (error) {
        if (!(error instanceof TrainingDivergedError)) throw error;
        result = {
          cell,
          gap,
          accuracy: Number.NaN,
          seconds: (performance.now() - started) / 1000,
          epochs: error.epoch,
          diverged: true,
        };
      }
      results.push(result);
      options.onResult?.(result);
    }
  }
  return { results, chance };
}
