"""Shared pieces of the route emulations: fresh environments, time-limited runs.

Every command runs in its own process group with a time limit; on overrun, or
when it ends, the whole group (kernels included) is killed, so a route that
hangs fails its test instead of stopping the run.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
PIP_CACHE = Path(os.environ.get("PIP_CACHE_DIR", Path.home() / ".cache" / "pip"))

sys.path.insert(0, str(ROOT / "scripts"))
import setup_cells  # noqa: E402


def clean_env(home: Path, venv: Path | None = None) -> dict[str, str]:
    """An environment that sees nothing of this machine's Python set-up.

    Jupyter and IPython keep their data under ``home`` (no kernel spec of
    another environment can be picked up); pip keeps using the machine's cache.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON", "JUPYTER", "CONDA"))}
    env.update(
        PYTHONNOUSERSITE="1",
        PIP_CACHE_DIR=str(PIP_CACHE),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        JUPYTER_DATA_DIR=str(home / "jupyter-data"),
        JUPYTER_CONFIG_DIR=str(home / "jupyter-config"),
        JUPYTER_RUNTIME_DIR=str(home / "jupyter-runtime"),
        IPYTHONDIR=str(home / "ipython"),
        MPLCONFIGDIR=str(home / "matplotlib"),
    )
    if venv is not None:
        env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        env["VIRTUAL_ENV"] = str(venv)
    return env


def run(cmd: list[str], *, timeout: float, cwd: Path | None = None, env: dict | None = None) -> str:
    """Run ``cmd``; fail the test with its output if it fails or overruns."""
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        out, _ = proc.communicate()
        pytest.fail(f"timed out after {timeout:.0f} s: {' '.join(map(str, cmd))}\n{out[-4000:]}")
    finally:
        kill_group(proc)
    if proc.returncode != 0:
        pytest.fail(f"exit code {proc.returncode}: {' '.join(map(str, cmd))}\n{out[-4000:]}")
    return out


def kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def make_venv(path: Path, home: Path, *packages: str, timeout: float = 600) -> Path:
    """A fresh virtual environment with only ``packages`` installed; its python."""
    run([sys.executable, "-m", "venv", str(path)], timeout=120, env=clean_env(home))
    python = path / "bin" / "python"
    if packages:
        pip_install(python, home, *packages, timeout=timeout)
    return python


def pip_install(python: Path, home: Path, *args: str, cwd: Path | None = None, timeout: float = 600) -> str:
    return run([str(python), "-m", "pip", "install", "-q", *args], timeout=timeout, cwd=cwd,
               env=clean_env(home, python.parent.parent))


@pytest.fixture(scope="session")
def checkout(tmp_path_factory) -> Path:
    """A copy of the repository's files, as a fresh clone has them (no .venv, no build)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")
    dest = tmp_path_factory.mktemp("checkout") / "information-theory-basics"
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


# Executes a notebook with nbclient in the environment it is started with, the
# way a hosted Jupyter runs it cell by cell; writes the executed notebook.
RUNNER = """
import sys, nbformat
from nbclient import NotebookClient
src, dest = sys.argv[1], sys.argv[2]
nb = nbformat.read(src, as_version=4)
NotebookClient(nb, timeout=600, kernel_name="python3",
               resources={"metadata": {"path": sys.argv[3]}}).execute()
nbformat.write(nb, dest)
"""


def errors(nb: dict) -> list[str]:
    return [
        f"cell {i}: {out.get('ename')}: {out.get('evalue')}"
        for i, cell in enumerate(nb["cells"]) if cell["cell_type"] == "code"
        for out in cell.get("outputs", []) if out.get("output_type") == "error"
    ]


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
