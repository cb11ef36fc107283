/**
 * The character model's files: the committed corpora (assets/data/, written by npm run data) and
 * checkpoints (assets/models/, written by npm run train:charlm). Reading files needs Node; what
 * is read is handed to the browser-safe code in src/core/charlm/.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Checkpoint, fromCheckpoint } from "../core/charlm/checkpoint.js";
import { CORPORA, type CorpusName, checkCorpusName, splitCorpus } from "../core/charlm/corpus.js";
import { type RhymeTable, rhymeTable } from "../core/charlm/rhyme.js";
import type { CellKind } from "../core/kinds.js";
import { projectRoot } from "./project-root.js";

export const DATA_DIR = join("assets", "data");
export const MODELS_DIR = join("assets", "models");

/** The rhyme finals of the Tang corpus's hanzi (assets/data/rhyme-finals.json, npm run data:rhyme). */
export function readRhymeTable(root = projectRoot()): RhymeTable {
  return rhymeTable(JSON.parse(readFileSync(join(root, DATA_DIR, "rhyme-finals.json"), "utf8")));
}

/** A corpus's text as committed. */
export function readCorpusText(name: CorpusName, root = projectRoot()): string {
  const file = join(root, DATA_DIR, CORPORA[checkCorpusName(name)].file);
  if (!existsSync(file)) throw new Error(`${file}: missing (npm run data writes it)`);
  return readFileSync(file, "utf8");
}

/** A corpus split into its training and validation text (seeded, see src/core/charlm/corpus.ts). */
export function readCorpus(name: CorpusName, root = projectRoot()) {
  const settings = CORPORA[checkCorpusName(name)];
  return { settings, ...splitCorpus(readCorpusText(name, root), settings) };
}

/** assets/models/<corpus>-<cell>.json */
export function checkpointFile(corpus: CorpusName, cell: CellKind): string {
  return join(MODELS_DIR, `${corpus}-${cell}.json`);
}

/** The committed checkpoint of a corpus's model. */
export function loadCheckpoint(corpus: CorpusName, cell: CellKind = "lstm", root = projectRoot()) {
  const file = join(root, checkpointFile(checkCorpusName(corpus), cell));
  if (!existsSync(file)) {
    throw new Error(
      `${file}: no checkpoint (npm run train:charlm -- --corpus ${corpus} writes it)`,
    );
  }
  return fromCheckpoint(JSON.parse(readFileSync(file, "utf8")) as Checkpoint);
}

/** Writes a checkpoint; returns its size in bytes. */
export function saveCheckpoint(
  checkpoint: Checkpoint,
  corpus: CorpusName,
  cell: CellKind,
  root = projectRoot(),
): number {
  const text = `${JSON.stringify(checkpoint)}\n`;
  writeFileSync(join(root, checkpointFile(corpus, cell)), text);
  return Buffer.byteLength(text);
}
