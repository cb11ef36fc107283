// Helpers shared by the notebook, start and browser tests: the project's Jupyter environment,
// the notebook runner (scripts/run-notebooks.py), one-kernel sessions, the server.
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, relative } from "node:path";
import {
  ensureJupyterEnv,
  findPython,
  jupyterEnv,
  PROJECT_ROOT,
} from "../../scripts/jupyter-env.mjs";

export const ROOT = PROJECT_ROOT;

let python: string | null | undefined;
/** The Python with nbclient (Debian's /usr/bin/python3 here); a clear error when missing. */
export function pythonForNotebooks(): string {
  if (python === undefined) python = findPython();
  if (!python) {
    throw new Error(
      "No Python with nbclient/nbformat found: install Jupyter (see README, or run .ci/run as root).",
    );
  }
  return python;
}

export function projectEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  ensureJupyterEnv();
  return { ...jupyterEnv(), ...extra };
}

/** Every course notebook: notebooks/**\/*.ipynb, sorted, not following the `src` symlinks. */
export function courseNotebooks(dir = join(ROOT, "notebooks")): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isSymbolicLink() || entry.name === ".ipynb_checkpoints") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...courseNotebooks(path));
    else if (entry.name.endsWith(".ipynb")) found.push(relative(ROOT, path));
  }
  return found.sort();
}

export interface CellReport {
  index: number;
  status: string;
  seconds: number;
  stderr: string;
  source: string;
  rerun_status?: string;
  rerun_same_output?: boolean;
}
export interface NotebookReport {
  path: string;
  ok: boolean;
  kernel_start_seconds: number | null;
  first_output_seconds: number | null;
  total_seconds: number | null;
  cells: CellReport[];
  failures: Array<{
    phase: string;
    message: string;
    cell_index?: number;
    stderr?: string;
    claim_places?: string[];
  }>;
}
export interface RunnerResult {
  code: number | null;
  output: string;
  report: { ok: boolean; notebooks: NotebookReport[] };
}

let reportCounter = 0;

/**
 * Run scripts/run-notebooks.py on `notebooks` with extra `args`; resolves with its exit code,
 * its output (per-cell timings) and its JSON report. The output is printed once it finished,
 * so concurrent runs do not interleave.
 */
export function runNotebooks(notebooks: string[], args: string[] = []): Promise<RunnerResult> {
  reportCounter += 1;
  const reportPath = join(ROOT, "build", "reports", `run-${process.pid}-${reportCounter}.json`);
  const child = spawn(
    pythonForNotebooks(),
    [join(ROOT, "scripts", "run-notebooks.py"), ...notebooks, "--json", reportPath, ...args],
    { cwd: ROOT, env: projectEnv(), stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      process.stdout.write(output);
      try {
        const report = JSON.parse(readFileSync(reportPath, "utf8"));
        resolve({ code, output, report });
      } catch (error) {
        reject(new Error(`the runner wrote no report (exit ${code}):\n${output}\n${error}`));
      }
    });
  });
}

/** A port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface KernelOutput {
  type: string;
  name?: string;
  text?: string;
  data?: Record<string, unknown>;
  display_id?: string | null;
}
export interface Execution {
  status: string;
  seconds: number;
  first_output_seconds: number | null;
  outputs: KernelOutput[];
}

/** One tslab kernel driven cell by cell (scripts/kernel-session.py). */
export class KernelSession {
  private readonly child: ChildProcess;
  private buffered = "";
  private readonly lines: string[] = [];
  private waiting: (() => void) | undefined;
  private ended = false;
  readySeconds = 0;

  constructor(cwd: string) {
    this.child = spawn(
      pythonForNotebooks(),
      [join(ROOT, "scripts", "kernel-session.py"), "--cwd", cwd],
      { cwd: ROOT, env: projectEnv(), stdio: ["pipe", "pipe", "inherit"] },
    );
    // Lines can be megabytes long (plotly.js inlined): split them by hand.
    this.child.stdout!.setEncoding("utf8");
    this.child.stdout!.on("data", (chunk: string) => {
      this.buffered += chunk;
      let newline = this.buffered.indexOf("\n");
      while (newline >= 0) {
        this.lines.push(this.buffered.slice(0, newline));
        this.buffered = this.buffered.slice(newline + 1);
        newline = this.buffered.indexOf("\n");
      }
      this.waiting?.();
    });
    this.child.stdout!.on("end", () => {
      this.ended = true;
      this.waiting?.();
    });
  }

  private async next(): Promise<Record<string, unknown>> {
    while (this.lines.length === 0) {
      if (this.ended) throw new Error("the kernel session ended");
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
    }
    return JSON.parse(this.lines.shift()!);
  }

  async ready(): Promise<this> {
    const message = await this.next();
    this.readySeconds = Number(message.seconds);
    return this;
  }

  async execute(code: string): Promise<Execution> {
    this.child.stdin!.write(`${JSON.stringify({ code })}\n`);
    return (await this.next()) as unknown as Execution;
  }

  /**
   * Stops the reading side (the Python client and its iopub thread) for `ms` milliseconds, as a
   * reader on a busy machine falls behind: what the kernel sends meanwhile piles up in zeromq.
   */
  async pauseReader(ms: number): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined) throw new Error("the kernel session has no process");
    process.kill(pid, "SIGSTOP");
    try {
      await new Promise((resolve) => setTimeout(resolve, ms));
    } finally {
      process.kill(pid, "SIGCONT");
    }
  }

  stdoutOf(execution: Execution): string {
    return execution.outputs
      .filter((o) => o.type === "stream" && o.name === "stdout")
      .map((o) => o.text)
      .join("");
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once("close", () => resolve());
      this.child.stdin!.end();
    });
  }
}

export interface StartedServer {
  url: string;
  port: number;
  token: string;
  output: () => string;
  /** Send SIGINT (what Ctrl-C does) and resolve with the exit code. */
  stop: () => Promise<number | null>;
  process: ChildProcess;
}

/**
 * `node scripts/start.mjs --port <port> …` with its own lock file, resolved once it printed the
 * course URL.
 */
export function startServer(args: string[], lockFile: string): Promise<StartedServer> {
  const child = spawn(process.execPath, [join(ROOT, "scripts", "start.mjs"), ...args], {
    cwd: ROOT,
    env: { ...process.env, RNN_START_LOCK: lockFile },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm start printed no URL:\n${output}`)),
      180_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /(http:\/\/127\.0\.0\.1:(\d+)\/\S*\?token=(\w+))/.exec(output);
      if (match && /Press Ctrl-C/.test(output)) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          port: Number(match[2]),
          token: match[3],
          output: () => output,
          process: child,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done(child.exitCode);
              child.once("exit", (code) => done(code));
              child.kill("SIGINT");
            }),
        });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before printing a URL:\n${output}`));
    });
  });
}
