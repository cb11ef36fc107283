/**
 * npm run bench:seq2seq [-- --steps N] [--torch-threads N] [--json]
 *
 * Training throughput of chapter 07's committed encoder–decoder (SEQ2SEQ_RECIPES.attention in
 * src/core/seq2seq/recipe.ts: embeddings 16, bidirectional LSTM encoder of 32 units each way with
 * the padding mask, LSTM decoder of 64 units stepped with teacher forcing, additive attention of
 * width 32 with the previous decoder state as query, readout over [state ; context], softmax
 * cross-entropy over the non-padding target symbols, ‖g‖ ≤ 5, Adam; batches of 64), in target
 * symbols per second of forward + backward + update, for: this course's from-scratch code (float32
 * products, as the checkpoint is trained, and float64), the same model in tfjs on its wasm backend
 * (tf.layers.bidirectional(lstm) for the encoder, tf ops for the decoder loop and the attention,
 * inside tf.variableGrads) and in PyTorch on the CPU (nn.LSTM bidirectional over a packed batch,
 * an nn.LSTMCell loop, the attention in torch ops; scripts/bench/seq2seq-torch.py) when Debian's
 * python3-torch is there. Every framework gets our model's initial weights and the very same
 * batches; the first step's loss and the parameter count are printed for each, so one sees it is
 * the same model. A benchmark, not a test: run it on an otherwise idle machine.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import type * as tfTypes from "@tensorflow/tfjs";
import type { ProductPrecision } from "../../src/core/numeric.js";
import {
  createSeq2seq,
  type Seq2seqModel,
  seq2seqLossAndGradients,
  seq2seqParameterCount,
} from "../../src/core/seq2seq/model.js";
import {
  makeBatch,
  type Seq2seqBatch,
  SOURCE_SYMBOLS,
  START_ID,
  splitNumbers,
  TARGET_SYMBOLS,
  trainingSampler,
} from "../../src/core/seq2seq/number-data.js";
import { SEQ2SEQ_RECIPES } from "../../src/core/seq2seq/recipe.js";
import { clipGradientNorm } from "../../src/core/train/clipping.js";
import { adam } from "../../src/core/train/optimizers.js";
import { projectRoot } from "../../src/node/project-root.js";
import { loadTensorFlow } from "../../src/node/reference/tfjs.js";

interface Args {
  steps: number;
  /** PyTorch's intra-op threads (default 1). */
  torchThreads: number;
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
  const args: Args = { steps: 20, torchThreads: 1, json: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--json") args.json = true;
    else if (argv[i] === "--steps") args.steps = positiveInteger("--steps", argv[++i]);
    else if (argv[i] === "--torch-threads") {
      args.torchThreads = positiveInteger("--torch-threads", argv[++i]);
    } else throw new Error(`unknown option ${argv[i]}`);
  }
  return args;
}

interface Row {
  impl: string;
  /** Median over the timed steps of (target symbols of the step) / (its time). */
  tokensPerSecond: number;
  msPerStep: number;
  /** The same with the process's CPU time (user + system) instead of wall-clock time: less
   * sensitive to other processes on a shared machine. */
  cpuTokensPerSecond: number;
  parameters: number;
  /** The loss of the first (untimed) step: equal across rows when the models are the same. */
  firstLoss: number;
  note?: string;
}

/** Median of a list of numbers. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function row(
  impl: string,
  batches: Seq2seqBatch[],
  times: number[],
  cpuTimes: number[],
  parameters: number,
  firstLoss: number,
  note?: string,
): Row {
  // times[i] is step i + 1's (step 0 warms up)
  const rate = (ms: number[]) => median(ms.map((t, i) => (1000 * batches[i + 1].targetTokens) / t));
  return {
    impl,
    tokensPerSecond: rate(times),
    msPerStep: median(times),
    cpuTokensPerSecond: rate(cpuTimes),
    parameters,
    firstLoss,
    ...(note ? { note } : {}),
  };
}

const recipe = SEQ2SEQ_RECIPES.attention;

/** Milliseconds of CPU time (user + system) since `since`. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function fromScratch(model: Seq2seqModel, batches: Seq2seqBatch[], products: ProductPrecision) {
  const optimizer = adam({ learningRate: recipe.learningRate });
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let firstLoss = Number.NaN;
  batches.forEach((batch, s) => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = seq2seqLossAndGradients(model, batch, { products });
    clipGradientNorm(result.gradients, recipe.clipNorm);
    optimizer.step(model.parameters, result.gradients);
    if (s === 0) firstLoss = result.loss;
    else {
      times.push(performance.now() - started);
      cpuTimes.push(cpuMs(cpu));
    }
  });
  return { times, cpuTimes, firstLoss };
}

/**
 * The same model in tfjs on wasm. The embeddings are one-hot · E: wasm has no kernel for the
 * gather's gradient (UnsortedSegmentSum), so tf.layers.embedding cannot train there; the padding
 * mask is handed to the bidirectional layer as `mask`.
 */
