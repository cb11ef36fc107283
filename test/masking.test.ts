/**
 * Masking (padded sequences) vs tf.layers: an embedding with maskZero: true (id 0 = padding)
 * feeding simpleRNN / lstm / gru, with returnSequences, returnState, goBackwards, on a batch
 * padded at the end, in the middle, at the start (a padded FIRST step) and everywhere.
 * tfjs (tfjs-layers recurrent.ts, function rnn): state = m·cell's state + (1 − m)·previous state,
 * output = m·cell's h + (1 − m)·previous h; a padded first step outputs h0.
 * - forward, float32 mode vs the cpu backend: bit for bit (output and states);
 * - forward, float64 mode: ≤ 1e-6 (forward-parity's bound for the cpu backend);
 * - gradients (float64 hand BPTT vs tfjs's float32 autodiff): relative ≤ 1e-4 for the embedding,
 *   kernel, recurrent kernel, bias, the input and the initial states (gradient-parity's bound);
 * - gradients vs central finite differences in float64: relative ≤ 1e-6.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import type * as tfTypes from "@tensorflow/tfjs";
import { maxAbsDiff } from "../src/core/arrays.js";
import { CELL_KINDS, type CellKind } from "../src/core/kinds.js";
import { type LayerOptions, layerGradients, runLayer } from "../src/core/layer.js";
import { randomInputs, randomWeights } from "../src/core/weights.js";
import { loadTensorFlow } from "../src/node/reference/tfjs.js";
import { assertAbsClose, assertRelClose, randomStates } from "./support.js";

const FLOAT64_TOLERANCE = 1e-6;
const GRADIENT_TOLERANCE = 1e-4;
const FINITE_DIFFERENCE_TOLERANCE = 1e-6;

// id 0 is padding (maskZero); the vocabulary is 1 … 6.
const IDS = [
  [3, 1, 4, 1, 5, 2, 6, 5, 3, 2], // no padding
  [2, 6, 5, 3, 1, 0, 0, 0, 0, 0], // padded at the end
  [4, 0, 0, 2, 6, 0, 1, 3, 0, 0], // padded in the middle and at the end
  [0, 0, 3, 5, 1, 4, 2, 6, 5, 1], // padded at the start: the first step is masked
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], // nothing but padding
];
const [B, T] = [IDS.length, IDS[0].length];
const [VOCABULARY, I, U] = [7, 5, 6];
const MASK = IDS.map((row) => row.map((id) => id !== 0));

/** The embedding matrix (VOCABULARY, I); row 0 is looked up too (tfjs does), then masked. */
const EMBEDDING = randomInputs(1, VOCABULARY, I, { seed: 81 })[0];
const X = IDS.map((row) => row.map((id) => EMBEDDING[id]));

let tf: typeof tfTypes;

interface Case {
  kind: CellKind;
  returnSequences: boolean;
  goBackwards: boolean;
  initialState?: number[][][];
}

interface Reference {
  output: number[][] | number[][][];
  states: number[][][];
  embedding: number[][];
  kernel: number[][];
  recurrentKernel: number[][];
  bias: number[];
  x: number[][][];
  initialState: number[][][];
}

function tfLayer(kind: CellKind, returnSequences: boolean, goBackwards: boolean) {
  const config = {
    units: U,
    returnSequences,
    returnState: true,
    goBackwards,
    kernelInitializer: "zeros",
    recurrentInitializer: "zeros",
  } as const;
  if (kind === "lstm") return tf.layers.lstm(config);
  if (kind === "gru") return tf.layers.gru(config);
  return tf.layers.simpleRNN(config);
}

/**
 * tf.layers: embedding (maskZero) → recurrent layer, with the embedding's computeMask() handed to
 * the layer (what a model does between the two). Gradients of
 * L = sum(output ⊙ dOutput) + Σ sum(state ⊙ dFinal) by tf.variableGrads and tf.grads.
 */
