/**
 * The float64 matrix product on WebAssembly SIMD (gemm.wat): two doubles per instruction.
 * Same contract and the same sums in the same order as the JavaScript kernel in ../numeric.ts, so
 * both give identical numbers (a test checks it); this one is about twice as fast on the sizes of
 * the course. float32 mode never comes here: its rounding after each block stays in JavaScript.
 * Set RNN_NO_SIMD=1 to use only the JavaScript kernel. Browser-safe: the bytes are embedded.
 */
import { GEMM_WASM_BASE64 } from "./gemm-wasm.js";

// The few WebAssembly types used here, declared locally: tslab compiles src/ without the lib
// that declares the WebAssembly namespace.
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

interface Kernel {
  memory: WasmMemory;
  gemm: (a: number, b: number, c: number, M: number, N: number, K: number) => void;
  gemm32: (
    a: number,
    b: number,
    c: number,
    M: number,
    N: number,
    K: number,
    rowStride: number,
    colStride: number,
  ) => void;
}

let kernel: Kernel | null | undefined;

/** The module's bytes from base64 (atob: in browsers and in Node ≥ 16, no Buffer needed). */
function base64Bytes(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
let heap = new Float64Array(0);
let heap32 = new Float32Array(0);

function load(): Kernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  const host = globalThis as unknown as {
    WebAssembly?: WasmApi;
    process?: { env: Record<string, string | undefined> };
  };
  if (host.process?.env?.RNN_NO_SIMD) return kernel;
  const wasm = host.WebAssembly;
  if (wasm === undefined) return kernel;
  try {
    const module = new wasm.Module(base64Bytes(GEMM_WASM_BASE64));
    const { exports } = new wasm.Instance(module);
    kernel = {
      memory: exports.memory as WasmMemory,
      gemm: exports.gemm as Kernel["gemm"],
      gemm32: exports.gemm32 as Kernel["gemm32"],
    };
  } catch {
    kernel = null; // no WebAssembly SIMD here: the JavaScript kernel does the work
  }
  return kernel;
}

const roundUp4 = (x: number) => (x + 3) & ~3;

/**
 * out(i, j) = [out(i, j) +] Σ_p A(i, p)·B(p, j), A(i, p) = a[i·aRow + p·aCol],
 * B(p, j) = b[p·bRow + j·bCol]. Returns false (and does nothing) when SIMD is unavailable (the
 * caller, ../numeric.ts, sends only products big enough to gain).
 */
export function simdGemm(
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
): boolean {
  const simd = load();
  if (simd === null) return false;
  // Packed, zero-padded copies: A (M4, k), B (k, N4), C (M4, N4), one after another.
  const M4 = roundUp4(m);
  const N4 = roundUp4(n);
  const aAt = 0;
  const bAt = M4 * k;
  const cAt = bAt + k * N4;
  const needed = 8 * (cAt + M4 * N4);
  if (simd.memory.buffer.byteLength < needed) {
    simd.memory.grow(Math.ceil((needed - simd.memory.buffer.byteLength) / 65536));
  }
  if (heap.buffer !== simd.memory.buffer) heap = new Float64Array(simd.memory.buffer);
  // (the copies: one typed-array `set` per contiguous run where the layout allows, which is a
  // memcpy; element by element otherwise — the same numbers either way)
  if (aCol === 1 && aRow === k) heap.set(a.subarray(0, m * k), aAt);
  else if (aCol === 1)
    for (let i = 0; i < m; i++) heap.set(a.subarray(i * aRow, i * aRow + k), aAt + i * k);
  else if (aRow === 1) {
    // a transposed operand: read it along its rows
    for (let p = 0; p < k; p++) {
      const from = p * aCol;
      for (let i = 0; i < m; i++) heap[aAt + i * k + p] = a[from + i];
    }
  } else {
    for (let i = 0; i < m; i++) {
      for (let p = 0; p < k; p++) heap[aAt + i * k + p] = a[i * aRow + p * aCol];
    }
  }
  heap.fill(0, aAt + m * k, aAt + M4 * k);
  if (bCol === 1 && bRow === n && n === N4) heap.set(b.subarray(0, k * n), bAt);
  else if (bCol === 1) {
    for (let p = 0; p < k; p++) {
      const row = bAt + p * N4;
      heap.set(b.subarray(p * bRow, p * bRow + n), row);
      heap.fill(0, row + n, row + N4);
    }
  } else {
    for (let p = 0; p < k; p++) {
      const row = bAt + p * N4;
      for (let j = 0; j < n; j++) heap[row + j] = b[p * bRow + j * bCol];
      for (let j = n; j < N4; j++) heap[row + j] = 0;
    }
  }
  simd.gemm(8 * aAt, 8 * bAt, 8 * cAt, M4, N4, k);
  if (!accumulate && ldo === n && n === N4) {
    out.set(heap.subarray(cAt, cAt + m * n));
    return true;
  }
  for (let i = 0; i < m; i++) {
    const row = cAt + i * N4;
    const o = i * ldo;
    if (accumulate) for (let j = 0; j < n; j++) out[o + j] += heap[row + j];
    else out.set(heap.subarray(row, row + n), o);
  }
  return true;
}

