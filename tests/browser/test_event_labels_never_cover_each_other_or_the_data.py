"""Event labels, as Chromium draws them, cover neither each other nor a point of data:
June 2017's three events in three weeks on a borough's trend, and the whole London trend,
on the page and on a slide of the meeting deck."""

import pytest

from components import ids
from tests.browser.conftest import LAPTOP, PROJECTOR
from tests.browser.dashboard_page import wait_until_settled

pytestmark = pytest.mark.browser

# The boxes of the event numbers and CONNECT label (annotations in the plot's strip) and of
# every marker and marker label drawn, in page pixels.
DRAWN_BOXES = """(graphId) => {
    const graph = document.getElementById(graphId);
    const box = (element) => { const r = element.getBoundingClientRect();
                               return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
    const plot = graph.querySelector('.draglayer .nsewdrag').getBoundingClientRect();
    const labels = Array.from(graph.querySelectorAll('.annotation')).filter((a) => {
        const r = a.getBoundingClientRect();
        return r.top >= plot.top - 1 && r.bottom <= plot.bottom + 1;   // inside the plot, not the source line
    }).map((a) => ({text: a.textContent.trim(), ...box(a.querySelector('.bg') || a)}));
    const points = Array.from(graph.querySelectorAll('.scatterlayer .point, .scatterlayer .textpoint text'))
        .filter((p) => p.getBoundingClientRect().width > 0).map(box);
    return {labels: labels, points: points};
}"""


def overlaps(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def check_labels_clear(page, graph_id: str, *, at_least: int) -> list[str]:
    page.locator(f"#{graph_id} .annotation").first.wait_for()
    page.wait_for_timeout(500)  # the last redraw of the figure
    drawn = page.evaluate(DRAWN_BOXES, graph_id)
    labels, points = drawn["labels"], drawn["points"]
    assert len(labels) >= at_least, f"{graph_id}: {len(labels)} event labels drawn, expected {at_least}"
    assert points, f"{graph_id}: no markers drawn"
    for i, label in enumerate(labels):
        for other in labels[i + 1:]:
            assert not overlaps(label, other), f"{graph_id}: label {label['text']!r} covers {other['text']!r}"
        covered = [point for point in points if overlaps(label, point)]
        assert not covered, f"{graph_id}: label {label['text']!r} covers {len(covered)} drawn points"
    return [label["text"] for label in labels]


@pytest.mark.parametrize("viewport, view", [(LAPTOP, ""), (PROJECTOR, "&view=present")], ids=["page", "slide"])
def test_june_2017s_three_events_on_camdens_trend_cover_nothing(open_page, viewport, view):
    page = open_page(f"/borough/camden?from=2016-01&to=2018-12{view}", viewport=viewport)
    wait_until_settled(page)
    texts = check_labels_clear(page, ids.PROFILE_TREND, at_least=5)
    assert texts[:5] == ["1", "2", "3", "4", "5"]
    heading = page.locator(f"#{ids.PROFILE_TREND} .gtitle").text_content()
    # The key in the subtitle (its wrapped lines are separate text runs: compared without spaces).
    assert "4LondonBridgeattack(3Jun2017)" in "".join(heading.split())


def test_every_event_on_the_london_trend_covers_nothing(open_page):
    page = open_page("/trends?from=2016-01", viewport=LAPTOP)
    wait_until_settled(page)
    check_labels_clear(page, ids.TRENDS_CHART, at_least=10)
