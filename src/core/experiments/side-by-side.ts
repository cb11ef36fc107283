/**
 * Chapter 05: the three cells on the same data with the same budget, and the numbers the
 * comparison needs: training histories, gradient against lag before and after training. (The
 * speed table reads a committed benchmark file: src/node/benchmark.ts.)
 */
import { CELL_KINDS, type CellKind } from "../kinds.js";
import { hiddenGradientNormsByLag } from "../probes/gradient-by-lag.js";
import type { NormsByLag } from "../probes/jacobian.js";
import type { Dataset } from "../train/dataset.js";
import { createModel, forward, type Model } from "../train/model.js";
import { type EpochRecord, type TrainOptions, train } from "../train/train.js";

/** Everything but the data and the cell, shared by the three runs. */
export type SharedSettings = Omit<TrainOptions, "cell" | "train" | "test" | "model">;

export interface CellRun {
  cell: CellKind;
  /** The untrained model (same seed as the trained one started from). */
  initial: Model;
  model: Model;
  history: EpochRecord[];
}

/**
 * Trains simpleRNN, LSTM and GRU on the same data with the same settings. Each gated cell starts
 * out inclined to remember: by default LSTM forget bias 3 (f ≈ σ(3) ≈ 0.95) and GRU update bias 2
 * (z ≈ σ(2) ≈ 0.88), the defaults of gapExperiment, so both of chapter 05's experiments agree.
 */
export function trainEachCell(train_: Dataset, test: Dataset, settings: SharedSettings): CellRun[] {
  return CELL_KINDS.map((cell) => {
    const modelOptions = {
      cell,
      units: settings.units,
      embeddingSize: settings.embeddingSize,
      recurrentActivation: settings.recurrentActivation,
      seed: settings.seed,
      forgetBias: cell === "lstm" ? (settings.forgetBias ?? 3) : undefined,
      updateBias: cell === "gru" ? (settings.updateBias ?? 2) : undefined,
    };
    // train() builds the same seeded model from these options; keep a copy of it untrained
    const initial = createModel(train_, modelOptions);
    const run = train({ ...settings, ...modelOptions, train: train_, test });
    return { cell, initial, model: run.model, history: run.history };
  });
}

/** ‖∂h_T/∂h_t‖₂ against the lag for a model reading example n of a dataset. */
export function modelGradientByLag(model: Model, dataset: Dataset, n = 0): NormsByLag {
  return hiddenGradientNormsByLag(forward(model, dataset, [n]).trace);
}

/**
 * The first epoch (counted from 1) whose value reaches `level`: at or above it ("above", e.g. an
 * accuracy) or at or below it ("below", e.g. a loss). Infinity when no epoch does.
 */
export function firstEpochReaching(
  values: number[],
  level: number,
  direction: "above" | "below" = "above",
): number {
  const index = values.findIndex((v) => (direction === "above" ? v >= level : v <= level));
  return index < 0 ? Number.POSITIVE_INFINITY : index + 1;
}
