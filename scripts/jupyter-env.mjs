// The Jupyter environment of this project: one place for the environment variables that keep
// Jupyter's state inside `.jupyter/` (never in $HOME) and for the project-local tslab kernelspec.
// Used by `scripts/start.mjs` (npm start), by the notebook runner (`scripts/run-notebooks.py`
// asks `node scripts/jupyter-env.mjs --json`) and by the tests.
//
// Plain JavaScript on purpose: `npm start` runs it before `npm ci` has installed TypeScript tooling.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Name of the project-local kernelspec (CONTRIBUTING.md). */
export const KERNEL_NAME = "rnn-tslab";
export const KERNEL_DISPLAY_NAME = "TypeScript (rnn-notebooks)";

/** Absolute path of the project root (the folder holding this project's package.json). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Folders of Jupyter's state inside the project, all under the git-ignored `.jupyter/`. */
export function jupyterDirs(root = PROJECT_ROOT) {
  const base = join(root, ".jupyter");
  return {
    base,
    config: join(base, "config"),
    data: join(base, "data"),
    runtime: join(base, "runtime"),
    ipython: join(base, "ipython"),
    kernels: join(base, "data", "kernels"),
  };
}

/**
 * Environment variables for every Jupyter process of this project (server, nbclient, nbconvert,
 * nbformat.sign). `JUPYTER_PATH` lets Jupyter find the kernelspec; the DATA dir also holds the
 * notebook-signing secret, so "trusted" notebooks signed by the runner are trusted by the server.
 */
export function jupyterEnv(root = PROJECT_ROOT, base = process.env) {
  const dirs = jupyterDirs(root);
  return {
    ...base,
    JUPYTER_PATH: dirs.data,
    JUPYTER_CONFIG_DIR: dirs.config,
    JUPYTER_DATA_DIR: dirs.data,
    JUPYTER_RUNTIME_DIR: dirs.runtime,
    IPYTHONDIR: dirs.ipython,
    // Chromium (browser tests) also keeps its state in the project.
    XDG_CONFIG_HOME: join(dirs.base, "xdg-config"),
    XDG_CACHE_HOME: join(dirs.base, "xdg-cache"),
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
    JUPYTER_PLATFORM_DIRS: "1",
    RNN_NOTEBOOKS_ROOT: root,
  };
}

/**
 * The kernel.json of the project-local tslab kernel (the kernel starts in the notebook's folder).
 * It runs tslab through scripts/tslab-kernel.cjs, which makes edits of any src/ module visible
 * when a cell is re-run (see that file).
 */
export function kernelSpec(root = PROJECT_ROOT) {
  return {
    // "node" from PATH (CONTRIBUTING.md); the server and the runner inherit npm's PATH.
    argv: [
      "node",
      join(root, "scripts", "tslab-kernel.cjs"),
      "kernel",
      "--config-path",
      "{connection_file}",
    ],
    display_name: KERNEL_DISPLAY_NAME,
    language: "typescript",
    metadata: { project: "rnn-notebooks" },
  };
}

/**
 * Notebook 6 (Debian's) always asks for `nbextensions/widgets/notebook/js/extension.js` when the
 * ipywidgets extension (`jupyter-js-widgets/extension`) is not loaded: a hard-coded fallback in its
 * main.js, not a config entry (so `load_extensions: { …: false }` cannot stop it), and a 404 on
 * every page. This empty extension at that path, in the project's own data dir, answers it. When
 * ipywidgets is installed its real extension loads first and this file is never asked for.
 */
export const WIDGETS_FALLBACK_PATH = ["nbextensions", "widgets", "notebook", "js", "extension.js"];
export const WIDGETS_FALLBACK = `// Written by scripts/jupyter-env.mjs: an empty stand-in for the ipywidgets extension that
// Notebook 6 asks for on every page (a 404 otherwise). The course uses no widgets.
define([], function () {
  return { load_ipython_extension: function () {} };
});
`;

