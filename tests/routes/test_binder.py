"""The Binder button: an environment built the way repo2docker builds it.

repo2docker, finding `binder/`, reads only that folder's configuration: it
runs `pip install -r binder/requirements.txt` from the repository's root with
the Python version of `binder/runtime.txt`. Emulated here: a fresh virtual
environment, that one install from the root of a fresh copy of the
repository, which must hold exactly the versions of locks/lab.txt; every
module any chapter imports (and every module of infolib) must import in it;
and two chapters run through nbval in it (pytest and nbval are added to run
the check; they are not part of the Binder image).

Why two chapters are enough: `make test` runs every chapter through nbval in
the test environment, and the Binder environment holds the same packages at
the same versions (tests/test_locks.py: every lock is cut from locks/all.txt;
locks/lab.txt is the test environment's notebook packages plus JupyterLab's
server). What could still break on Binder alone is a module a chapter needs
that lab.txt lacks, which the import check finds for every chapter; nbval on
chapter 1 and on chapter 9 (the one that imports the most: SciPy,
scikit-learn and the standard library's compressors) shows the kernel, the
setup cell and the stored outputs agree there.

What this does not cover: repo2docker's base image and the Docker build
itself, and mybinder.org's launch (the launch URLs are checked by the site
tests).
"""

from __future__ import annotations

import json
import re
import sys

import pytest

from conftest import CHAPTERS, clean_env, make_venv, pip_install, run

TIMEOUT = 1800


@pytest.fixture(scope="module")
def binder_env(checkout, tmp_path_factory):
    runtime = (checkout / "binder" / "runtime.txt").read_text().strip()
    wanted = runtime.removeprefix("python-")
    have = f"{sys.version_info.major}.{sys.version_info.minor}"
    if wanted != have:
        pytest.skip(f"binder/runtime.txt asks for Python {wanted}; this machine runs {have}")
    tmp = tmp_path_factory.mktemp("binder")
    home = tmp / "home"
    python = make_venv(tmp / "venv", home)
    pip_install(python, home, "-r", "binder/requirements.txt", cwd=checkout, timeout=TIMEOUT)
    return python, home, tmp / "venv"


def test_binder_environment_holds_exactly_the_locked_versions(binder_env, checkout):
    python, home, venv = binder_env
    out = run([str(python), "scripts/check_lock.py", "lab"], timeout=120, cwd=checkout, env=clean_env(home, venv))
    assert "installed exactly as locked" in out, out


def test_binder_environment_has_jupyterlab(binder_env):
    python, home, venv = binder_env
    out = run([str(venv / "bin" / "jupyter"), "lab", "--version"], timeout=120, env=clean_env(home, venv))
    assert int(out.strip().split(".")[0]) >= 4, out


#: Run through nbval here (the reasons are in the module's docstring).
NBVAL_CHAPTERS = ["chapters/01_information_content.ipynb", "chapters/09_machine_learning.ipynb"]

_IMPORT = re.compile(r"^\s*(?:import|from)\s+([A-Za-z_]\w*)", re.M)


def chapter_imports() -> dict[str, list[str]]:
    """Top-level module -> the chapters whose code cells import it."""
    found: dict[str, list[str]] = {}
    for path in CHAPTERS:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        for name in sorted(set(_IMPORT.findall(code))):
            found.setdefault(name, []).append(path.stem)
    return found


def test_the_import_scan_finds_what_the_chapters_use():
    found = chapter_imports()
    assert {"numpy", "matplotlib", "infolib", "scipy", "sklearn"} <= set(found), sorted(found)
    assert len(found["infolib"]) == len(CHAPTERS), "every chapter imports the course library"


def test_every_module_a_chapter_imports_imports_in_the_binder_environment(binder_env):
    python, home, venv = binder_env
    modules = sorted(chapter_imports())
    script = (
        "import importlib, pkgutil, sys\n"
        "import infolib\n"
        "names = sys.argv[1:] + [m.name for m in pkgutil.walk_packages(infolib.__path__, 'infolib.')]\n"
        "failed = []\n"
        "for name in names:\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as exc:\n"
        "        failed.append(f'{name}: {exc!r}')\n"
        "print('imported', len(names) - len(failed), 'of', len(names))\n"
        "print('\\n'.join(failed))\n"
        "sys.exit(1 if failed else 0)\n"
    )
    out = run([str(python), "-c", script, *modules], timeout=300, env=clean_env(home, venv))
    assert "imported" in out, out


def test_chapters_pass_nbval_in_the_binder_environment(binder_env, checkout):
    python, home, venv = binder_env
    pip_install(python, home, "pytest", "nbval")
    out = run(
        [str(python), "-m", "pytest", *NBVAL_CHAPTERS, "--nbval", "--nbval-current-env",
         "--nbval-sanitize-with=tests/sanitize.cfg", "-o", "addopts=", "-p", "no:cacheprovider", "-q"],
        timeout=TIMEOUT, cwd=checkout, env=clean_env(home, venv),
    )
    assert " passed" in out and "failed" not in out, out[-2000:]
