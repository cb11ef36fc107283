/**
 * npm run bench:charlm [-- --corpus tang|english] [--cell lstm|gru] [--steps N] [--torch-threads N]
 *   [--json]
 *
 * Training throughput of chapter 06's character model at its size (src/core/charlm/recipe.ts),
 * in characters per second (forward, backward, Adam, clipping: one gradient step = B·T
 * characters), for: this course's from-scratch code (float32 products, as the checkpoints are
 * trained, and float64), the same model in tf.layers on tfjs's wasm backend, and PyTorch on the
 * CPU when Debian's python3-torch is there (/usr/bin/python3 -c "import torch"). A benchmark, not
 * a test: run it on an otherwise idle machine.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type * as tfTypes from "@tensorflow/tfjs";
import { type CorpusName, checkCorpusName } from "../../src/core/charlm/corpus.js";
import { RECIPES } from "../../src/core/charlm/recipe.js";
import { textDataset } from "../../src/core/charlm/text-dataset.js";
import { buildVocabulary } from "../../src/core/charlm/vocabulary.js";
import type { ProductPrecision } from "../../src/core/numeric.js";
import { clipGradientNorm } from "../../src/core/train/clipping.js";
import type { SequenceDataset } from "../../src/core/train/dataset.js";
import {
  createModel,
  lossAndGradients,
  type Model,
  recurrentLayerWeights,
  streamWindows,
} from "../../src/core/train/model.js";
import { adam } from "../../src/core/train/optimizers.js";
import { readCorpus } from "../../src/node/charlm-files.js";
import { projectRoot } from "../../src/node/project-root.js";
import { loadTensorFlow } from "../../src/node/reference/tfjs.js";

interface Args {
  corpus: CorpusName;
  cell: "lstm" | "gru";
  steps: number;
  /** PyTorch's intra-op threads (default: PyTorch's own choice, 1 on this 2-core machine). */
  torchThreads?: number;
  json: boolean;
}

