/**
 * Decoding (chapter 07): how a trained decoder writes an output one symbol at a time, feeding
 * each chosen symbol back in as the next step's input.
 *
 * - Greedy: at every step take the most probable symbol. Cheap, and it never revisits a choice:
 *   a locally best first symbol can lead to a worse whole sequence.
 * - Beam search (width k): keep the k best unfinished prefixes by their summed log-probability
 *   log P(y_1 … y_t) = Σ_i log p(y_i | y_<i, x). At each step every kept prefix is extended by
 *   every symbol, and the best `k − (finished so far)` extensions are kept; an extension that ends
 *   with <end> is put aside as finished (as in CS224n's assignment 4). The search stops when k
 *   hypotheses are finished or after `maxLength` steps, and returns the finished hypothesis with
 *   the best length-normalised score
 *       score(y) = log P(y) / |y|^α          |y| counts the output symbols, <end> included;
 *   α = 0 ranks by probability alone (which favours short outputs), α = 1 by the mean
 *   log-probability per symbol. Unfinished prefixes are ranked by log P alone. With k = 1 this is
 *   exactly greedy decoding.
 *
 * Any model fits: `StepModel` is "a state and the last symbol in, log-probabilities of the next
 * symbol and the next state out", for several hypotheses at once (a batch).
 */

/** A decoder as the search sees it. `S` is one hypothesis's state (e.g. the RNN's h and c). */
export interface StepModel<S> {
  /** The state before the first output symbol (after reading the source). */
  initialState: S;
  /** The symbol fed in at the first step. */
  startToken: number;
  /** The symbol that ends an output. */
  endToken: number;
  /**
   * One step for n hypotheses: their states and last symbols in; for each, log p(next symbol)
   * over the whole vocabulary, its next state and (a model with attention) the attention weights
   * over the source positions at this step.
   */
  step(
    states: readonly S[],
    tokens: readonly number[],
  ): { logProbabilities: Float64Array[]; states: S[]; attention?: Float64Array[] };
}

export interface Hypothesis {
  /** The output symbols, without <end>. */
  tokens: number[];
  /** log P of the output: Σ over its steps, the <end> step included when finished. */
  logProbability: number;
  /** logProbability / length^α (length: tokens, plus 1 for <end> when finished; greedy: α = 1). */
  score: number;
  /** Ended with <end> (false: stopped at maxLength). */
  finished: boolean;
  /** The attention weights of every step (the <end> step included), when the model has them. */
  attention?: Float64Array[];
}

export interface DecodeOptions {
  /** Steps before giving up on reaching <end>. Default 32. */
  maxLength?: number;
}

export interface BeamSearchOptions extends DecodeOptions {
  /** k: hypotheses kept at each step. Default 4. */
  beamWidth?: number;
  /** α of the length normalisation log P / |y|^α. Default 1. */
  lengthPenalty?: number;
}

export interface BeamSearchResult {
  /** The finished hypothesis with the best score (an unfinished one if none finished). */
  best: Hypothesis;
  /** Every finished hypothesis, best score first. */
  finished: Hypothesis[];
}