function reference(
  { kind, returnSequences, goBackwards, initialState }: Case,
  weights: ReturnType<typeof randomWeights>,
  dOutput: number[][] | number[][][],
  dFinal: number[][][],
): Reference {
  return tf.tidy(() => {
    const ids = tf.tensor2d(IDS, [B, T], "int32");
    const embedding = tf.layers.embedding({
      inputDim: VOCABULARY,
      outputDim: I,
      maskZero: true,
      embeddingsInitializer: "zeros",
    });
    embedding.apply(ids);
    embedding.setWeights([tf.tensor2d(EMBEDDING)]);
    const mask = embedding.computeMask(ids) as tfTypes.Tensor;
    const layer = tfLayer(kind, returnSequences, goBackwards);
    const h0 = initialState
      ? initialState.map((s) => tf.tensor2d(s))
      : Array.from({ length: kind === "lstm" ? 2 : 1 }, () => tf.zeros([B, U]));
    layer.apply(embedding.apply(ids) as tfTypes.Tensor, { mask, initialState: h0 });
    layer.setWeights(weights.map((w) => tf.tensor(w as number[])));
    const dOut = tf.tensor(dOutput as number[][]);
    const dStates = dFinal.map((d) => tf.tensor2d(d));
    const lossOf = (x: tfTypes.Tensor, states: tfTypes.Tensor[]) => {
      const [output, ...finalStates] = layer.apply(x, {
        mask,
        initialState: states,
      }) as tfTypes.Tensor[];
      return finalStates.reduce(
        (total, s, i) => tf.add(total, tf.sum(tf.mul(s, dStates[i]))),
        tf.sum(tf.mul(output, dOut)),
      ) as tfTypes.Scalar;
    };
    const x = embedding.apply(ids) as tfTypes.Tensor;
    const [output, ...states] = layer.apply(x, { mask, initialState: h0 }) as tfTypes.Tensor[];
    const variables = [...embedding.trainableWeights, ...layer.trainableWeights].map(
      (w) => w.read() as tfTypes.Variable,
    );
    const { grads } = tf.variableGrads(
      () => lossOf(embedding.apply(ids) as tfTypes.Tensor, h0),
      variables,
    );
    const [dEmbedding, kernel, recurrentKernel, bias] = variables.map((v) => grads[v.name]);
    const inputGrads = tf.grads((...args: tfTypes.Tensor[]) => lossOf(args[0], args.slice(1)))([
      x,
      ...h0,
    ]);
    return {
      output: output.arraySync() as number[][] | number[][][],
      states: states.map((s) => s.arraySync() as number[][]),
      embedding: dEmbedding.arraySync() as number[][],
      kernel: kernel.arraySync() as number[][],
      recurrentKernel: recurrentKernel.arraySync() as number[][],
      bias: bias.arraySync() as number[],
      x: inputGrads[0].arraySync() as number[][][],
      initialState: inputGrads.slice(1).map((g) => g.arraySync() as number[][]),
    };
  });
}

/** ∂L/∂(embedding matrix): each step's ∂L/∂x added into the row of its id. */
function embeddingGradient(dx: number[][][]): number[][] {
  const d = EMBEDDING.map((row) => row.map(() => 0));
  IDS.forEach((row, n) => {
    row.forEach((id, t) => {
      for (let i = 0; i < I; i++) d[id][i] += dx[n][t][i];
    });
  });
  return d;
}

const CASES: Case[] = CELL_KINDS.flatMap((kind) =>
  [false, true].flatMap((returnSequences) =>
    [false, true].map((goBackwards) => ({
      kind,
      returnSequences,
      goBackwards,
      // with goBackwards, a given h0: the padded steps read first must output it
      initialState: goBackwards ? randomStates(kind, B, U, 84) : undefined,
    })),
  ),
);

