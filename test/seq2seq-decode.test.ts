/**
 * Greedy decoding and beam search (chapter 07) on a hand-made "model" whose answer is computed by
 * hand: greedy takes the locally best first symbol and ends with a less probable output; beam
 * width 2 finds the better one. Beam width 1 is greedy, on the toy and on an encoder–decoder;
 * with attention every output step returns its weights over the source.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  beamSearch,
  greedyDecode,
  normalisedScore,
  type StepModel,
} from "../src/core/seq2seq/decode.js";
import { createSeq2seq, seq2seqStepModel } from "../src/core/seq2seq/model.js";
import { makeExample } from "../src/core/seq2seq/number-data.js";

// symbols: 0 <start>, 1 <end>, 2 a, 3 b, 4 x, 5 y
const [START, END, A, B, X, Y] = [0, 1, 2, 3, 4, 5];
/** The next symbol's probabilities after each prefix (anything else: <end> for sure). */
const TABLE: Record<string, Record<number, number>> = {
  "": { [A]: 0.6, [B]: 0.4 },
  [`${A}`]: { [X]: 0.35, [Y]: 0.33, [END]: 0.32 },
  [`${B}`]: { [END]: 0.95, [X]: 0.05 },
};

/** The toy as a StepModel: its state is the prefix itself. */
const toy: StepModel<number[]> = {
  initialState: [],
  startToken: START,
  endToken: END,
  step(states, tokens) {
    const next = states.map((prefix, r) => (tokens[r] === START ? prefix : [...prefix, tokens[r]]));
    const logProbabilities = next.map((prefix) => {
      const p = TABLE[prefix.join(",")] ?? { [END]: 1 };
      return Float64Array.from({ length: 6 }, (_, v) => Math.log(p[v] ?? 0));
    });
    return { logProbabilities, states: next };
  },
};

describe("decoding a hand-made model with a known answer", () => {
  test("greedy: a (0.6), then x (0.35), then <end>: P = 0.6 · 0.35 = 0.21", () => {
    const greedy = greedyDecode(toy);
    assert.deepEqual(greedy.tokens, [A, X]);
    assert.ok(greedy.finished);
    assert.ok(Math.abs(greedy.logProbability - Math.log(0.21)) < 1e-12);
  });

  for (const alpha of [0, 1]) {
    test(`beam width 2 (α = ${alpha}): b, <end> with P = 0.4 · 0.95 = 0.38 > 0.21`, () => {
      // by hand: step 1 keeps a (0.6) and b (0.4); step 2's best two extensions are
      // b <end> (0.38, finished) and a x (0.21); step 3 (one place left): a x <end> (0.21).
      // Scores: log 0.38 / 2^α against log 0.21 / 3^α — b <end> wins for α = 0 and for α = 1
      // (−0.484 > −0.520).
      const { best, finished } = beamSearch(toy, { beamWidth: 2, lengthPenalty: alpha });
      assert.deepEqual(best.tokens, [B]);
      assert.ok(Math.abs(best.logProbability - Math.log(0.38)) < 1e-12);
      assert.ok(Math.abs(best.score - Math.log(0.38) / 2 ** alpha) < 1e-12);
      assert.deepEqual(
        finished.map((h) => h.tokens),
        [[B], [A, X]],
      );
      assert.ok(Math.abs(finished[1].score - Math.log(0.21) / 3 ** alpha) < 1e-12);
    });
  }

  test("beam width 1 = greedy", () => {
    const { best } = beamSearch(toy, { beamWidth: 1 });
    const greedy = greedyDecode(toy);
    assert.deepEqual(best.tokens, greedy.tokens);
    assert.equal(best.logProbability, greedy.logProbability);
  });

  test("maxLength stops an output that never ends; impossible symbols are never kept", () => {
    // a forever (0.9), <end> almost never (e^−9), every other symbol impossible (log 0 = −∞)
    const never: StepModel<number> = {
      initialState: 0,
      startToken: START,
      endToken: END,
      step: (states) => ({
        logProbabilities: states.map(() =>
          Float64Array.from(
            [-1, -9, Math.log(0.9), -1, -1, -1].map((l) => (l === -1 ? -Infinity : l)),
          ),
        ),
        states: states.map((s) => s + 1),
      }),
    };
    const greedy = greedyDecode(never, { maxLength: 5 });
    assert.equal(greedy.finished, false);
    assert.deepEqual(greedy.tokens, [A, A, A, A, A]);
    // width 3: step 1 keeps a and finishes <end>; step 2 keeps a a and finishes a <end>; then
    // one place is left for a a a …, which never ends within 5 steps
    const lengthNormalised = beamSearch(never, { beamWidth: 3, maxLength: 5, lengthPenalty: 1 });
    assert.deepEqual(
      lengthNormalised.finished.map((h) => h.tokens),
      [[A], []], // (log 0.9 − 9) / 2 = −4.55 beats −9 / 1
    );
    const byProbability = beamSearch(never, { beamWidth: 3, maxLength: 5, lengthPenalty: 0 });
    assert.deepEqual(byProbability.best.tokens, []); // −9 beats log 0.9 − 9
    assert.equal(normalisedScore(-6, 3, 1), -2);
    assert.equal(normalisedScore(-6, 3, 0), -6);
  });

  test("bad options are refused", () => {
    assert.throws(() => beamSearch(toy, { beamWidth: 0 }), /beamWidth: expected a positive/);
    assert.throws(() => beamSearch(toy, { lengthPenalty: -1 }), /lengthPenalty: expected/);
    assert.throws(() => greedyDecode(toy, { maxLength: 1.5 }), /maxLength: expected/);
  });
});

describe("decoding an encoder–decoder", () => {
  for (const attention of [false, true]) {
    test(`beam width 1 = greedy (${attention ? "attention" : "no attention"})`, () => {
      const model = createSeq2seq({ encoderUnits: 8, attention, bidirectional: true, seed: 3 });
      for (const example of [makeExample(30050, "zh"), makeExample(112, "en")]) {
        const greedy = greedyDecode(seq2seqStepModel(model, example.source), { maxLength: 12 });
        const { best } = beamSearch(seq2seqStepModel(model, example.source), {
          beamWidth: 1,
          maxLength: 12,
        });
        assert.deepEqual(best.tokens, greedy.tokens);
        assert.ok(Math.abs(best.logProbability - greedy.logProbability) < 1e-12);
        assert.equal(best.attention === undefined, !attention);
        if (attention) {
          const steps = best.tokens.length + (best.finished ? 1 : 0);
          assert.equal(best.attention!.length, steps);
          for (const row of best.attention!) {
            assert.equal(row.length, example.source.length);
            assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-12);
          }
        }
        // a wider beam never ends with a less probable output… under its own score
        const wide = beamSearch(seq2seqStepModel(model, example.source), {
          beamWidth: 4,
          maxLength: 12,
          lengthPenalty: 0,
        });
        if (greedy.finished) assert.ok(wide.best.logProbability >= greedy.logProbability - 1e-12);
      }
    });
  }
});
