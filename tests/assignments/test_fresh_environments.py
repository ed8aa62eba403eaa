"""The assignments in environments other than this checkout's .venv.

- ``make assignments`` on a fresh clone, with nothing run before it, builds everything
  (its own .venv, with the 'assign' extra only).
- The autograder zip's declared environment (its ``environment.yml``: otter-grader and
  the course library's wheel, which the zip ships), installed into a fresh virtual
  environment, grades the correct and blank fixtures with otter's own runner
  (``otter run``), as Gradescope and ``otter grade`` (Docker) do.
- The student notebook, copied outside the repository into a fresh virtual environment
  holding only what Colab preinstalls that matters here (numpy, matplotlib, ipykernel)
  and a notebook runner (nbclient), installs otter-grader and the course library from
  its first cell (the repository's archive URL rewritten to a local archive of this
  checkout's library), runs to the end, shows ``grader.check`` results and writes the
  export zip; run again, its first cell prints nothing.

Each test creates virtual environments and installs packages (from pip's cache or
PyPI): minutes, not seconds. They run when ``ASSIGNMENT_ENVIRONMENT_TESTS=1`` is set,
as ``.ci/run`` does beside ``make test``; otherwise they are skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

if os.environ.get("ASSIGNMENT_ENVIRONMENT_TESTS") != "1":
    pytest.skip(
        "fresh-environment tests of the assignments run with ASSIGNMENT_ENVIRONMENT_TESTS=1 (.ci/run)",
        allow_module_level=True,
    )

import yaml  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENTS = ROOT / "assignments"
sys.path.insert(0, str(ASSIGNMENTS))
import build  # noqa: E402
import fixtures  # noqa: E402

STEMS = [p.stem for p in build.masters()]
PIP_TIMEOUT = 900
RUN_TIMEOUT = 600


def _run(args, timeout, **kwargs) -> subprocess.CompletedProcess:
    """Run a command in its own process group; kill the group if it overruns."""
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True, **kwargs)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        out, _ = proc.communicate()
        raise AssertionError(f"{args} took longer than {timeout} s:\n{out[-3000:]}") from None
    assert proc.returncode == 0, f"{args} failed (exit {proc.returncode}):\n{out[-5000:]}"
    return subprocess.CompletedProcess(args, proc.returncode, out, "")


def _venv(path: Path, packages: list[str]) -> Path:
    """A fresh virtual environment with ``packages``; returns its python."""
    venv.EnvBuilder(with_pip=True, clear=True).create(path)
    python = path / "bin" / "python"
    if packages:
        _run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *packages],
             PIP_TIMEOUT)
    return python


def _clean_env() -> dict[str, str]:
    """This process's environment without the virtual environment it runs in."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if not p.startswith(str(Path(sys.executable).parent)))
    return env


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build")
    _run([sys.executable, str(ASSIGNMENTS / "build.py"), "--out", str(out)], RUN_TIMEOUT)
    return out


def test_make_assignments_on_a_fresh_clone(tmp_path):
    clone = tmp_path / "clone"
    _run(["git", "clone", "-q", str(ROOT), str(clone)], 120)
    assert not (clone / ".venv").exists()
    _run(["make", "assignments", f"PYTHON={shutil.which('python3') or sys.executable}"],
         PIP_TIMEOUT + RUN_TIMEOUT, cwd=clone, env=_clean_env())
    for stem in STEMS:
        assert (clone / "assignments" / "_build" / stem / "student" / f"{stem}.ipynb").is_file()
        assert (clone / "assignments" / "_build" / stem / f"{stem}-autograder.zip").is_file()


@pytest.fixture(scope="module")
def autograder_python(built, tmp_path_factory) -> Path:
    """A fresh venv holding what the autograder zips declare (their environment.yml's pip list)."""
    tmp = tmp_path_factory.mktemp("autograder_env")
    envs = {}
    for stem in STEMS:
        with zipfile.ZipFile(built / stem / f"{stem}-autograder.zip") as zf:
            envs[stem] = yaml.safe_load(zf.read("environment.yml"))
            if stem == STEMS[0]:
                zf.extractall(tmp / "source")
    assert all(_same_pip(env, envs[STEMS[0]]) for env in envs.values()), "every zip declares the same packages"
    pip = next(d["pip"] for d in envs[STEMS[0]]["dependencies"] if isinstance(d, dict))
    packages = [r.replace(build.AUTOGRADER_SOURCE, str(tmp / "source")) for r in pip]
    return _venv(tmp / "venv", packages)


