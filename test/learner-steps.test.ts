/**
 * The steps of issue 17 a learner used to miss, written out by hand (src/core/by-hand/), against
 * the library and tfjs:
 * - the model around the cell: ∂L/∂z = (p − y)/B against tfjs autodiff (float32) and central
 *   finite differences (float64);
 * - BPTT for the plain RNN's weights: against `layerGradients` (float64, ≤ 1e-12), against tfjs
 *   autodiff of a real softmax cross-entropy loss, at the last step only and at every step;
 * - the whole chain (one-hot → RNN → dense → softmax → cross-entropy, backwards) against the
 *   training code's `lossAndGradients`.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type * as tfTypes from "@tensorflow/tfjs";
import type { Matrix, Tensor3 } from "../src/core/arrays.js";
import {
  crossEntropy,
  denseBackward,
  denseLogits,
  embeddingLookup,
  oneHot,
  softmax,
  softmaxCrossEntropyGradient,
} from "../src/core/by-hand/around-the-cell.js";
import { matMul, transpose, vecMat } from "../src/core/by-hand/dense.js";
import {
  lossAtLastStepOnly,
  rnnBackpropThroughTime,
  rnnForward,
} from "../src/core/by-hand/rnn-bptt.js";
import type { Readout } from "../src/core/by-hand/sequence-shapes.js";
import { layerGradients, runLayer } from "../src/core/layer.js";
import { seededRandom, uniformMatrix } from "../src/core/random.js";
import { softmaxCrossEntropy } from "../src/core/train/losses.js";
import { createModel, lossAndGradients } from "../src/core/train/model.js";
import { randomInputs, randomWeights } from "../src/core/weights.js";
import { loadTensorFlow } from "../src/node/reference/tfjs.js";
import { assertAbsClose, assertRelClose } from "./support.js";

/**
 * tfjs computes in float32 (unit roundoff 2⁻²⁴ ≈ 6e-8). Our side reads the same float32-rounded
 * logits, so the difference is only tfjs's rounding inside softmax (one exp, a sum of C terms, a
 * division, a subtraction): a few roundings of ≤ 6e-8 each, relative to max |∂L/∂z|. 1e-6 leaves
 * a margin of more than ten over that (measured: see the test's message).
 */
const TFJS_SOFTMAX_TOLERANCE = 1e-6;
/** Central differences in float64 with a step of 1e-5: truncation ~1e-10, rounding ~1e-11. */
const FINITE_DIFFERENCE_TOLERANCE = 1e-7;
const FINITE_DIFFERENCE_STEP = 1e-5;
/** Two float64 computations of the same sums in different orders. */
const LIBRARY_TOLERANCE = 1e-12;
/** tfjs-semantics.md: tfjs (float32) vs float64 gradients, ≤ 5e-6 absolute and 7e-5 relative. */
const TFJS_GRADIENT_ABS = 5e-6;
const TFJS_GRADIENT_REL = 7e-5;

const [B, C] = [5, 6];
const random = seededRandom(171);
/** Logits in ±3, rounded to float32 so that tfjs and we read the same numbers. */
const logits: Matrix = uniformMatrix(random, B, C, 3).map((row) => row.map(Math.fround));
const labels = Array.from({ length: B }, (_, n) => (3 * n + 1) % C);