function positiveInteger(option: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${option}: expected a whole number ≥ 1, got ${JSON.stringify(text)}`);
  }
  return value;
}

function parse(argv: string[]): Args {
  const args: Args = { corpus: "tang", cell: "lstm", steps: 6, json: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--json") args.json = true;
    else if (argv[i] === "--corpus") args.corpus = checkCorpusName(argv[++i]);
    else if (argv[i] === "--cell") {
      const cell = argv[++i];
      if (cell !== "lstm" && cell !== "gru") throw new Error(`--cell: lstm or gru, got ${cell}`);
      args.cell = cell;
    } else if (argv[i] === "--steps") args.steps = positiveInteger("--steps", argv[++i]);
    else if (argv[i] === "--torch-threads") {
      args.torchThreads = positiveInteger("--torch-threads", argv[++i]);
    } else throw new Error(`unknown option ${argv[i]}`);
  }
  return args;
}

interface Row {
  impl: string;
  charactersPerSecond: number;
  msPerStep: number;
  note?: string;
}

/** Median of a list of numbers. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function fromScratch(
  model: Model,
  data: SequenceDataset,
  batchSize: number,
  steps: number,
  products: ProductPrecision,
): number[] {
  const windows = streamWindows(data, batchSize);
  const optimizer = adam({ learningRate: 0.002 });
  let states: Float64Array[][] | undefined;
  const times: number[] = [];
  for (let s = 0; s <= steps; s++) {
    const started = performance.now();
    const run = lossAndGradients(model, data, windows[s], { initialStates: states, products });
    clipGradientNorm(run.gradients, 5);
    optimizer.step(model.parameters, run.gradients);
    states = run.finalStates;
    if (s > 0) times.push(performance.now() - started); // step 0 warms up
  }
  return times;
}

/** The same model as tf.layers on wasm: one-hot·E for the embedding (wasm has no gather gradient). */
async function tensorflow(
  model: Model,
  data: SequenceDataset,
  batchSize: number,
  steps: number,
): Promise<{ times: number[]; backend: string }> {
  const { tf, backend } = await loadTensorFlow({ backend: "wasm" });
  const { cell, units: U, vocabularySize: V, embeddingSize: E, layers: L } = model.config;
  const T = data.time;
  const windows = streamWindows(data, batchSize);
  const embedding = tf.layers.dense({ units: E, useBias: false });
  const recurrent = Array.from({ length: L }, () => {
    const config = {
      units: U,
      returnSequences: true,
      returnState: true,
      recurrentActivation: "sigmoid",
      kernelInitializer: "zeros",
      recurrentInitializer: "zeros",
    } as const;
    return cell === "lstm" ? tf.layers.lstm(config) : tf.layers.gru(config);
  });
  const dense = tf.layers.dense({ units: V });
  const stateCount = cell === "lstm" ? 2 : 1;
  let states = Array.from({ length: L }, () =>
    Array.from({ length: stateCount }, () => tf.zeros([batchSize, U])),
  );
  const logitsOf = (x: tfTypes.Tensor, initial: tfTypes.Tensor[][]) => {
    let h = embedding.apply(x) as tfTypes.Tensor;
    const finals: tfTypes.Tensor[][] = [];
    recurrent.forEach((layer, l) => {
      const [out, ...layerStates] = layer.apply(h, {
        initialState: initial[l],
      }) as tfTypes.Tensor[];
      h = out;
      finals.push(layerStates);
    });
    return { logits: dense.apply(h) as tfTypes.Tensor, finals };
  };
  const batch = (w: number) =>
    tf.tidy(() => {
      const ids = Array.from(windows[w], (o) => Array.from(data.stream.subarray(o, o + T)));
      const next = Array.from(windows[w], (o) =>
        Array.from(data.stream.subarray(o + 1, o + T + 1)),
      );
      return {
        x: tf.oneHot(tf.tensor2d(ids, [batchSize, T], "int32"), V).toFloat(),
        y: tf.oneHot(tf.tensor2d(next, [batchSize, T], "int32"), V).toFloat(),
      };
    });
  const first = batch(0);
  tf.dispose(logitsOf(first.x, states).logits); // builds the layers
  embedding.setWeights([tf.tensor2d(Array.from(model.parameters.embedding!), [V, E])]);
  recurrent.forEach((layer, l) => {
    layer.setWeights(recurrentLayerWeights(model, l).map((w) => tf.tensor(w as number[])));
  });
  dense.setWeights([
    tf.tensor2d(Array.from(model.parameters.denseKernel), [U, V]),
    tf.tensor1d(Array.from(model.parameters.denseBias)),
  ]);
  const optimizer = tf.train.adam(0.002);
  const variables = [embedding, ...recurrent, dense].flatMap((layer) =>
    layer.trainableWeights.map((w) => w.read() as tfTypes.Variable),
  );
  const times: number[] = [];
  for (let s = 0; s <= steps; s++) {
    const { x, y } = s === 0 ? first : batch(s);
    const started = performance.now();
    let finals: tfTypes.Tensor[][] = [];
    const { value, grads } = tf.variableGrads(() => {
      const out = logitsOf(x, states);
      finals = out.finals.map((layer) => layer.map((t) => tf.keep(t)));
      return tf.losses.softmaxCrossEntropy(y, out.logits) as tfTypes.Scalar;
    }, variables);
    // clip the global norm to 5, as our training does
    const norm = tf.tidy(() =>
      tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))),
    );
    const scale = Math.min(1, 5 / (norm.dataSync()[0] || 1));
    const clipped = Object.entries(grads).map(([name, g]) => ({ name, tensor: tf.mul(g, scale) }));
    optimizer.applyGradients(clipped);
    await value.data(); // wait for the backend
    tf.dispose([value, norm, ...Object.values(grads), ...clipped.map((c) => c.tensor), x, y]);
    tf.dispose(states.flat());
    states = finals;
    if (s > 0) times.push(performance.now() - started);
  }
  tf.dispose(states.flat());
  return { times, backend };
}

function pytorch(args: Args, vocabularySize: number): Row | { skipped: string } {
  const python = "/usr/bin/python3";
  const probe = spawnSync(python, ["-c", "import torch; print(torch.__version__)"], {
    encoding: "utf8",
  });
  if (probe.status !== 0)
    return { skipped: "PyTorch not installed (apt-get install python3-torch)" };
  const recipe = RECIPES[args.corpus][args.cell];
  const run = spawnSync(
    python,
    [
      join(projectRoot(), "scripts", "bench", "charlm-torch.py"),
      JSON.stringify({ ...recipe, vocabularySize, steps: args.steps, threads: args.torchThreads }),
    ],
    { encoding: "utf8" },
  );
  if (run.status !== 0)
    return { skipped: `PyTorch run failed: ${run.stderr.trim().split("\n").pop()}` };
  const result = JSON.parse(run.stdout.trim().split("\n").pop()!) as {
    msPerStep: number;
    threads: number;
    version: string;
  };
  const characters = recipe.batchSize * recipe.window;
  return {
    impl: "pytorch-cpu",
    msPerStep: result.msPerStep,
    charactersPerSecond: (1000 * characters) / result.msPerStep,
    note: `torch ${result.version}, ${result.threads} thread(s)`,
  };
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  const recipe = RECIPES[args.corpus][args.cell];
  const { settings, train } = readCorpus(args.corpus);
  const vocabulary = buildVocabulary(train, settings.minCount);
  const data = textDataset(vocabulary, train, recipe.window);
  const options = {
    cell: recipe.cell,
    units: recipe.units,
    layers: recipe.layers,
    embeddingSize: recipe.embeddingSize,
    seed: recipe.seed,
  };
  const characters = recipe.batchSize * recipe.window;
  const rows: Row[] = [];
  const row = (impl: string, times: number[], note?: string): Row => {
    const ms = median(times);
    return { impl, msPerStep: ms, charactersPerSecond: (1000 * characters) / ms, note };
  };
  for (const products of ["float32", "float64"] as const) {
    const times = fromScratch(
      createModel(data, options),
      data,
      recipe.batchSize,
      args.steps,
      products,
    );
    rows.push(row(`scratch (${products} products)`, times));
  }
  const tfjs = await tensorflow(createModel(data, options), data, recipe.batchSize, args.steps);
  rows.push(row(`tfjs-${tfjs.backend}`, tfjs.times, "tf.layers; embedding as one-hot·E"));
  const torch = pytorch(args, vocabulary.symbols.length);
  if ("skipped" in torch) console.error(`pytorch: ${torch.skipped}`);
  else rows.push(torch);
  const best = rows[0];
  const setup = `${args.corpus} ${recipe.cell}: V = ${vocabulary.symbols.length}, E = ${recipe.embeddingSize}, ${recipe.layers} × U = ${recipe.units}, B = ${recipe.batchSize}, T = ${recipe.window}`;
  if (args.json) {
    console.log(JSON.stringify({ setup, rows }, null, 2));
    return;
  }
  console.log(`${setup}; median of ${args.steps} steps (${characters} characters each)`);
  console.log(
    `${"".padEnd(28)}${"chars/s".padStart(10)}${"ms/step".padStart(10)}${"vs scratch".padStart(12)}`,
  );
  for (const r of rows) {
    const ratio = best.charactersPerSecond / r.charactersPerSecond;
    console.log(
      `${r.impl.padEnd(28)}${r.charactersPerSecond.toFixed(0).padStart(10)}${r.msPerStep.toFixed(0).padStart(10)}${`${ratio.toFixed(2)}×`.padStart(12)}${r.note ? `  ${r.note}` : ""}`,
    );
  }
  writeFileSync(join(projectRoot(), "build", "bench-charlm.json"), JSON.stringify({ setup, rows }));
}

await main();
