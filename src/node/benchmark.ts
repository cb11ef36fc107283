/**
 * The committed speed benchmark (npm run bench -- --json, saved as a file) that chapter 05 quotes:
 * read from disk, so it lives on the Node side.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CELL_KINDS, type CellKind } from "../core/kinds.js";
import { projectRoot } from "./project-root.js";

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
