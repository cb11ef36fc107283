/**
 * Seeded randomness: the same seed gives the same numbers on every machine and every run,
 * so re-running a notebook reproduces its outputs.
 */

/** mulberry32: a tiny 32-bit generator; returns uniform numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  if (!Number.isInteger(seed)) throw new Error(`seed: expected an integer, got ${seed}`);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform in [low, high). */
export function uniform(random: () => number, low: number, high: number): number {
  return low + (high - low) * random();
}

/** Standard normal by Box–Muller. */
export function normal(random: () => number): number {
  const u = 1 - random(); // (0, 1]: log(u) is finite
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A rows×cols nested array of uniform numbers in [−limit, limit). */
export function uniformMatrix(
  random: () => number,
  rows: number,
  cols: number,
  limit: number,
): number[][] {
  return Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => uniform(random, -limit, limit)),
  );
}
