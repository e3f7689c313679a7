"""Tests of helpers.revenue: calibration to OpenAI's reported plan, monotonicity, Monte Carlo, bad input."""
from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.models import revenue as rv
from helpers.data import load


@pytest.fixture(scope="module")
def plan_projection():
    return rv.project(rv.scenario("openai_plan_2025_09"), years=10)


@pytest.fixture(scope="module")
def reported():
    df = load("openai_projections")
    return df[df["projector"] == "OpenAI"]


def _value(df, vintage, metric, year):
    row = df[(df["vintage"] == vintage) & (df["metric"] == metric) & (df["year"] == year)]
    assert len(row) == 1, (vintage, metric, year)
    return float(row["value"].iloc[0])


# --------------------------------------------------------------------------- calibration


@pytest.mark.parametrize(
    "vintage, year, tol",
    [("2025-09", 2025, 0.02), ("2025-11", 2026, 0.10), ("2025-11", 2027, 0.10), ("2025-09", 2030, 0.05)],
)
def test_plan_scenario_reproduces_reported_revenue(plan_projection, reported, vintage, year, tol):
    metric = "revenue_target" if (vintage, year) == ("2025-09", 2025) else "revenue"
    target = _value(reported, vintage, metric, year)
    got = plan_projection.table.loc[year, "revenue"]
    assert abs(got / target - 1) <= tol, (year, got, target)


def test_plan_scenario_revenue_2028_matches_derived_figure(plan_projection):
    derived = load("openai_projections")
    target = _value(derived, "2025-11", "revenue", 2028)  # $74B operating loss / 0.75
    assert abs(plan_projection.table.loc[2028, "revenue"] / target - 1) <= 0.05


@pytest.mark.parametrize("year, tol", [(2025, 0.02), (2026, 0.10), (2027, 0.10), (2028, 0.15)])
def test_plan_scenario_reproduces_reported_cash_burn(plan_projection, reported, year, tol):
    target = _value(reported, "2025-09", "cash_burn", year)
    burn = -plan_projection.table.loc[year, "cash_flow"]
    assert abs(burn / target - 1) <= tol, (year, burn, target)


def test_plan_scenario_cumulative_burn_and_breakeven(plan_projection, reported):
    target = _value(reported, "2025-09", "cumulative_cash_burn_2025_2029", 2029)
    cum = -plan_projection.table.loc[2025:2029, "cash_flow"].sum()
    assert abs(cum / target - 1) <= 0.08, cum
    first = _value(reported, "2025-11", "first_profit_year", 2030)
    assert plan_projection.breakeven_year == int(first) == 2030


def test_plan_scenario_compute_spend_is_in_the_range_of_later_guidance(plan_projection):
    # Feb 2026 guidance: about $600B of compute through 2030 (a later vintage; loose check)
    t = plan_projection.table.loc[2025:2030]
    compute = (t["inference"] + t["training"]).sum()
    assert 400 <= compute <= 700


def test_named_scenarios_are_ordered(plan_projection):
    be = {n: rv.project(rv.scenario(n)).breakeven_year for n in ("bear", "base", "bull")}
    assert be["bear"] is None
    assert be["bull"] < be["base"]
    rev = {n: rv.project(rv.scenario(n)).table.loc[2030, "revenue"] for n in ("bear", "base", "bull")}
    assert rev["bear"] < rev["base"] < rev["bull"]


def test_table_identities(plan_projection):
    t = plan_projection.table
    assert np.allclose(t["revenue"], t["consumer"] + t["business"] + t["ads"])
    assert np.allclose(t["costs"], t["inference"] + t["partner"] + t["training"] + t["opex"])
    assert np.allclose(t["cash_flow"], t["revenue"] - t["costs"])
    assert np.allclose(t["cumulative"], t["cash_flow"].cumsum())
    assert plan_projection.peak_funding_need == pytest.approx(-t["cumulative"].min())
    assert list(t.index) == list(range(2025, 2035))


# --------------------------------------------------------------------------- monotonic properties

