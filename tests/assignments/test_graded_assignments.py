"""The graded assignments: build, hand-out hygiene, and grading of fixture submissions.

Builds every master with ``assignments/build.py`` (otter assign; it fails if a
master's solutions do not pass all of its tests), checks that nothing handed out to
students holds solution code or hidden tests, that the autograder zip ships the course
library and the student notebook's first cell installs it from the configured
repository, that a kernel that does not start is reported as such, runs one student
notebook on its own from its folder, and grades fixture submissions
(``assignments/fixtures.py``: correct, blank, typical mistakes and shortcuts) with
``assignments/grade.py``, comparing each question's score with the score the fixture
was designed to get. ``test_fresh_environments.py`` checks the same assignments in
fresh environments (a fresh clone, the autograder's declared environment, a student's).

otter-grader is in the ``assign`` extra. Without it these tests are skipped, except
under CI (the environment variable ``CI`` set), where a missing otter is an error.
"""

from __future__ import annotations

import ast
import csv
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENTS = ROOT / "assignments"
PY = sys.executable

if importlib.util.find_spec("otter") is None or importlib.util.find_spec("tqdm") is None:
    if os.environ.get("CI"):
        raise ImportError(
            "otter-grader and tqdm (the 'assign' extra) are needed for the assignment tests "
            "under CI: pip install -e '.[assign]'"
        )
    pytest.skip(
        "otter-grader is not installed (pip install -e '.[assign]'); assignment tests skipped",
        allow_module_level=True,
    )

sys.path.insert(0, str(ASSIGNMENTS))
import build  # noqa: E402
import fixtures  # noqa: E402

STEMS = [p.stem for p in build.masters()]
#: The assignment whose correct answers also go through the student's path: the
#: notebook run from its folder (inline feedback) and the zip its export cell writes.
#: The export cell is otter's and the same in every assignment: one is enough.
EXPORTED = "hw03_entropy"


def _run(args, **kwargs):
    proc = subprocess.run(args, capture_output=True, text=True, **kwargs)
    assert proc.returncode == 0, f"{args} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Every assignment built into a fresh folder (the build itself checks the solutions)."""
    out = tmp_path_factory.mktemp("assignments_build")
    _run([PY, str(ASSIGNMENTS / "build.py"), "--out", str(out)])
    return out


def _student_nb(built: Path, stem: str) -> Path:
    return built / stem / "student" / f"{stem}.ipynb"


def _autograder_nb(built: Path, stem: str) -> Path:
    return built / stem / "autograder" / f"{stem}.ipynb"


def _exported_zip(built: Path, stem: str, workdir: Path) -> Path:
    """Run the correct fixture from a copy of the student folder; return its export zip."""
    folder = workdir / "student"
    shutil.copytree(built / stem / "student", folder)
    nb = fixtures.write_fixtures(
        folder / f"{stem}.ipynb", _autograder_nb(built, stem), workdir / "fixtures", stem
    )[0]
    assert nb.name == "correct.ipynb"
    shutil.copy(nb, folder / f"{stem}.ipynb")
    _run(
        [PY, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--inplace",
         "--ExecutePreprocessor.timeout=300", f"{stem}.ipynb"],
        cwd=folder,
    )
    ran = json.loads((folder / f"{stem}.ipynb").read_text(encoding="utf-8"))
    checks = [c for c in ran["cells"] if c["cell_type"] == "code" and "grader.check(" in "".join(c["source"])]
    for cell in checks:
        shown = json.dumps(cell["outputs"])
        assert "passed" in shown and "failed" not in shown, f"{stem}: inline feedback {shown[:300]}"
    zips = sorted(folder.glob(f"{stem}_*.zip"))
    assert len(zips) == 1, f"the export cell of {stem} wrote {zips}"
    return zips[0]


def _grade_assignment(built: Path, stem: str, work: Path) -> dict[str, dict]:
    """Write the fixtures (and a correct exported zip), grade them, read the CSV."""
    subs = work / "submissions"
    fixtures.write_fixtures(_student_nb(built, stem), _autograder_nb(built, stem), subs, stem)
    if stem == EXPORTED:
        shutil.copy(_exported_zip(built, stem, work), subs / "correct_export.zip")
    _run([PY, str(ASSIGNMENTS / "grade.py"), stem, str(subs), "--build", str(built),
          "--out", str(work / "graded"), "--jobs", "2", "--no-progress"])
    with (work / "graded" / "scores.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {
        Path(r["submission"]).stem: {k: float(v) for k, v in r.items() if k.startswith("q")}
        | {"_error": r["error"], "_dir": str(work), "_flags": r["flags"]}
        for r in rows
    }


