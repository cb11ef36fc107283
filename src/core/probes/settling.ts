/**
 * How a GRU unit can hold a value without z_t ≈ 1 (chapter 04). In
 *   h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ h̃_t
 * h_t stays put whatever z_t is once the candidate equals the old state, h̃_t ≈ h_{t−1}: the
 * state moves after the country, then settles at such a value. For one unit in one sentence,
 * with the steps after `step` (the country):
 *
 *   earlyMove        = max |h_t − h_{t−1}|  over the first `window` steps after `step`
 *   lateMove         = max |h_t − h_{t−1}|  over the last `window` steps
 *   lateCandidateGap = mean |h̃_t − h_{t−1}| over the last `window` steps
 */

export interface Settling {
  /** h_{T−1}: where the state ends. */
  final: number;
  earlyMove: number;
  lateMove: number;
  lateCandidateGap: number;
}

/** The measures above for h (T) and h̃ (T) of one unit; needs `window` steps after `step`. */
export function settling(h: number[], candidate: number[], step: number, window = 5): Settling {
  const T = h.length;
  if (candidate.length !== T) {
    throw new Error(`candidate: expected ${T} steps (as h), got ${candidate.length}`);
  }
  if (!Number.isInteger(window) || window < 1) {
    throw new Error(`window: expected a positive integer, got ${window}`);
  }
  if (!Number.isInteger(step) || step < 0 || step + window >= T) {
    throw new Error(
      `step: expected an integer in [0, ${T - window}) (${window} steps after it), got ${step}`,
    );
  }
  // |h_t − h_{t−1}| and |h̃_t − h_{t−1}| for the steps t of a range
  const moves = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, k) => Math.abs(h[from + k] - h[from + k - 1]));
  const candidateGaps = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, k) => Math.abs(candidate[from + k] - h[from + k - 1]));
  const late = candidateGaps(T - window, T);
  return {
    final: h[T - 1],
    earlyMove: Math.max(...moves(step + 1, step + 1 + window)),
    lateMove: Math.max(...moves(T - window, T)),
    lateCandidateGap: late.reduce((s, v) => s + v, 0) / window,
  };
}
