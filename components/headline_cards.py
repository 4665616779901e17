"""Headline figure cards: a count, what it is, and its change (with its verdict when the
change between two periods has been judged: components/verdicts.py)."""

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from components.verdicts import change_with_verdict
from figures.answer import Headline
from queries.strands import STRANDS


def _change_badge(change_pct) -> html.Span:
    if pd.isna(change_pct):
        return html.Span("no earlier figure", className="text-muted")
    arrow = "▲" if change_pct > 0 else ("▼" if change_pct < 0 else "■")
    return html.Span(f"{arrow} {change_pct:+.1f}%", className="fw-semibold")


def headline_card(title: str, value: int, detail: str, change_pct=None, emphasis=False,
                  verdict: str | None = None) -> dbc.Card:
    """With `verdict` (stands_out.change_test), the change shows its verdict's marker and
    words instead of a plain arrow."""
    badge = change_with_verdict(change_pct, verdict) if verdict else _change_badge(change_pct)
    return dbc.Card(dbc.CardBody([
        html.Div(title, className="small text-muted"),
        html.Div(f"{value:,}", className="display-6 fw-bold" if emphasis else "h3 mb-0"),
        html.Div([badge, " ", detail] if change_pct is not None or detail else None,
                 className="small"),
    ]), className="h-100 headline-card")


def strand_cards(rolling: pd.DataFrame, *, rolling_label: str) -> list[dbc.Col]:
    """One small card per strand: rolling 12 months and % change on the 12 before, with
    its verdict when `rolling` has a `verdict` column (add_change_verdicts)."""
    return [
        dbc.Col(headline_card(STRANDS[row.strand].short_label, int(row.offences),
                              f"vs {int(row.previous_offences):,} in the 12 months before",
                              row.change_pct, verdict=getattr(row, "verdict", None)), xs=6, md=3, xl=True)
        for row in rolling.itertuples() if row.strand != "all"
    ]


def headline_figure_card(headline: Headline, *, emphasis: bool = False) -> dbc.Card:
    """A card of one headline (charts/headlines.py): what it measures, the figure, and what
    it is set against (a change with its verdict, or London's rate)."""
    if headline.is_change:
        badge = change_with_verdict(headline.change_pct, headline.verdict) if headline.verdict \
            else _change_badge(headline.change_pct)
        detail = [badge, f" vs {headline.compared_with}"]
    else:
        detail = headline.compared_with
    return dbc.Card(dbc.CardBody([
        html.Div(headline.measure, className="small text-muted"),
        html.Div(headline.figure, className="display-6 fw-bold" if emphasis else "h3 mb-0"),
        html.Div(detail, className="small"),
    ]), className="h-100 headline-card")
