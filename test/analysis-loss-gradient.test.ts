/** How much of ∂L/∂h_T reaches each step: the ratio from BPTT equals the Jacobian product's. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { vecMat, vectorNorm } from "../src/core/by-hand/dense.js";
import { countryGradientByGap } from "../src/core/experiments/country-gradient.js";
import { hiddenJacobian } from "../src/core/probes/jacobian.js";
import { lossGradientByLag } from "../src/core/probes/loss-gradient-by-lag.js";
import { createModel, lossAndGradients } from "../src/core/train/model.js";
import { franceTask } from "../src/core/train/tasks/france.js";

const sentences = franceTask({ gap: 4, count: 3, seed: 2, countries: 4 });
const model = createModel(sentences, { cell: "simpleRNN", units: 6, seed: 1 });

describe("lossGradientByLag", () => {
  test("lag 0 is 1; one example: ‖gᵀ ∂h_T/∂h_t‖ / ‖g‖ with g = ∂L/∂h_T", () => {
    const { lags, ratios } = lossGradientByLag(model, sentences, [1]);
    const T = sentences.time;
    assert.deepEqual(
      lags,
      Array.from({ length: T }, (_, lag) => lag),
    );
    assert.equal(ratios[0], 1);
    const { trace, recurrent } = lossAndGradients(model, sentences, [1]);
    const g = Array.from(recurrent.hidden[T - 1]); // ∂L/∂h_T (1, U)
    for (let lag = 1; lag < T; lag++) {
      const expected =
        vectorNorm(vecMat(g, hiddenJacobian(trace, T - 1 - lag, T - 1))) / vectorNorm(g);
      assert.ok(Math.abs(ratios[lag] - expected) <= 1e-12 * expected, `lag ${lag}`);
    }
  });

  test("the median over examples (three examples: the middle one)", () => {
    const all = lossGradientByLag(model, sentences).ratios;
    const each = [0, 1, 2].map((n) => lossGradientByLag(model, sentences, [n]).ratios);
    for (let lag = 0; lag < sentences.time; lag++) {
      const sorted = each.map((r) => r[lag]).sort((a, b) => a - b);
      assert.ok(Math.abs(all[lag] - sorted[1]) <= 1e-12 * sorted[1], `lag ${lag}`);
    }
  });

  test("bad input", () => {
    assert.throws(() => lossGradientByLag(model, sentences, []), /at least one example/);
  });
});

describe("countryGradientByGap", () => {
  test("the ratio at the country's step, shrinking as the gap grows", () => {
    const { gaps, ratios } = countryGradientByGap({ gaps: [0, 10, 30], count: 20 });
    assert.deepEqual(gaps, [0, 10, 30]);
    assert.ok(ratios[0] > ratios[1] && ratios[1] > ratios[2], `${ratios}`);
    const sentences30 = franceTask({ gap: 30, countries: 8, count: 20, seed: 3 });
    const untrained = createModel(sentences30, { cell: "simpleRNN", units: 16, seed: 0 });
    const direct = lossGradientByLag(untrained, sentences30).ratios[sentences30.stepsAfterCountry];
    assert.equal(ratios[2], direct);
  });

  test("the untrained model is the one a gap run starts from (the vocabulary does not depend on k)", () => {
    const a = createModel(franceTask({ gap: 0, count: 2, countries: 8 }), {
      cell: "simpleRNN",
      seed: 0,
    });
    const b = createModel(franceTask({ gap: 30, count: 2, countries: 8, seed: 9 }), {
      cell: "simpleRNN",
      seed: 0,
    });
    assert.deepEqual(a.parameters, b.parameters);
  });
});
