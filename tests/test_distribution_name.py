"""The course library is never confused with the unrelated PyPI project named infolib."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# `pip install infolib`, with or without quotes, extras or a version.
WRONG_INSTALL = re.compile(r"""pip\s+install\s+(?:-\S+\s+)*["']?infolib\b""")


def test_distribution_name_is_not_infolib():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "information-theory-basics"


def test_nothing_tells_anyone_to_pip_install_infolib():
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                           cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    offenders = []
    for rel in files:
        path = ROOT / rel
        if rel == "tests/test_distribution_name.py":
            continue
        if path.suffix not in {".md", ".py", ".ipynb", ".toml", ".txt", ".yml", ".cfg", ""} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{rel}: {m.group(0)}" for m in WRONG_INSTALL.finditer(text)]
    assert offenders == []
