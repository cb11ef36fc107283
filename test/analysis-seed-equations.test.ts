/**
 * The blog's two-bias RNN equals tfjs's one-bias simpleRNN once b = b_ih + b_hh; its h_0 line;
 * the four sequence shapes of chapter 01 against their tfjs twins.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { maxAbsDiff } from "../src/core/arrays.js";
import {
  blogFirstStateAsWritten,
  blogForward,
  blogOutput,
  randomBlogRNN,
  randomReadout,
  toTfjsWeights,
  withoutHiddenBias,
} from "../src/core/by-hand/blog-rnn.js";
import {
  dims,
  encoderDecoder,
  manyToMany,
  manyToOne,
  oneToMany,
  readout,
} from "../src/core/by-hand/sequence-shapes.js";
import { runLayer } from "../src/core/layer.js";
import { randomInputs, randomWeights } from "../src/core/weights.js";
import {
  referenceEncoderDecoder,
  referenceSequenceModel,
} from "../src/node/reference/sequence-models.js";
import { loadTensorFlow, referenceLayer } from "../src/node/reference/tfjs.js";
import { assertAbsClose } from "./support.js";

describe("the blog's equations", () => {
  const rnn = randomBlogRNN(3, 4, 9);
  const x = randomInputs(1, 6, 3, { seed: 2 });

  test("blogForward equals runLayer with W_ihᵀ, W_hhᵀ, b_ih + b_hh", () => {
    const ours = runLayer("simpleRNN", toTfjsWeights(rnn), x, { returnSequences: true });
    assertAbsClose(blogForward(rnn, x[0]), (ours.output as number[][][])[0], 1e-15, "h_t");
  });

  test("and equals tf.layers.simpleRNN (float32)", async () => {
    await loadTensorFlow({ backend: "cpu" });
    const theirs = referenceLayer("simpleRNN", toTfjsWeights(rnn), x, { returnSequences: true });
    assertAbsClose(blogForward(rnn, x[0]), (theirs.output as number[][][])[0], 1e-6, "tfjs");
  });

  test("dropping b_hh changes the answer (two biases are really two numbers per unit)", () => {
    const [kernel, recurrent] = toTfjsWeights(rnn);
    const oneBiasOnly = runLayer("simpleRNN", [kernel, recurrent, rnn.inputToHidden.b], x);
    const last = blogForward(rnn, x[0])[5];
    assert.ok(Math.abs((oneBiasOnly.output as number[][])[0][0] - last[0]) > 1e-3);
  });

  test("h_0 from h_{−1} = 0 is the blog's h_0 = tanh(f_ih(x_0)) plus b_hh inside the tanh", () => {
    const asWritten = blogFirstStateAsWritten(rnn, x[0][0]);
    assert.ok(maxAbsDiff(blogForward(rnn, x[0])[0], asWritten) > 1e-3, "b_hh matters");
    assert.equal(maxAbsDiff(blogForward(withoutHiddenBias(rnn), x[0])[0], asWritten), 0);
  });

  test("y_t = σ(f(h_t)) lies in (0, 1)", () => {
    const y = blogOutput(randomReadout(4, 2, 1), blogForward(rnn, x[0])[0]);
    assert.equal(y.length, 2);
    assert.ok(y.every((v) => v > 0 && v < 1));
  });
});

describe("sequence shapes", () => {
  const weights = randomWeights("simpleRNN", 3, 4, { seed: 1 });
  const out = { kernel: randomInputs(1, 4, 2, { seed: 5 })[0], bias: [0.1, -0.2] };
  const x = randomInputs(2, 5, 3, { seed: 6 });
  const decoder = randomWeights("simpleRNN", 2, 4, { seed: 7 }); // reads y (K = 2), U = 4

  test("shapes: many-to-one (B, K), many-to-many (B, T, K), one-to-many and encoder–decoder (B, steps, K)", () => {
    assert.deepEqual(dims(manyToOne(weights, out, x)), [2, 2]);
    assert.deepEqual(dims(manyToMany(weights, out, x)), [2, 5, 2]);
    assert.deepEqual(dims(oneToMany(weights, out, [x[0][0], x[1][0]], 7)), [2, 7, 2]);
    assert.deepEqual(dims(encoderDecoder(weights, decoder, out, x, 3)), [2, 3, 2]);
  });

  test("encoder–decoder: the decoder's first step starts from the encoder's last state", () => {
    const hEncoder = runLayer("simpleRNN", weights, x).output as number[][];
    const firstStep = runLayer("simpleRNN", decoder, [[[0, 0]], [[0, 0]]], {
      initialState: [hEncoder],
    }).output as number[][];
    const y0 = encoderDecoder(weights, decoder, out, x, 1).map((sequence) => sequence[0]);
    assertAbsClose(y0, readout(out, firstStep), 0, "y_0");
  });

  test("encoder–decoder: a decoder whose kernel does not read K inputs is refused", () => {
    assert.throws(() => encoderDecoder(weights, weights, out, x, 3), /needs 2 rows \(K\), got 3/);
  });

  test("each equals its tfjs twin built from the same weights", async () => {
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
    assertAbsClose(
      encoderDecoder(weights, decoder, out, x, 6),
      referenceEncoderDecoder(weights, decoder, out, x, 6),
      1e-6,
      "encoderDecoder",
    );
  });
});
