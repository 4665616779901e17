"""The first 7 and 28 days after an event, against the same days of earlier years."""

import datetime as dt

import numpy as np
import pandas as pd

from stands_out.days_after_event import days_after_event, days_after_event_by_series


def _daily(start, end, per_day, extra=None):
    days = pd.date_range(start, end, freq="D")
    offences = np.full(len(days), per_day)
    frame = pd.DataFrame({"day": days.date, "offences": offences})
    for day, count in (extra or {}).items():
        frame.loc[frame.day == day, "offences"] = count
    return frame


def test_a_week_of_doubled_offences_after_an_attack_is_above_its_range_and_the_28_days_too():
    event = dt.date(2017, 6, 3)
    extra = {event + dt.timedelta(days=offset): 6 for offset in range(7)}
    result = days_after_event(_daily("2013-01-01", "2017-12-31", 3, extra), event_date=event)
    week, month = result.iloc[0], result.iloc[1]
    assert (week.days, week.offences, week.expected, week.earlier_years) == (7, 42, 21.0, 4)
    assert week.upper_bound == 32 and bool(week.is_above)  # Poisson 99th percentile of 21
    assert (month.offences, month.expected) == (105, 84.0)
    assert month.upper_bound == 106 and not bool(month.is_above)


def test_earlier_years_are_shifted_by_whole_weeks_so_the_weekdays_match():
    event = dt.date(2017, 6, 3)  # a Saturday
    weekend_heavy = _daily("2014-01-01", "2017-12-31", 1)
    weekend_heavy.loc[[d.weekday() == 5 for d in weekend_heavy.day], "offences"] = 8
    week = days_after_event(weekend_heavy, event_date=event, windows=(7,)).iloc[0]
    assert (week.offences, week.expected, week.earlier_years) == (14, 14.0, 3)


def test_days_the_data_do_not_cover_or_too_few_earlier_years_get_no_verdict_and_say_why():
    daily = _daily("2016-01-01", "2017-06-20", 2)
    result = days_after_event(daily, event_date=dt.date(2017, 6, 3))
    assert result.no_verdict_reason.tolist() == ["fewer than 2 earlier years of daily data",
                                                 "the data do not cover all 28 days from 03 Jun 2017"]
    assert not result.is_above.any()


def test_every_series_at_once_gives_what_one_series_at_a_time_with_statsmodels_gives():
    rng = np.random.default_rng(20170603)
    event = dt.date(2017, 6, 3)
    frames = []
    for index in range(60):
        # Levels from a handful a week to dozens a day, some over-dispersed, some all zero.
        level = 0 if index % 15 == 0 else rng.choice([0.2, 1.0, 4.0, 30.0])
        days = pd.date_range("2012-01-01", "2017-08-31", freq="D")
        noise = rng.gamma(2.0, 0.5, size=len(days)) if index % 2 else np.ones(len(days))
        frames.append(pd.DataFrame({"day": days.date, "area": f"area{index // 7}", "strand": f"strand{index % 7}",
                                    "offences": rng.poisson(level * noise)}))
    daily = pd.concat(frames, ignore_index=True)
    together = days_after_event_by_series(daily, event_date=event)
    one_at_a_time = pd.concat(
        [days_after_event(series, event_date=event).assign(area=area, strand=strand)
         for (area, strand), series in daily.groupby(["area", "strand"], sort=False)], ignore_index=True)
    assert len(together) == len(one_at_a_time) == 120
    assert together.offences.tolist() == one_at_a_time.offences.tolist()
    assert together.earlier_years.tolist() == one_at_a_time.earlier_years.tolist()
    np.testing.assert_allclose(together.expected, one_at_a_time.expected, rtol=1e-9)
    assert together.lower_bound.tolist() == one_at_a_time.lower_bound.tolist()
    assert together.upper_bound.tolist() == one_at_a_time.upper_bound.tolist()
    assert together.is_above.tolist() == one_at_a_time.is_above.tolist()
    assert 0 < together.is_above.sum() < len(together)  # some flagged, so the comparison means something


def test_every_series_at_once_says_why_when_the_data_do_not_cover_the_days_or_the_years():
    daily = pd.DataFrame({"day": pd.date_range("2016-01-01", "2017-06-05", freq="D").date, "area": "london",
                          "strand": "race", "offences": 3})
    result = days_after_event_by_series(daily, event_date=dt.date(2017, 6, 3))
    assert result.no_verdict_reason.tolist() == ["the data do not cover all 7 days from 03 Jun 2017",
                                                 "the data do not cover all 28 days from 03 Jun 2017"]
    result = days_after_event_by_series(daily, event_date=dt.date(2017, 5, 1))
    assert result.no_verdict_reason.tolist() == ["fewer than 2 earlier years of daily data"] * 2
    assert result.offences.tolist() == [21, 84] and result.earlier_years.tolist() == [1, 1]
