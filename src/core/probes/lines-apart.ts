/**
 * How far apart the lines of a plot with one line per class are (chapter 03: one unit's cell
 * state C_t[u] in one sentence per country). Per step t, over the lines ℓ_1 … ℓ_K:
 *
 *   spread_t  = max_k ℓ_k[t] − min_k ℓ_k[t]        0 while every sentence has read the same words
 *   closest_t = min_{a<b} |ℓ_a[t] − ℓ_b[t]|        > 0 when no two lines touch
 */

/** Both measures for every step. */
export interface LinesApart {
  /** spread_t, t = 0 … T−1. */
  spread: number[];
  /** closest_t, t = 0 … T−1. */
  closest: number[];
}

/** spread_t and closest_t of K ≥ 2 lines of equal length T. */
export function linesApart(lines: number[][]): LinesApart {
  if (lines.length < 2) throw new Error(`lines: expected at least 2 lines, got ${lines.length}`);
  const T = lines[0].length;
  lines.forEach((line, k) => {
    if (line.length !== T) {
      throw new Error(`lines[${k}]: expected ${T} steps (as lines[0]), got ${line.length}`);
    }
  });
  const spread: number[] = [];
  const closest: number[] = [];
  for (let t = 0; t < T; t++) {
    const values = lines.map((line) => line[t]); // (K)
    // spread_t = max − min
    spread.push(Math.max(...values) - Math.min(...values));
    // closest_t = min over pairs |ℓ_a − ℓ_b|
    let gap = Number.POSITIVE_INFINITY;
    for (let a = 0; a < values.length; a++) {
      for (let b = a + 1; b < values.length; b++)
        gap = Math.min(gap, Math.abs(values[a] - values[b]));
    }
    closest.push(gap);
  }
  return { spread, closest };
}

/** The lines before, at and after one step (the step that reads the country). */
export interface ApartAroundStep {
  /** max spread_t for t < step: 0 when the lines coincide before it. */
  spreadBefore: number;
  /** spread_step. */
  spreadAt: number;
  /** min spread_t for t ≥ step: how close the lines come together again. */
  leastSpreadFrom: number;
  /** closest_{T−1}: the two nearest lines at the last step. */
  closestAtEnd: number;
}

/** Summarises linesApart(lines) around `step` (0 < step < T). */
export function apartAroundStep(lines: number[][], step: number): ApartAroundStep {
  const { spread, closest } = linesApart(lines);
  const T = spread.length;
  if (!Number.isInteger(step) || step < 1 || step >= T) {
    throw new Error(`step: expected an integer in [1, ${T}), got ${step}`);
  }
  return {
    spreadBefore: Math.max(...spread.slice(0, step)),
    spreadAt: spread[step],
    leastSpreadFrom: Math.min(...spread.slice(step)),
    closestAtEnd: closest[T - 1],
  };
}
