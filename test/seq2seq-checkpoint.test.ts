/**
 * Chapter 07's committed number readers (assets/models/say-number.json, with attention, and
 * say-number-no-attention.json, without): each is what `npm run train:seq2seq` writes — its first training steps reproduced bit for bit from the
 * recipe, its split the recipe's, its report's accuracy ≥ 95 % on the held-out numbers in each
 * language and consistent with a re-evaluation here — and it stays small. Also the checkpoint
 * format's round trip and its refusals.
 */
import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  seq2seqFromCheckpoint,
  seq2seqRoundedToFloat32,
  toSeq2seqCheckpoint,
} from "../src/core/seq2seq/checkpoint.js";
import { createSeq2seq } from "../src/core/seq2seq/model.js";
import {
  digitCount,
  examplesInBothLanguages,
  splitNumbers,
} from "../src/core/seq2seq/number-data.js";
import { SEQ2SEQ_RECIPES, trainSeq2seqRecipe } from "../src/core/seq2seq/recipe.js";
import { exactMatch } from "../src/core/seq2seq/train.js";
import { projectRoot } from "../src/node/project-root.js";
import { loadSeq2seqCheckpoint, SAY_NUMBER_CHECKPOINT } from "../src/node/seq2seq-files.js";

/** The committed checkpoints: file, recipe, the command that writes it, its held-out bar. */
const COMMITTED = [
  {
    file: SAY_NUMBER_CHECKPOINT,
    recipe: SEQ2SEQ_RECIPES.attention,
    command: "npm run train:seq2seq",
    // the bar for the chapter's reader
    atLeast: 0.95,
  },
  {
    file: join("assets", "models", "say-number-no-attention.json"),
    recipe: SEQ2SEQ_RECIPES.noAttention,
    command: "npm run train:seq2seq -- --recipe noAttention",
    // the comparison model: its 7-digit numbers suffer from the fixed-size context, which the
    // chapter shows; overall it must still have learnt the task
    atLeast: 0.9,
  },
];

const root = projectRoot();
/** How many first steps the test re-runs (each some 0.1–0.4 s). */
const REPLAYED_STEPS = 3;
/** Held-out numbers per trained length re-decoded here (all of them for 1 … 3 digits). */
const SUBSET_PER_LENGTH = 30;

describe("seq2seq checkpoint format", () => {
  const recipe = SEQ2SEQ_RECIPES.small;
  const model = createSeq2seq(recipe.model);
  const split = {
    trainLengths: 4,
    testPerLength: 200,
    longPerLength: 200,
    seed: 0,
    testNumbers: 0,
    longNumbers: 0,
  };
  const report = {
    command: "test",
    steps: 0,
    seconds: 0,
    targetTokens: 0,
    firstLosses: [],
    history: [],
    greedy: {} as never,
    beam4: {} as never,
  };

  test("a round trip through JSON gives the parameters rounded to float32, exactly", () => {
    const checkpoint = toSeq2seqCheckpoint(model, recipe, split, report);
    const loaded = seq2seqFromCheckpoint(JSON.parse(JSON.stringify(checkpoint))).model;
    const rounded = seq2seqRoundedToFloat32(model);
    assert.deepEqual(loaded.config, model.config);
    for (const [name, values] of Object.entries(rounded.parameters)) {
      assert.deepEqual(
        Array.from((loaded.parameters as unknown as Record<string, Float64Array>)[name]),
        Array.from(values as Float64Array),
        name,
      );
    }
  });

  test("refuses another format, other vocabularies, a missing parameter, a wrong shape", () => {
    const good = () =>
      JSON.parse(JSON.stringify(toSeq2seqCheckpoint(model, recipe, split, report)));
    const wrongFormat = { ...good(), format: "rnn-notebooks/charlm@1" };
    assert.throws(
      () => seq2seqFromCheckpoint(wrongFormat),
      /expected format rnn-notebooks\/seq2seq@1, got "rnn-notebooks\/charlm@1"/,
    );
    const otherVocabulary = good();
    otherVocabulary.vocabularies.target.push("billion");
    assert.throws(() => seq2seqFromCheckpoint(otherVocabulary), /vocabularies differ/);
    const missing = good();
    delete missing.parameters.readoutBias;
    assert.throws(() => seq2seqFromCheckpoint(missing), /expected parameters .*readoutBias/);
    const wrongShape = good();
    wrongShape.parameters.readoutBias.shape = [2, 3];
    assert.throws(() => seq2seqFromCheckpoint(wrongShape), /readoutBias has shape \[2,3\]/);
  });
});