prices = st.floats(min_value=5.0, max_value=60.0, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(p1=prices, p2=prices)
def test_higher_price_gives_higher_revenue(p1, p2):
    lo, hi = sorted((p1, p2))
    base = rv.scenario("base")
    r_lo = rv.project(replace(base, price=lo)).table["revenue"]
    r_hi = rv.project(replace(base, price=hi)).table["revenue"]
    assert (r_hi >= r_lo - 1e-9).all()
    if hi > lo + 1e-6:
        assert (r_hi > r_lo).all()


@settings(max_examples=40, deadline=None)
@given(c1=st.floats(0.2, 0.9), c2=st.floats(0.2, 0.9))
def test_higher_compute_cost_never_brings_breakeven_forward(c1, c2):
    lo, hi = sorted((c1, c2))
    plan = rv.scenario("openai_plan_2025_09")
    be_lo = rv.project(replace(plan, inference_ratio0=lo, inference_floor=min(0.25, lo))).breakeven_year
    be_hi = rv.project(replace(plan, inference_ratio0=hi, inference_floor=min(0.25, hi))).breakeven_year
    never = 10_000
    assert (be_hi or never) >= (be_lo or never)


def test_much_higher_compute_cost_delays_breakeven():
    plan = rv.scenario("openai_plan_2025_09")
    slow = rv.project(replace(plan, inference_decline=0.03, inference_floor=0.45))
    assert slow.breakeven_year is None or slow.breakeven_year > 2030


@settings(max_examples=30, deadline=None)
@given(s=st.floats(0.036, 0.2))
def test_higher_paying_share_raises_revenue(s):
    base = rv.scenario("base")
    a = rv.project(replace(base, pay_share_max=s)).table["revenue"]
    b = rv.project(replace(base, pay_share_max=s + 0.01)).table["revenue"]
    assert (b.iloc[1:] > a.iloc[1:]).all()


# --------------------------------------------------------------------------- Monte Carlo


def test_monte_carlo_is_reproducible_and_seed_sensitive():
    a = rv.monte_carlo(n_paths=20_000, seed=7)
    b = rv.monte_carlo(n_paths=20_000, seed=7)
    c = rv.monte_carlo(n_paths=20_000, seed=8)
    assert np.array_equal(a.peak_funding_need, b.peak_funding_need)
    assert np.array_equal(a.breakeven_year, b.breakeven_year)
    pd.testing.assert_series_equal(a.prob_positive_by_year, b.prob_positive_by_year)
    assert not np.array_equal(a.peak_funding_need, c.peak_funding_need)


def test_monte_carlo_result_does_not_depend_on_threads():
    a = rv.monte_carlo(n_paths=50_000, seed=3, threads=1)
    b = rv.monte_carlo(n_paths=50_000, seed=3, threads=2)
    assert np.array_equal(a.peak_funding_need, b.peak_funding_need)


def test_monte_carlo_probabilities_valid_and_nondecreasing():
    mc = rv.monte_carlo(n_paths=30_000, seed=11)
    p = mc.prob_positive_by_year
    assert ((p >= 0) & (p <= 1)).all()
    assert p.is_monotonic_increasing
    assert list(p.index) == list(range(2025, 2035))
    # consistent with the per-path first years
    share_2032 = np.mean((mc.breakeven_year > 0) & (mc.breakeven_year <= 2032))
    assert p.loc[2032] == pytest.approx(share_2032)
    assert (mc.peak_funding_need >= 0).all()


def test_monte_carlo_matches_deterministic_model_when_nothing_varies():
    base = rv.scenario("base")
    ranges = {"price": (base.price, base.price, base.price)}
    mc = rv.monte_carlo(n_paths=100, seed=0, ranges=ranges)
    det = rv.project(base)
    assert (mc.breakeven_year == det.breakeven_year).all()
    assert np.allclose(mc.peak_funding_need, det.peak_funding_need, rtol=1e-4)


def test_monte_carlo_brackets_named_scenarios():
    mc = rv.monte_carlo(n_paths=50_000, seed=5)
    q = mc.funding_quantiles((0.01, 0.99))
    base_need = rv.project(rv.scenario("base")).peak_funding_need
    assert q.iloc[0] < base_need < q.iloc[1]
    assert mc.prob_positive_by_year.loc[2028] < 0.001  # almost no path breaks even by 2028


def test_benchmark_returns_seconds():
    s = rv.benchmark(n_paths=20_000, years=10, repeat=1)
    assert 0 < s < 5


# --------------------------------------------------------------------------- small helpers


def test_unit_garble_and_margin():
    assert rv.yi_to_usd_billion(5) == 0.5
    assert rv.yi_to_usd_billion(13.5) == 1.35
    assert rv.net_margin(-5.0, 3.7) == pytest.approx(-1.3514, abs=1e-4)
    assert rv.valuation_multiple(500, 4.3) == pytest.approx(116.28, abs=0.01)
    s = rv.net_margin(pd.Series([-5.0, -1.0], index=["a", "b"]), pd.Series([3.7, 2.0], index=["a", "b"]))
    assert list(s.index) == ["a", "b"]


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "field, value, match",
    [
        ("price", -1.0, "price"),
        ("biz0", -3.0, "biz0"),
        ("pay_share_max", 1.5, "pay_share_max"),
        ("pay_share0", -0.1, "pay_share0"),
        ("inference_ratio0", 1.2, "inference_ratio0"),
        ("partner_share_end", -0.01, "partner_share_end"),
        ("wau_cap", float("nan"), "wau_cap"),
        ("training0", float("inf"), "training0"),
        ("wau_cap", 100.0, "wau_cap"),
    ],
)
def test_bad_assumptions_raise_naming_the_parameter(field, value, match):
    with pytest.raises(ValueError, match=match):
        rv.project(replace(rv.scenario("base"), **{field: value}))