async function tensorflow(model: Seq2seqModel, batches: Seq2seqBatch[]) {
  const { tf, backend } = await loadTensorFlow({ backend: "wasm" });
  const c = model.config;
  const p = model.parameters;
  const [Vs, Es, Ue, V, Et, D, A] = [
    c.sourceVocabularySize,
    c.sourceEmbeddingSize,
    c.encoderUnits,
    c.targetVocabularySize,
    c.targetEmbeddingSize,
    c.decoderUnits,
    c.attentionSize,
  ];
  const f32 = (a: Float64Array | undefined) => Float32Array.from(a!);
  const variable = (a: Float64Array | undefined, shape: number[], name: string) =>
    tf.variable(tf.tensor(f32(a), shape), true, `seq2seq_${name}`);
  const sourceEmbedding = variable(p.sourceEmbedding, [Vs, Es], "sourceEmbedding");
  const targetEmbedding = variable(p.targetEmbedding, [V, Et], "targetEmbedding");
  const decoderKernel = variable(p.decoderKernel, [Et + D, 4 * D], "decoderKernel");
  const decoderRecurrent = variable(p.decoderRecurrentKernel, [D, 4 * D], "decoderRecurrent");
  const decoderBias = variable(p.decoderBias, [4 * D], "decoderBias");
  const queryKernel = variable(p.attentionQueryKernel, [D, A], "queryKernel");
  const keyKernel = variable(p.attentionKeyKernel, [D, A], "keyKernel");
  const scoreVector = variable(p.attentionScoreVector, [A, 1], "scoreVector");
  const readoutKernel = variable(p.readoutKernel, [D, V], "readoutKernel");
  const readoutContext = variable(p.readoutContextKernel, [D, V], "readoutContext");
  const readoutBias = variable(p.readoutBias, [V], "readoutBias");
  const encoder = tf.layers.bidirectional({
    layer: tf.layers.lstm({
      units: Ue,
      returnSequences: true,
      returnState: true,
      recurrentActivation: "sigmoid",
      kernelInitializer: "zeros",
      recurrentInitializer: "zeros",
    }) as tfTypes.RNN,
    mergeMode: "concat",
  });
  const inputsOf = (batch: Seq2seqBatch) => {
    const { size: B, sourceLength: S, targetLength: T } = batch;
    const decoderInputs = new Int32Array(B * T); // <start>, then the true previous symbol
    for (let n = 0; n < B; n++) {
      for (let t = 0; t < T; t++) {
        decoderInputs[n * T + t] = t === 0 ? START_ID : batch.target[n * T + t - 1];
      }
    }
    return {
      source: tf.oneHot(tf.tensor2d(batch.source, [B, S], "int32"), Vs).toFloat(),
      sourceMask: tf.tensor2d(batch.sourceMask, [B, S], "bool"),
      // 0 at real positions, −1e9 at padding: added to the scores, softmax gives them 0
      scoreMask: tf.tensor2d(
        Float32Array.from(batch.sourceMask, (m) => (m ? 0 : -1e9)),
        [B, S],
      ),
      decoderInputs: tf.oneHot(tf.tensor2d(decoderInputs, [B, T], "int32"), V).toFloat(),
      targets: tf.oneHot(tf.tensor2d(batch.target, [B, T], "int32"), V).toFloat(),
      targetMask: tf.tensor2d(Float32Array.from(batch.targetMask), [B, T]),
    };
  };
  type Inputs = ReturnType<typeof inputsOf>;
  const lossOf = (x: Inputs, B: number, S: number, T: number) => {
    const embedded = tf.matMul(x.source.reshape([B * S, Vs]), sourceEmbedding).reshape([B, S, Es]);
    const [H, fh, fc, bh, bc] = encoder.apply(embedded, {
      mask: x.sourceMask,
    }) as tfTypes.Tensor[];
    // keys k_j = h_j W_k, once per batch (B, S, A)
    const keys = tf.matMul(H.reshape([B * S, D]), keyKernel).reshape([B, S, A]);
    const y = tf.matMul(x.decoderInputs.reshape([B * T, V]), targetEmbedding).reshape([B, T, Et]);
    const ys = tf.unstack(y, 1);
    let s = tf.concat([fh, bh], 1);
    let cell = tf.concat([fc, bc], 1);
    const states: tfTypes.Tensor[] = [];
    const contexts: tfTypes.Tensor[] = [];
    for (let t = 0; t < T; t++) {
      // e_j = vᵀ tanh(s W_q + k_j); α = softmax over the real positions; c = Σ α_j h_j
      const u = tf.tanh(tf.add(keys, tf.matMul(s, queryKernel).reshape([B, 1, A])));
      const e = tf.add(tf.matMul(u.reshape([B * S, A]), scoreVector).reshape([B, S]), x.scoreMask);
      const alpha = tf.softmax(e);
      const context = tf.matMul(alpha.reshape([B, 1, S]), H).reshape([B, D]);
      // the LSTM step on [y_{t−1} ; c_t], gates i, f, c, o
      const z = tf.add(
        tf.add(tf.matMul(tf.concat([ys[t], context], 1), decoderKernel), decoderBias),
        tf.matMul(s, decoderRecurrent),
      );
      const [i, f, g, o] = tf.split(z, 4, 1);
      cell = tf.add(tf.mul(tf.sigmoid(f), cell), tf.mul(tf.sigmoid(i), tf.tanh(g)));
      s = tf.mul(tf.sigmoid(o), tf.tanh(cell));
      states.push(s);
      contexts.push(context);
    }
    // o_t = s_t W_o + c_t W_oc + b_o for every step at once (T·B, V), time-major
    const logits = tf.add(
      tf.add(
        tf.matMul(tf.concat(states, 0), readoutKernel),
        tf.matMul(tf.concat(contexts, 0), readoutContext),
      ),
      readoutBias,
    );
    const timeMajor = (m: tfTypes.Tensor, width: number) =>
      tf.transpose(m.reshape([B, T, width]), [1, 0, 2]).reshape([T * B, width]);
    // mean over the non-padding target symbols (weights 0 at padding)
    return tf.losses.softmaxCrossEntropy(
      timeMajor(x.targets, V),
      logits,
      tf.transpose(x.targetMask).reshape([T * B]),
    ) as tfTypes.Scalar;
  };
  // build the layer, then put our weights in (tfjs order: forward k, U, b, backward k, U, b)
  const first = batches[0];
  tf.tidy(() => {
    const x = inputsOf(first);
    lossOf(x, first.size, first.sourceLength, first.targetLength);
  });
  const k = (a: Float64Array | undefined, rows: number) => tf.tensor(f32(a), [rows, 4 * Ue]);
  encoder.setWeights([
    k(p.encoderKernel, Es),
    k(p.encoderRecurrentKernel, Ue),
    tf.tensor(f32(p.encoderBias)),
    k(p.encoderBackwardKernel, Es),
    k(p.encoderBackwardRecurrentKernel, Ue),
    tf.tensor(f32(p.encoderBackwardBias)),
  ]);
  const variables = [
    sourceEmbedding,
    ...encoder.trainableWeights.map((w) => w.read() as tfTypes.Variable),
    targetEmbedding,
    decoderKernel,
    decoderRecurrent,
    decoderBias,
    queryKernel,
    keyKernel,
    scoreVector,
    readoutKernel,
    readoutContext,
    readoutBias,
  ];
  const parameters = variables.reduce((sum, v) => sum + v.size, 0);
  const optimizer = tf.train.adam(recipe.learningRate, 0.9, 0.999, 1e-7);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let firstLoss = Number.NaN;
  for (let s = 0; s < batches.length; s++) {
    const batch = batches[s];
    const x = inputsOf(batch);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const { value, grads } = tf.variableGrads(
      () => lossOf(x, batch.size, batch.sourceLength, batch.targetLength),
      variables,
    );
    const norm = tf.tidy(() =>
      tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))),
    );
    const scale = Math.min(1, recipe.clipNorm / (norm.dataSync()[0] || 1));
    const clipped = Object.entries(grads).map(([name, g]) => ({ name, tensor: tf.mul(g, scale) }));
    optimizer.applyGradients(clipped);
    const loss = (await value.data())[0]; // wait for the backend
    if (s === 0) firstLoss = loss;
    else {
      times.push(performance.now() - started);
      cpuTimes.push(cpuMs(cpu));
    }
    tf.dispose([value, norm, ...Object.values(grads), ...clipped.map((c) => c.tensor)]);
    tf.dispose(Object.values(x));
  }
  return { times, cpuTimes, firstLoss, parameters, backend };
}

