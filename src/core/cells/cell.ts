/**
 * What every cell file provides. The sequence loop (../layer.ts) is the same for all three
 * cells; only one time step, forward and backward, differs.
 */
import type { Activation } from "../activations.js";
import type { Arithmetic, Floats } from "../numeric.js";

/** Sizes and settings shared by every step of one layer call. */
export interface StepContext {
  batch: number; // B
  inputSize: number; // I
  units: number; // U
  arithmetic: Arithmetic;
  activation: Activation; // φ, tanh by default
  recurrentActivation: Activation; // σ for the gates (hardSigmoid by default in tfjs)
}

/** Weights as flat row-major buffers, in tfjs's layout. */
export interface CellWeights {
  kernel: Floats; // W: (I, k·U)
  recurrentKernel: Floats; // U: (U, k·U)
  bias: Floats; // b: (k·U), or (2·3U) for GRU reset-after: [input bias; recurrent bias]
}

/** Gradient accumulators, shaped like CellWeights (always float64). */
export interface CellGradients {
  kernel: Float64Array;
  recurrentKernel: Float64Array;
  bias: Float64Array;
}

/**
 * With float32 products (training the character model) the cells leave ∂L/∂U out of their
 * backward steps, and the layer adds it once over all steps — one large product instead of T
 * small ones (../layer.ts, `recurrentKernelGradient`). float64 keeps the per-step sums.
 */
export function defersRecurrentGradient(ctx: StepContext): boolean {
  return ctx.arithmetic.products === "float32";
}

/** Every intermediate of one step; the plots read gates from here. */
export interface StepRecord {
  /** New states: [h] or [h, c], each (B, U). */
  states: Floats[];
}

export interface CellStep<R extends StepRecord> {
  /**
   * One forward step. `xW` is x_t·W (B, k·U) without bias: the layer computes it for all
   * steps at once (same sums, same rounding as tfjs's per-step matMul).
   */
  forward(weights: CellWeights, xW: Floats, statesPrev: Floats[], ctx: StepContext): R;
  /**
   * One backward step. `dStates` holds ∂L/∂(states of this step). Adds into `grads` the
   * recurrent kernel's and recurrent bias's share; returns ∂L/∂(x_t·W), from which the layer
   * gets ∂L/∂W, ∂L/∂x and the input bias's gradient, and ∂L/∂(previous states).
   */
  backward(
    weights: CellWeights,
    record: R,
    statesPrev: Floats[],
    dStates: Float64Array[],
    ctx: StepContext,
    grads: CellGradients,
  ): { dXW: Float64Array; dStatesPrev: Float64Array[] };
}