/**
 * The course's custom.js (scripts/jupyter/custom.js): Notebook 6 ignores `jupyter.source_hidden`,
 * so this folds those cells (the claim cells) as JupyterLab, Notebook 7 and VS Code do. Notebook 6
 * serves `<JUPYTER_CONFIG_DIR>/custom/custom.js` on every page.
 */
export const CUSTOM_JS_SOURCE = join("scripts", "jupyter", "custom.js");

function writeIfChanged(path, text) {
  if (!existsSync(path) || readFileSync(path, "utf8") !== text) writeFileSync(path, text);
}

/**
 * Creates the `.jupyter/` folders and (re)writes the kernelspec, the widgets stand-in and the
 * course's custom.js when they differ. Returns the path of kernel.json.
 */
export function ensureJupyterEnv(root = PROJECT_ROOT) {
  const dirs = jupyterDirs(root);
  for (const dir of [dirs.config, dirs.data, dirs.runtime, dirs.ipython]) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  const specDir = join(dirs.kernels, KERNEL_NAME);
  mkdirSync(specDir, { recursive: true });
  const specPath = join(specDir, "kernel.json");
  writeIfChanged(specPath, `${JSON.stringify(kernelSpec(root), null, 2)}\n`);
  const widgets = join(dirs.data, ...WIDGETS_FALLBACK_PATH);
  mkdirSync(dirname(widgets), { recursive: true });
  writeIfChanged(widgets, WIDGETS_FALLBACK);
  const custom = join(dirs.config, "custom", "custom.js");
  mkdirSync(dirname(custom), { recursive: true });
  writeIfChanged(custom, readFileSync(join(root, CUSTOM_JS_SOURCE), "utf8"));
  return specPath;
}

function canRun(command, args, env) {
  try {
    execFileSync(command, args, { stdio: "ignore", env, timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * A Python interpreter that has nbclient and nbformat (the runner needs them). Debian's
 * `/usr/bin/python3` comes first because the `python3` on PATH may be another interpreter
 * (pyenv) without Jupyter's modules. Override with RNN_PYTHON. Returns null when none has them.
 */
export function findPython(env = process.env) {
  const candidates = [env.RNN_PYTHON, "/usr/bin/python3", "python3", "python"].filter(Boolean);
  for (const candidate of candidates) {
    if (canRun(candidate, ["-c", "import nbclient, nbformat, jupyter_client"], env)) {
      return candidate;
    }
  }
  return null;
}

/** The Jupyter front ends available: `lab` (JupyterLab) and/or `notebook`. */
export function findJupyterApps(env = process.env) {
  return {
    lab: canRun("jupyter", ["lab", "--version"], env),
    notebook: canRun("jupyter", ["notebook", "--version"], env),
  };
}

/** The exact commands that install what the course needs, for a message to a non-root user. */
export const INSTALL_HELP = [
  "Debian/Ubuntu:",
  "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y \\",
  "    --no-install-recommends jupyter-core jupyter-client python3-nbclient \\",
  "    jupyter-nbconvert jupyter-notebook",
  "or with pip (any OS):",
  "  python3 -m pip install --user notebook nbclient nbconvert   # or: jupyterlab nbclient",
].join("\n");

/** The Debian packages `npm start` installs as root and `.ci/run` installs in CI. */
export const DEBIAN_PACKAGES = [
  "jupyter-core",
  "jupyter-client",
  "python3-nbclient",
  "jupyter-nbconvert",
  "jupyter-notebook",
];

// CLI: `node scripts/jupyter-env.mjs --json` writes the kernelspec and prints the environment
// variables as JSON (used by scripts/run-notebooks.py, so the variables live in one place).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const specPath = ensureJupyterEnv();
  const env = jupyterEnv(PROJECT_ROOT, {});
  if (process.argv.includes("--json")) {
    process.stdout.write(`${JSON.stringify({ ...env, KERNEL_NAME, KERNEL_SPEC: specPath })}\n`);
  } else {
    for (const [key, value] of Object.entries(env)) process.stdout.write(`${key}=${value}\n`);
    process.stdout.write(`# kernelspec: ${specPath}\n`);
  }
}
