"""The export controls pages place: the briefing pack links, and "Download data (CSV)"
for tables. (Each chart's own controls come with it from components/charts.py.)"""

from urllib.parse import quote

import pandas as pd
from dash import dcc, html

from components import ids
from figures.tables import table_csv
from exports.filenames import LONDON  # noqa: F401  (pages pass it as the London pack's area)

# Measured here: 6 to 15 s (about 2 s to start Chromium, then four to eight images of
# about a second each, slower on a busy machine); rounded up so the page does not promise
# too little.
PACK_BUILD_SECONDS = 20
PACK_FORMATS = [("pdf", "Briefing pack (PDF)", "A document for the meeting: headline figures, map, trend, "
                 "comparison, caveats and sources"),
                ("zip", "Briefing pack (ZIP)", "The PDF, each chart as PNG and SVG, and the numbers of each "
                 "chart and table as CSV"),
                ("pptx", "Briefing pack (PowerPoint)", "One slide per chart with its finding as the title, the "
                 "headline and stands-out tables as PowerPoint tables, each chart's numbers in its notes")]
PACK_LINK_CLASS = "btn btn-outline-primary btn-sm me-2"
BUILDING_MESSAGE = (f"Building the briefing pack: about {PACK_BUILD_SECONDS} seconds. Your browser shows the "
                    "download when it is ready; you can keep using the dashboard meanwhile.")

# The table's own CSV export (dash_table's export_format), with the button relabelled
# to say what it gives. `css` rules are scoped to the one table.
TABLE_CSV_EXPORT = {
    "export_format": "csv",
    "export_headers": "names",
    "css": [{"selector": ".export", "rule": "font-size: 0; padding: 2px 8px; margin-bottom: 4px;"},
            {"selector": ".export::after", "rule": "content: 'Download data (CSV)'; font-size: 0.8rem;"}],
}


def briefing_pack_buttons(page: str, area: str | None) -> html.Div:
    """Two links to the pack route; callbacks/exports.py writes their addresses from the
    filters. Plain links: the browser downloads the file itself, shows its progress, and
    the server builds it in its own request thread, so nobody else waits."""
    return html.Div([
        dcc.Store(id={"type": ids.PACK_AREA, "page": page}, data=area),
        *[html.A(text, id={"type": ids.PACK_LINK, "page": page, "format": file_format}, download="",
                 n_clicks=0, title=description, className=PACK_LINK_CLASS)
          for file_format, text, description in PACK_FORMATS],
        html.Span(id={"type": ids.PACK_STATUS, "page": page}, className="small text-muted", role="status"),
        html.Div(id={"type": ids.PACK_NOTE, "page": page}, className="small text-muted"),
    ], className="briefing-pack my-2")


def table_csv_link(frame: pd.DataFrame, *, filename: str, text: str = "Download data (CSV)",
                   formats: dict | None = None) -> html.A:
    """A link that downloads `frame` as CSV straight from the page (a data: address), for
    a table whose own export would not give clean figures; `formats` (heading -> format
    spec) give its numbers the precision the page shows."""
    return html.A(text, href="data:text/csv;charset=utf-8," + quote(table_csv(frame, formats)), download=filename,
                  className="small ms-2")
