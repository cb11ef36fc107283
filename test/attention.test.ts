/**
 * Additive attention (src/core/seq2seq/attention.ts), its hand-written backward pass checked
 * three ways, on T = 4 decoder steps that share one source's keys, with and without a bias b, with
 * and without a mask (padding at the end, at the start, in the middle):
 * - central finite differences in float64: relative error ≤ 1e-6 for every parameter and input;
 * - tfjs autodiff (cpu backend) of the same graph built from tf ops: outputs and gradients within
 *   float32's reach (the bounds below say why);
 * - padded positions: weight exactly 0, gradient exactly 0; weights sum to 1.
 * "Relative" is normwise, per array: max_i |ours_i − theirs_i| / max(max_i |theirs_i|, 1e-3)
 * (maxRelDiff in src/core/arrays.ts), so a gradient entry near zero is judged against the size of
 * the whole gradient, not against itself.
 * The loss: L = Σ_t Σ c_t ⊙ R_t + Σ_t Σ α_t ⊙ Q_t for fixed random R (B, T, D_enc) and Q (B, T, S),
 * so ∂L/∂c = R and ∂L/∂α = Q.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import type * as tfTypes from "@tensorflow/tfjs";
import type { Matrix, Tensor3 } from "../src/core/arrays.js";
import {
  type AttentionGradients,
  type AttentionParameters,
  additiveAttention,
  additiveAttentionGradients,
  additiveAttentionOverSteps,
  attentionGradientBuffers,
  attentionMemory,
  attentionMemoryBackward,
  attentionStep,
  attentionStepBackward,
  flatAttentionParameters,
  randomAttentionParameters,
} from "../src/core/seq2seq/attention.js";
import { randomInputs } from "../src/core/weights.js";
import { loadTensorFlow } from "../src/node/reference/tfjs.js";
import { assertAbsClose, assertRelClose } from "./support.js";

// B sources of S positions; encoder size E = D_enc, decoder size D = D_dec, attention size A;
// T decoder steps
const [B, S, E, D, A, T] = [3, 5, 4, 3, 6, 4];
// 1 = a real source position, 0 = padding: at the end, at the start and in the middle
const MASK = [
  [1, 1, 1, 1, 1],
  [1, 1, 1, 0, 0],
  [0, 1, 0, 1, 1],
];

const STEP = 1e-5; // central differences: truncation ~STEP², round-off ~1e-16/STEP, both ≪ 1e-6
const FINITE_DIFFERENCE_TOLERANCE = 1e-6;
// tfjs computes in float32 (unit round-off u = 2⁻²⁴ ≈ 6e-8 per op). Our inputs are float32
// numbers already, so only tfjs's arithmetic differs. The forward graph is ~6 ops deep (two
// products of ≤ 6 terms, add, tanh, softmax's exp/sum/div, a weighted sum of ≤ 5 rows), a few u
// per number: 1e-6 ≈ 16u (measured 1.1e-7 ≈ 2u). The backward graph is about twice as deep,
// sums over T = 4 steps and B·S = 15 positions (∂L/∂W_k, ∂L/∂v, ∂L/∂b) and cancels in the
// softmax's α_j (∂L/∂α_j − Σ α_i ∂L/∂α_i): 2e-6 ≈ 32u (measured 6.3e-7 ≈ 11u). The cpu backend
// is plain JavaScript, so these numbers are the same on every machine.
const FLOAT32_OUTPUT_TOLERANCE = 1e-6;
const FLOAT32_GRADIENT_TOLERANCE = 2e-6;

const round32 = (m: Matrix): Matrix => m.map((row) => row.map(Math.fround));
const round32Tensor = (x: Tensor3): Tensor3 => x.map(round32);

/** Seeded parameters as float32 numbers (what tfjs holds), b well away from zero. */
function parametersFor(withBias: boolean): AttentionParameters {
  const p = randomAttentionParameters(D, E, A, { seed: 181, bias: withBias, biasScale: 0.5 });
  return {
    queryKernel: round32(p.queryKernel),
    keyKernel: round32(p.keyKernel),
    scoreVector: p.scoreVector.map(Math.fround),
    ...(p.bias ? { bias: p.bias.map(Math.fround) } : {}),
  };
}

