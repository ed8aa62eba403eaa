"""The README's route without make, run as written in a fresh copy of the repository.

The macOS and Linux commands are read from the README (the block after "macOS
and Linux"), run in order by bash in the copy's root, except the last one,
`jupyter lab chapters`, which would wait for a browser: JupyterLab is started
as it would start, without opening a browser, and must serve the chapters;
the environment's Jupyter then runs a chapter.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import time
import urllib.request

import pytest

from conftest import ROOT, clean_env, errors, kill_group, read, run


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"macOS and Linux:\s*```bash\n(.*?)```", text, re.S)
    assert match, "README has no ```bash block after 'macOS and Linux:'"
    return [line for line in match.group(1).splitlines() if line.strip()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_readme_commands_give_a_jupyterlab_that_runs_a_chapter(checkout, tmp_path):
    commands = readme_commands()
    assert commands[-1] == "jupyter lab chapters", commands
    home = tmp_path / "home"
    env = clean_env(home)
    run(["bash", "-euc", "\n".join(commands[:-1])], timeout=1200, cwd=checkout, env=env)

    activate = next(c for c in commands if c.startswith("source "))
    port, token = free_port(), "route-test"
    server = subprocess.Popen(
        ["bash", "-euc", f"{activate}\nexec {commands[-1]} --no-browser --ip=127.0.0.1 --port={port} "
         f"--IdentityProvider.token={token} --ServerApp.port_retries=0 --ServerApp.allow_root=True"],
        cwd=checkout, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        status = wait_for(f"http://127.0.0.1:{port}/api/status?token={token}", server, timeout=120)
        assert "started" in json.loads(status)
        listing = json.loads(wait_for(f"http://127.0.0.1:{port}/api/contents?token={token}", server, timeout=30))
        served = {item["name"] for item in listing["content"]}
        assert "01_information_content.ipynb" in served, served
    finally:
        kill_group(server)
        server.communicate(timeout=30)

    chapter = "chapters/01_information_content.ipynb"
    run(["bash", "-euc", f"{activate}\njupyter nbconvert --to notebook --execute {chapter} --output-dir {tmp_path}"],
        timeout=600, cwd=checkout, env=env)
    executed = read(tmp_path / "01_information_content.ipynb")
    assert errors(executed) == []
    assert sum(bool(c.get("outputs")) for c in executed["cells"] if c["cell_type"] == "code") >= 5


def wait_for(url: str, server: subprocess.Popen, *, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"jupyter lab exited with {server.returncode}: {server.stdout.read().decode()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            time.sleep(1)
    pytest.fail(f"jupyter lab did not answer {url.split('?')[0]} within {timeout:.0f} s")