interface TorchResult {
  times: number[];
  cpuTimes: number[];
  firstLoss: number;
  parameters: number;
  threads: number;
  version: string;
}

function pytorch(
  model: Seq2seqModel,
  batches: Seq2seqBatch[],
  threads: number,
): TorchResult | { skipped: string } {
  const python = "/usr/bin/python3";
  const probe = spawnSync(python, ["-c", "import torch"], { encoding: "utf8" });
  if (probe.status !== 0) {
    return { skipped: "PyTorch not installed (apt-get install python3-torch)" };
  }
  const input = JSON.stringify({
    config: model.config,
    learningRate: recipe.learningRate,
    clipNorm: recipe.clipNorm,
    threads,
    parameters: Object.fromEntries(
      Object.entries(model.parameters).map(([name, value]) => [name, Array.from(value!)]),
    ),
    batches: batches.map((b) => ({
      size: b.size,
      sourceLength: b.sourceLength,
      targetLength: b.targetLength,
      source: Array.from(b.source),
      sourceMask: Array.from(b.sourceMask),
      target: Array.from(b.target),
    })),
  });
  const run = spawnSync(python, [join(projectRoot(), "scripts", "bench", "seq2seq-torch.py")], {
    input,
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  if (run.status !== 0) {
    return { skipped: `PyTorch run failed: ${run.stderr.trim().split("\n").pop()}` };
  }
  return JSON.parse(run.stdout.trim().split("\n").pop()!) as TorchResult;
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  const loadBefore = loadavg()[0];
  const split = splitNumbers({
    trainLengths: recipe.trainLengths,
    testPerLength: recipe.testPerLength,
    longPerLength: recipe.longPerLength,
    seed: recipe.splitSeed,
  });
  const sample = trainingSampler(split, recipe.seed);
  // step 0 warms up (and gives the first loss); steps 1 … N are timed
  const batches = Array.from({ length: args.steps + 1 }, () => makeBatch(sample(recipe.batchSize)));
  const rows: Row[] = [];
  for (const products of ["float32", "float64"] as const) {
    const model = createSeq2seq(recipe.model);
    const count = seq2seqParameterCount(model);
    const { times, cpuTimes, firstLoss } = fromScratch(model, batches, products);
    rows.push(row(`scratch (${products} products)`, batches, times, cpuTimes, count, firstLoss));
  }
  const tfjs = await tensorflow(createSeq2seq(recipe.model), batches);
  rows.push(
    row(
      `tfjs-${tfjs.backend}`,
      batches,
      tfjs.times,
      tfjs.cpuTimes,
      tfjs.parameters,
      tfjs.firstLoss,
      "tf.layers.bidirectional(lstm) + tf ops; embeddings as one-hot·E",
    ),
  );
  const torch = pytorch(createSeq2seq(recipe.model), batches, args.torchThreads);
  if ("skipped" in torch) console.error(`pytorch: ${torch.skipped}`);
  else {
    rows.push(
      row(
        "pytorch-cpu",
        batches,
        torch.times,
        torch.cpuTimes,
        torch.parameters,
        torch.firstLoss,
        `torch ${torch.version}, ${torch.threads} thread(s)`,
      ),
    );
  }
  const loadAfter = loadavg()[0];
  const m = recipe.model;
  const tokens = batches.slice(1).map((b) => b.targetTokens);
  const setup =
    `seq2seq (attention recipe): V_src = ${SOURCE_SYMBOLS.length}, V_tgt = ${TARGET_SYMBOLS.length}, ` +
    `E = ${m.sourceEmbeddingSize}, bidirectional ${m.cell} 2 × ${m.encoderUnits}, decoder ` +
    `${2 * m.encoderUnits}, attention ${m.attentionSize}, B = ${recipe.batchSize}; ` +
    `${median(tokens)} target symbols per step (median)`;
  const load = { before: loadBefore, after: loadAfter };
  const result = { setup, steps: args.steps, load, rows };
  mkdirSync(join(projectRoot(), "build"), { recursive: true });
  writeFileSync(join(projectRoot(), "build", "bench-seq2seq.json"), JSON.stringify(result));
  if (args.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  console.log(`${setup}; median of ${args.steps} steps`);
  console.log(
    `load average (1 min): ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`,
  );
  console.log(
    `${"".padEnd(28)}${"symbols/s".padStart(10)}${"per CPU s".padStart(10)}${"ms/step".padStart(9)}${"vs scratch".padStart(11)}${"params".padStart(8)}${"loss₀".padStart(9)}`,
  );
  const best = rows[0];
  for (const r of rows) {
    const ratio = best.tokensPerSecond / r.tokensPerSecond;
    console.log(
      `${r.impl.padEnd(28)}${r.tokensPerSecond.toFixed(0).padStart(10)}${r.cpuTokensPerSecond.toFixed(0).padStart(10)}${r.msPerStep.toFixed(1).padStart(9)}${`${ratio.toFixed(2)}×`.padStart(11)}${String(r.parameters).padStart(8)}${r.firstLoss.toFixed(5).padStart(9)}${r.note ? `  ${r.note}` : ""}`,
    );
  }
}

await main();
