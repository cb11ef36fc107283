/** Orthogonal matrices, a chosen spectral radius, Gelfand's formula and power iteration. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { identity, matMul, transpose } from "../src/core/by-hand/dense.js";
import {
  matrixWithSpectralRadius,
  orthogonalMatrix,
  spectralNorm,
  spectralRadius,
} from "../src/core/probes/spectral.js";
import { assertAbsClose } from "./support.js";

describe("spectral tools", () => {
  test("orthogonalMatrix: QᵀQ = I, seeded", () => {
    const q = orthogonalMatrix(12, 5);
    assertAbsClose(matMul(transpose(q), q), identity(12), 1e-14, "QᵀQ");
    assert.deepEqual(orthogonalMatrix(12, 5), q);
    assert.notDeepEqual(orthogonalMatrix(12, 6), q);
  });

  test("matrixWithSpectralRadius: ρ(ρQ) = ρ and ‖ρQ‖₂ = ρ", () => {
    for (const radius of [0.5, 0.9, 1, 1.5]) {
      const a = matrixWithSpectralRadius(16, radius, 1);
      assert.ok(Math.abs(spectralRadius(a) - radius) < 1e-9, `ρ ${spectralRadius(a)} vs ${radius}`);
      assert.ok(Math.abs(spectralNorm(a) - radius) < 1e-9);
    }
  });

  test("spectralRadius of known matrices: triangular, rotation, nilpotent, non-normal", () => {
    assert.ok(
      Math.abs(
        spectralRadius([
          [0.5, 10],
          [0, -0.8],
        ]) - 0.8,
      ) < 1e-6,
    );
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    assert.ok(
      Math.abs(
        spectralRadius([
          [2 * c, -2 * s],
          [2 * s, 2 * c],
        ]) - 2,
      ) < 1e-9,
    );
    assert.equal(
      spectralRadius([
        [0, 1],
        [0, 0],
      ]),
      0,
    );
    // a non-normal matrix: ρ = 0.9 although ‖A‖₂ ≈ 5
    const a = [
      [0.9, 5],
      [0, 0.9],
    ];
    assert.ok(Math.abs(spectralRadius(a) - 0.9) < 1e-4);
    assert.ok(spectralNorm(a) > 5);
  });

  test("spectralNorm: the largest singular value, also for rectangular matrices", () => {
    assert.ok(
      Math.abs(
        spectralNorm([
          [3, 0],
          [0, -4],
        ]) - 4,
      ) < 1e-12,
    );
    assert.ok(Math.abs(spectralNorm([[1, 1, 1]]) - Math.sqrt(3)) < 1e-12);
    assert.equal(
      spectralNorm([
        [0, 0],
        [0, 0],
      ]),
      0,
    );
  });
});
