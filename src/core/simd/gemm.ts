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
    };
  } catch {
    kernel = null; // no WebAssembly SIMD here: the JavaScript kernel does the work
  }
  return kernel;
}

/** Below this many multiply-adds, copying into the module costs more than it saves. */
const MIN_WORK = 16 * 1024;

const roundUp4 = (x: number) => (x + 3) & ~3;

/**
 * out(i, j) = [out(i, j) +] Σ_p A(i, p)·B(p, j), A(i, p) = a[i·aRow + p·aCol],
 * B(p, j) = b[p·bRow + j·bCol]. Returns false (and does nothing) when SIMD is unavailable or
 * the product is too small to gain.
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
  if (m * n * k < MIN_WORK) return false;
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
  for (let i = 0; i < M4; i++) {
    const row = aAt + i * k;
    if (i >= m) heap.fill(0, row, row + k);
    else for (let p = 0; p < k; p++) heap[row + p] = a[i * aRow + p * aCol];
  }
  for (let p = 0; p < k; p++) {
    const row = bAt + p * N4;
    for (let j = 0; j < n; j++) heap[row + j] = b[p * bRow + j * bCol];
    for (let j = n; j < N4; j++) heap[row + j] = 0;
  }
  simd.gemm(8 * aAt, 8 * bAt, 8 * cAt, M4, N4, k);
  for (let i = 0; i < m; i++) {
    const row = cAt + i * N4;
    const o = i * ldo;
    if (accumulate) for (let j = 0; j < n; j++) out[o + j] += heap[row + j];
    else for (let j = 0; j < n; j++) out[o + j] = heap[row + j];
  }
  return true;
}
