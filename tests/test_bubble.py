"""helpers.models.bubble and helpers.charts.bubble: drawdowns, recoveries, the Greenwood-Shleifer-You screen, chapter 1's charts."""
from __future__ import annotations

import math

import altair as alt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.charts import bubble as bch
from helpers.data import load, load_dataset
from helpers.models.bubble import crash_odds_at, drawdown, episode_path, gsy_runup_test, max_drawdown_episode, trailing_return

SETTINGS = settings(max_examples=60, deadline=None)


def _series(values, start="2000-01-31", freq="ME"):
    return pd.Series(np.asarray(values, dtype=float), index=pd.date_range(start, periods=len(values), freq=freq))


@pytest.fixture(scope="module")
def nasdaq():
    return load("nasdaq_composite_monthly").set_index("month")["close"]


@pytest.fixture(scope="module")
def screen():
    ds = load_dataset("bubble_runup_screen")
    odds = ds.frame.query("measure == 'crash_odds'").set_index("runup")["value"]
    return ds.value(measure="screen_2y"), ds.value(measure="screen_5y"), odds


prices = st.lists(st.floats(min_value=0.01, max_value=1e6, allow_nan=False), min_size=1, max_size=60)


# ---------------------------------------------------------------- drawdowns
@given(prices)
@SETTINGS
def test_drawdown_is_never_positive_and_zero_at_new_highs(vals):
    s = _series(vals)
    dd = drawdown(s)
    assert (dd <= 1e-12).all()
    assert np.allclose(dd[s >= s.cummax()], 0.0)
    assert dd.index.equals(s.index)


@given(prices, st.floats(min_value=0.1, max_value=100))
@SETTINGS
def test_drawdown_is_scale_free(vals, k):
    s = _series(vals)
    assert np.allclose(drawdown(s), drawdown(s * k))


@given(prices)
@SETTINGS
def test_deepest_fall_is_the_minimum_drawdown_and_peak_precedes_trough(vals):
    s = _series(vals)
    ep = max_drawdown_episode(s)
    assert ep.max_drawdown == pytest.approx(drawdown(s).min())
    assert ep.peak_date <= ep.trough_date
    if ep.recovery_date is not None:
        assert ep.recovery_date > ep.trough_date and s[ep.recovery_date] >= ep.peak
        between = s.loc[ep.trough_date:ep.recovery_date].iloc[:-1]
        assert (between < ep.peak).all()  # the first date back at the peak, not a later one


def test_recovery_counts_a_return_to_exactly_the_old_peak():
    ep = max_drawdown_episode(_series([100.0, 120.0, 60.0, 120.0, 130.0]))
    assert ep.recovery_date == _series([0] * 5).index[3]


def test_dot_com_daily_drawdown_reproduces_the_published_78_percent():
    """FRED's closes give the 77.9% fall that Nasdaq and the press report for 10 Mar 2000 - 9 Oct 2002 (not fitted to it)."""
    m = load("nasdaq_composite_milestones").set_index("event")["close"]
    s = pd.Series([m["Dot-com closing peak"], m["Dot-com closing trough"], m["First close above the March 2000 closing peak"]],
                  index=pd.to_datetime(["2000-03-10", "2002-10-09", "2015-04-23"]))
    ep = max_drawdown_episode(s)
    assert round(-ep.max_drawdown, 3) == 0.779
    assert ep.recovery_date == pd.Timestamp("2015-04-23")
    assert 15.0 < ep.years_to_recovery < 15.2


def test_monthly_nasdaq_dot_com_episode(nasdaq):
    ep = max_drawdown_episode(nasdaq.loc[:"2012-12-31"])
    assert (ep.peak_date, ep.trough_date) == (pd.Timestamp("2000-02-29"), pd.Timestamp("2002-09-30"))
    assert ep.peak == pytest.approx(4696.69, abs=0.02) and ep.trough == pytest.approx(1172.06, abs=0.02)
    assert ep.recovery_date is None
    assert max_drawdown_episode(nasdaq).recovery_date.year == 2014