describe("the model around the cell: ∂L/∂z = (p − y)/B", () => {
  test("equals tfjs autodiff of tf.losses.softmaxCrossEntropy and of −mean Σ y log softmax z", async () => {
    const { tf } = await loadTensorFlow({ backend: "cpu" });
    const p = softmax(logits);
    const ours = softmaxCrossEntropyGradient(p, labels);
    const y = tf.oneHot(tf.tensor1d(labels, "int32"), C);
    const z = tf.tensor2d(logits);
    const viaLoss = tf.grad((zz: tfTypes.Tensor) => tf.losses.softmaxCrossEntropy(y, zz))(z);
    const viaLogSoftmax = tf.grad((zz: tfTypes.Tensor) =>
      tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(zz)), 1))),
    )(z);
    const a = assertRelClose(
      ours,
      viaLoss.arraySync(),
      TFJS_SOFTMAX_TOLERANCE,
      "p − y vs tf.losses.softmaxCrossEntropy",
    );
    const b = assertRelClose(
      ours,
      viaLogSoftmax.arraySync(),
      TFJS_SOFTMAX_TOLERANCE,
      "p − y vs −mean(sum(y·logSoftmax(z)))",
    );
    const theirLoss = tf.losses.softmaxCrossEntropy(y, z).arraySync() as number;
    const ourLoss = crossEntropy(p, labels);
    assert.ok(Math.abs(ourLoss - theirLoss) / ourLoss <= TFJS_SOFTMAX_TOLERANCE, "the loss");
    console.log(`  relative error vs tfjs: ${a.toExponential(1)}, ${b.toExponential(1)}`);
    tf.dispose([y, z, viaLoss, viaLogSoftmax]);
  });

  test("equals central finite differences of the loss (float64)", () => {
    const ours = softmaxCrossEntropyGradient(softmax(logits), labels);
    const z = logits.map((row) => [...row]);
    const numeric = z.map((row) =>
      row.map((_, c) => {
        const saved = row[c];
        row[c] = saved + FINITE_DIFFERENCE_STEP;
        const up = crossEntropy(softmax(z), labels);
        row[c] = saved - FINITE_DIFFERENCE_STEP;
        const down = crossEntropy(softmax(z), labels);
        row[c] = saved;
        return (up - down) / (2 * FINITE_DIFFERENCE_STEP);
      }),
    );
    assertRelClose(ours, numeric, FINITE_DIFFERENCE_TOLERANCE, "p − y vs finite differences");
  });

  test("equals the training code's softmaxCrossEntropy (loss and ∂L/∂z)", () => {
    const p = softmax(logits);
    const library = softmaxCrossEntropy(Float64Array.from(logits.flat()), labels, B, C);
    assertAbsClose(p.flat(), Array.from(library.predictions), 1e-15, "p");
    assertAbsClose(crossEntropy(p, labels), library.loss, 1e-15, "L");
    const dz = softmaxCrossEntropyGradient(p, labels);
    assertAbsClose(dz.flat(), Array.from(library.dOutputs), 1e-16, "∂L/∂z");
  });

  test("probabilities sum to 1; a one-hot row times E is a lookup of E", () => {
    for (const row of softmax(logits)) {
      assert.ok(Math.abs(row.reduce((s, v) => s + v, 0) - 1) < 1e-15);
    }
    const embedding = uniformMatrix(random, 4, 3, 1);
    assert.deepEqual(vecMat(oneHot(2, 4), embedding), embeddingLookup(embedding, 2));
    assert.throws(() => oneHot(4, 4), /index: expected an integer in \[0, 4\), got 4/);
    assert.throws(() => crossEntropy(softmax(logits), [0]), /one class per row/);
  });
});

// ------------------------------------------------------------------------------------------
// BPTT for the weights

const [I, U, T, K] = [3, 5, 7, 4]; // features, units, steps, classes
const weights = randomWeights("simpleRNN", I, U, { seed: 21 });
const x = randomInputs(2, T, I, { seed: 22 }); // (2, T, I)
const h0 = randomInputs(1, 2, U, { seed: 23, scale: 0.5 })[0]; // (2, U)
const dense: Readout = {
  kernel: uniformMatrix(seededRandom(24), U, K, 0.8),
  bias: uniformMatrix(seededRandom(25), 1, K, 0.1)[0],
};
/** The class each sequence must predict at each step (B, T). */
const targets = x.map((_, n) => Array.from({ length: T }, (_, t) => (n + 2 * t) % K));

type Placement = "last step" | "every step";

const PLACEMENT_NAMES: Record<Placement, string> = {
  "last step": "a loss at the last step only",
  "every step": "a loss at every step",
};

/**
 * Readout, softmax, cross-entropy and ∂L/∂h_t by hand: the loss is the mean over the B
 * sequences (last step) or over all B·T predictions (every step).
 */
function byHand(placement: Placement) {
  const forward = rnnForward(weights, x, h0);
  const B2 = x.length;
  const stepLoss = (t: number, meanOver: number) => {
    const p = softmax(denseLogits(dense, forward.h[t]));
    const y = targets.map((row) => row[t]);
    const dz = softmaxCrossEntropyGradient(p, y, meanOver);
    return { loss: crossEntropy(p, y, meanOver), back: denseBackward(dense, forward.h[t], dz) };
  };
  let loss = 0;
  let lossGradients: Matrix[];
  const denseKernel = dense.kernel.map((row) => row.map(() => 0));
  const denseBias = dense.bias.map(() => 0);
  const collect = (back: ReturnType<typeof denseBackward>) => {
    back.kernel.forEach((row, i) => {
      row.forEach((g, c) => {
        denseKernel[i][c] += g;
      });
    });
    back.bias.forEach((g, c) => {
      denseBias[c] += g;
    });
    return back.h;
  };
  if (placement === "last step") {
    const last = stepLoss(T - 1, B2);
    loss = last.loss;
    lossGradients = lossAtLastStepOnly(collect(last.back), T);
  } else {
    lossGradients = Array.from({ length: T }, (_, t) => {
      const step = stepLoss(t, B2 * T);
      loss += step.loss;
      return collect(step.back);
    });
  }
  const grads = rnnBackpropThroughTime(weights, x, forward, lossGradients);
  return { loss, lossGradients, grads, denseKernel, denseBias, forward };
}

