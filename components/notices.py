"""Words users must see: the synthetic-data label, the overlap warning, the caveats."""

import dash_bootstrap_components as dbc
from dash import dcc, html

from queries.connect_break import comparison_caveat
from queries.strands import STRANDS

OVERLAP_WARNING = (
    "Strands overlap. One offence can be recorded against several strands (for example "
    "both race and faith), so strand figures must not be added together. Where a total "
    "is shown, it counts distinct offences.")

CAVEATS = [
    ("More reporting, not only more crime",
     "Rises can reflect victims' growing willingness to report, officers' better "
     "identification of hate crime and third-party reporting (True Vision, Tell MAMA, "
     "Galop, CST), not only more offences."),
    ("Under-reporting",
     "Hate crime is under-reported, disability hate crime most of all."),
    ("New recording system in 2024",
     "The Met moved to a new crime recording system (CONNECT) in 2024: hate crime figures "
     "before and after March 2024 are not directly comparable."),
    ("Revisions",
     "Published figures are revised; each load records its source and date (see About the data)."),
    ("City of London",
     "The City of London has its own police force and is not in Metropolitan Police data; "
     "maps show it as 'no data', never as zero."),
]


def synthetic_banner(dataset_name: str) -> dbc.Alert:
    return dbc.Alert(
        [html.Strong("Synthetic demo data, not real figures. "),
         f"The dataset '{dataset_name}' was generated to show what the dashboard can do. "
         "An administrator can load the Met's published figures (see About the data)."],
        color="warning", className="synthetic-banner py-2 mb-2", id="synthetic-banner")


def dataset_line(name: str, source: str, last_month, left_out_note: str | None = None) -> html.Div:
    text = f"Dataset: {name}. {source}. Data to {last_month:%B %Y}."
    if left_out_note:
        text += f" {left_out_note}"
    return html.Div(text, className="small text-muted mb-2")


def overlap_note() -> html.P:
    return html.P(OVERLAP_WARNING, className="small text-muted overlap-note")


BEYOND_POLICE_INTRO = ("What partners count: reports received, incidents verified, helpline contacts. They are "
                       "not police-recorded crime and are never added to, stacked on or subtracted from the police "
                       "figures: some partners' counts already include reports the police hold, and many hold "
                       "reports never made to the police. Each source has its own panel, on the same time axis "
                       "as the police figures, at the period it publishes.")


def beyond_police_data_section(content_id: str) -> html.Section:
    """The "Beyond police data" section (issue 20); callbacks/partners.py fills it."""
    return html.Section([
        html.H2("Beyond police data", className="h5 mt-4"),
        html.P(BEYOND_POLICE_INTRO, className="small"),
        dcc.Loading(html.Div(id=content_id), type="dot"),
    ], className="beyond-police-data", **{"aria-label": "Beyond police data"})


def caveat_footer() -> html.Details:
    return html.Details([
        html.Summary("Read before drawing conclusions"),
        html.Ul([html.Li([html.Strong(title + ". "), text]) for title, text in CAVEATS],
                className="small mb-0"),
    ], className="caveats mt-3 small")


PUBLISHED_NEEDS_INCIDENTS = ("Daily and weekly series, overlaps between strands and offence types need "
                             "incident-level data and cannot be shown from this dataset.")
PUBLISHED_NO_LGBT = ("There is no LGBT+ view: homophobic and transphobic offences are published separately and "
                     "one offence can be in both, so adding them would count it twice.")


def published_counts_text(strands, partial_strands: dict | None = None) -> str:
    """What a published dataset can and cannot show, from the strands it has (the Met's
    current releases publish the distinct total and race alone; its 2010-2021 file does not).
    `partial_strands`: strand -> (first month, last month) for strands only some of a
    combined series' months have."""
    sentences = []
    if "all" in strands:
        sentences.append("'All hate crime' is the Met's count of distinct hate offences; the strands are "
                         "published categories that overlap.")
    else:
        sentences.append("The Met publishes overlapping categories, not a count of distinct hate offences, so no "
                         "'all hate crime' total is shown.")
    if "race" not in strands:
        sentences.append("Race alone is not published separately: it is inside 'Racist and Religious'.")
    if "lgbt" not in strands:
        sentences.append(PUBLISHED_NO_LGBT)
    spans = {}  # strands sharing a span are named in one sentence
    for strand in strands:  # in display order
        if strand in (partial_strands or {}):
            spans.setdefault(partial_strands[strand], []).append(STRANDS[strand].label)
    for (first, last), labels in spans.items():
        names = " and ".join([", ".join(labels[:-1]), labels[-1]] if len(labels) > 1 else labels)
        sentences.append(f"{names} {'have' if len(labels) > 1 else 'has'} figures only for {first:%b %Y} to "
                         f"{last:%b %Y} (the releases that publish {'them' if len(labels) > 1 else 'it'}); "
                         "other months are empty, not zero.")
    sentences.append(PUBLISHED_NEEDS_INCIDENTS)
    return " ".join(sentences)


def published_counts_note(strands, partial_strands: dict | None = None) -> dbc.Alert:
    return dbc.Alert([html.Strong("Published monthly counts. "), published_counts_text(strands, partial_strands)],
                     color="info", className="published-note py-2 mb-2 small")


def hidden_datasets_note(count: int, sign_in: str) -> html.Div:
    """How many datasets this viewer may not see (never which, nor what they hold)."""
    datasets = "dataset is" if count == 1 else "datasets are"
    how = {"accounts": "Sign in to see them.", "proxy": "Your organisation's single sign-on signs you in.",
           "off": "Sign-in is off on this dashboard, so they are shown to nobody (docs/SECURITY.md)."}[sign_in]
    return html.Div(f"{count} incident-level {datasets} not shown: incident data is not public. {how}",
                    className="small text-muted mb-2 hidden-datasets-note")


def comparison_caveat_note(*comparisons) -> html.Div | None:
    """Under cards comparing periods: the sentence saying the figures are not directly
    comparable when any (current, previous) pair falls on both sides of the Met's move to
    CONNECT in March 2024; None otherwise."""
    sentence = next((text for current, previous in comparisons if (text := comparison_caveat(current, previous))),
                    None)
    return html.Div([html.Strong("Not directly comparable. "), sentence],
                    className="small connect-caveat mb-2") if sentence else None
