/**
 * The plain recurrent cell (chapter 01). tfjs's SimpleRNNCell:
 *   h_t = φ((x_t·W + b) + h_{t−1}·U),  φ = tanh by default.
 * The seed writes h_t = tanh(f(x_t) + f(h_{t−1})) with f(x) = Wx + b: two biases, one per f
 * (PyTorch's b_ih and b_hh). tfjs keeps one bias, the sum of the two.
 */
import { type Floats, matMul, matMulTransposedAAdd, matMulTransposedBAdd } from "../numeric.js";
import {
  type CellGradients,
  type CellStep,
  type CellWeights,
  defersRecurrentGradient,
  type StepContext,
  type StepRecord,
} from "./cell.js";

export interface SimpleRNNStep extends StepRecord {
  /** a_t = (x_t·W + b) + h_{t−1}·U, the pre-activation (B, U). */
  preActivation: Floats;
  /** h_t = φ(a_t) (B, U). */
  h: Floats;
}

export const simpleRNNCell: CellStep<SimpleRNNStep> = {
  forward(weights: CellWeights, xW: Floats, [hPrev]: Floats[], ctx: StepContext): SimpleRNNStep {
    const { batch: B, units: U, arithmetic, activation } = ctx;
    const { round } = arithmetic; // tfjs's float32 store after each op (identity in float64)
    const hU = arithmetic.alloc(B * U); // (B, U)
    // h_{t−1}·U
    matMul(arithmetic, hPrev, weights.recurrentKernel, hU, B, U, U);
    const preActivation = arithmetic.alloc(B * U); // (B, U)
    const h = arithmetic.alloc(B * U); // (B, U)
    for (let n = 0; n < B; n++) {
      for (let u = 0; u < U; u++) {
        const j = n * U + u;
        // a_t = (x_t·W + b) + h_{t−1}·U   (tfjs rounds x·W + b before adding h·U)
        preActivation[j] = round(round(xW[j] + weights.bias[u]) + hU[j]);
        // h_t = φ(a_t)
        h[j] = activation.apply(preActivation[j]);
      }
    }
    return { preActivation, h, states: [h] };
  },

  backward(weights, record, [hPrev], [dh], ctx, grads: CellGradients) {
    const { batch: B, units: U, activation } = ctx;
    const dA = new Float64Array(B * U); // ∂L/∂a_t (B, U)
    for (let j = 0; j < B * U; j++) {
      // ∂L/∂a_t = ∂L/∂h_t ⊙ φ'(a_t)
      dA[j] = dh[j] * activation.derivative(record.preActivation[j], record.h[j]);
    }
    // ∂L/∂U += h_{t−1}ᵀ · ∂L/∂a_t     (U, U)
    const { products } = ctx.arithmetic;
    if (!defersRecurrentGradient(ctx)) {
      matMulTransposedAAdd(hPrev, dA, grads.recurrentKernel, B, U, U, U, U, U, products);
    }
    const dhPrev = new Float64Array(B * U);
    // ∂L/∂h_{t−1} = ∂L/∂a_t · Uᵀ      (B, U)
    matMulTransposedBAdd(dA, weights.recurrentKernel, dhPrev, B, U, U, U, U, U, products);
    // a_t = x_t·W + b + …: ∂L/∂(x_t·W) = ∂L/∂a_t, and the layer adds it into ∂L/∂b.
    return { dXW: dA, dStatesPrev: [dhPrev] };
  },
};
