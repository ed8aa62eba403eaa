"""The one-pass link and anchor check (tests/site/links.py) on small sites made here:
it finds each kind of broken reference, and passes a site with none."""

from __future__ import annotations

from pathlib import Path

import links


def site(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    return tmp_path


GOOD = {
    "index.html": '<a href="chapters/one.html#sec-a">A</a> <a href="#top" id="top">top</a>'
                  '<link rel="stylesheet" href="_static/s.css"><img src="_images/f.png" alt="f">'
                  '<a href="https://example.org/paper">a paper</a><link rel="canonical" href="https://x.org/">',
    "chapters/one.html": '<section id="sec-a"><a name="old"></a><a href="../index.html#top">up</a>'
                         '<a href="./#top">folder</a><a href="one.html#old">old</a></section>',
    "chapters/index.html": '<p id="top">the folder</p>',
    "_static/s.css": "body { background: url('../_images/f.png') }",
    "_images/f.png": "png",
}


def test_a_site_whose_references_all_resolve_passes(tmp_path):
    report = links.check_site(site(tmp_path, GOOD))
    assert report.problems == []
    assert report.pages == 3
    assert report.anchors == 5  # #sec-a, #top (twice), ./#top, #old
    assert report.external_links == {"https://example.org/paper", "https://x.org/"}


def test_a_missing_anchor_on_another_page_is_found(tmp_path):
    files = dict(GOOD, **{"index.html": '<p id="top"></p><a href="chapters/one.html#sec-b">B</a>'})
    [problem] = links.check_site(site(tmp_path, files)).problems
    assert problem.startswith("index.html:1:") and "chapters/one.html has no id 'sec-b'" in problem


def test_a_missing_anchor_on_the_same_page_is_found(tmp_path):
    files = dict(GOOD, **{"index.html": '<h1 id="top">T</h1><a href="#bottom">down</a>'})
    [problem] = links.check_site(site(tmp_path, files)).problems
    assert "index.html has no id 'bottom'" in problem


def test_a_missing_file_and_a_missing_css_image_are_found(tmp_path):
    files = dict(GOOD, **{"index.html": '<p id="top"></p><a href="chapters/two.html">two</a>',
                          "_static/s.css": "@font-face { src: url(fonts/x.woff2) }"})
    problems = links.check_site(site(tmp_path, files)).problems
    assert any("no such file chapters/two.html" in p for p in problems), problems
    assert any(p.startswith("_static/s.css:1:") and "no such file _static/fonts/x.woff2" in p for p in problems)


def test_a_script_or_style_from_another_host_is_a_problem_but_a_link_to_one_is_not(tmp_path):
    files = dict(GOOD, **{"index.html": '<p id="top"></p><script src="https://cdn.example.org/x.js"></script>'
                                        '<link rel="stylesheet" href="//cdn.example.org/x.css">'
                                        '<a href="https://example.org/">a site</a>'})
    problems = links.check_site(site(tmp_path, files)).problems
    assert len(problems) == 2 and all("from another host" in p for p in problems), problems


def test_a_link_out_of_the_site_is_a_problem(tmp_path):
    files = dict(GOOD, **{"index.html": '<p id="top"></p><a href="../elsewhere.html">out</a>'})
    [problem] = links.check_site(site(tmp_path, files)).problems
    assert "points outside the site" in problem
