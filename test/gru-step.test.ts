/**
 * Chapter 04's GRU step by hand against the library's fused cell (float64, ≤ 1e-15) and against
 * tf.layers.gru (float32), for both gate functions; and the GRU's gradient by lag, beside the
 * plain RNN's and the LSTM's.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type GRUGateWeights, gruStep } from "../src/core/by-hand/gru-step.js";
import type { GRUStep } from "../src/core/cells/gru.js";
import { forwardTrace } from "../src/core/layer.js";
import { hiddenJacobiansByLag, lstmGradientDecay } from "../src/core/probes/gradient-by-lag.js";
import { gradientDecay } from "../src/core/probes/gradient-decay.js";
import { gruGradientDecay, updateGateProducts } from "../src/core/probes/gru-gradient-by-lag.js";
import { gateWeights, type LayerWeights, randomWeights } from "../src/core/weights.js";
import { loadTensorFlow, referenceLayer } from "../src/node/reference/tfjs.js";
import { assertAbsClose } from "./support.js";

/** The same sums in the same order as the fused cell: equal to the last bit or two. */
const LIBRARY_TOLERANCE = 1e-15;
/**
 * tfjs rounds every op to float32 (unit roundoff 6e-8); both sides read the same
 * float32-rounded weights and inputs, and a GRU step is about ten ops deep: ≤ 1e-6 leaves a wide
 * margin (tfjs-semantics.md: ~1e-7 for default-scale weights).
 */
const TFJS_TOLERANCE = 1e-6;

const round32 = (m: number[][]) => m.map((row) => row.map(Math.fround));
/** A small GRU, 2 inputs and 3 units, seeded, its numbers rounded to float32 for tfjs. */
const [kernel, recurrentKernel, bias] = randomWeights("gru", 2, 3, { seed: 3, biasScale: 0.5 });
const weights: LayerWeights = [
  round32(kernel),
  round32(recurrentKernel),
  (bias as number[]).map(Math.fround),
];
const x = [Math.fround(0.5), Math.fround(-1)]; // x_t (I)
const hPrev = [Math.fround(0.3), Math.fround(-0.6), Math.fround(0.9)]; // h_{t−1} (U)

describe("a GRU step by hand", () => {
  for (const sigma of ["sigmoid", "hardSigmoid"] as const) {
    test(`every intermediate equals the library's cell record (${sigma}, ≤ ${LIBRARY_TOLERANCE})`, () => {
      const step = gruStep(gateWeights("gru", weights) as GRUGateWeights, x, hPrev, sigma);
      const trace = forwardTrace("gru", weights, [[x]], {
        initialState: [[hPrev]],
        recurrentActivation: sigma,
      });
      const record = trace.steps[0] as GRUStep;
      assertAbsClose(step.z, Array.from(record.updateGate), LIBRARY_TOLERANCE, "z");
      assertAbsClose(step.r, Array.from(record.resetGate), LIBRARY_TOLERANCE, "r");
      assertAbsClose(step.resetHidden, Array.from(record.resetHidden), LIBRARY_TOLERANCE, "r ⊙ h");
      assertAbsClose(step.candidate, Array.from(record.candidate), LIBRARY_TOLERANCE, "h̃");
      assertAbsClose(step.h, Array.from(record.h), LIBRARY_TOLERANCE, "h");
      // the mix: each h_t[j] lies between h_{t−1}[j] and h̃_t[j]
      step.h.forEach((hj, j) => {
        const [low, high] = [hPrev[j], step.candidate[j]].sort((a, b) => a - b);
        assert.ok(hj >= low && hj <= high, `h[${j}]`);
      });
    });

    test(`h equals tf.layers.gru for one step (${sigma}, ≤ ${TFJS_TOLERANCE})`, async () => {
      await loadTensorFlow({ backend: "cpu" });
      const step = gruStep(gateWeights("gru", weights) as GRUGateWeights, x, hPrev, sigma);
      const tfjs = referenceLayer("gru", weights, [[x]], {
        initialState: [[hPrev]],
        recurrentActivation: sigma,
      });
      const diff = assertAbsClose([step.h], tfjs.output, TFJS_TOLERANCE, "h vs tf.layers.gru");
      console.log(`  ${sigma}: max |h − tfjs| = ${diff.toExponential(1)}`);
    });
  }

  test("hardSigmoid and sigmoid give different gates (the default matters)", () => {
    const p = gateWeights("gru", weights) as GRUGateWeights;
    const hard = gruStep(p, x, hPrev, "hardSigmoid");
    const smooth = gruStep(p, x, hPrev, "sigmoid");
    assert.ok(Math.max(...hard.z.map((v, j) => Math.abs(v - smooth.z[j]))) > 1e-3);
  });
});

