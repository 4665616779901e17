"""Charts for a partnership meeting's projector (the address's view=present): every
text in the chart larger, so the back of the room can read axis labels and legends.
Applied to the figure as sent to the page only: exports keep their print sizes."""

from __future__ import annotations

import copy
import re

PROJECTOR_SCALE = 1.3       # type a third larger, like the page's own text in present view
PROJECTOR_HEIGHT_SCALE = 1.15
DEFAULT_FONT_SIZE = 14      # figures/common.finish_figure's base size
INLINE_SIZE = re.compile(r"font-size:(\d+)px")


def for_projector(figure: dict) -> dict:
    """A copy of `figure` (as JSON) with every font size and the height scaled up."""
    ready = copy.deepcopy(figure)
    layout = ready.setdefault("layout", {})
    _scale_fonts(layout)
    _scale_fonts(ready.get("data", []))
    title = layout.get("title")
    if isinstance(title, dict) and isinstance(title.get("text"), str):
        title["text"] = INLINE_SIZE.sub(lambda m: f"font-size:{round(int(m.group(1)) * PROJECTOR_SCALE)}px",
                                        title["text"])
    if layout.get("height"):
        layout["height"] = round(layout["height"] * PROJECTOR_HEIGHT_SCALE)
    margin = layout.get("margin")
    if isinstance(margin, dict) and margin.get("t"):
        margin["t"] = round(margin["t"] * PROJECTOR_SCALE)
    return ready


def _scale_fonts(node) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("font", "tickfont", "textfont") and isinstance(value, dict):
                value["size"] = round((value.get("size") or DEFAULT_FONT_SIZE) * PROJECTOR_SCALE)
            else:
                _scale_fonts(value)
    elif isinstance(node, list):
        for item in node:
            _scale_fonts(item)
