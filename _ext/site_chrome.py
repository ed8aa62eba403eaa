"""What every page of the website shows around the chapter: footer, help links, setup cell.

* **Footer** (``templates/course-footer.html``, one of the theme's
  ``footer_content_items``): the licences (code MIT, text and figures
  CC BY 4.0, linking to ``LICENSE`` and ``LICENSE-TEXT`` in the repository)
  and the course version, read from ``pyproject.toml``'s ``[project]
  version`` when the book is built (the one place it is written).
* **Help**: the footer asks for questions and mistakes ("Ask a question",
  "Report a mistake on this page", both saying that they need a GitHub
  account), and the theme's issue entry in the
  repository menu (``html.use_issues_button``) becomes "Report a mistake on
  this page". Both are built from ``repository.url`` in ``_config.yml``, so
  a fork links to its own issues; a mistake's new issue carries the page's
  path in its title.
* **Tab title**: "<page> — Information Theory Basics", and on the landing
  page (whose title is the book's) the title alone, not twice.
* **Setup cell**: the first code cell of each chapter (tag ``setup``)
  installs the course library where it is missing. On the website its code
  is folded to one line, "Setup: installs the course library where it is
  missing"; the notebook is unchanged (the cell stays its first code cell).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
SETUP_TAG = "setup"
SETUP_SUMMARY = "Setup: installs the course library where it is missing"
SETUP_SUMMARY_OPEN = "Hide the setup code"
CODE_LICENCE = ("MIT", "LICENSE")
TEXT_LICENCE = ("CC BY 4.0", "LICENSE-TEXT")


def course_version(project_root: Path) -> str:
    """The course's version: ``[project] version`` in ``pyproject.toml``."""
    path = project_root / "pyproject.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return str(data["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError) as exc:
        raise ExtensionError(f"site_chrome: no [project] version in {path}: {exc}") from exc


def issue_url(repo_url: str, title: str, body: str = "") -> str:
    """A GitHub "new issue" URL with the title (and body) filled in."""
    query = {"title": title}
    if body:
        query["body"] = body
    return f"{repo_url.rstrip('/')}/issues/new?" + urlencode(query, quote_via=quote)


def help_links(repo_url: str, page_path: str) -> dict[str, str]:
    """The page's "Ask a question" and "Report a mistake" links."""
    return {
        "question": issue_url(
            repo_url, f"Question on /{page_path}",
            "Your question, and where on the page it arose (a section or a sentence):",
        ),
        "mistake": issue_url(
            repo_url, f"Mistake on /{page_path}",
            "What is wrong, where on the page (a section, a sentence, a formula or a cell), "
            "and what you expected:",
        ),
        "issues": f"{repo_url.rstrip('/')}/issues",
    }


def licence_links(repo_url: str, branch: str) -> dict[str, tuple[str, str]]:
    """Each licence's name and the URL of its file in the repository."""
    base = f"{repo_url.rstrip('/')}/blob/{branch}/"
    return {
        "code": (CODE_LICENCE[0], base + CODE_LICENCE[1]),
        "text": (TEXT_LICENCE[0], base + TEXT_LICENCE[1]),
    }


def _repository(app: Sphinx) -> tuple[str, str]:
    opts = app.config.html_theme_options or {}
    repo_url = (opts.get("repository_url") or "").rstrip("/")
    if not repo_url.startswith("https://github.com/"):
        raise ExtensionError(
            "site_chrome: the help and licence links need a GitHub repository "
            f"(repository.url in _config.yml), got {repo_url!r}"
        )
    return repo_url, opts.get("repository_branch") or "main"


def _on_config_inited(app: Sphinx, config: Any) -> None:
    config.templates_path = [*config.templates_path, str(HERE / "templates")]
    app.course_version = course_version(Path(app.srcdir))


def _on_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    repo_url, branch = _repository(app)
    links = help_links(repo_url, pagename + ".html")
    context["course_version"] = app.course_version
    site_name = context.get("docstitle")
    context["docstitle"] = tab_site_name(context.get("title", ""), site_name)
    if site_name and not context["docstitle"]:
        # The header's course name is the theme's logo text, which falls back to docstitle.
        context["theme_logo"] = {**(context.get("theme_logo") or {}), "text": site_name}
    context["course_help"] = links
    context["course_licences"] = licence_links(repo_url, branch)
    for group in context.get("header_buttons", []):
        buttons = group.get("buttons") or [group]
        for button in buttons:
            if button.get("label") == "source-issues-button":
                button.update(
                    url=links["mistake"],
                    text="Report a mistake on this page",
                    tooltip="Open an issue about this page on the course's repository (needs a GitHub account)",
                )


def tab_site_name(title: str, site_title: str | None) -> str | None:
    """The site's name after the page's title in the browser tab: none when the page's title is it.

    Sphinx's layout writes ``<title>{title} — {docstitle}</title>``; on the landing
    page, whose heading is the book's title, that reads "Information Theory Basics —
    Information Theory Basics". An empty ``docstitle`` leaves the page's title alone.
    """
    if site_title and Markup(title).striptags().strip() == site_title.strip():
        return ""
    return site_title


class FoldSetupCell(SphinxPostTransform):
    """Fold the code of a cell tagged ``setup`` to one summary line.

    Runs before myst-nb's ``HideInputCells`` (priority 199), which turns the
    ``hide_mode`` set here into a ``<details>`` with this summary.
    """

    default_priority = 198
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for node in self.document.findall(nodes.container):
            if (
                node.get("nb_element") == "cell_code"
                and f"tag_{SETUP_TAG}" in node["classes"]
                and not node.get("hide_mode")
            ):
                node["hide_mode"] = "input"
                node["prompt_show"] = SETUP_SUMMARY
                node["prompt_hide"] = SETUP_SUMMARY_OPEN


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _on_config_inited)
    app.connect("html-page-context", _on_page_context, priority=600)
    app.add_post_transform(FoldSetupCell)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