@pytest.fixture(scope="module")
def graded(built, tmp_path_factory) -> dict[str, dict[str, dict[str, float]]]:
    """stem -> submission -> question -> score, from grade.py's CSV.

    Two assignments are graded at a time (each with two workers): most of the time
    goes to starting kernels, not to computing.
    """
    works = {stem: tmp_path_factory.mktemp(stem) for stem in STEMS}
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {stem: pool.submit(_grade_assignment, built, stem, works[stem]) for stem in STEMS}
        return {stem: future.result() for stem, future in futures.items()}


@pytest.mark.parametrize("stem", STEMS)
def test_handout_holds_no_solution_and_no_hidden_test(built, stem):
    master = ASSIGNMENTS / f"{stem}.ipynb"
    secrets = build.secrets(master)
    assert secrets["solution"] and secrets["hidden"], "the master has solutions and hidden tests"
    assert build.scan_handout(built / stem / "student", master) == []
    # The scanner does find them where they are: in the autograder's notebook and zip.
    assert build.scan_handout(built / stem / "autograder", master)
    student = json.loads(_student_nb(built, stem).read_text(encoding="utf-8"))
    tests = student["metadata"]["otter"]["tests"]
    assert tests, "the public tests travel inside the student notebook"
    assert all("hidden=False" in t and "hidden=True" not in t for t in tests.values())


@pytest.mark.parametrize("stem", STEMS)
def test_handout_gives_no_answer_away(built, stem):
    """Public tests hold no reference code; hidden tests' messages, as built, no expected value."""
    student = json.loads(_student_nb(built, stem).read_text(encoding="utf-8"))
    master = ASSIGNMENTS / f"{stem}.ipynb"
    assert build.reference_code_in_public_tests(master, student["metadata"]["otter"]["tests"]) == []
    with zipfile.ZipFile(built / stem / f"{stem}-autograder.zip") as zf:
        hidden = {n: zf.read(n).decode() for n in zf.namelist() if n.startswith("tests/")}
    assert hidden and all("[expected " not in code for code in hidden.values()), "the notes are removed"
    hidden_tests = [
        ast.unparse(f) for code in hidden.values() for f in ast.parse(code).body
        if isinstance(f, ast.FunctionDef) and any(
            k.arg == "hidden" and getattr(k.value, "value", False) is True
            for d in f.decorator_list if isinstance(d, ast.Call) for k in d.keywords)
    ]
    assert hidden_tests, "otter's test files mark the hidden tests"
    assert [leak for code in hidden_tests for leak in build.expected_values_in_hidden_messages(code)] == []


def test_build_fails_when_solutions_fail_their_tests(tmp_path):
    master = json.loads((ASSIGNMENTS / "hw01_information.ipynb").read_text(encoding="utf-8"))
    for cell in master["cells"]:
        src = "".join(cell["source"])
        if cell["cell_type"] == "code" and "def surprisal" in src and "# BEGIN SOLUTION" in src:
            cell["source"] = src.replace("-np.log(p) / np.log(base)", "-np.log(p)")
            break
    else:
        raise AssertionError("hw01's surprisal solution cell not found")
    broken = tmp_path / "hw01_information.ipynb"
    broken.write_text(json.dumps(master), encoding="utf-8")
    proc = subprocess.run(
        [PY, str(ASSIGNMENTS / "build.py"), str(broken), "--out", str(tmp_path / "out")],
        capture_output=True, text=True,
    )
    assert proc.returncode != 0
    assert "FAILED hw01_information" in proc.stderr
    assert "the solutions in hw01_information.ipynb fail their own tests" in proc.stderr
    assert "q1" in proc.stderr, "otter's summary names the failing question"


@pytest.mark.parametrize("stem", STEMS)
def test_fixture_submissions_score_as_designed(graded, stem):
    scores = graded[stem]
    full = _full_marks(stem, scores)
    expected = fixtures.expected_scores(stem, full)
    if stem == EXPORTED:
        expected["correct_export"] = dict(full)
    assert set(scores) == set(expected), "every fixture was graded"
    wrong = {}
    for name, want in expected.items():
        got = {q: v for q, v in scores[name].items() if not q.startswith("_")}
        if got != pytest.approx({q: float(v) for q, v in want.items()}):
            wrong[name] = {"got": got, "designed": want}
        assert scores[name]["_error"] == "", f"{stem}/{name} ran to the end"
    assert not wrong, f"{stem}: fixtures off their designed scores: {wrong}"


def _flag_kinds(flags: str) -> set[str]:
    return {item.split(":", 1)[0].strip() for item in flags.split(";") if item.strip()}


