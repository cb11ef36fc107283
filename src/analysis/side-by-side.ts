/**
 * Chapter 05: the three cells on the same data with the same budget, and the numbers the
 * comparison needs — training histories, gradient against lag before and after training, the
 * speed table of a committed benchmark.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CELL_KINDS, type CellKind } from "../kinds.js";
import { projectRoot } from "../project-root.js";
import type { Dataset } from "../train/dataset.js";
import { createModel, forward, type Model } from "../train/model.js";
import { type EpochRecord, type TrainOptions, train } from "../train/train.js";
import { hiddenGradientNormsByLag } from "./gradient-by-lag.js";
import type { NormsByLag } from "./jacobian.js";

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
 * out inclined to remember (LSTM forget bias 2, GRU update bias 2, as gapExperiment does).
 */
export function trainEachCell(train_: Dataset, test: Dataset, settings: SharedSettings): CellRun[] {
  return CELL_KINDS.map((cell) => {
    const modelOptions = {
      cell,
      units: settings.units,
      embeddingSize: settings.embeddingSize,
      recurrentActivation: settings.recurrentActivation,
      seed: settings.seed,
      forgetBias: cell === "lstm" ? (settings.forgetBias ?? 2) : undefined,
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

export interface BenchmarkFile {
  command: string;
  measuredOn: { cpu: string; cores: number; node: string; note: string };
  setup: { batch: number; inputSize: number; units: number; what: string };
  results: { impl: string; kind: CellKind; T: number; ms: number }[];
}

/** The committed benchmark (assets/benchmarks/course-machine.json by default). */
export function readBenchmark(file = "assets/benchmarks/course-machine.json"): BenchmarkFile {
  return JSON.parse(readFileSync(join(projectRoot(), file), "utf8")) as BenchmarkFile;
}

/** One row per cell at sequence length T: milliseconds per implementation. */
export function speedRows(
  bench: BenchmarkFile,
  T: number,
): { kind: CellKind; ms: Record<string, number> }[] {
  return CELL_KINDS.map((kind) => {
    const ms: Record<string, number> = {};
    for (const r of bench.results) if (r.kind === kind && r.T === T) ms[r.impl] = r.ms;
    return { kind, ms };
  });
}