const H = round32Tensor(randomInputs(B, S, E, { seed: 182 })); // encoder states (B, S, D_enc)
const QUERIES = round32Tensor(randomInputs(B, T, D, { seed: 183 })); // s_t (B, T, D_dec)
const R = round32Tensor(randomInputs(B, T, E, { seed: 184 })); // ∂L/∂c (B, T, D_enc)
const Q = round32Tensor(randomInputs(B, T, S, { seed: 185 })); // ∂L/∂α (B, T, S)

interface Case {
  withBias: boolean;
  masked: boolean;
}
const CASES: Case[] = [false, true].flatMap((withBias) =>
  [false, true].map((masked) => ({ withBias, masked })),
);
const caseName = ({ withBias, masked }: Case) =>
  `${withBias ? "with b" : "without b"}, ${masked ? "masked" : "no mask"}`;

/** L = Σ c ⊙ R + Σ α ⊙ Q over the T steps, in float64 through the library's forward pass. */
function loss(
  parameters: AttentionParameters,
  encoderStates: Tensor3,
  queries: Tensor3,
  mask: number[][] | undefined,
): number {
  const { context, weights } = additiveAttentionOverSteps(parameters, encoderStates, queries, {
    ...(mask ? { mask } : {}),
  });
  let total = 0;
  for (let n = 0; n < B; n++) {
    for (let t = 0; t < T; t++) {
      for (let d = 0; d < E; d++) total += context[n][t][d] * R[n][t][d];
      for (let j = 0; j < S; j++) total += weights[n][t][j] * Q[n][t][j];
    }
  }
  return total;
}

/** Central differences over every number inside `target` (changed and restored in place). */
function numericGradient(target: unknown, evaluate: () => number): unknown {
  if (!Array.isArray(target)) throw new Error("numericGradient: expected an array");
  return target.map((item, i) => {
    if (Array.isArray(item)) return numericGradient(item, evaluate);
    const saved = target[i] as number;
    target[i] = saved + STEP;
    const up = evaluate();
    target[i] = saved - STEP;
    const down = evaluate();
    target[i] = saved;
    return (up - down) / (2 * STEP);
  });
}

const GRADIENT_NAMES = [
  "queryKernel",
  "keyKernel",
  "scoreVector",
  "bias",
  "encoderStates",
  "queries",
] as const;

function handGradients({ withBias, masked }: Case): AttentionGradients {
  return additiveAttentionGradients(parametersFor(withBias), H, QUERIES, R, {
    dWeights: Q,
    ...(masked ? { mask: MASK } : {}),
  });
}

const worst = { finiteDifferences: 0, tfOutputs: 0, tfGradients: 0 };

describe("additive attention: hand backward vs central finite differences (float64, ≤ 1e-6)", () => {
  for (const c of CASES) {
    test(caseName(c), () => {
      const parameters = parametersFor(c.withBias);
      const encoderStates = H.map((m) => m.map((row) => [...row]));
      const queries = QUERIES.map((m) => m.map((row) => [...row]));
      const mask = c.masked ? MASK : undefined;
      const evaluate = () => loss(parameters, encoderStates, queries, mask);
      const numeric: Record<string, unknown> = {
        queryKernel: numericGradient(parameters.queryKernel, evaluate),
        keyKernel: numericGradient(parameters.keyKernel, evaluate),
        scoreVector: numericGradient(parameters.scoreVector, evaluate),
        encoderStates: numericGradient(encoderStates, evaluate),
        queries: numericGradient(queries, evaluate),
      };
      if (parameters.bias) numeric.bias = numericGradient(parameters.bias, evaluate);
      const ours = handGradients(c);
      assert.equal(ours.bias !== undefined, c.withBias, "∂L/∂b exactly when there is a b");
      for (const name of GRADIENT_NAMES) {
        if (name === "bias" && !c.withBias) continue;
        const diff = assertRelClose(
          ours[name],
          numeric[name],
          FINITE_DIFFERENCE_TOLERANCE,
          `${caseName(c)}: ∂L/∂${name}`,
        );
        worst.finiteDifferences = Math.max(worst.finiteDifferences, diff);
      }
    });
  }

  test("T steps sharing the keys = the sum of T one-step problems", () => {
    const parameters = parametersFor(true);
    const together = handGradients({ withBias: true, masked: true });
    const sum = (a: unknown, b: unknown): unknown =>
      Array.isArray(a)
        ? a.map((x, i) => sum(x, (b as unknown[])[i]))
        : (a as number) + (b as number);
    let separate: Record<string, unknown> | undefined;
    for (let t = 0; t < T; t++) {
      const one = additiveAttentionGradients(
        parameters,
        H,
        QUERIES.map((m) => [m[t]]),
        R.map((m) => [m[t]]),
        { dWeights: Q.map((m) => [m[t]]), mask: MASK },
      ) as unknown as Record<string, unknown>;
      if (separate === undefined) {
        separate = { ...one, queries: undefined };
      } else {
        for (const name of ["queryKernel", "keyKernel", "scoreVector", "bias", "encoderStates"]) {
          separate[name] = sum(separate[name], one[name]);
        }
      }
      assertAbsClose(
        one.queries,
        together.queries.map((m) => [m[t]]),
        0,
        `∂L/∂s_${t}: one step alone`,
      );
    }
    for (const name of ["queryKernel", "keyKernel", "scoreVector", "bias", "encoderStates"]) {
      assertAbsClose(
        together[name as keyof AttentionGradients],
        separate?.[name],
        1e-14,
        `∂L/∂${name}: summed over steps`,
      );
    }
  });
});

