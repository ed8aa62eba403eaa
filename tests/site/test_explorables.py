"""The explorables on the built pages: operable by mouse, touch and keyboard,
showing infolib's values for the settings a reader picks, in light and dark
mode and at phone width."""

from __future__ import annotations

import re

import numpy as np
import pytest

from conftest import SITE, chapter_pages
from pagecheck import open_page

ex = pytest.importorskip("infolib.explorables")

CHAPTERS = chapter_pages() or ["(no chapter pages)"]


def _page_of(kind: str) -> str:
    for rel in chapter_pages():
        if f'data-kind="{kind}"' in (SITE / rel).read_text(encoding="utf-8"):
            return rel
    pytest.fail(f"no chapter page holds an explorable of kind {kind!r}")


def _set(page, root, values: dict) -> None:
    """Move sliders as a drag does: set the value, then fire 'input'."""
    for name, value in values.items():
        root.locator(f'input[name="{name}"]').evaluate(
            "(e, v) => { e.value = String(v); e.dispatchEvent(new Event('input', {bubbles: true})); }", value
        )


def _shown(root) -> dict[str, str]:
    return root.evaluate(
        "r => Object.fromEntries([...r.querySelectorAll('[data-out]')].map(e => [e.dataset.out, e.textContent]))"
    )


def _agrees(shown: str, value) -> bool:
    if isinstance(value, str):
        parts, want = shown.split(", "), value.split(", ")
        if len(parts) != len(want):
            return False
        return all(a == b or (re.fullmatch(r"-?\d+\.\d+", a) and abs(float(a) - float(b)) <= 0.005 + 1e-9)
                   for a, b in zip(parts, want))
    if value == float("inf"):
        return shown == "\u221e"
    return abs(float(shown) - value) <= 0.0005 + 1e-9


def _expected_ch5(settings: dict) -> ex.Explorable:
    x = np.linspace(-8, 8, 481)
    return ex.gaussian_fit(x, [(0.6, -2.0, 0.6), (0.4, 2.0, 0.6)], forward=(-0.4, 2.05), reverse=(-2.0, 0.6),
                           mu=settings["mu"], sigma=settings["sigma"])


# kind -> (slider settings, the same settings computed in Python by infolib)
SETTINGS = {
    "surprisal": ({"p": 0.07}, lambda s: ex.surprisal(s["p"])),
    "faces": ({"w0": 3, "w1": 0, "w2": 5, "w3": 1, "w4": 1, "w5": 2}, lambda s: ex.die_information([s[f"w{i}"] for i in range(6)])),
    "coding": ({"w0": 5, "w1": 3, "w2": 1, "w3": 1}, lambda s: ex.entropy_coding([s[f"w{i}"] for i in range(4)])),
    "coins": ({"p": 0.15, "q": 0.8}, lambda s: ex.cross_entropy_coins(s["p"], s["q"])),
    "softmax": ({"z0": 0.5, "z1": -1.2, "z2": 3.0, "T": 0.7},
                lambda s: ex.softmax_loss([s["z0"], s["z1"], s["z2"]], label=0, temperature=s["T"])),
    "gaussfit": ({"mu": 1.5, "sigma": 0.45}, _expected_ch5),
    "mi2x2": ({"w00": 5, "w01": 0, "w10": 2, "w11": 3},
              lambda s: ex.mutual_information_2x2([[s["w00"], s["w01"]], [s["w10"], s["w11"]]])),
    "bsc": ({"f": 0.2, "a": 0.3}, lambda s: ex.binary_symmetric_channel(s["f"], s["a"])),
    "collapse": ({"lam": 3.0, "beta": 2.5, "s2": 0.5}, lambda s: ex.vae_collapse(s["lam"], s["beta"], s["s2"])),
}


@pytest.mark.parametrize("kind", sorted(SETTINGS))
def test_displayed_values_match_infolib_for_given_settings(kind, base_url, context, site):
    rel = _page_of(kind)
    page, log = open_page(context, f"{base_url}/{rel}")
    root = page.locator(f'.itbx[data-kind="{kind}"]').first
    root.scroll_into_view_if_needed()
    assert root.get_attribute("data-ready") is not None, "the script did not start the explorable"
    start = _shown(root)
    settings, expected = SETTINGS[kind]
    _set(page, root, settings)
    shown = _shown(root)
    want = expected(settings).values
    wrong = {k: (shown[k], want[k]) for k in shown if k in want and not _agrees(shown[k], want[k])}
    assert not wrong, f"{rel} {kind} at {settings}: shown vs infolib {wrong}"
    assert shown != start, "moving the sliders changed nothing"
    labels = root.evaluate("r => [...r.querySelectorAll('[data-show]')].map(e => e.textContent)")
    assert len(labels) >= len(settings)
    assert not log.console_errors, log.console_errors


