"""Jupyter's environment of this project for the Python scripts, from the one helper
(scripts/jupyter-env.mjs): kernelspec path, JUPYTER_* folders inside the project, project root."""
import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_project_env():
    out = subprocess.run(
        ["node", str(ROOT / "scripts" / "jupyter-env.mjs"), "--json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for key, value in json.loads(out).items():
        if key.isupper() and key not in ("KERNEL_NAME", "KERNEL_SPEC"):
            os.environ[key] = value
