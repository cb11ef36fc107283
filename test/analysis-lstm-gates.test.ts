/** Chapter 03's step-by-step LSTM, gate tables and gradient-by-lag, against the library. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  candidateCellState,
  forgetGate,
  inputGate,
  newCellState,
  newHiddenState,
  outputGate,
} from "../src/core/by-hand/lstm.js";
import type { LSTMStep } from "../src/core/cells/lstm.js";
import { forwardTrace } from "../src/core/layer.js";
import {
  classSeparation,
  stepByUnit,
  unitsCarryingTheClass,
} from "../src/core/probes/gate-traces.js";
import {
  forgetGateProducts,
  hiddenGradientNormsByLag,
  hiddenJacobiansByLag,
} from "../src/core/probes/gradient-by-lag.js";
import { jacobianNormsByLag } from "../src/core/probes/jacobian.js";
import { gateWeights, randomInputs, randomWeights } from "../src/core/weights.js";
import { assertAbsClose } from "./support.js";

describe("LSTM by hand", () => {
  for (const sigma of ["sigmoid", "hardSigmoid"] as const) {
    test(`each equation equals the cell's record (${sigma})`, () => {
      const weights = randomWeights("lstm", 2, 3, { seed: 3 });
      const x = randomInputs(1, 1, 2, { seed: 4 });
      const h0 = [[0.1, -0.2, 0.3]];
      const c0 = [[1, -0.5, 0.2]];
      const trace = forwardTrace("lstm", weights, x, {
        initialState: [h0, c0],
        recurrentActivation: sigma,
      });
      const step = trace.steps[0] as LSTMStep;
      const p = gateWeights("lstm", weights) as Parameters<typeof forgetGate>[0];
      const f = forgetGate(p, x[0][0], h0[0], sigma);
      const i = inputGate(p, x[0][0], h0[0], sigma);
      const cTilde = candidateCellState(p, x[0][0], h0[0]);
      const c = newCellState(f, c0[0], i, cTilde);
      const o = outputGate(p, x[0][0], h0[0], sigma);
      const h = newHiddenState(o, c);
      assertAbsClose(f, Array.from(step.forgetGate), 1e-12, "f");
      assertAbsClose(i, Array.from(step.inputGate), 1e-12, "i");
      assertAbsClose(cTilde, Array.from(step.candidate), 1e-12, "C̃");
      assertAbsClose(c, Array.from(step.cellState), 1e-12, "C");
      assertAbsClose(o, Array.from(step.outputGate), 1e-12, "o");
      assertAbsClose(h, Array.from(step.h), 1e-12, "h");
    });
  }
});

describe("gradient by lag", () => {
  test("for a simple RNN it equals chapter 02's Jacobian product", () => {
    const weights = randomWeights("simpleRNN", 3, 5, { seed: 1 });
    const trace = forwardTrace("simpleRNN", weights, randomInputs(1, 12, 3, { seed: 2 }));
    const ours = hiddenGradientNormsByLag(trace);
    const chapter02 = jacobianNormsByLag(trace);
    assert.deepEqual(ours.lags, chapter02.lags);
    assertAbsClose(ours.norms, chapter02.norms, 1e-10, "‖∂h_T/∂h_t‖");
  });

  test("an LSTM's ∂h_T/∂h_t matches finite differences", () => {
    const weights = randomWeights("lstm", 2, 3, { seed: 5 });
    const x = randomInputs(1, 6, 2, { seed: 6 });
    const h0 = [[0.1, -0.3, 0.2]];
    const c0 = [[0.4, 0.1, -0.2]];
    const trace = forwardTrace("lstm", weights, x, { initialState: [h0, c0] });
    const jacobian = hiddenJacobiansByLag(trace)[6]; // lag T = the initial state h_{−1}
    const eps = 1e-6;
    for (let j = 0; j < 3; j++) {
      const shifted = (d: number) =>
        forwardTrace("lstm", weights, x, {
          initialState: [[h0[0].map((v, k) => (k === j ? v + d : v))], c0],
        }).steps[5].states[0];
      const plus = shifted(eps);
      const minus = shifted(-eps);
      for (let i = 0; i < 3; i++) {
        const numeric = (plus[i] - minus[i]) / (2 * eps);
        assert.ok(Math.abs(numeric - jacobian[i][j]) < 1e-7, `[${i}][${j}]`);
      }
    }
  });

  test("forget-gate products multiply the trace's forget gates", () => {
    const trace = forwardTrace(
      "lstm",
      randomWeights("lstm", 2, 3, { seed: 7 }),
      randomInputs(1, 4, 2),
    );
    const products = forgetGateProducts(trace);
    const f = stepByUnit(trace, "forgetGate");
    const expected = [0, 1, 2].map((u) => f[1][u] * f[2][u] * f[3][u]);
    assertAbsClose(products.largest[3], Math.max(...expected), 1e-15, "largest");
  });
});

describe("gate tables", () => {
  test("classSeparation is 1 for a unit that equals its class and finds it first", () => {
    const trace = forwardTrace("gru", randomWeights("gru", 1, 2, { seed: 1 }), [
      [[1]],
      [[1]],
      [[-1]],
      [[-1]],
    ]);
    const labels = [0, 0, 1, 1];
    const separation = classSeparation(trace, "h", 0, labels);
    assert.ok(separation.every((s) => Math.abs(s - 1) < 1e-12));
    assert.equal(unitsCarryingTheClass(trace, "h", 0, labels, 1).length, 1);
    assert.throws(() => stepByUnit(trace, "cellState"), /no cellState/);
  });
});