describe("masking: the library's layers vs tf.layers with a maskZero embedding", () => {
  before(async () => {
    ({ tf } = await loadTensorFlow({ backend: "cpu" }));
  });
  for (const testCase of CASES) {
    const { kind, returnSequences, goBackwards, initialState } = testCase;
    const name = `${kind} returnSequences=${returnSequences} goBackwards=${goBackwards} initialState=${initialState ? "given" : "zeros"}`;
    test(name, () => {
      const weights = randomWeights(kind, I, U, { seed: 82 });
      const dOutput = returnSequences
        ? randomInputs(B, T, U, { seed: 83 })
        : randomInputs(1, B, U, { seed: 83 })[0];
      const dFinal = randomStates(kind, B, U, 85);
      const options: LayerOptions = { returnSequences, goBackwards, initialState, mask: MASK };
      const theirs = reference(testCase, weights, dOutput, dFinal);

      const float32 = runLayer(kind, weights, X, { ...options, precision: "float32" });
      assert.equal(maxAbsDiff(float32.output, theirs.output), 0, "float32 output, bit for bit");
      assert.equal(maxAbsDiff(float32.states, theirs.states), 0, "float32 states, bit for bit");

      const float64 = runLayer(kind, weights, X, options);
      const forward64 = Math.max(
        assertAbsClose(float64.output, theirs.output, FLOAT64_TOLERANCE, "float64 output"),
        assertAbsClose(float64.states, theirs.states, FLOAT64_TOLERANCE, "float64 states"),
      );

      const ours = layerGradients(kind, weights, X, dOutput, { ...options, dFinalStates: dFinal });
      const worst = Math.max(
        assertRelClose(embeddingGradient(ours.x), theirs.embedding, GRADIENT_TOLERANCE, "∂L/∂E"),
        ...(["kernel", "recurrentKernel", "bias", "x", "initialState"] as const).map((key) =>
          assertRelClose(ours[key], theirs[key], GRADIENT_TOLERANCE, `∂L/∂${key}`),
        ),
      );
      console.log(
        `${name}: float32 forward diff 0; float64 forward ${forward64.toExponential(2)}; gradients relative ${worst.toExponential(2)}`,
      );
    });
  }

  test("what tfjs outputs at padded steps: the previous h, h0 at a padded first step", () => {
    const kind = "lstm";
    const weights = randomWeights(kind, I, U, { seed: 82 });
    const h0 = randomStates(kind, B, U, 84);
    const ours = runLayer(kind, weights, X, {
      returnSequences: true,
      initialState: h0,
      mask: MASK,
      precision: "float32",
    });
    const output = ours.output as number[][][];
    // row 3 is padded at steps 0 and 1: both output h0 (rounded to float32, as tfjs stores it)
    const h0Row = h0[0][3].map(Math.fround);
    assert.deepEqual(output[3][0], h0Row);
    assert.deepEqual(output[3][1], h0Row);
    // row 2 is padded at steps 1, 2: the output of step 0 is held
    assert.deepEqual(output[2][1], output[2][0]);
    assert.deepEqual(output[2][2], output[2][0]);
    // a sequence of padding only ends where it started
    assert.deepEqual(ours.states[0][4], h0[0][4].map(Math.fround));
    assert.deepEqual(ours.states[1][4], h0[1][4].map(Math.fround));
    // the same through a tf.model (embedding → lstm): the graph hands the mask over itself
    const theirs = tf.tidy(() => {
      const input = tf.input({ shape: [T], dtype: "int32" });
      const embedding = tf.layers.embedding({ inputDim: VOCABULARY, outputDim: I, maskZero: true });
      const layer = tfLayer(kind, true, false);
      const model = tf.model({
        inputs: input,
        outputs: layer.apply(embedding.apply(input)) as tfTypes.SymbolicTensor[],
      });
      embedding.setWeights([tf.tensor2d(EMBEDDING)]);
      layer.setWeights(weights.map((w) => tf.tensor(w as number[])));
      const [out] = model.predict(tf.tensor2d(IDS, [B, T], "int32")) as tfTypes.Tensor[];
      return out.arraySync() as number[][][];
    });
    const zerosStart = runLayer(kind, weights, X, {
      returnSequences: true,
      mask: MASK,
      precision: "float32",
    });
    assert.equal(maxAbsDiff(zerosStart.output, theirs), 0, "tf.model output, bit for bit");
    assert.deepEqual(theirs[3][0], new Array(U).fill(0), "padded first step: h0 = zeros");
  });
});

