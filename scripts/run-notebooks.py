#!/usr/bin/python3
"""Execute notebooks through the real tslab kernel, as a learner would, and check them.

Usage (from anywhere; run with Debian's /usr/bin/python3, which has nbclient):
    /usr/bin/python3 scripts/run-notebooks.py [NOTEBOOK ...] [options]

Without NOTEBOOK arguments it runs every notebooks/**/*.ipynb (every language edition), sorted,
never descending into the `src` symlinks or .ipynb_checkpoints.

For each notebook:
  1. start a fresh kernel (kernelspec rnn-tslab) in the notebook's folder and run every code cell
     in order, printing per-cell timings;
  2. run every cell a second time in the SAME kernel, in order (learners re-run cells), and fail
     if a cell errors or its output changes. Ignored when comparing: lines starting with "⏱"
     (timings), the plotly.js library that show() inlines once per kernel session, and the plot
     counter in show()'s div ids;
  3. with --fresh-twice, run it once more in a new kernel and fail if the outputs differ from
     step 1 (seeded randomness: two fresh runs must agree).

A cell fails on status "error" (tslab leaves the error message empty and writes the text to the
cell's stderr, which is printed) and on status "abort". After an error the runner waits 300 ms,
because tslab aborts requests that arrive within ~200 ms of an error.

Options:
  --allow-errors     keep going after errors and exit 0 (use --json to inspect what happened)
  --json FILE        write a JSON report (per notebook, per cell: status, seconds, stderr, ...)
  --save DIR         write the executed notebooks (first pass, signed as trusted) to DIR/<path>
  --no-rerun         skip step 2
  --fresh-twice      also do step 3
  --cwd DIR          start kernels in DIR instead of the notebook's folder
  --timeout SECONDS  per-cell timeout (default 300)
  --error-pause S    pause after a cell error (default 0.3; 0 shows tslab's "abort" in tests)

Exit status: 0 when every notebook passed, 1 otherwise, 2 on bad usage.
"""

import argparse
import copy
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from project_env import load_project_env

ROOT = Path(__file__).resolve().parent.parent
KERNEL_NAME = "rnn-tslab"
SLOW_CELL_SECONDS = 10.0
ERROR_PAUSE_SECONDS = 0.3

TIMING_LINE = re.compile(r"^\s*⏱.*$\n?", re.MULTILINE)
PLOTLY_BUNDLE = re.compile(r"<script[^>]*data-rnn-plotly-bundle[^>]*>.*?</script>\n?", re.DOTALL)
PLOT_ID = re.compile(r"(rnn-plot-[0-9a-f]{8})-\d+")




def find_notebooks(paths):
    if paths:
        return [Path(p).resolve() for p in paths]
    found = []
    for dirpath, dirnames, filenames in os.walk(ROOT / "notebooks"):  # does not follow symlinks
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d != ".ipynb_checkpoints" and not os.path.islink(os.path.join(dirpath, d))
        )
        found += [Path(dirpath) / f for f in filenames if f.endswith(".ipynb")]
    return sorted(found)


def display_path(path):
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def normalize_text(text):
    text = PLOTLY_BUNDLE.sub("", text)
    text = PLOT_ID.sub(r"\1-N", text)
    return TIMING_LINE.sub("", text)


def text_of(value):
    return "".join(value) if isinstance(value, list) else value


def normalize_outputs(outputs):
    """Outputs as comparable plain data: streams merged per name, volatile parts removed."""
    result = []
    for out in outputs:
        kind = out.get("output_type")
        if kind == "stream":
            if result and result[-1][0] == "stream" and result[-1][1] == out["name"]:
                result[-1] = ("stream", out["name"], result[-1][2] + text_of(out["text"]))
            else:
                result.append(("stream", out["name"], text_of(out["text"])))
        elif kind in ("display_data", "execute_result"):
            data = {}
            for mime, value in sorted(out.get("data", {}).items()):
                if isinstance(value, (str, list)):
                    data[mime] = normalize_text(text_of(value))
                else:
                    data[mime] = json.dumps(value, sort_keys=True)
            result.append((kind, json.dumps(data, sort_keys=True)))
        elif kind == "error":
            result.append(("error", out.get("ename"), out.get("evalue")))
    final = []
    for item in result:
        if item[0] == "stream":
            text = normalize_text(item[2])
            if text:
                final.append(("stream", item[1], text))
        else:
            final.append(item)
    return final


