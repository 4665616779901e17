"""Headline figure cards: a count, what it is, and its change."""

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from queries.strands import STRANDS


def _change_badge(change_pct) -> html.Span:
    if pd.isna(change_pct):
        return html.Span("no earlier figure", className="text-muted")
    arrow = "▲" if change_pct > 0 else ("▼" if change_pct < 0 else "■")
    return html.Span(f"{arrow} {change_pct:+.1f}%", className="fw-semibold")


def headline_card(title: str, value: int, detail: str, change_pct=None, emphasis=False) -> dbc.Card:
    return dbc.Card(dbc.CardBody([
        html.Div(title, className="small text-muted"),
        html.Div(f"{value:,}", className="display-6 fw-bold" if emphasis else "h3 mb-0"),
        html.Div([_change_badge(change_pct), " ", detail] if change_pct is not None or detail else None,
                 className="small"),
    ]), className="h-100 headline-card")


def strand_cards(rolling: pd.DataFrame, *, rolling_label: str) -> list[dbc.Col]:
    """One small card per strand: rolling 12 months and % change on the 12 before."""
    return [
        dbc.Col(headline_card(STRANDS[row.strand].short_label, int(row.offences),
                              f"vs {int(row.previous_offences):,} in the 12 months before",
                              row.change_pct), xs=6, md=3, xl=True)
        for row in rolling.itertuples() if row.strand != "all"
    ]
