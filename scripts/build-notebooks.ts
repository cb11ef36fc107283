// npm run build [-- --force | --check | --long-lines]
// Builds notebooks/source/NN-name.md into notebooks/{zh,en,bilingual}/NN-name.ipynb.

import { projectRoot } from "../src/node/project-root.js";
import {
  BuildError,
  buildNotebooks,
  listLongCodeLines,
  staleNotebooks,
} from "../src/notebook-builder/build.js";

const USAGE = `usage: npm run build [-- --force | --check | --long-lines] [--only NN]
  (no flag)  build every chapter source into notebooks/{zh,en,bilingual}/; a notebook edited since
             the build wrote it is never overwritten (the build stops and names it)
  --force    overwrite edited notebooks too, discarding those edits
  --check    write nothing; fail if a committed notebook differs from a fresh build
  --long-lines
             write nothing; list every code line wider than 100 columns in some edition
             (file:line, edition, width), counted per chapter
  --only NN  build (or check) only chapter NN (two digits), e.g. --only 06`;

function main(args: string[]): number {
  const known = new Set(["--force", "--check", "--long-lines", "--help", "-h"]);
  const onlyAt = args.indexOf("--only");
  const only = onlyAt === -1 ? undefined : args[onlyAt + 1];
  if (onlyAt !== -1 && !/^\d\d$/.test(only ?? "")) {
    console.error(
      `--only expects a chapter number of two digits (e.g. 06), got ${only ?? "nothing"}`,
    );
    return 2;
  }
  const unknown = args.filter((arg, i) => !known.has(arg) && i !== onlyAt && i !== onlyAt + 1);
  if (unknown.length > 0 || args.includes("--help") || args.includes("-h")) {
    console.error(unknown.length > 0 ? `unknown option ${unknown.join(" ")}\n${USAGE}` : USAGE);
    return unknown.length > 0 ? 2 : 0;
  }
  const root = projectRoot();
  try {
    if (args.includes("--long-lines")) {
      const long = listLongCodeLines(root);
      const perChapter = new Map<string, Set<number>>();
      for (const line of long) {
        console.log(
          `${line.file}:${line.line}: ${line.edition} ${line.columns} columns: ${line.text.trim()}`,
        );
        perChapter.set(line.file, (perChapter.get(line.file) ?? new Set()).add(line.line));
      }
      for (const [file, lines] of perChapter) {
        console.log(`${file}: ${lines.size} source lines too wide`);
      }
      return long.length === 0 ? 0 : 1;
    }
    if (args.includes("--check")) {
      const stale = staleNotebooks(root);
      if (stale.length === 0) return 0;
      console.error(stale.join("\n"));
      return 1;
    }
    const result = buildNotebooks(root, { force: args.includes("--force"), only });
    for (const path of result.discarded) console.log(`overwrote edited ${path} (--force)`);
    for (const orphan of result.orphans) console.warn(`warning: ${orphan}`);
    const total = result.written.length + result.unchanged.length;
    console.log(`${total} notebooks up to date (${result.written.length} written)`);
    return 0;
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    console.error(error.message);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