let tf: typeof tfTypes;

/** The same graph from tf ops: outputs (B, T, ·) and tf.grads of L for every input. */
function reference({ withBias, masked }: Case) {
  const parameters = parametersFor(withBias);
  return tf.tidy(() => {
    const maskTensor = tf.tensor2d(MASK, [B, S], "bool");
    const minusInfinity = tf.fill([B, S], Number.NEGATIVE_INFINITY);
    const forward = (
      queryKernel: tfTypes.Tensor,
      keyKernel: tfTypes.Tensor,
      scoreVector: tfTypes.Tensor,
      encoderStates: tfTypes.Tensor,
      queries: tfTypes.Tensor,
      bias: tfTypes.Tensor | undefined,
    ) => {
      // k_j = h_j W_k (+ b)
      const projected = tf.matMul(tf.reshape(encoderStates, [B * S, E]), keyKernel);
      const keys = tf.reshape(bias ? tf.add(projected, bias) : projected, [B, S, A]);
      const scores: tfTypes.Tensor[] = [];
      const weights: tfTypes.Tensor[] = [];
      const contexts: tfTypes.Tensor[] = [];
      for (const query of tf.unstack(queries, 1)) {
        // u_j = tanh(s W_q + k_j);  e_j = vᵀ u_j
        const queryPart = tf.reshape(tf.matMul(query, queryKernel), [B, 1, A]);
        const hidden = tf.tanh(tf.add(queryPart, keys));
        const raw = tf.reshape(
          tf.matMul(tf.reshape(hidden, [B * S, A]), tf.reshape(scoreVector, [A, 1])),
          [B, S],
        );
        const e = masked ? tf.where(maskTensor, raw, minusInfinity) : raw;
        // α = softmax_j(e);  c = Σ_j α_j h_j
        const alpha = tf.softmax(e);
        const context = tf.reshape(tf.matMul(tf.reshape(alpha, [B, 1, S]), encoderStates), [B, E]);
        scores.push(e);
        weights.push(alpha);
        contexts.push(context);
      }
      return {
        scores: tf.stack(scores, 1),
        weights: tf.stack(weights, 1),
        context: tf.stack(contexts, 1),
      };
    };
    const dContext = tf.tensor3d(R);
    const dWeights = tf.tensor3d(Q);
    const inputs = [
      tf.tensor2d(parameters.queryKernel),
      tf.tensor2d(parameters.keyKernel),
      tf.tensor1d(parameters.scoreVector),
      tf.tensor3d(H),
      tf.tensor3d(QUERIES),
      ...(parameters.bias ? [tf.tensor1d(parameters.bias)] : []),
    ];
    const lossOf = (...args: tfTypes.Tensor[]) => {
      const out = forward(args[0], args[1], args[2], args[3], args[4], args[5]);
      return tf.add(
        tf.sum(tf.mul(out.context, dContext)),
        tf.sum(tf.mul(out.weights, dWeights)),
      ) as tfTypes.Scalar;
    };
    const outputs = forward(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], inputs[5]);
    const grads = tf
      .grads(lossOf)(inputs)
      .map((g) => g.arraySync());
    return {
      scores: outputs.scores.arraySync() as Tensor3,
      weights: outputs.weights.arraySync() as Tensor3,
      context: outputs.context.arraySync() as Tensor3,
      gradients: {
        queryKernel: grads[0],
        keyKernel: grads[1],
        scoreVector: grads[2],
        encoderStates: grads[3],
        queries: grads[4],
        bias: grads[5],
      },
    };
  });
}

