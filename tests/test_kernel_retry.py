"""The notebook tests retry a kernel that fails to start (the root conftest.py).

Failures are injected into nbval's own kernel start (``nbval.kernel``'s
``start_new_kernel`` and ``RunningKernel._ensure_iopub_up``); a real kernel
then starts on a later attempt and runs code.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from nbval import kernel as nbval_kernel
from nbval import plugin as nbval_plugin

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("course_root_conftest", ROOT / "conftest.py")
course_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(course_conftest)

START_TIMEOUT = "Kernel didn't respond in 60 seconds"


def test_nbval_starts_its_kernels_through_the_retrying_class():
    assert nbval_plugin.RunningKernel.__name__ == "RetryingKernel"
    assert issubclass(nbval_plugin.RunningKernel, nbval_kernel.RunningKernel)


def run_one_cell(k) -> str:
    k.execute_cell_input("print(6 * 7)", allow_stdin=False)
    while True:
        msg = k.get_message(stream="iopub", timeout=60)
        if msg["msg_type"] == "stream":
            return msg["content"]["text"]


def test_a_kernel_that_does_not_answer_at_first_is_started_again(monkeypatch):
    real_start = nbval_kernel.start_new_kernel
    calls = []

    def flaky_start(*args, **kwargs):
        calls.append(kwargs.get("kernel_name"))
        if len(calls) == 1:
            raise RuntimeError(START_TIMEOUT)
        return real_start(*args, **kwargs)

    monkeypatch.setattr(nbval_kernel, "start_new_kernel", flaky_start)
    monkeypatch.setattr(course_conftest, "RETRIES", [])
    kernel_class = course_conftest.retrying_kernel_class(nbval_kernel.RunningKernel)
    k = kernel_class(nbval_kernel.CURRENT_ENV_KERNEL_NAME, cwd=str(ROOT), startup_timeout=120)
    try:
        assert len(calls) == 2
        assert course_conftest.RETRIES == [(str(ROOT), f"RuntimeError: {START_TIMEOUT}")]
        assert run_one_cell(k) == "42\n"
    finally:
        k.stop()


def test_a_kernel_started_without_iopub_is_shut_down_before_the_next_attempt(monkeypatch):
    started = []
    real_ensure = nbval_kernel.RunningKernel._ensure_iopub_up

    def flaky_ensure(self):
        started.append(self.km)
        if len(started) == 1:
            raise RuntimeError("Wasn't able to establish IOPub after 30 seconds.")
        return real_ensure(self)

    monkeypatch.setattr(nbval_kernel.RunningKernel, "_ensure_iopub_up", flaky_ensure)
    monkeypatch.setattr(course_conftest, "RETRIES", [])
    kernel_class = course_conftest.retrying_kernel_class(nbval_kernel.RunningKernel)
    k = kernel_class(nbval_kernel.CURRENT_ENV_KERNEL_NAME, cwd=str(ROOT), startup_timeout=120)
    try:
        assert len(started) == 2
        assert not started[0].has_kernel, "the first attempt's kernel is still running"
        assert run_one_cell(k) == "42\n"
    finally:
        k.stop()


def test_a_kernel_that_never_starts_fails_after_the_last_attempt_naming_it(monkeypatch):
    calls = []

    def failing_start(*args, **kwargs):
        calls.append(1)
        raise RuntimeError(START_TIMEOUT)

    monkeypatch.setattr(nbval_kernel, "start_new_kernel", failing_start)
    monkeypatch.setattr(course_conftest, "RETRIES", [])
    kernel_class = course_conftest.retrying_kernel_class(nbval_kernel.RunningKernel)
    with pytest.raises(RuntimeError, match=r"kernel 'python3' did not start in 3 attempts .*last error: "
                                           r"RuntimeError: Kernel didn't respond"):
        kernel_class("python3", cwd=str(ROOT))
    assert len(calls) == course_conftest.KERNEL_START_ATTEMPTS == 3



INJECT_PLUGIN = '''
from nbval import kernel

_real = kernel.start_new_kernel
_calls = []


def _first_start_fails(*args, **kwargs):
    _calls.append(1)
    if len(_calls) == 1:
        raise RuntimeError("Kernel didn't respond in 60 seconds")
    return _real(*args, **kwargs)


kernel.start_new_kernel = _first_start_fails
'''

NOTEBOOK = {
    "cells": [{"cell_type": "code", "execution_count": 1, "id": "c1", "metadata": {}, "source": "print(6 * 7)",
               "outputs": [{"name": "stdout", "output_type": "stream", "text": "42\n"}]}],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}


def test_a_notebook_whose_kernel_fails_to_start_once_passes_under_nbval(tmp_path):
    import json
    import os
    import subprocess
    import sys

    (tmp_path / "inject_kernel_failure.py").write_text(INJECT_PLUGIN, encoding="utf-8")
    (tmp_path / "one.ipynb").write_text(json.dumps(NOTEBOOK), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT)]))
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "inject_kernel_failure", "-p", "conftest", "--nbval",
         "--nbval-current-env", "-o", "addopts=", "-p", "no:cacheprovider", "-W", "error",
         "--rootdir", str(tmp_path), str(tmp_path / "one.ipynb")],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300, start_new_session=True,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-3000:]
    assert "1 passed" in out, out[-3000:]
    assert "kernel starts retried" in out and "RuntimeError: Kernel didn't respond in 60 seconds" in out, out[-3000:]
