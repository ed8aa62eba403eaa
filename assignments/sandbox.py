"""Run one grading process inside a bubblewrap sandbox (Linux), without Docker.

`bubblewrap <https://github.com/containers/bubblewrap>`_ (``bwrap``; Debian and
Ubuntu package ``bubblewrap``, Fedora ``bubblewrap``) runs a command in new Linux
namespaces, as an ordinary user. ``grade.py`` runs each submission's grading
process (``grade_worker.py`` and the kernel it starts) through :func:`command`,
which gives it:

- no network: a network namespace of its own, with only a loopback interface
  (the kernel talks to the grading process over it);
- a file system that is read-only and shows only the system (``/usr``, ``/etc``,
  ``/lib``...), the Python environment that grades (its prefix, and the course
  library ``infolib`` when it is installed from a checkout), and the submission's
  own working folder, which is the only place it can write (its ``/tmp`` and its
  ``HOME`` are in there). Other submissions, the assignment masters, the output
  folder and the instructor's home (``~/.ssh``...) are not there at all;
- its own process namespace (it sees and can signal only its own processes), IPC
  and host name, a new session (no typing into the instructor's terminal), and it
  dies with ``grade.py`` (``--die-with-parent``);
- resource limits (:class:`Limits`), set by the grading process on itself before
  it starts the kernel, inherited by everything it starts and impossible to raise
  again: address space (memory), processes and threads (counted within the
  sandbox's user namespace, or for its own user when grading runs as root, so a
  fork bomb stops at the limit without touching the other submissions), CPU
  seconds per process, and the size of a written file.

When ``grade.py`` runs as root, bubblewrap runs without a user namespace (root may
mount what it likes) and the grading process changes to an unprivileged user of
its own before anything else (``GRADING_UID``; one user per submission graded at
the same time, numbers from :data:`UID_BASE` that no account uses): root is exempt
from the process limit and may read every file. The Python environment must then
be readable by every user, as one installed with the default umask is.

What it does not do: it does not limit the disk space of the working folder
(files are capped in size, not in number), nor hide the system's own files (what
``/etc`` and ``/usr`` hold is readable, as on any multi-user machine), and the
kernel's CPU is shared with the other submissions graded at the same time. It is
as strong as Linux namespaces are; Docker (``otter grade``) adds seccomp filters
and cgroup limits on top.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

#: System folders shown read-only in the sandbox (those that exist; symlinks kept as such).
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/opt")
#: The first of the users (numbers no account uses) sandboxes run as when grading runs as root.
UID_BASE = 2_000_000_000
# Users per grading run (its parallel jobs) and runs told apart by their pid: the
# numbers stay below 2**32 - 1, the largest a Linux user id can be.
SLOTS_PER_RUN = 1024
RUNS = 2_000_000
#: Where the submission's working folder appears inside the sandbox.
WORK = Path("/grading")

NO_SANDBOX_HINT = ("grade without a sandbox, at your own risk, with SANDBOX=off (make grade) "
                   "or --no-sandbox (grade.py)")
INSTALL_HINT = (
    "install bubblewrap (Debian, Ubuntu: sudo apt-get install bubblewrap; Fedora: sudo dnf "
    "install bubblewrap; Arch: sudo pacman -S bubblewrap), or " + NO_SANDBOX_HINT
)


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot create its namespaces here; the message says what to do."""


@dataclass(frozen=True)
class Limits:
    """Resource limits of every process in a sandbox (``None``: no limit)."""

    memory_mb: int | None = 4096  # address space of each process (RLIMIT_AS)
    processes: int | None = 256  # processes and threads of the sandbox (RLIMIT_NPROC)
    cpu_seconds: int | None = None  # CPU time of each process (RLIMIT_CPU)
    file_mb: int | None = 1024  # size of a file written (RLIMIT_FSIZE)

    def to_env(self) -> str:
        """The limits as the ``GRADING_LIMITS`` value that ``grade_worker.apply_limits`` reads."""
        parts = {"as": self.memory_mb and self.memory_mb << 20, "nproc": self.processes,
                 "cpu": self.cpu_seconds, "fsize": self.file_mb and self.file_mb << 20}
        return ",".join(f"{k}={v}" for k, v in parts.items() if v)


def bwrap() -> str:
    """The path of ``bwrap``.

    Raises
    ------
    SandboxUnavailable
        If this is not Linux or ``bwrap`` is not on the PATH.
    """
    if not sys.platform.startswith("linux"):
        raise SandboxUnavailable(
            f"the grading sandbox (bubblewrap) needs Linux, and this is {sys.platform}: grade "
            f"with otter grade (Docker), or {NO_SANDBOX_HINT}"
        )
    path = shutil.which("bwrap")
    if path is None:
        raise SandboxUnavailable(f"bubblewrap (bwrap) is not installed: {INSTALL_HINT}")
    return path


