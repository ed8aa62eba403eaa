"""Finding submissions as LMSs hand them out, and telling what cannot be graded before running it.

No kernel runs here: these are the parts of grading that read files.
"""

from __future__ import annotations

import json
import os
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "assignments"))
import submissions  # noqa: E402

pytest.importorskip("otter", reason="grade.py needs the 'assign' extra")
import grade  # noqa: E402

NOTEBOOK = {"cells": [], "metadata": {"otter": {"assignment_name": "hw03_entropy"}},
            "nbformat": 4, "nbformat_minor": 5}


def _touch(path: Path, content: str = "{}") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("relative", "student", "student_id", "layout", "late"),
    [
        ("Ada Lovelace_12345_assignsubmission_file_/hw03_entropy.ipynb", "Ada Lovelace", "12345", "moodle", False),
        ("Ada Lovelace_12345_assignsubmission_file_/sub dir/hw03.zip", "Ada Lovelace", "12345", "moodle", False),
        ("lovelaceada_12345_67890_hw03_entropy.ipynb", "lovelaceada", "12345", "canvas", False),
        ("lovelaceada_late_12345_67890_hw03_entropy-1.ipynb", "lovelaceada", "12345", "canvas", True),
        ("ada_lovelace.ipynb", "ada_lovelace", "", "flat", False),
        ("hw03_entropy_2026_11_30T10_00_00_000000.zip", "hw03_entropy_2026_11_30T10_00_00_000000", "", "flat", False),
        ("ada/hw03_entropy.ipynb", "ada", "", "folder", False),
    ],
)
def test_student_is_read_from_each_layout(relative, student, student_id, layout, late):
    assert submissions.identify(Path(relative)) == (student, student_id, layout, late)


def test_find_reads_nested_folders_and_skips_hidden_files_and_the_output(tmp_path):
    root = tmp_path / "My submissions"
    _touch(root / "Ada Lovelace_1_assignsubmission_file_" / "hw03_entropy.ipynb")
    _touch(root / "turingalan_2_3_hw03_entropy.ipynb")
    _touch(root / "grace.zip")
    _touch(root / "notes.txt")
    _touch(root / ".ipynb_checkpoints" / "grace-checkpoint.ipynb")
    _touch(root / "__MACOSX" / "._grace.zip")
    _touch(root / "graded" / "results" / "old.ipynb")
    found = submissions.find(root, exclude=root / "graded")
    assert [s.relative for s in found] == [
        "Ada Lovelace_1_assignsubmission_file_/hw03_entropy.ipynb",
        "grace.zip",
        "turingalan_2_3_hw03_entropy.ipynb",
    ]
    assert [s.student for s in found] == ["Ada Lovelace", "grace", "turingalan"]


def test_find_names_a_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        submissions.find(tmp_path / "no such folder")


def test_the_cache_key_is_the_content_not_the_modification_time(tmp_path):
    a = _touch(tmp_path / "a.ipynb", '{"cells": [1]}')
    before = submissions.sha256(a)
    os.utime(a, (0, 0))
    assert submissions.sha256(a) == before
    a.write_text('{"cells": [2]}', encoding="utf-8")
    os.utime(a, (0, 0))
    assert submissions.sha256(a) != before


