"""On the Met's real published file the profile's strand chart draws every strand the file
has, "Race and faith" included, and its title is true of the bars it draws: it named
sexual orientation as Camden's most recorded strand in 2017 (98 offences, under a
headline of 695) because the widest category was left out. Skipped where ../shared/data
is not present."""

import datetime as dt

import pytest

from charts.context import context_for_state, viewer_facts
from charts.registry import chart_answer
from components import ids
from components.url_state import FilterState


@pytest.fixture
def real_cursor(real_mps_cursor):
    return real_mps_cursor


def _camden_2017(cursor):
    facts = viewer_facts(cursor)
    state = FilterState(int(facts.datasets.dataset_id.iloc[0]), dt.date(2017, 1, 1), dt.date(2017, 12, 1), "race_religion", ("camden",))
    return context_for_state(facts, state)


def test_camdens_strand_chart_draws_race_and_faith_and_names_the_largest_bar(real_cursor):
    context = _camden_2017(real_cursor)
    answer = chart_answer(real_cursor, context, ids.PROFILE_STRANDS, {"borough": "camden"})
    table = answer.table
    current = next(column for column in table.columns if column == "Jan 2017 to Dec 2017: Offences (count)")
    counts = dict(zip(table.iloc[:, 0], table[current]))
    assert "Race and faith" in counts
    largest = max(counts, key=counts.get)
    assert largest == "Race and faith"
    assert answer.text.title.startswith(f"Race and faith was the most recorded strand in Camden: "
                                        f"{int(counts[largest]):,} offences")


def test_the_strand_chart_leaves_out_no_strand_the_file_has(real_cursor):
    context = _camden_2017(real_cursor)
    answer = chart_answer(real_cursor, context, ids.PROFILE_STRANDS, {"borough": "camden"})
    drawn = set(answer.table.iloc[:, 0])
    # The file's categories: racist and religious, faith, antisemitic, islamophobic,
    # homophobic, transgender and disability (no race on its own).
    assert drawn == {"Race and faith", "Faith", "Antisemitic", "Islamophobic", "Sexual orientation", "Transgender identity",
                     "Disability"}
