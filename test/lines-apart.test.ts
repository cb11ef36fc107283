/** Chapter 03's measure of how far apart one unit's lines (one sentence per country) are. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { apartAroundStep, linesApart } from "../src/core/probes/lines-apart.js";

describe("linesApart", () => {
  const lines = [
    [0.5, 0.5, 2, 3, 4],
    [0.5, 0.5, -1, -2, -3],
    [0.5, 0.5, 1, 1.5, 1],
  ];

  test("spread is max − min and closest the nearest pair, per step", () => {
    const { spread, closest } = linesApart(lines);
    assert.deepEqual(spread, [0, 0, 3, 5, 7]);
    assert.deepEqual(closest, [0, 0, 1, 1.5, 3]);
  });

  test("around a step: 0 before, the spread at it, the least spread after, the end's gap", () => {
    assert.deepEqual(apartAroundStep(lines, 2), {
      spreadBefore: 0,
      spreadAt: 3,
      leastSpreadFrom: 3,
      closestAtEnd: 3,
    });
  });

  test("bad input says what is wrong", () => {
    assert.throws(() => linesApart([[1, 2]]), /at least 2 lines, got 1/);
    assert.throws(() => linesApart([[1, 2], [1]]), /lines\[1\]: expected 2 steps/);
    assert.throws(() => apartAroundStep(lines, 0), /step: expected an integer in \[1, 5\)/);
  });
});
