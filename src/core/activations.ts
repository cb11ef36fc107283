/**
 * Activation functions as tfjs computes them, with the derivative each backward step needs.
 * tfjs's LSTM and GRU default recurrentActivation is hardSigmoid, not sigmoid.
 */
import type { Precision } from "./numeric.js";

export type ActivationName = "tanh" | "sigmoid" | "hardSigmoid" | "linear";

export const ACTIVATION_NAMES: readonly ActivationName[] = [
  "tanh",
  "sigmoid",
  "hardSigmoid",
  "linear",
];

export interface Activation {
  name: ActivationName;
  /** y = φ(x), rounded to the working precision as tfjs rounds (hardSigmoid: after each of its ops). */
  apply: (x: number) => number;
  /** φ'(x), given the input x and the stored output y. */
  derivative: (x: number, y: number) => number;
}

/** tfjs multiplies by the float32 scalar 0.2, not by the double 0.2. */
const HARD_SIGMOID_SLOPE_F32 = Math.fround(0.2);

function hardSigmoid(precision: Precision): Activation {
  const r = precision === "float32" ? Math.fround : (x: number) => x;
  const slope = precision === "float32" ? HARD_SIGMOID_SLOPE_F32 : 0.2;
  // y = clip(0.2·x + 0.5, 0, 1)
  const inner = (x: number) => r(r(slope * x) + 0.5);
  return {
    name: "hardSigmoid",
    apply: (x) => {
      const y = inner(x);
      // clip(y, 0, 1)
      return Math.min(Math.max(y, 0), 1);
    },
    // tfjs's clipByValue passes the gradient where 0 ≤ 0.2·x + 0.5 ≤ 1 (ends included)
    derivative: (x) => {
      const y = inner(x);
      return y >= 0 && y <= 1 ? slope : 0;
    },
  };
}

/**
 * float64's tanh and σ, made once: every layer then calls the very same functions, which V8 can
 * compile into the cells' loops (tanh is Math.tanh itself, which it turns into one machine call).
 */
const FLOAT64_TANH: Activation = {
  name: "tanh",
  apply: Math.tanh,
  derivative: (_x, y) => 1 - y * y,
};
const FLOAT64_SIGMOID: Activation = {
  name: "sigmoid",
  apply: (x) => 1 / (1 + Math.exp(-x)),
  derivative: (_x, y) => y * (1 - y),
};

export function activation(name: ActivationName, precision: Precision): Activation {
  if (precision === "float64" && name === "tanh") return FLOAT64_TANH;
  if (precision === "float64" && name === "sigmoid") return FLOAT64_SIGMOID;
  // tfjs's cpu backend computes φ in a double and stores it as float32
  const r = precision === "float32" ? Math.fround : (x: number) => x;
  switch (name) {
    case "tanh":
      // tanh'(x) = 1 − tanh²(x)
      return { name, apply: (x) => r(Math.tanh(x)), derivative: (_x, y) => 1 - y * y };
    case "sigmoid":
      // σ(x) = 1 / (1 + e^(−x)), σ'(x) = σ(x)(1 − σ(x))
      return {
        name,
        apply: (x) => r(1 / (1 + Math.exp(-x))),
        derivative: (_x, y) => y * (1 - y),
      };
    case "hardSigmoid":
      return hardSigmoid(precision);
    case "linear":
      return { name, apply: (x) => x, derivative: () => 1 };
  }
}

export function checkActivation(name: unknown, option: string): ActivationName {
  if (typeof name === "string" && (ACTIVATION_NAMES as readonly string[]).includes(name)) {
    return name as ActivationName;
  }
  throw new Error(
    `${option}: expected one of ${ACTIVATION_NAMES.join(", ")}, got ${JSON.stringify(name)}`,
  );
}