@pytest.mark.parametrize("path", CHAPTERS)
def test_every_chapter_page_has_an_explorable_operable_by_keyboard_and_mouse(path, base_url, context, site):
    page, log = open_page(context, f"{base_url}/{path}")
    roots = page.locator(".itbx")
    assert roots.count() >= 1, f"{path} has no explorable"
    assert page.locator(".itbx:not([data-ready])").count() == 0, "an explorable did not start"
    assert page.locator(f"[{ex.RUNTIME_ATTRIBUTE}]").count() == 0, "the inline runtime was not removed"
    scripts = page.eval_on_selector_all("script[src]", "els => els.map(e => e.getAttribute('src'))")
    bundles = [s for s in scripts if "_static/explorables-" in s]
    kinds = sorted(set(page.eval_on_selector_all(".itbx", "els => els.map(e => e.dataset.kind)")))
    assert len(bundles) == 1 and bundles[0].split("?")[0].endswith("explorables-" + "-".join(kinds) + ".js"), bundles
    root = roots.first
    slider = root.locator("input[type=range]").first
    name = slider.evaluate("e => e.closest('label').textContent.trim()")
    assert page.get_by_role("slider", name=name).count() >= 1, f"slider {name!r} has no accessible name"
    readout = root.locator("[aria-live=polite]")
    assert readout.count() == 1

    # keyboard: Tab onto the slider, then arrow keys; the focus is visible
    slider.scroll_into_view_if_needed()
    slider.evaluate("e => e.blur()")
    previous = root.locator("input[type=range]").first
    page.evaluate("e => { const b = document.createElement('button'); b.textContent = 'x'; b.id = 'kbd-start'; e.before(b); }",
                  previous.element_handle())
    page.locator("#kbd-start").focus()
    page.keyboard.press("Tab")
    assert slider.evaluate("e => e === document.activeElement"), "Tab does not reach the slider"
    assert slider.evaluate("e => e.matches(':focus-visible') && getComputedStyle(e).outlineStyle !== 'none'"), \
        "the focused slider shows no focus ring"
    before, text_before = slider.input_value(), readout.inner_text()
    key = "ArrowLeft" if float(before) >= float(slider.get_attribute("max")) else "ArrowRight"
    page.keyboard.press(key)
    page.keyboard.press(key)
    assert slider.input_value() != before
    assert readout.inner_text() != text_before or root.locator("[data-out]").count() == 0

    # mouse: click near the left end of the track
    box = slider.bounding_box()
    before, text_before = slider.input_value(), readout.inner_text()
    page.mouse.click(box["x"] + 0.05 * box["width"], box["y"] + box["height"] / 2)
    assert slider.input_value() != before
    assert readout.inner_text() != text_before
    assert not log.console_errors, log.console_errors


def test_explorable_follows_a_touch_at_phone_width(browser, base_url, site):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        for rel in chapter_pages():
            page, log = open_page(ctx, f"{base_url}/{rel}")
            root = page.locator(".itbx").first
            root.scroll_into_view_if_needed()
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 400, f"{rel} scrolls sideways on a phone ({width}px)"
            rbox = root.bounding_box()
            assert rbox["x"] >= 0 and rbox["x"] + rbox["width"] <= 390 + 1, f"{rel}: explorable wider than the phone"
            slider = root.locator("input[type=range]").first
            box = slider.bounding_box()
            assert box["height"] >= 24, "the slider is too small a touch target"
            before = slider.input_value()
            page.touchscreen.tap(box["x"] + 0.9 * box["width"], box["y"] + box["height"] / 2)
            if slider.input_value() == before:  # already near the right end
                page.touchscreen.tap(box["x"] + 0.1 * box["width"], box["y"] + box["height"] / 2)
            assert slider.input_value() != before, f"{rel}: a tap does not move the slider"
            assert not log.console_errors, log.console_errors
            page.close()
    finally:
        ctx.close()


