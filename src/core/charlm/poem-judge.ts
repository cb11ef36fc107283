/**
 * The poems judged as poems: within each poem, does it keep one line length, and do its even
 * lines rhyme?
 *
 * - Form: a poem is consistent when all its lines (the clauses between ，。！？；、) have 5
 *   characters (五言) or all have 7 (七言). `regular` is the stricter form of ./poem-form.ts: also
 *   ，and 。 alternating, ending in 。.
 * - Rhyme: the 2nd, 4th, … lines end in characters of one rhyme group (./rhyme.ts: modern pinyin
 *   finals in the groups of 中华新韵; an approximation of Tang rhyme, see there). A poem needs two
 *   even lines for the question to arise; a poem of one couplet is not judged for rhyme.
 *
 * A text holds one poem per line, as the corpus does and as the models write.
 */
import { PIECE_ENDS } from "./line-form.js";
import { isRegularPoem } from "./poem-form.js";
import { type RhymeTable, rhymeGroupOf, rhymeGroupsOf } from "./rhyme.js";

/** The characters that end a line within a poem: ，。！？；、 */
const CLAUSE_ENDS = PIECE_ENDS.replace("\n", "");

/** A poem's lines: the clauses between ，。！？；、 (a last clause without its mark included). */
export function clausesOf(poem: string): string[] {
  const clauses: string[] = [];
  let current = "";
  for (const ch of poem) {
    if (CLAUSE_ENDS.includes(ch) || ch === "\n") {
      if (current !== "") clauses.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  if (current !== "") clauses.push(current);
  return clauses;
}

export interface FormOfPoem {
  clauses: string[];
  /** Characters per clause. */
  lengths: number[];
  /** 5 or 7 when every clause has that length, else null. */
  lineLength: 5 | 7 | null;
  /** Every clause has 5 characters, or every clause has 7 (at least two clauses). */
  consistent: boolean;
  /** Consistent, and ，and 。 alternate, ending in 。 (./poem-form.ts). */
  regular: boolean;
}

/** The line lengths of one poem and whether it keeps one (五言 or 七言 throughout). */
export function formOfPoem(poem: string): FormOfPoem {
  const clauses = clausesOf(poem);
  const lengths = clauses.map((clause) => Array.from(clause).length);
  const first = lengths[0];
  const same = clauses.length >= 2 && lengths.every((n) => n === first);
  const lineLength = same && (first === 5 || first === 7) ? first : null;
  return {
    clauses,
    lengths,
    lineLength,
    consistent: lineLength !== null,
    regular: isRegularPoem(poem),
  };
}

export interface RhymeOptions {
  /**
   * "common" (default): each character's kept reading only (rhymeGroupOf). "any": a heteronym
   * may rhyme by any of its readings (the even lines rhyme when one group is among the groups of
   * every rhyme character), an upper bound on what a reader who picks readings would hear.
   */
  readings?: "common" | "any";
}

export interface PoemRhyme {
  /** The last character of each even clause (2nd, 4th, …). */
  rhymeCharacters: string[];
  /** Their rhyme groups (kept readings); null for a character the table lacks. */
  groups: (string | null)[];
  /** At least two even clauses: the question arises. */
  judged: boolean;
  /** Judged, and all rhyme characters share one group. */
  rhymes: boolean;
  /** The shared group when it rhymes, else null. */
  group: string | null;
}

/** Whether a poem's even lines end in one rhyme group. */
export function poemRhymes(poem: string, table: RhymeTable, options: RhymeOptions = {}): PoemRhyme {
  const readings = options.readings ?? "common";
  if (readings !== "common" && readings !== "any") {
    throw new Error(`readings: expected "common" or "any", got ${JSON.stringify(readings)}`);
  }
  const clauses = clausesOf(poem);
  const rhymeCharacters = clauses
    .filter((_, i) => i % 2 === 1)
    .map((clause) => Array.from(clause).pop()!);
  const groups = rhymeCharacters.map((ch) => rhymeGroupOf(ch, table));
  const judged = rhymeCharacters.length >= 2;
  let group: string | null = null;
  if (judged && readings === "common") {
    group = groups.every((g) => g !== null && g === groups[0]) ? groups[0] : null;
  } else if (judged) {
    const each = rhymeCharacters.map((ch) => rhymeGroupsOf(ch, table));
    group = each[0].find((g) => each.every((gs) => gs.includes(g))) ?? null;
  }
  return { rhymeCharacters, groups, judged, rhymes: group !== null, group };
}

export interface JudgePoemsOptions extends RhymeOptions {
  /**
   * Judge every non-empty line (a corpus text, where every line is a whole poem). Default false:
   * like ./poem-form.ts, skip the text's first and last line, which a sample may cut.
   */
  wholeLines?: boolean;
}

export interface PoemJudgement {
  poem: string;
  form: FormOfPoem;
  rhyme: PoemRhyme;
}

export interface PoemsJudgement {
  poems: PoemJudgement[];
  /** Poems that keep one line length, and their share of all poems judged (0 when none). */
  consistent: number;
  consistentShare: number;
  /** Poems with at least two even lines (the rhyme question arises). */
  judgedForRhyme: number;
  /** Of those, how many rhyme, and their share (0 when none). */
  rhyming: number;
  rhymingShare: number;
  /** Consistent poems with two even lines or more, and the share of them that rhyme. */
  consistentJudgedForRhyme: number;
  rhymingShareOfConsistent: number;
}

/** Form and rhyme of every poem of a text (one poem per line). */
export function judgePoems(
  text: string,
  table: RhymeTable,
  options: JudgePoemsOptions = {},
): PoemsJudgement {
  const lines = text.split("\n");
  const whole = options.wholeLines ? lines : lines.slice(1, -1);
  const poems = whole
    .filter((line) => line !== "")
    .map((poem) => ({ poem, form: formOfPoem(poem), rhyme: poemRhymes(poem, table, options) }));
  const share = (n: number, of: number) => (of === 0 ? 0 : n / of);
  const consistent = poems.filter((p) => p.form.consistent);
  const judged = poems.filter((p) => p.rhyme.judged);
  const consistentJudged = consistent.filter((p) => p.rhyme.judged);
  const rhyming = judged.filter((p) => p.rhyme.rhymes).length;
  return {
    poems,
    consistent: consistent.length,
    consistentShare: share(consistent.length, poems.length),
    judgedForRhyme: judged.length,
    rhyming,
    rhymingShare: share(rhyming, judged.length),
    consistentJudgedForRhyme: consistentJudged.length,
    rhymingShareOfConsistent: share(
      consistentJudged.filter((p) => p.rhyme.rhymes).length,
      consistentJudged.length,
    ),
  };
}
