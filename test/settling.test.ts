/** Chapter 04: a GRU unit holds a value once its candidate equals its old state. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { settling } from "../src/core/probes/settling.js";

describe("settling", () => {
  test("a state that moves after the step and then sits where h̃ = h_{t−1}", () => {
    // the step is t = 1; h moves by 0.4 at t = 2, then stays at 0.9 with h̃ = 0.9
    const h = [0, 0.1, 0.5, 0.8, 0.9, 0.9, 0.9];
    const candidate = [0, 0.2, 0.9, 0.9, 0.9, 0.9, 0.9];
    const measured = settling(h, candidate, 1, 2);
    assert.equal(measured.final, 0.9);
    assert.ok(Math.abs(measured.earlyMove - 0.4) < 1e-12);
    assert.equal(measured.lateMove, 0);
    assert.equal(measured.lateCandidateGap, 0);
  });

  test("late gaps are means over the window", () => {
    const measured = settling([0, 0, 0, 0], [0, 0, 0.2, 0.4], 0, 2);
    assert.ok(Math.abs(measured.lateCandidateGap - 0.3) < 1e-12);
  });

  test("bad input says what is wrong", () => {
    assert.throws(() => settling([0, 1], [0], 0), /candidate: expected 2 steps/);
    assert.throws(
      () => settling([0, 1, 2], [0, 1, 2], 1, 2),
      /step: expected an integer in \[0, 1\)/,
    );
    assert.throws(() => settling([0, 1, 2], [0, 1, 2], 0, 0), /window: expected a positive/);
  });
});
