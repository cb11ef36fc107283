/**
 * npm run say -- NUMBER [--lang zh|en] [--beam K] [--json]
 *
 * How chapter 07's committed number reader (assets/models/say-number.json, npm run train:seq2seq)
 * says a number: greedy (the default), or beam search of width K. Plain output: the source
 * symbols, the log-probability, which digit each output symbol looked at most (attention), and a
 * last line holding just the reading. With --json, one JSON object: { number, lang, reading, beam,
 * logProbability, attention, correct (the rule-based reading), matches }.
 *
 * NUMBER is a whole number from 0 to 99,999,999 in digits (30050 or 30,050); --lang is zh
 * (default) or en; --beam a whole number from 1 to 16. Anything else exits 2 with what was
 * expected and what came.
 */
import {
  parseNumberInput,
  type ReadingLanguage,
  sayNumber,
} from "../../src/core/seq2seq/number-words.js";
import { sayWithModel } from "../../src/core/seq2seq/train.js";
import { loadSeq2seqCheckpoint } from "../../src/node/seq2seq-files.js";
import { parsedArguments } from "./arguments.js";

/** Widest beam: the beam's cost grows with it, and 4 already finds what wider ones find. */
const MAX_BEAM = 16;

const USAGE = `usage: npm run say -- NUMBER (0..99999999) [--lang zh|en] [--beam K (1..${MAX_BEAM}, default 1: greedy)] [--json]`;

interface Options {
  number: number;
  lang: ReadingLanguage;
  beam: number;
  json: boolean;
}

const shown = (value: string | undefined) =>
  value === undefined ? "nothing" : JSON.stringify(value);

function parse(args: string[]): Options {
  let text: string | undefined;
  const options: Omit<Options, "number"> = { lang: "zh", beam: 1, json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--json") {
      options.json = true;
    } else if (arg === "--lang") {
      const value = args[++i];
      if (value !== "zh" && value !== "en") {
        throw new Error(`--lang: expected zh or en, got ${shown(value)}`);
      }
      options.lang = value;
    } else if (arg === "--beam") {
      const value = args[++i];
      const beam = value !== undefined && /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
      if (!(beam >= 1 && beam <= MAX_BEAM)) {
        throw new Error(
          `--beam: expected a whole number from 1 to ${MAX_BEAM} (1: greedy), got ${shown(value)}`,
        );
      }
      options.beam = beam;
    } else if (arg.startsWith("--")) {
      throw new Error(`unknown option ${arg}`);
    } else if (text !== undefined) {
      throw new Error(`one number at a time: got ${shown(text)} and ${shown(arg)}`);
    } else {
      text = arg; // "-1" lands here too, and parseNumberInput names it
    }
  }
  if (text === undefined) {
    throw new Error("NUMBER: expected a whole number from 0 to 99,999,999, got nothing");
  }
  let number: number;
  try {
    number = parseNumberInput(text);
  } catch (error) {
    throw new Error(`NUMBER: ${error instanceof Error ? error.message : error}`);
  }
  return { number, ...options };
}

function main(): number {
  const options = parsedArguments(parse, USAGE);
  if (options === undefined) return 2;
  try {
    const { model } = loadSeq2seqCheckpoint();
    const said = sayWithModel(model, options.number, options.lang, { beamWidth: options.beam });
    const correct = sayNumber(options.number, options.lang);
    const matches = said.finished && said.reading === correct;
    if (options.json) {
      console.log(
        JSON.stringify({
          number: options.number,
          lang: options.lang,
          reading: said.reading,
          beam: options.beam,
          logProbability: said.logProbability,
          attention: said.attention ?? null,
          correct,
          matches,
        }),
      );
      return 0;
    }
    const decoding = options.beam === 1 ? "greedy" : `beam search, width ${options.beam}`;
    console.log(`source: ${said.source.join(" ")}   (${decoding})`);
    console.log(`log-probability: ${said.logProbability.toFixed(4)}`);
    if (said.attention) {
      // each output symbol (and <end>) with the source symbol it weighted most
      const looks = [...said.symbols, "<end>"].map((symbol, t) => {
        const row = said.attention?.[t];
        if (!row) return symbol;
        const j = row.indexOf(Math.max(...row));
        return `${symbol}←${said.source[j]}`;
      });
      console.log(`attention (output ← most-weighted source symbol): ${looks.join(" ")}`);
    }
    console.log(
      matches ? "✓ the same as the rule-based reading" : `✗ the rule-based reading: ${correct}`,
    );
    console.log(said.reading);
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

process.exitCode = main();
