/** The three GRU conventions of chapter 04 are one GRU once parameters are mapped — and where not. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  colahFromTfjs,
  colahGRU,
  fuseGates,
  pytorchFromResetAfter,
  pytorchGRU,
  resetAfterFromPytorch,
  resetAfterFromResetBefore,
  resetBeforeFromResetAfter,
  tfjsFromColah,
  tfjsGates,
  tfjsGRU,
  withDiagonalCandidate,
} from "../src/core/by-hand/gru-conventions.js";
import { forwardTrace, runLayer } from "../src/core/layer.js";
import { randomInputs, randomWeights } from "../src/core/weights.js";
import { assertAbsClose } from "./support.js";

const [I, U, T] = [3, 4, 7];
const x = randomInputs(1, T, I, { seed: 5 });
const sequenceOutput = (kind: "gru", weights: Parameters<typeof runLayer>[1], resetAfter = false) =>
  (
    runLayer(kind, weights, x, {
      returnSequences: true,
      recurrentActivation: "sigmoid",
      resetAfter,
    }).output as number[][][]
  )[0];

describe("GRU conventions", () => {
  for (const sigma of ["sigmoid", "hardSigmoid"] as const) {
    test(`tfjsGRU equals the library's reset-before cell (${sigma})`, () => {
      const weights = randomWeights("gru", I, U, { seed: 1 });
      const ours = tfjsGRU(tfjsGates(weights), x[0], sigma).map((s) => s.h);
      const library = (
        runLayer("gru", weights, x, { returnSequences: true, recurrentActivation: sigma })
          .output as number[][][]
      )[0];
      assertAbsClose(ours, library, 1e-12, "h");
    });

    test(`colah with negated z weights gives the same h, and z_colah = 1 − z_tfjs (${sigma})`, () => {
      const weights = randomWeights("gru", I, U, { seed: 2 });
      const colah = colahGRU(colahFromTfjs(weights), x[0], sigma);
      const tfjs = tfjsGRU(tfjsGates(weights), x[0], sigma);
      assertAbsClose(
        colah.map((s) => s.h),
        tfjs.map((s) => s.h),
        1e-12,
        "h",
      );
      assertAbsClose(
        colah.map((s) => s.z),
        tfjs.map((s) => s.z.map((z) => 1 - z)),
        1e-12,
        "z",
      );
    });
  }

  test("tfjsFromColah undoes colahFromTfjs; fuseGates undoes tfjsGates", () => {
    const weights = randomWeights("gru", I, U, { seed: 3 });
    assert.deepEqual(fuseGates(tfjsGates(weights)), weights);
    assert.deepEqual(tfjsFromColah(colahFromTfjs(weights)), weights);
  });

  test("PyTorch's equations with mapped parameters equal our reset-after cell", () => {
    const weights = randomWeights("gru", I, U, { seed: 4, resetAfter: true });
    const p = pytorchFromResetAfter(weights);
    assert.equal(p.weight_ih.length, 3 * U);
    assert.equal(p.weight_ih[0].length, I);
    const torch = pytorchGRU(p, x[0]).map((s) => s.h);
    assertAbsClose(torch, sequenceOutput("gru", weights, true), 1e-12, "h");
    assert.deepEqual(resetAfterFromPytorch(p), weights);
  });

  test("reset-before and reset-after differ in general and agree when U_h is diagonal", () => {
    const weights = randomWeights("gru", I, U, { seed: 6 });
    const mapped = resetAfterFromResetBefore(weights);
    assert.equal(mapped.gap.exact, false);
    assert.ok(mapped.gap.offDiagonal > 0);
    const apart = Math.max(
      ...sequenceOutput("gru", weights)
        .flat()
        .map((v, k) => Math.abs(v - sequenceOutput("gru", mapped.weights, true).flat()[k])),
    );
    assert.ok(apart > 1e-3, `expected a visible difference, got ${apart}`);
    const diagonal = withDiagonalCandidate(weights);
    const exact = resetAfterFromResetBefore(diagonal);
    assert.equal(exact.gap.exact, true);
    assertAbsClose(
      sequenceOutput("gru", diagonal),
      sequenceOutput("gru", exact.weights, true),
      1e-12,
      "diagonal U_h",
    );
  });

  test("reset-after → reset-before needs b_hn = 0 as well", () => {
    const weights = withDiagonalCandidate(
      randomWeights("gru", I, U, { seed: 7, resetAfter: true }),
    );
    const mapped = resetBeforeFromResetAfter(weights);
    assert.equal(mapped.gap.offDiagonal, 0);
    assert.ok(mapped.gap.recurrentCandidateBias > 0);
    assert.equal(mapped.gap.exact, false);
    const [kernel, recurrent, bias] = weights;
    const [bx, bh] = bias as number[][];
    const noBhn: typeof weights = [kernel, recurrent, [bx, bh.map((v, g) => (g >= 2 * U ? 0 : v))]];
    const exact = resetBeforeFromResetAfter(noBhn);
    assert.equal(exact.gap.exact, true);
    assertAbsClose(
      sequenceOutput("gru", exact.weights),
      sequenceOutput("gru", noBhn, true),
      1e-12,
      "b_hn = 0",
    );
  });

  test("the per-step values are the trace's (z, r, h̃)", () => {
    const weights = randomWeights("gru", I, U, { seed: 8 });
    const steps = tfjsGRU(tfjsGates(weights), x[0], "hardSigmoid");
    const trace = forwardTrace("gru", weights, x);
    const step = trace.steps[3] as unknown as Record<string, Float64Array>;
    assertAbsClose(steps[3].z, Array.from(step.updateGate), 1e-12, "z");
    assertAbsClose(steps[3].r, Array.from(step.resetGate), 1e-12, "r");
    assertAbsClose(steps[3].candidate, Array.from(step.candidate), 1e-12, "h̃");
  });
});
