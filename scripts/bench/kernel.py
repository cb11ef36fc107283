#!/usr/bin/python3
"""Benchmark: time from kernel start to first output, and headless time per notebook.

    /usr/bin/python3 scripts/bench/kernel.py [--repeat 3] [--notebooks]

1. Starts the project's tslab kernel (rnn-tslab) in notebooks/en/ --repeat times and measures:
   kernel ready, first output of `console.log`, first output of a cell importing ./src/index.
2. With --notebooks, runs every course notebook headless once (scripts/run-notebooks.py
   --no-rerun) and prints time per notebook and its slowest cell.
Goals (issue 3): first output <= 5 s; no cell over 10 s.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "scripts"))  # project_env.py lives there

from project_env import load_project_env  # noqa: E402




def run_until_output(client, code):
    msg_id = client.execute(code)
    first = None
    while True:
        msg = client.get_iopub_msg(timeout=120)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if first is None and msg["msg_type"] in ("stream", "display_data"):
            first = time.monotonic()
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return first


def one_kernel(cwd):
    from jupyter_client.manager import KernelManager

    started = time.monotonic()
    manager = KernelManager(kernel_name="rnn-tslab")
    manager.start_kernel(cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
        ready = time.monotonic() - started
        first = run_until_output(client, 'console.log("hello")') - started
        before = time.monotonic()
        library = run_until_output(
            client, 'import * as lib from "./src/core/index";\nconsole.log(Object.keys(lib).length);'
        ) - before
        return ready, first, library
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=False)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--notebooks", action="store_true")
    args = parser.parse_args()
    load_project_env()

    rows = [one_kernel(str(ROOT / "notebooks" / "en")) for _ in range(args.repeat)]
    print(f"Kernel (rnn-tslab) started in notebooks/en/, {args.repeat} runs (median, max):")
    for label, values in zip(
        ("kernel ready", "first output (console.log)", "first import of ./src/index"),
        zip(*rows),
    ):
        print(f"  {label:<32} {statistics.median(values):6.2f} s  {max(values):6.2f} s")
    first = max(r[1] for r in rows)
    print(f"  goal: first output <= 5 s: {'met' if first <= 5 else 'NOT met'}")

    if args.notebooks:
        with tempfile.TemporaryDirectory() as tmp:
            report_path = Path(tmp) / "report.json"
            subprocess.run([sys.executable, str(ROOT / "scripts" / "run-notebooks.py"),
                            "--no-rerun", "--json", str(report_path)],
                           check=False, stdout=subprocess.DEVNULL)
            report = json.loads(report_path.read_text())
        print("\nHeadless, one pass per notebook (kernel start included):")
        print(f"  {'notebook':<52} {'total':>7} {'1st out':>8} {'slowest cell':>16}")
        worst = 0.0
        for nb in report["notebooks"]:
            slow = max(nb["cells"], key=lambda c: c["seconds"], default=None)
            worst = max(worst, slow["seconds"] if slow else 0)
            slow_text = f"#{slow['index']} {slow['seconds']:.2f} s" if slow else "-"
            status = "" if nb["ok"] else "  FAILED"
            print(f"  {nb['path']:<52} {nb['total_seconds'] or 0:6.2f}s "
                  f"{nb['first_output_seconds'] or 0:7.2f}s {slow_text:>16}{status}")
        print(f"  goal: no cell over 10 s: {'met' if worst <= 10 else 'NOT met'} "
              f"(slowest {worst:.2f} s)")


if __name__ == "__main__":
    main()
