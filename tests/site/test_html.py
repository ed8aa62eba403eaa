"""The built pages as files: valid HTML (Nu validator) and no broken links."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

from conftest import HERE, SITE, VNU_JAR, missing, site_pages


def test_content_pages_are_valid_html(site):
    """Zero errors from the Nu HTML checker (vnu-jar) on every content page."""
    if not VNU_JAR.exists():
        missing("vnu", "the Nu HTML checker (vnu-jar)")
    if shutil.which("java") is None:
        missing("vnu", "Java, which the Nu HTML checker runs on,")
    pages = [str(SITE / p) for p in site_pages()]
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *pages],
        capture_output=True, text=True, timeout=600,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    errors = [
        f"{m.get('url', '').split('/html/', 1)[-1]}:{m.get('lastLine', '?')}: {m.get('message')}"
        for m in messages if m.get("type") in ("error", "non-document-error")
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors[:50])


def test_no_broken_internal_links_or_anchors(base_url):
    """linkchecker crawls the served site from its front page: every internal
    link and anchor resolves (external links are not fetched: no network)."""
    exe = shutil.which("linkchecker")
    if exe is None:
        missing("linkchecker")
    result = subprocess.run(
        [exe, "-f", str(HERE / "linkcheckerrc"), "--no-status", "-o", "text", f"{base_url}/index.html"],
        capture_output=True, text=True, timeout=900,
    )
    out = result.stdout
    summary = re.search(r"(\d+) links? in (\d+) URLs? checked\. (\d+) warnings? found\. (\d+) errors? found", out)
    assert summary, f"linkchecker printed no summary:\n{out[-3000:]}\n{result.stderr[-2000:]}"
    links, warnings, errors = int(summary.group(1)), int(summary.group(3)), int(summary.group(4))
    assert links > 50, f"linkchecker checked only {links} links"
    assert warnings == 0 and errors == 0, out[-6000:]