function checkPositive(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new Error(`${name}: expected a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** log P / length^α. */
export function normalisedScore(logProbability: number, length: number, alpha: number): number {
  return alpha === 0 ? logProbability : logProbability / length ** alpha;
}

/** The index of the largest entry (the first one on a tie). */
function argmax(values: Float64Array): number {
  let best = 0;
  for (let j = 1; j < values.length; j++) if (values[j] > values[best]) best = j;
  return best;
}

/** Greedy decoding: the most probable symbol at every step, until <end> or maxLength. */
export function greedyDecode<S>(model: StepModel<S>, options: DecodeOptions = {}): Hypothesis {
  const maxLength = checkPositive(options.maxLength ?? 32, "maxLength");
  let state = model.initialState;
  let token = model.startToken;
  const tokens: number[] = [];
  const attention: Float64Array[] = [];
  let logProbability = 0;
  for (let t = 0; t < maxLength; t++) {
    const out = model.step([state], [token]);
    const logP = out.logProbabilities[0];
    token = argmax(logP);
    logProbability += logP[token];
    if (out.attention) attention.push(out.attention[0]);
    state = out.states[0];
    if (token === model.endToken) {
      return hypothesis(tokens, logProbability, true, 1, out.attention ? attention : undefined);
    }
    tokens.push(token);
  }
  return hypothesis(tokens, logProbability, false, 1, attention.length ? attention : undefined);
}

function hypothesis(
  tokens: number[],
  logProbability: number,
  finished: boolean,
  alpha: number,
  attention?: Float64Array[],
): Hypothesis {
  const length = tokens.length + (finished ? 1 : 0);
  const result: Hypothesis = {
    tokens,
    logProbability,
    score: normalisedScore(logProbability, Math.max(length, 1), alpha),
    finished,
  };
  if (attention) result.attention = attention;
  return result;
}

interface Alive<S> {
  tokens: number[];
  logProbability: number;
  state: S;
  attention: Float64Array[];
}

/** Beam search of width k with length normalisation (see the top of this file). */
export function beamSearch<S>(
  model: StepModel<S>,
  options: BeamSearchOptions = {},
): BeamSearchResult {
  const k = checkPositive(options.beamWidth ?? 4, "beamWidth");
  const maxLength = checkPositive(options.maxLength ?? 32, "maxLength");
  const alpha = options.lengthPenalty ?? 1;
  if (!(alpha >= 0) || !Number.isFinite(alpha)) {
    throw new Error(`lengthPenalty: expected a number ≥ 0, got ${JSON.stringify(alpha)}`);
  }
  let alive: Alive<S>[] = [
    { tokens: [], logProbability: 0, state: model.initialState, attention: [] },
  ];
  const finished: Hypothesis[] = [];
  let hasAttention = false;
  for (let t = 0; t < maxLength && alive.length > 0 && finished.length < k; t++) {
    const out = model.step(
      alive.map((h) => h.state),
      alive.map((h) => (h.tokens.length === 0 ? model.startToken : h.tokens[h.tokens.length - 1])),
    );
    hasAttention = out.attention !== undefined;
    // every extension of every kept prefix, by summed log-probability
    const candidates: { from: number; token: number; logProbability: number }[] = [];
    out.logProbabilities.forEach((logP, from) => {
      for (let token = 0; token < logP.length; token++) {
        candidates.push({ from, token, logProbability: alive[from].logProbability + logP[token] });
      }
    });
    // best first; ties by the older hypothesis, then the smaller symbol id (deterministic)
    candidates.sort(
      (a, b) => b.logProbability - a.logProbability || a.from - b.from || a.token - b.token,
    );
    const room = k - finished.length;
    const next: Alive<S>[] = [];
    for (const candidate of candidates.slice(0, room)) {
      if (candidate.logProbability === Number.NEGATIVE_INFINITY) break; // impossible: p = 0
      const parent = alive[candidate.from];
      const attention = out.attention
        ? [...parent.attention, out.attention[candidate.from]]
        : parent.attention;
      if (candidate.token === model.endToken) {
        finished.push(
          hypothesis(
            parent.tokens,
            candidate.logProbability,
            true,
            alpha,
            out.attention ? attention : undefined,
          ),
        );
      } else {
        next.push({
          tokens: [...parent.tokens, candidate.token],
          logProbability: candidate.logProbability,
          state: out.states[candidate.from],
          attention,
        });
      }
    }
    alive = next;
  }
  finished.sort((a, b) => b.score - a.score);
  if (finished.length > 0) return { best: finished[0], finished };
  // nothing reached <end> within maxLength: the most probable unfinished prefix
  const [top] = alive;
  return {
    best: hypothesis(
      top.tokens,
      top.logProbability,
      false,
      alpha,
      hasAttention ? top.attention : undefined,
    ),
    finished,
  };
}