def stderr_of(cell):
    return "".join(
        text_of(o["text"])
        for o in cell.get("outputs", [])
        if o.get("output_type") == "stream" and o.get("name") == "stderr"
    )


def describe_difference(before, after):
    lines = []
    for label, value in (("first run", before), ("second run", after)):
        lines.append(f"    --- {label}:")
        for item in value:
            lines.append("      " + repr(item)[:600])
    return "\n".join(lines)


def make_client_class():
    from nbclient import NotebookClient

    class TimedClient(NotebookClient):
        """NotebookClient that records the time of the first output and every execute_reply."""

        first_output_at = None
        replies = {}

        def output(self, outs, msg, display_id, cell_index):
            if self.first_output_at is None:
                self.first_output_at = time.monotonic()
            return super().output(outs, msg, display_id, cell_index)

    return TimedClient


class NotebookRun:
    def __init__(self, path, args):
        self.path = path
        self.args = args
        self.cells = []  # per code cell: dict for the report
        self.failures = []
        self.kernel_start_seconds = None
        self.first_output_seconds = None
        self.total_seconds = None
        # kernel start + one pass over the cells: what a reader waits for
        self.first_pass_seconds = None
        # CPU seconds the kernel process used in that pass: close to the wall time on an idle
        # machine, and hardly changed by other jobs on a busy one
        self.kernel_cpu_seconds = None

    def fail(self, message, cell=None, index=None, phase="run"):
        record = {"phase": phase, "message": message}
        if cell is not None:
            record.update(cell_index=index, source=cell.source, stderr=stderr_of(cell))
            places = claim_places(cell)
            if places:
                record["claim_places"] = places
        self.failures.append(record)
        print(f"\n✗ FAILED {display_path(self.path)}  [{phase}]  {message}", flush=True)
        if cell is not None:
            print(f"  cell index: {index}", flush=True)
            for place in record.get("claim_places", []):
                print(f"  the sentence that does not hold stands at {place}", flush=True)
            print("  source:\n" + indent(cell.source), flush=True)
            err = stderr_of(cell)
            print("  stderr:\n" + (indent(err) if err.strip() else "    (empty)"), flush=True)


def claim_places(cell):
    """Where the failed claims of a claim cell stand in the chapter source: the build keeps each
    quote's file:line in the cell's metadata (rnn_notebooks.claims), out of the reader's sight.
    The sentences quoted in the ClaimError messages of the cell's stderr pick the failed ones."""
    claims = cell.get("metadata", {}).get("rnn_notebooks", {}).get("claims", [])
    err = stderr_of(cell)
    failed = [c["place"] for c in claims if any(f'"{s}"' in err for s in c.get("sentences", []))]
    return failed


def indent(text, prefix="    "):
    return "\n".join(prefix + line for line in text.rstrip("\n").split("\n"))


def execute_pass(client, nb, run, phase, pause_log):
    """Run every code cell of nb in client's kernel. Returns per-cell records, stops early on
    an unexpected failure unless --allow-errors."""
    import nbformat  # noqa: F401  (ensures the module is there before timing starts)
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    records = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        started = time.monotonic()
        client.replies.pop(index, None)
        status = None
        try:
            client.execute_cell(cell, index)
            reply = client.replies.get(index)
            status = reply["content"]["status"] if reply else "no-reply"
            if reply and reply["content"].get("execution_count"):
                cell.execution_count = reply["content"]["execution_count"]
        except CellTimeoutError:
            status = "timeout"
        except DeadKernelError:
            status = "dead-kernel"
            print(f"  the kernel died; its log: {display_path(client.kernel_log)}", flush=True)
        seconds = time.monotonic() - started
        first_line = cell.source.strip().split("\n")[0][:70]
        slow = "  SLOW (> 10 s)" if seconds > SLOW_CELL_SECONDS else ""
        print(f"  ⏱ [{phase}] cell {index:>3}  {seconds:6.2f} s  {status:<6} {first_line}{slow}",
              flush=True)
        records.append({"index": index, "status": status, "seconds": round(seconds, 3),
                        "stderr": stderr_of(cell), "source": cell.source})
        if status != "ok":
            expected = run.args.allow_errors and status == "error"
            if not expected:
                run.fail(f"cell status {status!r}", cell, index, phase)
                if not run.args.allow_errors or status in ("timeout", "dead-kernel"):
                    return records, False
    return records, True