def test_monthly_reconstruction_matches_daily_month_end_closes(nasdaq):
    for date, close in [("1999-12-31", 4069.31), ("2000-03-31", 4572.83), ("2014-12-31", 4736.05), ("2021-12-31", 15644.97)]:
        assert nasdaq[pd.Timestamp(date)] == pytest.approx(close, rel=1e-4)


def test_episode_without_a_fall_has_no_recovery():
    ep = max_drawdown_episode(_series([1.0, 2.0, 3.0]))
    assert ep.max_drawdown == 0.0 and ep.recovery_date is None and math.isnan(ep.years_to_recovery)


# ---------------------------------------------------------------- run-ups
def test_trailing_return_matches_ratio():
    s = _series(np.arange(1.0, 40.0))
    r = trailing_return(s, years=2)
    assert np.isnan(r.iloc[23]) and r.iloc[24] == pytest.approx(25.0 / 1.0 - 1)


@given(st.floats(-0.99, 5.0), st.floats(-0.99, 5.0))
@SETTINGS
def test_crash_odds_are_a_non_decreasing_step_function_when_the_published_odds_rise(a, b, ):
    odds = pd.Series([0.2, 0.53, 0.8], index=[0.5, 1.0, 1.5])
    lo, hi = sorted((a, b))
    pa, pb = crash_odds_at(lo, odds), crash_odds_at(hi, odds)
    if not math.isnan(pa):
        assert pb >= pa
    assert math.isnan(crash_odds_at(0.49, odds)) and crash_odds_at(1.0, odds) == 0.53


def test_published_odds_rise_with_the_run_up(screen):
    """A check of the data against the paper's finding (crash odds rise with the run-up), not of the code."""
    _, _, odds = screen
    assert odds.index.is_monotonic_increasing and odds.is_monotonic_increasing and len(odds) == 3


def test_runup_flags_march_2000_not_october_2025(nasdaq, screen):
    s2, s5, odds = screen
    t2000 = gsy_runup_test(nasdaq, "2000-03-31", screen_2y=s2, screen_5y=s5, crash_odds=odds)
    assert t2000.flagged and t2000.return_2y > 1.0 and t2000.reported_crash_probability == odds[1.0]
    t2025 = gsy_runup_test(nasdaq, "2025-10-31", screen_2y=s2, screen_5y=s5, crash_odds=odds)
    assert not t2025.flagged and 0.5 < t2025.return_2y < 1.0 and t2025.reported_crash_probability == odds[0.5]


def test_runup_below_the_lowest_threshold_has_no_reported_probability(screen):
    s2, s5, odds = screen
    t = gsy_runup_test(_series(100.0 * 1.001 ** np.arange(80)), screen_2y=s2, screen_5y=s5, crash_odds=odds)
    assert not t.flagged and math.isnan(t.reported_crash_probability)


def test_runup_returns_are_exact_for_a_geometric_path():
    s = _series(100.0 * 1.01 ** np.arange(61))
    t = gsy_runup_test(s, screen_2y=1.0, screen_5y=0.5, crash_odds=pd.Series([0.5], index=[1.0]))
    assert t.return_2y == pytest.approx(1.01 ** 24 - 1) and t.return_5y == pytest.approx(1.01 ** 60 - 1)


def test_screen_threshold_changes_the_flag():
    s = _series(100.0 * 1.03 ** np.arange(61))
    odds = pd.Series([0.5], index=[1.0])
    assert gsy_runup_test(s, screen_2y=1.0, screen_5y=0.5, crash_odds=odds).flagged
    assert not gsy_runup_test(s, screen_2y=1.1, screen_5y=0.5, crash_odds=odds).flagged


def test_episode_path_rebases_and_counts_months(nasdaq):
    ep = episode_path(nasdaq, "1995-07-31", "2005-12-31")
    assert ep["rebased"].iloc[0] == 100.0 and ep["months"].iloc[-1] == 125
    assert ep["drawdown"].min() == pytest.approx(1172.06 / 4696.69 - 1, rel=1e-4)


# ---------------------------------------------------------------- the forecast ledger recomputed from the model
def _forecast(fid):
    df = load("forecasts_ch01").set_index("forecast_id")
    return df.loc[fid]