for (const { file, recipe, command, atLeast } of COMMITTED)
  describe(`the committed number reader (${file})`, () => {
    const { model, checkpoint } = loadSeq2seqCheckpoint(file);

    test("stays under 2 MB", () => {
      const bytes = statSync(join(root, file)).size;
      assert.ok(bytes < 2e6, `${bytes} bytes`);
    });

    test("was written by the full recipe: same recipe, same command, same split", () => {
      assert.deepEqual(checkpoint.recipe, JSON.parse(JSON.stringify(recipe)));
      assert.equal(checkpoint.report.command, command);
      assert.equal(checkpoint.report.steps, recipe.steps);
      assert.equal(checkpoint.report.history.at(-1)?.step, recipe.steps);
      const split = splitNumbers({
        trainLengths: checkpoint.split.trainLengths,
        testPerLength: checkpoint.split.testPerLength,
        longPerLength: checkpoint.split.longPerLength,
        seed: checkpoint.split.seed,
      });
      assert.equal(split.test.length, checkpoint.split.testNumbers);
      assert.equal(split.long.length, checkpoint.split.longNumbers);
      assert.equal(checkpoint.report.greedy.test.examples, 2 * split.test.length);
    });

    test(`its first ${REPLAYED_STEPS} training steps are reproduced bit for bit`, () => {
      const stop = new Error("enough steps");
      const losses: number[] = [];
      assert.throws(
        () =>
          trainSeq2seqRecipe(recipe, {
            evaluate: false,
            onStep: ({ step, loss }) => {
              losses.push(loss);
              if (step === REPLAYED_STEPS) throw stop;
            },
          }),
        (error) => error === stop,
      );
      assert.deepEqual(losses, checkpoint.report.firstLosses.slice(0, REPLAYED_STEPS));
    });

    test(`its report: ≥ ${100 * atLeast} % exact match on the held-out numbers in each language, greedy and beam 4`, () => {
      for (const decoding of ["greedy", "beam4"] as const) {
        const { test: heldOut } = checkpoint.report[decoding];
        for (const language of ["zh", "en"] as const) {
          assert.ok(
            heldOut.byLanguage[language] >= atLeast,
            `${decoding} ${language}: ${heldOut.byLanguage[language]}`,
          );
        }
        const lengths = new Set(heldOut.byLength.map((row) => row.digits));
        assert.equal(
          lengths.size,
          recipe.trainLengths,
          `${decoding}: every trained length reported`,
        );
      }
    });

    test("a re-evaluation of the loaded model on a subset agrees with the report", () => {
      const split = splitNumbers({
        trainLengths: checkpoint.split.trainLengths,
        testPerLength: checkpoint.split.testPerLength,
        longPerLength: checkpoint.split.longPerLength,
        seed: checkpoint.split.seed,
      });
      const subset = split.test.filter(
        (n, j) =>
          split.test.slice(0, j).filter((m) => digitCount(m) === digitCount(n)).length <
          SUBSET_PER_LENGTH,
      );
      const result = exactMatch(model, examplesInBothLanguages(subset));
      for (const language of ["zh", "en"] as const) {
        assert.ok(
          result.byLanguage[language] >= atLeast,
          `${language}: ${result.byLanguage[language]}`,
        );
      }
      // the same numbers, the same float32 parameters, the same greedy decoder: a row of the subset
      // cannot have more wrong readings than the report's row for all of that length's numbers
      for (const row of result.byLength) {
        const reported = checkpoint.report.greedy.test.byLength.find(
          (r) => r.digits === row.digits && r.language === row.language,
        );
        assert.ok(reported, `${row.digits} digits ${row.language}: in the report`);
        assert.ok(
          row.total - row.correct <= reported.total - reported.correct,
          `${row.digits} digits ${row.language}: ${row.total - row.correct} wrong here, ${reported.total - reported.correct} in the report`,
        );
        if (row.total === reported.total) assert.equal(row.correct, reported.correct);
      }
    });
  });
