"""Every chart on every page is made here, so they share one configuration."""

from dash import dcc

# Plotly's geo subplot loads a topojson base map even when every base layer is hidden;
# serving it from the app keeps the map working on networks that block CDNs.
TOPOJSON_URL = "/assets/topojson/"

GRAPH_CONFIG = {
    "displaylogo": False,
    "topojsonURL": TOPOJSON_URL,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}


def chart(graph_id: str, **kwargs) -> dcc.Loading:
    return dcc.Loading(dcc.Graph(id=graph_id, config=GRAPH_CONFIG, **kwargs), type="dot", delay_show=300)
