// The library in src/core/ is browser-safe: ALL of it bundles for the browser (esbuild, platform
// "browser") without one Node import — a Node import fails the test naming the importing file —
// and the bundle runs in Chromium, giving Node's numbers, with the WebAssembly SIMD kernel
// loaded from its embedded bytes.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { BrowserContext, Page } from "playwright-core";
import { launchChromium } from "../scripts/chromium.js";
import { CELL_KINDS } from "../src/core/kinds.js";
import { runLayer } from "../src/core/layer.js";
import { seededRandom } from "../src/core/random.js";
import { simdGemm } from "../src/core/simd/gemm.js";
import { randomInputs, randomWeights } from "../src/core/weights.js";
import {
  bundleForBrowser,
  everyModuleEntry,
  isNodeBuiltin,
  NodeImportError,
  typeScriptFiles,
} from "../src/site/live-bundle.js";
import { ROOT } from "./support/jupyter.js";

const CORE_FILES = typeScriptFiles(ROOT, "src/core");

describe("src/core bundles for the browser", () => {
  test("every src/core/**/*.ts, bundled together, imports no Node module", async () => {
    assert.ok(CORE_FILES.length > 40, `found only ${CORE_FILES.length} files under src/core`);
    assert.ok(CORE_FILES.includes("src/core/simd/gemm-wasm.ts"));
    // rejects with NodeImportError ("src/core/x.ts imports node:fs") if any file imports Node
    const bundle = await bundleForBrowser(ROOT, everyModuleEntry(CORE_FILES));
    assert.ok(bundle.bytes > 50_000, `a suspiciously small bundle: ${bundle.bytes} bytes`);
  });

  test("a Node import fails, naming the importing file and the module", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rnn-core-bundle-"));
    try {
      mkdirSync(join(dir, "lib"));
      writeFileSync(
        join(dir, "lib", "fine.ts"),
        'export const fine = 1;\nexport * from "./bad";\n',
      );
      writeFileSync(
        join(dir, "lib", "bad.ts"),
        'import { readFileSync } from "node:fs";\nimport { join } from "path";\nexport const read = () => readFileSync(join("a", "b"));\n',
      );
      await assert.rejects(
        bundleForBrowser(dir, 'export * from "./lib/fine";\n'),
        (error: unknown) => {
          assert.ok(error instanceof NodeImportError, String(error));
          assert.deepEqual(error.imports, [
            { importer: "lib/bad.ts", specifier: "node:fs" },
            { importer: "lib/bad.ts", specifier: "path" },
          ]);
          assert.match(error.message, /lib\/bad\.ts imports node:fs/);
          assert.match(error.message, /lib\/bad\.ts imports path/);
          return true;
        },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("what counts as a Node module", () => {
    for (const name of ["node:fs", "fs", "fs/promises", "path", "module", "child_process", "url"]) {
      assert.ok(isNodeBuiltin(name), name);
    }
    for (const name of ["crypto", "os", "node:test"]) assert.ok(isNodeBuiltin(name), name);
    for (const name of ["./fs", "markdown-it", "plotly.js-dist-min", "../path"]) {
      assert.ok(!isNodeBuiltin(name), name);
    }
  });
});

/** Small layers of every cell kind, float64 and float32, plus one product big enough for SIMD. */
const CASES = CELL_KINDS.flatMap((kind) =>
  (["float64", "float32"] as const).map((precision) => ({ kind, precision })),
);
const BIG = { batch: 32, time: 6, inputSize: 16, units: 64 }; // x·W is 32×16·16×(k·64): SIMD

function nodeNumbers() {
  const small = CASES.map(({ kind, precision }) =>
    runLayer(kind, randomWeights(kind, 3, 4, { seed: 1 }), randomInputs(2, 5, 3, { seed: 2 }), {
      precision,
      returnSequences: true,
    }),
  );
  const big = runLayer(
    "lstm",
    randomWeights("lstm", BIG.inputSize, BIG.units, { seed: 3 }),
    randomInputs(BIG.batch, BIG.time, BIG.inputSize, { seed: 4 }),
  );
  return { small, big };
}

/** The same in the page, through the bundle's globalThis.rnnCore (a string: runs as written). */
const IN_PAGE = `(() => {
  const core = globalThis.rnnCore;
  const { runLayer } = core["src/core/layer.ts"];
  const { randomWeights, randomInputs } = core["src/core/weights.ts"];
  const { CELL_KINDS } = core["src/core/kinds.ts"];
  const { seededRandom } = core["src/core/random.ts"];
  const { simdGemm } = core["src/core/simd/gemm.ts"];
  const small = CELL_KINDS.flatMap((kind) => ["float64", "float32"].map((precision) =>
    runLayer(kind, randomWeights(kind, 3, 4, { seed: 1 }), randomInputs(2, 5, 3, { seed: 2 }), { precision, returnSequences: true })));
  const big = runLayer("lstm", randomWeights("lstm", ${BIG.inputSize}, ${BIG.units}, { seed: 3 }),
    randomInputs(${BIG.batch}, ${BIG.time}, ${BIG.inputSize}, { seed: 4 }));
  const random = seededRandom(9);
  const a = Float64Array.from({ length: 64 * 48 }, () => random() - 0.5);
  const b = Float64Array.from({ length: 48 * 40 }, () => random() - 0.5);
  const out = new Float64Array(64 * 40);
  const usedSimd = simdGemm(64, 40, 48, a, 48, 1, b, 40, 1, out, 40, false);
  return { small, big, usedSimd, gemm: Array.from(out), hasWasm: typeof WebAssembly === "object" };
})()`;

/**
 * The largest |a − b| / max(1, |b|) over two nested number arrays. Not 0: Chromium's V8 rounds
 * Math.exp, Math.tanh, … differently from Node 20's in the last bit for some arguments.
 */
function largestDifference(a: unknown, b: unknown, path = "$"): { path: string; diff: number } {
  if (typeof a === "number" && typeof b === "number") {
    return { path, diff: Object.is(a, b) ? 0 : Math.abs(a - b) / Math.max(1, Math.abs(b)) };
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    assert.equal(a.length, b.length, `${path}: lengths differ`);
    let worst = { path, diff: 0 };
    a.forEach((x, i) => {
      const d = largestDifference(x, b[i], `${path}[${i}]`);
      if (d.diff > worst.diff) worst = d;
    });
    return worst;
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    let worst = { path, diff: 0 };
    for (const key of Object.keys(a)) {
      const d = largestDifference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${path}.${key}`,
      );
      if (d.diff > worst.diff) worst = d;
    }
    return worst;
  }
  assert.equal(a, b, path);
  return { path, diff: 0 };
}

describe("the src/core bundle in chromium", () => {
  const profile = mkdtempSync(join(tmpdir(), "rnn-core-chromium-"));
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    context = await launchChromium(profile);
    page = await context.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
  });

  after(async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  test("runLayer in the page gives Node's numbers; the SIMD kernel loads from embedded bytes", async () => {
    const bundle = await bundleForBrowser(ROOT, everyModuleEntry(CORE_FILES));
    await page.setContent("<!doctype html><title>core</title>");
    await page.addScriptTag({ content: bundle.code, type: "module" });
    await page.waitForFunction("globalThis.rnnCore !== undefined");
    const browser = (await page.evaluate(IN_PAGE)) as ReturnType<typeof nodeNumbers> & {
      usedSimd: boolean;
      gemm: number[];
      hasWasm: boolean;
    };
    assert.deepEqual(errors, []);
    assert.ok(browser.hasWasm, "no WebAssembly in the page");
    assert.equal(browser.usedSimd, true, "the WebAssembly SIMD kernel did not load in the page");

    const node = nodeNumbers();
    const small = largestDifference(browser.small, node.small);
    const big = largestDifference(browser.big, node.big);
    assert.ok(small.diff <= 1e-12, `small layers differ by ${small.diff} at ${small.path}`);
    assert.ok(big.diff <= 1e-12, `the SIMD-sized layer differs by ${big.diff} at ${big.path}`);

    const random = seededRandom(9);
    const a = Float64Array.from({ length: 64 * 48 }, () => random() - 0.5);
    const b = Float64Array.from({ length: 48 * 40 }, () => random() - 0.5);
    const out = new Float64Array(64 * 40);
    assert.equal(simdGemm(64, 40, 48, a, 48, 1, b, 40, 1, out, 40, false), true);
    assert.deepEqual(browser.gemm, Array.from(out), "the kernel's sums differ from Node's");
    console.log(
      `core bundle: ${CORE_FILES.length} files, ${bundle.bytes} bytes; chromium vs node: largest difference ${small.diff} (${small.path}), ${big.diff} (SIMD-sized layer)`,
    );
  });
});
