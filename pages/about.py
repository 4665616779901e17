"""About the data: definitions, the overlap warning, caveats, sources and licences."""

import dash
import dash_bootstrap_components as dbc
from dash import html

from components import ids
from components.notices import CAVEATS, OVERLAP_WARNING
from geodata import BOUNDARY_ATTRIBUTION
from queries.connect_break import CONNECT_BREAK_SENTENCE
from queries.positive_outcomes import POSITIVE_OUTCOME_CAVEAT
from queries.rates import RATE_UNIT
from queries.schema import POPULATION_SOURCE
from queries.strands import STRANDS
from stands_out.change_test import CHANGE_TEST_LIBRARY, CHANGE_TEST_SENTENCE
from stands_out.days_after_event import METHOD_LIBRARY as DAYS_AFTER_LIBRARY
from stands_out.days_after_event import METHOD_SENTENCE as DAYS_AFTER_METHOD
from stands_out.expected_range import METHOD_LIBRARY as EXPECTED_RANGE_LIBRARY
from stands_out.expected_range import METHOD_SENTENCE as EXPECTED_RANGE_METHOD

dash.register_page(__name__, path="/about", name="About the data", title="About the data - hate crime", order=5)


# (what it answers, the method in words, the library and function that compute it)
METHODS = [
    ("Is a change between two periods beyond chance?", CHANGE_TEST_SENTENCE, CHANGE_TEST_LIBRARY),
    ("Is a month above its expected range?", EXPECTED_RANGE_METHOD, EXPECTED_RANGE_LIBRARY),
    ("Were the days after an event unusual?", DAYS_AFTER_METHOD, DAYS_AFTER_LIBRARY),
]


def layout(**_query):
    return html.Div([
        html.H1("About the data", className="h3 mt-2"),
        html.H2("What counts as hate crime", className="h5 mt-3"),
        html.P("A hate crime is any criminal offence perceived, by the victim or any other person, to be "
               "motivated by hostility or prejudice based on a personal characteristic. The monitored "
               "strands are:"),
        html.Dl([item for strand in STRANDS.values()
                 for item in (html.Dt(strand.label), html.Dd(strand.description))], className="small"),
        dbc.Alert([html.Strong("Never add strands together. "), OVERLAP_WARNING,
                   " Home Office figures count motivating factors, which exceed offences (Met 2018-19: "
                   "21,174 factors on 16,839 offences)."], color="secondary"),
        html.H2("Read before drawing conclusions", className="h5 mt-3"),
        html.Ul([html.Li([html.Strong(title + ". "), text]) for title, text in CAVEATS]),
        html.H2("Rates", className="h5 mt-3"),
        html.P(f"Rates are offences {RATE_UNIT}: the offences in the chosen period over the ONS mid-2021 "
               "population of each borough, times 1,000, times 12 over the months the data covers in the period, "
               "so a 35-month period and a 12-month one can be compared. London's rate uses the 32 boroughs the "
               "Met polices; a group's rate is its offences over its residents, never an average of its boroughs' "
               "rates."),
        html.H2("The Met's new recording system (CONNECT)", className="h5 mt-3"),
        html.P([CONNECT_BREAK_SENTENCE, " Since then a borough's figures are offences that happened there "
                "(the Met applied this to older months too), and hate crime totals leave out records flagged only "
                "as domestic abuse. Trend charts mark the change with a dashed line; comparisons of a period with "
                "one before March 2024 say so."]),
        html.H2("Positive outcomes", className="h5 mt-3"),
        html.P(POSITIVE_OUTCOME_CAVEAT),
        html.H2("How the statistics are worked out", className="h5 mt-3"),
        html.P("Pages name each method in words; here is the well-kept library and function behind each.",
               className="small"),
        html.Dl([item for name, words, library in METHODS
                 for item in (html.Dt(name), html.Dd([words, html.Br(), html.Span("Computed with " + library + ".",
                                                                                 className="text-muted")]))],
                className="small"),
        html.H2("Sources and licences", className="h5 mt-3"),
        html.Ul([
            html.Li("Hate crime figures: Metropolitan Police Service, published on the London Datastore "
                    "under the Open Government Licence, or the incident extracts a partnership loads. "
                    "Synthetic demo data is labelled as such on every page."),
            html.Li(f"Population: {POPULATION_SOURCE}. Source: Office for National Statistics licensed "
                    "under the Open Government Licence v3.0."),
            html.Li(f"Borough boundaries: ONS / London Datastore (London_Borough_Excluding_MHW). "
                    f"{BOUNDARY_ATTRIBUTION}"),
        ]),
        html.H2("Beyond police data: partner reports", className="h5 mt-3"),
        html.P("Partners' own figures, shown beside the police figures and never added to them: each source, what "
               "it counts, its definitions (the link as the partner gave it, not followed by the dashboard), its "
               "licence and whether its counts include reports the police also hold.", className="small"),
        html.Div(id=ids.ABOUT_PARTNERS),
        html.H2("Datasets in this store", className="h5 mt-3"),
        html.Div(id=ids.ABOUT_DATASETS),
        html.H2("Which months came from which release", className="h5 mt-3"),
        html.P("The Met's 2010-2021 borough file and its current releases are joined into one series, strand by "
               "strand where their categories correspond; where releases overlap, the newest gives the month.",
               className="small"),
        html.Div(id=ids.ABOUT_SOURCES),
        html.H2("Revisions", className="h5 mt-3"),
        html.P("The Met revises published figures: a newer release can change months an earlier one gave. Each "
               "release loaded is compared with the figures the series showed before it, for the months both give.", className="small"),
        html.Div(id=ids.ABOUT_REVISIONS),
    ])
