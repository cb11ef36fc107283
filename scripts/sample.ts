/**
 * npm run sample -- --corpus tang|english [--cell lstm|gru] [--temperature T] [--length N]
 *                   [--prime TEXT] [--top-k K] [--seed S] [--json]
 *
 * Text from a committed checkpoint of chapter 06 (assets/models/<corpus>-<cell>.json). With
 * --json, one JSON object: the corpus, the text (prime + what the model wrote), the checkpoint's
 * validation perplexity and the baselines', and the line-form rate of the text (tang; null for
 * english). Deterministic for a seed.
 */
import { type CorpusName, checkCorpusName } from "../src/core/charlm/corpus.js";
import { lineForm } from "../src/core/charlm/line-form.js";
import { sample } from "../src/core/charlm/sample.js";
import { loadCheckpoint } from "../src/node/charlm-files.js";

const USAGE =
  "usage: npm run sample -- --corpus tang|english [--cell lstm|gru] [--temperature T] [--length N] [--prime TEXT] [--top-k K] [--seed S] [--json]";

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

function number(name: string, value: string | undefined): number {
  const parsed = Number(value);
  if (value === undefined || value.trim() === "" || !Number.isFinite(parsed)) {
    throw new Error(`${name}: expected a number, got ${JSON.stringify(value ?? null)}`);
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
        throw new Error(`--cell: expected lstm or gru, got ${JSON.stringify(value ?? null)}`);
      }
      options.cell = value;
    } else if (flag === "--temperature") options.temperature = number("--temperature", value);
    else if (flag === "--length") options.length = number("--length", value);
    else if (flag === "--prime") options.prime = value ?? "";
    else if (flag === "--top-k") options.topK = number("--top-k", value);
    else if (flag === "--seed") options.seed = number("--seed", value);
    else throw new Error(`unknown option ${flag}`);
  }
  if (corpus === undefined) throw new Error("--corpus: required (tang or english)");
  if (!(options.temperature > 0)) {
    throw new Error(`--temperature: expected a number > 0, got ${options.temperature}`);
  }
  return { corpus, ...options };
}

function main(): number {
  let options: Options;
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
    return 2;
  }
  try {
    const { model, vocabulary, report } = loadCheckpoint(options.corpus, options.cell);
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
