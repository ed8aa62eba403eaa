"""load_text: the shipped text is there, whole and plain, and unknown names are refused."""

from __future__ import annotations

import pytest

import infolib as il


def test_pride_and_prejudice_volume_one_is_shipped_whole():
    text = il.load_text("pride_and_prejudice_vol1")
    assert text.startswith("PRIDE AND PREJUDICE\nBy Jane Austen\nChapter 1\nIt is a truth universally acknowledged")
    assert text.isascii()
    assert 100_000 <= len(text) <= 300_000
    assert "Chapter 23\n" in text and "Chapter 24" not in text
    assert "Gutenberg" not in text  # the licence boilerplate is not part of the text
    assert text == il.load_text()


def test_every_listed_text_loads():
    for name in il.TEXTS:
        assert il.load_text(name)


def test_unknown_text_is_refused_with_the_list_of_names():
    with pytest.raises(ValueError, match="unknown text 'emma'; the texts are 'pride_and_prejudice_vol1'"):
        il.load_text("emma")
