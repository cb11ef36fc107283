/**
 * The GRU cell (chapter 04), in two variants. Fused blocks in the order z, r, h̃ (../kinds.ts).
 * σ is the recurrent activation (tfjs's default: hardSigmoid), φ the activation (default tanh).
 *
 * Reset-before (Cho et al. 2014, tfjs, Keras with reset_after=False; the default here). One bias
 * b (3U):
 *   m = x_t·W + b                                   (B, 3U)
 *   z_t = σ(m_z + h_{t−1}·U_z)    r_t = σ(m_r + h_{t−1}·U_r)
 *   h̃_t = φ(m_h + (r_t ⊙ h_{t−1})·U_h)             reset applied BEFORE the product
 *   h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ h̃_t
 *
 * Reset-after (PyTorch, cuDNN, Keras's default reset_after=True since TensorFlow 2; tfjs's own GRU
 * refuses it). Two biases: b_x and b_h (bias is [2, 3U]). Here n is the recurrent projection, not
 * PyTorch's candidate n_t (which is h̃_t below):
 *   m = x_t·W + b_x     n = h_{t−1}·U + b_h        (B, 3U) each
 *   z_t = σ(m_z + n_z)   r_t = σ(m_r + n_r)
 *   h̃_t = φ(m_h + r_t ⊙ n_h)                        reset applied AFTER the product
 *   h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ h̃_t
 *
 * Porting note: Cho et al. (2014, eq. 7), Keras and PyTorch write the same h_t as tfjs (a large z
 * keeps the old state). Chung et al. (2014) and colah's post write h_t = (1 − z_t) ⊙ h_{t−1} +
 * z_t ⊙ h̃_t, i.e. their z is tfjs's 1 − z.
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

export interface GRUStep extends StepRecord {
  /** x_t·W + b (reset-before) or x_t·W + b_x (reset-after) (B, 3U). */
  inputProjection: Floats;
  /** Reset-before: h_{t−1}·[U_z U_r] (B, 2U). Reset-after: h_{t−1}·U + b_h (B, 3U). */
  recurrentProjection: Floats;
  updateGatePre: Floats; // m_z + … (B, U)
  resetGatePre: Floats; // m_r + … (B, U)
  updateGate: Floats; // z_t (B, U)
  resetGate: Floats; // r_t (B, U)
  /** Reset-before: r_t ⊙ h_{t−1}. Reset-after: r_t ⊙ n_h. (B, U) */
  resetHidden: Floats;
  candidatePre: Floats; // (B, U)
  candidate: Floats; // h̃_t (B, U)
  h: Floats; // h_t (B, U)
}

/** The shared tail of both variants: gates from their pre-activations, then h_t. */
function gateAndMix(
  record: Omit<GRUStep, "states" | "h">,
  hPrev: Floats,
  ctx: StepContext,
): GRUStep {
  const { batch: B, units: U, arithmetic } = ctx;
  const { round } = arithmetic; // tfjs's float32 store after each op (identity in float64)
  const h = arithmetic.alloc(B * U);
  for (let j = 0; j < B * U; j++) {
    const z = record.updateGate[j];
    // h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ h̃_t
    h[j] = round(round(z * hPrev[j]) + round(round(1 - z) * record.candidate[j]));
  }
  return { ...record, h, states: [h] };
}

function allocate(ctx: StepContext, count: number): Floats[] {
  return Array.from({ length: count }, () => ctx.arithmetic.alloc(ctx.batch * ctx.units));
}

