"""Find the submissions in a folder as a learning management system hands them out.

Three layouts are read, and may be mixed:

- a flat folder of notebooks or exported zips, one per student, named after the
  student (``ada_lovelace.ipynb``, ``ada_lovelace.zip``): the student is the file's
  name without its extension;
- one folder per student, as Moodle's "Download all submissions" unpacks:
  ``Firstname Lastname_12345_assignsubmission_file_/hw03_entropy.ipynb``: the
  student is ``Firstname Lastname``, the id ``12345`` (Moodle's participant
  number); any other folder name is taken as the student's name;
- file names carrying the student, as Canvas's "Download submissions" writes them:
  ``lastnamefirstname_12345_67890_hw03_entropy.ipynb``, with ``late_`` after the
  name for a late submission: the student is ``lastnamefirstname``, the id ``12345``
  (Canvas's user id; ``67890`` numbers the file).

A submission is a notebook (``*.ipynb``) or a zip (``*.zip``, as otter's export cell
writes it). Hidden files and folders, ``__MACOSX`` and ``.ipynb_checkpoints`` are
skipped, and so is the output folder of the grading run.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = (".ipynb", ".zip")
SKIPPED_DIRS = {"__MACOSX", ".ipynb_checkpoints", "__pycache__"}

MOODLE_FOLDER = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assign(?:submission|feedback)_[a-z]+_?$")
CANVAS_FILE = re.compile(r"^(?P<name>[^_]+)_(?:(?P<late>late)_)?(?P<id>\d+)_(?P<file_id>\d+)_(?P<rest>.+)$")


@dataclass(frozen=True)
class Submission:
    """One file to grade and the student it belongs to."""

    path: Path
    relative: str  # path inside the submissions folder, with "/" separators
    student: str  # the student's name as the LMS gives it
    student_id: str  # the LMS's number for the student, or "" when it gives none
    layout: str  # "flat", "moodle", "folder" or "canvas"
    late: bool = False

    @property
    def key(self) -> str:
        """A name for this submission's files in the output folder (see :func:`output_name`)."""
        return output_name(self.relative)


#: Bytes of an output name's readable part (file systems allow 255 per name; the
#: suffixes added, ``.txt``, ``.json``, ``.log``, and a hash fit in the rest).
MAX_NAME_BYTES = 160


def output_name(relative: str) -> str:
    """A file name for the submission at ``relative``, distinct for every distinct ``relative``.

    Letters and digits of every script are kept (``José``, ``张伟``), in Unicode's
    composed form (NFC, as Linux and Windows write them; macOS writes the decomposed
    form); every other run of characters (spaces, ``/``, punctuation) becomes ``_``.
    Whenever that loses something (a replaced character, a change of normal form, a
    capital letter, which a case-insensitive file system would fold, a cut to
    :data:`MAX_NAME_BYTES`), the first 10 hex digits of the SHA-256 of ``relative``
    are added, so two submissions never share a feedback file, a cached result or a log.
    The name never starts with a dot (a hidden file) and is never empty.

    Examples
    --------
    >>> output_name("ada_lovelace.ipynb")
    'ada_lovelace.ipynb'
    >>> output_name("张伟.zip")
    '张伟.zip'
    >>> output_name(".zip")
    'zip_679e0f3cda'
    """
    nfc = unicodedata.normalize("NFC", relative)
    readable = re.sub(r"(?:[^\w.-]|_)+", "_", nfc).strip("._-")
    cut = readable.encode("utf-8")[:MAX_NAME_BYTES].decode("utf-8", errors="ignore")
    if cut == relative and cut == cut.lower():
        return cut
    digest = hashlib.sha256(relative.encode("utf-8", errors="surrogateescape")).hexdigest()[:10]
    return f"{cut}_{digest}" if cut else f"submission_{digest}"


def identify(relative: Path) -> tuple[str, str, str, bool]:
    """Student name, student id, layout and lateness of a submission at ``relative``.

    Examples
    --------
    >>> identify(Path("Ada Lovelace_12345_assignsubmission_file_/hw03_entropy.ipynb"))
    ('Ada Lovelace', '12345', 'moodle', False)
    >>> identify(Path("lovelaceada_late_12345_67890_hw03_entropy.ipynb"))
    ('lovelaceada', '12345', 'canvas', True)
    >>> identify(Path("ada_lovelace.zip"))
    ('ada_lovelace', '', 'flat', False)
    """
    if len(relative.parts) > 1:
        top = relative.parts[0]
        m = MOODLE_FOLDER.match(top)
        if m:
            return m["name"], m["id"], "moodle", False
        return top, "", "folder", False
    m = CANVAS_FILE.match(relative.name)
    if m:
        return m["name"], m["id"], "canvas", bool(m["late"])
    return relative.stem, "", "flat", False


def find(folder: Path, exclude: Path | None = None) -> list[Submission]:
    """Every submission under ``folder`` (any depth), sorted by path; ``exclude`` is skipped.

    Raises
    ------
    FileNotFoundError
        If ``folder`` is not a folder.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"submissions folder {str(folder)!r} does not exist or is not a folder")
    excluded = exclude.resolve() if exclude is not None else None
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(p.startswith(".") or p in SKIPPED_DIRS for p in rel.parts):
            continue
        if excluded is not None and (path.resolve() == excluded or excluded in path.resolve().parents):
            continue
        if not path.is_file() or path.suffix.lower() not in SUFFIXES:
            continue
        student, student_id, layout, late = identify(rel)
        # One spelling of a name for the gradebook, whichever normal form the files use.
        student = unicodedata.normalize("NFC", student)
        found.append(Submission(path, rel.as_posix(), student, student_id, layout, late))
    return found


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
