/**
 * npm run sample -- --corpus tang|english [--cell lstm|gru] [--temperature T] [--length N]
 *                   [--prime TEXT] [--top-k K] [--seed S] [--json]
 *
 * Text from a committed checkpoint of chapter 06 (assets/models/<corpus>-<cell>.json). With
 * --json, one JSON object: the corpus, the text (prime + what the model wrote), the checkpoint's
 * validation perplexity and the baselines', and the line-form rate of the text (tang; null for
 * english). Deterministic for a seed.
 *
 * --length is a whole number from 1 to 10000 (10000 characters take some 10 s of CPU: the text is
 * printed once written, so a larger one would only look hung); --top-k from 1 to the model's
 * vocabulary size; --seed from 0 to 2^32 − 1 (the generator keeps 32 bits: a larger seed would
 * silently repeat a smaller one). Anything else exits 2 with what was expected and what came.
 */
import { type CorpusName, checkCorpusName } from "../../src/core/charlm/corpus.js";
import { lineForm } from "../../src/core/charlm/line-form.js";
import { sample } from "../../src/core/charlm/sample.js";
import { loadCheckpoint } from "../../src/node/charlm-files.js";
import { parsedArguments } from "./arguments.js";

/** Longest text asked for: some 10 s of writing on one core. */
const MAX_LENGTH = 10_000;
/** Largest seed: the generator (src/core/random.ts) keeps 32 bits of it. */
const MAX_SEED = 2 ** 32 - 1;

const USAGE = `usage: npm run sample -- --corpus tang|english [--cell lstm|gru] [--temperature T] [--length N (1..${MAX_LENGTH}, default 200)] [--prime TEXT] [--top-k K] [--seed S (0..${MAX_SEED})] [--json]`;

interface Options {
  corpus: CorpusName;
  cell: "lstm" | "gru";
  temperature: number;
  length: number;
  prime: string;
  topK?: number;
  seed: number;
  json: boolean;
}

const shown = (value: string | undefined) =>
  value === undefined ? "nothing" : JSON.stringify(value);

/** A finite decimal number (Number() alone would also take "0x1", " " and "1e999" → ∞). */
function number(name: string, value: string | undefined): number {
  const decimal = value !== undefined && /^\+?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value.trim());
  const parsed = decimal ? Number(value) : Number.NaN;
  if (!Number.isFinite(parsed)) {
    throw new Error(`${name}: expected a number, got ${shown(value)}`);
  }
  return parsed;
}

/** Digits only, from `min` to `max`: "1e9", "2.5", "-1", "abc" are refused, not rounded. */
function wholeNumber(
  name: string,
  value: string | undefined,
  min: number,
  max: number | undefined,
  what = "",
): number {
  const parsed = value !== undefined && /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(parsed >= min && (max === undefined || parsed <= max))) {
    const range = max === undefined ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new Error(`${name}: expected a whole number${what} ${range}, got ${shown(value)}`);
  }
  return parsed;
}

function parse(args: string[]): Options {
  let corpus: CorpusName | undefined;
  const options: Omit<Options, "corpus"> = {
    cell: "lstm",
    temperature: 1,
    length: 200,
    prime: "",
    seed: 0,
    json: false,
  };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (flag === "--json") {
      options.json = true;
      continue;
    }
    const value = args[i + 1];
    i++;
    if (flag === "--corpus") corpus = checkCorpusName(value);
    else if (flag === "--cell") {
      if (value !== "lstm" && value !== "gru") {
        throw new Error(`--cell: expected lstm or gru, got ${shown(value)}`);
      }
      options.cell = value;
    } else if (flag === "--temperature") options.temperature = number("--temperature", value);
    else if (flag === "--length") {
      options.length = wholeNumber("--length", value, 1, MAX_LENGTH, " of characters");
    } else if (flag === "--prime") options.prime = value ?? "";
    else if (flag === "--top-k") {
      // at most the vocabulary's size: checked once the checkpoint is read (main)
      options.topK = wholeNumber("--top-k", value, 1, undefined);
    } else if (flag === "--seed") options.seed = wholeNumber("--seed", value, 0, MAX_SEED);
    else throw new Error(`unknown option ${flag}`);
  }
  if (corpus === undefined) throw new Error("--corpus: required (tang or english)");
  if (!(options.temperature > 0)) {
    throw new Error(`--temperature: expected a number > 0, got ${options.temperature}`);
  }
  return { corpus, ...options };
}

function main(): number {
  const options = parsedArguments(parse, USAGE);
  if (options === undefined) return 2;
  try {
    const { model, vocabulary, report } = loadCheckpoint(options.corpus, options.cell);
    const symbols = vocabulary.symbols.length;
    if (options.topK !== undefined && options.topK > symbols) {
      console.error(
        `--top-k: expected a whole number from 1 to ${symbols} (the ${options.corpus}-${options.cell} model's vocabulary), got ${options.topK}\n${USAGE}`,
      );
      return 2;
    }
    const { text } = sample(model, vocabulary, {
      prime: options.prime,
      length: options.length,
      temperature: options.temperature,
      topK: options.topK,
      seed: options.seed,
    });
    if (!options.json) {
      console.log(text);
      return 0;
    }
    const lineFormRate = options.corpus === "tang" ? lineForm(text).rate : null;
    const result = {
      corpus: options.corpus,
      text,
      validationPerplexity: report.validationPerplexity,
      baselines: { unigram: report.baselines.unigram, bigram: report.baselines.bigram },
      lineFormRate,
    };
    console.log(JSON.stringify(result));
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
}

process.exitCode = main();
