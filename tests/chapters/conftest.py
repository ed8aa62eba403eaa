"""Fixtures for the chapter text checks: each test module names its chapter in ``CHAPTER``."""

from __future__ import annotations

import pytest
from chapter_text import load, prose as chapter_prose


@pytest.fixture(scope="module")
def notebook(request) -> dict:
    return load(request.module.CHAPTER)


@pytest.fixture(scope="module")
def prose(notebook) -> str:
    return chapter_prose(notebook)