export const gruCell: CellStep<GRUStep> = {
  forward(weights: CellWeights, xW: Floats, [hPrev]: Floats[], ctx: StepContext): GRUStep {
    const { batch: B, units: U, arithmetic, activation, recurrentActivation: sigma } = ctx;
    const { round } = arithmetic; // tfjs's float32 store after each op (identity in float64)
    const G = 3 * U;
    const m = arithmetic.alloc(B * G); // (B, 3U)
    for (let n = 0; n < B; n++) {
      // m = x_t·W + b
      for (let g = 0; g < G; g++) m[n * G + g] = round(xW[n * G + g] + weights.bias[g]);
    }
    const hUzr = arithmetic.alloc(B * 2 * U); // (B, 2U)
    // h_{t−1}·[U_z U_r]: the first 2U columns of U
    matMul(arithmetic, hPrev, weights.recurrentKernel, hUzr, B, U, 2 * U, G);
    const [zPre, rPre, z, r, rh, hPre, hTilde] = allocate(ctx, 7);
    for (let n = 0; n < B; n++) {
      for (let u = 0; u < U; u++) {
        const j = n * U + u;
        // z_t = σ(x_t W_z + b_z + h_{t−1} U_z)
        zPre[j] = round(m[n * G + u] + hUzr[n * 2 * U + u]);
        z[j] = sigma.apply(zPre[j]);
        // r_t = σ(x_t W_r + b_r + h_{t−1} U_r)
        rPre[j] = round(m[n * G + U + u] + hUzr[n * 2 * U + U + u]);
        r[j] = sigma.apply(rPre[j]);
        // r_t ⊙ h_{t−1}
        rh[j] = round(r[j] * hPrev[j]);
      }
    }
    const rhUh = arithmetic.alloc(B * U); // (B, U)
    // (r_t ⊙ h_{t−1})·U_h: the last U columns of U
    matMul(arithmetic, rh, weights.recurrentKernel.subarray(2 * U), rhUh, B, U, U, G);
    for (let n = 0; n < B; n++) {
      for (let u = 0; u < U; u++) {
        const j = n * U + u;
        // h̃_t = φ(x_t W_h + b_h + (r_t ⊙ h_{t−1}) U_h)
        hPre[j] = round(m[n * G + 2 * U + u] + rhUh[j]);
        hTilde[j] = activation.apply(hPre[j]);
      }
    }
    return gateAndMix(
      {
        inputProjection: m,
        recurrentProjection: hUzr,
        updateGatePre: zPre,
        resetGatePre: rPre,
        updateGate: z,
        resetGate: r,
        resetHidden: rh,
        candidatePre: hPre,
        candidate: hTilde,
      },
      hPrev,
      ctx,
    );
  },

  backward(weights, record, [hPrev], [dh], ctx, grads: CellGradients) {
    const { batch: B, units: U, activation, recurrentActivation: sigma } = ctx;
    const G = 3 * U;
    const { updateGate: z, resetGate: r, candidate: hTilde } = record;
    const dM = new Float64Array(B * G); // ∂L/∂m = ∂L/∂(x_t·W) (B, 3U)
    const dhPrev = new Float64Array(B * U);
    const dHPre = new Float64Array(B * U); // ∂L/∂(pre-activation of h̃)
    for (let n = 0; n < B; n++) {
      for (let u = 0; u < U; u++) {
        const j = n * U + u;
        // h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ h̃_t
        dhPrev[j] = dh[j] * z[j];
        dHPre[j] = dh[j] * (1 - z[j]) * activation.derivative(record.candidatePre[j], hTilde[j]);
        dM[n * G + 2 * U + u] = dHPre[j];
      }
    }
    // ∂L/∂U_h += (r_t ⊙ h_{t−1})ᵀ · ∂L/∂(pre of h̃)       (U, U) in the last block
    const { products } = ctx.arithmetic;
    const deferred = defersRecurrentGradient(ctx);
    if (!deferred) {
      matMulTransposedAAdd(
        record.resetHidden,
        dHPre,
        grads.recurrentKernel.subarray(2 * U),
        B,
        U,
        U,
        U,
        U,
        G,
        products,
      );
    }
    const dRH = new Float64Array(B * U); // ∂L/∂(r_t ⊙ h_{t−1})
    matMulTransposedBAdd(
      dHPre,
      weights.recurrentKernel.subarray(2 * U),
      dRH,
      B,
      U,
      U,
      U,
      G,
      U,
      products,
    );
    const dZR = new Float64Array(B * 2 * U); // ∂L/∂(pre-activations of z, r) (B, 2U)
    for (let n = 0; n < B; n++) {
      for (let u = 0; u < U; u++) {
        const j = n * U + u;
        dhPrev[j] += dRH[j] * r[j];
        const dz = dh[j] * (hPrev[j] - hTilde[j]);
        const dr = dRH[j] * hPrev[j];
        dZR[n * 2 * U + u] = dz * sigma.derivative(record.updateGatePre[j], z[j]);
        dZR[n * 2 * U + U + u] = dr * sigma.derivative(record.resetGatePre[j], r[j]);
        dM[n * G + u] = dZR[n * 2 * U + u];
        dM[n * G + U + u] = dZR[n * 2 * U + U + u];
      }
    }
    // ∂L/∂[U_z U_r] += h_{t−1}ᵀ · ∂L/∂[z r]pre            (U, 2U) in the first two blocks
    if (!deferred) {
      matMulTransposedAAdd(hPrev, dZR, grads.recurrentKernel, B, U, 2 * U, U, 2 * U, G, products);
    }
    // ∂L/∂h_{t−1} += ∂L/∂[z r]pre · [U_z U_r]ᵀ
    matMulTransposedBAdd(dZR, weights.recurrentKernel, dhPrev, B, 2 * U, U, 2 * U, G, U, products);
    return { dXW: dM, dStatesPrev: [dhPrev] };
  },
};

