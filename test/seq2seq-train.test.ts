/**
 * Training the encoder–decoder: deterministic for a recipe (the same losses and weights, bit for
 * bit, on a second run), the loss falls, exact match counts whole readings by length and language.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createSeq2seq } from "../src/core/seq2seq/model.js";
import {
  examplesInBothLanguages,
  makeExample,
  splitNumbers,
} from "../src/core/seq2seq/number-data.js";
import { SEQ2SEQ_RECIPES, trainSeq2seqRecipe } from "../src/core/seq2seq/recipe.js";
import { exactMatch, sayWithModel, trainSeq2seq } from "../src/core/seq2seq/train.js";

describe("training the encoder–decoder", () => {
  test("the small recipe's first steps: the same numbers twice, the loss falling", () => {
    const first = trainSeq2seqRecipe(SEQ2SEQ_RECIPES.small, { steps: 100 });
    const second = trainSeq2seqRecipe(SEQ2SEQ_RECIPES.small, { steps: 100, evaluate: false });
    assert.deepEqual(
      first.training.history.map((r) => r.loss),
      second.training.history.map((r) => r.loss),
    );
    for (const [name, value] of Object.entries(first.model.parameters)) {
      assert.deepEqual(value, second.model.parameters[name], name);
    }
    const losses = first.training.history.map((r) => r.loss);
    assert.ok(losses[1] < 0.6 * losses[0], `loss ${losses.join(" → ")}`);
    assert.equal(first.test?.byLength.length, 2 * SEQ2SEQ_RECIPES.small.trainLengths);
    assert.equal(second.test, undefined);
  });

  test("exact match: whole readings, by digits and language", () => {
    const model = createSeq2seq({ encoderUnits: 4, seed: 2 });
    const examples = [makeExample(7, "zh"), makeExample(12, "en"), makeExample(305, "zh")];
    const result = exactMatch(model, examples);
    assert.equal(result.readings.length, 3);
    assert.deepEqual(
      result.byLength.map((row) => [row.digits, row.language, row.total]),
      [
        [1, "zh", 1],
        [2, "en", 1],
        [3, "zh", 1],
      ],
    );
    assert.equal(result.readings[1].expected, "twelve");
    // an untrained model says none of them right; beam search runs too
    assert.equal(result.accuracy, 0);
    const beam = exactMatch(model, examples, { beamWidth: 3, maxLength: 8 });
    assert.equal(beam.readings.length, 3);
  });

  test("sayWithModel: the reading, its log-probability and the attention rows", () => {
    const model = createSeq2seq({ encoderUnits: 4, attention: true, seed: 2 });
    const greedy = sayWithModel(model, 30050, "zh", { maxLength: 5 });
    assert.deepEqual(greedy.source, ["<zh>", "3", "0", "0", "5", "0"]);
    assert.equal(greedy.reading, greedy.symbols.join(""));
    const steps = greedy.symbols.length + (greedy.finished ? 1 : 0);
    assert.equal(greedy.attention?.length, steps);
    assert.ok(greedy.attention?.every((row) => row.length === 6));
    const beam = sayWithModel(model, 30050, "zh", { beamWidth: 3, maxLength: 5 });
    assert.ok(beam.finished || beam.symbols.length === 5);
    assert.throws(() => sayWithModel(model, -1, "zh"), /expected a whole number/);
  });

  test("bad options are refused", () => {
    const split = splitNumbers({ trainLengths: 2, testPerLength: 2, longPerLength: 1 });
    const model = createSeq2seq({ encoderUnits: 4 });
    assert.throws(() => trainSeq2seq(model, { split, steps: 0 }), /steps: expected a positive/);
    assert.throws(
      () => trainSeq2seq(model, { split, steps: 1, learningRateDecay: 2 }),
      /learningRateDecay: expected/,
    );
    assert.throws(
      () => trainSeq2seq(model, { split, steps: 1, epochs: 3 } as never),
      /unknown option "epochs"/,
    );
    assert.throws(() => createSeq2seq({ cell: "simpleRNN" } as never), /cell: expected/);
    assert.equal(examplesInBothLanguages(split.test).length, 2 * split.test.length);
  });
});
