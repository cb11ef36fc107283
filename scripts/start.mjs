#!/usr/bin/env node
// npm start [-- --lang zh|en|bilingual] [--port N]
//
// One command from a fresh clone: installs the npm dependencies if missing, installs Jupyter if
// missing (as root: Debian packages; otherwise prints the exact command and exits 1), writes the
// project-local tslab kernelspec (all Jupyter state stays in .jupyter/), starts the notebook
// server (JupyterLab when installed, else the classic Notebook) on 127.0.0.1 with a token and
// prints the URL of the course in the chosen language. Ctrl-C stops the server and its kernels.
//
// Plain JavaScript on purpose: it runs before `npm ci` has installed any TypeScript tooling.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import {
  DEBIAN_PACKAGES,
  ensureJupyterEnv,
  findJupyterApps,
  INSTALL_HELP,
  jupyterDirs,
  jupyterEnv,
  KERNEL_NAME,
  PROJECT_ROOT,
} from "./jupyter-env.mjs";

const LANGUAGES = ["zh", "en", "bilingual"];
const DEFAULT_PORT = 8888;
// RNN_START_LOCK: another lock file (tests start their own server next to a running one).
const LOCK_FILE = process.env.RNN_START_LOCK ?? join(jupyterDirs().runtime, "rnn-start.json");
const READY_TIMEOUT_MS = 90_000;
/** Server log lines not shown once it runs: info ("[I …"), and two harmless warnings. */
const QUIET_SERVER_LINES = [
  /^\[I /,
  // every committed notebook is unsigned (no outputs): opening one logs this, harmlessly
  /^\[W [^\]]*\] Notebook .* is not trusted$/,
  // our own Ctrl-C stopping it
  /^\[C [^\]]*\] received signal \d+, stopping$/,
];
const STOP_TIMEOUT_MS = 15_000;

const USAGE = `Usage: npm start -- [--lang zh|en|bilingual] [--port N]

  --lang   language of the course index to open (default: zh)
  --port   port on 127.0.0.1 (default: the first free port from ${DEFAULT_PORT})
  --no-browser   accepted for compatibility: the URL is always printed, no browser is opened`;

function parseArgs(argv) {
  const options = {
    lang: "zh",
    port: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.includes("=") ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (name === "--lang") options.lang = value();
    else if (name === "--port") options.port = Number(value());
    else if (name === "--no-browser") continue;
    else if (name === "--help" || name === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else fail(`Unknown option ${arg}\n\n${USAGE}`);
  }
  if (!LANGUAGES.includes(options.lang)) {
    fail(`--lang must be one of ${LANGUAGES.join(", ")} (got ${options.lang})`);
  }
  if (options.port !== undefined && !(Number.isInteger(options.port) && options.port > 0)) {
    fail("--port must be a port number");
  }
  return options;
}

function fail(message, code = 1) {
  console.error(`npm start: ${message}`);
  process.exit(code);
}

function run(command, args, extra = {}) {
  console.log(`$ ${command} ${args.join(" ")}`);
  execFileSync(command, args, { stdio: "inherit", cwd: PROJECT_ROOT, ...extra });
}

function hasCommand(command) {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function isRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

function ensureNodeModules() {
  if (existsSync(join(PROJECT_ROOT, "node_modules", "tslab", "package.json"))) return;
  const hasLock = existsSync(join(PROJECT_ROOT, "package-lock.json"));
  const command = hasLock ? "ci" : "install";
  console.log(`Installing the npm packages (npm ${command}; first run only, about a minute)…`);
  try {
    // npm's own warnings and errors still show; the audit summary, the funding appeal and the
    // "new npm available" notice are not for a learner's first run. Which dependencies may run
    // install scripts is declared in package.json ("allowScripts").
    execFileSync("npm", [command, "--no-audit", "--no-fund", "--no-update-notifier"], {
      stdio: "inherit",
      cwd: PROJECT_ROOT,
    });
  } catch {
    fail("installing the npm dependencies failed (see the output above).");
  }
}

function ensureJupyter() {
  let apps = findJupyterApps();
  if (apps.lab || apps.notebook) return apps;
  if (isRoot() && hasCommand("apt-get")) {
    console.log("Jupyter is missing: installing Debian's packages (about a minute)…");
    try {
      run("apt-get", ["update"]);
      run("apt-get", ["install", "-y", "--no-install-recommends", ...DEBIAN_PACKAGES], {
        env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      });
    } catch {
      fail(`installing Jupyter with apt-get failed. Install it yourself:\n${INSTALL_HELP}`);
    }
    apps = findJupyterApps();
    if (apps.lab || apps.notebook) return apps;
  }
  fail(
    `Jupyter (the notebook server) is not installed. Install it, then run npm start again:\n${INSTALL_HELP}`,
  );
}

function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

function readLock() {
  try {
    return JSON.parse(readFileSync(LOCK_FILE, "utf8"));
  } catch {
    return undefined;
  }
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => {
      server.close(() => resolve(true));
    });
  });
}

async function choosePort(requested) {
  if (requested !== undefined) {
    if (await portIsFree(requested)) return requested;
    fail(
      `port ${requested} on 127.0.0.1 is in use by another program: choose another with --port.`,
    );
  }
  for (let port = DEFAULT_PORT; port < DEFAULT_PORT + 100; port++) {
    if (await portIsFree(port)) return port;
  }
  fail(`no free port between ${DEFAULT_PORT} and ${DEFAULT_PORT + 99}: pass --port.`);
}

