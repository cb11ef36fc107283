/**
 * The chapter's picture, on a small configuration: at a gap where the plain RNN stays near chance,
 * LSTM and GRU reach ≥ 95% held-out accuracy. Also the teacher's CLI (`npm run gap`), and the
 * cross-check that tf.layers + model.fit, from the same initial weights, learns as well.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { describe, test } from "node:test";
import { gapExperiment } from "../src/core/train/experiment.js";
import { createModel } from "../src/core/train/model.js";
import { franceTask } from "../src/core/train/tasks/france.js";
import { train } from "../src/core/train/train.js";
import { trainWithTensorFlow } from "../src/node/reference/tfjs-training.js";

const GAP = 30;

describe(`the gap picture (gap ${GAP}, seed 0)`, () => {
  test("plain RNN near chance; LSTM and GRU ≥ 95%", () => {
    const { results, chance } = gapExperiment({ gaps: [GAP], seed: 0, progress: false });
    const accuracy = Object.fromEntries(results.map((r) => [r.cell, r.accuracy]));
    assert.equal(chance, 1 / 8);
    assert.ok(
      accuracy.simpleRNN < 2 * chance,
      `simpleRNN ${accuracy.simpleRNN} should stay near chance ${chance}`,
    );
    assert.ok(accuracy.lstm >= 0.95, `lstm ${accuracy.lstm} < 0.95`);
    assert.ok(accuracy.gru >= 0.95, `gru ${accuracy.gru} < 0.95`);
  });
});

describe("npm run gap", () => {
  const gapScript = ["--import", "tsx", "scripts/cli/gap.ts"];
  test("--json prints one object with results { cell, gap, accuracy, seconds }", () => {
    const out = execFileSync(
      process.execPath,
      [
        ...gapScript,
        "--cells",
        "gru",
        "--gaps",
        "1",
        "--epochs",
        "1",
        "--train-count",
        "64",
        "--test-count",
        "32",
        "--json",
      ],
      { encoding: "utf8" },
    );
    const parsed = JSON.parse(out);
    assert.equal(parsed.results.length, 1);
    const [row] = parsed.results;
    assert.equal(row.cell, "gru");
    assert.equal(row.gap, 1);
    assert.ok(row.accuracy >= 0 && row.accuracy <= 1);
    assert.ok(row.seconds >= 0);
  });

  test("a bad flag exits with status 2 and says which", () => {
    for (const [args, message] of [
      [["--gaps", "-3"], /--gaps: expected an integer ≥ 0, got "-3"/],
      [["--cells", "rnn"], /--cells: unknown cell "rnn"/],
      [["--frobnicate", "1"], /unknown option "--frobnicate"/],
      [["--epochs"], /--epochs: missing value/],
    ] as const) {
      const run = spawnSync(process.execPath, [...gapScript, ...args], { encoding: "utf8" });
      assert.equal(run.status, 2, `${args.join(" ")}: status ${run.status}`);
      assert.match(run.stderr, message);
    }
  });
});

describe("cross-check with tf.layers", () => {
  test("model.fit (wasm) from the same initial weights reaches comparable accuracy", async () => {
    const trainSet = franceTask({ gap: 5, count: 1024, seed: 1 });
    const testSet = franceTask({ gap: 5, count: 256, seed: 2 });
    const model = createModel(trainSet, { cell: "gru", units: 16, seed: 3, updateBias: 2 });
    const ours = train({
      model,
      train: trainSet,
      test: testSet,
      epochs: 3,
      seed: 3,
      progress: false,
    });
    const theirs = await trainWithTensorFlow({ model, train: trainSet, test: testSet, epochs: 3 });
    const ourAccuracy = ours.history[2].testAccuracy!;
    const theirAccuracy = theirs.testAccuracy[2];
    assert.ok(ourAccuracy >= 0.95, `from scratch ${ourAccuracy}`);
    assert.ok(theirAccuracy >= 0.95, `tfjs ${theirAccuracy}`);
  });
});
