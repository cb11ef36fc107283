/**
 * npm run build:simd — compiles src/core/simd/gemm.wat into src/core/simd/gemm-wasm.ts (the module's bytes
 * as base64, so src/ loads it synchronously with no file lookups). A test checks that the
 * committed file equals a fresh compile.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { gemmWasmSource } from "./simd-compile.js";

const target = "src/core/simd/gemm-wasm.ts";
const source = await gemmWasmSource(readFileSync("src/core/simd/gemm.wat", "utf8"));
if (process.argv.includes("--check")) {
  if (readFileSync(target, "utf8") !== source) {
    console.error(`${target} is stale: run npm run build:simd`);
    process.exit(1);
  }
} else {
  writeFileSync(target, source);
  console.log(`wrote ${target}`);
}