/** URL of the course index in `lang` (index.ipynb when the builder made one, else the folder). */
function courseUrl({ port, token, app }, lang) {
  const base = `http://127.0.0.1:${port}`;
  const index = join(PROJECT_ROOT, "notebooks", lang, "index.ipynb");
  const path = existsSync(index)
    ? app === "lab"
      ? `/lab/tree/notebooks/${lang}/index.ipynb`
      : `/notebooks/notebooks/${lang}/index.ipynb`
    : app === "lab"
      ? `/lab/tree/notebooks/${lang}`
      : `/tree/notebooks/${lang}`;
  return `${base}${path}?token=${token}`;
}

async function api(server, path, method = "GET") {
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`, {
    method,
    headers: { Authorization: `token ${server.token}` },
    signal: AbortSignal.timeout(5000),
  });
  return response;
}

async function waitUntilReady(server, child) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      const response = await api(server, "/api/kernelspecs");
      if (response.ok) {
        const specs = await response.json();
        if (!specs.kernelspecs?.[KERNEL_NAME]) {
          console.error(`warning: the server does not list the ${KERNEL_NAME} kernel.`);
        }
        return true;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));

  const lock = readLock();
  if (lock && isAlive(lock.serverPid)) {
    console.log(
      `The course server is already running (pid ${lock.serverPid}, started ${lock.startedAt}).\n` +
        `Open: ${courseUrl(lock, options.lang)}\n` +
        "Stop it with Ctrl-C in its terminal (or kill " +
        `${lock.pid}) before starting another.`,
    );
    process.exit(0);
  }
  if (lock) rmSync(LOCK_FILE, { force: true });

  ensureNodeModules();
  const apps = ensureJupyter();
  ensureJupyterEnv();

  const port = await choosePort(options.port);
  const token = randomBytes(24).toString("hex");
  const app = apps.lab ? "lab" : "notebook";
  const args = [
    app,
    "--no-browser",
    "--ip=127.0.0.1",
    `--port=${port}`,
    "--port-retries=0",
    `--notebook-dir=${PROJECT_ROOT}`,
    `--MappingKernelManager.default_kernel_name=${KERNEL_NAME}`,
  ];
  if (isRoot()) args.push("--allow-root");
  const env = { ...jupyterEnv(), JUPYTER_TOKEN: token };

  // Own process group: a terminal Ctrl-C reaches only this script, which then shuts down the
  // kernels and the server in order (the server would otherwise ask "Shutdown? (y/[n])").
  const child = spawn("jupyter", args, {
    cwd: PROJECT_ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // The server's log is for whoever debugs it, not for a learner, who needs only the URL printed
  // below. Until the server answers, its lines are kept and printed only if it fails to start.
  // Then its warnings and errors, and anything that is not a log line (a kernel's own stderr, a
  // traceback), are forwarded as they come; its info lines and two known-harmless lines are not.
  const startupLog = [];
  let ready = false;
  const printStartupLog = () => {
    for (const line of startupLog.splice(0)) process.stderr.write(`[jupyter] ${line}\n`);
  };
  const forward = (raw) => {
    if (!raw.trim()) return;
    const line = raw.replaceAll(token, "…");
    if (!ready) startupLog.push(line);
    else if (!QUIET_SERVER_LINES.some((pattern) => pattern.test(line))) {
      process.stderr.write(`[jupyter] ${line}\n`);
    }
  };
  // whole lines (a chunk may end mid-line, which would escape the filter)
  createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY }).on("line", forward);
  createInterface({ input: child.stderr, crlfDelay: Number.POSITIVE_INFINITY }).on("line", forward);

  const server = { pid: process.pid, serverPid: child.pid, port, token, app };
  let stopping = false;

  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the kernels and the server…`);
    try {
      const response = await api(server, "/api/kernels");
      const kernels = response.ok ? await response.json() : [];
      await Promise.all(
        kernels.map((kernel) => api(server, `/api/kernels/${kernel.id}`, "DELETE").catch(() => {})),
      );
    } catch {
      // server already gone
    }
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already exited
    }
    const killTimer = setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already exited
      }
    }, STOP_TIMEOUT_MS);
    killTimer.unref();
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(signal));

  child.on("exit", (code, signal) => {
    const current = readLock();
    if (current?.serverPid === child.pid) rmSync(LOCK_FILE, { force: true });
    if (stopping) {
      console.log("Stopped.");
      process.exit(0);
    }
    // its last lines may still be in the pipes: let them arrive, then print them
    setTimeout(() => {
      printStartupLog();
      console.error(`The notebook server exited unexpectedly (${signal ?? `code ${code}`}).`);
      process.exit(code || 1);
    }, 200);
  });

  if (!(await waitUntilReady(server, child))) {
    if (child.exitCode !== null) return; // the "exit" handler above says so
    printStartupLog();
    await stop("timeout");
    fail("the notebook server did not start (see the [jupyter] lines above).");
  }
  ready = true;
  startupLog.length = 0;
  writeFileSync(
    LOCK_FILE,
    `${JSON.stringify({ ...server, startedAt: new Date().toISOString() }, null, 2)}\n`,
    { mode: 0o600 },
  );
  const name = app === "lab" ? "JupyterLab" : "Jupyter Notebook";
  console.log(
    `\n${name} is running with the TypeScript kernel "${KERNEL_NAME}".\n` +
      `Open the course (${options.lang}):\n\n    ${courseUrl(server, options.lang)}\n\n` +
      "Press Ctrl-C to stop the server and its kernels.",
  );
}

main().catch((error) => fail(error?.stack ?? String(error)));
