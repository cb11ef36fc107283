/** Chapter 05's helpers: the three cells on the same data, and when a curve reaches a level. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { firstEpochReaching, trainEachCell } from "../src/core/experiments/side-by-side.js";
import { franceTask } from "../src/core/train/tasks/france.js";

describe("side by side", () => {
  test("firstEpochReaching counts from 1 and gives Infinity when the level is never reached", () => {
    assert.equal(firstEpochReaching([0.2, 0.5, 0.96, 0.9], 0.95), 3);
    assert.equal(firstEpochReaching([0.2, 0.5], 0.95), Number.POSITIVE_INFINITY);
    assert.equal(firstEpochReaching([0.3, 0.1, 0.01], 0.05, "below"), 3);
    assert.equal(firstEpochReaching([0.3], 0.3, "below"), 1);
  });

  test("trainEachCell: one run per cell, gated cells start inclined to remember (b_f 3, b_z 2)", () => {
    const data = franceTask({ gap: 1, count: 8, countries: 2, seed: 1 });
    const runs = trainEachCell(data, data, { units: 3, epochs: 1, seed: 1 });
    assert.deepEqual(
      runs.map((run) => run.cell),
      ["simpleRNN", "lstm", "gru"],
    );
    const U = 3;
    const lstmBias = runs[1].initial.parameters.bias; // [b_i, b_f, b_c, b_o]
    assert.deepEqual(Array.from(lstmBias.subarray(U, 2 * U)), [3, 3, 3]);
    const gruBias = runs[2].initial.parameters.bias; // [b_z, b_r, b_h]
    assert.deepEqual(Array.from(gruBias.subarray(0, U)), [2, 2, 2]);
    for (const run of runs) assert.equal(run.history.length, 1);
  });
});
