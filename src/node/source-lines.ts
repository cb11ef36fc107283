/**
 * Shows the library lines that compute an equation, so a notebook can print "this formula is
 * this line": the first line of `file` containing `marker`, and the `after` lines below it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "./project-root.js";

/** "src/core/cells/simple-rnn.ts:31  // h_t = φ(a_t)\n…:32  h[j] = …" */
export function sourceLines(file: string, marker: string, after = 1): string {
  const lines = readFileSync(join(projectRoot(), file), "utf8").split("\n");
  const index = lines.findIndex((line) => line.includes(marker));
  if (index < 0) throw new Error(`${file}: no line contains ${JSON.stringify(marker)}`);
  const shown = lines.slice(index, index + 1 + after);
  const indent = Math.min(...shown.map((line) => line.length - line.trimStart().length));
  return shown.map((line, k) => `${file}:${index + 1 + k}  ${line.slice(indent)}`).join("\n");
}