export const gruResetAfterCell: CellStep<GRUStep> = {
  forward(weights: CellWeights, xW: Floats, [hPrev]: Floats[], ctx: StepContext): GRUStep {
    const { batch: B, units: U, arithmetic, activation, recurrentActivation: sigma } = ctx;
    const { round } = arithmetic; // tfjs's float32 store after each op (identity in float64)
    const G = 3 * U;
    const inputBias = weights.bias.subarray(0, G);
    const recurrentBias = weights.bias.subarray(G, 2 * G);
    const m = arithmetic.alloc(B * G); // (B, 3U)
    const hU = arithmetic.alloc(B * G); // (B, 3U)
    // h_{t−1}·U
    matMul(arithmetic, hPrev, weights.recurrentKernel, hU, B, U, G);
    for (let n = 0; n < B; n++) {
      for (let g = 0; g < G; g++) {
        // m = x_t·W + b_x;   n = h_{t−1}·U + b_h
        m[n * G + g] = round(xW[n * G + g] + inputBias[g]);
        hU[n * G + g] = round(hU[n * G + g] + recurrentBias[g]);
      }
    }
    const [zPre, rPre, z, r, rn, hPre, hTilde] = allocate(ctx, 7);
    for (let n = 0; n < B; n++) {
      for (let u = 0; u < U; u++) {
        const j = n * U + u;
        const k = n * G + u;
        // z_t = σ(m_z + n_z)
        zPre[j] = round(m[k] + hU[k]);
        z[j] = sigma.apply(zPre[j]);
        // r_t = σ(m_r + n_r)
        rPre[j] = round(m[k + U] + hU[k + U]);
        r[j] = sigma.apply(rPre[j]);
        // h̃_t = φ(m_h + r_t ⊙ n_h)
        rn[j] = round(r[j] * hU[k + 2 * U]);
        hPre[j] = round(m[k + 2 * U] + rn[j]);
        hTilde[j] = activation.apply(hPre[j]);
      }
    }
    return gateAndMix(
      {
        inputProjection: m,
        recurrentProjection: hU,
        updateGatePre: zPre,
        resetGatePre: rPre,
        updateGate: z,
        resetGate: r,
        resetHidden: rn,
        candidatePre: hPre,
        candidate: hTilde,
      },
      hPrev,
      ctx,
    );
  },

  backward(weights, record, [hPrev], [dh], ctx, grads: CellGradients) {
    const { batch: B, units: U, activation, recurrentActivation: sigma } = ctx;
    const G = 3 * U;
    const { updateGate: z, resetGate: r, candidate: hTilde, recurrentProjection: nAll } = record;
    const dM = new Float64Array(B * G); // ∂L/∂m (B, 3U)
    const dN = new Float64Array(B * G); // ∂L/∂n (B, 3U)
    const dhPrev = new Float64Array(B * U);
    for (let n = 0; n < B; n++) {
      for (let u = 0; u < U; u++) {
        const j = n * U + u;
        const k = n * G + u;
        // h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ h̃_t
        dhPrev[j] = dh[j] * z[j];
        const dHPre = dh[j] * (1 - z[j]) * activation.derivative(record.candidatePre[j], hTilde[j]);
        // h̃_t = φ(m_h + r_t ⊙ n_h)
        dM[k + 2 * U] = dHPre;
        dN[k + 2 * U] = dHPre * r[j];
        const dr = dHPre * nAll[k + 2 * U];
        const dz = dh[j] * (hPrev[j] - hTilde[j]);
        dM[k] = dN[k] = dz * sigma.derivative(record.updateGatePre[j], z[j]);
        dM[k + U] = dN[k + U] = dr * sigma.derivative(record.resetGatePre[j], r[j]);
      }
    }
    // ∂L/∂U += h_{t−1}ᵀ · ∂L/∂n      (U, 3U);   ∂L/∂b_h += Σ_batch ∂L/∂n
    matMulTransposedAAdd(hPrev, dN, grads.recurrentKernel, B, U, G);
    const recurrentBiasGrad = grads.bias.subarray(G, 2 * G);
    for (let n = 0; n < B; n++) for (let g = 0; g < G; g++) recurrentBiasGrad[g] += dN[n * G + g];
    // ∂L/∂h_{t−1} += ∂L/∂n · Uᵀ
    matMulTransposedBAdd(dN, weights.recurrentKernel, dhPrev, B, G, U);
    return { dXW: dM, dStatesPrev: [dhPrev] };
  },
};
