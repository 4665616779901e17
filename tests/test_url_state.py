"""The filter state survives the URL round trip; bad URLs become sentences, not errors."""

import datetime as dt

from components.url_state import (profile_href, DatasetCoverage, FilterChoices, FilterState, parse_query_string,
                                  validate_filters)

CHOICES = FilterChoices(
    coverage={1: DatasetCoverage(dt.date(2016, 1, 1), dt.date(2025, 12, 1), ["all", "race", "religion"]),
              2: DatasetCoverage(dt.date(2010, 4, 1), dt.date(2021, 5, 1), ["race_religion", "religion"])},
    default_dataset_id=1,
    borough_slugs=["camden", "hackney", "westminster"],
)


def parse(search):
    return validate_filters(parse_query_string(search), CHOICES)


def test_url_round_trip_keeps_every_filter():
    state = FilterState(2, dt.date(2019, 1, 1), dt.date(2020, 6, 1), "religion", ("hackney", "camden"))
    parsed = parse(state.to_query())
    assert parsed.problems == []
    assert parsed.state == state
    assert FilterState.from_store(state.to_store()) == state


def test_empty_url_gives_the_latest_12_months_of_the_default_dataset():
    parsed = parse("")
    assert parsed.state == FilterState(1, dt.date(2025, 1, 1), dt.date(2025, 12, 1), "all", ())
    assert parsed.problems == []


def test_unknown_borough_is_dropped_with_a_message():
    parsed = parse("?borough=camden,atlantis")
    assert parsed.state.boroughs == ("camden",)
    assert parsed.problems == ["There is no London borough 'atlantis' with Met data; it was left out of the filter."]


def test_unknown_strand_falls_back_with_a_message():
    parsed = parse("?strand=DROP%20TABLE%20incidents")
    assert parsed.state.strand == "all"
    assert "There is no strand called 'DROP TABLE incidents'" in parsed.problems[0]


def test_strand_the_dataset_does_not_publish_is_explained():
    parsed = parse("?dataset=2&strand=race")
    assert parsed.state.strand == "race_religion"
    assert "no separate figures for Race" in parsed.problems[0]


def test_bad_and_reversed_months_fall_back_to_the_default_period():
    assert "'2024-13' is not a month" in parse("?from=2024-13&to=2025-01").problems[0]
    reversed_period = parse("?from=2025-06&to=2025-01")
    assert reversed_period.state.start == dt.date(2025, 1, 1) and reversed_period.state.end == dt.date(2025, 12, 1)
    assert "starts (Jun 2025) after it ends (Jan 2025)" in reversed_period.problems[0]


def test_period_outside_the_data_is_trimmed_or_replaced():
    trimmed = parse("?from=2015-01&to=2016-06")
    assert trimmed.state.start == dt.date(2016, 1, 1) and trimmed.state.end == dt.date(2016, 6, 1)
    assert "trimmed" in trimmed.problems[0]
    outside = parse("?from=2030-01&to=2030-06")
    assert outside.state.end == dt.date(2025, 12, 1)
    assert "outside it" in outside.problems[0]


def test_unknown_dataset_falls_back_to_the_default():
    parsed = parse("?dataset=99")
    assert parsed.state.dataset_id == 1
    assert "no dataset '99'" in parsed.problems[0]


def test_published_dataset_defaults_to_the_widest_published_category():
    assert parse("?dataset=2").state.strand == "race_religion"


def test_the_projector_view_survives_the_round_trip_and_profile_links():
    parsed = parse("?from=2025-01&to=2025-12&strand=race&view=present")
    assert parsed.problems == []
    assert parsed.state.view == "present"
    assert parsed.state.to_query() == "?dataset=1&from=2025-01&to=2025-12&strand=race&view=present"
    assert FilterState.from_store(parsed.state.to_store()) == parsed.state
    assert profile_href(parsed.state, "camden") == \
        "/borough/camden?dataset=1&from=2025-01&to=2025-12&strand=race&borough=camden&view=present"


def test_an_unknown_view_gives_the_standard_view_with_a_message():
    parsed = parse("?view=cinema")
    assert parsed.state.view == ""
    assert parsed.problems == ["There is no view called 'cinema'; showing the standard view."]
    assert "view" not in parsed.state.to_query() and "view" not in parsed.state.to_store()
