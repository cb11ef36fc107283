/**
 * The encoder–decoder of chapter 07: its hand-written backward pass (decoder BPTT with
 * attention's backward step inside it, attention's keys, the encoder's BPTT through one or two
 * directions with the padding mask, both embeddings, the readout) against central finite
 * differences in float64 (relative ≤ 1e-6), for LSTM and GRU, one or two directions, with and
 * without attention; the float32-products path (∂L/∂U of the decoder summed once over all steps)
 * equal to the per-step one; padding changes nothing; decoding one step at a time gives the
 * teacher-forced probabilities.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { greedyDecode } from "../src/core/seq2seq/decode.js";
import {
  createSeq2seq,
  greedyDecodeBatch,
  type Seq2seqModel,
  type Seq2seqOptions,
  seq2seqLoss,
  seq2seqLossAndGradients,
  seq2seqStepModel,
} from "../src/core/seq2seq/model.js";
import { makeBatch, makeExample, START_ID } from "../src/core/seq2seq/number-data.js";
import { assertAbsClose, assertRelClose } from "./support.js";

const STEP = 1e-5;
// three sources of different lengths (padding in the source and in the target)
const BATCH = makeBatch([makeExample(305, "en"), makeExample(7, "zh"), makeExample(1012, "zh")]);

function tinyModel(options: Seq2seqOptions): Seq2seqModel {
  const model = createSeq2seq({
    encoderUnits: 3,
    sourceEmbeddingSize: 2,
    targetEmbeddingSize: 2,
    attentionSize: 3,
    seed: 11,
    ...options,
  });
  // move every bias off its initial value so that every path carries a gradient
  for (const [name, value] of Object.entries(model.parameters)) {
    if (name.endsWith("Bias") && value) {
      value.forEach((_, j) => {
        value[j] += 0.2 * Math.cos(3 * j + name.length);
      });
    }
  }
  return model;
}

const CASES: Seq2seqOptions[] = [];
for (const cell of ["lstm", "gru"] as const) {
  for (const bidirectional of [false, true]) {
    for (const attention of [false, true]) CASES.push({ cell, bidirectional, attention });
  }
}

const describeCase = (c: Seq2seqOptions) =>
  [c.cell, c.bidirectional ? "bidirectional" : "one direction"]
    .concat(c.attention ? "attention" : "no attention")
    .join(", ");

describe("seq2seq gradients = central finite differences (float64, relative ≤ 1e-6)", () => {
  for (const c of CASES) {
    test(describeCase(c), () => {
      const model = tinyModel(c);
      const { gradients } = seq2seqLossAndGradients(model, BATCH);
      const names = Object.keys(model.parameters);
      assert.deepEqual(Object.keys(gradients), names);
      for (const name of names) {
        const theta = model.parameters[name]!;
        const numeric = Array.from(theta, (_, j) => {
          const saved = theta[j];
          theta[j] = saved + STEP;
          const plus = seq2seqLoss(model, BATCH).loss;
          theta[j] = saved - STEP;
          const minus = seq2seqLoss(model, BATCH).loss;
          theta[j] = saved;
          return (plus - minus) / (2 * STEP);
        });
        assertRelClose(Array.from(gradients[name]!), numeric, 1e-6, `${describeCase(c)}: ${name}`);
      }
    });
  }
});

describe("seq2seq: the float32-products path sums ∂L/∂U once over all steps", () => {
  for (const c of CASES.filter((c) => c.attention)) {
    test(`${describeCase(c)}: same gradients (tiny products stay float64)`, () => {
      const model = tinyModel(c);
      const exact = seq2seqLossAndGradients(model, BATCH);
      const deferred = seq2seqLossAndGradients(model, BATCH, { products: "float32" });
      for (const name of Object.keys(model.parameters)) {
        assertAbsClose(
          Array.from(deferred.gradients[name]!),
          Array.from(exact.gradients[name]!),
          1e-14,
          name,
        );
      }
    });
  }
});

describe("seq2seq: padding and decoding", () => {
  for (const c of CASES) {
    test(`${describeCase(c)}: an example's loss is the same alone and padded in a batch`, () => {
      const model = tinyModel(c);
      const together = seq2seqLoss(model, BATCH);
      let total = 0;
      for (const example of BATCH.examples) {
        const alone = seq2seqLoss(model, makeBatch([example]));
        total += alone.loss * alone.tokens;
      }
      assert.equal(together.tokens, BATCH.targetTokens);
      assertAbsClose([together.loss], [total / together.tokens], 1e-12, "mean loss");
    });

    test(`${describeCase(c)}: step-by-step decoding = teacher forcing on its own output`, () => {
      const model = tinyModel(c);
      const example = makeExample(1012, "zh");
      const greedy = greedyDecode(seq2seqStepModel(model, example.source), { maxLength: 6 });
      // feed the greedy output back as a "target": teacher forcing must see the same log p
      const target = Int32Array.from(greedy.finished ? [...greedy.tokens, 2] : greedy.tokens);
      const forced = seq2seqLoss(model, makeBatch([{ ...example, target }]));
      assertAbsClose(
        [-forced.loss * forced.tokens],
        [greedy.logProbability],
        1e-12,
        "log P of the greedy output",
      );
      assert.equal(forced.correct, forced.tokens, "the greedy symbols are the argmax ones");
      // the batched greedy decoder writes the same symbols
      const batched = greedyDecodeBatch(model, makeBatch([example, makeExample(5, "en")]), 6);
      assert.deepEqual(batched[0], greedy.tokens);
      assert.notEqual(START_ID, 0);
    });
  }
});
