/** A gate at the country step and after it, per unit (chapters 03 and 04). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { gateAroundStep } from "../src/core/probes/gate-around-step.js";

describe("gateAroundStep", () => {
  // (T = 4, U = 2): unit 0 drops at step 1 and then holds near 1; unit 1 wanders
  const values = [
    [0.9, 0.5],
    [0.05, 0.6],
    [0.97, 0.2],
    [0.99, 0.8],
  ];

  test("the value at the step, and the lowest and mean value after it", () => {
    const around = gateAroundStep(values, 1);
    assert.deepEqual(around.at, [0.05, 0.6]);
    assert.deepEqual(around.lowestAfter, [0.97, 0.2]);
    assert.ok(Math.abs(around.meanAfter[0] - 0.98) < 1e-12);
    assert.ok(Math.abs(around.meanAfter[1] - 0.5) < 1e-12);
  });

  test("needs a step with steps after it", () => {
    assert.throws(() => gateAroundStep(values, 3), /step: expected an integer in \[0, 3\)/);
    assert.throws(() => gateAroundStep([[1, 2], [3]], 0), /values\[1\]: expected 2 units/);
  });
});