def as_root() -> bool:
    """Whether grading runs as root (then the sandbox's processes change to :func:`uid`)."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def uid(slot: int) -> int | None:
    """The user a sandbox in ``slot`` runs as when grading runs as root (None otherwise).

    One user per submission graded at the same time: the process limit counts the
    processes of a user, so a fork bomb in one sandbox does not stop another. The
    number also depends on the grading process's own pid, so that two grading runs
    on the same machine (two assignments at once) never share a user.
    """
    if not as_root():
        return None
    if not 0 <= slot < SLOTS_PER_RUN:
        raise ValueError(f"slot must be in [0, {SLOTS_PER_RUN}), got {slot}")
    return UID_BASE + (os.getpid() % RUNS) * SLOTS_PER_RUN + slot


def wait_gone(owner: int | None, timeout: float = 10.0) -> None:
    """Wait until no process of user ``owner`` is left (killed ones are counted until reaped)."""
    if owner is None:
        return
    import time

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        left = False
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if entry.stat().st_uid == owner:
                        left = True
                        break
                except OSError:
                    continue
        if not left:
            return
        time.sleep(0.1)


def hand_over(folder: Path, owner: int | None) -> None:
    """Make ``folder`` (and what it holds) ``owner``'s, so that the sandbox may write it."""
    if owner is None:
        return
    for root, dirs, files in os.walk(folder):
        os.chown(root, owner, owner)
        for name in files:
            os.chown(os.path.join(root, name), owner, owner)


def python_dirs() -> list[Path]:
    """Folders the grading interpreter needs: its prefixes, its site-packages, infolib's checkout."""
    dirs = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix),
            Path(sys.executable).parent}
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        dirs.add(Path(sysconfig.get_paths()[key]))
    spec = importlib.util.find_spec("infolib")
    if spec is not None and spec.origin:  # an editable install points into a checkout
        dirs.add(Path(spec.origin).parent)
    resolved = set()
    for d in dirs:
        for p in (d, d.resolve()):
            if p.exists() and not any(str(p).startswith(s + "/") or str(p) == s for s in SYSTEM_DIRS):
                resolved.add(p)
    # A folder inside another one already shown needs no mount of its own.
    return sorted(p for p in resolved if not any(q != p and q in p.parents for q in resolved))


def command(args: list[str], work: Path, *, extra_ro: list[Path] = ()) -> list[str]:
    """``args`` wrapped in bubblewrap: read-only system and Python, ``work`` writable, nothing else.

    ``work`` appears at :data:`WORK` (so ``args`` name its files there) and holds
    the sandbox's ``tmp`` (mounted at ``/tmp``). ``extra_ro``: more folders or files
    shown read-only at their own paths.
    """
    if as_root():  # no user namespace: root mounts; the worker then becomes GRADING_UID
        cmd = [bwrap(), "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
               "--unshare-cgroup-try"]
    else:
        cmd = [bwrap(), "--unshare-all"]
    cmd += ["--die-with-parent", "--new-session", "--hostname", "grading",
            "--proc", "/proc", "--dev", "/dev"]
    for d in SYSTEM_DIRS:
        if os.path.islink(d):
            cmd += ["--symlink", os.readlink(d), d]
        elif os.path.isdir(d):
            cmd += ["--ro-bind", d, d]
    # The working folder and /tmp first: a Python environment or a kernel under /tmp
    # (a test's, a CI runner's) is mounted over the sandbox's own /tmp, not hidden by it.
    (work / "tmp").mkdir(exist_ok=True)
    cmd += ["--bind", str(work), str(WORK), "--bind", str(work / "tmp"), "/tmp"]
    mounts = [*python_dirs(), *extra_ro]
    parents = sorted({q for p in mounts for q in Path(p).parents if str(q) not in ("/", "/tmp")} - set(mounts),
                     key=lambda q: len(q.parts))
    for q in parents:  # readable by the sandbox's user (bubblewrap would make them 0700)
        if not any(str(q) == d or str(q).startswith(d + "/") for d in SYSTEM_DIRS):
            cmd += ["--perms", "0755", "--dir", str(q)]
    for p in mounts:
        cmd += ["--ro-bind", str(p), str(p)]
    cmd += ["--chdir", str(WORK), "--"]
    return cmd + list(args)


def check(timeout: float = 60.0) -> None:
    """Check that a sandbox starts here and that the grading Python works in it.

    Raises
    ------
    SandboxUnavailable
        If ``bwrap`` is missing, cannot create its namespaces (user namespaces
        disabled, as in some containers), or the interpreter cannot import otter
        inside it; the message says why and what to do.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="sandbox-check-") as tmp:
        work = Path(tmp)
        owner = uid(0)
        hand_over(work, owner)
        probe = ("import os, socket, otter\n"
                 "if os.environ.get('GRADING_UID'):\n"
                 "    os.setgroups([]); os.setgid(int(os.environ['GRADING_UID'])); "
                 "os.setuid(int(os.environ['GRADING_UID']))\n"
                 "s = socket.socket(); open('probe', 'w').close(); print('ok')")
        try:
            proc = subprocess.run(
                command([sys.executable, "-c", probe], work),
                capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
                env={"PATH": "/usr/bin:/bin", "HOME": str(work), "GRADING_UID": str(owner or "")},
            )
        except subprocess.TimeoutExpired:
            raise SandboxUnavailable(f"a test sandbox did not finish within {timeout:g} s") from None
        if proc.returncode != 0 or proc.stdout.strip() != "ok":
            detail = (proc.stderr or proc.stdout).strip().splitlines()
            why = detail[-1] if detail else f"exit code {proc.returncode}"
            hint = ("bubblewrap cannot create its namespaces here (are unprivileged user namespaces "
                    "disabled? sysctl kernel.unprivileged_userns_clone=1, or on Ubuntu 24.04 an "
                    "AppArmor profile for bwrap)" if "bwrap" in why or "namespace" in why.lower()
                    else "the grading Python does not work inside the sandbox (is the virtual "
                    "environment readable by every user?)")
            raise SandboxUnavailable(f"{hint}: {why}. Otherwise {NO_SANDBOX_HINT}")
