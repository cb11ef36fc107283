/**
 * npm run bench [-- --json] [-- --repeats N]
 * Median milliseconds of forward + backward (all weight gradients) for each cell at B=32,
 * I=16, U=64, T=50 and T=100: from scratch in float64 and float32, and tf.layers with
 * tf.variableGrads on the tfjs cpu, wasm and (when installed) node backends — one run, one table.
 */
import { spawnSync } from "node:child_process";
import type * as tf from "@tensorflow/tfjs";
import { CELL_KINDS, type CellKind } from "../../src/core/kinds.js";
import { backwardTrace, forwardTrace } from "../../src/core/layer.js";
import { randomInputs, randomWeights } from "../../src/core/weights.js";
import {
  type BackendChoice,
  loadTensorFlow,
  nodeBackendInstalled,
} from "../../src/node/reference/tfjs.js";

type Impl = "scratch-f64" | "scratch-f32" | "tfjs-cpu" | "tfjs-wasm" | "tfjs-node";
interface Result {
  impl: Impl;
  kind: CellKind;
  T: number;
  ms: number;
}

const [B, I, U] = [32, 16, 64];
const args = process.argv.slice(2);
const json = args.includes("--json");
const repeatsArg = args.indexOf("--repeats");
const repeats = repeatsArg >= 0 ? Number(args[repeatsArg + 1]) : 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(run: () => void, count: number): number {
  for (let i = 0; i < 3; i++) run(); // warm-up: JIT, wasm, kernel caches
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

async function tfjsTime(backend: BackendChoice, kind: CellKind, T: number): Promise<number> {
  const { tf: tfjs } = await loadTensorFlow({ backend });
  const weights = randomWeights(kind, I, U, { seed: 1 });
  const make = { simpleRNN: tfjs.layers.simpleRNN, lstm: tfjs.layers.lstm, gru: tfjs.layers.gru }[
    kind
  ];
  const layer = make({ units: U, kernelInitializer: "zeros", recurrentInitializer: "zeros" });
  const x = tfjs.tensor3d(randomInputs(B, T, I, { seed: 2 }));
  const dOut = tfjs.tensor2d(randomInputs(1, B, U, { seed: 3 })[0]);
  tfjs.dispose(layer.apply(x) as tf.Tensor);
  layer.setWeights(weights.map((w) => tfjs.tensor(w as number[])));
  const variables = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  const ms = time(
    () => {
      const { value, grads } = tfjs.variableGrads(
        () => tfjs.sum(tfjs.mul(layer.apply(x) as tf.Tensor, dOut)) as tf.Scalar,
        variables,
      );
      for (const g of Object.values(grads)) g.dataSync();
      tfjs.dispose([value, ...Object.values(grads)]);
    },
    backend === "cpu" ? Math.min(repeats, 3) : repeats,
  );
  tfjs.dispose([x, dOut]);
  layer.dispose();
  return ms;
}

function scratchTime(precision: "float64" | "float32", kind: CellKind, T: number): number {
  const weights = randomWeights(kind, I, U, { seed: 1 });
  const x = randomInputs(B, T, I, { seed: 2 });
  const dOut = Float64Array.from(randomInputs(1, B, U, { seed: 3 })[0].flat());
  // The same work as the tfjs side: forward, then every weight's gradient (not ∂L/∂x).
  return time(() => {
    const trace = forwardTrace(kind, weights, x, { precision });
    backwardTrace(trace, dOut, undefined, { inputGradients: false });
  }, repeats);
}

/**
 * Each implementation runs in its own child process: V8 compiles a loop for the array types and
 * functions it has seen, so measuring float32 after float64 in one process would slow both.
 */
async function measure(impl: Impl): Promise<Result[]> {
  const out: Result[] = [];
  for (const T of [50, 100]) {
    for (const kind of CELL_KINDS) {
      const ms =
        impl === "scratch-f64" || impl === "scratch-f32"
          ? scratchTime(impl === "scratch-f64" ? "float64" : "float32", kind, T)
          : await tfjsTime(impl.slice(5) as BackendChoice, kind, T);
      out.push({ impl, kind, T, ms });
    }
  }
  return out;
}

const child = args.indexOf("--child");
if (child >= 0) {
  console.log(JSON.stringify(await measure(args[child + 1] as Impl)));
  process.exit(0);
}

const impls: Impl[] = ["scratch-f64", "scratch-f32", "tfjs-cpu", "tfjs-wasm"];
if (nodeBackendInstalled()) impls.push("tfjs-node");
const results: Result[] = [];
for (const impl of impls) {
  if (!json) process.stderr.write(`… measuring ${impl}\n`);
  const run = spawnSync(
    process.execPath,
    [...process.execArgv, process.argv[1], "--child", impl, "--repeats", String(repeats)],
    {
      encoding: "utf8",
    },
  );
  if (run.status !== 0) throw new Error(`bench child for ${impl} failed:\n${run.stderr}`);
  results.push(...(JSON.parse(run.stdout.trim().split("\n").pop() as string) as Result[]));
}
for (const r of results) r.ms = Math.round(r.ms * 10) / 10;

if (json) {
  console.log(JSON.stringify({ results }));
} else {
  const impls = [...new Set(results.map((r) => r.impl))];
  console.log(
    `forward + backward, median ms of ${repeats} runs (tfjs cpu: ${Math.min(repeats, 3)}), B=${B} I=${I} U=${U}`,
  );
  console.log(["kind", "T", ...impls, "wasm/best", "cpu/best"].map((h) => h.padStart(11)).join(""));
  for (const T of [50, 100]) {
    for (const kind of CELL_KINDS) {
      const row = impls.map(
        (impl) => results.find((r) => r.impl === impl && r.kind === kind && r.T === T)!.ms,
      );
      const best = Math.min(row[0], row[1]);
      const ms = (impl: Impl) =>
        results.find((r) => r.impl === impl && r.kind === kind && r.T === T)!.ms;
      const ratios = [ms("tfjs-wasm") / best, ms("tfjs-cpu") / best].map((v) => `${v.toFixed(1)}×`);
      console.log([kind, T, ...row, ...ratios].map((v) => String(v).padStart(11)).join(""));
    }
  }
}
