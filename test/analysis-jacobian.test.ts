/** ∂h_T/∂h_t as a product of per-step Jacobians: equal to BPTT's ∂L/∂h_t and to finite differences. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { matMul, vecMat } from "../src/core/by-hand/dense.js";
import { backwardTrace, forwardTrace, runLayer } from "../src/core/layer.js";
import { gradientDecay } from "../src/core/probes/gradient-decay.js";
import {
  hiddenJacobian,
  jacobianNormsByLag,
  meanActivationSlope,
  stepJacobian,
} from "../src/core/probes/jacobian.js";
import { randomInputs, randomWeights } from "../src/core/weights.js";
import { assertAbsClose, assertRelClose } from "./support.js";

const U = 5;
const weights = randomWeights("simpleRNN", 3, U, { seed: 3, recurrentScale: 1.2 });
const x = randomInputs(2, 7, 3, { seed: 4 });
const trace = forwardTrace("simpleRNN", weights, x);

describe("Jacobians of a simple RNN", () => {
  test("J_k = diag(1 − h_k²)·Uᵀ entry by entry", () => {
    const k = 3;
    const J = stepJacobian(trace, k, 1);
    const h = Array.from(trace.steps[k].states[0].subarray(U, 2 * U)); // sample 1
    for (let i = 0; i < U; i++)
      for (let j = 0; j < U; j++) {
        assert.ok(Math.abs(J[i][j] - (1 - h[i] ** 2) * weights[1][j][i]) < 1e-15);
      }
  });

  test("vᵀ ∂h_T/∂h_t equals backwardTrace's ∂L/∂h_t for L = v·h_T", () => {
    const v = [0.3, -1, 0.5, 2, -0.7];
    const dOutput = new Float64Array([...v, ...v]); // both samples
    const { hidden } = backwardTrace(trace, dOutput);
    const T = trace.time - 1;
    for (const sample of [0, 1]) {
      for (let t = 0; t <= T; t++) {
        const expected = Array.from(hidden[t].subarray(sample * U, (sample + 1) * U));
        const fromProduct = vecMat(v, hiddenJacobian(trace, t, T, sample));
        assertAbsClose(fromProduct, expected, 1e-14, `sample ${sample}, t = ${t}`);
      }
    }
  });

  test("∂h_T/∂h_{−1} equals central finite differences in the initial state", () => {
    const h0 = [[0.1, -0.2, 0.3, 0, 0.05]];
    const x1 = [x[0]];
    const T = x1[0].length - 1;
    const analytic = hiddenJacobian(
      forwardTrace("simpleRNN", weights, x1, { initialState: [h0] }),
      -1,
      T,
    );
    const eps = 1e-6;
    const numeric = Array.from({ length: U }, () => new Array<number>(U).fill(0));
    for (let j = 0; j < U; j++) {
      const plus = h0.map((r) => r.slice());
      const minus = h0.map((r) => r.slice());
      plus[0][j] += eps;
      minus[0][j] -= eps;
      const hp = (
        runLayer("simpleRNN", weights, x1, { initialState: [plus] }).output as number[][]
      )[0];
      const hm = (
        runLayer("simpleRNN", weights, x1, { initialState: [minus] }).output as number[][]
      )[0];
      for (let i = 0; i < U; i++) numeric[i][j] = (hp[i] - hm[i]) / (2 * eps);
    }
    assertAbsClose(analytic, numeric, 1e-8, "∂h_T/∂h_{-1}");
  });

  test("hiddenJacobian chains: ∂h_T/∂h_t = ∂h_T/∂h_s · ∂h_s/∂h_t", () => {
    const whole = hiddenJacobian(trace, 1, 6);
    const chained = matMul(hiddenJacobian(trace, 4, 6), hiddenJacobian(trace, 1, 4));
    assertAbsClose(whole, chained, 1e-14, "chain rule");
    assert.deepEqual(hiddenJacobian(trace, 6, 6)[2], [0, 0, 1, 0, 0]);
  });

  test("jacobianNormsByLag starts at 1 and covers every lag", () => {
    const { lags, norms } = jacobianNormsByLag(trace);
    assert.deepEqual(lags, [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.equal(norms[0], 1);
    assert.ok(norms.every((n) => n > 0 && Number.isFinite(n)));
    const slope = meanActivationSlope(trace);
    assert.ok(slope > 0 && slope < 1);
  });

  test("rejects other cells and bad indices", () => {
    const lstm = forwardTrace("lstm", randomWeights("lstm", 3, 2), randomInputs(1, 2, 3));
    assert.throws(() => stepJacobian(lstm, 0), /simpleRNN/);
    assert.throws(() => stepJacobian(trace, 7), /k: expected a step in \[0, 7\)/);
    assert.throws(() => hiddenJacobian(trace, 5, 3), /t ≤ T/);
  });
});

describe("gradientDecay", () => {
  test("linear RNN with U = ρ·Q: ‖∂h_T/∂h_t‖₂ = ρ^(T−t) exactly", () => {
    for (const radius of [0.5, 0.9, 1, 1.5]) {
      const { lags, norms, meanSlope } = gradientDecay({
        spectralRadius: radius,
        steps: 30,
        activation: "linear",
      });
      assert.equal(meanSlope, 1);
      assertRelClose(
        norms,
        lags.map((lag) => radius ** lag),
        1e-10,
        `ρ = ${radius}`,
      );
    }
  });

  test("tanh never makes it larger than ρ^(T−t), and larger inputs shrink it more", () => {
    const small = gradientDecay({ spectralRadius: 1, steps: 40, inputScale: 0.2 });
    const large = gradientDecay({ spectralRadius: 1, steps: 40, inputScale: 3 });
    for (const n of small.norms) assert.ok(n <= 1 + 1e-12);
    assert.ok(large.meanSlope < small.meanSlope);
    assert.ok(large.norms[40] < small.norms[40]);
  });
});
