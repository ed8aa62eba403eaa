"""The handout as students and instructors use it outside `make grade`.

- A renamed handout ("Copy of hw06_mutual_information.ipynb", as Colab and learning
  management systems download it, or "hw06 (1).ipynb") still starts its grader, and
  ``grader.check`` passes for the correct answers: the notebook is run with nbclient,
  under a time limit, from a folder of its own.
- The ``otter grade`` and ``otter run`` commands of instructors.md are the ones otter 7
  accepts: each is parsed by otter's own click command line, ``otter grade`` is run up to
  the point where it would start Docker, and ``otter run`` is run for real, under the
  ``timeout`` it is given there, on a correct submission and on one that never ends.

otter-grader is in the ``assign`` extra. Without it these tests are skipped, except
under CI (the environment variable ``CI`` set), where a missing otter is an error.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENTS = ROOT / "assignments"
PY = sys.executable
STEM = "hw06_mutual_information"

if importlib.util.find_spec("otter") is None:
    if os.environ.get("CI"):
        raise ImportError("otter-grader (the 'assign' extra) is needed for the assignment tests under CI")
    pytest.skip("otter-grader is not installed (pip install -e '.[assign]')", allow_module_level=True)

sys.path.insert(0, str(ASSIGNMENTS))
import fixtures  # noqa: E402


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("handout_build")
    proc = subprocess.run([PY, str(ASSIGNMENTS / "build.py"), STEM, "--out", str(out)],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def correct(built, tmp_path_factory) -> Path:
    """The handout with every answer filled in with the master's solution."""
    out = tmp_path_factory.mktemp("correct")
    written = fixtures.write_fixtures(built / STEM / "student" / f"{STEM}.ipynb",
                                      built / STEM / "autograder" / f"{STEM}.ipynb", out, STEM)
    return next(p for p in written if p.stem == "correct")


def _run_notebook(path: Path, timeout: int = 300) -> dict:
    """Execute ``path`` in place with nbclient from its own folder; return the executed notebook."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    return json.loads(nbformat.writes(nb))


def _check_outputs(nb: dict) -> dict[str, str]:
    """Question -> the text grader.check showed for it."""
    shown = {}
    for cell in nb["cells"]:
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        m = re.match(r'grader\.check\("(q\d+)"\)', src.strip())
        if cell["cell_type"] == "code" and m:
            shown[m.group(1)] = json.dumps(cell["outputs"])
    return shown


def _questions() -> set[str]:
    """The names of the master's questions, from its ``# BEGIN QUESTION`` cells."""
    master = json.loads((ASSIGNMENTS / f"{STEM}.ipynb").read_text(encoding="utf-8"))
    return {re.search(r"^name:\s*(\S+)", "".join(c["source"]), re.M).group(1) for c in master["cells"]
            if c["cell_type"] == "raw" and "".join(c["source"]).startswith("# BEGIN QUESTION")}


@pytest.mark.time_limit(900)
@pytest.mark.parametrize("name", [f"Copy of {STEM}.ipynb", "hw06 (1).ipynb"])
def test_a_renamed_handout_checks_the_correct_answers(correct, tmp_path, name):
    renamed = tmp_path / name
    shutil.copy(correct, renamed)
    shown = _check_outputs(_run_notebook(renamed))
    assert set(shown) == _questions(), "every question's grader.check ran"
    for question, text in shown.items():
        assert "passed" in text and "failed" not in text and "Error" not in text, f"{name} {question}: {text[:500]}"


@pytest.mark.time_limit(900)
def test_a_renamed_handout_next_to_the_original_checks_its_own_answers(built, correct, tmp_path):
    """With the untouched handout in the same folder, the renamed copy still finds its tests."""
    shutil.copy(built / STEM / "student" / f"{STEM}.ipynb", tmp_path / f"{STEM}.ipynb")
    copy = tmp_path / f"Copy of {STEM}.ipynb"
    shutil.copy(correct, copy)
    shown = _check_outputs(_run_notebook(copy))
    assert all("passed" in text and "failed" not in text for text in shown.values()), shown


# --- instructors.md's otter commands ---------------------------------------------------------

def _commands(program: str) -> list[list[str]]:
    """The command lines of instructors.md's bash blocks that run ``otter <program>``."""
    text = (ROOT / "instructors.md").read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)  # a comment may hold an apostrophe
            if "otter" in words and words[words.index("otter") + 1: words.index("otter") + 2] == [program]:
                found.append(words)
    assert found, f"instructors.md shows no `otter {program}` command"
    return found


def _otter_args(words: list[str]) -> list[str]:
    return words[words.index("otter") + 1:]


def _localise(words: list[str], built: Path, submissions: Path, out: Path) -> list[str]:
    """The command with the page's example paths replaced by this test's folders."""
    stem = "hw03_entropy"
    zip_path = f"assignments/_build/{stem}/{stem}-autograder.zip"
    out_words = []
    for w in words:
        if w == zip_path:
            w = str(built / STEM / f"{STEM}-autograder.zip")
        elif w == stem:
            w = STEM
        elif w in ("path/to/submissions",):
            w = str(submissions)
        elif w == "path/to/submission.ipynb":
            w = str(submissions / "correct.ipynb")
        elif w in ("otter-graded", "otter-run"):
            w = str(out)
        out_words.append(w)
    return out_words


