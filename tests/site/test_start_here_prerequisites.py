"""The Start here page's table of what each chapter assumes reads, row by row, as
each chapter page's own **Prerequisites:** paragraph, with links to the same pages."""

from __future__ import annotations

import html
import posixpath
import re

import pytest

from conftest import SITE, chapter_pages

CHAPTERS = chapter_pages() or ["(no built site)"]


def _words(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def _targets(fragment: str, page: str) -> list[str]:
    folder = posixpath.dirname(page)
    return [posixpath.normpath(posixpath.join(folder, h)) for h in re.findall(r'<a [^>]*href="([^"#]+)', fragment)]


@pytest.mark.parametrize("rel", CHAPTERS)
def test_start_here_row_reads_as_the_chapters_prerequisites_paragraph(site, rel):
    chapter = (SITE / rel).read_text(encoding="utf-8")
    own = re.search(r"<p><strong>Prerequisites:</strong>(.*?)</p>", chapter, flags=re.S)
    assert own, f"{rel} shows no Prerequisites paragraph"
    start_here = (SITE / "start_here.html").read_text(encoding="utf-8")
    table = start_here[start_here.index("<!-- prerequisites: start -->"):start_here.index("<!-- prerequisites: end -->")]
    row = next((r for r in re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S) if f'href="{rel}"' in r.split("</td>")[0]), None)
    assert row, f"start_here.html has no row for {rel}"
    assumed = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)[1]
    assert _words(assumed) == _words(own.group(1))
    assert _targets(assumed, "start_here.html") == _targets(own.group(1), rel)