def run_notebook(path, args):
    import nbformat

    TimedClient = make_client_class()
    run = NotebookRun(path, args)
    print(f"\n▶ {display_path(path)}", flush=True)
    nb = nbformat.read(str(path), as_version=4)
    cwd = args.cwd or str(path.parent)

    def on_cell_executed(cell, cell_index, execute_reply):
        client.replies[cell_index] = execute_reply

    def on_cell_error(cell, cell_index, execute_reply):
        # tslab aborts requests for ~200 ms after an error: let that pass before the next cell.
        time.sleep(args.error_pause)

    def new_client(notebook):
        c = TimedClient(
            notebook,
            kernel_name=KERNEL_NAME,
            timeout=args.timeout,
            allow_errors=True,
            resources={"metadata": {"path": cwd}},
            on_cell_executed=on_cell_executed,
            on_cell_error=on_cell_error,
        )
        c.replies = {}
        c.kernel_log = log_path
        return c

    # The kernel (Node) must not share our stdout/stderr: Node makes inherited pipes non-blocking,
    # which can cut our output short. Its own stderr (crashes) goes to build/kernel-logs/.
    log_dir = ROOT / "build" / "kernel-logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / (display_path(path).replace(os.sep, "__") + ".log")

    def kernel_io():
        return {"stdout": subprocess.DEVNULL, "stderr": open(log_path, "a")}

    started = time.monotonic()
    client = new_client(nb)
    first_pass = None
    with client.setup_kernel(**kernel_io()):
        run.kernel_start_seconds = round(time.monotonic() - started, 3)
        records, completed = execute_pass(client, nb, run, "run", None)
        run.first_pass_seconds = round(time.monotonic() - started, 3)
        run.kernel_cpu_seconds = kernel_cpu_seconds(client)
        if client.first_output_at is not None:
            run.first_output_seconds = round(client.first_output_at - started, 3)
        first_pass = copy.deepcopy(nb)
        run.cells = records
        if completed and not args.no_rerun:
            before = {i: normalize_outputs(c.get("outputs", [])) for i, c in enumerate(nb.cells)
                      if c.cell_type == "code"}
            rerun_records, _ = execute_pass(client, nb, run, "rerun", None)
            by_index = {r["index"]: r for r in records}
            for rec in rerun_records:
                by_index[rec["index"]]["rerun_status"] = rec["status"]
                by_index[rec["index"]]["rerun_seconds"] = rec["seconds"]
                cell = nb.cells[rec["index"]]
                after = normalize_outputs(cell.get("outputs", []))
                same = after == before[rec["index"]]
                by_index[rec["index"]]["rerun_same_output"] = same
                if not same:
                    run.fail("output changed when the cell was run a second time in the same "
                             "kernel\n" + describe_difference(before[rec["index"]], after),
                             cell, rec["index"], "rerun")
    run.total_seconds = round(time.monotonic() - started, 3)

    if args.fresh_twice and not run.failures:
        again = nbformat.read(str(path), as_version=4)
        client = new_client(again)
        with client.setup_kernel(**kernel_io()):
            execute_pass(client, again, run, "fresh", None)
        for index, cell in enumerate(again.cells):
            if cell.cell_type != "code":
                continue
            a = normalize_outputs(first_pass.cells[index].get("outputs", []))
            b = normalize_outputs(cell.get("outputs", []))
            if a != b:
                run.fail("two fresh runs gave different outputs (unseeded randomness?)\n"
                         + describe_difference(a, b), cell, index, "fresh")

    if args.save:
        save(first_pass, path, Path(args.save))

    slowest = max(run.cells, key=lambda r: r["seconds"], default=None)
    verdict = "ok" if not run.failures else f"FAILED ({len(run.failures)})"
    slow_text = (f", slowest cell {slowest['index']} {slowest['seconds']:.2f} s"
                 if slowest else "")
    first = (f"{run.first_output_seconds:.2f} s" if run.first_output_seconds is not None
             else "none")
    cpu = (f" (kernel CPU {run.kernel_cpu_seconds:.1f} s)" if run.kernel_cpu_seconds is not None
           else "")
    one_pass = (f"one pass {run.first_pass_seconds:.2f} s{cpu}, "
                if run.first_pass_seconds is not None else "")
    print(f"⏱ {display_path(path)}: {verdict}; kernel ready {run.kernel_start_seconds:.2f} s, "
          f"first output {first}, {one_pass}total {run.total_seconds:.2f} s{slow_text}",
          flush=True)
    return run


