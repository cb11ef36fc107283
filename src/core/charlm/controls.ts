/**
 * Controls for chapter 06's probes. A unit chosen as the best of hundreds on one text is flattered
 * by the choice; `unitFitOn` measures the same unit on another text. And a connectivity strip is
 * one prediction; `earlyShare` turns a strip into one number that can be averaged over many.
 */
import type { Model } from "../train/model.js";
import { readStates, type UnitKey, unitSeries } from "./states.js";
import { rSquared, type TextFeature } from "./units.js";
import type { CharVocabulary } from "./vocabulary.js";

/** R² of one given unit with a feature over a text (the unit was chosen elsewhere). */
export function unitFitOn(
  model: Model,
  vocabulary: CharVocabulary,
  text: string,
  feature: TextFeature,
  unit: UnitKey,
): number {
  const states = readStates(model, vocabulary, text);
  return rSquared(unitSeries(states, unit), feature(states.characters));
}

/**
 * The share of the first `count` positions in the sum of a connectivity strip's gradient norms:
 * how much of what the prediction depends on lies that far back.
 */
export function earlyShare(norms: readonly number[], count: number): number {
  if (!Number.isInteger(count) || count < 0 || count > norms.length) {
    throw new Error(`count: expected a whole number from 0 to ${norms.length}, got ${count}`);
  }
  const total = norms.reduce((sum, v) => sum + v, 0);
  if (!(total > 0)) throw new Error("earlyShare: the norms sum to 0, there is no share to take");
  return norms.slice(0, count).reduce((sum, v) => sum + v, 0) / total;
}
