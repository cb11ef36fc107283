/**
 * npm run train:seq2seq [-- --recipe attention|noAttention] [--steps N] [--out DIR]
 *
 * Trains chapter 07's number reader from scratch: the `attention` recipe of
 * src/core/seq2seq/recipe.ts (a bidirectional LSTM encoder, additive attention, an LSTM decoder),
 * deterministic for the recipe, and writes it as assets/models/say-number.json; with
 * --recipe noAttention, the same model without attention (the encoder's final states are the only
 * context), as assets/models/say-number-no-attention.json. Each file holds the recipe, both
 * vocabularies, the held-out split's definition, the training history and first losses, the
 * parameters (float32, base64) and the exact-match report (greedy and beam search of width 4, by
 * length and language, on the held-out numbers of the trained lengths and on the longer numbers),
 * measured with the float32 parameters as saved. --steps stops early (a quick look; writes to
 * --out, default build/models, so the committed file is only ever what the full recipe writes).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type DecodingReport,
  seq2seqRoundedToFloat32,
  summariseExactMatch,
  toSeq2seqCheckpoint,
} from "../../src/core/seq2seq/checkpoint.js";
import type { Seq2seqModel } from "../../src/core/seq2seq/model.js";
import { examplesInBothLanguages, type NumberSplit } from "../../src/core/seq2seq/number-data.js";
import { SEQ2SEQ_RECIPES, trainSeq2seqRecipe } from "../../src/core/seq2seq/recipe.js";
import { exactMatch } from "../../src/core/seq2seq/train.js";
import { progress } from "../../src/node/display/progress.js";
import { projectRoot } from "../../src/node/project-root.js";
import { parsedArguments } from "../cli/arguments.js";

const USAGE =
  "usage: npm run train:seq2seq [-- --recipe attention|noAttention] [--steps N] [--out DIR]";

/** The recipes that have a committed checkpoint, and its file name in assets/models/. */
const CHECKPOINT_FILES = {
  attention: "say-number.json",
  noAttention: "say-number-no-attention.json",
} as const;
type CommittedRecipe = keyof typeof CHECKPOINT_FILES;

interface Options {
  recipe: CommittedRecipe;
  steps?: number;
  out?: string;
}
/** How many of the first losses the checkpoint keeps (the test re-runs some of them). */
const FIRST_LOSSES = 5;

function parse(args: string[]): Options {
  const options: Options = { recipe: "attention" };
  for (let i = 0; i < args.length; i++) {
    const value = args[i + 1];
    switch (args[i]) {
      case "--steps":
        options.steps = value !== undefined && /^\d+$/.test(value) ? Number(value) : Number.NaN;
        if (!(options.steps >= 1)) {
          throw new Error(
            `--steps: expected a positive whole number, got ${JSON.stringify(value)}`,
          );
        }
        i++;
        break;
      case "--recipe":
        if (value !== "attention" && value !== "noAttention") {
          throw new Error(
            `--recipe: expected attention or noAttention, got ${value === undefined ? "nothing" : JSON.stringify(value)}`,
          );
        }
        options.recipe = value;
        i++;
        break;
      case "--out":
        if (value === undefined) throw new Error("--out: expected a folder, got nothing");
        options.out = value;
        i++;
        break;
      default:
        throw new Error(`unknown option ${args[i]}`);
    }
  }
  return options;
}

function measure(model: Seq2seqModel, split: NumberSplit, beamWidth: number): DecodingReport {
  return {
    test: summariseExactMatch(
      exactMatch(model, examplesInBothLanguages(split.test), { beamWidth }),
    ),
    long: summariseExactMatch(
      exactMatch(model, examplesInBothLanguages(split.long), { beamWidth }),
    ),
  };
}

const percent = (x: number) => `${(100 * x).toFixed(1)} %`;

function main(): number {
  const options = parsedArguments(parse, USAGE);
  if (options === undefined) return 2;
  const root = projectRoot();
  const recipe = SEQ2SEQ_RECIPES[options.recipe];
  const outDir =
    options.out ?? (options.steps ? join("build", "models") : join("assets", "models"));
  mkdirSync(join(root, outDir), { recursive: true });
  console.log(`${options.recipe}: ${JSON.stringify(recipe)}`);
  const firstLosses: number[] = [];
  const run = trainSeq2seqRecipe(recipe, {
    steps: options.steps,
    evaluate: false,
    progress,
    onStep: ({ loss }) => {
      if (firstLosses.length < FIRST_LOSSES) firstLosses.push(loss);
    },
  });
  // what the checkpoint holds: float32 parameters; measure those
  const saved = seq2seqRoundedToFloat32(run.model);
  const greedy = measure(saved, run.split, 1);
  const beam4 = measure(saved, run.split, 4);
  const flags = [
    ...(options.recipe === "attention" ? [] : ["--recipe", options.recipe]),
    ...(options.steps ? ["--steps", String(options.steps)] : []),
  ];
  const command = `npm run train:seq2seq${flags.length > 0 ? ` -- ${flags.join(" ")}` : ""}`;
  const checkpoint = toSeq2seqCheckpoint(
    saved,
    recipe,
    {
      trainLengths: recipe.trainLengths,
      testPerLength: recipe.testPerLength,
      longPerLength: recipe.longPerLength,
      seed: recipe.splitSeed,
      testNumbers: run.split.test.length,
      longNumbers: run.split.long.length,
    },
    {
      command,
      steps: options.steps ?? recipe.steps,
      seconds: run.training.seconds,
      targetTokens: run.training.targetTokens,
      firstLosses,
      history: run.training.history,
      greedy,
      beam4,
    },
  );
  const file = join(outDir, CHECKPOINT_FILES[options.recipe]);
  const text = `${JSON.stringify(checkpoint)}\n`;
  writeFileSync(join(root, file), text);
  for (const [name, report] of [
    ["greedy", greedy],
    ["beam 4", beam4],
  ] as const) {
    const rows = report.test.byLength
      .map((row) => `${row.digits}${row.language} ${row.correct}/${row.total}`)
      .join(", ");
    console.log(
      `${name}: held-out ${percent(report.test.accuracy)} (zh ${percent(report.test.byLanguage.zh)}, en ${percent(report.test.byLanguage.en)}; ${rows}); longer ${percent(report.long.accuracy)}`,
    );
  }
  console.log(
    `⏱ ${CHECKPOINT_FILES[options.recipe]}: ${checkpoint.report.steps} steps in ${run.training.seconds.toFixed(0)} s; wrote ${file} (${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB)`,
  );
  return 0;
}

process.exitCode = main();
