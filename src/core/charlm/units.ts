/**
 * Units that mean something (after Karpathy, Johnson & Fei-Fei 2015, who found line-length and
 * quote cells in character models): which single unit's value tracks a feature of the text best?
 * The measure is R², the square of the correlation between the unit's value and the feature over
 * every character of a text: the share of the feature's variance a straight line through the
 * unit's value explains (1 = it tracks it perfectly, 0 = not at all).
 */
import type { Model } from "../train/model.js";
import { allUnits, readStates, type TextStates, type UnitKey, unitSeries } from "./states.js";
import type { CharVocabulary } from "./vocabulary.js";

/** A feature of each character of a text. */
export type TextFeature = (characters: string[]) => number[];

/** Characters ending a line of a poem (or a sentence's piece): ，。！？；、 and the line break. */
const LINE_ENDS = "，。！？；、\n";

/**
 * Position inside the line: after reading the t-th character of a line, 1, 2, 3, …; a character
 * that ends a line ("，", "。", a line break) reads 0 — the count starts again.
 */
export const positionInLine: TextFeature = (characters) => {
  let position = 0;
  return characters.map((ch) => {
    position = LINE_ENDS.includes(ch) ? 0 : position + 1;
    return position;
  });
};

/** Position inside the (English) line: characters since the last line break. */
export const positionInSentenceLine: TextFeature = (characters) => {
  let position = 0;
  return characters.map((ch) => {
    position = ch === "\n" ? 0 : position + 1;
    return position;
  });
};

/**
 * Position inside the (English) word: 1, 2, 3, … for the letters (and apostrophes) of a word,
 * 0 for every other character (a space, punctuation, a line break).
 */
export const positionInWord: TextFeature = (characters) => {
  let position = 0;
  return characters.map((ch) => {
    position = /[A-Za-z']/.test(ch) ? position + 1 : 0;
    return position;
  });
};

/** Inside double quotes: 1 after an opening " (until the closing one), else 0. */
export const insideQuotes: TextFeature = (characters) => {
  let inside = 0;
  return characters.map((ch) => {
    if (ch === '"') inside = 1 - inside;
    return inside;
  });
};

/** R² of a straight-line fit of y on x: corr(x, y)². 0 when either does not vary. */
export function rSquared(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n !== y.length) throw new Error(`rSquared: ${n} values vs ${y.length}`);
  let mx = 0;
  let my = 0;
  for (let j = 0; j < n; j++) {
    mx += x[j];
    my += y[j];
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let j = 0; j < n; j++) {
    const dx = x[j] - mx;
    const dy = y[j] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  return sxx === 0 || syy === 0 ? 0 : (sxy * sxy) / (sxx * syy);
}

export interface UnitFit extends UnitKey {
  rSquared: number;
  /** Sign of the correlation: +1 if the unit grows with the feature. */
  sign: number;
}

/** Every unit ranked by R² with the feature over the text, best first. */
export function rankUnits(model: Model, states: TextStates, feature: number[]): UnitFit[] {
  return allUnits(model)
    .map((key) => {
      const series = unitSeries(states, key);
      const fit = rSquared(series, feature);
      const sign = Math.sign(covarianceSign(series, feature)) || 1;
      return { ...key, rSquared: fit, sign };
    })
    .sort((a, b) => b.rSquared - a.rSquared || a.layer - b.layer || a.unit - b.unit);
}

function covarianceSign(x: number[], y: number[]): number {
  const mx = x.reduce((s, v) => s + v, 0) / x.length;
  const my = y.reduce((s, v) => s + v, 0) / y.length;
  return x.reduce((s, v, j) => s + (v - mx) * (y[j] - my), 0);
}

/** The unit that tracks a feature best over a text, with everything needed to show it. */
export function bestUnit(
  model: Model,
  vocabulary: CharVocabulary,
  text: string,
  feature: TextFeature,
): { best: UnitFit; ranking: UnitFit[]; states: TextStates; feature: number[] } {
  const states = readStates(model, vocabulary, text);
  const values = feature(states.characters);
  const ranking = rankUnits(model, states, values);
  return { best: ranking[0], ranking, states, feature: values };
}
