"""Write the course's licences into every chapter notebook's metadata.

A chapter downloaded on its own (the website's download button, Colab, a
JupyterHub) carries its licence with it: the notebook metadata gets

    "license": {"text": "CC-BY-4.0", "code": "MIT", "url": <repository>}

read from ``CITATION.cff`` (its ``license`` list: the code's licence first,
then the text's) and ``_config.yml``'s ``repository.url``. Only the metadata
changes: cells and outputs are left as they are, so nothing is re-executed.

Usage::

    python scripts/notebook_metadata.py           # write the metadata into every chapter
    python scripts/notebook_metadata.py --check   # exit 1 if a chapter's metadata is stale

``make notebooks`` runs it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"


def licence_metadata(root: Path = ROOT) -> dict:
    """The ``license`` entry every chapter's metadata holds."""
    citation = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    licences = citation.get("license")
    if not isinstance(licences, list) or len(licences) != 2:
        raise SystemExit(
            f"CITATION.cff: license should list the code's and the text's licence, e.g. [MIT, CC-BY-4.0]; got {licences!r}"
        )
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    url = ((config.get("repository") or {}).get("url") or "").rstrip("/")
    if not url:
        raise SystemExit("_config.yml has no repository.url: the notebooks' licence cannot say where the course is")
    code, text = licences
    return {"text": text, "code": code, "url": url}


def is_current(nb: dict, root: Path = ROOT) -> bool:
    return nb.get("metadata", {}).get("license") == licence_metadata(root)


def write(path: Path, root: Path = ROOT) -> bool:
    """Put the licence into one notebook's metadata; True if the file changed."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    if is_current(nb, root):
        return False
    nb.setdefault("metadata", {})["license"] = licence_metadata(root)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a chapter's licence metadata is out of date")
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to write (default: every chapter)")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(CHAPTERS.glob("*.ipynb"))
    if args.check:
        stale = [p.name for p in paths if not is_current(json.loads(p.read_text(encoding="utf-8")))]
        if stale:
            print("licence metadata out of date in:", *stale, "- run: python scripts/notebook_metadata.py")
            return 1
        print(f"licence metadata current in {len(paths)} notebooks")
        return 0
    for path in paths:
        if write(path):
            print(f"wrote the licence metadata of {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