describe("masking: the unmasked path, finite differences, bad masks", () => {
  test("a mask of all ones changes no bit; no mask is the path it always was", () => {
    for (const kind of CELL_KINDS) {
      const weights = randomWeights(kind, I, U, { seed: 91 });
      const x = randomInputs(B, T, I, { seed: 92 });
      const ones = IDS.map((row) => row.map(() => 1));
      const dOutput = randomInputs(B, T, U, { seed: 93 });
      for (const precision of ["float32", "float64"] as const) {
        const options = { returnSequences: true, precision };
        const plain = runLayer(kind, weights, x, options);
        const masked = runLayer(kind, weights, x, { ...options, mask: ones });
        assert.equal(maxAbsDiff(plain.output, masked.output), 0, `${kind} ${precision} output`);
      }
      const plain = layerGradients(kind, weights, x, dOutput, { returnSequences: true });
      const masked = layerGradients(kind, weights, x, dOutput, {
        returnSequences: true,
        mask: ones,
      });
      for (const key of ["kernel", "recurrentKernel", "bias", "x"] as const) {
        assert.equal(maxAbsDiff(plain[key], masked[key]), 0, `${kind} ∂L/∂${key}`);
      }
    }
  });

  for (const kind of CELL_KINDS) {
    test(`${kind}: masked gradients vs central finite differences (float64, ≤ 1e-6)`, () => {
      const weights = randomWeights(kind, I, U, { seed: 101 });
      const x = randomInputs(B, T, I, { seed: 102, scale: 0.8 });
      const dOutput = randomInputs(B, T, U, { seed: 103 });
      const options: LayerOptions = {
        returnSequences: true,
        goBackwards: true,
        mask: MASK,
        recurrentActivation: "sigmoid",
      };
      const loss = () => {
        const output = runLayer(kind, weights, x, options).output as number[][][];
        let total = 0;
        for (let n = 0; n < B; n++) {
          for (let t = 0; t < T; t++) {
            for (let u = 0; u < U; u++) total += output[n][t][u] * dOutput[n][t][u];
          }
        }
        return total;
      };
      const step = 1e-5;
      const numeric = (target: number[][]) =>
        target.map((row) =>
          row.map((_, j) => {
            const saved = row[j];
            row[j] = saved + step;
            const up = loss();
            row[j] = saved - step;
            const down = loss();
            row[j] = saved;
            return (up - down) / (2 * step);
          }),
        );
      const ours = layerGradients(kind, weights, x, dOutput, options);
      const relative = Math.max(
        assertRelClose(ours.kernel, numeric(weights[0]), FINITE_DIFFERENCE_TOLERANCE, "kernel"),
        assertRelClose(
          ours.recurrentKernel,
          numeric(weights[1]),
          FINITE_DIFFERENCE_TOLERANCE,
          "recurrentKernel",
        ),
        assertRelClose(ours.x, x.map(numeric), FINITE_DIFFERENCE_TOLERANCE, "x"),
      );
      // padded steps take no part: their ∂L/∂x is exactly zero
      for (let n = 0; n < B; n++) {
        for (let t = 0; t < T; t++) {
          if (IDS[n][t] === 0) {
            assert.ok(
              ours.x[n][t].every((v) => v === 0),
              `∂L/∂x[${n}][${t}] = 0`,
            );
          }
        }
      }
      console.log(`${kind}: finite differences, relative ${relative.toExponential(2)}`);
    });
  }

  test("bad masks: wrong shape, ragged rows, flags that are not flags", () => {
    const weights = randomWeights("gru", I, U, { seed: 111 });
    const run = (mask: unknown) => runLayer("gru", weights, X, { mask } as unknown as LayerOptions);
    assert.throws(
      () => run(MASK.slice(1)),
      /^Error: mask: expected shape \[5, 10\] \(batch, time: .*\), got \[4, 10\]$/,
    );
    assert.throws(
      () => run(MASK.map((row) => row.slice(1))),
      /^Error: mask: expected shape \[5, 10\] .*got \[5, 9\]$/,
    );
    assert.throws(
      () => run([MASK[0], MASK[1].slice(2), ...MASK.slice(2)]),
      /^Error: mask\[1\]: expected an array of length 10 \(shape \[5, 10\]\), got an array of length 8$/,
    );
    assert.throws(
      () => run(MASK.map((row, n) => row.map((f, t) => (n === 2 && t === 3 ? 0.5 : f)))),
      /^Error: mask\[2\]\[3\]: expected true, false, 1 or 0, got 0\.5$/,
    );
    assert.throws(() => run("all"), /^Error: mask: expected shape \[5, 10\] .*got string "all"$/);
  });
});
