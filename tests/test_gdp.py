"""Tests for helpers.gdp: published numbers, properties, recovery of known trends, bad input."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.models import gdp
from helpers.data import load


# --------------------------------------------------------------------------- fixtures
def _simulated(n_years: int = 120, g: float = 0.02, sd: float = 0.02, phi: float = 0.5, quarterly: bool = False, seed: int = 1):
    """Log level = trend g per year + AR(1) cycle; returns a level Series."""
    rng = np.random.default_rng(seed)
    ppy = 4 if quarterly else 1
    n = n_years * ppy
    e = rng.normal(0, sd, n)
    c = np.zeros(n)
    for i in range(1, n):
        c[i] = phi * c[i - 1] + e[i]
    t = np.arange(n) / ppy
    y = np.exp(np.log(100.0) + math.log1p(g) * t + c)
    if quarterly:
        idx = pd.date_range("1900-01-01", periods=n, freq="QS")
    else:
        idx = pd.Index(np.arange(1900, 1900 + n), name="year")
    return pd.Series(y, index=idx)


# --------------------------------------------------------------------------- Acemoglu (2024/2025)
def test_acemoglu_baseline_reproduces_published_numbers():
    e = gdp.acemoglu_estimate()
    # Section 3.1: 0.23 x 0.200 = 4.6% of tasks; 0.27 x 0.535 = 0.144
    assert round(e.gdp_share_impacted, 3) == 0.046
    assert round(e.overall_cost_saving, 3) == 0.144
    # Section 3.2: TFP gains 0.046 x 0.144 = 0.0066 (0.66%)
    assert round(100 * e.tfp_gain, 2) == 0.66
    # Section 3.4: GDP = TFP x 1.75 -> 1.16% (paper rounds the factor; ours is 1/0.57 = 1.754)
    assert abs(100 * e.gdp_gain - 1.16) < 0.01
    # "annual TFP growth will be higher by around 0.064%": ours 0.066 by compounding
    assert abs(e.tfp_growth_pp - 0.064) < 0.003


def test_acemoglu_hard_tasks_and_robustness_reproduce_published_numbers():
    hard = gdp.acemoglu_estimate(easy_share=0.726)
    assert round(100 * hard.tfp_gain, 2) == 0.53  # Section 3.3
    assert abs(100 * hard.gdp_gain - 0.93) < 0.01  # Section 3.4
    # Robustness with Peng et al.: labour cost savings 0.36 -> overall 0.193 -> TFP 0.89%
    peng = gdp.acemoglu_estimate(labor_cost_saving=0.36)
    assert round(peng.overall_cost_saving, 3) == 0.193
    assert round(100 * peng.tfp_gain, 2) == 0.89
    # Faster computer-vision cost declines: 30% feasibly automated -> about 6% of GDP, TFP about 0.9%
    fast = gdp.acemoglu_estimate(profitable_share=0.30)
    assert round(fast.gdp_share_impacted, 2) == 0.06
    assert abs(100 * fast.tfp_gain - 0.9) < 0.05


def test_acemoglu_estimate_matches_stored_rows():
    est = load("ai_growth_estimates").set_index("estimate_id")
    assert round(100 * gdp.acemoglu_estimate().tfp_gain, 2) == est.loc["acemoglu2024_tfp", "central"]
    assert round(100 * gdp.acemoglu_estimate(easy_share=0.726).tfp_gain, 2) == est.loc["acemoglu2024_tfp_hard", "central"]
    assert abs(100 * gdp.acemoglu_estimate().gdp_gain - est.loc["acemoglu2024_gdp", "high"]) < 0.01
    assert abs(100 * gdp.acemoglu_estimate(easy_share=0.726).gdp_gain - est.loc["acemoglu2024_gdp", "low"]) < 0.01


def test_acemoglu_57pct_is_not_the_cost_saving_labour_share():
    # Using 0.57 in the cost-saving step (a common misreading) gives 0.71%, the paper's April 2024 figure, not 0.66%.
    wrong = gdp.acemoglu_estimate(labor_share=0.57)
    assert round(100 * wrong.tfp_gain, 2) == 0.71


@given(
    st.floats(0.01, 1), st.floats(0.01, 1), st.floats(0.01, 1), st.floats(0.05, 1), st.floats(0, 0.9)
)
def test_acemoglu_is_multiplicative(a, b, c, d, k):
    e = gdp.acemoglu_estimate(a, b, c, d, capital_share=k)
    assert math.isclose(e.tfp_gain, a * b * c * d, rel_tol=1e-12)
    assert math.isclose(e.gdp_gain, e.tfp_gain / (1 - k), rel_tol=1e-12)
    # Hard tasks with smaller savings can only lower the estimate
    assert gdp.acemoglu_estimate(a, b, c, d, easy_share=0.5, hard_labor_cost_saving=c / 4).tfp_gain <= e.tfp_gain + 1e-15


# --------------------------------------------------------------------------- scenario arithmetic
def test_level_gap_two_tenths_examples():
    gap = gdp.level_gap(0.02, 0.021, [10, 25, 50], base_level=50_000.0)
    h = np.array([10, 25, 50])
    assert np.allclose(gap["gap_pct"], 100 * ((1.021 / 1.02) ** h - 1), rtol=1e-12)
    assert np.allclose(gap["gap_pct"], [0.985, 2.480, 5.022], atol=1e-3)
    # Rule of thumb: about h x 0.1 percent
    assert np.allclose(gap["gap_pct"], 0.1 * h * 0.98, rtol=0.03)
    assert np.allclose(gap["gap_level"], gap["alternative_level"] - gap["baseline_level"])
    assert math.isclose(gap.loc[10.0, "baseline_level"], 50_000 * 1.02**10)


@given(st.floats(-0.05, 0.1), st.floats(-0.05, 0.1), st.integers(0, 200), st.integers(0, 200))
def test_level_paths_compound(g1, g2, h1, h2):
    p = gdp.level_paths({"a": g1, "b": g2}, max(h1, h2, 1), base_level=3.0, start_year=2000)
    # Compounding: L(h1 + h2) = L(h1) * L(h2) / L0
    h = min(h1 + h2, max(h1, h2, 1))
    if h1 + h2 <= max(h1, h2, 1):
        assert math.isclose(p.loc[2000 + h1 + h2, "a"], p.loc[2000 + h1, "a"] * p.loc[2000 + h2, "a"] / 3.0, rel_tol=1e-9)
    assert math.isclose(p.loc[2000 + h, "a"], 3.0 * (1 + g1) ** h, rel_tol=1e-9)
    gap = gdp.level_gap(g1, g2, [h])
    assert math.isclose(gap["ratio"].iloc[0], p.loc[2000 + h, "b"] / p.loc[2000 + h, "a"], rel_tol=1e-9)


@given(st.floats(1e-4, 0.5))
def test_doubling_time_formula_and_property(g):
    t = gdp.doubling_time(g)
    assert math.isclose(t, math.log(2) / math.log1p(g), rel_tol=1e-12)
    assert math.isclose((1 + g) ** t, 2.0, rel_tol=1e-9)
    assert gdp.doubling_time(g * 1.01) < t  # faster growth, shorter doubling time


def test_doubling_time_vectorised_and_rule_of_70():
    t = gdp.doubling_time([0.01, 0.02, 0.021])
    assert t.shape == (3,)
    assert abs(t[1] - 70 / 2) < 0.5


@given(st.floats(-50, 500), st.floats(0.5, 100))
def test_annualise_inverts_compounding(gain, years):
    g = gdp.annualise(gain, years)
    assert math.isclose(100 * ((1 + g / 100) ** years - 1), gain, rel_tol=1e-9, abs_tol=1e-9)


def test_ai_uplift_table_on_stored_estimates():
    est = load("ai_growth_estimates")
    up = gdp.ai_uplift_table(est).set_index("estimate_id")
    # Labour productivity taken one for one
    assert up.loc["goldman2023_us_productivity", "uplift_central"] == 1.5
    # TFP growth scaled by 1/(1-0.43)
    assert math.isclose(up.loc["aghion_bunel2024_task", "uplift_central"], 0.68 / 0.57, rel_tol=1e-9)
    # Level gains annualised: PWBM 1.5% by 2035 ~ 0.149 pp/yr
    assert abs(up.loc["pwbm2025_2035", "uplift_central"] - 0.149) < 0.001
    # Acemoglu: 0.66% TFP over 10 years -> about 0.115 pp of GDP growth a year, i.e. 2.0% -> about 2.1%
    assert abs(up.loc["acemoglu2024_tfp", "uplift_central"] - 0.115) < 0.002


# --------------------------------------------------------------------------- estimators recover known trends
@pytest.mark.parametrize("quarterly", [False, True])
def test_estimators_recover_simulated_trend(quarterly):
    s = _simulated(n_years=100, g=0.02, sd=0.01, quarterly=quarterly, seed=3)
    ll = gdp.loglinear_trend(s)
    mg = gdp.mean_growth(s)
    hp = gdp.hp_trend(s)
    uc = gdp.uc_trend(s)
    assert ll.periods_per_year == (4 if quarterly else 1)
    assert hp.param == (1600.0 if quarterly else 100.0)
    for g in (ll.growth, mg.growth, hp.average_growth, uc.average_growth):
        assert abs(g - 0.02) < 0.002
    assert ll.ci_low < 0.02 < ll.ci_high
    assert mg.ci_low < 0.02 < mg.ci_high


def test_loglinear_ci_coverage_is_reasonable():
    # With stationary AR(1) deviations, a 95% Newey-West interval should cover the truth most of the time.
    cover = 0
    for seed in range(40):
        s = _simulated(n_years=80, g=0.02, sd=0.02, phi=0.3, seed=seed)
        f = gdp.loglinear_trend(s)
        cover += f.ci_low <= 0.02 <= f.ci_high
    assert cover >= 30


def test_integer_and_datetime_indices_agree():
    s = _simulated(n_years=60, seed=5)
    s_dt = pd.Series(s.to_numpy(), index=pd.to_datetime([f"{y}-01-01" for y in s.index]))
    s_per = pd.Series(s.to_numpy(), index=pd.period_range("1900", periods=60, freq="Y"))
    a, b, c = (gdp.loglinear_trend(x).growth for x in (s, s_dt, s_per))
    assert math.isclose(a, b, rel_tol=1e-12) and math.isclose(a, c, rel_tol=1e-12)


def test_break_test_finds_planted_break_and_not_a_false_one():
    rng = np.random.default_rng(7)
    g = np.r_[np.full(60, 0.03), np.full(60, 0.01)] + rng.normal(0, 0.01, 120)
    s = pd.Series(100 * np.exp(np.r_[0, np.cumsum(g)]), index=range(1900, 2021))
    bt = gdp.break_test(s)
    assert bt.p_value < 0.01
    assert abs(bt.break_at - 1961) <= 3
    assert bt.growth_before > bt.growth_after
    flat = pd.Series(100 * np.exp(np.r_[0, np.cumsum(0.02 + rng.normal(0, 0.01, 120))]), index=range(1900, 2021))
    assert gdp.break_test(flat).p_value > 0.05


def test_break_test_known_date_is_chow():
    s = _simulated(n_years=60, seed=2)
    bt = gdp.break_test(s, at=1930)
    assert bt.known_date and bt.break_at == 1930
    assert math.isclose(bt.critical_5pct, 3.841, rel_tol=1e-3)
    assert 0 <= bt.p_value <= 1


def test_sup_wald_null_matches_andrews_critical_value():
    # Andrews (1993, Table 1): p = 1, pi0 = 0.15, 5% critical value 8.68; simulated n = 200 close to it.
    null = gdp._sup_f_null(200, 30, 170, 4000, 0)
    assert 7.8 < np.quantile(null, 0.95) < 9.6


def test_hp_lambda_by_frequency_and_override():
    a = _simulated(n_years=40, seed=4)
    q = _simulated(n_years=40, quarterly=True, seed=4)
    assert gdp.hp_trend(a).param == 100.0
    assert gdp.hp_trend(q).param == 1600.0
    assert gdp.hp_trend(a, lamb=6.25).param == 6.25


def test_trend_growth_table_windows():
    s = _simulated(n_years=80, seed=6)
    t = gdp.trend_growth_table(s, {"all": (None, None), "late": (1950, None)}, methods=["loglinear", "hp"])
    assert set(t["window"]) == {"all", "late"} and len(t) == 4
    assert (t.loc[t["window"] == "late", "start"] == 1950).all()


def test_annual_average_of_quarters():
    q = load("us_gdp_per_capita_quarterly").set_index("date")["real_gdp_per_capita"]
    a = gdp.annual_average(q)
    assert a.index[0] == 1947 and a.index[-1] == 2024
    assert math.isclose(a.loc[2024], (67981 + 68320 + 68696 + 68972) / 4)


def test_real_data_postwar_trend_near_two_percent():
    q = load("us_gdp_per_capita_quarterly").set_index("date")["real_gdp_per_capita"]
    f = gdp.loglinear_trend(q)
    assert 0.018 < f.growth < 0.022


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    "series, match",
    [
        ([1.0, 2.0], "series must be a pandas Series"),
        (pd.Series([1.0] * 5, index=range(2000, 2005)), "series needs at least 8"),
        (pd.Series([1.0, np.nan] + [1.0] * 8, index=range(2000, 2010)), "series has a missing value"),
        (pd.Series([1.0, -2.0] + [1.0] * 8, index=range(2000, 2010)), "series must be positive"),
        (pd.Series([1.0] * 10, index=[2000, 2001, 2003] + list(range(2004, 2011))), "consecutive years"),
        (pd.Series([1.0] * 10, index=pd.date_range("2000-01-01", periods=10, freq="MS")), "regularly annual"),
        (pd.Series([1.0] * 10, index=list("abcdefghij")), "series index must be dates"),
    ],
)
def test_bad_series_raise(series, match):
    for f in (gdp.loglinear_trend, gdp.mean_growth, gdp.hp_trend):
        with pytest.raises(ValueError, match=match):
            f(series)


def test_bad_parameters_raise():
    s = _simulated(n_years=40, seed=8)
    with pytest.raises(ValueError, match="level"):
        gdp.loglinear_trend(s, level=1.5)
    with pytest.raises(ValueError, match="maxlags"):
        gdp.mean_growth(s, maxlags=-1)
    with pytest.raises(ValueError, match="lamb"):
        gdp.hp_trend(s, lamb=-5)
    with pytest.raises(ValueError, match="trim"):
        gdp.break_test(s, trim=0.6)
    with pytest.raises(ValueError, match="at=1800"):
        gdp.break_test(s, at=1800)
    with pytest.raises(ValueError, match="reps"):
        gdp.break_test(s, reps=5)
    with pytest.raises(ValueError, match="methods"):
        gdp.trend_growth_table(s, methods=["arima"])
    with pytest.raises(ValueError, match="windows"):
        gdp.trend_growth_table(s, {"x": 1950})
    with pytest.raises(ValueError, match="maxiter"):
        gdp.uc_trend(s, maxiter=0)
    with pytest.raises(ValueError, match="series must be quarterly"):
        gdp.annual_average(s)


def test_bad_scenario_inputs_raise():
    with pytest.raises(ValueError, match=r"rates\['x'\]"):
        gdp.level_paths({"x": -1.5}, 10)
    with pytest.raises(ValueError, match="rates must not be empty"):
        gdp.level_paths({}, 10)
    with pytest.raises(ValueError, match="horizon"):
        gdp.level_paths([0.02], 0)
    with pytest.raises(ValueError, match="base_level"):
        gdp.level_paths([0.02], 5, base_level=-1.0)
    with pytest.raises(ValueError, match="horizons"):
        gdp.level_gap(0.02, 0.021, [-1])
    with pytest.raises(ValueError, match=r"rates\['baseline'\]"):
        gdp.level_gap(float("nan"), 0.021, [1])
    with pytest.raises(ValueError, match="rate"):
        gdp.doubling_time(0.0)
    with pytest.raises(ValueError, match="rate"):
        gdp.doubling_time([0.02, -0.01])
    with pytest.raises(ValueError, match="years"):
        gdp.annualise(1.0, 0)
    with pytest.raises(ValueError, match="level_gain_pct"):
        gdp.annualise(-150, 10)


def test_bad_acemoglu_and_uplift_inputs_raise():
    with pytest.raises(ValueError, match="exposed_share"):
        gdp.acemoglu_estimate(exposed_share=1.2)
    with pytest.raises(ValueError, match="labor_share"):
        gdp.acemoglu_estimate(labor_share=0)
    with pytest.raises(ValueError, match="capital_share"):
        gdp.acemoglu_estimate(capital_share=1.0)
    with pytest.raises(ValueError, match="easy_share"):
        gdp.acemoglu_estimate(easy_share=-0.1)
    with pytest.raises(ValueError, match="horizon_years"):
        gdp.acemoglu_estimate(horizon_years=0)
    est = load("ai_growth_estimates")
    with pytest.raises(ValueError, match="measure 'gdp_growth'"):
        gdp.ai_uplift_table(est.assign(measure="gdp_growth"))
    with pytest.raises(ValueError, match="has no low, central or high"):
        gdp.ai_uplift_table(est.assign(low=np.nan, central=np.nan, high=np.nan))
    with pytest.raises(ValueError, match="lacks columns"):
        gdp.ai_uplift_table(est.drop(columns=["measure"]))
    with pytest.raises(ValueError, match="capital_share"):
        gdp.ai_uplift_table(est, capital_share=1.0)