/** −∞ (a padded position's score) as 0, so that two score arrays can be subtracted. */
const finiteScores = (scores: Tensor3): Tensor3 =>
  scores.map((m) => m.map((row) => row.map((e) => (e === Number.NEGATIVE_INFINITY ? 0 : e))));

describe("additive attention: float64 by hand vs tfjs autodiff of the same tf ops (cpu)", () => {
  before(async () => {
    ({ tf } = await loadTensorFlow({ backend: "cpu" }));
  });
  for (const c of CASES) {
    test(`${caseName(c)}: outputs ≤ 1e-6, gradients ≤ 2e-6 (relative)`, () => {
      const theirs = reference(c);
      const ours = additiveAttentionOverSteps(parametersFor(c.withBias), H, QUERIES, {
        ...(c.masked ? { mask: MASK } : {}),
      });
      // −∞ at exactly the same places
      const padded = (scores: Tensor3) =>
        scores.map((m) => m.map((row) => row.map((e) => e === Number.NEGATIVE_INFINITY)));
      assert.deepEqual(padded(ours.scores), padded(theirs.scores), "−∞ scores at padded positions");
      for (const [name, a, b] of [
        ["scores", finiteScores(ours.scores), finiteScores(theirs.scores)],
        ["weights", ours.weights, theirs.weights],
        ["context", ours.context, theirs.context],
      ] as const) {
        const diff = assertRelClose(a, b, FLOAT32_OUTPUT_TOLERANCE, `${caseName(c)}: ${name}`);
        worst.tfOutputs = Math.max(worst.tfOutputs, diff);
      }
      const gradients = handGradients(c);
      for (const name of GRADIENT_NAMES) {
        if (name === "bias" && !c.withBias) continue;
        const diff = assertRelClose(
          gradients[name],
          theirs.gradients[name],
          FLOAT32_GRADIENT_TOLERANCE,
          `${caseName(c)}: ∂L/∂${name}`,
        );
        worst.tfGradients = Math.max(worst.tfGradients, diff);
      }
    });
  }
});

