"""The landing page says where to start on its first screen, at desktop and at phone width."""

from __future__ import annotations

import pytest

from conftest import SITE
from pagecheck import open_page

SCREENS = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
FIRST_STEPS = ("start_here.html", "chapters/01_information_content.html")


@pytest.mark.parametrize("screen", SCREENS)
def test_landing_page_links_start_here_and_chapter_1_on_its_first_screen(browser, base_url, site, screen):
    size = SCREENS[screen]
    ctx = browser.new_context(viewport=size, is_mobile=screen == "phone", has_touch=screen == "phone")
    try:
        page, log = open_page(ctx, f"{base_url}/intro.html")
        for target in FIRST_STEPS:
            assert (SITE / target).exists(), target
            link = page.locator(f'article a[href="{target}"]').first
            assert link.count(), f"the landing page's text has no link to {target}"
            box = link.bounding_box()
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= size["height"], (
                f"{screen}: the link to {target} is not on the first screen ({box})"
            )
            assert link.is_visible()
        text = page.locator("article").inner_text()
        assert text.index("Where to start") < text.index("Who it is for")
        assert not log.console_errors, log.console_errors
    finally:
        ctx.close()
