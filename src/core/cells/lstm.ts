/**
 * The LSTM cell (chapter 03), step by step as tfjs's LSTMCell computes it: the LSTM with a forget
 * gate (Gers, Schmidhuber & Cummins 2000; the LSTM of Hochreiter & Schmidhuber 1997 had none,
 * C_t = C_{t−1} + i_t ⊙ C̃_t) and without peephole connections, as in tfjs and Keras.
 * Fused weights hold four column blocks in the order i, f, C̃, o (see ../kinds.ts):
 *   z   = (x_t·W + h_{t−1}·U) + b              (B, 4U)
 *   i_t = σ(z_i)   f_t = σ(z_f)   C̃_t = φ(z_c)   o_t = σ(z_o)
 *   C_t = f_t ⊙ C_{t−1} + i_t ⊙ C̃_t
 *   h_t = o_t ⊙ φ(C_t)
 * σ = recurrentActivation (hardSigmoid by default in tfjs), φ = activation (tanh).
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

export interface LSTMStep extends StepRecord {
  /** z = x_t·W + h_{t−1}·U + b, all four blocks (B, 4U). */
  preActivation: Floats;
  inputGate: Floats; // i_t (B, U)
  forgetGate: Floats; // f_t (B, U)
  candidate: Floats; // C̃_t (B, U)
  outputGate: Floats; // o_t (B, U)
  cellState: Floats; // C_t (B, U)
  cellStateSquashed: Floats; // φ(C_t) (B, U)
  h: Floats; // h_t (B, U)
}

export const lstmCell: CellStep<LSTMStep> = {
  forward(weights: CellWeights, xW: Floats, [hPrev, cPrev]: Floats[], ctx: StepContext): LSTMStep {
    const { batch: B, units: U, arithmetic, activation, recurrentActivation: sigma } = ctx;
    const { round } = arithmetic; // tfjs's float32 store after each op (identity in float64)
    const G = 4 * U;
    const hU = arithmetic.alloc(B * G); // (B, 4U)
    // h_{t−1}·U
    matMul(arithmetic, hPrev, weights.recurrentKernel, hU, B, U, G);
    const z = arithmetic.alloc(B * G); // (B, 4U)
    for (let n = 0; n < B; n++) {
      for (let g = 0; g < G; g++) {
        const j = n * G + g;
        // z = (x_t·W + h_{t−1}·U) + b   (tfjs adds the bias last)
        z[j] = round(round(xW[j] + hU[j]) + weights.bias[g]);
      }
    }
    const [i, f, cTilde, o, c, tanhC, h] = Array.from({ length: 7 }, () => arithmetic.alloc(B * U));
    for (let n = 0; n < B; n++) {
      for (let u = 0; u < U; u++) {
        const j = n * U + u;
        const zj = n * G + u;
        // i_t = σ(x_t W_i + h_{t−1} U_i + b_i)
        i[j] = sigma.apply(z[zj]);
        // f_t = σ(x_t W_f + h_{t−1} U_f + b_f)
        f[j] = sigma.apply(z[zj + U]);
        // C̃_t = φ(x_t W_c + h_{t−1} U_c + b_c)
        cTilde[j] = activation.apply(z[zj + 2 * U]);
        // C_t = f_t ⊙ C_{t−1} + i_t ⊙ C̃_t
        c[j] = round(round(f[j] * cPrev[j]) + round(i[j] * cTilde[j]));
        // o_t = σ(x_t W_o + h_{t−1} U_o + b_o)
        o[j] = sigma.apply(z[zj + 3 * U]);
        // h_t = o_t ⊙ φ(C_t)
        tanhC[j] = activation.apply(c[j]);
        h[j] = round(o[j] * tanhC[j]);
      }
    }
    return {
      preActivation: z,
      inputGate: i,
      forgetGate: f,
      candidate: cTilde,
      outputGate: o,
      cellState: c,
      cellStateSquashed: tanhC,
      h,
      states: [h, c],
    };
  },

  backward(weights, record, [hPrev, cPrev], [dh, dc], ctx, grads: CellGradients) {
    const { batch: B, units: U, activation, recurrentActivation: sigma } = ctx;
    const G = 4 * U;
    const { preActivation: z, inputGate: i, forgetGate: f, candidate: cTilde } = record;
    const { outputGate: o, cellState: c, cellStateSquashed: tanhC } = record;
    const dZ = new Float64Array(B * G); // ∂L/∂z (B, 4U)
    const dcPrev = new Float64Array(B * U);
    for (let n = 0; n < B; n++) {
      for (let u = 0; u < U; u++) {
        const j = n * U + u;
        const zj = n * G + u;
        // h_t = o_t ⊙ φ(C_t):  ∂L/∂C_t gets ∂L/∂h_t ⊙ o_t ⊙ φ'(C_t) on top of what C_{t+1} sent
        const dC = dc[j] + dh[j] * o[j] * activation.derivative(c[j], tanhC[j]);
        // C_t = f_t ⊙ C_{t−1} + i_t ⊙ C̃_t: the direct path gives ∂C_t/∂C_{t−1} = f_t; the paths
        // through h_{t−1} (which every gate reads) come back via ∂L/∂h_{t−1} below
        dcPrev[j] = dC * f[j];
        dZ[zj] = dC * cTilde[j] * sigma.derivative(z[zj], i[j]); // ∂L/∂z_i
        dZ[zj + U] = dC * cPrev[j] * sigma.derivative(z[zj + U], f[j]); // ∂L/∂z_f
        dZ[zj + 2 * U] = dC * i[j] * activation.derivative(z[zj + 2 * U], cTilde[j]); // ∂L/∂z_c
        dZ[zj + 3 * U] = dh[j] * tanhC[j] * sigma.derivative(z[zj + 3 * U], o[j]); // ∂L/∂z_o
      }
    }
    // ∂L/∂U += h_{t−1}ᵀ · ∂L/∂z     (U, 4U)
    const { products } = ctx.arithmetic;
    if (!defersRecurrentGradient(ctx)) {
      matMulTransposedAAdd(hPrev, dZ, grads.recurrentKernel, B, U, G, U, G, G, products);
    }
    const dhPrev = new Float64Array(B * U);
    // ∂L/∂h_{t−1} = ∂L/∂z · Uᵀ      (B, U)
    matMulTransposedBAdd(dZ, weights.recurrentKernel, dhPrev, B, G, U, G, G, U, products);
    // z = x_t·W + … + b: ∂L/∂(x_t·W) = ∂L/∂z, and the layer adds it into ∂L/∂b.
    return { dXW: dZ, dStatesPrev: [dhPrev, dcPrev] };
  },
};