describe("additive attention: padding, softmax, one step", () => {
  test("padded positions: weight exactly 0, no gradient; every step's weights sum to 1", () => {
    const parameters = parametersFor(true);
    const { weights, context } = additiveAttentionOverSteps(parameters, H, QUERIES, {
      mask: MASK,
    });
    const gradients = handGradients({ withBias: true, masked: true });
    for (let n = 0; n < B; n++) {
      for (let t = 0; t < T; t++) {
        const total = weights[n][t].reduce((sum, w) => sum + w, 0);
        assert.ok(Math.abs(total - 1) <= 1e-15, `Σ_j α[${n}][${t}][j] = ${total}`);
        for (let j = 0; j < S; j++) {
          if (MASK[n][j] === 0) assert.equal(weights[n][t][j], 0, `α[${n}][${t}][${j}]`);
          else assert.ok(weights[n][t][j] > 0, `α[${n}][${t}][${j}] > 0`);
        }
      }
      for (let j = 0; j < S; j++) {
        if (MASK[n][j] === 0) {
          assert.deepEqual(
            gradients.encoderStates[n][j],
            new Array(E).fill(0),
            `∂L/∂h[${n}][${j}]`,
          );
        }
      }
    }
    // what sits at a padded position changes nothing: neither the contexts nor any gradient
    const changed = H.map((m, n) => m.map((row, j) => row.map((x) => (MASK[n][j] ? x : 1e3))));
    const dWeightsChanged = Q.map((m, n) =>
      m.map((row) => row.map((x, j) => (MASK[n][j] ? x : 7))),
    );
    const again = additiveAttentionOverSteps(parameters, changed, QUERIES, { mask: MASK });
    assert.deepEqual(again.context, context, "contexts with other numbers at padded positions");
    const gradientsAgain = additiveAttentionGradients(parameters, changed, QUERIES, R, {
      dWeights: dWeightsChanged,
      mask: MASK,
    });
    for (const name of GRADIENT_NAMES) {
      assert.deepEqual(gradientsAgain[name], gradients[name], `∂L/∂${name}, padding changed`);
    }
  });

  test("no mask = a mask of ones, bit for bit", () => {
    const parameters = parametersFor(true);
    const ones = MASK.map((row) => row.map(() => 1));
    const plain = handGradients({ withBias: true, masked: false });
    const withOnes = additiveAttentionGradients(parameters, H, QUERIES, R, {
      dWeights: Q,
      mask: ones,
    });
    assert.deepEqual(withOnes, plain);
  });

  test("huge scores: the softmax stays finite and sums to 1", () => {
    const parameters = parametersFor(false);
    const loud = { ...parameters, scoreVector: parameters.scoreVector.map((v) => 1e4 * v) };
    const { weights, context } = additiveAttention(
      loud,
      H,
      QUERIES.map((m) => m[0]),
    );
    for (const row of weights) {
      assert.ok(row.every(Number.isFinite), `finite weights: ${row}`);
      assert.ok(Math.abs(row.reduce((s, w) => s + w, 0) - 1) <= 1e-15, `Σ α = 1: ${row}`);
    }
    assert.ok(context.flat().every(Number.isFinite), "finite context");
    const gradients = additiveAttentionGradients(loud, H, QUERIES, R, { dWeights: Q });
    assert.ok(gradients.keyKernel.flat().every(Number.isFinite), "finite ∂L/∂W_k");
  });

  test("one step = the first of several (additiveAttention vs additiveAttentionOverSteps)", () => {
    const parameters = parametersFor(true);
    const many = additiveAttentionOverSteps(parameters, H, QUERIES, { mask: MASK });
    const one = additiveAttention(
      parameters,
      H,
      QUERIES.map((m) => m[2]),
      { mask: MASK },
    );
    assert.deepEqual(
      one.weights,
      many.weights.map((m) => m[2]),
    );
    assert.deepEqual(
      one.context,
      many.context.map((m) => m[2]),
    );
  });

  test("flat API, step by step as a decoder uses it, = the nested gradients", () => {
    const { parameters } = flatAttentionParameters(parametersFor(true), E);
    const sizes = { batch: B, sourceLength: S, encoderSize: E, decoderSize: D, attentionSize: A };
    const mask = Uint8Array.from(MASK.flat());
    const memory = attentionMemory(parameters, Float64Array.from(H.flat(2)), sizes, mask);
    const steps = QUERIES[0].map((_, t) =>
      attentionStep(parameters, memory, Float64Array.from(QUERIES.flatMap((m) => m[t]))),
    );
    const gradients = attentionGradientBuffers(parameters, sizes);
    for (let t = T - 1; t >= 0; t--) {
      attentionStepBackward(
        parameters,
        memory,
        steps[t],
        {
          context: Float64Array.from(R.flatMap((m) => m[t])),
          weights: Float64Array.from(Q.flatMap((m) => m[t])),
        },
        gradients,
      );
    }
    attentionMemoryBackward(parameters, memory, gradients);
    attentionMemoryBackward(parameters, memory, gradients); // the keys' gradient was consumed
    const nested = handGradients({ withBias: true, masked: true });
    assert.deepEqual(Array.from(gradients.keyKernel), nested.keyKernel.flat());
    assert.deepEqual(Array.from(gradients.encoderStates), nested.encoderStates.flat(2));
    assert.deepEqual(Array.from(gradients.bias ?? []), nested.bias);
  });
});

