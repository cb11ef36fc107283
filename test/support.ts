/** Shared helpers for the tests: seeded cases and closeness assertions that say where they fail. */
import assert from "node:assert/strict";
import { maxAbsDiff, maxRelDiff } from "../src/core/arrays.js";
import type { CellKind } from "../src/core/kinds.js";
import { randomInputs } from "../src/core/weights.js";

export function assertAbsClose(
  actual: unknown,
  expected: unknown,
  tolerance: number,
  what: string,
): number {
  const diff = maxAbsDiff(actual, expected);
  assert.ok(diff <= tolerance, `${what}: max |diff| = ${diff.toExponential(3)} > ${tolerance}`);
  return diff;
}

export function assertRelClose(
  actual: unknown,
  expected: unknown,
  tolerance: number,
  what: string,
): number {
  const diff = maxRelDiff(actual, expected);
  assert.ok(diff <= tolerance, `${what}: relative error ${diff.toExponential(3)} > ${tolerance}`);
  return diff;
}

/** Seeded initial states: [h0] or [h0, c0], each B×U in [−0.5, 0.5). */
export function randomStates(
  kind: CellKind,
  batch: number,
  units: number,
  seed: number,
): number[][][] {
  const count = kind === "lstm" ? 2 : 1;
  return Array.from(
    { length: count },
    (_, s) => randomInputs(1, batch, units, { seed: seed + s, scale: 0.5 })[0],
  );
}