#: otter's command line imports ipylab, whose traitlets use is deprecated (not ours to fix).
OTTER_CLI_WARNINGS = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@OTTER_CLI_WARNINGS
def test_the_otter_grade_commands_parse_and_reach_docker_with_the_submissions(built, correct, tmp_path, monkeypatch):
    """Each `otter grade` command is accepted by otter 7 and globs the submissions it should."""
    from click.testing import CliRunner
    from otter import cli as otter_cli
    import otter.grade

    subs = tmp_path / "submissions"
    subs.mkdir()
    shutil.copy(correct, subs / "correct.ipynb")
    shutil.make_archive(str(subs / "correct"), "zip", root_dir=subs, base_dir="correct.ipynb")
    out = tmp_path / "otter-graded"
    out.mkdir()

    class ReachedDocker(Exception):
        pass

    launched = []

    def launch_containers(autograder, submission_paths, **kwargs):
        launched.append({"autograder": autograder, "submissions": sorted(submission_paths), **kwargs})
        raise ReachedDocker

    monkeypatch.setattr(otter.grade, "launch_containers", launch_containers)
    commands = _commands("grade")
    for words in commands:
        args = _localise(_otter_args(words), built, subs, out)
        result = CliRunner().invoke(otter_cli.cli, args)
        assert isinstance(result.exception, ReachedDocker), f"{shlex.join(words)}: {result.output} {result.exception!r}"
        call = launched[-1]
        assert call["tag"] == STEM, "the assignment name (-n, required) tags the image"
        assert "-v" in words, "without -v otter grade prints nothing, errors included"
        ext = "zip" if "--ext" in words and words[words.index("--ext") + 1] == "zip" else "ipynb"
        assert call["submissions"] == [str(subs / f"correct.{ext}")], call["submissions"]
        assert call["timeout"] == 300 and call["network"] is False
    assert {("--ext" in w) for w in commands} == {True, False}, "a command for notebooks and one for zips"


@OTTER_CLI_WARNINGS
def test_otter_7_rejects_the_old_otter_grade_command(built, tmp_path):
    """-p is gone: the command instructors.md used to show fails to parse."""
    from click.testing import CliRunner
    from otter import cli as otter_cli

    result = CliRunner().invoke(otter_cli.cli, ["grade", "-a", str(built / STEM / f"{STEM}-autograder.zip"),
                                                "-p", str(tmp_path)])
    assert result.exit_code == 2 and "No such option" in result.output and "-p" in result.output


def _otter_run(words: list[str], built: Path, subs: Path, out: Path, seconds: int | None = None,
               env: dict | None = None) -> subprocess.CompletedProcess:
    args = _localise(words, built, subs, out)
    otter = str(Path(PY).with_name("otter"))
    args = [otter if w == "otter" else w for w in args]
    if seconds is not None:
        i = args.index("timeout")
        assert args[i + 1].startswith("--kill-after=") and args[i + 2].isdigit()
        args[i + 2] = str(seconds)
    return subprocess.run(args, capture_output=True, text=True, cwd=out, env=env, timeout=900)


@pytest.mark.time_limit(900)
def test_otter_run_under_timeout_grades_a_submission(built, correct, tmp_path):
    (words,) = _commands("run")
    assert words[:2] == ["timeout", "--kill-after=10"], "otter run has no time limit of its own"
    subs, out = tmp_path / "submissions", tmp_path / "otter-run"
    subs.mkdir()
    out.mkdir()
    shutil.copy(correct, subs / "correct.ipynb")
    proc = _otter_run(words, built, subs, out)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    scores = {t["name"]: t["score"] for t in results["tests"] if "score" in t}
    assert scores == fixtures.points(json.loads(correct.read_text(encoding="utf-8"))), "full marks on every question"


@pytest.mark.time_limit(300)
def test_otter_run_under_timeout_stops_a_submission_that_never_ends(built, correct, tmp_path):
    import psutil

    (words,) = _commands("run")
    subs, out = tmp_path / "submissions", tmp_path / "otter-run"
    subs.mkdir()
    out.mkdir()
    nb = json.loads(correct.read_text(encoding="utf-8"))
    first_answer = fixtures.answer_cells(nb)["q1"]
    nb["cells"][first_answer]["source"] = "import time\ntime.sleep(100_000)"
    (subs / "correct.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    token = f"otter-run-timeout-{os.getpid()}-{time.monotonic_ns()}"
    env = {**os.environ, "HANDOUT_TEST_TOKEN": token}
    start = time.monotonic()
    proc = _otter_run(words, built, subs, out, seconds=30, env=env)
    elapsed = time.monotonic() - start
    assert proc.returncode in (124, 137), (proc.returncode, proc.stderr[-2000:])
    assert elapsed < 30 + 10 + 30, f"stopped after {elapsed:.0f} s"
    deadline = time.monotonic() + 15  # the kernel notices its parent is gone and exits
    while True:
        left = []
        for p in psutil.process_iter():
            try:
                if p.environ().get("HANDOUT_TEST_TOKEN") == token:
                    left.append(p)
            except (psutil.Error, OSError):
                pass
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    for p in left:
        p.kill()
    assert not left, f"processes left running after the time limit: {[p.cmdline()[:3] for p in left]}"


@pytest.mark.time_limit(900)
def test_show_expected_keeps_the_expected_values_in_hidden_messages(built, tmp_path):
    """By default the hidden tests' [expected ...] notes are removed; --show-expected keeps them."""
    import zipfile

    def hidden_q3(folder: Path) -> str:
        with zipfile.ZipFile(folder / STEM / f"{STEM}-autograder.zip") as zf:
            return zf.read("tests/q3.py").decode()

    proc = subprocess.run([PY, str(ASSIGNMENTS / "build.py"), STEM, "--show-expected", "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr
    assert "[expected {e:.6f} bits]" in hidden_q3(tmp_path)
    assert "[expected" not in hidden_q3(built) and "got {got!r}" in hidden_q3(built)
    student = (tmp_path / STEM / "student" / f"{STEM}.ipynb").read_text(encoding="utf-8")
    assert "[expected" not in student, "the notes are in hidden tests only"
