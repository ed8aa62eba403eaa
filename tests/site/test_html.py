"""The built pages as files: valid HTML (Nu validator), no broken links or anchors, nothing from the network."""

from __future__ import annotations

import json
import shutil
import subprocess

import links
from conftest import SITE, VNU_JAR, missing, site_pages


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


def test_no_broken_internal_links_or_anchors_and_nothing_loaded_from_another_host(site):
    """One pass over every built page and style sheet (tests/site/links.py): every
    internal link, resource and #anchor resolves; nothing is loaded from the network."""
    report = links.check_site(site)
    assert report.pages >= len(site_pages()) > 0
    assert report.anchors > 50, f"only {report.anchors} internal links with an anchor were found"
    assert not report.problems, f"{len(report.problems)} broken references:\n" + "\n".join(report.problems[:60])
