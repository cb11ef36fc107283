/**
 * The WebAssembly SIMD matrix kernel must give exactly the numbers of the JavaScript kernel
 * (same sums, same order), for every stride pattern the cells use; and its binary must be a
 * fresh compile of src/core/simd/gemm.wat.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { gemmWasmSource } from "../scripts/simd-compile.js";
import { seededRandom } from "../src/core/random.js";
import { simdGemm, simdGemm32 } from "../src/core/simd/gemm.js";

function randomBuffer(length: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  return Float64Array.from({ length }, () => random() * 2 - 1);
}

/** The reference: one sum per output, p in order, in a double (what both kernels do). */
function plainGemm(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aRow: number,
  aCol: number,
  b: Float64Array,
  bRow: number,
  bCol: number,
  out: Float64Array,
  ldo: number,
  accumulate: boolean,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[i * aRow + p * aCol] * b[p * bRow + j * bCol];
      out[i * ldo + j] = accumulate ? out[i * ldo + j] + sum : sum;
    }
  }
}

/** float32 reference: inputs rounded, every product and sum rounded to float32, p in order. */
function plainGemm32(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aRow: number,
  aCol: number,
  b: Float64Array,
  bRow: number,
  bCol: number,
  out: Float64Array,
  ldo: number,
  accumulate: boolean,
): void {
  const f = Math.fround;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) {
        sum = f(sum + f(f(a[i * aRow + p * aCol]) * f(b[p * bRow + j * bCol])));
      }
      out[i * ldo + j] = accumulate ? out[i * ldo + j] + sum : sum;
    }
  }
}

describe("WebAssembly SIMD float32 kernel (training the character model)", () => {
  // k = 150 crosses the kernel's blocks of 64 rows of B; n = 13 and m = 37 need padding
  for (const [m, n, k] of [
    [37, 13, 150],
    [8, 64, 64],
    [130, 40, 3],
  ]) {
    for (const layout of ["plain", "transposed A", "transposed B"] as const) {
      test(`${m}×${k} · ${k}×${n}, ${layout}: identical to float32 sums in p order`, () => {
        const a = randomBuffer(m * k, m + k);
        const b = randomBuffer(k * n, n + k);
        const [aRow, aCol] = layout === "transposed A" ? [1, m] : [k, 1];
        const [bRow, bCol] = layout === "transposed B" ? [1, k] : [n, 1];
        for (const accumulate of [false, true]) {
          const expected = randomBuffer(m * (n + 3), 7);
          const actual = Float64Array.from(expected);
          plainGemm32(m, n, k, a, aRow, aCol, b, bRow, bCol, expected, n + 3, accumulate);
          assert.ok(simdGemm32(m, n, k, a, aRow, aCol, b, bRow, bCol, actual, n + 3, accumulate));
          assert.deepEqual(actual, expected, `accumulate=${accumulate}`);
        }
      });
    }
  }
});

describe("WebAssembly SIMD matrix kernel", () => {
  const shapes = [
    [32, 256, 64],
    [37, 21, 53],
    [64, 192, 33],
    [3, 1024, 17],
  ];
  for (const [m, n, k] of shapes) {
    for (const layout of ["plain", "transposed A", "transposed B"] as const) {
      test(`${m}×${k} · ${k}×${n}, ${layout}: identical to the JavaScript sums`, () => {
        const a = randomBuffer(m * k, m + k);
        const b = randomBuffer(k * n, n + k);
        const [aRow, aCol] = layout === "transposed A" ? [1, m] : [k, 1];
        const [bRow, bCol] = layout === "transposed B" ? [1, k] : [n, 1];
        for (const accumulate of [false, true]) {
          const expected = randomBuffer(m * (n + 3), 7);
          const actual = Float64Array.from(expected);
          plainGemm(m, n, k, a, aRow, aCol, b, bRow, bCol, expected, n + 3, accumulate);
          const ran = simdGemm(m, n, k, a, aRow, aCol, b, bRow, bCol, actual, n + 3, accumulate);
          assert.ok(ran, "WebAssembly SIMD should be available on Node 20");
          assert.deepEqual(actual, expected, `accumulate=${accumulate}`);
        }
      });
    }
  }

  test("the committed binary is a fresh compile of gemm.wat", async () => {
    const fresh = await gemmWasmSource(readFileSync("src/core/simd/gemm.wat", "utf8"));
    assert.equal(
      readFileSync("src/core/simd/gemm-wasm.ts", "utf8"),
      fresh,
      "run npm run build:simd",
    );
  });

  test("RNN_NO_SIMD=1 falls back to the JavaScript kernel with the same numbers", () => {
    const script =
      'import { layerGradients } from "./src/core/layer.ts"; import { randomInputs, randomWeights } from "./src/core/weights.ts";' +
      'const w = randomWeights("lstm", 16, 32, { seed: 1 }); const x = randomInputs(8, 20, 16, { seed: 2 });' +
      'console.log(JSON.stringify(layerGradients("lstm", w, x, randomInputs(1, 8, 32, { seed: 3 })[0])));';
    const run = (env: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        encoding: "utf8",
        env: { ...process.env, ...env },
      });
    const withSimd = run({ RNN_NO_SIMD: "" });
    const without = run({ RNN_NO_SIMD: "1" });
    assert.equal(withSimd.status, 0, withSimd.stderr);
    assert.equal(without.status, 0, without.stderr);
    assert.equal(withSimd.stdout, without.stdout);
  });
});
