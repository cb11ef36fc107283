/**
 * The bidirectional layer vs tf.layers.bidirectional, for every merge mode (concat, sum, mul,
 * ave), every cell kind, returnSequences true and false, with and without a mask (padding at the
 * end, in the middle, at the start, everywhere), returnState on:
 * - forward, float32 mode vs the cpu backend: bit for bit (output and the four or two states);
 * - forward, float64 mode: ≤ 1e-6 (forward-parity's bound for the cpu backend);
 * - gradients of L = sum(output ⊙ dOutput) + Σ sum(state ⊙ dFinal), float64 by hand vs tfjs's
 *   float32 autodiff (tf.variableGrads for both layers' weights, tf.grads for the input and the
 *   initial states): relative ≤ 1e-4 (gradient-parity's bound).
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import type * as tfTypes from "@tensorflow/tfjs";
import { maxAbsDiff } from "../src/core/arrays.js";
import {
  type BidirectionalOptions,
  type BidirectionalWeights,
  bidirectionalGradients,
  MERGE_MODES,
  type MergeMode,
  runBidirectional,
} from "../src/core/bidirectional.js";
import { CELL_KINDS, type CellKind } from "../src/core/kinds.js";
import { runLayer } from "../src/core/layer.js";
import { randomInputs, randomWeights } from "../src/core/weights.js";
import { loadTensorFlow } from "../src/node/reference/tfjs.js";
import { assertAbsClose, assertRelClose, randomStates } from "./support.js";

const FLOAT64_TOLERANCE = 1e-6;
const GRADIENT_TOLERANCE = 1e-4;

// 1 = a real step, 0 = padding (what an embedding with maskZero gives for id 0)
const MASK = [
  [1, 1, 1, 1, 1, 1, 1, 1, 1],
  [1, 1, 1, 1, 0, 0, 0, 0, 0],
  [1, 0, 0, 1, 1, 0, 1, 1, 0],
  [0, 0, 1, 1, 1, 1, 1, 1, 1],
  [0, 0, 0, 0, 0, 0, 0, 0, 0],
];
const [B, T, I, U] = [MASK.length, MASK[0].length, 4, 5];
const X = randomInputs(B, T, I, { seed: 121 });

let tf: typeof tfTypes;

interface Case {
  kind: CellKind;
  mergeMode: MergeMode;
  returnSequences: boolean;
  masked: boolean;
  initialState?: number[][][];
}

function weightsFor(kind: CellKind): BidirectionalWeights {
  return {
    forward: randomWeights(kind, I, U, { seed: 122 }),
    backward: randomWeights(kind, I, U, { seed: 123 }),
  };
}

/** tf.layers.bidirectional around a layer with returnState, fed our weights and gradients. */
function reference(
  { kind, mergeMode, returnSequences, masked, initialState }: Case,
  weights: BidirectionalWeights,
  dOutput: number[][] | number[][][],
  dFinal: number[][][],
) {
  return tf.tidy(() => {
    const config = {
      units: U,
      returnSequences,
      returnState: true,
      kernelInitializer: "zeros",
      recurrentInitializer: "zeros",
    } as const;
    const inner =
      kind === "lstm"
        ? tf.layers.lstm(config)
        : kind === "gru"
          ? tf.layers.gru(config)
          : tf.layers.simpleRNN(config);
    const layer = tf.layers.bidirectional({ layer: inner as tfTypes.RNN, mergeMode });
    const x = tf.tensor3d(X);
    const mask = masked ? tf.notEqual(tf.tensor2d(MASK, [B, T], "int32"), 0) : undefined;
    const h0 = initialState?.map((s) => tf.tensor2d(s));
    const apply = (input: tfTypes.Tensor, states: tfTypes.Tensor[] | undefined) =>
      layer.apply(input, {
        ...(mask ? { mask } : {}),
        ...(states ? { initialState: states } : {}),
      }) as tfTypes.Tensor[];
    apply(x, h0);
    layer.setWeights(
      [...weights.forward, ...weights.backward].map((w) => tf.tensor(w as number[])),
    );
    const dOut = tf.tensor(dOutput as number[][]);
    const dStates = dFinal.map((d) => tf.tensor2d(d));
    const lossOf = (input: tfTypes.Tensor, states: tfTypes.Tensor[] | undefined) => {
      const [output, ...finalStates] = apply(input, states);
      return finalStates.reduce(
        (total, s, i) => tf.add(total, tf.sum(tf.mul(s, dStates[i]))),
        tf.sum(tf.mul(output, dOut)),
      ) as tfTypes.Scalar;
    };
    const [output, ...states] = apply(x, h0);
    const variables = layer.trainableWeights.map((w) => w.read() as tfTypes.Variable);
    const { grads } = tf.variableGrads(() => lossOf(x, h0), variables);
    const [fk, fr, fb, bk, br, bb] = variables.map((v) => grads[v.name].arraySync());
    const inputGrads = tf.grads((...args: tfTypes.Tensor[]) =>
      lossOf(args[0], h0 ? args.slice(1) : undefined),
    )([x, ...(h0 ?? [])]);
    return {
      output: output.arraySync() as number[][] | number[][][],
      states: states.map((s) => s.arraySync() as number[][]),
      forward: { kernel: fk, recurrentKernel: fr, bias: fb },
      backward: { kernel: bk, recurrentKernel: br, bias: bb },
      x: inputGrads[0].arraySync() as number[][][],
      initialState: inputGrads.slice(1).map((g) => g.arraySync() as number[][]),
    };
  });
}

