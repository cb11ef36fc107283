// npm run site [-- --no-execute | --execute-all] [--out DIR]
// Executes the zh and en chapters that have no up-to-date executed copy (scripts/run-notebooks.py
// --save build/executed), then renders every executed chapter into the website (src/site/).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  buildSite,
  courseNotebooks,
  discardFailedExecutions,
  EXECUTED_DIR,
  SITE_DIR,
} from "../src/site/site.js";
import { ensureJupyterEnv, findPython, jupyterEnv, PROJECT_ROOT } from "./jupyter-env.mjs";

const USAGE = `usage: npm run site [-- --no-execute | --execute-all] [--out DIR]
  (no flag)      execute the chapters whose executed copy (build/executed/) is missing or older
                 than the notebook or its source, then render the site into build/site/
  --no-execute   execute nothing: render the chapters that have an executed copy
  --execute-all  execute every chapter again (e.g. after changing src/)
  --out DIR      write the site to DIR instead of build/site`;

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

function main(args: string[]): number {
  const flags = new Set(["--no-execute", "--execute-all", "--help", "-h"]);
  let out = join(PROJECT_ROOT, SITE_DIR);
  const unknown: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--out" && args[i + 1]) out = resolve(args[++i]);
    else if (!flags.has(args[i])) unknown.push(args[i]);
  }
  if (unknown.length > 0 || args.includes("--help") || args.includes("-h")) {
    console.error(unknown.length > 0 ? `unknown option ${unknown.join(" ")}\n${USAGE}` : USAGE);
    return unknown.length > 0 ? 2 : 0;
  }
  if (args.includes("--no-execute") && args.includes("--execute-all")) {
    console.error(`--no-execute and --execute-all exclude each other\n${USAGE}`);
    return 2;
  }
  const root = PROJECT_ROOT;
  const notebooks = courseNotebooks(root);
  const toRun = args.includes("--no-execute")
    ? []
    : args.includes("--execute-all")
      ? notebooks
      : notebooks.filter((n) => n.stale !== undefined);

  let executionTime = "0.0 s (nothing to execute)";
  if (toRun.length > 0) {
    const python = findPython();
    if (!python) {
      console.error(
        "No Python with nbclient found: install Jupyter (see README), or use --no-execute.",
      );
      return 1;
    }
    ensureJupyterEnv();
    for (const n of toRun) console.log(`execute ${n.notebook}${n.stale ? ` (${n.stale})` : ""}`);
    const started = performance.now();
    const report = join(root, "build", "reports", `site-${process.pid}.json`);
    const run = spawnSync(
      python,
      [
        join(root, "scripts", "run-notebooks.py"),
        ...toRun.map((n) => n.notebook),
        "--save",
        EXECUTED_DIR,
        "--no-rerun",
        "--json",
        report,
      ],
      { cwd: root, env: { ...process.env, ...jupyterEnv() }, stdio: "inherit" },
    );
    executionTime = `${seconds(started)} (${toRun.length} notebooks)`;
    if (run.status !== 0) {
      if (existsSync(report)) {
        for (const path of discardFailedExecutions(
          root,
          JSON.parse(readFileSync(report, "utf8")),
        )) {
          console.error(`removed the executed copy of the failed ${path}`);
        }
      }
      console.error(`executing the notebooks failed (exit ${run.status}): no site written`);
      return 1;
    }
  }

  const missing = notebooks.filter((n) => !existsSync(n.executed));
  for (const n of missing) console.warn(`warning: ${n.notebook} has no executed copy: left out`);
  const started = performance.now();
  const result = buildSite(
    root,
    out,
    notebooks
      .filter((n) => existsSync(n.executed))
      .map((n) => ({ lang: n.lang, name: n.name, notebook: n.executed })),
  );
  const renderTime = seconds(started);
  for (const warning of result.warnings) console.warn(`warning: ${warning}`);
  const chapters = result.pages.filter((p) => p.name !== "index").length;
  console.log(`execution: ${executionTime}`);
  console.log(
    `render:    ${renderTime} (${chapters} chapter pages, ${result.pages.length} pages in all)`,
  );
  const where = relative(process.cwd(), out) || ".";
  console.log(`site:      ${where}/index.html  (${pathToFileURL(join(out, "index.html")).href})`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