const roundUp8 = (x: number) => (x + 7) & ~7;

/** Rows of B summed per kernel call (measured: keeps a dense layer's B block in cache). */
const GEMM32_BLOCK = 64;

/** Room for `bytes` in the module's memory; returns the float32 view of it. */
function memory32(simd: Kernel, bytes: number): Float32Array {
  if (simd.memory.buffer.byteLength < bytes) {
    simd.memory.grow(Math.ceil((bytes - simd.memory.buffer.byteLength) / 65536));
  }
  if (heap32.buffer !== simd.memory.buffer) heap32 = new Float32Array(simd.memory.buffer);
  return heap32;
}

/**
 * The same contract as simdGemm, in float32: the inputs are rounded to float32, every product and
 * sum is a float32 operation (four at a time), and the result is added into (or stored in) `out`.
 * Faster and less exact: for training the character model (chapter 06), never for the parity
 * checks. A operand with aCol = 1 or aRow = 1 (a transposed one) is copied in its own layout; the
 * kernel reads it with strides. Returns false when SIMD is unavailable.
 */
export function simdGemm32(
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
): boolean {
  const simd = load();
  if (simd === null) return false;
  const M4 = roundUp4(m);
  const N8 = roundUp8(n);
  // A as its rows (aCol = 1: (M4, k)) or as its columns (aRow = 1: (k, M4)), zero-padded
  const transposedA = aCol !== 1 && aRow === 1;
  const aFloats = M4 * k;
  const bAt = aFloats;
  const cAt = bAt + k * N8;
  const h = memory32(simd, 4 * (cAt + M4 * N8));
  // (one `set` for the whole operand when it is contiguous and needs no padding)
  if (transposedA && aCol === m && m === M4) h.set(a.subarray(0, k * m), 0);
  else if (transposedA) {
    for (let p = 0; p < k; p++) {
      const row = p * M4;
      const from = p * aCol;
      // (typed-array set converts float64 → float32 natively: much faster than a loop)
      h.set(a.subarray(from, from + m), row);
      h.fill(0, row + m, row + M4);
    }
  } else if (aCol === 1 && aRow === k) {
    h.set(a.subarray(0, m * k), 0);
    h.fill(0, m * k, M4 * k);
  } else {
    for (let i = 0; i < M4; i++) {
      const row = i * k;
      if (i >= m) h.fill(0, row, row + k);
      else if (aCol === 1) h.set(a.subarray(i * aRow, i * aRow + k), row);
      else for (let p = 0; p < k; p++) h[row + p] = a[i * aRow + p * aCol];
    }
  }
  if (bCol === 1 && bRow === n && n === N8) h.set(b.subarray(0, k * n), bAt);
  else if (bCol === 1) {
    for (let p = 0; p < k; p++) {
      const row = bAt + p * N8;
      const from = p * bRow;
      h.set(b.subarray(from, from + n), row);
      h.fill(0, row + n, row + N8);
    }
  } else {
    // B(p, j) = b[p·bRow + j·bCol]: read along j's rows of the source, write down the columns
    for (let p = 0; p < k; p++) h.fill(0, bAt + p * N8 + n, bAt + (p + 1) * N8);
    for (let j = 0; j < n; j++) {
      const from = j * bCol;
      for (let p = 0; p < k; p++) h[bAt + p * N8 + j] = b[from + p * bRow];
    }
  }
  const [rowStride, colStride] = transposedA ? [1, M4] : [k, 1];
  h.fill(0, cAt, cAt + M4 * N8);
  // one block of p at a time, so that B's rows of the block stay in cache for every row tile
  for (let p0 = 0; p0 < k; p0 += GEMM32_BLOCK) {
    const length = Math.min(GEMM32_BLOCK, k - p0);
    simd.gemm32(
      4 * p0 * colStride,
      4 * (bAt + p0 * N8),
      4 * cAt,
      M4,
      N8,
      length,
      rowStride,
      colStride,
    );
  }
  if (!accumulate && ldo === n && n === N8) {
    out.set(h.subarray(cAt, cAt + m * n));
    return true;
  }
  for (let i = 0; i < m; i++) {
    const row = cAt + i * N8;
    const o = i * ldo;
    if (accumulate) for (let j = 0; j < n; j++) out[o + j] += h[row + j];
    else out.set(h.subarray(row, row + n), o);
  }
  return true;
}
