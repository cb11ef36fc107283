#!/usr/bin/env node
// The project's tslab kernel: tslab 1.0.22 plus ONE fix, "an edit anywhere in src/ shows up when
// the cell is re-run" (no kernel restart).
//
// Why: tslab recompiles a local .ts module when it changes and drops THAT module from its module
// cache, but modules that import it stay cached with the old exports. A cell importing
// `./src/index` therefore kept the old `src/core/cells/lstm.ts` after an edit. Here, whenever tslab
// reports a recompiled module, every local module it compiled before is marked as changed too,
// so the next `require` re-evaluates them all from their (unchanged or new) compiled code.
//
// And a second fix, "no output is lost, however much a cell prints": tslab sends every message
// with zeromq 6's `socket.send()` and never waits for it. zeromq delays every 513th send to the
// next turn of the event loop, and a send while one is delayed throws EBUSY. Node's console.log
// swallows that error, so a line of output silently vanished (a claim cell's "✓ checked" once);
// when the lost message was the kernel's "idle" status, the client waited forever (a cell that
// logs 600 lines did that). Here each socket's sends wait for the one still in flight, in order.
//
// And a third, "no output is dropped when the reader is slow": tslab's iopub socket is a zeromq
// Publisher, which silently DROPS messages once a subscriber's queue holds 1000 (its high-water
// mark); on a busy machine a cell printing 3000 lines lost 157 of them. Here every Publisher is set
// to noDrop before it binds, so a send waits until the subscriber has room instead.
//
// Used by the kernelspec that scripts/jupyter-env.mjs writes; a user's own tslab kernel lacks
// it (README: "Using your own tslab kernel").
"use strict";
const path = require("node:path");

const tslabDir = path.join(__dirname, "..", "node_modules", "tslab");

/** How long a message may wait for a slow reader before it is given up (with a warning). */
const LONGEST_WAIT_MS = 120_000;

/** A pause of `ms` milliseconds. */
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends one message; while the socket is busy (EBUSY) or its reader's queue is full (EAGAIN, see
 * publishWithoutDropping) it waits and tries again, at most LONGEST_WAIT_MS.
 */
async function sendPatiently(send, socket, args) {
  const started = Date.now();
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await send.apply(socket, args);
    } catch (error) {
      const retry = error?.code === "EBUSY" || error?.code === "EAGAIN";
      if (!retry) throw error;
      if (Date.now() - started > LONGEST_WAIT_MS) {
        process.stderr.write(
          `rnn-notebooks kernel: a message waited ${LONGEST_WAIT_MS} ms for a reader and was dropped\n`,
        );
        return undefined;
      }
      await pause(Math.min(2 ** attempt, 20));
    }
  }
}

/** Makes `send` on every zeromq socket wait for the send before it, in order, never throwing EBUSY. */
function sendInOrder(zeromq) {
  const send = zeromq.Socket.prototype.send;
  const queues = new WeakMap(); // socket → { last: promise of the latest send, pending: count }
  function sendQueued(...args) {
    if (!queues.has(this)) queues.set(this, { last: Promise.resolve(), pending: 0 });
    const queue = queues.get(this);
    // With nothing in flight the send starts now (sendPatiently calls send synchronously);
    // otherwise it starts when the one before it has settled.
    const sent =
      queue.pending === 0
        ? sendPatiently(send, this, args)
        : queue.last.catch(() => undefined).then(() => sendPatiently(send, this, args));
    queue.pending += 1;
    queue.last = sent.finally(() => {
      queue.pending -= 1;
    });
    return queue.last;
  }
  // The native method is read-only but configurable.
  Object.defineProperty(zeromq.Socket.prototype, "send", { value: sendQueued, writable: false });
}

/** Makes every zeromq Publisher wait for room (noDrop) instead of dropping at the high-water mark. */
function publishWithoutDropping(zeromq) {
  const bind = zeromq.Publisher.prototype.bind;
  function bindWithoutDropping(...args) {
    this.noDrop = true;
    return bind.apply(this, args);
  }
  // Socket.prototype.bind is not configurable; Publisher's own prototype can still shadow it.
  Object.defineProperty(zeromq.Publisher.prototype, "bind", { value: bindWithoutDropping });
}
const zeromq = require(require.resolve("zeromq", { paths: [tslabDir] }));
sendInOrder(zeromq);
publishWithoutDropping(zeromq);
const executor = require(path.join(tslabDir, "dist", "executor.js"));
const originalCreateExecutor = executor.createExecutor;

function invalidateDependents(converter) {
  /** path of every compiled local module → its latest compiled code */
  const compiled = new Map();
  return new Proxy(converter, {
    get(target, property) {
      const value = target[property];
      if (property !== "convert") return typeof value === "function" ? value.bind(target) : value;
      return (...args) => {
        const result = value.apply(target, args);
        const changed = result.sideOutputs;
        if (!changed || changed.length === 0) return result;
        for (const output of changed) compiled.set(output.path, output.data);
        const all = Array.from(compiled, ([outputPath, data]) => ({ path: outputPath, data }));
        return { ...result, sideOutputs: all };
      };
    },
  });
}

executor.createExecutor = (rootDir, converters, console) => {
  const wrappedConverters = new WeakMap();
  const wrapped = new Proxy(converters, {
    get(target, property) {
      const value = target[property];
      if (property === "node") {
        if (!wrappedConverters.has(value))
          wrappedConverters.set(value, invalidateDependents(value));
        return wrappedConverters.get(value);
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return originalCreateExecutor(rootDir, wrapped, console);
};

require(path.join(tslabDir, "dist", "main.js")).main();
