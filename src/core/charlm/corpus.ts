/**
 * The two texts of chapter 06 and how each is cut into training and validation text. A corpus is
 * a list of lines (a Tang poem, or a sentence of Moby-Dick); whole blocks of consecutive lines go
 * to validation, chosen by a seeded draw, so the split is the same on every run and no poem is
 * cut in two. Both parts keep the corpus's order and its line breaks: the model learns where a
 * poem or a sentence ends.
 */
import { seededRandom } from "../random.js";

export type CorpusName = "tang" | "english";
export const CORPUS_NAMES: readonly CorpusName[] = ["tang", "english"];

export interface CorpusSettings {
  name: CorpusName;
  /** Under assets/data/. */
  file: string;
  /** Lines per block of the split: 1 poem, or a run of sentences (a stretch of the story). */
  blockLines: number;
  /** Share of the blocks that go to validation. */
  validationShare: number;
  /** Seed of the draw. */
  seed: number;
  /** The vocabulary's cut-off (see vocabulary.ts). */
  minCount: number;
}

export const CORPORA: Record<CorpusName, CorpusSettings> = {
  tang: {
    name: "tang",
    file: "tang-poems.txt",
    blockLines: 1,
    validationShare: 0.05,
    seed: 6,
    minCount: 10,
  },
  english: {
    name: "english",
    file: "english.txt",
    blockLines: 20,
    validationShare: 0.05,
    seed: 6,
    minCount: 10,
  },
};

export function checkCorpusName(name: unknown): CorpusName {
  if (typeof name === "string" && (CORPUS_NAMES as readonly string[]).includes(name)) {
    return name as CorpusName;
  }
  throw new Error(
    `corpus: expected one of ${CORPUS_NAMES.join(", ")}, got ${JSON.stringify(name)}`,
  );
}

export interface SplitText {
  /** Lines joined, each ending in "\n". */
  train: string;
  validation: string;
  trainLines: number;
  validationLines: number;
}

/** Splits a corpus text (one item per line) into training and validation text. */
export function splitCorpus(text: string, settings: CorpusSettings): SplitText {
  const lines = text.split("\n").filter((line) => line !== "");
  if (lines.length < 2) throw new Error(`${settings.file}: expected at least 2 lines`);
  const random = seededRandom(settings.seed);
  const train: string[] = [];
  const validation: string[] = [];
  for (let start = 0; start < lines.length; start += settings.blockLines) {
    const block = lines.slice(start, start + settings.blockLines);
    (random() < settings.validationShare ? validation : train).push(...block);
  }
  if (validation.length === 0) throw new Error(`${settings.file}: the validation split is empty`);
  return {
    train: `${train.join("\n")}\n`,
    validation: `${validation.join("\n")}\n`,
    trainLines: train.length,
    validationLines: validation.length,
  };
}
