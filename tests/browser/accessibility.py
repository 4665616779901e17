"""Checking a page as disabled people meet it: axe-core's WCAG 2.2 AA rules, and the
keyboard alone.

axe-core comes from npm (tests/browser/package.json, pinned), installed by ./test.sh into
tests/browser/node_modules; it is injected into the page under test, never fetched by it.
"""

from pathlib import Path

import pytest

AXE_PATH = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2, levels A and AA: what the Public Sector Bodies Accessibility
# Regulations 2018 require of council and police websites.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MAX_TABS = 400  # more than twice the focusable elements of the longest page (Compare: about 60)

RUN_AXE_JS = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 300)),
  }));
}"""

# What has focus, as a reader would name it, and a stable handle to tell elements apart.
FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  if (!el.dataset.tabIndexSeen) el.dataset.tabIndexSeen = String(window.__tabSeen = (window.__tabSeen || 0) + 1);
  return {handle: el.dataset.tabIndexSeen, tag: el.tagName.toLowerCase(), id: el.id || '',
          text: (el.getAttribute('aria-label') || el.innerText || el.value || '').trim().slice(0, 80),
          href: el.getAttribute('href') || ''};
}"""


def axe_source() -> str:
    if not AXE_PATH.exists():
        pytest.fail(f"axe-core is not installed at {AXE_PATH}, so pages cannot be checked for WCAG 2.2 AA. "
                    "./test.sh installs it (npm ci in tests/browser); or run `npm ci` in tests/browser yourself.",
                    pytrace=False)
    return AXE_PATH.read_text()


def wcag_violations(page) -> list[str]:
    """Every WCAG 2.2 A/AA violation axe-core finds on the page as it is now, one line each."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through DevTools rather than added as an inline <script>: the page's
        # Content-Security-Policy rightly blocks inline scripts it does not know.
        page.evaluate("(source) => { (0, eval)(source); }", axe_source())
    found = page.evaluate(RUN_AXE_JS, WCAG_TAGS)
    return [f"{v['rule']} ({v['impact']}): {v['help']}\n      " + "\n      ".join(v["nodes"][:5]) for v in found]


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED_JS)


def tab_through(page, *, start_at_top: bool = True) -> list[dict]:
    """Press Tab from the top of the page until focus leaves it. Returns every element
    focused, in order. Fails if focus stays put on a Tab (a keyboard trap, WCAG 2.1.2),
    comes back to an element already visited before leaving the page, or never leaves."""
    if start_at_top:
        page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    visited = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = focused(page)
        if now is None:
            return visited  # past the last element: focus went back to the browser
        if visited and now["handle"] == visited[-1]["handle"]:
            raise AssertionError(f"Keyboard trap on {page.url}: Tab leaves focus on {now} "
                                 f"after {len(visited)} stops")
        if any(now["handle"] == seen["handle"] for seen in visited):
            raise AssertionError(f"Keyboard trap on {page.url}: Tab cycles back to {now} after "
                                 f"{len(visited)} stops, never leaving the page")
        visited.append(now)
    raise AssertionError(f"Tab did not leave {page.url} in {MAX_TABS} presses; last focused: {visited[-3:]}")


def tab_to(page, matches, *, what: str, limit: int = MAX_TABS) -> dict:
    """Press Tab until the focused element satisfies `matches(focused)`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if now is not None and matches(now):
            return now
    raise AssertionError(f"Tab never reached {what} on {page.url}")
