"""What would change with the newest versions pyproject.toml allows (``make drift``).

In a fresh virtual environment (``_build/drift/venv``, made anew each run;
under ``_build`` so that the book's build does not read it), outside the locked
``.venv``, this installs the course with its ``book`` and ``test``
extras at the newest allowed versions, then:

1. prints every package whose version differs from ``locks/all.txt``;
2. builds the website (warnings are errors, as in ``make book``) into
   ``_build/drift/site`` and checks its links and anchors (tests/site/links.py);
3. runs the fast tests (the library's tests and doctests and the scripts'
   tests; not the notebooks, the assignments or the browser checks) there
   and in the locked ``.venv``, and prints every test whose outcome differs.

It exits 1 if the site does not build or a fast test fails with the newest
versions (a scheduled job can report it), 0 otherwise: newer versions alone
are not a failure. CI does not run it: CI checks a commit, and this result
changes with what is published on PyPI, not with the commit. Run it before
``make lock LOCK_FLAGS=--upgrade`` at the start of a term (CONTRIBUTING.md: "Pinned
environments and releases").
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DRIFT_VENV = ROOT / "_build" / "drift" / "venv"
LOCKED_VENV = ROOT / ".venv"
SITE = ROOT / "_build" / "drift" / "site"
EXTRAS = "book,test"
FAST_TESTS = ["tests/infolib", "tests/test_setup_cells.py", "tests/test_distribution_name.py", "tests/site/test_links.py",
              "infolib"]
INSTALL_TIMEOUT, BUILD_TIMEOUT, TEST_TIMEOUT = 1800, 2400, 1800

sys.path.insert(0, str(ROOT / "scripts"))
import check_lock  # noqa: E402


def run(cmd: list[str], *, timeout: float, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``cmd`` in its own process group, killed with its children when it overruns."""
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        out += f"\n[killed after {timeout:.0f} s]"
        proc.returncode = -signal.SIGKILL
    return subprocess.CompletedProcess(cmd, proc.returncode, out, "")


def fresh_environment() -> Path:
    shutil.rmtree(DRIFT_VENV, ignore_errors=True)
    DRIFT_VENV.parent.mkdir(parents=True, exist_ok=True)
    run([sys.executable, "-m", "venv", str(DRIFT_VENV)], timeout=300)
    python = DRIFT_VENV / "bin" / "python"
    # eager: also what the fresh environment already holds (setuptools on Python 3.11)
    for args in (["--upgrade", "pip"], ["--upgrade", "--upgrade-strategy", "eager", "-e", f".[{EXTRAS}]"]):
        result = run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *args],
                     timeout=INSTALL_TIMEOUT)
        if result.returncode != 0:
            raise SystemExit(f"the newest allowed versions do not install:\n{result.stdout[-4000:]}")
    return python


def version_changes(python: Path) -> list[str]:
    locked = check_lock.locked("all")
    newest = check_lock.installed(str(python))
    rows = [(name, locked[name], newest[name]) for name in sorted(locked.keys() & newest.keys())
            if locked[name] != newest[name]]
    rows += [(name, "-", newest[name]) for name in sorted(newest.keys() - locked.keys())]
    width = max((len(r[0]) for r in rows), default=7)
    return [f"  {name:<{width}}  {old:>12} -> {new}" for name, old, new in rows]


def build_site(python: Path) -> tuple[bool, str]:
    shutil.rmtree(SITE, ignore_errors=True)
    env = dict(os.environ, PATH=f"{python.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    result = run([str(python.parent / "jupyter-book"), "build", ".", "--builder", "html", "-W", "-n", "--keep-going",
                  "--path-output", str(SITE)], timeout=BUILD_TIMEOUT, env=env)
    if result.returncode != 0:
        lines = [line for line in result.stdout.splitlines() if "WARNING" in line or "ERROR" in line]
        return False, "\n".join(lines[-40:]) or result.stdout[-3000:]
    links = run([str(python), "tests/site/links.py", str(SITE / "_build" / "html")], timeout=600)
    return links.returncode == 0, links.stdout.strip()


def test_outcomes(python: Path, name: str) -> dict[str, str]:
    """Test id -> passed/failed/error/skipped of the fast tests run by ``python``."""
    report = ROOT / "_build" / "drift" / f"tests-{name}.xml"
    report.parent.mkdir(parents=True, exist_ok=True)
    run([str(python), "-m", "pytest", *FAST_TESTS, "-o", "addopts=", "--doctest-modules", "-p", "no:cacheprovider",
         "-q", f"--junitxml={report}"], timeout=TEST_TIMEOUT)
    if not report.exists():
        return {"(the test run)": "did not run"}
    outcomes = {}
    for case in ET.parse(report).iter("testcase"):
        test_id = f"{case.get('classname')}::{case.get('name')}"
        kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        outcomes[test_id] = kinds[0] if kinds else "passed"
    return outcomes


def main() -> int:
    print(f"Installing the newest versions pyproject.toml allows ({EXTRAS}) into {DRIFT_VENV.relative_to(ROOT)} ...", flush=True)
    python = fresh_environment()
    changes = version_changes(python)
    print(f"\n{len(changes)} packages differ from locks/all.txt (locked -> newest):", *changes, sep="\n")

    print("\nBuilding the site with the newest versions ...", flush=True)
    built, detail = build_site(python)
    print(("the site builds and its links resolve: " if built else "THE SITE DOES NOT BUILD CLEANLY:\n") + detail)

    print("\nRunning the fast tests with the newest and with the locked versions ...", flush=True)
    newest = test_outcomes(python, "newest")
    locked_python = LOCKED_VENV / "bin" / "python"
    locked = test_outcomes(locked_python, "locked") if locked_python.exists() else {}
    changed = [f"  {t}: {locked.get(t, '-')} -> {newest.get(t, '-')}" for t in sorted(locked.keys() | newest.keys())
               if locked.get(t) != newest.get(t)]
    failed = sorted(t for t, outcome in newest.items() if outcome in ("failure", "error", "did not run"))
    counts = {k: sum(v == k for v in newest.values()) for k in ("passed", "failure", "error", "skipped")}
    print(f"newest: {counts}")
    if not locked:
        print("(no locked .venv to compare with: run make .venv/.installed-test first)")
    print(f"{len(changed)} tests changed outcome (locked -> newest):", *changed, sep="\n")
    if failed:
        print("failing with the newest versions:", *failed, sep="\n  ")
    return 0 if built and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