def kernel_cpu_seconds(client):
    """User + system CPU seconds of the kernel process (and children it waited for), or None."""
    try:
        pid = client.km.provisioner.process.pid
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        # fields after the name: state is [0]; utime, stime, cutime, cstime are [11:15]
        ticks = sum(int(v) for v in fields[11:15])
        return round(ticks / os.sysconf("SC_CLK_TCK"), 2)
    except (AttributeError, OSError, ValueError, IndexError):
        return None


def save(nb, path, out_dir):
    """Write the executed notebook, signed so the server trusts (and runs) its HTML/JS."""
    import nbformat
    from nbformat.sign import NotebookNotary

    try:
        rel = path.relative_to(ROOT)
    except ValueError:
        rel = Path(path.name)
    base = out_dir if out_dir.is_absolute() else ROOT / out_dir
    target = base / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    # Notebooks refer to diagrams as ../../assets/…: keep that working from DIR/notebooks/<lang>/.
    link = base / "assets"
    if (ROOT / "assets").is_dir() and not link.exists() and not link.is_symlink():
        link.symlink_to(os.path.relpath(ROOT / "assets", base))
    NotebookNotary().sign(nb)
    nbformat.write(nb, str(target))
    print(f"  saved {display_path(target)} (signed as trusted)", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*")
    parser.add_argument("--allow-errors", action="store_true")
    parser.add_argument("--json")
    parser.add_argument("--save")
    parser.add_argument("--no-rerun", action="store_true")
    parser.add_argument("--fresh-twice", action="store_true")
    parser.add_argument("--cwd")
    parser.add_argument("--timeout", type=int, default=300)
    parser.add_argument("--error-pause", type=float, default=ERROR_PAUSE_SECONDS)
    args = parser.parse_args()

    load_project_env()
    # On SIGTERM, unwind so the kernels are shut down (no orphaned kernels).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    notebooks = find_notebooks(args.notebooks)
    missing = [str(p) for p in notebooks if not p.exists()]
    if missing:
        print("No such notebook: " + ", ".join(missing), file=sys.stderr)
        return 2
    if not notebooks:
        print("No notebooks found under notebooks/.", flush=True)

    runs = []
    for path in notebooks:
        try:
            runs.append(run_notebook(path, args))
        except Exception as error:  # kernel failed to start, unreadable notebook, ...
            run = NotebookRun(path, args)
            run.fail(f"{type(error).__name__}: {error}")
            runs.append(run)

    report = {
        "ok": all(not r.failures for r in runs),
        "notebooks": [
            {
                "path": display_path(r.path),
                "ok": not r.failures,
                "kernel_start_seconds": r.kernel_start_seconds,
                "first_output_seconds": r.first_output_seconds,
                "total_seconds": r.total_seconds,
                "first_pass_seconds": r.first_pass_seconds,
                "kernel_cpu_seconds": r.kernel_cpu_seconds,
                "cells": r.cells,
                "failures": r.failures,
            }
            for r in runs
        ],
    }
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")

    failed = [r for r in runs if r.failures]
    print(f"\n{len(runs) - len(failed)}/{len(runs)} notebooks passed.", flush=True)
    if args.allow_errors:
        return 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
