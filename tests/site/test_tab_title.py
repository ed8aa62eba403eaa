"""The browser tab's title: the page's title, then the course's name, once.

Sphinx writes ``<title>{page} — {html_title}</title>``; on the landing page,
whose heading is the course's name, that would name the course twice.
_ext/site_chrome.py drops the suffix there (``tab_site_name``).
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import pytest
import yaml

from conftest import SITE, site_pages

ROOT = Path(__file__).resolve().parents[2]
NAME = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["title"]
DASH = " \u2014 "
PAGES = site_pages(content_only=False) or ["(no built site)"]


def _tab_title(text: str) -> str:
    found = re.findall(r"<title>(.*?)</title>", text, flags=re.S)
    assert len(found) == 1, f"{len(found)} <title> elements"
    return " ".join(html.unescape(found[0]).split())


def _heading(text: str) -> str:
    """The article's heading with its chapter number (the theme's print header has another <h1>)."""
    found = [h for h in re.findall(r"<h1[^>]*>(.*?)</h1>", text, flags=re.S) if "headerlink" in h]
    assert found, "no article <h1>"
    words = re.sub(r'<a class="headerlink".*?</a>|<[^>]+>', "", found[0])
    return " ".join(html.unescape(words).split())


@pytest.mark.parametrize("rel", PAGES)
def test_tab_names_the_course_once(site, rel):
    title = _tab_title((SITE / rel).read_text(encoding="utf-8"))
    assert title.count(NAME) == 1, f"{rel}: {title!r}"


def test_landing_page_tab_is_the_course_name_alone(site):
    root = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))["root"]
    text = (SITE / f"{root}.html").read_text(encoding="utf-8")
    assert _heading(text) == NAME
    assert _tab_title(text) == NAME


@pytest.mark.parametrize("rel", [p for p in PAGES if p.startswith("chapters/")] or ["(no built site)"])
def test_chapter_tab_is_its_heading_then_the_course_name(site, rel):
    text = (SITE / rel).read_text(encoding="utf-8")
    assert _tab_title(text) == _heading(text) + DASH + NAME


def test_tab_site_name_is_dropped_only_when_the_page_title_is_the_course_name():
    sys.path.insert(0, str(ROOT / "_ext"))
    import site_chrome

    assert site_chrome.tab_site_name(NAME, NAME) == ""
    assert site_chrome.tab_site_name(f"<em>{NAME}</em> ", NAME) == ""
    assert site_chrome.tab_site_name("3. Shannon entropy", NAME) == NAME
    assert site_chrome.tab_site_name("Search", None) is None
