"""The Binder button: an environment built the way repo2docker builds it.

repo2docker, finding `binder/`, reads only that folder's configuration: it
runs `pip install -r binder/requirements.txt` from the repository's root with
the Python version of `binder/runtime.txt`. Emulated here: a fresh virtual
environment, that one install from the root of a fresh copy of the
repository, which must hold exactly the versions of locks/lab.txt, then every
chapter through nbval in it (pytest and nbval are
added to run the check; they are not part of the Binder image).

What this does not cover: repo2docker's base image and the Docker build
itself, and mybinder.org's launch (the launch URLs are checked by the site
tests).
"""

from __future__ import annotations

import sys

import pytest

from conftest import clean_env, make_venv, pip_install, run

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


def test_every_chapter_passes_nbval_in_the_binder_environment(binder_env, checkout):
    python, home, venv = binder_env
    pip_install(python, home, "pytest", "nbval")
    out = run(
        [str(python), "-m", "pytest", "chapters", "--nbval", "--nbval-current-env",
         "--nbval-sanitize-with=tests/sanitize.cfg", "-o", "addopts=", "-p", "no:cacheprovider", "-q"],
        timeout=TIMEOUT, cwd=checkout, env=clean_env(home, venv),
    )
    assert " passed" in out and "failed" not in out, out[-2000:]