@pytest.mark.parametrize("stem", STEMS)
def test_fixtures_that_hard_code_public_values_are_flagged_and_no_other_is(graded, stem):
    """The flags a fixture names are raised, exactly; no fixture that computes its answers is
    flagged ``hard-coded`` (the correct one, the mistakes and the shortcuts alike)."""
    scores = graded[stem]
    designed = fixtures.expected_flags(stem)
    for name, want in designed.items():
        assert _flag_kinds(scores[name]["_flags"]) == want, f"{stem}/{name}: {scores[name]['_flags']!r}"
    wrongly = {name: row["_flags"] for name, row in scores.items()
               if name not in designed and "hard-coded" in _flag_kinds(row["_flags"])}
    assert not wrongly, f"{stem}: flagged hard-coded, yet computing their answers: {wrongly}"


def _full_marks(stem: str, scores) -> dict[str, float]:
    """Question -> points, read from the master's question configs."""
    master = json.loads((ASSIGNMENTS / f"{stem}.ipynb").read_text(encoding="utf-8"))
    full = {}
    for cell in master["cells"]:
        src = "".join(cell["source"]).strip()
        if cell["cell_type"] == "raw" and src.startswith("# BEGIN QUESTION"):
            fields = dict(line.split(":", 1) for line in src.splitlines()[1:] if ":" in line)
            full[fields["name"].strip()] = float(fields["points"])
    assert set(full) == {q for q in scores["correct"] if not q.startswith("_")}
    return full


def test_grading_skips_submissions_already_graded(built, graded):
    stem = STEMS[0]
    work = Path(graded[stem]["correct"]["_dir"])
    proc = _run([PY, str(ASSIGNMENTS / "grade.py"), stem, str(work / "submissions"),
                 "--build", str(built), "--out", str(work / "graded"),
                 "--no-progress"])
    n = len(list((work / "submissions").iterdir()))
    assert f"{n} of {n} submissions already graded; grading 0" in proc.stdout
    png = (work / "graded" / "scores.png").read_bytes()
    assert png.startswith(b"\x89PNG"), "the score distribution figure is a PNG"


@pytest.mark.parametrize("stem", STEMS)
def test_autograder_zip_installs_the_course_library(built, stem):
    """The zip ships the library's wheel and its environment.yml installs it with otter."""
    import zipfile

    import yaml

    lib = build.library()
    with zipfile.ZipFile(built / stem / f"{stem}-autograder.zip") as zf:
        names = zf.namelist()
        env = yaml.safe_load(zf.read("environment.yml"))
        requirements = zf.read("requirements.txt").decode().split()
    wheel_prefix = lib["distribution"].replace("-", "_") + "-" + lib["version"] + "-"
    wheels = [n for n in names if n.endswith(".whl")]
    assert len(wheels) == 1 and wheels[0].startswith(wheel_prefix), names
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert f"{build.AUTOGRADER_SOURCE}/{wheels[0]}" in pip
    assert any(r.startswith("otter-grader") for r in pip)
    assert requirements == pip


@pytest.mark.parametrize("stem", STEMS)
def test_student_setup_cell_installs_from_the_configured_repository(built, stem):
    import yaml

    nb = json.loads(_student_nb(built, stem).read_text(encoding="utf-8"))
    first = "".join(next(c for c in nb["cells"] if c["cell_type"] == "code")["source"])
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["repository"]
    url, tag = config["url"].rstrip("/"), "v" + build.library()["version"]
    requirement = build.library_requirement()
    assert requirement.startswith(build.library()["distribution"] + " @ ")
    # the release the course was built from, never a moving branch
    assert requirement.endswith((f"{url}/archive/refs/tags/{tag}.zip", f"git+{url}@{tag}"))
    assert requirement in first
    assert "grader = otter.Notebook(_here[0] if _here else None, tests_dir=None)" in first
    assert f'"{stem}.ipynb"' in first, "the handout's own name is tried after the one Jupyter gives"
    assert 'otter.Notebook(tests_dir="tests")' in first, "on Colab the tests are written to files"
    compile(first.replace("get_ipython()", "None"), "setup", "exec")


def test_build_names_a_kernel_that_does_not_start(tmp_path):
    """A kernel that does not start is reported as such, before otter runs."""
    spec = tmp_path / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(tmp_path / "no-such-python"), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "broken", "language": "python",
    }), encoding="utf-8")
    env = {**os.environ, "JUPYTER_PATH": str(tmp_path), "JUPYTER_DATA_DIR": str(tmp_path)}
    proc = subprocess.run(
        [PY, str(ASSIGNMENTS / "build.py"), "hw01_information", "--out", str(tmp_path / "out")],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert proc.returncode != 0
    assert "kernel 'python3' does not start" in proc.stderr, proc.stderr
    assert "fail their own tests" not in proc.stderr
    assert not (tmp_path / "out" / "hw01_information").exists(), "nothing was built"
