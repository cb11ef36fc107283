/** The seed's two-bias equations equal tfjs's one-bias simpleRNN once b = b_ih + b_hh; sequence shapes. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  randomReadout,
  randomSeedRNN,
  seedForward,
  seedOutput,
  toTfjsWeights,
} from "../src/core/by-hand/blog-rnn.js";
import { dims, manyToMany, manyToOne, oneToMany } from "../src/core/by-hand/sequence-shapes.js";
import { runLayer } from "../src/core/layer.js";
import { randomInputs, randomWeights } from "../src/core/weights.js";
import { referenceSequenceModel } from "../src/node/reference/sequence-models.js";
import { loadTensorFlow, referenceLayer } from "../src/node/reference/tfjs.js";
import { assertAbsClose } from "./support.js";

describe("the seed's equations", () => {
  const rnn = randomSeedRNN(3, 4, 9);
  const x = randomInputs(1, 6, 3, { seed: 2 });

  test("seedForward equals runLayer with W_ihᵀ, W_hhᵀ, b_ih + b_hh", () => {
    const ours = runLayer("simpleRNN", toTfjsWeights(rnn), x, { returnSequences: true });
    assertAbsClose(seedForward(rnn, x[0]), (ours.output as number[][][])[0], 1e-15, "h_t");
  });

  test("and equals tf.layers.simpleRNN (float32)", async () => {
    await loadTensorFlow({ backend: "cpu" });
    const theirs = referenceLayer("simpleRNN", toTfjsWeights(rnn), x, { returnSequences: true });
    assertAbsClose(seedForward(rnn, x[0]), (theirs.output as number[][][])[0], 1e-6, "tfjs");
  });

  test("dropping b_hh changes the answer (two biases are really two numbers per unit)", () => {
    const [kernel, recurrent] = toTfjsWeights(rnn);
    const oneBiasOnly = runLayer("simpleRNN", [kernel, recurrent, rnn.inputToHidden.b], x);
    const last = seedForward(rnn, x[0])[5];
    assert.ok(Math.abs((oneBiasOnly.output as number[][])[0][0] - last[0]) > 1e-3);
  });

  test("y_t = σ(f(h_t)) lies in (0, 1)", () => {
    const y = seedOutput(randomReadout(4, 2, 1), seedForward(rnn, x[0])[0]);
    assert.equal(y.length, 2);
    assert.ok(y.every((v) => v > 0 && v < 1));
  });
});

describe("sequence shapes", () => {
  const weights = randomWeights("simpleRNN", 3, 4, { seed: 1 });
  const out = { kernel: randomInputs(1, 4, 2, { seed: 5 })[0], bias: [0.1, -0.2] };
  const x = randomInputs(2, 5, 3, { seed: 6 });

  test("shapes: many-to-one (B, K), many-to-many (B, T, K), one-to-many (B, steps, K)", () => {
    assert.deepEqual(dims(manyToOne(weights, out, x)), [2, 2]);
    assert.deepEqual(dims(manyToMany(weights, out, x)), [2, 5, 2]);
    assert.deepEqual(dims(oneToMany(weights, out, [x[0][0], x[1][0]], 7)), [2, 7, 2]);
  });

  test("each equals the tf.sequential model built from the same weights", async () => {
    await loadTensorFlow({ backend: "cpu" });
    const x0 = [x[0][0], x[1][0]];
    assertAbsClose(
      manyToOne(weights, out, x),
      referenceSequenceModel("manyToOne", weights, out, x),
      1e-6,
      "manyToOne",
    );
    assertAbsClose(
      manyToMany(weights, out, x),
      referenceSequenceModel("manyToMany", weights, out, x),
      1e-6,
      "manyToMany",
    );
    assertAbsClose(
      oneToMany(weights, out, x0, 7),
      referenceSequenceModel("oneToMany", weights, out, x0, 7),
      1e-6,
      "oneToMany",
    );
  });
});