def test_a_truncated_notebook_is_not_a_notebook(tmp_path):
    text = json.dumps(NOTEBOOK)
    path = _touch(tmp_path / "t.ipynb", text[: len(text) // 2])
    with pytest.raises(grade.NotGradable, match="not a notebook: the JSON is broken.*truncated"):
        grade.read_notebook(path)


def test_an_empty_file_is_said_to_be_empty_not_truncated(tmp_path):
    for name, data in [("empty.ipynb", ""), ("blank.ipynb", "\n  \n")]:
        with pytest.raises(grade.NotGradable, match="not a notebook: the file is empty") as err:
            grade.read_notebook(_touch(tmp_path / name, data))
        assert "JSON" not in str(err.value)
    zipped = tmp_path / "empty.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("hw03_entropy.ipynb", "")
    with pytest.raises(grade.NotGradable, match="the file is empty"):
        grade.read_notebook(zipped)


def test_json_that_is_not_a_notebook_is_named(tmp_path):
    with pytest.raises(grade.NotGradable, match="no list of cells"):
        grade.read_notebook(_touch(tmp_path / "x.ipynb", "[1, 2]"))


def test_a_zip_must_hold_exactly_one_notebook(tmp_path):
    with pytest.raises(grade.NotGradable, match="not a zip file"):
        grade.read_notebook(_touch(tmp_path / "a.zip", "plain text"))
    two = tmp_path / "two.zip"
    with zipfile.ZipFile(two, "w") as zf:
        zf.writestr("a.ipynb", json.dumps(NOTEBOOK))
        zf.writestr("b.ipynb", json.dumps(NOTEBOOK))
    with pytest.raises(grade.NotGradable, match="2 notebooks"):
        grade.read_notebook(two)
    none = tmp_path / "none.zip"
    with zipfile.ZipFile(none, "w") as zf:
        zf.writestr("readme.txt", "hi")
    with pytest.raises(grade.NotGradable, match="no notebook"):
        grade.read_notebook(none)
    one = tmp_path / "one.zip"
    with zipfile.ZipFile(one, "w") as zf:
        zf.writestr("hw03_entropy.ipynb", json.dumps(NOTEBOOK))
        zf.writestr("__MACOSX/._hw03_entropy.ipynb", "junk")
    assert grade.read_notebook(one) == NOTEBOOK


def test_a_notebook_of_another_assignment_is_refused():
    grade.check_assignment(NOTEBOOK, "hw03_entropy")
    with pytest.raises(grade.NotGradable, match="wrong assignment: this is a notebook of hw03_entropy, not of hw01"):
        grade.check_assignment(NOTEBOOK, "hw01_information")
    with pytest.raises(grade.NotGradable, match="names no assignment"):
        grade.check_assignment({"cells": [], "metadata": {}}, "hw03_entropy")



def _result(**fields) -> dict:
    r = {"submission": "Ada/hw09_machine_learning.ipynb", "status": "error", "scores": {}, "feedback": {},
         "problems": [], "error": None}
    r.update(fields)
    return r


def test_the_feedback_on_a_wrong_assignment_names_the_one_submitted_and_the_one_expected():
    error = "wrong assignment: this is a notebook of hw06_mutual_information, not of hw09_machine_learning"
    text = grade.feedback_text(_result(error=error), "hw09_machine_learning", {"q1": 2})
    assert ("You submitted your notebook of hw06_mutual_information; this assignment is hw09_machine_learning."
            in text)
    assert "Restart & Run All" not in text


def test_the_feedback_on_exit_says_at_which_code_cell_the_notebook_stopped_its_kernel():
    nb = {"cells": [{"cell_type": "markdown", "source": "# q1"}, {"cell_type": "code", "source": "import numpy as np"},
                    {"cell_type": "markdown", "source": "text"}, {"cell_type": "code", "source": 'print("done")\nexit()'}]}
    error = grade.number_running_cell(
        "the kernel died: the notebook called exit() or quit(), which ends the kernel "
        '(it was running the cell that starts `print("done")`)', nb)
    assert error.endswith('(it was running code cell 2, which starts `print("done")`)')
    text = grade.feedback_text(_result(error=error), "hw09_machine_learning", {"q1": 2})
    assert "Your notebook stopped its own kernel at code cell 2" in text


def test_the_feedback_on_a_question_whose_cell_did_not_parse_says_so_once():
    r = _result(status="graded", scores={"q1": 0.0}, problems=[
        {"cell": 3, "first_line": "def my_joint_entropy(pxy, base=2):", "ename": "SyntaxError",
         "evalue": "expected ':' (2575731219.py, line 3)", "defines": ["my_joint_entropy"]}],
        feedback={"q1": ["a public test failed:\n    uniform = my_joint_entropy([[0.25, 0.25]])\n"
                         "TypeError: NoneType' object is not callable",
                         "a hidden test failed: TypeError: NoneType' object is not callable"]})
    text = grade.feedback_text(r, "hw06_mutual_information", {"q1": 3})
    assert "does not parse (SyntaxError at line 3 of the cell: expected ':')" in text
    assert text.count("expected ':'") == 1 and "2575731219.py" not in text
    assert ("this question's cell raised SyntaxError (cell 3: `def my_joint_entropy(pxy, base=2):`), "
            "so its function my_joint_entropy was not defined") in text
    assert "NoneType" not in text


# Output names (feedback files, cached results, logs): one per submission, readable.

NAMES = [
    "José García.ipynb",  # composed é
    "Jose\u0301 García.ipynb",  # the same name with a decomposed é (as macOS writes it)
    "Jose García.ipynb",  # differs in one accented letter
    "张伟.zip",
    "李娜.zip",
    "王芳.zip",
    ".zip",
    "..ipynb",
    "a b.ipynb",
    "a_b.ipynb",
    "a__b.ipynb",
    "A_b.ipynb",  # a case-insensitive file system would fold it onto a_b.ipynb
    "Ada Lovelace_12345_assignsubmission_file_/hw03_entropy.ipynb",
    "Ada Lovelace_12345_assignsubmission_file_/sub dir/hw03.zip",
    "Ada_Lovelace_12345_assignsubmission_file__hw03_entropy.ipynb",
    "x" * 300 + ".ipynb",
    "x" * 301 + ".ipynb",
]


def test_every_submission_gets_an_output_name_of_its_own_on_any_file_system():
    names = [submissions.output_name(n) for n in NAMES]
    assert len({n.casefold() for n in names}) == len(NAMES), names


def test_output_names_keep_letters_of_every_script_and_are_never_hidden():
    for relative in NAMES:
        name = submissions.output_name(relative)
        assert name and not name.startswith("."), (relative, name)
        assert "/" not in name and " " not in name
        assert len((name + ".json").encode("utf-8")) <= 255, "a file name the file system accepts"
    assert submissions.output_name("张伟.zip") == "张伟.zip"
    assert submissions.output_name("José García.ipynb").startswith("José_García.ipynb")
    assert submissions.output_name("Jose\u0301 García.ipynb").startswith("José_García.ipynb"), "NFC"


def test_plain_names_are_kept_as_they_are():
    assert submissions.output_name("hopperg_34567_89012_hw03_entropy.ipynb") == "hopperg_34567_89012_hw03_entropy.ipynb"
    assert submissions.output_name("ada.zip") == "ada.zip"


def test_an_output_name_depends_on_its_submission_alone():
    assert submissions.output_name("a b.ipynb") == submissions.output_name("a b.ipynb")


def test_students_named_in_decomposed_unicode_are_the_same_student(tmp_path):
    _touch(tmp_path / "Jose\u0301_12345_assignsubmission_file_" / "hw.ipynb")
    [sub] = submissions.find(tmp_path)
    assert sub.student == "José" and len(sub.student) == 4
