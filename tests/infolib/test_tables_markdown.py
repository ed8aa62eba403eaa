"""infolib.Table's Markdown survives cells that contain a pipe."""

from markdown_it import MarkdownIt

import infolib as il


def _parsed_rows(markdown: str) -> list[list[str]]:
    """Cell texts of each table row, as a Markdown parser (markdown-it, GFM tables) reads them."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    rows, row = [], None
    for i, tok in enumerate(tokens):
        if tok.type == "tr_open":
            row = []
        elif tok.type in ("th_open", "td_open"):
            row.append(tokens[i + 1].content if tokens[i + 1].type == "inline" else "")
        elif tok.type == "tr_close":
            rows.append(row)
    return rows


def test_markdown_table_keeps_pipes_inside_cells():
    table = il.Table(["code", "D_KL(p || q)"], [["a|b", 0.25], ["plain", 1.0]], digits=2)
    rows = _parsed_rows(table._repr_markdown_())
    assert rows == [["code", "D_KL(p || q)"], ["a|b", "0.25"], ["plain", "1.00"]]


def test_markdown_table_without_pipes_is_unchanged_by_escaping():
    table = il.Table(["event", "bits"], [["heads", 1.0]])
    assert table._repr_markdown_() == "| event | bits |\n| :--- | ---: |\n| heads | 1.0000 |"
