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


def run_version_check(chapter: Path, installed: dict[str, str]) -> list[str]:
    """Run the setup cell's check of the third-party modules with these installed versions; what it would install."""
    import importlib.metadata
    import importlib.util
    import re
    import types

    source = "".join(first_code_cell(chapter)["source"])
    loop = source[source.index("for module, package, minimum in") :]
    loop = loop.replace('%pip install --quiet "{requirement}"', "wanted.append(requirement)")
    fake_util = types.SimpleNamespace(
        find_spec=lambda module: None if setup_cells.PACKAGES[module] not in installed else importlib.util.find_spec("json")
    )
    fake_metadata = types.SimpleNamespace(version=lambda package: installed[package])
    namespace = {"importlib": types.SimpleNamespace(util=fake_util, metadata=fake_metadata), "re": re, "wanted": []}
    exec(compile(loop, chapter.name, "exec"), namespace)
    return namespace["wanted"]


CHAPTER_9 = ROOT / "chapters" / "09_machine_learning.ipynb"


def test_notebooks_extra_requires_the_scikit_learn_that_has_temperature_scaling():
    # CalibratedClassifierCV(method="temperature") is new in scikit-learn 1.8, FrozenEstimator in 1.6.
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert setup_cells.minimum_versions()["scikit-learn"] >= (1, 8)
    assert "scikit-learn>=1.8" in extra["notebooks"] and "scikit-learn>=1.8" in extra["test"]


@pytest.mark.parametrize("old", ["1.3.2", "1.6.1", "1.7.2"])
def test_setup_cell_upgrades_a_scikit_learn_older_than_the_chapters_need(old):
    wanted = run_version_check(CHAPTER_9, {"matplotlib": "3.10.0", "scipy": "1.16.0", "scikit-learn": old})
    assert wanted == ["scikit-learn>=1.8"]


@pytest.mark.parametrize("new", ["1.8.0", "1.9.1", "1.10.0rc1", "2.0"])
def test_setup_cell_leaves_a_new_enough_scikit_learn_alone(new):
    assert run_version_check(CHAPTER_9, {"matplotlib": "3.10.0", "scipy": "1.16.0", "scikit-learn": new}) == []


def test_setup_cell_installs_a_missing_module_at_the_minimum_version():
    assert run_version_check(CHAPTER_9, {"matplotlib": "3.10.0", "scipy": "1.16.0"}) == ["scikit-learn>=1.8"]