const CASES: Case[] = CELL_KINDS.flatMap((kind) =>
  MERGE_MODES.flatMap((mergeMode) =>
    [false, true].flatMap((returnSequences) =>
      [false, true].map((masked) => ({
        kind,
        mergeMode,
        returnSequences,
        masked,
        // given initial states for half of the cases (forward's, then backward's)
        initialState: masked
          ? randomStates(kind, B, U, 124).concat(randomStates(kind, B, U, 126))
          : undefined,
      })),
    ),
  ),
);

describe("bidirectional: the library vs tf.layers.bidirectional", () => {
  before(async () => {
    ({ tf } = await loadTensorFlow({ backend: "cpu" }));
  });
  for (const testCase of CASES) {
    const { kind, mergeMode, returnSequences, masked, initialState } = testCase;
    const name = `${kind} ${mergeMode} returnSequences=${returnSequences} mask=${masked} initialState=${initialState ? "given" : "zeros"}`;
    test(name, () => {
      const weights = weightsFor(kind);
      const width = mergeMode === "concat" ? 2 * U : U;
      const dOutput = returnSequences
        ? randomInputs(B, T, width, { seed: 125 })
        : randomInputs(1, B, width, { seed: 125 })[0];
      const states = kind === "lstm" ? 4 : 2;
      const dFinal = Array.from(
        { length: states },
        (_, s) => randomInputs(1, B, U, { seed: 130 + s })[0],
      );
      const options: BidirectionalOptions = {
        mergeMode,
        returnSequences,
        initialState,
        ...(masked ? { mask: MASK } : {}),
      };
      const theirs = reference(testCase, weights, dOutput, dFinal);

      const float32 = runBidirectional(kind, weights, X, { ...options, precision: "float32" });
      assert.equal(maxAbsDiff(float32.output, theirs.output), 0, "float32 output, bit for bit");
      assert.equal(maxAbsDiff(float32.states, theirs.states), 0, "float32 states, bit for bit");

      const float64 = runBidirectional(kind, weights, X, options);
      const forward64 = Math.max(
        assertAbsClose(float64.output, theirs.output, FLOAT64_TOLERANCE, "float64 output"),
        assertAbsClose(float64.states, theirs.states, FLOAT64_TOLERANCE, "float64 states"),
      );

      const ours = bidirectionalGradients(kind, weights, X, dOutput, {
        ...options,
        dFinalStates: dFinal,
      });
      const relative: number[] = [];
      for (const direction of ["forward", "backward"] as const) {
        for (const key of ["kernel", "recurrentKernel", "bias"] as const) {
          relative.push(
            assertRelClose(
              ours[direction][key],
              theirs[direction][key],
              GRADIENT_TOLERANCE,
              `${direction} ∂L/∂${key}`,
            ),
          );
        }
      }
      relative.push(assertRelClose(ours.x, theirs.x, GRADIENT_TOLERANCE, "∂L/∂x"));
      if (initialState) {
        relative.push(
          assertRelClose(ours.initialState, theirs.initialState, GRADIENT_TOLERANCE, "∂L/∂h0"),
        );
      }
      console.log(
        `${name}: float32 forward diff 0; float64 forward ${forward64.toExponential(2)}; gradients relative ${Math.max(...relative).toExponential(2)}`,
      );
    });
  }
});

describe("bidirectional: what the two halves are, bad options", () => {
  test("concat = [forward layer, backward layer reversed to time order]", () => {
    const weights = weightsFor("gru");
    for (const returnSequences of [false, true]) {
      const both = runBidirectional("gru", weights, X, { returnSequences, mask: MASK });
      const forward = runLayer("gru", weights.forward, X, { returnSequences, mask: MASK });
      const backward = runLayer("gru", weights.backward, X, {
        returnSequences,
        goBackwards: true,
        mask: MASK,
      });
      if (!returnSequences) {
        // the backward layer's LAST output: the step that read x_0
        const out = both.output as number[][];
        assert.deepEqual(
          out.map((row) => row.slice(0, U)),
          forward.output,
        );
        assert.deepEqual(
          out.map((row) => row.slice(U)),
          backward.output,
        );
      } else {
        const out = both.output as number[][][];
        const back = backward.output as number[][][];
        for (let n = 0; n < B; n++) {
          for (let t = 0; t < T; t++) {
            assert.deepEqual(out[n][t].slice(0, U), (forward.output as number[][][])[n][t]);
            assert.deepEqual(out[n][t].slice(U), back[n][T - 1 - t]);
          }
        }
      }
      assert.deepEqual(both.states, [...forward.states, ...backward.states]);
    }
  });

  test("bad options: merge mode, goBackwards, initial states, dOutput", () => {
    const weights = weightsFor("lstm");
    assert.throws(
      () => runBidirectional("lstm", weights, X, { mergeMode: "max" as MergeMode }),
      /^Error: mergeMode: expected one of concat, sum, mul, ave, got "max"$/,
    );
    assert.throws(
      () => runBidirectional("lstm", weights, X, { goBackwards: true } as BidirectionalOptions),
      /^Error: goBackwards: a bidirectional layer already reads the sequence both ways/,
    );
    assert.throws(
      () => runBidirectional("lstm", weights, X, { initialState: randomStates("lstm", B, U, 1) }),
      /^Error: initialState: a bidirectional lstm expects \[h→, c→, h←, c←\] .*got 2 arrays$/,
    );
    assert.throws(
      () => runBidirectional("lstm", [weights.forward, weights.backward] as never, X),
      /^Error: weights: expected \{ forward, backward \}/,
    );
    assert.throws(
      () => bidirectionalGradients("lstm", weights, X, randomInputs(1, B, U, { seed: 1 })[0]),
      /^Error: dOutput: expected shape \[5, 10\] \(batch, the merged output's width\), got \[5, 5\]$/,
    );
  });
});
