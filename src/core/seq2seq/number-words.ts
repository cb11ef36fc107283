/**
 * How a number is said, in Chinese and in English (chapter 07's task and its ground truth). Rules,
 * not a model: the sequence-to-sequence model learns to do what these functions do.
 *
 * Range: whole numbers 0 … 99,999,999 (MAX_NUMBER).
 *
 * Chinese (简体, as read aloud in textbooks and by the `nzh` package):
 * - digits 零一二三四五六七八九, units 十百千 inside a group of four digits, 万 after the high group;
 *   二 everywhere (二千万, not 两千万);
 * - a number that starts in the tens says 十, not 一十 (12 → 十二, 100000 → 十万), but inside a
 *   number it is 一十 (112 → 一百一十二, 100010 → 十万零一十);
 * - zeros: a run of zeros between two non-zero digits is one 零 (1005 → 一千零五); zeros at the end
 *   of a group are silent (1500 → 一千五百); a low group under 1000 after a non-zero high group is
 *   led by 零 (30050 → 三万零五十, 10001 → 一万零一, 10000100 → 一千万零一百).
 *
 * English (our convention, stated in the chapter): no "and" (American usage), a hyphen between
 * tens and units (twenty-one), no commas: 30050 → "thirty thousand fifty",
 * 99999999 → "ninety-nine million nine hundred ninety-nine thousand nine hundred ninety-nine".
 */

/** The largest number the task uses. */
export const MAX_NUMBER = 99_999_999;

export type ReadingLanguage = "zh" | "en";
export const READING_LANGUAGES: readonly ReadingLanguage[] = ["zh", "en"];

const ZH_DIGITS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
/** Units of the thousands, hundreds and tens digits of a group of four. */
const ZH_UNITS = ["千", "百", "十", ""];

const EN_ONES = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
];
const EN_TENS = [
  "",
  "",
  "twenty",
  "thirty",
  "forty",
  "fifty",
  "sixty",
  "seventy",
  "eighty",
  "ninety",
];

/** Throws a clear error unless `n` is a whole number in 0 … MAX_NUMBER. */
export function checkNumber(n: unknown): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > MAX_NUMBER) {
    const got = typeof n === "number" ? String(n) : JSON.stringify(n);
    throw new RangeError(
      `expected a whole number from 0 to ${MAX_NUMBER.toLocaleString("en-US")}, got ${got}`,
    );
  }
  return n;
}

/**
 * A number typed by a person ("30050", " 12 ", "30,050"): digits, optionally grouped by commas in
 * threes. Anything else is a RangeError naming what was expected and what came.
 */
export function parseNumberInput(text: string): number {
  const trimmed = text.trim();
  if (!/^(\d+|\d{1,3}(,\d{3})+)$/.test(trimmed)) {
    throw new RangeError(
      `expected a whole number from 0 to ${MAX_NUMBER.toLocaleString("en-US")} written in digits ` +
        `(e.g. 30050), got ${JSON.stringify(text)}`,
    );
  }
  const digits = trimmed.replaceAll(",", "");
  if (digits.length > 1 && digits.startsWith("0")) {
    throw new RangeError(`expected a number without leading zeros, got ${JSON.stringify(text)}`);
  }
  return checkNumber(Number(digits));
}

/** One group of four digits (1 … 9999) in Chinese; `leading`: the group starts the number. */
function chineseGroup(group: number, leading: boolean): string {
  const digits = String(group).padStart(4, "0").split("").map(Number); // [thousands … ones]
  let out = "";
  let pendingZero = false;
  let started = false;
  digits.forEach((digit, position) => {
    if (digit === 0) {
      if (started) pendingZero = true;
      return;
    }
    if (pendingZero) out += "零";
    pendingZero = false;
    // 十二, not 一十二, when the number itself starts at the tens digit
    const bareTen = leading && !started && position === 2 && digit === 1;
    out += (bareTen ? "" : ZH_DIGITS[digit]) + ZH_UNITS[position];
    started = true;
  });
  return out;
}

/** How `n` is said in Chinese: 30050 → 三万零五十. */
export function chineseReading(n: number): string {
  checkNumber(n);
  if (n === 0) return ZH_DIGITS[0];
  const high = Math.floor(n / 10_000); // the 万 group
  const low = n % 10_000;
  if (high === 0) return chineseGroup(low, true);
  let out = `${chineseGroup(high, true)}万`;
  if (low === 0) return out;
  if (low < 1000) out += "零";
  return out + chineseGroup(low, false);
}

/** 1 … 999 in English: "nine hundred ninety-nine". */
function englishHundreds(n: number): string {
  const words: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds > 0) words.push(EN_ONES[hundreds], "hundred");
  if (rest > 0 && rest < 20) words.push(EN_ONES[rest]);
  if (rest >= 20) {
    const ones = rest % 10;
    words.push(
      ones === 0 ? EN_TENS[rest / 10] : `${EN_TENS[Math.floor(rest / 10)]}-${EN_ONES[ones]}`,
    );
  }
  return words.join(" ");
}

/** How `n` is said in English: 30050 → "thirty thousand fifty". */
export function englishReading(n: number): string {
  checkNumber(n);
  if (n === 0) return EN_ONES[0];
  const parts: string[] = [];
  const millions = Math.floor(n / 1_000_000);
  const thousands = Math.floor(n / 1000) % 1000;
  const rest = n % 1000;
  if (millions > 0) parts.push(`${englishHundreds(millions)} million`);
  if (thousands > 0) parts.push(`${englishHundreds(thousands)} thousand`);
  if (rest > 0) parts.push(englishHundreds(rest));
  return parts.join(" ");
}

/** How `n` is said in `language`. */
export function sayNumber(n: number, language: ReadingLanguage): string {
  if (language === "zh") return chineseReading(n);
  if (language === "en") return englishReading(n);
  throw new RangeError(`expected the language "zh" or "en", got ${JSON.stringify(language)}`);
}

/**
 * A reading as the model's output symbols: Chinese one character each; English one word each,
 * with the hyphen as a symbol of its own ("twenty-one" → twenty, -, one).
 */
export function readingTokens(reading: string, language: ReadingLanguage): string[] {
  if (language === "zh") return Array.from(reading);
  return reading.split(" ").flatMap((word) => word.split(/(-)/).filter((piece) => piece !== ""));
}

/** The inverse of readingTokens: symbols back to the reading. */
export function joinReadingTokens(tokens: readonly string[], language: ReadingLanguage): string {
  if (language === "zh") return tokens.join("");
  return tokens.join(" ").replaceAll(" - ", "-");
}