describe("BPTT for the plain RNN's weights, the loop by hand", () => {
  test("the forward pass equals runLayer", () => {
    const forward = rnnForward(weights, x, h0);
    const library = runLayer("simpleRNN", weights, x, {
      returnSequences: true,
      initialState: [h0],
    }).output as Tensor3;
    const ours = x.map((_, n) => forward.h.map((ht) => ht[n])); // (B, T, U)
    assertAbsClose(ours, library, 1e-15, "h_t");
  });

  for (const placement of ["last step", "every step"] as const) {
    test(`${PLACEMENT_NAMES[placement]}: equals layerGradients (float64, ≤ ${LIBRARY_TOLERANCE})`, () => {
      const { lossGradients, grads } = byHand(placement);
      const dOutput =
        placement === "last step"
          ? lossGradients[T - 1]
          : x.map((_, n) => lossGradients.map((dh) => dh[n])); // (B, T, U)
      const library = layerGradients("simpleRNN", weights, x, dOutput, {
        returnSequences: placement === "every step",
        initialState: [h0],
      });
      assertAbsClose(grads.kernel, library.kernel, LIBRARY_TOLERANCE, "∂L/∂W_xh");
      assertAbsClose(grads.recurrentKernel, library.recurrentKernel, LIBRARY_TOLERANCE, "∂L/∂W_hh");
      assertAbsClose(grads.bias, library.bias, LIBRARY_TOLERANCE, "∂L/∂b");
      assertAbsClose(grads.x, library.x, LIBRARY_TOLERANCE, "∂L/∂x");
      assertAbsClose(grads.h0, library.initialState[0], LIBRARY_TOLERANCE, "∂L/∂h0");
    });

    test(`${PLACEMENT_NAMES[placement]}: equals tfjs autodiff (≤ ${TFJS_GRADIENT_ABS} abs, ${TFJS_GRADIENT_REL} rel)`, async () => {
      const { tf } = await loadTensorFlow({ backend: "cpu" });
      const ours = byHand(placement);
      const theirs = tf.tidy(() => {
        const layer = tf.layers.simpleRNN({
          units: U,
          returnSequences: true,
          kernelInitializer: "zeros",
          recurrentInitializer: "zeros",
        });
        const xT = tf.tensor3d(x);
        const initialState = [tf.tensor2d(h0)];
        layer.apply(xT, { initialState }); // builds the layer
        layer.setWeights(weights.map((w) => tf.tensor(w as number[])));
        const denseKernel = tf.variable(tf.tensor2d(dense.kernel));
        const denseBias = tf.variable(tf.tensor1d(dense.bias));
        const rows = placement === "last step" ? [T - 1] : Array.from({ length: T }, (_, t) => t);
        const y = tf.oneHot(
          tf.tensor1d(
            targets.flatMap((row) => rows.map((t) => row[t])),
            "int32",
          ),
          K,
        ); // (B·rows, K), sequence by sequence
        const loss = () => {
          const h = layer.apply(xT, { initialState }) as tfTypes.Tensor; // (B, T, U)
          const read = tf.gather(h, rows, 1).reshape([-1, U]); // (B·rows, U)
          const z = tf.add(tf.matMul(read, denseKernel), denseBias); // (B·rows, K)
          return tf.losses.softmaxCrossEntropy(y, z) as tfTypes.Scalar; // mean over B·rows
        };
        const variables = [
          ...layer.trainableWeights.map((w) => w.read() as tfTypes.Variable),
          denseKernel,
          denseBias,
        ];
        const { value, grads } = tf.variableGrads(loss, variables);
        return {
          loss: value.arraySync() as number,
          gradients: variables.map((v) => grads[v.name].arraySync()),
        };
      });
      const [kernel, recurrentKernel, bias, denseKernel, denseBias] = theirs.gradients;
      assert.ok(Math.abs(ours.loss - theirs.loss) <= 1e-6 * ours.loss, "the loss");
      const pairs: [string, unknown, unknown][] = [
        ["∂L/∂W_xh", ours.grads.kernel, kernel],
        ["∂L/∂W_hh", ours.grads.recurrentKernel, recurrentKernel],
        ["∂L/∂b", ours.grads.bias, bias],
        ["∂L/∂W_dense", ours.denseKernel, denseKernel],
        ["∂L/∂b_dense", ours.denseBias, denseBias],
      ];
      let worstAbs = 0;
      let worstRel = 0;
      for (const [what, a, b] of pairs) {
        worstAbs = Math.max(worstAbs, assertAbsClose(a, b, TFJS_GRADIENT_ABS, what));
        worstRel = Math.max(worstRel, assertRelClose(a, b, TFJS_GRADIENT_REL, what));
      }
      console.log(
        `  ${placement}: max abs ${worstAbs.toExponential(1)}, max rel ${worstRel.toExponential(1)}`,
      );
    });
  }

  test("with a loss at every step, ∂L/∂h_t adds the step's own term and what h_{t+1} sends back", () => {
    const every = byHand("every step");
    const h = every.forward.h;
    for (let t = 0; t < T - 1; t++) {
      // what h_{t+1} sends back: (∂L/∂h_{t+1} ⊙ (1 − h_{t+1}²)) W_hhᵀ
      const dRaw = every.grads.hidden[t + 1].map((row, n) =>
        row.map((g, u) => g * (1 - h[t + 1][n][u] ** 2)),
      );
      const back = matMul(dRaw, transpose(weights[1]));
      const expected = every.lossGradients[t].map((row, n) => row.map((g, u) => g + back[n][u]));
      assertAbsClose(every.grads.hidden[t], expected, 1e-15, `∂L/∂h_${t}`);
    }
    // the last step has no h_{t+1}: only its own loss
    assert.deepEqual(every.grads.hidden[T - 1], every.lossGradients[T - 1]);
  });
});

