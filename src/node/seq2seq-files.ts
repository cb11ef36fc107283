/**
 * Chapter 07's committed number reader: assets/models/say-number.json (written by
 * npm run train:seq2seq). Reading the file needs Node; what is read is handed to the
 * browser-safe code in src/core/seq2seq/checkpoint.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Seq2seqCheckpoint, seq2seqFromCheckpoint } from "../core/seq2seq/checkpoint.js";
import { projectRoot } from "./project-root.js";

/** assets/models/say-number.json, relative to the project root. */
export const SAY_NUMBER_CHECKPOINT = join("assets", "models", "say-number.json");

/** A seq2seq checkpoint file (default: the committed one) → the model, as saved, and the file. */
export function loadSeq2seqCheckpoint(file = SAY_NUMBER_CHECKPOINT, root = projectRoot()) {
  const path = join(root, file);
  if (!existsSync(path)) {
    throw new Error(`${path}: no checkpoint (npm run train:seq2seq writes it)`);
  }
  return seq2seqFromCheckpoint(JSON.parse(readFileSync(path, "utf8")) as Seq2seqCheckpoint);
}
