"""Tests for helpers.bubble: drawdowns, recoveries and the Greenwood-Shleifer-You screen."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.models.bubble import (
    episode_path,
    GSY_CRASH_PROBABILITY,
    drawdown,
    gsy_runup_test,
    max_drawdown_episode,
    trailing_return,
)
from helpers.data import load


def _series(values, start="2000-01-31", freq="ME"):
    return pd.Series(np.asarray(values, dtype=float), index=pd.date_range(start, periods=len(values), freq=freq))


@pytest.fixture(scope="module")
def nasdaq():
    df = load("nasdaq_composite_monthly")
    return df.set_index("month")["close"]


prices = st.lists(st.floats(min_value=0.01, max_value=1e6, allow_nan=False), min_size=1, max_size=60)


@given(prices)
@settings(max_examples=60, deadline=None)
def test_drawdown_is_never_positive_and_zero_at_new_highs(vals):
    s = _series(vals)
    dd = drawdown(s)
    assert (dd <= 1e-12).all()
    at_high = s >= s.cummax()
    assert np.allclose(dd[at_high], 0.0)
    assert dd.index.equals(s.index)


@given(prices, st.floats(min_value=0.1, max_value=100))
@settings(max_examples=40, deadline=None)
def test_drawdown_is_scale_free(vals, k):
    s = _series(vals)
    assert np.allclose(drawdown(s), drawdown(s * k))


def test_dot_com_daily_drawdown_reproduces_the_published_78_percent():
    m = load("nasdaq_composite_milestones").set_index("event")["close"]
    s = pd.Series(
        [m["Dot-com closing peak"], m["Dot-com closing trough"], m["First close above the March 2000 closing peak"]],
        index=pd.to_datetime(["2000-03-10", "2002-10-09", "2015-04-23"]),
    )
    ep = max_drawdown_episode(s)
    assert round(-ep.max_drawdown, 3) == 0.779  # 5,048.62 -> 1,114.11
    assert ep.recovery_date == pd.Timestamp("2015-04-23")
    assert 15.0 < ep.years_to_recovery < 15.2


def test_monthly_nasdaq_dot_com_episode(nasdaq):
    ep = max_drawdown_episode(nasdaq.loc[:"2012-12-31"])
    assert ep.peak_date == pd.Timestamp("2000-02-29")
    assert ep.trough_date == pd.Timestamp("2002-09-30")
    assert ep.peak == pytest.approx(4696.69, abs=0.02)
    assert ep.trough == pytest.approx(1172.06, abs=0.02)
    assert ep.recovery_date is None  # month-end closes stayed below the peak until after 2012
    full = max_drawdown_episode(nasdaq)
    assert full.peak_date == pd.Timestamp("2000-02-29")
    assert full.recovery_date.year == 2014  # month-end recovery precedes the April 2015 daily one


def test_monthly_reconstruction_matches_daily_month_end_closes(nasdaq):
    # Chained FRED percent changes against month-end closes read from the daily series.
    for date, close in [("1999-12-31", 4069.31), ("2000-03-31", 4572.83), ("2014-12-31", 4736.05), ("2021-12-31", 15644.97)]:
        assert nasdaq[pd.Timestamp(date)] == pytest.approx(close, rel=1e-4)


def test_episode_without_a_fall_has_no_recovery():
    ep = max_drawdown_episode(_series([1.0, 2.0, 3.0]))
    assert ep.max_drawdown == 0.0
    assert ep.recovery_date is None
    assert np.isnan(ep.years_to_recovery)


def test_trailing_return_matches_ratio():
    s = _series(np.arange(1.0, 40.0))
    r = trailing_return(s, years=2)
    assert np.isnan(r.iloc[23])
    assert r.iloc[24] == pytest.approx(25.0 / 1.0 - 1)


def test_runup_flags_march_2000_not_october_2025(nasdaq):
    t2000 = gsy_runup_test(nasdaq, "2000-03-31")
    assert t2000.flagged
    assert t2000.return_2y > 1.0
    assert t2000.reported_crash_probability == GSY_CRASH_PROBABILITY[1.0]
    t2025 = gsy_runup_test(nasdaq, "2025-10-31")
    assert not t2025.flagged
    assert 0.5 < t2025.return_2y < 1.0
    assert t2025.reported_crash_probability == GSY_CRASH_PROBABILITY[0.5]


def test_gsy_published_probabilities_increase_with_runup():
    ks = sorted(GSY_CRASH_PROBABILITY)
    assert [GSY_CRASH_PROBABILITY[k] for k in ks] == [0.20, 0.53, 0.80]


def test_runup_below_50_percent_has_no_reported_probability():
    s = _series(100.0 * 1.001 ** np.arange(80))
    t = gsy_runup_test(s)
    assert not t.flagged
    assert np.isnan(t.reported_crash_probability)


@pytest.mark.parametrize(
    "bad, match",
    [
        (pd.Series([], dtype=float, index=pd.DatetimeIndex([])), "empty"),
        (_series([1.0, np.nan, 2.0]), "missing"),
        (_series([1.0, -2.0, 3.0]), "positive"),
        (pd.Series([1.0, 2.0]), "DatetimeIndex"),
        (pd.Series([1.0, 2.0], index=pd.to_datetime(["2001-01-01", "2000-01-01"])), "increasing"),
        ([1.0, 2.0], "pandas Series"),
    ],
)
def test_bad_prices_raise(bad, match):
    with pytest.raises(ValueError, match=match):
        drawdown(bad)


def test_bad_windows_raise():
    s = _series(np.arange(1.0, 30.0))
    with pytest.raises(ValueError, match="years"):
        trailing_return(s, years=0)
    with pytest.raises(ValueError, match="periods_per_year"):
        trailing_return(s, years=1, periods_per_year=0)
    with pytest.raises(ValueError, match="five years"):
        gsy_runup_test(s)
    with pytest.raises(ValueError, match="before the first"):
        gsy_runup_test(_series(np.arange(1.0, 100.0)), "1990-01-31")


def test_episode_path_rebases_and_counts_months(nasdaq):
    ep = episode_path(nasdaq, "1995-07-31", "2005-12-31")
    assert ep["rebased"].iloc[0] == 100.0
    assert ep["months"].iloc[0] == 0 and ep["months"].iloc[-1] == 125
    assert ep["drawdown"].min() == pytest.approx(1172.06 / 4696.69 - 1, rel=1e-4)
    assert (ep["drawdown"] <= 0).all()


def test_episode_path_bad_dates_raise(nasdaq):
    with pytest.raises(ValueError, match="before the first"):
        episode_path(nasdaq, "1980-01-31")
    with pytest.raises(ValueError, match="fewer than two"):
        episode_path(nasdaq, "2026-08-31")
