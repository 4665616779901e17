"""Compound discrimination, offence types and outcomes from a hand-counted extract
(tests/incident_detail_fixtures.py)."""

import datetime as dt

from queries.incident_detail import needs_incident_data_sentence
from queries.offence_types import offence_types_by_strand
from queries.outcome_breakdown import outcomes_by_borough, outcomes_by_strand
from queries.periods import Period
from queries.strand_combinations import (multi_strand_summary, multi_strand_trend, strand_combinations,
                                         strand_overlap_shares)
from tests.incident_detail_fixtures import CAMDEN, HACKNEY, compound  # noqa: F401 - a fixture

JAN_FEB_2025 = Period(dt.date(2025, 1, 1), dt.date(2025, 2, 1))


def test_each_offence_is_in_exactly_one_combination(compound):
    cursor, dataset_id = compound
    combinations = strand_combinations(cursor, dataset_id=dataset_id, period=JAN_FEB_2025)
    assert dict(zip(combinations.combination, combinations.offences)) == {
        "race+religion": 4, "race": 3, "race+religion+disability": 1, "religion": 1,
        "sexual_orientation+transgender": 1, "sexual_orientation+disability": 1, "disability": 1}
    assert combinations.offences.sum() == 12  # the distinct offences, not the 22 strand flags
    assert combinations.set_index("combination").loc["race+religion+disability", "label"] == \
        "Race + Faith + Disability"


def test_three_strand_offence_counts_only_in_its_three_strand_combination(compound):
    cursor, dataset_id = compound
    combinations = strand_combinations(cursor, dataset_id=dataset_id, period=JAN_FEB_2025, gss_codes=[CAMDEN])
    by_key = dict(zip(combinations.combination, combinations.offences))
    assert by_key["race+religion+disability"] == 1
    assert by_key["race+religion"] == 2  # the islamophobic pair only; not the three-strand offence
    assert "race+disability" not in by_key and "religion+disability" not in by_key
    assert sum(by_key.values()) == 9


def test_faith_sub_strands_do_not_make_an_offence_multi_strand(compound):
    cursor, dataset_id = compound
    combinations = strand_combinations(cursor, dataset_id=dataset_id, period=Period(dt.date(2025, 2, 1),
                                                                                     dt.date(2025, 2, 1)),
                                       gss_codes=[CAMDEN])
    assert dict(zip(combinations.combination, combinations.strand_count)) == {
        "religion": 1, "sexual_orientation+disability": 2}


def test_multi_strand_summary_counts_offences_with_two_or_more_strands(compound):
    cursor, dataset_id = compound
    assert multi_strand_summary(cursor, dataset_id=dataset_id, period=JAN_FEB_2025) == \
        {"offences": 12, "multi_strand_offences": 7, "multi_strand_pct": 58.3}
    assert multi_strand_summary(cursor, dataset_id=dataset_id, period=JAN_FEB_2025, gss_codes=[HACKNEY]) == \
        {"offences": 3, "multi_strand_offences": 2, "multi_strand_pct": 66.7}


def test_share_of_each_strand_that_also_carries_another(compound):
    cursor, dataset_id = compound
    shares = strand_overlap_shares(cursor, dataset_id=dataset_id, period=JAN_FEB_2025)
    assert shares.to_dict("records") == [
        {"strand": "race", "offences": 8, "with_another_strand": 5, "with_another_strand_pct": 62.5},
        {"strand": "religion", "offences": 6, "with_another_strand": 5, "with_another_strand_pct": 83.3},
        {"strand": "antisemitic", "offences": 1, "with_another_strand": 0, "with_another_strand_pct": 0.0},
        {"strand": "islamophobic", "offences": 2, "with_another_strand": 2, "with_another_strand_pct": 100.0},
        {"strand": "sexual_orientation", "offences": 2, "with_another_strand": 2, "with_another_strand_pct": 100.0},
        {"strand": "transgender", "offences": 1, "with_another_strand": 1, "with_another_strand_pct": 100.0},
        {"strand": "disability", "offences": 3, "with_another_strand": 2, "with_another_strand_pct": 66.7},
    ]


def test_multi_strand_trend_has_every_month_of_the_period(compound):
    cursor, dataset_id = compound
    trend = multi_strand_trend(cursor, dataset_id=dataset_id, period=Period(dt.date(2024, 11, 1),
                                                                             dt.date(2025, 2, 1)))
    assert [(m.strftime("%Y-%m"), o, mo) for m, o, mo in
            zip(trend.month, trend.offences, trend.multi_strand_offences)] == [
        ("2024-11", 0, 0), ("2024-12", 5, 5), ("2025-01", 7, 4), ("2025-02", 5, 3)]
    assert trend.multi_strand_pct.tolist()[1:] == [100.0, 57.1, 60.0]


def test_offence_types_are_counted_within_each_strand(compound):
    cursor, dataset_id = compound
    types = offence_types_by_strand(cursor, dataset_id=dataset_id, period=JAN_FEB_2025,
                                    strands=["all", "race", "disability"])
    assert [tuple(row) for row in types[["strand", "offence_type", "offences"]].itertuples(index=False)] == [
        ("all", "Public order", 7), ("all", "Violence against the person", 3), ("all", "Criminal damage", 2),
        ("race", "Public order", 6), ("race", "Violence against the person", 2),
        ("disability", "Criminal damage", 1), ("disability", "Public order", 1),
        ("disability", "Violence against the person", 1)]
    assert types[types.strand == "race"].share_of_strand_pct.tolist() == [75.0, 25.0]


def test_outcomes_by_strand_count_offences_without_an_outcome(compound):
    cursor, dataset_id = compound
    outcomes = outcomes_by_strand(cursor, dataset_id=dataset_id, period=JAN_FEB_2025, strands=["all"])
    assert dict(zip(outcomes.outcome, outcomes.offences)) == {
        "Charged": 5, "No outcome recorded": 4, "Community resolution": 2, "Caution": 1}


def test_outcomes_by_borough_give_each_borough_its_own_shares(compound):
    cursor, dataset_id = compound
    outcomes = outcomes_by_borough(cursor, dataset_id=dataset_id, period=JAN_FEB_2025)
    assert [tuple(row) for row in outcomes[["borough", "outcome", "offences", "share_of_borough_pct"]]
            .itertuples(index=False)] == [
        ("Camden", "Charged", 4, 44.4), ("Camden", "No outcome recorded", 4, 44.4), ("Camden", "Caution", 1, 11.1),
        ("Hackney", "Community resolution", 2, 66.7), ("Hackney", "Charged", 1, 33.3)]


def test_published_data_gets_a_sentence_saying_why_it_cannot_show_combinations():
    sentence = needs_incident_data_sentence("combinations")
    assert sentence.startswith("This view needs incident-level data (one row per offence)")
    assert "which strands each offence carries together" in sentence
    assert "categories overlap" in sentence
