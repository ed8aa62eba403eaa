"""Every link of the built site checked in one pass over its files.

Each HTML page is parsed once (the standard library's ``html.parser``), which
gives both what the page links to and the ids it offers as anchors. Then:

- every internal reference (``a``/``area``/``link`` ``href``; ``img``,
  ``script``, ``source``, ``iframe``, ``video``, ``audio``, ``embed``
  ``src``; ``srcset``; ``object`` ``data``) resolves to a file of the build;
- every ``#anchor`` of an internal link, on its own page or another one,
  is an ``id`` (or ``<a name>``) in the target page;
- every ``url(...)`` and ``@import`` of the site's style sheets resolves;
- no page loads anything from another host (a script, style sheet, font or
  image from the network): the site must work offline and from ``file://``.
  Links a reader follows to other sites (``<a href="https://...">``) are
  allowed and listed, not fetched (no network here).

This replaces a crawl with linkchecker over HTTP (one request per link and
one parse of the target per anchor) and checks more: every page of the
build, not only those reachable from the front page, and the offline rule.

Usage: ``python tests/site/links.py [_build/html]`` prints the problems and
exits 1 if there are any.
"""

from __future__ import annotations

import posixpath
import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes that reference another file, by element.
REFERENCE_ATTRS = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "script": ("src",),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "track": ("src",),
}
# Elements whose references a reader follows; any other reference is loaded with the page.
NAVIGATION = {"a", "area"}
# <link rel> values that are metadata, not something the page loads.
LINK_RELS_NOT_LOADED = {"canonical", "alternate", "author", "license", "help", "search", "next", "prev",
                        "index", "top", "up", "first", "last", "copyright", "glossary", "me", "dns-prefetch",
                        "preconnect"}
# Folders of the build that hold assets, not pages (the theme's HTML there is Jinja templates).
NOT_PAGES = ("_static/", "_sources/", "_images/")
SKIPPED_SCHEMES = {"mailto", "tel", "javascript", "data", "blob"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.S)


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    # (element, attribute, value, line)
    references: list[tuple[str, str, str, int]] = field(default_factory=list)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.page.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.page.ids.add(attrs["name"])
        if tag == "link" and set((attrs.get("rel") or "").lower().split()) & LINK_RELS_NOT_LOADED:
            tag = "a"  # a link the reader may follow, not a resource
        for attr in REFERENCE_ATTRS.get(tag, ()):
            value = attrs.get(attr)
            if value is None:
                continue
            values = [v.strip().split()[0] for v in value.split(",") if v.strip()] if attr == "srcset" else [value]
            for v in values:
                self.page.references.append((tag, attr, v, self.getpos()[0]))

    handle_startendtag = handle_starttag


def parse_page(path: Path) -> Page:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser.page


@dataclass
class Report:
    pages: int = 0
    internal: int = 0
    anchors: int = 0
    external_links: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)


def check_site(root: Path) -> Report:
    """Check every HTML page (outside the asset folders) and every style sheet under ``root``."""
    root = root.resolve()
    report = Report()
    pages = {
        p.relative_to(root).as_posix(): parse_page(p)
        for p in sorted(root.rglob("*.html")) if not p.relative_to(root).as_posix().startswith(NOT_PAGES)
    }
    report.pages = len(pages)
    for rel, page in pages.items():
        for tag, attr, value, line in page.references:
            _check_reference(root, pages, report, f"{rel}:{line}", tag, attr, value, base=rel)
    for css in sorted(root.rglob("*.css")):
        rel = css.relative_to(root).as_posix()
        text = css.read_text(encoding="utf-8", errors="replace")
        for match in CSS_URL.finditer(text):
            value = match.group(2) if match.group(2) is not None else match.group(4)
            line = text.count("\n", 0, match.start()) + 1
            _check_reference(root, pages, report, f"{rel}:{line}", "css", "url", value, base=rel)
    return report


def _check_reference(root, pages, report, where, tag, attr, value, *, base):
    if value.strip() != value or any(c in value for c in "\n\t"):
        report.problems.append(f"{where}: <{tag} {attr}> has white space around or in it: {value!r}")
        value = value.strip()
    parts = urlsplit(value)
    if parts.scheme in SKIPPED_SCHEMES:
        return
    if parts.scheme or parts.netloc:
        if tag in NAVIGATION:
            report.external_links.add(value)
        else:
            report.problems.append(f"{where}: <{tag} {attr}> loads {value} from another host (the site must work offline)")
        return
    report.internal += 1
    if parts.path:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(parts.path)))
        if target.startswith("../") or target == "..":
            report.problems.append(f"{where}: {value} points outside the site")
            return
        path = root / target
        if path.is_dir():
            path, target = path / "index.html", posixpath.join(target, "index.html")
        if not path.is_file():
            report.problems.append(f"{where}: {value} -> no such file {target}")
            return
    else:
        target = base
    if parts.fragment and target in pages:
        report.anchors += 1
        anchor = unquote(parts.fragment)
        if anchor not in pages[target].ids:
            report.problems.append(f"{where}: {value} -> {target} has no id {anchor!r}")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0] if args else "_build/html")
    report = check_site(root)
    print(f"{report.pages} pages: {report.internal} internal references ({report.anchors} with an anchor) resolved, "
          f"{len(report.external_links)} external links listed (not fetched), {len(report.problems)} problems")
    for problem in report.problems:
        print(problem)
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