def test_forecast_ledger_nasdaq_probability_and_outcome_come_from_the_model(nasdaq, screen):
    s2, s5, odds = screen
    t = gsy_runup_test(nasdaq, "2025-10-31", screen_2y=s2, screen_5y=s5, crash_odds=odds)
    row = _forecast("F01-nasdaq-no-crash")
    assert row["probability"] == pytest.approx(1 - t.reported_crash_probability)
    fall = 100 * max_drawdown_episode(nasdaq.loc["2025-10-31":]).max_drawdown
    assert row["outcome"] == pytest.approx(round(fall, 1))
    assert row["outcome_as_of"] == f"{nasdaq.index[-1]:%Y-%m-%d}"
    assert _forecast("F01-a0-no-collapse")["outcome"] == pytest.approx(round(fall, 1))
    assert row["low"] == -100 * load_dataset("bubble_runup_screen").value(measure="crash_fall")


def test_forecast_ledger_nvidia_probability_comes_from_the_model(screen):
    _, _, odds = screen
    facts = load_dataset("market_ai_facts")
    r = facts.value(item="NVIDIA market value first above USD 4.5 trillion (close)") / facts.value(item="NVIDIA market value first above USD 1 trillion") - 1
    assert _forecast("F01-nvidia-no-crash")["probability"] == pytest.approx(1 - crash_odds_at(r, odds))


# ---------------------------------------------------------------- bad input: a clean ValueError/TypeError naming the parameter
bad_numbers = st.one_of(st.just(float("nan")), st.just(float("inf")), st.just(-float("inf")), st.floats(max_value=0.0, allow_nan=False),
                        st.text(max_size=3), st.booleans(), st.none())


@given(bad_numbers)
@SETTINGS
def test_trailing_return_rejects_bad_years(v):
    with pytest.raises((ValueError, TypeError), match="years"):
        trailing_return(_series(np.arange(1.0, 40.0)), years=v)


@given(st.one_of(bad_numbers, st.integers(max_value=0), st.integers(min_value=367, max_value=10**9)))
@SETTINGS
def test_runup_rejects_bad_thresholds_and_frequencies(v):
    s = _series(np.arange(1.0, 100.0))
    odds = pd.Series([0.5], index=[1.0])
    for kw in ({"screen_2y": v, "screen_5y": 0.5}, {"screen_2y": 1.0, "screen_5y": v}):
        with pytest.raises((ValueError, TypeError), match="screen_"):
            gsy_runup_test(s, **kw, crash_odds=odds)
    with pytest.raises((ValueError, TypeError), match="periods_per_year"):
        gsy_runup_test(s, screen_2y=1.0, screen_5y=0.5, crash_odds=odds, periods_per_year=v)


@given(st.lists(st.one_of(st.just(float("nan")), st.just(float("inf")), st.floats(max_value=0.0, allow_nan=False)), min_size=1, max_size=5),
       st.lists(st.floats(0.01, 1e4), min_size=0, max_size=5))
@SETTINGS
def test_price_functions_reject_prices_with_bad_values(bad, good):
    s = _series(good + bad)
    for f in (drawdown, max_drawdown_episode):
        with pytest.raises(ValueError, match="prices"):
            f(s)


@pytest.mark.parametrize("bad, match", [
    (pd.Series([], dtype=float, index=pd.DatetimeIndex([])), "prices must have at least 1"),
    (pd.Series([1.0, 2.0]), "DatetimeIndex"),
    (pd.Series([1.0, 2.0], index=pd.to_datetime(["2001-01-01", "2000-01-01"])), "increasing"),
    (pd.Series([1.0, 2.0], index=pd.to_datetime(["2001-01-01", "2001-01-01"])), "duplicated"),
    ([1.0, 2.0], "pandas Series"),
    (pd.Series(["a", "b"], index=pd.to_datetime(["2001-01-01", "2001-02-01"])), "numbers"),
])
def test_bad_prices_raise(bad, match):
    with pytest.raises(ValueError, match=match):
        drawdown(bad)


