// The page's side of the Web Worker: one worker per live figure, started from a Blob URL of the
// worker's code (embedded in assets/live.js by the site build), so nothing is fetched and file://
// pages work. One job at a time; stop() terminates the worker (a training run cannot be
// interrupted from outside otherwise) and the next job starts a fresh one.
import type { JobMessage, JobRequest, LiveFigureName, PageLanguage } from "./protocol.js";

let workerUrl: string | undefined;

/** The Blob URL of the worker's code, made once per page. */
function workerBlobUrl(source: string): string {
  workerUrl ??= URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  return workerUrl;
}

/** A job ended by stop(). */
export class StoppedError extends Error {
  constructor() {
    super("stopped");
    this.name = "StoppedError";
  }
}

/** The reader's input was wrong: the message is for them. */
export class ReaderInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReaderInputError";
  }
}

export interface JobResult<T> {
  result: T;
  /** Time spent computing in the worker. */
  milliseconds: number;
}

type Pending = {
  id: number;
  resolve: (value: JobResult<unknown>) => void;
  reject: (error: Error) => void;
  onProgress?: (done: number, total: number, message: string) => void;
};

export class FigureWorker {
  private worker: Worker | undefined;
  private pending: Pending | undefined;
  private nextId = 1;
  private payloadSent = false;

  constructor(
    private readonly source: string,
    private readonly figure: LiveFigureName,
    private readonly lang: PageLanguage,
    /** Sent once to every new worker (e.g. the trained model). */
    private readonly payload?: unknown,
  ) {}

  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** Starts the worker (so the first job does not wait for the library to load). */
  warm(): void {
    this.ensureWorker();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(workerBlobUrl(this.source));
    worker.onmessage = (event: MessageEvent<JobMessage>) => this.receive(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      const pending = this.pending;
      this.pending = undefined;
      pending?.reject(new Error(`live figure worker: ${event.message}`));
    };
    this.worker = worker;
    this.payloadSent = false;
    return worker;
  }

  private receive(message: JobMessage): void {
    const pending = this.pending;
    if (!pending || message.id !== pending.id) return;
    if (message.type === "progress") {
      pending.onProgress?.(message.done, message.total, message.message);
      return;
    }
    this.pending = undefined;
    if (message.type === "result") {
      pending.resolve({ result: message.result, milliseconds: message.milliseconds });
    } else if (message.kind === "input") {
      pending.reject(new ReaderInputError(message.message));
    } else {
      pending.reject(new Error(message.message));
    }
  }

  /** Runs one job; rejects with StoppedError, ReaderInputError or Error. */
  run<T>(
    params: unknown,
    onProgress?: (done: number, total: number, message: string) => void,
  ): Promise<JobResult<T>> {
    if (this.pending) return Promise.reject(new Error("a job is already running"));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    const request: JobRequest = { id, figure: this.figure, lang: this.lang, params };
    if (!this.payloadSent && this.payload !== undefined) {
      request.payload = this.payload;
      this.payloadSent = true;
    }
    return new Promise<JobResult<T>>((resolve, reject) => {
      this.pending = {
        id,
        resolve: resolve as (value: JobResult<unknown>) => void,
        reject,
        onProgress,
      };
      worker.postMessage(request);
    });
  }

  /** Ends the running job at once (the worker is terminated; the next job starts a new one). */
  stop(): void {
    this.worker?.terminate();
    this.worker = undefined;
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(new StoppedError());
  }
}

/**
 * For controls that fire on every movement (a slider): runs the newest request only. While a job
 * runs, later requests replace each other; when it ends, the newest one runs.
 */
export function latestOnly<P>(run: (params: P) => Promise<void>): (params: P) => void {
  let running = false;
  let queued: { params: P } | undefined;
  const next = async (params: P) => {
    running = true;
    try {
      await run(params);
    } finally {
      running = false;
      const waiting = queued;
      queued = undefined;
      if (waiting) void next(waiting.params);
    }
  };
  return (params: P) => {
    if (running) queued = { params };
    else void next(params);
  };
}
