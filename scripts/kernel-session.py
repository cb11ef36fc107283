#!/usr/bin/python3
"""Drive ONE tslab kernel (kernelspec rnn-tslab) from another program, line by line.

    /usr/bin/python3 scripts/kernel-session.py --cwd DIR

Starts the kernel in DIR and prints one JSON object per line on stdout:
    {"event": "ready", "seconds": <kernel start time>}
then, for every JSON line {"code": "..."} read on stdin, runs the code and prints
    {"event": "executed", "status": "ok"|"error"|"abort", "seconds": ..., "outputs": [...]}
where outputs are iopub messages: {"type": "stream", "name", "text"} or
{"type": "display_data"|"update_display_data", "data", "metadata"}.
Closing stdin shuts the kernel down. Used by tests (editing src/ between two runs of a cell, the
display_data of show()) and by scripts/bench/kernel.py.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from project_env import load_project_env

ROOT = Path(__file__).resolve().parent.parent




def emit(obj):
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def execute(client, code, timeout):
    started = time.monotonic()
    msg_id = client.execute(code, store_history=True, allow_stdin=False, stop_on_error=False)
    outputs = []
    first_output = None
    while True:
        msg = client.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        content = msg["content"]
        if kind == "stream":
            outputs.append({"type": "stream", "name": content["name"], "text": content["text"]})
        elif kind in ("display_data", "update_display_data", "execute_result"):
            outputs.append({"type": kind, "data": content.get("data", {}),
                            "metadata": content.get("metadata", {}),
                            "display_id": content.get("transient", {}).get("display_id")})
        elif kind == "error":
            outputs.append({"type": "error", "ename": content.get("ename"),
                            "evalue": content.get("evalue")})
        if kind in ("stream", "display_data", "execute_result") and first_output is None:
            first_output = time.monotonic() - started
        if kind == "status" and content["execution_state"] == "idle":
            break
    reply = client.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = client.get_shell_msg(timeout=timeout)
    return {"event": "executed", "status": reply["content"]["status"],
            "seconds": round(time.monotonic() - started, 4),
            "first_output_seconds": None if first_output is None else round(first_output, 4),
            "outputs": outputs}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cwd", default=os.getcwd())
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    load_project_env()
    from jupyter_client.manager import KernelManager

    # Shut the kernel down on SIGTERM (no orphaned kernels).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    started = time.monotonic()
    manager = KernelManager(kernel_name="rnn-tslab")
    # The kernel (Node) must not share our stdout: Node makes an inherited pipe non-blocking,
    # which silently truncates our multi-megabyte JSON lines (plotly.js inlined).
    manager.start_kernel(cwd=args.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=args.timeout)
        emit({"event": "ready", "seconds": round(time.monotonic() - started, 4),
              "pid": manager.provisioner.process.pid if manager.provisioner else None})
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            result = execute(client, request["code"], args.timeout)
            if result["status"] == "error":
                time.sleep(0.3)  # tslab aborts requests for ~200 ms after an error
            emit(result)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=False)


if __name__ == "__main__":
    main()
