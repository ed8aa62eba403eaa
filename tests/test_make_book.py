"""What ``make book`` prints: the page to open, once.

jupyter-book ends its build with a box that names ``_build/html/index.html``
and its ``file://`` address; the Makefile's ``book`` target adds only how to
serve the site. The target runs here in a scratch folder, with a stand-in for
jupyter-book that prints jupyter-book's own closing box (its function
``builder_specific_actions``) and builds nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_make_book_prints_the_page_to_open_once(tmp_path):
    pytest.importorskip("jupyter_book")
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    (tmp_path / "locks").mkdir()
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copy(ROOT / "locks" / "book.txt", tmp_path / "locks")
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").symlink_to(sys.executable)
    stand_in = bin_dir / "jupyter-book"
    stand_in.write_text(
        "#!/bin/sh\n"
        f'exec "{sys.executable}" -c "from jupyter_book.cli.main import builder_specific_actions; '
        "builder_specific_actions(0, 'html', '_build/html', 'book')\"\n",
        encoding="utf-8",
    )
    stand_in.chmod(0o755)
    (tmp_path / "venv" / ".installed-book").touch()  # newer than pyproject.toml and the lock: no install

    env = {**os.environ, "MAKEFLAGS": ""}
    done = subprocess.run(["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "book", "VENV=venv"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "Finished generating HTML for book" in out, out
    assert out.count("file://") == 1, f"make book names the page to open {out.count('file://')} times:\n{out}"
    assert out.count("make serve") == 1, out
