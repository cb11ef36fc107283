/**
 * Weights in tfjs's layout — [kernel, recurrentKernel, bias], what
 * `layer.getWeights().map(w => w.arraySync())` gives — plus named views for teaching
 * (W_f, U_f, b_f …) and seeded initialisation.
 */
import { expectShape, flatten, type Matrix } from "./arrays.js";
import type { CellWeights } from "./cells/cell.js";
import { blockCount, type CellKind, GATES } from "./kinds.js";
import type { Arithmetic } from "./numeric.js";
import { seededRandom, uniformMatrix } from "./random.js";

/** [kernel (I, k·U), recurrentKernel (U, k·U), bias (k·U)], or bias (2, 3U) for GRU reset-after. */
export type LayerWeights = [Matrix, Matrix, number[] | Matrix];

export interface WeightShape {
  inputSize: number; // I
  units: number; // U
}

/** Checks the three arrays against the kind and returns I and U. */
export function weightShape(kind: CellKind, weights: unknown, resetAfter = false): WeightShape {
  const k = blockCount(kind);
  if (!Array.isArray(weights) || weights.length !== 3) {
    throw new Error(
      `weights: expected [kernel, recurrentKernel, bias] for ${kind}, got ${Array.isArray(weights) ? `an array of length ${weights.length}` : typeof weights}`,
    );
  }
  const [kernel, recurrentKernel, bias] = weights;
  const [units, recurrentCols] = expectShape(
    recurrentKernel,
    "weights[1] (recurrentKernel)",
    [null, null],
    "units, k·units",
  );
  if (recurrentCols !== k * units) {
    throw new Error(
      `weights[1] (recurrentKernel): a ${kind} with ${units} units needs shape [${units}, ${k * units}] (${k} gate block${k > 1 ? "s" : ""}: ${GATES[kind].join(", ")}), got [${units}, ${recurrentCols}]`,
    );
  }
  const [inputSize] = expectShape(
    kernel,
    "weights[0] (kernel)",
    [null, k * units],
    `inputSize, ${k}·units for ${kind}`,
  );
  if (resetAfter) {
    if (Array.isArray(bias) && !Array.isArray(bias[0])) {
      throw new Error(
        `weights[2] (bias): a reset-after GRU has two biases, shape [2, ${k * units}] (input bias; recurrent bias), got one of length ${bias.length}`,
      );
    }
    expectShape(
      bias,
      "weights[2] (bias)",
      [2, k * units],
      "input bias and recurrent bias (GRU resetAfter)",
    );
  } else {
    expectShape(bias, "weights[2] (bias)", [k * units], `${k}·units for ${kind}`);
  }
  return { inputSize, units };
}

/** Flat buffers of the working precision (float32 mode rounds the weights, as tfjs does). */
export function toCellWeights(
  kind: CellKind,
  weights: LayerWeights,
  arithmetic: Arithmetic,
  resetAfter = false,
): CellWeights & WeightShape {
  const { inputSize, units } = weightShape(kind, weights, resetAfter);
  const width = blockCount(kind) * units;
  return {
    inputSize,
    units,
    kernel: flatten(weights[0], arithmetic.alloc(inputSize * width), arithmetic.round),
    recurrentKernel: flatten(weights[1], arithmetic.alloc(units * width), arithmetic.round),
    bias: flatten(weights[2], arithmetic.alloc((resetAfter ? 2 : 1) * width), arithmetic.round),
  };
}

/** One gate's slice of the fused weights: W_g (I, U), U_g (U, U), b_g (U). */
export interface GateWeights {
  W: Matrix;
  U: Matrix;
  b: number[];
}

/**
 * The fused weights cut into named gates, e.g. `gateWeights("lstm", w).f.W` is W_f.
 * Gate names and order come from GATES: lstm i, f, c, o; gru z, r, h; simpleRNN h.
 */
export function gateWeights(kind: CellKind, weights: LayerWeights): Record<string, GateWeights> {
  const { units: U } = weightShape(kind, weights);
  const columns = (m: Matrix, g: number) => m.map((row) => row.slice(g * U, (g + 1) * U));
  const views: Record<string, GateWeights> = {};
  GATES[kind].forEach((gate, g) => {
    views[gate] = {
      W: columns(weights[0], g),
      U: columns(weights[1], g),
      b: (weights[2] as number[]).slice(g * U, (g + 1) * U),
    };
  });
  return views;
}

export interface InitOptions {
  seed?: number;
  /** LSTM only: ones in the forget-gate bias (tfjs's unitForgetBias), so f_t starts near 1. */
  unitForgetBias?: boolean;
  /** Uniform range of the biases; 0 gives tfjs's zeros initializer. Default 0.1. */
  biasScale?: number;
  /** Multiplies the recurrent kernel's default scale 1/√U (e.g. to study exploding gradients). */
  recurrentScale?: number;
  /** GRU reset-after: bias is [2, 3U]. */
  resetAfter?: boolean;
}

const INIT_OPTIONS = ["seed", "unitForgetBias", "biasScale", "recurrentScale", "resetAfter"];

/**
 * Seeded weights: kernel Glorot-uniform (as tfjs's glorotUniform, limit √(6/(I + k·U))),
 * recurrent kernel uniform ±√3/√U · recurrentScale (unit variance per row sum, cheaper than
 * tfjs's orthogonal initializer), bias uniform ±biasScale.
 */
export function randomWeights(
  kind: CellKind,
  inputSize: number,
  units: number,
  options: InitOptions = {},
): LayerWeights {
  for (const key of Object.keys(options)) {
    if (!INIT_OPTIONS.includes(key)) {
      throw new Error(
        `randomWeights: unknown option "${key}"; expected one of ${INIT_OPTIONS.join(", ")}`,
      );
    }
  }
  for (const [name, n] of [
    ["inputSize", inputSize],
    ["units", units],
  ] as const) {
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`${name}: expected a positive integer, got ${n}`);
  }
  const { seed = 0, unitForgetBias = false, biasScale = 0.1, recurrentScale = 1 } = options;
  const random = seededRandom(seed);
  const width = blockCount(kind) * units;
  const kernel = uniformMatrix(random, inputSize, width, Math.sqrt(6 / (inputSize + width)));
  const recurrent = uniformMatrix(
    random,
    units,
    width,
    (Math.sqrt(3) / Math.sqrt(units)) * recurrentScale,
  );
  const biasRow = () => uniformMatrix(random, 1, width, biasScale)[0];
  const bias = biasRow();
  if (unitForgetBias) {
    if (kind !== "lstm")
      throw new Error(`unitForgetBias: only an lstm has a forget gate, got kind ${kind}`);
    for (let u = units; u < 2 * units; u++) bias[u] = 1;
  }
  return [kernel, recurrent, options.resetAfter ? [bias, biasRow()] : bias];
}

/** A seeded batch of inputs, B×T×I, uniform in [−1, 1). */
export function randomInputs(
  batch: number,
  time: number,
  features: number,
  options: { seed?: number; scale?: number } = {},
): number[][][] {
  const random = seededRandom(options.seed ?? 1);
  return Array.from({ length: batch }, () =>
    uniformMatrix(random, time, features, options.scale ?? 1),
  );
}