@pytest.mark.parametrize("stem", STEMS)
def test_autograder_environment_grades_with_otters_runner(built, autograder_python, stem, tmp_path):
    """``otter run`` in the declared environment: the correct fixture full, the blank one 0."""
    otter = autograder_python.with_name("otter")
    ag_zip = built / stem / f"{stem}-autograder.zip"
    subs = tmp_path / "submissions"
    fixtures.write_fixtures(built / stem / "student" / f"{stem}.ipynb",
                            built / stem / "autograder" / f"{stem}.ipynb", subs, stem)
    for name in ("correct", "blank"):
        out = tmp_path / name
        out.mkdir()
        _run([str(otter), "run", "-a", str(ag_zip), "-o", str(out), str(subs / f"{name}.ipynb")],
             RUN_TIMEOUT, cwd=tmp_path, env=_clean_env())
        results = json.loads((out / "results.json").read_text(encoding="utf-8"))
        score, possible = _score(results)
        assert possible == pytest.approx(_possible(stem)), f"{stem}/{name}: {results}"
        want = possible if name == "correct" else 0.0
        assert score == pytest.approx(want), f"{stem}/{name}: {score} of {possible}"


def _same_pip(a: dict, b: dict) -> bool:
    pick = lambda env: next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))  # noqa: E731
    return pick(a) == pick(b)


def _score(results: dict) -> tuple[float, float]:
    """Total score and points possible of an ``otter run`` results.json (Gradescope's format)."""
    tests = [t for t in results["tests"] if "max_score" in t]  # not the "Public Tests" summary
    return sum(float(t["score"]) for t in tests), sum(float(t["max_score"]) for t in tests)


def _possible(stem: str) -> float:
    master = json.loads((ASSIGNMENTS / f"{stem}.ipynb").read_text(encoding="utf-8"))
    total = 0.0
    for cell in master["cells"]:
        src = "".join(cell["source"]).strip()
        if cell["cell_type"] == "raw" and src.startswith("# BEGIN QUESTION"):
            fields = dict(line.split(":", 1) for line in src.splitlines()[1:] if ":" in line)
            total += float(fields["points"])
    return total


RUNNER = r'''
import json, sys
import nbformat
from nbclient import NotebookClient
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=False,
               resources={"metadata": {"path": str(__import__("pathlib").Path(path).parent)}}).execute()
nbformat.write(nb, path)
'''


def _library_archive(tmp_path: Path) -> Path:
    """This checkout's library as a source archive laid out as GitHub's branch archives are."""
    top = tmp_path / "archive" / "information-theory-basics-main"
    top.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, top / name)
    module = build.library()["module"]
    shutil.copytree(ROOT / module, top / module, ignore=shutil.ignore_patterns("__pycache__"))
    return Path(shutil.make_archive(str(tmp_path / "main"), "zip", tmp_path / "archive"))


def _first_code_cell(nb: dict) -> dict:
    return next(c for c in nb["cells"] if c["cell_type"] == "code")


def _text(output: dict) -> str:
    text = output.get("text", "")
    return text if isinstance(text, str) else "".join(text)


def test_student_notebook_installs_what_it_needs_and_runs(built, tmp_path):
    stem = "hw03_entropy"
    archive = _library_archive(tmp_path)
    python = _venv(tmp_path / "venv", ["numpy", "matplotlib", "ipykernel", "nbclient", "nbformat"])
    probe = _run([str(python), "-c", "import importlib.util as u; print(u.find_spec('otter'), u.find_spec('infolib'))"],
                 60, cwd=tmp_path, env=_clean_env())
    assert probe.stdout.split() == ["None", "None"], "the fresh environment has neither otter nor infolib"
    folder = tmp_path / "student-home"
    folder.mkdir()
    correct = fixtures.write_fixtures(built / stem / "student" / f"{stem}.ipynb",
                                      built / stem / "autograder" / f"{stem}.ipynb", tmp_path / "fx", stem)[0]
    nb = json.loads(correct.read_text(encoding="utf-8"))
    setup = next(c for c in nb["cells"] if c["cell_type"] == "code")
    text = "".join(setup["source"])
    requirement = build.library_requirement()
    assert requirement in text
    setup["source"] = text.replace(requirement, f'{build.library()["distribution"]} @ {archive.as_uri()}')
    path = folder / f"{stem}.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    runner = tmp_path / "run_notebook.py"
    runner.write_text(RUNNER, encoding="utf-8")
    env = _clean_env()

    _run([str(python), str(runner), str(path)], PIP_TIMEOUT + RUN_TIMEOUT, cwd=folder, env=env)
    ran = json.loads(path.read_text(encoding="utf-8"))
    first = "".join(_text(o) for o in _first_code_cell(ran)["outputs"])
    assert first.startswith("Installing otter-grader and ") and first.count("\n") == 1, first
    checks = [c for c in ran["cells"] if c["cell_type"] == "code" and "grader.check(" in "".join(c["source"])]
    assert checks
    for cell in checks:
        shown = json.dumps(cell["outputs"])
        assert "passed" in shown and "failed" not in shown, shown[:500]
    assert len(list(folder.glob(f"{stem}_*.zip"))) == 1, "the export cell wrote the submission zip"

    _run([str(python), str(runner), str(path)], RUN_TIMEOUT, cwd=folder, env=env)
    again = json.loads(path.read_text(encoding="utf-8"))
    outputs = _first_code_cell(again)["outputs"]
    assert outputs == [], f"with everything installed the first cell is quiet: {outputs}"