describe("additive attention: bad input is named, with what was expected and what came", () => {
  const parameters = parametersFor(true);
  const query = QUERIES.map((m) => m[0]);
  const cases: [string, () => unknown, RegExp][] = [
    [
      "W_k's rows ≠ the encoder size",
      () =>
        additiveAttention({ ...parameters, keyKernel: parameters.keyKernel.slice(1) }, H, query),
      /keyKernel \(W_k\): expected shape \[4, 6\] \(encoder size = encoderStates' last axis, attention size = scoreVector's length\), got \[3, 6\]/,
    ],
    [
      "W_q's columns ≠ v's length",
      () =>
        additiveAttention(
          { ...parameters, queryKernel: parameters.queryKernel.map((row) => row.slice(1)) },
          H,
          query,
        ),
      /queryKernel \(W_q\): expected shape \[any, 6\] \(decoder size, attention size = scoreVector's length\), got \[3, 5\]/,
    ],
    [
      "b's length ≠ v's",
      () => additiveAttention({ ...parameters, bias: [1, 2] }, H, query),
      /bias \(b\): expected shape \[6\] \(attention size = scoreVector's length\), got \[2\]/,
    ],
    [
      "a query of the wrong batch",
      () => additiveAttention(parameters, H, query.slice(1)),
      /query \(s\): expected shape \[3, 3\] \(batch = encoderStates' batch, decoder size = queryKernel's rows\), got \[2, 3\]/,
    ],
    [
      "queries of the wrong decoder size",
      () => additiveAttentionOverSteps(parameters, H, randomInputs(B, T, D + 1)),
      /queries \(s_t\): expected shape \[3, any, 3\] \(.*\), got \[3, 4, 4\]/,
    ],
    [
      "ragged encoder states",
      () => additiveAttention(parameters, [H[0], H[1].slice(1), H[2]], query),
      /encoderStates \(H\)\[1\]: expected an array of length 5 \(shape \[3, 5, 4\]\), got an array of length 4/,
    ],
    [
      "∂L/∂c of the wrong size",
      () => additiveAttentionGradients(parameters, H, QUERIES, randomInputs(B, T, E - 1)),
      /dContext \(∂L\/∂c\): expected shape \[3, 4, 4\] \(batch, decoder steps = queries' steps, encoder size\), got \[3, 4, 3\]/,
    ],
    [
      "∂L/∂α of the wrong size",
      () =>
        additiveAttentionGradients(parameters, H, QUERIES, R, { dWeights: randomInputs(B, T, 2) }),
      /dWeights \(∂L\/∂α\): expected shape \[3, 4, 5\] \(.*source length\), got \[3, 4, 2\]/,
    ],
    [
      "a mask of the wrong length",
      () => additiveAttention(parameters, H, query, { mask: MASK.map((row) => row.slice(1)) }),
      /mask\[0\]: expected an array of length 5 \(shape \[3, 5\]\), got an array of length 4/,
    ],
    [
      "a mask flag that is not a flag",
      () => additiveAttention(parameters, H, query, { mask: [[1, 1, 1, 1, 2], ...MASK.slice(1)] }),
      /mask\[0\]\[4\]: expected true, false, 1 or 0, got 2/,
    ],
    [
      "a source that is all padding",
      () => additiveAttention(parameters, H, query, { mask: [MASK[0], [0, 0, 0, 0, 0], MASK[2]] }),
      /mask\[1\]: every position is padding; attention needs at least one real source position/,
    ],
    [
      "an unknown option",
      () => additiveAttention(parameters, H, query, { masks: MASK } as never),
      /options: unknown option "masks"; expected one of mask/,
    ],
    [
      "flat: encoder states of the wrong length",
      () => {
        const { parameters: flat } = flatAttentionParameters(parameters);
        const sizes = {
          batch: B,
          sourceLength: S,
          encoderSize: E,
          decoderSize: D,
          attentionSize: A,
        };
        return attentionMemory(flat, new Float64Array(B * S * E - 1), sizes);
      },
      /encoderStates \(H\): expected 3·5·4 = 60 numbers \(batch, source length, encoder size\), got 59/,
    ],
    [
      "flat: a query of the wrong length",
      () => {
        const { parameters: flat } = flatAttentionParameters(parameters);
        const sizes = {
          batch: B,
          sourceLength: S,
          encoderSize: E,
          decoderSize: D,
          attentionSize: A,
        };
        const memory = attentionMemory(flat, new Float64Array(B * S * E), sizes);
        return attentionStep(flat, memory, new Float64Array(B * D + 1));
      },
      /query \(s\): expected 3·3 = 9 numbers \(batch, decoder size\), got 10/,
    ],
  ];
  for (const [what, call, message] of cases) {
    test(what, () => {
      assert.throws(call, message);
    });
  }
});

describe("additive attention: measured differences", () => {
  test("prints the worst relative differences seen above", () => {
    console.log(
      `worst relative difference: finite differences ${worst.finiteDifferences.toExponential(2)}, ` +
        `tfjs outputs ${worst.tfOutputs.toExponential(2)}, tfjs gradients ${worst.tfGradients.toExponential(2)}`,
    );
  });
});
