// Live figure "gap-training" (chapter 05): the reader picks a gap length; a plain RNN and an LSTM
// are trained on the France task in the browser with the chapter cell's settings (two seeds,
// averaged), and the new points join the chapter's curves.
import { say, term } from "../../../core/i18n.js";
import type { CellKind } from "../../../core/kinds.js";
import type { PlotlyFigure } from "../../../core/plots/figure.js";
import { seriesColor } from "../../../core/plots/palette.js";
import type { Progress } from "../../../core/progress.js";
import { type GapResult, gapExperiment } from "../../../core/train/experiment.js";
import { InputError, type PageLanguage } from "../protocol.js";

/** The chapter cell's settings (notebooks/source/05-side-by-side.md, "Accuracy against the gap"). */
export const GAP_TRAINING_SETTINGS = {
  units: 8,
  batchSize: 16,
  learningRate: 0.03,
  clipNorm: 1,
  forgetBias: 3,
  updateBias: 2,
  countries: 4,
  trainCount: 400,
  testCount: 200,
  epochs: 15,
  stopAtAccuracy: 0.99,
} as const;
export const GAP_TRAINING_SEEDS = [1, 2] as const;
/** The cells trained live (the GRU stays the chapter's). In the chapter's order: its colours. */
export const GAP_TRAINING_CELLS: readonly CellKind[] = ["simpleRNN", "lstm"];
export const CELL_NAMES: Record<CellKind, string> = { simpleRNN: "RNN", lstm: "LSTM", gru: "GRU" };
const CHAPTER_CELL_ORDER: readonly CellKind[] = ["simpleRNN", "lstm", "gru"];
export const GAP_RANGE = { min: 0, max: 40, step: 1, initial: 24 } as const;

export interface GapTrainingParams {
  gap: number;
}

export interface GapPoint {
  cell: CellKind;
  gap: number;
  /** Mean held-out accuracy over the seeds (as the chapter averages them). */
  accuracy: number;
}

export interface GapTrainingResult {
  points: GapPoint[];
  runs: GapResult[];
  /** One line for the reader: the accuracies and the training time. */
  text: string;
}

/** Work units for the progress bar: every epoch of every run (runs may stop early). */
export const GAP_TRAINING_TOTAL =
  GAP_TRAINING_SEEDS.length * GAP_TRAINING_CELLS.length * GAP_TRAINING_SETTINGS.epochs;

export function checkGapParams(params: unknown, lang: PageLanguage): GapTrainingParams {
  const gap = (params as Partial<GapTrainingParams> | undefined)?.gap;
  const { min, max } = GAP_RANGE;
  if (typeof gap !== "number" || !Number.isInteger(gap) || gap < min || gap > max) {
    throw new InputError(
      say(
        {
          zh: `间隔长度要是 ${min} 到 ${max} 之间的整数，收到的是 ${String(gap)}`,
          en: `the gap length must be a whole number from ${min} to ${max}, got ${String(gap)}`,
        },
        lang,
      ),
    );
  }
  return { gap };
}

/** Trains RNN and LSTM at one gap, both seeds; reports progress per epoch. */
export function gapTraining(
  params: unknown,
  lang: PageLanguage,
  onProgress: (done: number, total: number, message: string) => void = () => {},
): GapTrainingResult {
  const { gap } = checkGapParams(params, lang);
  let finished = 0; // epochs of runs already finished
  let current = 0;
  const progress = (_total: number, label: string): Progress => ({
    update(done: number) {
      current = done;
      onProgress(finished + current, GAP_TRAINING_TOTAL, label);
    },
    done() {},
  });
  const runs: GapResult[] = [];
  const sweeps = GAP_TRAINING_SEEDS.map((seed) =>
    gapExperiment({
      gaps: [gap],
      seed,
      cells: [...GAP_TRAINING_CELLS],
      ...GAP_TRAINING_SETTINGS,
      language: lang,
      progress,
      onResult: (run) => {
        // a run that stopped early still counts its whole budget
        finished += GAP_TRAINING_SETTINGS.epochs;
        current = 0;
        runs.push(run);
        onProgress(finished, GAP_TRAINING_TOTAL, `${CELL_NAMES[run.cell]}, seed ${seed}`);
      },
    }),
  );
  // the chapter's mean: Σ over seeds / number of seeds
  const points = GAP_TRAINING_CELLS.map((cell) => ({
    cell,
    gap,
    accuracy:
      sweeps.reduce(
        (sum, sweep) => sum + sweep.results.find((r) => r.cell === cell && r.gap === gap)!.accuracy,
        0,
      ) / sweeps.length,
  }));
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  const percent = (x: number) => `${(100 * x).toFixed(0)}%`;
  const list = points
    .map((p) => `${CELL_NAMES[p.cell]} ${percent(p.accuracy)}`)
    .join(lang === "zh" ? "，" : ", ");
  const text = say(
    {
      zh: `${term("gap_length", lang)} ${gap}：${list}（两个种子的平均，训练 ${seconds.toFixed(1)} 秒）`,
      en: `${term("gap_length", lang)} ${gap}: ${list} (mean of two seeds, ${seconds.toFixed(1)} s of training)`,
    },
    lang,
  );
  return { points, runs, text };
}

/**
 * The chapter's figure (from the executed notebook) with the reader's points added: one marker
 * trace per trained cell, in that cell's colour, every gap trained so far, sorted by gap.
 */
export function withTrainedPoints(
  chapterFigure: PlotlyFigure,
  points: GapPoint[],
  lang: PageLanguage,
): PlotlyFigure {
  const traces = GAP_TRAINING_CELLS.map((cell) => {
    const mine = points.filter((p) => p.cell === cell).sort((a, b) => a.gap - b.gap);
    return {
      type: "scatter",
      mode: "markers",
      name: say(
        { zh: `${CELL_NAMES[cell]}（刚训练的）`, en: `${CELL_NAMES[cell]} (just trained)` },
        lang,
      ),
      x: mine.map((p) => p.gap),
      y: mine.map((p) => p.accuracy),
      marker: {
        color: seriesColor(CHAPTER_CELL_ORDER.indexOf(cell)),
        // the RNN's star larger, so an LSTM star on the same spot leaves it visible
        size: cell === "simpleRNN" ? 18 : 11,
        symbol: "star",
        line: { color: "#000", width: 1 },
      },
      meta: { live: cell },
    };
  });
  const layout = { ...chapterFigure.layout };
  // the axis must reach the reader's gaps too
  const gaps = points.map((p) => p.gap);
  const chapterGaps = chapterFigure.data.flatMap(
    (trace) => (trace.x as number[] | undefined) ?? [],
  );
  const all = [...chapterGaps, ...gaps];
  layout.xaxis = {
    ...(layout.xaxis as Record<string, unknown>),
    range: [Math.min(...all) - 1, Math.max(...all) + 1],
  };
  return { ...chapterFigure, data: [...chapterFigure.data, ...traces], layout };
}