def _luminance(rgb: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", rgb)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_drawing_follows_the_text_colour_in_light_and_dark_mode(mode, base_url, context, site):
    rel = _page_of("surprisal")
    page, _ = open_page(context, f"{base_url}/{rel}", mode=mode)
    root = page.locator(".itbx").first
    root.scroll_into_view_if_needed()
    colours = root.evaluate(
        """r => ({
            text: getComputedStyle(r.querySelector('.itbx-readout')).color,
            axis: getComputedStyle(r.querySelector('svg text')).fill,
            line: getComputedStyle(r.querySelector('.itbx-axis line')).stroke,
            background: (() => { for (let e = r; e; e = e.parentElement) {
                const c = getComputedStyle(e).backgroundColor;
                if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c; }
                return 'rgb(255, 255, 255)'; })(),
        })"""
    )
    text, axis, bg = _luminance(colours["text"]), _luminance(colours["axis"]), _luminance(colours["background"])
    contrast = (max(axis, bg) + 0.05) / (min(axis, bg) + 0.05)
    assert contrast >= 4.5, f"axis labels have contrast {contrast:.1f} on the {mode} background: {colours}"
    assert (text > 0.5) == (mode == "dark"), colours
    assert colours["axis"] == colours["line"] == colours["text"], colours


def test_pages_without_explorables_do_not_load_the_script(base_url, context, site):
    page, _ = open_page(context, f"{base_url}/intro.html")
    scripts = page.eval_on_selector_all("script[src]", "els => els.map(e => e.getAttribute('src'))")
    styles = page.eval_on_selector_all("link[rel=stylesheet]", "els => els.map(e => e.getAttribute('href'))")
    assert not any("explorables" in s for s in scripts + styles)


@pytest.mark.parametrize("path", CHAPTERS)
def test_y_axis_title_does_not_overlap_the_tick_labels(path, base_url, context, site):
    page, _ = open_page(context, f"{base_url}/{path}")
    for root in page.locator(".itbx").all():
        root.scroll_into_view_if_needed()
        overlaps = root.evaluate(
            """r => {
              const svg = r.querySelector('svg'), title = [...svg.querySelectorAll('text[transform]')];
              const ticks = [...svg.querySelectorAll('text[text-anchor="end"]')].filter(t => !t.closest('svg svg'));
              const box = e => e.getBoundingClientRect();
              return title.flatMap(t => ticks.filter(k => box(k).left < box(t).right + 1 &&
                  box(k).top < box(t).bottom && box(k).bottom > box(t).top).map(k => k.textContent));
            }""")
        assert not overlaps, f"{path}: the y title overlaps the tick labels {overlaps}"


def test_true_class_is_marked_in_words_and_the_smoothed_target_is_drawn(base_url, context, site):
    for rel in chapter_pages():
        if 'data-kind="softmax"' not in (SITE / rel).read_text(encoding="utf-8"):
            continue
        page, _ = open_page(context, f"{base_url}/{rel}")
        for root in page.locator('.itbx[data-kind="softmax"]').all():
            root.scroll_into_view_if_needed()
            labels = root.evaluate("r => [...r.querySelectorAll('svg text')].map(t => t.textContent)")
            assert sum(t.endswith("(true)") for t in labels) == 1, labels
            smoothing = root.locator('input[name="eps"]').count() == 1
            targets = root.locator("svg .itbx-target").count()
            assert (targets > 0) == smoothing, f"{rel}: smoothing slider {smoothing}, target lines {targets}"


def test_joint_table_is_a_2x2_grid_of_labelled_cells_whose_probabilities_follow_the_sliders(base_url, context, site):
    rel = _page_of("mi2x2")
    page, log = open_page(context, f"{base_url}/{rel}")
    root = page.locator('.itbx[data-kind="mi2x2"]').first
    root.scroll_into_view_if_needed()
    headers = root.locator("table.itbx-grid th").all_inner_texts()
    assert headers == ["Y = 0", "Y = 1", "X = 0", "X = 1"]
    _set(page, root, {"w00": 1, "w01": 1, "w10": 1, "w11": 1})
    assert [root.locator(f'[data-out="c{i}{j}"]').inner_text() for i in (0, 1) for j in (0, 1)] == ["0.250"] * 4
    bars = root.evaluate("r => [...r.querySelectorAll('svg rect')].filter(e => e.getAttribute('fill') !== 'none').map(e => e.getAttribute('height'))")
    assert len(set(bars)) == 1, f"bars of different heights: {bars}"
    assert not log.console_errors