def test_bad_arguments_raise():
    with pytest.raises(ValueError, match="years"):
        rv.project(years=0)
    with pytest.raises(ValueError, match="name"):
        rv.scenario("optimistic")
    with pytest.raises(ValueError, match="n_paths"):
        rv.monte_carlo(n_paths=0)
    with pytest.raises(ValueError, match="seed"):
        rv.monte_carlo(n_paths=10, seed=-1)
    with pytest.raises(ValueError, match="pay_share_max"):
        rv.monte_carlo(n_paths=10, ranges={"pay_share_max": (0.05, 0.1, 1.2)})
    with pytest.raises(ValueError, match="wau_cap"):
        rv.monte_carlo(n_paths=10, ranges={"wau_cap": (3000.0, 2000.0, 4000.0)})
    with pytest.raises(ValueError, match="unknown parameter"):
        rv.monte_carlo(n_paths=10, ranges={"margin": (0.1, 0.2, 0.3)})
    with pytest.raises(ValueError, match="finite"):
        rv.monte_carlo(n_paths=10, ranges={"price": (10.0, float("nan"), 30.0)})
    with pytest.raises(ValueError, match="assumptions"):
        rv.project({"price": 20})


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: rv.net_margin(-5.0, -3.7), "revenue"),
        (lambda: rv.net_margin(-5.0, 0.0), "revenue"),
        (lambda: rv.net_margin([-5.0, 1.0], [3.7]), "same length"),
        (lambda: rv.net_margin(float("nan"), 3.7), "net_income"),
        (lambda: rv.valuation_multiple(-1.0, 3.0), "valuation"),
        (lambda: rv.valuation_multiple(500.0, [4.3, float("nan")]), "revenue"),
        (lambda: rv.valuation_multiple([500.0, 300.0], [4.3]), "same length"),
        (lambda: rv.yi_to_usd_billion([]), "empty"),
        (lambda: rv.yi_to_usd_billion("five"), "numeric"),
    ],
)
def test_small_helpers_reject_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_explorer_chart_builds_and_mirrors_model():
    df = rv.explorer_frame(years=10)
    proj = rv.project(rv.scenario("base"))
    assert np.allclose(df["revenue_ref"], proj.table["revenue"])
    # Recompute the Vega expressions in numpy at the default slider values
    a = rv.scenario("base")
    t = df["t"].to_numpy()
    pay = a.pay_share_max - (a.pay_share_max - df["pay0"]) * np.exp(-df["pay_speed"] * t)
    consumer = df["wau_m"] * pay * a.price * (1 + df["price_growth"]) ** t * 12 / 1000
    business = df["biz0"] * np.exp(df["biz_g_long"] * t + (a.biz_growth0 - df["biz_g_long"]) * (1 - df["biz_decay"] ** t) / (1 - df["biz_decay"]))
    ads = df["wau_m"] * (1 - pay) * df["ads_arpu"] * df["ads_ramp"] / 1000
    revenue = consumer + business + ads
    costs = np.maximum(df["inf_floor"], a.inference_ratio0 * (1 - df["inf_decline"]) ** t) * revenue + df["partner_share"] * revenue + df["training"] + df["opex"]
    assert np.allclose(revenue, proj.table["revenue"])
    assert np.allclose(revenue - costs, proj.table["cash_flow"])
    spec = rv.explorer_chart().to_dict()
    assert len(spec["params"]) == 4
    assert math.isfinite(len(spec["datasets"]))


def test_defaults_are_the_base_scenario_and_2025_is_calibrated():
    assert rv.Assumptions() == rv.scenario("base")
    for name in rv.SCENARIOS:
        row = rv.project(rv.scenario(name), years=1).table.loc[2025]
        assert row["revenue"] == pytest.approx(13.0, abs=0.05), name
        assert row["cash_flow"] == pytest.approx(-8.5, abs=0.1), name