describe("the GRU's gradient by lag", () => {
  test("∂h_T/∂h_t from the library's BPTT matches finite differences", () => {
    const w = randomWeights("gru", 2, 3, { seed: 5 });
    const xs = [Array.from({ length: 6 }, (_, t) => [Math.sin(t), Math.cos(2 * t)])];
    const h0 = [[0.1, -0.3, 0.2]];
    const options = { initialState: [h0], recurrentActivation: "sigmoid" as const };
    const jacobian = hiddenJacobiansByLag(forwardTrace("gru", w, xs, options))[6]; // lag T: h_{−1}
    const eps = 1e-6;
    for (let j = 0; j < 3; j++) {
      const shifted = (d: number) =>
        forwardTrace("gru", w, xs, {
          ...options,
          initialState: [[h0[0].map((v, k) => (k === j ? v + d : v))]],
        }).steps[5].states[0];
      const plus = shifted(eps);
      const minus = shifted(-eps);
      for (let i = 0; i < 3; i++) {
        const numeric = (plus[i] - minus[i]) / (2 * eps);
        assert.ok(Math.abs(numeric - jacobian[i][j]) < 1e-8, `[${i}][${j}]`);
      }
    }
  });

  test("update-gate products multiply the trace's update gates", () => {
    const trace = forwardTrace("gru", randomWeights("gru", 2, 3, { seed: 7 }), [
      [
        [1, 0],
        [0, 1],
        [-1, 1],
        [0.5, 0.5],
      ],
    ]);
    const z = trace.steps.map((s) => Array.from((s as GRUStep).updateGate));
    const products = updateGateProducts(trace);
    const expected = [0, 1, 2].map((u) => z[1][u] * z[2][u] * z[3][u]);
    assertAbsClose(products.largest[3], Math.max(...expected), 1e-15, "largest");
    assert.throws(
      () => updateGateProducts(forwardTrace("lstm", randomWeights("lstm", 1, 2), [[[1]]])),
      /expected the trace of a gru/,
    );
  });

  test("beside the RNN and the LSTM (chapter 04): a larger b_z keeps more gradient", () => {
    const [steps, seed] = [60, 7];
    const rnn = gradientDecay({ spectralRadius: 0.9, steps, seed });
    const lstm = lstmGradientDecay({ forgetBias: 1, steps, seed });
    const grus = [0, 1, 2, 3].map((b) => gruGradientDecay({ updateBias: b, steps, seed }));
    // the same inputs as the RNN's and the LSTM's: same length, lags 0 … 60
    assert.deepEqual(grus[0].lags, rnn.lags);
    assert.deepEqual(grus[0].lags, lstm.lags);
    const atEnd = grus.map((g) => g.norms[steps]);
    const directAtEnd = grus.map((g) => g.directPathLargest[steps]);
    for (let k = 1; k < grus.length; k++) {
      assert.ok(atEnd[k] > atEnd[k - 1], `‖∂h_T/∂h_t‖ at lag ${steps} grows with b_z`);
      assert.ok(directAtEnd[k] > directAtEnd[k - 1], `Π z at lag ${steps} grows with b_z`);
    }
    const show = (v: number) => v.toExponential(1);
    console.log(
      `  lag ${steps}: RNN ρ = 0.9 ${show(rnn.norms[steps])}, LSTM b_f = 1 ${show(lstm.norms[steps])}, ` +
        `GRU b_z = 0…3 ${atEnd.map(show).join(", ")} (Π z ${directAtEnd.map(show).join(", ")})`,
    );
  });
});
