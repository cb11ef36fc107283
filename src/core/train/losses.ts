/**
 * The two losses, each with its gradient with respect to the model's outputs. Both are means
 * over the batch, so the learning rate does not depend on the batch size.
 */

export interface LossResult {
  /** Mean loss over the batch. */
  loss: number;
  /** ∂loss/∂outputs, same shape as the outputs (B, C). */
  dOutputs: Float64Array;
  /** How many examples of the batch are right (argmax = label, or |y − target| ≤ tolerance). */
  correct: number;
  /** softmax(outputs) for cross-entropy (B, C); the outputs themselves for squared error. */
  predictions: Float64Array;
}

/**
 * Softmax cross-entropy over C classes, mean over B examples.
 *   p = softmax(o),  L = −(1/B) Σ_n log p[n, y_n],  ∂L/∂o = (p − onehot(y)) / B
 */
export function softmaxCrossEntropy(
  logits: Float64Array, // (B, C)
  labels: ArrayLike<number>, // (B)
  batch: number,
  classes: number,
): LossResult {
  const p = new Float64Array(batch * classes); // (B, C)
  const dOutputs = new Float64Array(batch * classes); // (B, C)
  let total = 0;
  let correct = 0;
  for (let n = 0; n < batch; n++) {
    const row = n * classes;
    let max = Number.NEGATIVE_INFINITY;
    let best = 0;
    for (let c = 0; c < classes; c++) {
      if (logits[row + c] > max) {
        max = logits[row + c];
        best = c;
      }
    }
    // softmax(o)_c = e^(o_c − max) / Σ e^(o − max)   (subtracting max keeps e^· finite)
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp(logits[row + c] - max);
      p[row + c] = e;
      sum += e;
    }
    for (let c = 0; c < classes; c++) p[row + c] /= sum;
    const y = labels[n];
    // −log p_y = log Σ e^(o − max) − (o_y − max)
    total += Math.log(sum) - (logits[row + y] - max);
    if (best === y) correct++;
    // ∂L/∂o = (p − onehot(y)) / B
    for (let c = 0; c < classes; c++) dOutputs[row + c] = p[row + c] / batch;
    dOutputs[row + y] = (p[row + y] - 1) / batch;
  }
  return { loss: total / batch, dOutputs, correct, predictions: p };
}

/**
 * Squared error of one output per example, mean over B examples.
 *   L = (1/B) Σ_n (o_n − y_n)²,  ∂L/∂o_n = 2 (o_n − y_n) / B
 */
export function squaredError(
  outputs: Float64Array, // (B, 1)
  targets: ArrayLike<number>, // (B)
  batch: number,
  tolerance: number,
): LossResult {
  const dOutputs = new Float64Array(batch);
  let total = 0;
  let correct = 0;
  for (let n = 0; n < batch; n++) {
    const error = outputs[n] - targets[n];
    total += error * error;
    dOutputs[n] = (2 * error) / batch;
    if (Math.abs(error) <= tolerance) correct++;
  }
  return { loss: total / batch, dOutputs, correct, predictions: Float64Array.from(outputs) };
}
