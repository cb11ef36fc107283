/**
 * Training that goes wrong says so: bad arguments get a clear error, a diverging run stops with a
 * message suggesting clipping or a smaller learning rate (never a NaN curve), and the same seed
 * gives the same history, number for number.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { gapExperiment } from "../src/core/train/experiment.js";
import { inspect } from "../src/core/train/inspect.js";
import { createModel } from "../src/core/train/model.js";
import { adam, sgd } from "../src/core/train/optimizers.js";
import { addingTask } from "../src/core/train/tasks/adding.js";
import { franceSentence, franceTask } from "../src/core/train/tasks/france.js";
import { TrainingDivergedError, train } from "../src/core/train/train.js";

describe("bad arguments get a clear error", () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      "negative gap",
      () => franceTask({ gap: -1, count: 4 }),
      /gap: expected a whole number .* ≥ 0, got -1/,
    ],
    ["fractional gap", () => franceTask({ gap: 2.5, count: 4 }), /gap:/],
    [
      "empty filler vocabulary",
      () => franceTask({ gap: 3, count: 4, fillers: 0 }),
      /filler vocabulary is empty/,
    ],
    [
      "one country",
      () => franceTask({ gap: 3, count: 4, countries: 1 }),
      /countries: expected 2 to 8/,
    ],
    ["no sentences", () => franceTask({ gap: 3, count: 0 }), /count: expected a positive integer/],
    [
      "unknown language",
      () => franceTask({ gap: 3, count: 4, language: "fr" as "en" }),
      /language: expected "en" or "zh"/,
    ],
    [
      "unknown option",
      () => franceTask({ gap: 3, count: 4, gapp: 2 } as never),
      /unknown option "gapp"/,
    ],
    ["adding length 1", () => addingTask({ length: 1, count: 4 }), /at least 2 steps/],
    [
      "unknown cell",
      () => createModel(franceTask({ gap: 1, count: 2 }), { cell: "rnn" as "gru" }),
      /kind: expected one of simpleRNN, lstm, gru/,
    ],
    [
      "forget bias on a gru",
      () => createModel(franceTask({ gap: 1, count: 2 }), { cell: "gru", forgetBias: 1 }),
      /only an lstm/,
    ],
    ["no cell", () => train({ train: franceTask({ gap: 1, count: 2 }) }), /give a `cell`/],
    ["no dataset", () => train({ cell: "gru" } as never), /expected a dataset/],
    [
      "negative learning rate",
      () => sgd({ learningRate: -1 }),
      /learningRate: expected a positive number/,
    ],
    ["adam beta 1", () => adam({ beta1: 1 }), /beta1/],
    [
      "clipNorm 0",
      () => train({ cell: "gru", train: franceTask({ gap: 1, count: 2 }), clipNorm: 0 }),
      /clipNorm: expected a positive number/,
    ],
    [
      "zero epochs",
      () => train({ cell: "gru", train: franceTask({ gap: 1, count: 2 }), epochs: 0 }),
      /epochs: expected a positive integer/,
    ],
    [
      "momentum with adam",
      () => train({ cell: "gru", train: franceTask({ gap: 1, count: 2 }), momentum: 0.9 }),
      /only the sgd optimizer/,
    ],
    [
      "negative gap in the experiment",
      () => gapExperiment({ gaps: [-2] }),
      /gaps: each gap .* ≥ 0, got -2/,
    ],
    ["no cells", () => gapExperiment({ cells: [] }), /cells: expected at least one/],
    [
      "model for another dataset",
      () =>
        train({
          model: createModel(addingTask({ length: 3, count: 2 }), { cell: "lstm" }),
          train: franceTask({ gap: 1, count: 2 }),
        }),
      /the model reads features, the dataset holds tokens/,
    ],
    [
      "model and cell together",
      () => {
        const data = franceTask({ gap: 1, count: 2 });
        train({ model: createModel(data, { cell: "lstm" }), cell: "gru", train: data });
      },
      /cell would be ignored/,
    ],
    [
      "inspect out of range",
      () => {
        const data = franceTask({ gap: 1, count: 2 });
        inspect(createModel(data, { cell: "lstm" }), data, 5);
      },
      /index: expected an example number from 0 to 1/,
    ],
  ];
  for (const [name, run, message] of cases) {
    test(name, () => assert.throws(run, message));
  }
});

describe("a diverging run stops with a message", () => {
  test("SGD with a huge learning rate and no clipping: TrainingDivergedError, never NaN in the history", () => {
    const data = addingTask({ length: 6, count: 64, seed: 1 });
    let caught: unknown;
    try {
      train({
        cell: "simpleRNN",
        train: data,
        optimizer: "sgd",
        learningRate: 1e8,
        epochs: 20,
        progress: false,
      });
    } catch (error) {
      caught = error;
    }
    assert.ok(
      caught instanceof TrainingDivergedError,
      `expected TrainingDivergedError, got ${caught}`,
    );
    const message = (caught as Error).message;
    assert.match(message, /diverged/);
    assert.match(message, /NaN or ∞/);
    assert.match(message, /clipNorm/);
    assert.match(message, /smaller learning rate \(now 100000000\)/);
    for (const record of (caught as TrainingDivergedError).history) {
      assert.ok(Number.isFinite(record.loss), "a finished epoch has a finite loss");
    }
  });
});

describe("deterministic for a seed", () => {
  const data = franceTask({ gap: 3, count: 96, seed: 4 });
  const test_ = franceTask({ gap: 3, count: 32, seed: 5 });
  const run = (seed: number) =>
    train({
      cell: "gru",
      train: data,
      test: test_,
      units: 6,
      epochs: 2,
      seed,
      clipNorm: 1,
      progress: false,
    });

  test("same seed → identical history; another seed → another history", () => {
    const a = run(7);
    const b = run(7);
    assert.deepEqual(a.history, b.history);
    assert.deepEqual(Array.from(a.model.parameters.kernel), Array.from(b.model.parameters.kernel));
    assert.notDeepEqual(run(8).history, a.history);
  });

  test("sentences read as the seed's example in both languages", () => {
    const en = franceTask({ gap: 2, count: 1, seed: 3 });
    const zh = franceTask({ gap: 2, count: 1, seed: 3, language: "zh" });
    assert.match(franceSentence(en, 0), /^I grew up in \S+ … \S+ \S+ … I speak fluent \S+$/);
    assert.match(franceSentence(zh, 0), /^我在\S+长大…\S+…我能说流利的\S+$/);
    assert.equal(en.stepsAfterCountry, 2 + 3);
    assert.equal(en.time, 4 + 1 + 2 + 3);
  });
});