@pytest.mark.parametrize("odds, match", [
    (pd.Series([0.2, 1.5], index=[0.5, 1.0]), "probabilities"),
    (pd.Series([0.2, 0.5], index=[1.0, 0.5]), "increasing"),
    (pd.Series([0.2, np.nan], index=[0.5, 1.0]), "NaN"),
    ({0.5: 0.2}, "pandas Series"),
    (pd.Series([0.2], index=["high"]), "thresholds"),
])
def test_crash_odds_reject_bad_tables(odds, match):
    with pytest.raises(ValueError, match=match):
        crash_odds_at(1.0, odds)


def test_bad_dates_and_windows_raise(nasdaq):
    odds = pd.Series([0.5], index=[1.0])
    with pytest.raises(ValueError, match="five years"):
        gsy_runup_test(_series(np.arange(1.0, 30.0)), screen_2y=1.0, screen_5y=0.5, crash_odds=odds)
    with pytest.raises(ValueError, match="before the first"):
        gsy_runup_test(_series(np.arange(1.0, 100.0)), "1990-01-31", screen_2y=1.0, screen_5y=0.5, crash_odds=odds)
    with pytest.raises((ValueError, TypeError), match="date"):
        gsy_runup_test(nasdaq, "not a date", screen_2y=1.0, screen_5y=0.5, crash_odds=odds)
    with pytest.raises(ValueError, match="before the first"):
        episode_path(nasdaq, "1980-01-31")
    with pytest.raises(ValueError, match="at least two observations"):
        episode_path(nasdaq, nasdaq.index[-1])


# ---------------------------------------------------------------- charts
def _titles(spec):
    """Every title string in a Vega-Lite spec (axis, legend, tooltip)."""
    out = []
    if isinstance(spec, dict):
        for k, v in spec.items():
            if k == "title" and isinstance(v, str):
                out.append(v)
            out += _titles(v)
    elif isinstance(spec, list):
        for v in spec:
            out += _titles(v)
    return out


def _chart_cases():
    d = pd.to_datetime(["2000-01-31", "2000-02-29"])
    return [
        bch.episodes_chart(pd.DataFrame({"date": d, "months": [0.0, 1.0], "rebased": [100.0, 120.0], "drawdown": [0.0, 0.0], "episode": ["A", "A"]})),
        bch.runup_chart(pd.DataFrame({"date": d, "return_2y_pct": [50.0, 120.0]}), pd.DataFrame({"runup_pct": [100.0], "label": ["100%"]})),
        bch.multiples_chart(pd.DataFrame({"label": ["A"], "value": [30.0], "era": ["AI era"], "metric": ["P/E"], "as_of": ["2025"], "note": [""]})),
        bch.concentration_chart(pd.DataFrame({"measure": ["Top ten"], "as_of": ["2000-03"], "value_pct": [27.0], "period": ["2000"]}), 37.0),
        bch.since_chart(pd.DataFrame({"date": d, "index": ["S&P 500"] * 2, "rebased": [100.0, 101.0]}),
                        pd.DataFrame({"date": d, "label": ["A1", "A2"]})),
    ]


@pytest.mark.parametrize("chart", _chart_cases(), ids=["episodes", "runup", "multiples", "concentration", "since"])
def test_charts_validate_and_use_plain_words(chart):
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    assert isinstance(chart, (alt.Chart, alt.LayerChart))
    assert all("_" not in t for t in _titles(spec)), _titles(spec)


def test_charts_reject_missing_columns_and_bad_claims():
    with pytest.raises(ValueError, match="paths lacks"):
        bch.episodes_chart(pd.DataFrame({"date": []}))
    with pytest.raises(ValueError, match="claim_pct"):
        bch.concentration_chart(pd.DataFrame({"measure": ["A"], "as_of": ["2000-03"], "value_pct": [27.0], "period": ["2000"]}), 120.0)


def test_too_short_a_history_names_periods_per_year():
    odds = pd.Series([0.5], index=[1.0])
    with pytest.raises(ValueError, match="periods_per_year=52"):
        gsy_runup_test(_series(np.arange(1.0, 100.0)), screen_2y=1.0, screen_5y=0.5, crash_odds=odds, periods_per_year=52)
