/**
 * Flat row-major buffers and the one matrix kernel the cells need.
 *
 * Two precisions share one code path. Every buffer is a Float64Array (one array type keeps
 * V8's compiled loops monomorphic, which doubles their speed); in float32 mode `round` is
 * Math.fround and is applied wherever tfjs's cpu backend stores an op's result into a
 * Float32Array — after every op. In float64 mode `round` is the identity.
 */

import { simdGemm, simdGemm32 } from "./simd/gemm.js";

export type Precision = "float64" | "float32";
export type Floats = Float64Array;

/**
 * How matrix products are summed in float64 mode: "float64" (exact, the default everywhere), or
 * "float32" — inputs rounded to float32 and summed four at a time on the float32 SIMD kernel,
 * about four times faster and about as exact as tfjs's own training; for training the character
 * model (chapter 06), never for the parity checks. Element-wise arithmetic stays float64.
 */
export type ProductPrecision = "float64" | "float32";

export interface Arithmetic {
  precision: Precision;
  /** Matrix products (float64 mode only; float32 mode always emulates tfjs's cpu backend). */
  products: ProductPrecision;
  /** Rounds a double to the working precision (identity in float64). */
  round: (x: number) => number;
  /** A zeroed buffer. */
  alloc: (length: number) => Floats;
}

const identity = (x: number) => x;

const FLOAT64: Arithmetic = {
  precision: "float64",
  products: "float64",
  round: identity,
  alloc: (length) => new Float64Array(length),
};

const FLOAT64_WITH_FLOAT32_PRODUCTS: Arithmetic = { ...FLOAT64, products: "float32" };

const FLOAT32: Arithmetic = {
  precision: "float32",
  products: "float64",
  round: Math.fround,
  alloc: (length) => new Float64Array(length),
};

export function arithmetic(
  precision: Precision,
  products: ProductPrecision = "float64",
): Arithmetic {
  if (precision === "float32") return FLOAT32;
  return products === "float32" ? FLOAT64_WITH_FLOAT32_PRODUCTS : FLOAT64;
}

/** Below this many multiply-adds, copying into the SIMD module costs more than it saves. */
const SIMD_MIN_WORK = 16 * 1024;

/** tfjs's cpu matMul sums the shared dimension in blocks of 48 in a double, then adds each
 * block's sum into the float32 result. Copying that order makes float32 mode bit-exact. */
export const TFJS_CPU_MATMUL_BLOCK = 48;

/**
 * The one matrix-product kernel: out(i, j) (+)= Σ_p A(i, p)·B(p, j) for i < m, j < n, p < k,
 * where A(i, p) = a[i·aRow + p·aCol] and B(p, j) = b[p·bRow + j·bCol]; strides let the same
 * kernel read a transposed operand or one column block of a fused weight matrix.
 * Each output sums p in order in a double, `block` terms at a time, and adds each block's sum
 * into `out`, rounding there (tfjs's cpu backend adds into a Float32Array). A 4×4 tile of
 * outputs is computed together so that each loaded number is used four times (register
 * blocking; measured ~15% faster here than 2×4 tiles, ~3× faster than one output at a time).
 */
function gemm(
  m: number,
  n: number,
  k: number,
  a: Floats,
  aRow: number,
  aCol: number,
  b: Floats,
  bRow: number,
  bCol: number,
  out: Floats,
  ldo: number,
  accumulate: boolean,
  block: number,
  round: (x: number) => number,
  products: ProductPrecision = "float64",
): void {
  const big = m * n * k >= SIMD_MIN_WORK;
  // float32 products: on the float32 SIMD kernel when the product is big enough
  if (
    products === "float32" &&
    big &&
    simdGemm32(m, n, k, a, aRow, aCol, b, bRow, bCol, out, ldo, accumulate)
  ) {
    return;
  }
  // float64: the same sums on WebAssembly SIMD when it is there and the product is big enough
  // (and has rows to share the copy of B: for a single row, copying B costs what the sums do)
  if (
    round === identity &&
    big &&
    m >= 4 &&
    simdGemm(m, n, k, a, aRow, aCol, b, bRow, bCol, out, ldo, accumulate)
  ) {
    return;
  }
  if (!accumulate) for (let i = 0; i < m; i++) out.fill(0, i * ldo, i * ldo + n);
  if (m < 4 && bCol === 1) {
    rowTimesMatrix(m, n, k, a, aRow, aCol, b, bRow, out, ldo, block, round);
    return;
  }
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let k0 = 0; k0 < k; k0 += block) {
    const k1 = Math.min(k0 + block, k);
    for (let i = 0; i < m4; i += 4) {
      for (let j = 0; j < n4; j += 4) {
        // biome-ignore format: the sixteen accumulators of a 4×4 tile read best as a grid
        let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0,
          s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
        let bj = k0 * bRow + j * bCol;
        let ai = i * aRow + k0 * aCol;
        for (let p = k0; p < k1; p++, bj += bRow, ai += aCol) {
          const y0 = b[bj];
          const y1 = b[bj + bCol];
          const y2 = b[bj + 2 * bCol];
          const y3 = b[bj + 3 * bCol];
          let x = a[ai];
          s00 += x * y0;
          s01 += x * y1;
          s02 += x * y2;
          s03 += x * y3;
          x = a[ai + aRow];
          s10 += x * y0;
          s11 += x * y1;
          s12 += x * y2;
          s13 += x * y3;
          x = a[ai + 2 * aRow];
          s20 += x * y0;
          s21 += x * y1;
          s22 += x * y2;
          s23 += x * y3;
          x = a[ai + 3 * aRow];
          s30 += x * y0;
          s31 += x * y1;
          s32 += x * y2;
          s33 += x * y3;
        }
        let o = i * ldo + j;
        out[o] = round(out[o] + s00);
        out[o + 1] = round(out[o + 1] + s01);
        out[o + 2] = round(out[o + 2] + s02);
        out[o + 3] = round(out[o + 3] + s03);
        o += ldo;
        out[o] = round(out[o] + s10);
        out[o + 1] = round(out[o + 1] + s11);
        out[o + 2] = round(out[o + 2] + s12);
        out[o + 3] = round(out[o + 3] + s13);
        o += ldo;
        out[o] = round(out[o] + s20);
        out[o + 1] = round(out[o + 1] + s21);
        out[o + 2] = round(out[o + 2] + s22);
        out[o + 3] = round(out[o + 3] + s23);
        o += ldo;
        out[o] = round(out[o] + s30);
        out[o + 1] = round(out[o + 1] + s31);
        out[o + 2] = round(out[o + 2] + s32);
        out[o + 3] = round(out[o + 3] + s33);
      }
    }
    // The edges: leftover rows (m odd) and columns (n not a multiple of 4), one sum at a time.
    for (let i = 0; i < m; i++) {
      for (let j = i < m4 ? n4 : 0; j < n; j++) {
        let sum = 0;
        for (let p = k0; p < k1; p++) sum += a[i * aRow + p * aCol] * b[p * bRow + j * bCol];
        out[i * ldo + j] = round(out[i * ldo + j] + sum);
      }
    }
  }
}