describe("the whole chain by hand = the training code (lossAndGradients)", () => {
  test("one-hot → RNN → dense → softmax → cross-entropy at every step, backwards", () => {
    const word = [0, 1, 2, 2, 3]; // h e l l o
    const data = {
      kind: "sequence" as const,
      stream: Int32Array.from(word),
      vocabulary: ["h", "e", "l", "o"],
      time: 4,
      count: 1,
    };
    const model = createModel(data, { cell: "simpleRNN", units: 5, embeddingSize: 0, seed: 3 });
    const library = lossAndGradients(model, data, [0]);
    const V = 4;
    const rowsOf = (flat: Float64Array, cols: number): Matrix =>
      Array.from({ length: flat.length / cols }, (_, r) =>
        Array.from(flat.subarray(r * cols, (r + 1) * cols)),
      );
    const p = model.parameters;
    const rnnWeights: [Matrix, Matrix, number[]] = [
      rowsOf(p.kernel, 5),
      rowsOf(p.recurrentKernel, 5),
      Array.from(p.bias),
    ];
    const readout: Readout = { kernel: rowsOf(p.denseKernel, V), bias: Array.from(p.denseBias) };
    const inputs = [word.slice(0, 4).map((i) => oneHot(i, V))]; // (1, 4, V)
    const forward = rnnForward(rnnWeights, inputs);
    const dKernel = readout.kernel.map((row) => row.map(() => 0));
    let loss = 0;
    const lossGradients = forward.h.map((h, t) => {
      const probabilities = softmax(denseLogits(readout, h));
      loss += crossEntropy(probabilities, [word[t + 1]], 4);
      const dz = softmaxCrossEntropyGradient(probabilities, [word[t + 1]], 4);
      const back = denseBackward(readout, h, dz);
      back.kernel.forEach((row, i) => {
        row.forEach((g, c) => {
          dKernel[i][c] += g;
        });
      });
      return back.h;
    });
    const grads = rnnBackpropThroughTime(rnnWeights, inputs, forward, lossGradients);
    const g = library.gradients;
    assertAbsClose(loss, library.result.loss, 1e-15, "L");
    assertAbsClose(dKernel.flat(), Array.from(g.denseKernel), 1e-15, "∂L/∂W_dense");
    assertAbsClose(grads.kernel.flat(), Array.from(g.kernel), 1e-15, "∂L/∂W_xh");
    assertAbsClose(grads.recurrentKernel.flat(), Array.from(g.recurrentKernel), 1e-15, "∂L/∂W_hh");
    assertAbsClose(grads.bias, Array.from(g.bias), 1e-15, "∂L/∂b");
  });
});
