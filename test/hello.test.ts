/**
 * Chapter 01's "hello": the RNN learns all four next characters; nothing that sees only the
 * current character gets more than three; the run is deterministic (its time is printed, not
 * asserted: the machine may be busy).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { memorylessBest, trainHello, wordDataset } from "../src/core/experiments/hello.js";

describe("hello: a first trained RNN", () => {
  test("the RNN predicts all four targets, each with p ≥ 0.9, below the memoryless loss", () => {
    const run = trainHello();
    assert.deepEqual(run.vocabulary, ["h", "e", "l", "o"]);
    assert.equal(run.inputs, "hell");
    assert.equal(run.targets, "ello");
    assert.equal(run.correct, 4);
    assert.deepEqual(
      run.predictions.map((p) => p.predicted),
      ["e", "l", "l", "o"],
    );
    for (const p of run.predictions) {
      assert.ok(p.probabilities[run.vocabulary.indexOf(p.target)] >= 0.9, `${p.input}→${p.target}`);
      assert.ok(Math.abs(p.probabilities.reduce((s, v) => s + v, 0) - 1) < 1e-12);
    }
    assert.equal(run.lossHistory.length, run.steps + 1);
    assert.ok(run.steps < 500, `${run.steps} steps`);
    // below ln 2 / 2, the lowest loss any model without memory can reach
    assert.ok(run.lossHistory[run.steps] < memorylessBest().lowestLoss);
    assert.equal(run.hidden.length, 4);
    assert.ok(run.hidden.every((h) => h.length === 8 && h.every((v) => Math.abs(v) < 1)));
    console.log(`  ⏱ hello: ${run.steps} Adam steps, ${run.seconds.toFixed(3)} s`);
  });

  test("the best model without memory: 3 of 4, lowest loss ln 2 / 2", () => {
    const best = memorylessBest();
    assert.equal(best.correct, 3);
    assert.equal(best.total, 4);
    assert.ok(Math.abs(best.lowestLoss - Math.LN2 / 2) < 1e-15);
    assert.deepEqual(
      best.rows.map((r) => [r.input, r.best, r.right, r.total]),
      [
        ["h", "e", 1, 1],
        ["e", "l", 1, 1],
        ["l", "l", 1, 2],
      ],
    );
    assert.deepEqual(best.rows[2].nextCounts, { l: 1, o: 1 });
  });

  test("every one of the 4³ functions of the current character gets at most 3 of 4", () => {
    const inputs = ["h", "e", "l", "l"];
    const targets = ["e", "l", "l", "o"];
    const vocabulary = ["h", "e", "l", "o"];
    let most = 0;
    for (let code = 0; code < 64; code++) {
      // the function: h → vocabulary[code % 4], e → …[⌊code/4⌋ % 4], l → …[⌊code/16⌋]
      const answer: Record<string, string> = {
        h: vocabulary[code % 4],
        e: vocabulary[Math.floor(code / 4) % 4],
        l: vocabulary[Math.floor(code / 16)],
      };
      const right = inputs.filter((c, t) => answer[c] === targets[t]).length;
      most = Math.max(most, right);
    }
    assert.equal(most, memorylessBest().correct);
  });

  test("the same model trained without memory (W_hh = 0) stops at 3 of 4, never below ln 2 / 2", () => {
    const run = trainHello({ memory: false, maxSteps: 300 });
    assert.equal(run.steps, 300);
    assert.equal(run.correct, 3);
    assert.ok(run.model.parameters.recurrentKernel.every((w) => w === 0));
    const { lowestLoss } = memorylessBest();
    assert.ok(run.lossHistory.every((loss) => loss >= lowestLoss));
    assert.ok(run.lossHistory[300] - lowestLoss < 0.01, `${run.lossHistory[300]}`);
    // p(l | l) = p(o | l): the same input, so the same answer after both l's
    assert.deepEqual(run.predictions[2].probabilities, run.predictions[3].probabilities);
    console.log(`  ⏱ hello without memory: 300 Adam steps, ${run.seconds.toFixed(3)} s`);
  });

  test("deterministic: two runs give the same numbers", () => {
    const { seconds: _a, ...first } = trainHello({ seed: 3 });
    const { seconds: _b, ...second } = trainHello({ seed: 3 });
    assert.deepEqual(first, second);
  });

  test("bad input says what was expected", () => {
    assert.throws(() => wordDataset("h"), /at least two characters/);
    assert.throws(() => trainHello({ confidence: 1 }), /confidence: expected a probability/);
    assert.throws(
      () => trainHello({ steps: 3 } as unknown as Parameters<typeof trainHello>[0]),
      /unknown option "steps"/,
    );
  });
});
