/**
 * npm run train:charlm -- --corpus tang|english [--cell lstm|gru|both] [--steps N] [--out DIR]
 *
 * Trains chapter 06's character models from scratch (src/core/charlm/recipe.ts), deterministic
 * for a recipe, and writes each as a checkpoint: assets/models/<corpus>-<cell>.json (float32
 * parameters, the vocabulary, the recipe, the training history, the validation perplexity and the
 * baselines'). --steps stops early (a quick look; writes to --out, default build/models, so the
 * committed checkpoints are only ever what the full recipe writes).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { perplexity } from "../../src/core/charlm/baselines.js";
import { roundedToFloat32, toCheckpoint } from "../../src/core/charlm/checkpoint.js";
import { type CorpusName, checkCorpusName } from "../../src/core/charlm/corpus.js";
import { RECIPES, trainCharModel } from "../../src/core/charlm/recipe.js";
import { textDataset } from "../../src/core/charlm/text-dataset.js";
import { evaluate } from "../../src/core/train/model.js";
import { readCorpus } from "../../src/node/charlm-files.js";
import { progress } from "../../src/node/display/progress.js";
import { projectRoot } from "../../src/node/project-root.js";

const USAGE = `usage: npm run train:charlm -- --corpus tang|english [--cell lstm|gru|both] [--steps N] [--out DIR]`;

function parse(args: string[]) {
  const options: { corpus?: CorpusName; cells: ("lstm" | "gru")[]; steps?: number; out?: string } =
    { cells: ["lstm", "gru"] };
  for (let i = 0; i < args.length; i++) {
    const value = args[i + 1];
    switch (args[i]) {
      case "--corpus":
        options.corpus = checkCorpusName(value);
        i++;
        break;
      case "--cell":
        if (value !== "lstm" && value !== "gru" && value !== "both") {
          throw new Error(`--cell: expected lstm, gru or both, got ${JSON.stringify(value)}`);
        }
        options.cells = value === "both" ? ["lstm", "gru"] : [value];
        i++;
        break;
      case "--steps":
        options.steps = Number(value);
        if (!Number.isInteger(options.steps) || options.steps < 1) {
          throw new Error(`--steps: expected a positive integer, got ${JSON.stringify(value)}`);
        }
        i++;
        break;
      case "--out":
        options.out = value;
        i++;
        break;
      default:
        throw new Error(`unknown option ${args[i]}\n${USAGE}`);
    }
  }
  if (!options.corpus) throw new Error(`--corpus is required\n${USAGE}`);
  return options as typeof options & { corpus: CorpusName };
}

function main(): void {
  const options = parse(process.argv.slice(2));
  const root = projectRoot();
  const { settings, ...split } = readCorpus(options.corpus);
  const outDir = options.out ?? (options.steps ? join("build", "models") : "assets/models");
  mkdirSync(join(root, outDir), { recursive: true });
  for (const cell of options.cells) {
    const recipe = RECIPES[options.corpus][cell];
    console.log(`${options.corpus} ${cell}: ${JSON.stringify(recipe)}`);
    const trained = trainCharModel(settings, split, recipe, {
      maxSteps: options.steps,
      progress,
      onEpoch: (record) =>
        console.log(
          `  epoch ${record.epoch}: loss ${record.loss.toFixed(4)}, validation perplexity ${perplexity(record.testLoss!).toFixed(2)}`,
        ),
    });
    // what the checkpoint holds: float32 parameters; measure those
    const saved = roundedToFloat32(trained.model);
    const validationSet = textDataset(trained.vocabulary, split.validation, recipe.window);
    const validationPerplexity = perplexity(evaluate(saved, validationSet).loss);
    const command = `npm run train:charlm -- --corpus ${options.corpus} --cell ${cell}${options.steps ? ` --steps ${options.steps}` : ""}`;
    const checkpoint = toCheckpoint(saved, trained.vocabulary, {
      ...trained.report,
      command,
      validationPerplexity,
    });
    const file = join(outDir, `${options.corpus}-${cell}.json`);
    const text = `${JSON.stringify(checkpoint)}\n`;
    writeFileSync(join(root, file), text);
    const bytes = Buffer.byteLength(text);
    const { baselines } = trained.report;
    console.log(
      `⏱ ${options.corpus} ${cell}: ${trained.report.steps} steps in ${trained.report.seconds.toFixed(0)} s; validation perplexity ${validationPerplexity.toFixed(2)} (unigram ${baselines.unigram.toFixed(1)}, bigram ${baselines.bigram.toFixed(1)}); wrote ${file} (${(bytes / 1e6).toFixed(2)} MB)`,
    );
  }
}

main();
