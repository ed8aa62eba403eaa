"""The lock files (locks/*.txt): they agree with each other and with pyproject.toml.

``make lock`` writes them; these checks fail when pyproject.toml's requirements
moved without it, or when a lock was edited by hand into disagreement.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import check_lock  # noqa: E402

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
LOCK_EXTRAS = re.search(r"^LOCK_EXTRAS\s*:=\s*(.+)$", MAKEFILE, re.M).group(1).split()


def entries(name: str) -> dict[str, str]:
    """Name -> 'version ; marker' of every entry of a lock, whatever its marker."""
    found = {}
    for line in (ROOT / "locks" / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith((" ", "#")):
            match = check_lock.PIN.match(line)
            assert match, f"locks/{name}.txt: not an exact pin: {line!r}"
            found.setdefault(canonicalize_name(match.group(1)), []).append((match.group(3), match.group(4)))
    return found


def requirements(extra: str) -> list[Requirement]:
    """The extra's requirements, with the extras it names of the project itself expanded."""
    out = [Requirement(r) for r in PROJECT["dependencies"]]
    for text in PROJECT["optional-dependencies"][extra]:
        req = Requirement(text)
        if canonicalize_name(req.name) == canonicalize_name(PROJECT["name"]):
            for sub in req.extras:
                out += requirements(sub)
        else:
            out.append(req)
    return out


def test_every_extra_make_installs_has_a_lock():
    assert set(LOCK_EXTRAS) == {"book", "test", "assign", "lab", "site", "conventions"}
    for extra in LOCK_EXTRAS:
        assert extra in PROJECT["optional-dependencies"]
        assert (ROOT / "locks" / f"{extra}.txt").is_file(), f"run make lock: no locks/{extra}.txt"


@pytest.mark.parametrize("extra", LOCK_EXTRAS)
def test_each_lock_is_cut_from_the_lock_of_all_extras(extra):
    # The same versions (a marker may differ: what one extra needs only on PyPy, another needs everywhere).
    everything, lock = entries("all"), entries(extra)
    for name, pins in lock.items():
        versions, all_versions = {v for v, _ in pins}, {v for v, _ in everything.get(name, [])}
        assert versions <= all_versions, f"locks/{extra}.txt pins {name} {versions}, locks/all.txt {all_versions}"


@pytest.mark.parametrize("extra", LOCK_EXTRAS)
def test_each_lock_satisfies_pyprojects_requirements(extra):
    lock = entries(extra)
    for req in requirements(extra):
        if req.marker is not None and not req.marker.evaluate({"python_version": "3.11"}):
            continue
        name = canonicalize_name(req.name)
        assert name in lock, f"run make lock: locks/{extra}.txt lacks {req} (pyproject.toml)"
        for version, _ in lock[name]:
            assert req.specifier.contains(version, prereleases=True), (
                f"run make lock: locks/{extra}.txt pins {name}=={version}, pyproject.toml asks {req}"
            )


def test_jupyter_book_stays_on_version_1():
    [(version, _)] = entries("book")["jupyter-book"]
    assert version.split(".")[0] == "1", version


def test_differences_name_missing_unlocked_and_moved_packages():
    locked = {"numpy": "2.4.6", "scipy": "1.17.1", "mpmath": "1.3.0"}
    installed = {"numpy": "2.4.6", "scipy": "1.18.0", "uv": "0.13.9"}
    assert check_lock.differences(locked, installed) == [
        "missing   mpmath==1.3.0",
        "version   scipy: locked 1.17.1, installed 1.18.0",
        "not locked uv==0.13.9",
    ]
    assert check_lock.differences(locked, dict(locked)) == []


def test_a_pin_for_another_platform_is_not_expected_here(tmp_path):
    (tmp_path / "x.txt").write_text(
        "numpy==2.4.6\n    # via x\npywinpty==3.1.2 ; os_name == 'nt' and sys_platform == 'nowhere'\n", encoding="utf-8"
    )
    assert check_lock.locked("x", tmp_path) == {"numpy": "2.4.6"}
