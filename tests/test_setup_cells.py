"""Each chapter's setup cell: first, current, quiet, and installing the release from _config.yml's repository."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import setup_cells  # noqa: E402

CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


def first_code_cell(path: Path) -> dict:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return next(c for c in nb["cells"] if c["cell_type"] == "code")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_first_code_cell_is_the_current_setup_cell(chapter):
    nb = json.loads(chapter.read_text(encoding="utf-8"))
    assert setup_cells.is_current(nb), f"run `make setup-cells`: {chapter.name}'s setup cell is out of date"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_setup_cell_prints_nothing_where_the_course_is_installed(chapter):
    cell = first_code_cell(chapter)
    assert cell["outputs"] == [], f"{chapter.name}: the stored setup cell printed {cell['outputs']}"


def test_setup_cell_installs_the_release_tag_of_pyprojects_version_from_the_configured_repository():
    url = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["repository"]["url"]
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert setup_cells.install_url() == f"{url}/archive/refs/tags/v{version}.zip"
    for chapter in CHAPTERS:
        source = "".join(first_code_cell(chapter)["source"])
        assert f'"information-theory-basics[notebooks] @ {url}/archive/refs/tags/v{version}.zip"' in source, chapter.name


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_setup_cell_never_installs_from_a_branch(chapter):
    source = "".join(first_code_cell(chapter)["source"])
    assert "refs/heads" not in source and "@main" not in source, f"{chapter.name}: {source}"


def test_a_fork_on_another_host_installs_its_own_release_with_git(tmp_path):
    for name in ("pyproject.toml", "_config.yml"):
        (tmp_path / name).write_text((ROOT / name).read_text(encoding="utf-8"), encoding="utf-8")
    config = tmp_path / "_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "https://github.com/infotheory-course/information-theory-basics", "https://gitlab.com/someone/itb-fork"
        ),
        encoding="utf-8",
    )
    pyproject = tmp_path / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    version = tomllib.loads(text)["project"]["version"]
    pyproject.write_text(text.replace(f'version = "{version}"', 'version = "2027.6.1"'), encoding="utf-8")
    assert setup_cells.install_url(tmp_path) == "git+https://gitlab.com/someone/itb-fork@v2027.6.1"


def test_every_module_the_chapters_import_is_in_the_notebooks_extra():
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    names = {req.split(">")[0].split("=")[0].split("[")[0].strip() for req in extra["notebooks"]}
    for chapter in CHAPTERS:
        modules = setup_cells.imported_modules(json.loads(chapter.read_text(encoding="utf-8")))
        for module in modules:
            if module != "numpy":
                assert setup_cells.PACKAGES[module] in names, f"{chapter.name} imports {module}"
