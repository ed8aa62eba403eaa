"""Check that an environment holds exactly the locked versions.

Compares ``pip freeze --all`` of the running Python (the course library itself
left out, and pip, setuptools and wheel where no lock pins them: ``python -m
venv`` puts them there) with the union of the lock files of the extras named
(``locks/<extra>.txt``, entries whose environment markers apply here). Prints
every package that is missing, extra or at another version, and exits 1 if
there is any.

Usage::

    .venv/bin/python scripts/check_lock.py book test assign

CI runs it after ``make test`` on the fresh clone, with the extras installed
so far.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

from packaging.markers import Marker
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCKS = ROOT / "locks"
# What `python -m venv` puts in an environment before anything is installed (setuptools
# only on Python < 3.12): checked only where a lock pins it.
BOOTSTRAP = {"pip", "setuptools", "wheel"}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;]+)\s*(?:;\s*(.+))?$")


def locked(extra: str, locks: Path = LOCKS) -> dict[str, str]:
    """Name -> version of the lock's entries that apply to this Python and platform."""
    path = locks / f"{extra}.txt"
    if not path.is_file():
        raise SystemExit(f"no lock file for the extra {extra!r}: {path} (run make lock)")
    pins = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = PIN.match(line)
        if not match:
            raise SystemExit(f"{path.name}:{number}: not an exact pin: {line!r}")
        name, _, version, marker = match.groups()
        if marker is None or Marker(marker).evaluate():
            pins[canonicalize_name(name)] = version
    return pins


def installed(python: str = sys.executable) -> dict[str, str]:
    """Name -> version of what ``pip freeze --all`` lists, the course library left out."""
    out = subprocess.run(
        [python, "-m", "pip", "freeze", "--all", "--exclude-editable", "--disable-pip-version-check"],
        capture_output=True, text=True, check=True,
    ).stdout
    found = {}
    for line in out.splitlines():
        if "==" in line:
            name, version = line.split("==", 1)
            found[canonicalize_name(name)] = version.strip()
        elif line.strip() and not line.startswith("#"):
            found[canonicalize_name(line.split("@")[0].strip())] = line.strip()
    found.pop(canonicalize_name(project_name()), None)  # installed from a folder (Binder), not from the lock
    return found


def project_name() -> str:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]


def differences(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    lines = []
    for name in sorted(expected.keys() | actual.keys()):
        want, have = expected.get(name), actual.get(name)
        if want == have:
            continue
        if have is None:
            lines.append(f"missing   {name}=={want}")
        elif want is None:
            lines.append(f"not locked {name}=={have}")
        else:
            lines.append(f"version   {name}: locked {want}, installed {have}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("extras", nargs="+", help="the extras whose locks were installed (book, test, assign, lab, site)")
    args = parser.parse_args(argv)
    expected: dict[str, str] = {}
    for extra in args.extras:
        for name, version in locked(extra).items():
            if expected.setdefault(name, version) != version:
                raise SystemExit(f"the locks disagree on {name}: {expected[name]} and {version} ({extra}.txt)")
    actual = installed()
    for name in BOOTSTRAP - expected.keys():
        actual.pop(name, None)
    diff = differences(expected, actual)
    if diff:
        print(f"this environment differs from locks/{{{','.join(args.extras)}}}.txt:", *diff, sep="\n  ")
        return 1
    print(f"{len(expected)} packages installed exactly as locked in locks/{{{','.join(args.extras)}}}.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
