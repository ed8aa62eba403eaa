"""Write the setup cell that opens every chapter.

A chapter opened outside the course's own environment (on Colab, on a school's
JupyterHub, or downloaded into a student's Jupyter) has no ``infolib``. Its
first code cell installs the course library there at the release the book was
built from: the tag ``v<version>`` of ``pyproject.toml``'s ``[project] version``
(the course's one version number) in the repository of the ``repository:``
setting in ``_config.yml``, so a fork's chapters install the fork. A release,
never a moving branch: a student's notebook installs the library its stored
outputs were made with, all term. Where everything is installed, the cell does
nothing and prints nothing (nbval sees the same outputs).

The cell asks only for what the chapter imports: the course library with its
``notebooks`` extra when ``infolib`` is missing, then any third-party module
the chapter imports that is missing or older than the minimum version the
``notebooks`` extra of ``pyproject.toml`` requires (a Colab with an older
scikit-learn is upgraded, not left to fail at the first newer parameter).

Usage::

    python scripts/setup_cells.py           # write the cell into every chapter
    python scripts/setup_cells.py --check   # exit 1 if a chapter's cell is stale

``make notebooks`` runs it before executing the chapters.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"
SETUP_TAG = "setup"

# Third-party modules a chapter may import, and the package that provides each.
PACKAGES = {
    "numpy": "numpy",
    "matplotlib": "matplotlib",
    "scipy": "scipy",
    "sklearn": "scikit-learn",
}


def distribution_name(root: Path = ROOT) -> str:
    """The course library's name on package indexes (``pyproject.toml``)."""
    with open(root / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["name"]


def release(root: Path = ROOT) -> str:
    """The course's version, ``pyproject.toml``'s ``[project] version`` (for example ``2026.12``)."""
    with open(root / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["version"]


def release_tag(root: Path = ROOT) -> str:
    """The git tag of the release: ``v`` and the version (``v2026.12``)."""
    return f"v{release(root)}"


def install_url(root: Path = ROOT) -> str:
    """Where pip gets the course library: the release's tag in ``_config.yml``'s repository.

    On GitHub, the tag's source archive (pip needs no git for it);
    elsewhere ``git+<url>@<tag>``.
    """
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    url = (config.get("repository") or {}).get("url")
    if not url:
        raise SystemExit("_config.yml has no repository.url: the setup cell cannot say where to install from")
    url = url.rstrip("/").removesuffix(".git")
    tag = release_tag(root)
    if url.startswith("https://github.com/"):
        return f"{url}/archive/refs/tags/{tag}.zip"
    return f"git+{url}@{tag}"


def requirement(root: Path = ROOT) -> str:
    """The pip requirement the setup cell installs when infolib is missing."""
    return f"{distribution_name(root)}[notebooks] @ {install_url(root)}"


def minimum_versions(root: Path = ROOT) -> dict[str, tuple[int, ...]]:
    """Package -> the minimum version (as integers) in ``pyproject.toml``'s ``notebooks`` extra."""
    with open(root / "pyproject.toml", "rb") as f:
        extra = tomllib.load(f)["project"]["optional-dependencies"]["notebooks"]
    found = {}
    for req in extra:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*>=\s*(\d+(?:\.\d+)*)", req.strip())
        if not match:
            raise SystemExit(f"pyproject.toml's notebooks extra: {req!r} is not of the form 'name>=X.Y'")
        found[match.group(1)] = tuple(int(n) for n in match.group(2).split("."))
    return found


def imported_modules(nb: dict) -> list[str]:
    """Third-party top-level modules imported by the chapter's code cells."""
    found = set()
    for cell in nb["cells"]:
        if cell["cell_type"] != "code" or SETUP_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        source = "".join(cell["source"])
        try:
            tree = ast.parse(source)
        except SyntaxError:  # IPython magics: the course's chapters use none outside setup
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    unknown = found - set(PACKAGES) - set(sys.stdlib_module_names) - {"infolib"}
    if unknown:
        raise SystemExit(
            f"chapter imports {sorted(unknown)}: add each to PACKAGES in {Path(__file__).name} "
            "and to the 'notebooks' extra in pyproject.toml"
        )
    return sorted(found & set(PACKAGES))


def setup_source(modules: list[str], root: Path = ROOT) -> str:
    """The text of the setup cell for a chapter importing ``modules``."""
    others = [m for m in modules if m != "numpy"]  # numpy comes with infolib
    lines = [
        "# Setup: installs what this chapter needs where it is missing or too old (Colab, a",
        "# JupyterHub, a downloaded notebook); where the course is installed, it does nothing.",
        *(["import importlib.metadata", "import importlib.util", "import re"] if others else ["import importlib.util"]),
        "",
        'if importlib.util.find_spec("infolib") is None:',
        f'    print("Installing the course library ({distribution_name(root)}) ...")',
        f'    %pip install --quiet "{requirement(root)}"',
    ]
    if others:
        minimum = minimum_versions(root)
        missing = [PACKAGES[m] for m in others if PACKAGES[m] not in minimum]
        if missing:
            raise SystemExit(f"{missing} not in pyproject.toml's notebooks extra with a minimum version")
        entries = ", ".join(
            f'("{m}", "{PACKAGES[m]}", {minimum[PACKAGES[m]]!r})' for m in others
        )
        lines += [
            "# A module that is missing, or older than the course needs (its leading version numbers):",
            f"for module, package, minimum in [{entries}]:",
            "    if importlib.util.find_spec(module) is None or tuple(",
            '        int(n) for n in re.findall(r"\\d+", importlib.metadata.version(package))[: len(minimum)]',
            "    ) < minimum:",
            '        requirement = package + ">=" + ".".join(map(str, minimum))',
            '        print(f"Installing {requirement} ...")',
            '        %pip install --quiet "{requirement}"',
        ]
    return "\n".join(lines)


def setup_cell(source: str) -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": "course-setup",
        "metadata": {"tags": [SETUP_TAG]},
        "outputs": [],
        "source": source.splitlines(keepends=True),
    }


def first_code_index(nb: dict) -> int:
    return next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code")


def is_current(nb: dict, root: Path = ROOT) -> bool:
    cell = nb["cells"][first_code_index(nb)]
    return SETUP_TAG in cell.get("metadata", {}).get("tags", []) and "".join(cell["source"]) == setup_source(
        imported_modules(nb), root
    )


def write(nb_path: Path, root: Path = ROOT) -> bool:
    """Insert or refresh the setup cell of one chapter; True if the file changed."""
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    if is_current(nb, root):
        return False
    source = setup_source(imported_modules(nb), root)
    i = first_code_index(nb)
    if SETUP_TAG in nb["cells"][i].get("metadata", {}).get("tags", []):
        nb["cells"][i]["source"] = source.splitlines(keepends=True)
    else:
        nb["cells"].insert(i, setup_cell(source))
    nb_path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a chapter's setup cell is out of date")
    args = parser.parse_args(argv)
    chapters = sorted(CHAPTERS.glob("*.ipynb"))
    if args.check:
        stale = [p.name for p in chapters if not is_current(json.loads(p.read_text(encoding="utf-8")))]
        if stale:
            print("setup cell out of date in:", *stale, "- run: python scripts/setup_cells.py")
            return 1
        print(f"setup cells current in {len(chapters)} chapters")
        return 0
    for path in chapters:
        if write(path):
            print(f"wrote the setup cell of {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
