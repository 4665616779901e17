"""The projector view is a meeting deck: a presenter's clicker (PageDown / PageUp) and the
arrow keys step from chart to chart, each chart fills the screen at full width, and its
title and source line are inside the screen."""

import pytest

from components import ids
from tests.browser.conftest import PROJECTOR
from tests.browser.dashboard_page import wait_for, wait_until_settled

pytestmark = pytest.mark.browser

FOCUSED_SLIDE = """() => {
    const slide = document.activeElement;
    if (!slide || !slide.classList.contains('chart-slide')) { return null; }
    const box = slide.getBoundingClientRect();
    const svg = slide.querySelector('.main-svg');
    const drawn = svg ? svg.getBoundingClientRect() : null;
    const title = slide.querySelector('.gtitle');
    const texts = Array.from(slide.querySelectorAll('.annotation-text'));
    const source = texts.length ? texts[texts.length - 1].getBoundingClientRect() : null;
    return {label: slide.getAttribute('aria-labelledby'), top: Math.round(box.top), width: Math.round(box.width),
            svgBottom: drawn ? Math.round(drawn.bottom) : null, svgHeight: drawn ? Math.round(drawn.height) : 0,
            titleTop: title ? Math.round(title.getBoundingClientRect().top) : null,
            sourceBottom: source ? Math.round(source.bottom) : null};
}"""


def press_and_read(page, key: str) -> dict:
    page.keyboard.press(key)
    return wait_for(lambda: page.evaluate(FOCUSED_SLIDE), lambda slide: slide is not None and abs(slide["top"]) <= 2,
                    what=f"a slide at the top of the screen after {key}", page=page)


def test_pagedown_and_pageup_step_through_the_profile_one_full_screen_chart_at_a_time(open_page):
    page = open_page("/borough/camden?view=present", viewport=PROJECTOR)
    wait_until_settled(page)
    page.locator(f"#{ids.PROFILE_TREND} .main-svg").first.wait_for()

    first = press_and_read(page, "PageDown")
    assert first["label"] == ids.chart_caption(ids.PROFILE_TREND)
    second = press_and_read(page, "PageDown")
    assert second["label"] == ids.chart_caption(ids.PROFILE_AGAINST_LONDON)
    third = press_and_read(page, "ArrowRight")
    assert third["label"] == ids.chart_caption(ids.PROFILE_RATE_TREND)
    back = press_and_read(page, "PageUp")
    assert back["label"] == second["label"]
    for slide in (first, second, third):
        # Full width, the figure filling the screen, its title and source line inside it.
        assert slide["width"] >= PROJECTOR["width"] - 60
        assert slide["svgHeight"] >= PROJECTOR["height"] * 0.8
        assert slide["svgBottom"] <= PROJECTOR["height"]
        assert slide["titleTop"] is not None and slide["titleTop"] >= 0
        assert slide["sourceBottom"] is not None and slide["sourceBottom"] <= PROJECTOR["height"]


def test_keys_typed_into_a_filter_stay_with_the_filter(open_page):
    page = open_page("/?view=present", viewport=PROJECTOR)
    wait_until_settled(page)
    page.locator(f"#{ids.STRAND}").focus()
    assert page.evaluate(f"Boolean(document.activeElement.closest('#{ids.STRAND}'))"), "the strand filter has the focus"
    page.keyboard.press("ArrowDown")  # opens the menu or moves in it: the filter's key, not the deck's
    page.wait_for_timeout(300)
    assert page.evaluate("document.activeElement.closest('.chart-slide')") is None
    assert page.evaluate(f"Boolean(document.activeElement.closest('#{ids.STRAND}, .dash-dropdown-content'))")
