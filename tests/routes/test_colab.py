"""A chapter opened on Colab, or downloaded into a student's own Jupyter.

Emulated for every chapter: a fresh copy of one "runtime image", a virtual
environment made once with only what Colab provides that matters here
(numpy, matplotlib, ipykernel) and a notebook runner (nbclient), as Colab
starts each runtime from the same image; the chapter alone, copied to a
folder outside the repository; its setup cell's install source pointed at a copy of this
checkout instead of the repository on GitHub (there is no network here). The
chapter must install the course library itself and run to the end.

What this does not cover: Colab's own preinstalled packages and their
versions, and the download from GitHub (the URL is checked against
_config.yml by tests/test_setup_cells.py).
"""

from __future__ import annotations

import shutil

import pytest

from conftest import CHAPTERS, RUNNER, clean_env, errors, make_venv, read, run, setup_cells

COLAB_PACKAGES = ("numpy", "matplotlib", "ipykernel", "nbclient", "nbformat")


@pytest.fixture(scope="module")
def runtime_image(tmp_path_factory):
    """The environment every emulated runtime starts from (copied, never used in place)."""
    tmp = tmp_path_factory.mktemp("colab-image")
    make_venv(tmp / "venv", tmp / "home", *COLAB_PACKAGES)
    return tmp / "venv"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_installs_the_course_library_and_runs(chapter, checkout, runtime_image, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(runtime_image, tmp_path / "venv", symlinks=True)
    python = tmp_path / "venv" / "bin" / "python"

    notebook = chapter.read_text(encoding="utf-8")
    url = setup_cells.install_url(checkout)
    assert url in notebook, f"{chapter.name}: setup cell does not install from {url}"
    workdir = tmp_path / "content"  # Colab's working folder: the notebook and nothing else
    workdir.mkdir()
    (workdir / chapter.name).write_text(notebook.replace(url, checkout.as_uri()), encoding="utf-8")
    (tmp_path / "run.py").write_text(RUNNER, encoding="utf-8")

    run([str(python), str(tmp_path / "run.py"), str(workdir / chapter.name), str(tmp_path / "out.ipynb"), str(workdir)],
        timeout=900, cwd=workdir, env=clean_env(home, tmp_path / "venv"))

    executed = read(tmp_path / "out.ipynb")
    assert errors(executed) == [], f"{chapter.name} raised on Colab"
    setup = next(c for c in executed["cells"] if c["cell_type"] == "code")
    printed = "".join("".join(o["text"]) for o in setup["outputs"] if o.get("output_type") == "stream")
    assert printed.startswith("Installing the course library (information-theory-basics) ..."), printed
    shown = run([str(python), "-m", "pip", "show", "information-theory-basics"], timeout=60,
                env=clean_env(home, tmp_path / "venv"))
    assert "Location: " + str(tmp_path / "venv") in shown, shown
