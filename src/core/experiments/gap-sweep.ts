/**
 * The seed's "I grew up in France … I speak fluent French" as an experiment (chapter 02): for each
 * gap k (filler words between the country and the answer), train a fresh model on seeded
 * sentences and measure its accuracy on held-out sentences with the same gap.
 */
import type { CellKind } from "../kinds.js";
import { franceTask, type SentenceLanguage } from "../train/tasks/france.js";
import { train } from "../train/train.js";

export interface GapSweepOptions {
  cell: CellKind;
  gaps: number[];
  /** Country → language pairs; chance is 1/countries. Default 8. */
  countries?: number;
  /** Training sentences per gap. Default 400. */
  trainCount?: number;
  /** Held-out sentences per gap. Default 200. */
  testCount?: number;
  epochs?: number;
  units?: number;
  language?: SentenceLanguage;
  seed?: number;
  /** Called after each gap (a progress display). */
  onGap?: (index: number, accuracy: number) => void;
}

export interface GapSweep {
  gaps: number[];
  /** Held-out accuracy after training, per gap. */
  accuracy: number[];
  chance: number;
}

export function gapSweep(options: GapSweepOptions): GapSweep {
  const {
    cell,
    gaps,
    countries = 8,
    trainCount = 400,
    testCount = 200,
    epochs = 10,
    units = 16,
    language = "en",
    seed = 0,
  } = options;
  const accuracy = gaps.map((gap, index) => {
    const sentences = { gap, countries, language };
    const result = train({
      cell,
      units,
      seed,
      epochs,
      train: franceTask({ ...sentences, count: trainCount, seed: seed + 1 }),
      test: franceTask({ ...sentences, count: testCount, seed: seed + 2 }),
      progress: false,
    });
    const last = result.history[result.history.length - 1];
    const value = last.testAccuracy ?? last.accuracy;
    options.onGap?.(index, value);
    return value;
  });
  return { gaps, accuracy, chance: 1 / countries };
}
