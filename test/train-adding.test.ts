/** The adding problem: what the sequences hold, the target, and the "learnt nothing" baseline. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { clippingRun } from "../src/core/experiments/clipping-run.js";
import {
  ADDING_BASELINE_ERROR,
  addingTask,
  constantAnswerError,
} from "../src/core/train/tasks/adding.js";

describe("addingTask", () => {
  const T = 10;
  const data = addingTask({ length: T, count: 50, seed: 3 });

  test("one marker in each half; the target is the sum of the two marked values", () => {
    for (let n = 0; n < data.count; n++) {
      const marked: number[] = [];
      let sum = 0;
      for (let t = 0; t < T; t++) {
        const [value, marker] = [
          data.features[(n * T + t) * 2],
          data.features[(n * T + t) * 2 + 1],
        ];
        assert.ok(value >= 0 && value < 1, `value ${value} in [0, 1)`);
        if (marker === 1) {
          marked.push(t);
          sum += value;
        } else assert.equal(marker, 0);
      }
      assert.equal(marked.length, 2);
      assert.ok(marked[0] < T / 2 && marked[1] >= T / 2, `markers at ${marked}`);
      assert.ok(Math.abs(data.targets[n] - sum) < 1e-15);
    }
    assert.equal(data.tolerance, 0.04);
  });

  test("constantAnswerError = (1/N) Σ (answer − y)², ≈ 1/6 for answer 1 on many sequences", () => {
    const expected = data.targets.reduce((s, y) => s + (0.7 - y) ** 2, 0) / data.count;
    assert.ok(Math.abs(constantAnswerError(data, 0.7) - expected) < 1e-15);
    const many = addingTask({ length: 4, count: 20000, seed: 1 });
    const baseline = constantAnswerError(many);
    // Var(X₁ + X₂) = 1/6; the standard error of the estimate is about 0.0015 here
    assert.ok(Math.abs(baseline - ADDING_BASELINE_ERROR) < 0.006, `baseline ${baseline}`);
    // 1 (the mean) is the best constant answer
    assert.ok(
      constantAnswerError(many, 0.9) > baseline && constantAnswerError(many, 1.1) > baseline,
    );
  });

  test("clippingRun reports the baseline of its own sequences", () => {
    const run = clippingRun({ clipNorm: 1, steps: 3, length: 6 });
    assert.equal(run.steps.length, 3);
    assert.ok(Math.abs(run.baselineError - ADDING_BASELINE_ERROR) < 0.05, `${run.baselineError}`);
  });
});
