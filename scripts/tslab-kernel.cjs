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
// Used by the kernelspec that scripts/jupyter-env.mjs writes; a user's own tslab kernel lacks
// it (README: "Using your own tslab kernel").
"use strict";
const path = require("node:path");

const tslabDir = path.join(__dirname, "..", "node_modules", "tslab");

/** Makes `send` on every zeromq socket queue behind a send still in flight instead of throwing. */
function sendInOrder(zeromq) {
  const send = zeromq.Socket.prototype.send;
  const queues = new WeakMap(); // socket → { last: promise of the latest send, waiting: count }
  function sendQueued(message, ...rest) {
    if (!queues.has(this)) queues.set(this, { last: Promise.resolve(), waiting: 0 });
    const queue = queues.get(this);
    if (queue.waiting === 0) {
      try {
        queue.last = send.call(this, message, ...rest);
        return queue.last;
      } catch (error) {
        if (error?.code !== "EBUSY") throw error;
      }
    }
    queue.waiting += 1;
    const sent = queue.last
      .catch(() => undefined)
      .then(() => send.call(this, message, ...rest))
      .finally(() => {
        queue.waiting -= 1;
      });
    queue.last = sent;
    return sent;
  }
  // The native method is read-only but configurable.
  Object.defineProperty(zeromq.Socket.prototype, "send", { value: sendQueued, writable: false });
}
sendInOrder(require(require.resolve("zeromq", { paths: [tslabDir] })));
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
