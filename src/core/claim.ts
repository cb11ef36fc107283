/**
 * Claims are code: a sentence of a chapter that states what a cell computed ("the LSTM fails at the
 * longest gap") is followed by a claim cell that asserts it. The cell prints one line when the
 * sentence holds and throws, quoting the sentence and naming where it is written, when it does not:
 * a changed seed, default or library line can then never make the prose silently false.
 *
 * In a chapter source (```ts claim fence) a claim quotes the sentence in both languages; the
 * notebook builder checks that each quote stands in the prose right before the cell and resolves
 * the quote to the edition's language. Where the quote stands (file:line) stays out of the code a
 * reader sees: the builder keeps it in the cell's metadata and the notebook runner names it when
 * the claim fails. `where` is for callers outside the notebooks (tests, scripts).
 */
import { type Language, say } from "./i18n.js";

/** The sentence a claim checks: one language, or both (as written in a chapter source). */
export type ClaimSentence = string | { zh: string; en: string };

/** Thrown when a claim does not hold; the message quotes the sentence and names its place. */
export class ClaimError extends Error {
  constructor(
    readonly sentence: string,
    readonly evidence: string,
    readonly where: string | undefined,
  ) {
    super(
      `✗ claim does not hold${where ? ` (${where})` : ""}: "${sentence}" — the check is false: ${evidence}`,
    );
    this.name = "ClaimError";
  }
}

function text(sentence: ClaimSentence, language?: Language): string {
  return typeof sentence === "string" ? sentence : say(sentence, language);
}

/**
 * Asserts that `sentence` holds: `holds` is the check with its explicit threshold, `evidence` the
 * measured numbers (e.g. "LSTM 52% < 62.5% at k = 32"). Prints "✓ checked: …" or throws ClaimError.
 */
export function claim(
  sentence: ClaimSentence,
  holds: boolean,
  evidence: string,
  where?: string,
  language?: Language,
): void {
  if (typeof holds !== "boolean") {
    throw new Error(`claim: expected true or false as the check, got ${JSON.stringify(holds)}`);
  }
  const quoted = text(sentence, language);
  if (!holds) throw new ClaimError(quoted, evidence, where);
  const label = say({ zh: "已核对", en: "checked" }, language);
  console.log(`✓ ${label}: ${quoted} (${evidence})`);
}
