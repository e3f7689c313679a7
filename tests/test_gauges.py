"""Tests for helpers.models.gauges and helpers.models.gauges_gears (chapter 17, the dashboard)."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers.data import load, load_dataset
from helpers.models.gauges import (
    GAUGE_STATUSES,
    average_level,
    gauge_status,
    growth_rate,
    rate_from_doubling,
    required_user_growth,
    weekly_users,
)
from helpers.models.gauges_gears import capex_thresholds, capex_to_revenue, gears_reading, gears_table, trend_per_year
from helpers.models.gdp import doubling_time

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


# ---------------------------------------------------------------- gauge_status
def test_status_higher_is_better_bands():
    assert gauge_status(2.0, warn=1.0, alarm=0.5) == "ok"
    assert gauge_status(0.8, warn=1.0, alarm=0.5) == "warn"
    assert gauge_status(0.2, warn=1.0, alarm=0.5) == "alarm"


def test_status_on_threshold_takes_worse_label():
    assert gauge_status(1.0, warn=1.0, alarm=0.5) == "warn"
    assert gauge_status(0.5, warn=1.0, alarm=0.5) == "alarm"
    assert gauge_status(0.35, warn=0.35, alarm=0.48, higher_is_better=False) == "warn"


def test_status_lower_is_better_bands():
    assert gauge_status(0.2, warn=0.35, alarm=0.48, higher_is_better=False) == "ok"
    assert gauge_status(0.4, warn=0.35, alarm=0.48, higher_is_better=False) == "warn"
    assert gauge_status(0.7, warn=0.35, alarm=0.48, higher_is_better=False) == "alarm"


def test_status_series_keeps_index():
    s = pd.Series([0.1, 0.4, 0.9], index=["a", "b", "c"])
    out = gauge_status(s, warn=0.35, alarm=0.48, higher_is_better=False)
    assert list(out.index) == ["a", "b", "c"]
    assert out.tolist() == ["ok", "warn", "alarm"]


@given(v=finite, w=finite, a=finite, hib=st.booleans())
def test_status_is_monotone_and_valid(v, w, a, hib):
    lo, hi = min(w, a), max(w, a)
    warn, alarm = (hi, lo) if hib else (lo, hi)
    s = gauge_status(v, warn, alarm, hib)
    assert s in GAUGE_STATUSES
    # a better reading never gets a worse label
    better = v + 1.0 if hib else v - 1.0
    assert GAUGE_STATUSES.index(gauge_status(better, warn, alarm, hib)) <= GAUGE_STATUSES.index(s)


@pytest.mark.parametrize("kwargs, name", [
    (dict(value=float("nan"), warn=1, alarm=0), "value"),
    (dict(value=1, warn=float("inf"), alarm=0), "warn"),
    (dict(value=1, warn=1, alarm="x"), "alarm"),
    (dict(value=1, warn=0, alarm=1), "alarm"),  # alarm above warn with higher-is-better
    (dict(value=1, warn=1, alarm=0, higher_is_better=False), "alarm"),
    (dict(value=1, warn=1, alarm=0, higher_is_better="yes"), "higher_is_better"),
    (dict(value=[], warn=1, alarm=0), "value"),
])
def test_status_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        gauge_status(**kwargs)


# ---------------------------------------------------------------- growth
def test_epoch_doubling_times_round_trip():
    # Hobbhahn & Besiroglu (2022): ML GPUs double FLOP/s per $ every 2.07 years, all GPUs 2.46 years.
    assert rate_from_doubling(2.07) == pytest.approx(0.3978, abs=1e-4)
    # their table pairs each doubling time with a tenfold time: 2.46 -> 8.17 years, 2.95 -> 9.81 years
    for t2, t10 in ((2.46, 8.17), (2.95, 9.81)):
        assert np.log(10) / np.log1p(rate_from_doubling(t2)) == pytest.approx(t10, abs=0.02)  # table rounds
    assert doubling_time(rate_from_doubling(2.07)) == pytest.approx(2.07)


def test_growth_fit_reports_signed_doubling_time_for_flat_and_shrinking_series():
    assert growth_rate(["2024-01-01", "2025-01-01"], [5.0, 5.0]).doubling_years == np.inf
    assert growth_rate(["2024-01-01", "2025-01-01"], [4.0, 2.0], method="cagr").doubling_years == pytest.approx(-366 / 365.25, rel=1e-9)


@given(t=st.floats(min_value=0.05, max_value=100.0))
def test_rate_doubling_inverse(t):
    assert doubling_time(rate_from_doubling(t)) == pytest.approx(t, rel=1e-9)


@given(g=st.floats(min_value=-0.9, max_value=5.0), y0=st.floats(min_value=1e-3, max_value=1e6),
       gaps=st.lists(st.integers(min_value=10, max_value=400), min_size=2, max_size=8))
@settings(max_examples=60)
def test_growth_rate_recovers_exact_exponential(g, y0, gaps):
    days = np.cumsum([0] + gaps)
    dates = pd.Timestamp("2020-01-01") + pd.to_timedelta(days, unit="D")
    t = days / 365.25
    y = y0 * (1 + g) ** t
    for method in ("regression", "cagr"):
        fit = growth_rate(dates, y, method=method)
        assert fit.rate == pytest.approx(g, rel=1e-6, abs=1e-9)
        assert fit.n == len(y)
    assert growth_rate(dates, y).r2 == pytest.approx(1.0, abs=1e-6) or g == pytest.approx(0.0, abs=1e-9)


def test_growth_rate_cagr_uses_endpoints_and_sorts_dates():
    fit = growth_rate(["2026-01-01", "2024-01-01", "2025-01-01"], [400, 100, 999], method="cagr")
    assert fit.rate == pytest.approx(1.0, abs=2e-3)  # 2024 leap year: 731 days ~ 2.0014 years
    assert fit.start == pd.Timestamp("2024-01-01") and fit.end == pd.Timestamp("2026-01-01")


def test_growth_rate_regression_less_sensitive_to_middle_outlier():
    d = ["2024-01-01", "2024-07-01", "2025-01-01", "2025-07-01", "2026-01-01"]
    y = [100, 141, 999, 283, 400]
    reg = growth_rate(d, y)
    assert reg.r2 < 0.9
    assert growth_rate(d, y, method="cagr").rate == pytest.approx(1.0, abs=2e-3)


@pytest.mark.parametrize("dates, values, method, name", [
    (["2024-01-01", "2025-01-01"], [1.0, 2.0], "ols", "method"),
    (["2024-01-01", "2025-01-01", "2026-01-01"], [1.0, 2.0], "regression", "same length"),
    (["2024-01-01"], [1.0], "regression", "at least 2"),
    (["2024-01-01", "2025-01-01"], [1.0, -2.0], "regression", "values"),
    (["2024-01-01", "2025-01-01"], [1.0, float("nan")], "regression", "values"),
    (["2024-01-01", "2024-01-01"], [1.0, 2.0], "regression", "dates"),
    (["2024-01-01", "not a date"], [1.0, 2.0], "regression", "dates"),
])
def test_growth_rate_bad_input(dates, values, method, name):
    with pytest.raises(ValueError, match=name):
        growth_rate(dates, values, method=method)


@pytest.mark.parametrize("bad, name", [(0.0, "years"), (-1.0, "years"), (float("nan"), "years")])
def test_rate_from_doubling_bad(bad, name):
    with pytest.raises(ValueError, match=name):
        rate_from_doubling(bad)


# ---------------------------------------------------------------- average_level
def test_average_level_constant_and_exponential():
    assert average_level(["2024-01-01", "2025-01-01"], [5, 5], "2024-03-01", "2024-09-01") == pytest.approx(5)
    # exact integral of 100 * 4^(t/2) over two years = 300 / ln 4
    v = average_level(["2024-01-01", "2026-01-01"], [100, 400], "2024-01-01", "2026-01-01")
    assert v == pytest.approx(300 / np.log(4), rel=2e-3)


@given(a=st.floats(min_value=1, max_value=1e4), b=st.floats(min_value=1, max_value=1e4))
@settings(max_examples=30)
def test_average_level_between_min_and_max(a, b):
    v = average_level(["2024-01-01", "2025-01-01"], [a, b], "2024-01-01", "2025-01-01")
    assert min(a, b) * (1 - 1e-9) <= v <= max(a, b) * (1 + 1e-9)


@pytest.mark.parametrize("start, end, name", [
    ("2023-01-01", "2024-06-01", "within the data"),
    ("2024-06-01", "2024-03-01", "start must be before end"),
    ("2024-06-01", "bad", "end"),
])
def test_average_level_bad(start, end, name):
    with pytest.raises(ValueError, match=name):
        average_level(["2024-01-01", "2025-01-01"], [1, 2], start, end)


def test_average_level_duplicate_dates():
    with pytest.raises(ValueError, match="distinct"):
        average_level(["2024-01-01", "2024-01-01", "2025-01-01"], [1, 2, 3], "2024-02-01", "2024-03-01")


# ---------------------------------------------------------------- required_user_growth
def test_required_user_growth_identity():
    assert required_user_growth(0.84, 0.0) == pytest.approx(0.84)
    assert required_user_growth(1.0, 1.0) == pytest.approx(0.0)
    assert required_user_growth(0.84, 0.12) == pytest.approx(1.84 / 1.12 - 1)


@given(gr=st.floats(min_value=-0.9, max_value=5), ga=st.floats(min_value=-0.9, max_value=5))
def test_required_user_growth_recombines(gr, ga):
    gu = required_user_growth(gr, ga)
    assert (1 + gu) * (1 + ga) == pytest.approx(1 + gr)


@pytest.mark.parametrize("gr, ga, name", [(-1.0, 0.1, "revenue_growth"), (0.5, -1.5, "arpu_growth"),
                                          (float("nan"), 0.1, "revenue_growth"), ([0.1, 0.2], [0.1, 0.2, 0.3], "mismatched")])
def test_required_user_growth_bad(gr, ga, name):
    with pytest.raises(ValueError, match=name):
        required_user_growth(gr, ga)


# ---------------------------------------------------------------- capex
def test_capex_to_revenue_values_and_index():
    assert capex_to_revenue(64.55, 281.7) == pytest.approx(0.22914, rel=1e-4)
    s = capex_to_revenue(pd.Series([10.0, 30.0], index=[2024, 2025]), pd.Series([100.0, 100.0], index=[2024, 2025]))
    assert list(s.index) == [2024, 2025] and s.tolist() == pytest.approx([0.1, 0.3])


@pytest.mark.parametrize("c, r, name", [(-1.0, 10.0, "capex"), (1.0, 0.0, "revenue"), (float("nan"), 1.0, "capex"),
                                        ([1.0, 2.0], [1.0, 2.0, 3.0], "mismatched")])
def test_capex_to_revenue_bad(c, r, name):
    with pytest.raises(ValueError, match=name):
        capex_to_revenue(c, r)


def test_capex_to_revenue_misaligned_series():
    with pytest.raises(ValueError, match="index"):
        capex_to_revenue(pd.Series([1.0], index=[2024]), pd.Series([2.0], index=[2025]))


def test_capex_thresholds_zero_rate_equals_alarm():
    t = capex_thresholds(0.4, 5, 0.0)
    assert t.warn == pytest.approx(0.4) and t.alarm == pytest.approx(0.4)


def test_capex_thresholds_published_annuity():
    # CRF(10%, 10 years) = 0.162745 (textbook annuity): warn = m / (10 * 0.162745)
    t = capex_thresholds(0.5, 10, 0.10)
    assert t.warn == pytest.approx(0.5 / (10 * 0.162745), rel=1e-5)


@given(m=st.floats(min_value=0.01, max_value=1.0), life=st.floats(min_value=1.0, max_value=30.0),
       r1=st.floats(min_value=0.0, max_value=0.4), dr=st.floats(min_value=0.001, max_value=0.4))
def test_capex_thresholds_warn_below_alarm_and_falls_with_rate(m, life, r1, dr):
    a = capex_thresholds(m, life, r1)
    b = capex_thresholds(m, life, min(r1 + dr, 0.99))
    assert a.warn <= a.alarm + 1e-12
    assert b.warn <= a.warn + 1e-12


@pytest.mark.parametrize("args, name", [((0.0, 5, 0.1), "ocf_margin"), ((1.2, 5, 0.1), "ocf_margin"),
                                        ((0.4, 0, 0.1), "life_years"), ((0.4, 5, -0.1), "rate"),
                                        ((0.4, 5, 1.0), "rate"), ((float("nan"), 5, 0.1), "ocf_margin")])
def test_capex_thresholds_bad(args, name):
    with pytest.raises(ValueError, match=name):
        capex_thresholds(*args)


# ---------------------------------------------------------------- the gears table and reading
@pytest.fixture(scope="module")
def gears():
    return gears_table(load("hyperscaler_capex"), load("dashboard_cloud_financials"))


def test_gears_table_pairs_capex_with_revenue_of_the_same_period(gears):
    cf = load_dataset("dashboard_cloud_financials")
    row = gears[(gears.company == "Oracle") & (gears.period == "FY2026") & (gears.basis == "cash capex")].iloc[0]
    assert row.capex == cf.value(company="Oracle", period="FY2026", metric="capex", basis="ppe_cash")
    assert row.revenue == cf.value(company="Oracle", period="FY2026", metric="revenue", basis="reported")
    assert row.capex_to_revenue == pytest.approx(row.capex / row.revenue)
    assert row.capex_to_ocf == pytest.approx(row.capex / row.operating_cash_flow)
    # a period needs both capex and revenue: Oracle's first quarter of fiscal 2027 has no revenue row
    assert "FY2027-Q1" not in set(gears.period)
    assert set(gears.span) <= {"year", "half", "quarter"} and not gears.capex_to_revenue.isna().any()


def test_gears_table_takes_figures_from_both_datasets(gears):
    hc = load_dataset("hyperscaler_capex")
    msft24 = gears[(gears.company == "Microsoft") & (gears.period == "FY2024")].iloc[0]
    assert msft24.capex == hc.value(company="Microsoft", fiscal_year=2024, period="FY", metric="capex", basis="ppe_cash")


def test_gears_table_refuses_disagreeing_duplicates():
    hc = pd.DataFrame({"company": ["X"], "fiscal_year": [2025], "period": ["FY"], "period_end": ["2025-06-30"],
                       "metric": ["capex"], "basis": ["ppe_cash"], "value": [10.0]})
    cf = pd.DataFrame({"company": ["X", "X"], "period": ["FY2025"] * 2, "period_end": ["2025-06-30"] * 2,
                       "metric": ["capex", "revenue"], "basis": ["ppe_cash", "reported"], "value": [12.0, 100.0]})
    with pytest.raises(ValueError, match="disagree"):
        gears_table(hc, cf)
    cf.loc[0, "value"] = 10.1  # within 2%: the dashboard's own dataset wins
    assert gears_table(hc, cf)["capex"].tolist() == [10.1]


def test_gears_reading_is_the_latest_full_year_with_its_trend(gears):
    t = capex_thresholds(0.45, 5, 0.10)
    r = gears_reading(gears, "Oracle", t)
    yearly = gears[(gears.company == "Oracle") & (gears.span == "year") & (gears.basis == "cash capex")]
    assert r.period == yearly.sort_values("period_end").period.iloc[-1]
    assert r.trend == pytest.approx(np.polyfit((yearly.period_end - yearly.period_end.min()).dt.days / 365.25,
                                               yearly.capex_to_revenue, 1)[0])
    assert r.status == gauge_status(r.ratio, t.warn, t.alarm, higher_is_better=False)


def test_trend_per_year_known_slope_and_bad_input():
    assert trend_per_year(["2020-01-01", "2021-01-01", "2022-01-01"], [1.0, 3.0, 5.0]) == pytest.approx(2.0, rel=2e-3)
    with pytest.raises(ValueError, match="dates"):
        trend_per_year(["2020-01-01", "2020-01-01"], [1.0, 2.0])
    with pytest.raises(ValueError, match="values"):
        trend_per_year(["2020-01-01", "2021-01-01"], [1.0, float("nan")])


def test_weekly_users_merges_and_orders_the_two_datasets():
    w = weekly_users(load("openai_financials"), load("dashboard_chatgpt_users"))
    assert w["as_of"].is_monotonic_increasing and not w["as_of"].duplicated().any()
    assert w["value"].iloc[0] == 100 and w["value"].max() == w["value"].iloc[-1]


bad = st.one_of(st.just(float("nan")), st.just(float("inf")), st.just(-1.0), st.just(0.0), st.just(-1e9),
                st.text(max_size=3), st.none(), st.booleans())


@settings(max_examples=80)
@given(v=bad, which=st.sampled_from(["value", "warn", "alarm", "years", "revenue_growth", "arpu_growth", "capex",
                                     "revenue", "ocf_margin", "life_years", "rate", "values"]))
def test_bad_numbers_raise_cleanly_naming_the_parameter(v, which):
    if which in ("value", "warn", "alarm"):  # any finite reading or threshold is legitimate there
        assume(not (isinstance(v, float) and np.isfinite(v)))
    if which == "values":  # numpy reads True inside a list of numbers as 1.0, a valid value
        assume(not isinstance(v, bool))
    calls = {
        "value": lambda: gauge_status(v, 1.0, 0.5), "warn": lambda: gauge_status(1.0, v, -5.0),
        "alarm": lambda: gauge_status(1.0, 5.0, v), "years": lambda: rate_from_doubling(v),
        "revenue_growth": lambda: required_user_growth(v if v != 0.0 else -1.0, 0.1),
        "arpu_growth": lambda: required_user_growth(0.1, v if v != 0.0 else -1.0),
        "capex": lambda: capex_to_revenue(v if v != 0.0 else -1.0, 10.0), "revenue": lambda: capex_to_revenue(1.0, v),
        "ocf_margin": lambda: capex_thresholds(v, 5, 0.1), "life_years": lambda: capex_thresholds(0.4, v, 0.1),
        "rate": lambda: capex_thresholds(0.4, 5, v if v != 0.0 else 1.0),
        "values": lambda: growth_rate(["2024-01-01", "2025-01-01"], [1.0, v]),
    }
    with pytest.raises((ValueError, TypeError), match=which):
        calls[which]()
