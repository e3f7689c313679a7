"""Tests of helpers.models.gdp_series, gdp_trend and gdp_break: recovery of known trends, published critical values,
the BEA data, and bad input."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.data import load
from helpers.models.gdp_break import break_test, break_test_table, sup_wald_null
from helpers.models.gdp_series import annual_average, levels, periods_per_year
from helpers.models.gdp_trend import ESTIMATORS, hp_trend, loglinear_trend, mean_growth, trend_growth_table, uc_trend

SETTINGS = settings(max_examples=40, deadline=None)


def _simulated(n_years: int = 120, g: float = 0.02, sd: float = 0.02, phi: float = 0.5, quarterly: bool = False, seed: int = 1):
    """Log level = trend g a year + AR(1) cycle; a level Series (annual integer years or quarterly dates)."""
    rng = np.random.default_rng(seed)
    ppy = 4 if quarterly else 1
    n = n_years * ppy
    e = rng.normal(0, sd, n)
    c = np.zeros(n)
    for i in range(1, n):
        c[i] = phi * c[i - 1] + e[i]
    y = np.exp(np.log(100.0) + math.log1p(g) * np.arange(n) / ppy + c)
    idx = pd.date_range("1900-01-01", periods=n, freq="QS") if quarterly else pd.Index(np.arange(1900, 1900 + n), name="year")
    return pd.Series(y, index=idx)


# --------------------------------------------------------------------------- estimators recover known trends
@pytest.mark.parametrize("quarterly", [False, True])
def test_estimators_recover_simulated_trend(quarterly):
    s = _simulated(n_years=100, g=0.02, sd=0.01, quarterly=quarterly, seed=3)
    ll, mg, hp, uc = loglinear_trend(s), mean_growth(s), hp_trend(s), uc_trend(s)
    assert ll.periods_per_year == (4 if quarterly else 1)
    assert hp.param == (1600.0 if quarterly else 100.0)
    for g in (ll.growth, mg.growth, hp.average_growth, uc.average_growth):
        assert abs(g - 0.02) < 0.002
    assert ll.ci_low < 0.02 < ll.ci_high and mg.ci_low < 0.02 < mg.ci_high
    # The trend growth path is annualised too (a quarterly slope times four), at every date and at the end.
    assert abs(float(uc.growth.iloc[1:].mean()) - 0.02) < 0.003 and abs(uc.latest_growth - 0.02) < 0.01
    assert uc.latest_ci[0] < uc.latest_growth < uc.latest_ci[1]


@SETTINGS
@given(g=st.floats(-0.03, 0.08), n=st.integers(8, 80))
def test_exact_exponential_growth_is_recovered_by_both_regressions(g, n):
    years = np.arange(1950, 1950 + n)
    s = pd.Series(50.0 * (1 + g) ** (years - 1950), index=years)
    assert loglinear_trend(s).growth == pytest.approx(g, abs=1e-10)
    assert mean_growth(s).growth == pytest.approx(g, abs=1e-10)


def test_mean_growth_is_the_end_point_rate():
    s = _simulated(n_years=40, seed=9)
    want = (s.iloc[-1] / s.iloc[0]) ** (1 / (len(s) - 1)) - 1
    assert mean_growth(s).growth == pytest.approx(want, rel=1e-12)


def test_loglinear_ci_coverage_is_reasonable():
    # With stationary AR(1) deviations a 95% Newey-West interval should cover the truth most of the time.
    cover = sum(loglinear_trend(_simulated(n_years=80, g=0.02, sd=0.02, phi=0.3, seed=k)).ci_low <= 0.02
                <= loglinear_trend(_simulated(n_years=80, g=0.02, sd=0.02, phi=0.3, seed=k)).ci_high for k in range(40))
    assert cover >= 30


def test_integer_datetime_and_period_indices_agree():
    s = _simulated(n_years=60, seed=5)
    s_dt = pd.Series(s.to_numpy(), index=pd.to_datetime([f"{y}-01-01" for y in s.index]))
    s_per = pd.Series(s.to_numpy(), index=pd.period_range("1900", periods=60, freq="Y"))
    a, b, c = (loglinear_trend(x).growth for x in (s, s_dt, s_per))
    assert math.isclose(a, b, rel_tol=1e-12) and math.isclose(a, c, rel_tol=1e-12)


def test_hp_lambda_by_frequency_and_override():
    assert hp_trend(_simulated(n_years=40, seed=4)).param == 100.0
    assert hp_trend(_simulated(n_years=40, quarterly=True, seed=4)).param == 1600.0
    assert hp_trend(_simulated(n_years=40, seed=4), lamb=6.25).param == 6.25


def test_trend_growth_table_windows_and_keys():
    s = _simulated(n_years=80, seed=6)
    t = trend_growth_table(s, {"all": (None, None), "late": (1950, None)}, methods=["loglinear", "hp"])
    assert set(t["window"]) == {"all", "late"} and len(t) == 4
    assert (t.loc[t["window"] == "late", "start"] == 1950).all()
    assert set(t["estimator"]) == {"loglinear", "hp"} and set(t["method"]) == {ESTIMATORS["loglinear"], ESTIMATORS["hp"]}
    assert t.loc[t["estimator"] == "hp", "ci_low"].isna().all()


# --------------------------------------------------------------------------- calendar
def test_annual_average_of_the_stored_quarters():
    q = load("us_gdp_per_capita_quarterly").set_index("date")["real_gdp_per_capita"]
    a = annual_average(q)
    assert a.index[0] == 1947 and a.index[-1] == 2024
    # BEA's four quarters of 2024 as stored: 67,981, 68,320, 68,696 and 68,972 dollars.
    assert math.isclose(a.loc[2024], (67981 + 68320 + 68696 + 68972) / 4)
    assert periods_per_year(q) == 4 and periods_per_year(a) == 1


def test_annual_average_drops_incomplete_years():
    s = pd.Series(np.arange(1.0, 7.0), index=pd.date_range("2000-01-01", periods=6, freq="QS"))
    assert annual_average(s).to_dict() == {2000: 2.5}
    assert annual_average(s, complete=False).to_dict() == {2000: 2.5, 2001: 5.5}


# --------------------------------------------------------------------------- published numbers and real data
def test_real_data_postwar_trend_near_two_percent():
    # The article's "about 2%": BEA real GDP per person 1947-2024, log-linear trend.
    q = load("us_gdp_per_capita_quarterly").set_index("date")["real_gdp_per_capita"]
    assert 0.018 < loglinear_trend(q).growth < 0.022


def test_sup_wald_null_matches_andrews_critical_value():
    # Andrews (1993, Table 1): one parameter, trimming 0.15, 5% critical value 8.68. Not fitted to: simulated here.
    null = sup_wald_null(200, 30, 170, reps=4000, seed=0)
    assert 7.8 < np.quantile(null, 0.95) < 9.6


def test_break_test_finds_planted_break_and_not_a_false_one():
    rng = np.random.default_rng(7)
    g = np.r_[np.full(60, 0.03), np.full(60, 0.01)] + rng.normal(0, 0.01, 120)
    s = pd.Series(100 * np.exp(np.r_[0, np.cumsum(g)]), index=range(1900, 2021))
    bt = break_test(s)
    assert bt.p_value < 0.01 and abs(bt.break_at - 1961) <= 3 and bt.growth_before > bt.growth_after
    flat = pd.Series(100 * np.exp(np.r_[0, np.cumsum(0.02 + rng.normal(0, 0.01, 120))]), index=range(1900, 2021))
    assert break_test(flat).p_value > 0.05


def test_break_test_known_date_is_chow():
    bt = break_test(_simulated(n_years=60, seed=2), at=1930)
    assert bt.known_date and bt.break_at == 1930
    assert math.isclose(bt.critical_5pct, 3.841, rel_tol=1e-3)   # chi-squared(1) 5% critical value
    assert 0 <= bt.p_value <= 1


def test_break_test_table_matches_single_tests():
    s = _simulated(n_years=60, seed=2)
    t = break_test_table({"unknown": (s, None), "1930": (s, 1930)})
    assert t["test"].tolist() == ["unknown", "1930"]
    assert t.loc[1, "p_value"] == pytest.approx(break_test(s, at=1930).p_value)
    assert t.loc[0, "growth_before"] == pytest.approx(100 * break_test(s).growth_before)


# --------------------------------------------------------------------------- bad input
BAD_SERIES = [
    ([1.0, 2.0], TypeError, "s must be a pandas Series"),
    (pd.Series([1.0] * 5, index=range(2000, 2005)), ValueError, "at least 8"),
    (pd.Series([1.0, np.nan] + [1.0] * 8, index=range(2000, 2010)), ValueError, "NaN"),
    (pd.Series([1.0, -2.0] + [1.0] * 8, index=range(2000, 2010)), ValueError, "s must be > 0"),
    (pd.Series([1.0] * 10, index=[2000, 2001, 2003] + list(range(2004, 2011))), ValueError, "consecutive years"),
    (pd.Series([1.0] * 10, index=pd.date_range("2000-01-01", periods=10, freq="MS")), ValueError, "regularly annual"),
    (pd.Series([1.0] * 10, index=list("abcdefghij")), ValueError, "s index must be dates"),
    (pd.Series([1.0] * 10, index=list(range(2009, 1999, -1))), ValueError, "increasing"),
    (pd.Series([1.0] * 10, index=[2000] * 10), ValueError, "duplicated"),
    (pd.Series(["a"] * 10, index=range(2000, 2010)), TypeError, "numbers"),
]


@pytest.mark.parametrize("s, exc, match", BAD_SERIES)
def test_bad_series_raise(s, exc, match):
    for f in (loglinear_trend, mean_growth, hp_trend):
        with pytest.raises(exc, match=match):
            f(s)


def test_bad_parameters_raise():
    s = _simulated(n_years=40, seed=8)
    cases = [
        (lambda: loglinear_trend(s, level=1.5), "level"),
        (lambda: mean_growth(s, maxlags=-1), "maxlags"),
        (lambda: hp_trend(s, lamb=-5), "lamb"),
        (lambda: break_test(s, trim=0.6), "trim"),
        (lambda: break_test(s, at=1800), "at must be a date"),
        (lambda: break_test(s, reps=5), "reps"),
        (lambda: trend_growth_table(s, methods=["arima"]), "methods"),
        (lambda: trend_growth_table(s, {"x": 1950}), "windows"),
        (lambda: uc_trend(s, maxiter=0), "maxiter"),
        (lambda: uc_trend(s, smooth="yes"), "smooth"),
        (lambda: annual_average(s), "s must be quarterly"),
        (lambda: sup_wald_null(100, 10, 200), "hi"),
        (lambda: break_test_table({}), "cases"),
        (lambda: levels(s, min_obs=1), "min_obs"),
    ]
    for call, match in cases:
        with pytest.raises(ValueError, match=match):
            call()


@SETTINGS
@given(bad=st.sampled_from([float("nan"), float("inf"), -1.0, 0.0, 1.0, 2.0, "0.9", None, True]),
       which=st.sampled_from(["loglinear", "mean", "uc", "table", "lamb", "trim", "maxlags"]))
def test_any_bad_number_is_a_clean_error(bad, which):
    s = _simulated(n_years=30, seed=11)
    calls = {
        "loglinear": lambda: loglinear_trend(s, level=bad),
        "mean": lambda: mean_growth(s, level=bad),
        "uc": lambda: uc_trend(s, level=bad),
        "table": lambda: trend_growth_table(s, level=bad, methods=["loglinear"]),
        "lamb": lambda: hp_trend(s, lamb="x" if bad is None else (-bad if bad in (1.0, 2.0) else bad)),
        "trim": lambda: break_test(s, trim=bad if bad not in (None,) else "x"),
        "maxlags": lambda: mean_growth(s, maxlags="x" if bad is None else (-3 if bad in (0.0, 1.0, 2.0) else bad)),
    }
    with pytest.raises((ValueError, TypeError)) as err:
        calls[which]()
    assert type(err.value).__module__ in ("builtins", "helpers._validate")


@SETTINGS
@given(bad=st.sampled_from([0, -1, 1.5, "10", None, True, float("nan"), 10**12]),
       which=st.sampled_from(["n", "lo", "hi", "reps", "seed", "min_obs", "maxiter", "complete"]))
def test_bad_integers_are_clean_errors(bad, which):
    s = _simulated(n_years=30, seed=12)
    q = _simulated(n_years=10, quarterly=True, seed=12)
    calls = {
        "n": lambda: sup_wald_null(bad, 10, 20),
        "lo": lambda: sup_wald_null(100, bad, 20),
        "hi": lambda: sup_wald_null(100, 10, bad),
        "reps": lambda: sup_wald_null(100, 10, 20, reps=bad),
        "seed": lambda: sup_wald_null(100, 10, 20, seed=bad if bad not in (0, 10**12) else -5),
        "min_obs": lambda: levels(s, min_obs=bad),
        "maxiter": lambda: uc_trend(s, maxiter=bad),
        "complete": lambda: annual_average(q, complete=bad if bad is not True else "yes"),
    }
    with pytest.raises((ValueError, TypeError)) as err:
        calls[which]()
    assert type(err.value).__module__ in ("builtins", "helpers._validate")


def test_cross_parameter_refusals_name_every_parameter_involved():
    s = _simulated(n_years=30, seed=4)
    cases = [
        (lambda: levels(s.iloc[:10], min_obs=11), "min_obs"),
        (lambda: levels(s, min_obs=10**9), "min_obs"),
        (lambda: sup_wald_null(20, 4, 26), "n - 1"),
        (lambda: break_test(s, at=1915, seed=-1), "seed"),
        (lambda: break_test(s, at=[1915]), "at must be a date"),
        (lambda: break_test_table({"late": (s.iloc[:5], None)}), r"cases\['late'\]: s must have at least 20"),
        (lambda: trend_growth_table(s, {"tail": (1927, None)}), r"windows\['tail'\]"),
        (lambda: trend_growth_table(s, {"bad": ("late", None)}), r"windows\['bad'\]"),
        (lambda: trend_growth_table(s.iloc[::-1]), "s must have an increasing index"),
    ]
    for call, match in cases:
        with pytest.raises(ValueError, match=match):
            call()