/**
 * The same sums as gemm's for a few rows (one character read at a time): for each row, the row of
 * sums grows by a(i, p)·B(p, ·) for p in order, which adds every output's products in exactly the
 * order of gemm's one-sum-at-a-time loop, while reading B row by row instead of down its columns.
 */
function rowTimesMatrix(
  m: number,
  n: number,
  k: number,
  a: Floats,
  aRow: number,
  aCol: number,
  b: Floats,
  bRow: number,
  out: Floats,
  ldo: number,
  block: number,
  round: (x: number) => number,
): void {
  const sums = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    for (let k0 = 0; k0 < k; k0 += block) {
      const k1 = Math.min(k0 + block, k);
      sums.fill(0);
      for (let p = k0; p < k1; p++) {
        const x = a[i * aRow + p * aCol];
        const row = p * bRow;
        for (let j = 0; j < n; j++) sums[j] += x * b[row + j];
      }
      const o = i * ldo;
      for (let j = 0; j < n; j++) out[o + j] = round(out[o + j] + sums[j]);
    }
  }
}

/**
 * out[m×n] = a[m×k] · b[k×n], summed in tfjs cpu's order (blocks of 48).
 * Leading dimensions (row strides) let a caller multiply by a column block of a fused weight
 * matrix: pass `b.subarray(offset)` with ldb = the full row length.
 */
export function matMul(
  arithmetic: Arithmetic,
  a: Floats,
  b: Floats,
  out: Floats,
  m: number,
  k: number,
  n: number,
  ldb = n,
  ldo = n,
  lda = k,
): void {
  // Blocks of 48 matter only for float32's rounding; float64 sums the whole row at once.
  const block = arithmetic.precision === "float32" ? TFJS_CPU_MATMUL_BLOCK : k;
  gemm(
    m,
    n,
    k,
    a,
    lda,
    1,
    b,
    ldb,
    1,
    out,
    ldo,
    false,
    block,
    arithmetic.round,
    arithmetic.products,
  );
}

/** out[m×n] += a[m×k] · b[n×k]ᵀ in float64 (gradients) — e.g. ∂L/∂h_{t-1} = ∂L/∂z_t · Uᵀ. */
export function matMulTransposedBAdd(
  a: Floats,
  b: Floats,
  out: Floats,
  m: number,
  k: number,
  n: number,
  lda = k,
  ldb = k,
  ldo = n,
  products: ProductPrecision = "float64",
): void {
  gemm(m, n, k, a, lda, 1, b, 1, ldb, out, ldo, true, k, identity, products);
}

/** out[k×n] += a[m×k]ᵀ · b[m×n] in float64 (gradients) — e.g. ∂L/∂U += h_{t-1}ᵀ · ∂L/∂z_t. */
export function matMulTransposedAAdd(
  a: Floats,
  b: Floats,
  out: Floats,
  m: number,
  k: number,
  n: number,
  lda = k,
  ldb = n,
  ldo = n,
  products: ProductPrecision = "float64",
): void {
  gemm(k, n, m, a, 1, lda, b, ldb, 1, out, ldo, true, m, identity, products);
}

/** out[j] += Σ_row a[row, j] over the first n columns of each row (bias gradients). */
export function addColumnSums(a: Floats, out: Floats, m: number, n: number, lda = n): void {
  for (let row = 0; row < m; row++) {
    const aRow = row * lda;
    for (let j = 0; j < n; j++) out[j] += a[aRow + j];
  }
}
