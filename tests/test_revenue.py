"""Tests of the OpenAI engine model (helpers.models.revenue and its scenario, Monte Carlo and ratio modules).

Two kinds of comparison with published figures are kept apart:

* **fit checks** (``test_fit_*``): the ``openai_plan_2025_09`` scenario was fitted to OpenAI's
  September-November 2025 plan, so agreement with those figures shows the fit, nothing more;
* **held-out checks** (``test_heldout_*``): figures the scenario was *not* fitted to, each named
  with its source: OpenAI's audited 2025 revenue (13.07, published by Ed Zitron in June 2026),
  its first-quarter 2026 revenue (5.7, The Information via relays, June 2026) and its realised
  2025 cash burn (about 8, Reuters, February 2026).
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.data import load, load_dataset
from helpers.models.revenue import Assumptions, project
from helpers.models.revenue_montecarlo import KEEP_DRAWS, benchmark, monte_carlo
from helpers.models.revenue_ratios import net_margin, valuation_multiple, yi_to_usd_billion
from helpers.models.revenue_scenarios import SCENARIOS, compare_scenarios, plan_comparison, scenario


@pytest.fixture(scope="module")
def plan():
    return project(scenario("openai_plan_2025_09"), years=10)


@pytest.fixture(scope="module")
def fin():
    return load_dataset("openai_financials")


def _plan_rows(vintages, metrics):
    df = load("openai_projections")
    return df[(df.projector == "OpenAI") & df.vintage.isin(vintages) & df.metric.isin(metrics)]


# --------------------------------------------------------------------------- fit checks (in-sample)

def test_fit_to_the_plan_it_was_calibrated_on(plan):
    rows = _plan_rows(["2025-09", "2025-11"], ["revenue_target", "revenue", "cash_burn", "cumulative_cash_burn_2025_2029"])
    rows = rows[~((rows.vintage == "2025-09") & (rows.metric == "revenue") & (rows.year == 2025))]  # restated 12.7
    rows = rows[~((rows.vintage == "2025-11") & (rows.metric == "cash_burn"))]                    # WSJ's 9, a later figure
    cmp = plan_comparison(plan.table, rows)
    assert len(cmp) >= 9
    assert cmp["gap"].abs().max() <= 0.15, cmp[["metric", "year", "value", "model"]]
    assert plan.breakeven_year == 2030  # the November 2025 plan's first profitable year


# --------------------------------------------------------------------------- held-out checks

def test_heldout_audited_2025_revenue(plan, fin):
    """Audited 2025 revenue, 13.07 (Ed Zitron / FT, June 2026): the plan aimed at 13, our scenarios start at 13.0."""
    audited = fin.value(metric="revenue", period="2025", kind="reported", reported_on="2026-06-16")
    assert audited == pytest.approx(13.07)
    for name in SCENARIOS:
        assert project(scenario(name), years=1).table.loc[2025, "revenue"] == pytest.approx(audited, rel=0.02), name


def test_heldout_first_quarter_2026_revenue(plan, fin):
    """Q1 2026 revenue of 5.7 (The Information, June 2026) against the plan scenario's 2026 path.

    The model is annual; its first-quarter revenue is read off the 2025-2026 growth, assumed smooth
    within 2026: Q1 share = (e^{g/4} - 1) / (e^g - 1) with g = ln(R_2026 / R_2025).
    """
    q1 = fin.value(metric="revenue", period="2026-Q1", kind="reported")
    r25, r26 = plan.table.loc[2025, "revenue"], plan.table.loc[2026, "revenue"]
    g = np.log(r26 / r25)
    implied = r26 * np.expm1(g / 4) / np.expm1(g)
    assert implied == pytest.approx(q1, rel=0.10), implied


def test_heldout_2025_cash_burn(plan, fin):
    """Realised 2025 burn of about 8 (Reuters, February 2026) against the scenario's 8.5 (the plan's figure)."""
    burn = fin.value(metric="cash_burn", period="2025", kind="reported", reported_on="2026-02-21")
    assert -plan.table.loc[2025, "cash_flow"] == pytest.approx(burn, rel=0.10)


def test_heldout_compute_spend_near_february_2026_guidance(plan):
    """OpenAI guided to about USD 600 billion of compute through 2030 in February 2026, after the calibration."""
    guide = float(_plan_rows(["2026-02"], ["compute_spend_through_2030"])["value"].iloc[0])
    t = plan.table.loc[2025:2030]
    assert (t["inference"] + t["training"]).sum() == pytest.approx(guide, rel=0.25)


# --------------------------------------------------------------------------- identities and ordering

def test_named_scenarios_are_ordered():
    be = {n: project(scenario(n)).breakeven_year for n in ("bear", "base", "bull")}
    assert be["bear"] is None and be["bull"] < be["base"]
    rev = {n: project(scenario(n)).table.loc[2030, "revenue"] for n in ("bear", "base", "bull")}
    assert rev["bear"] < rev["base"] < rev["bull"]


def test_table_identities(plan):
    t = plan.table
    assert np.allclose(t["revenue"], t["consumer"] + t["business"] + t["ads"])
    assert np.allclose(t["costs"], t["inference"] + t["partner"] + t["training"] + t["opex"])
    assert np.allclose(t["cash_flow"], t["revenue"] - t["costs"])
    assert np.allclose(t["cumulative"], t["cash_flow"].cumsum())
    assert plan.peak_funding_need == pytest.approx(-t["cumulative"].min())
    assert list(t.index) == list(range(2025, 2035))


def test_defaults_are_the_base_scenario():
    assert Assumptions() == scenario("base")
    with pytest.raises(TypeError):
        SCENARIOS["base"] = Assumptions()  # read-only


prices = st.floats(min_value=5.0, max_value=60.0, allow_nan=False)


@settings(max_examples=40)
@given(p1=prices, p2=prices)
def test_higher_price_gives_higher_revenue(p1, p2):
    lo, hi = sorted((p1, p2))
    r_lo = project(replace(scenario("base"), price=lo)).table["revenue"]
    r_hi = project(replace(scenario("base"), price=hi)).table["revenue"]
    assert (r_hi >= r_lo - 1e-9).all()
    if hi > lo + 1e-6:
        assert (r_hi > r_lo).all()


@settings(max_examples=40)
@given(c1=st.floats(0.2, 0.9), c2=st.floats(0.2, 0.9))
def test_higher_compute_cost_never_brings_breakeven_forward(c1, c2):
    lo, hi = sorted((c1, c2))
    p = scenario("openai_plan_2025_09")
    be_lo = project(replace(p, inference_ratio0=lo, inference_floor=min(0.25, lo))).breakeven_year
    be_hi = project(replace(p, inference_ratio0=hi, inference_floor=min(0.25, hi))).breakeven_year
    assert (be_hi or 10_000) >= (be_lo or 10_000)


@settings(max_examples=30)
@given(s=st.floats(0.036, 0.2))
def test_higher_paying_share_raises_revenue(s):
    a = project(replace(scenario("base"), pay_share_max=s)).table["revenue"]
    b = project(replace(scenario("base"), pay_share_max=s + 0.01)).table["revenue"]
    assert (b.iloc[1:] > a.iloc[1:]).all()


def test_compare_scenarios_is_tidy():
    df = compare_scenarios(["bear", "bull"], years=3)
    assert list(df.columns) == ["scenario", "year", "revenue", "costs", "cash_flow", "cumulative"]
    assert len(df) == 6


# --------------------------------------------------------------------------- Monte Carlo

def test_monte_carlo_is_reproducible_seed_sensitive_and_thread_independent():
    a = monte_carlo(n_paths=20_000, seed=7)
    b = monte_carlo(n_paths=20_000, seed=7, threads=1)
    c = monte_carlo(n_paths=20_000, seed=8)
    assert np.array_equal(a.peak_funding_need, b.peak_funding_need)
    assert np.array_equal(a.breakeven_year, b.breakeven_year)
    pd.testing.assert_series_equal(a.prob_positive_by_year, b.prob_positive_by_year)
    assert not np.array_equal(a.peak_funding_need, c.peak_funding_need)


def test_monte_carlo_probabilities_valid_and_consistent():
    mc = monte_carlo(n_paths=30_000, seed=11)
    p = mc.prob_positive_by_year
    assert ((p >= 0) & (p <= 1)).all() and p.is_monotonic_increasing
    assert list(p.index) == list(range(2025, 2035))
    assert p.loc[2032] == pytest.approx(np.mean((mc.breakeven_year > 0) & (mc.breakeven_year <= 2032)))
    assert (mc.peak_funding_need >= 0).all()


@pytest.mark.parametrize("chunk", [500, 1_000, 16_384])
def test_monte_carlo_keeps_the_promised_draws_whatever_the_block_size(chunk):
    mc = monte_carlo(n_paths=3_000, seed=4, chunk=chunk)
    assert len(mc.draws) == KEEP_DRAWS
    assert not mc.draws.isna().any().any()
    # each kept draw is the path it belongs to: re-projecting it gives that path's funding need
    for i in (0, 499, 500, 1_234, 1_999):
        a = replace(scenario("base"), **{k: float(v) for k, v in mc.draws.iloc[i].items()})
        a = replace(a, wau_cap=max(a.wau_cap, a.wau0), pay_share_max=max(a.pay_share_max, a.pay_share0),
                    training_cap=max(a.training_cap, a.training0))
        assert project(a).peak_funding_need == pytest.approx(float(mc.peak_funding_need[i]), rel=1e-3, abs=1e-3)


def test_monte_carlo_matches_deterministic_model_when_nothing_varies():
    base = scenario("base")
    mc = monte_carlo(n_paths=100, seed=0, ranges={"price": (base.price, base.price, base.price)})
    det = project(base)
    assert (mc.breakeven_year == det.breakeven_year).all()
    assert np.allclose(mc.peak_funding_need, det.peak_funding_need, rtol=1e-4)


def test_monte_carlo_brackets_the_base_scenario():
    mc = monte_carlo(n_paths=50_000, seed=5)
    q = mc.funding_quantiles((0.01, 0.99))
    assert q.iloc[0] < project(scenario("base")).peak_funding_need < q.iloc[1]


def test_benchmark_returns_seconds():
    assert 0 < benchmark(n_paths=20_000, years=10, repeat=1) < 5


# --------------------------------------------------------------------------- ratios

def test_unit_garble_and_ratios():
    assert yi_to_usd_billion(5) == 0.5 and yi_to_usd_billion(13.5) == 1.35
    assert net_margin(-5.0, 3.7) == pytest.approx(-1.3514, abs=1e-4)
    assert valuation_multiple(500, 4.3) == pytest.approx(116.28, abs=0.01)
    s = net_margin(pd.Series([-5.0, -1.0], index=["a", "b"]), pd.Series([3.7, 2.0], index=["a", "b"]))
    assert list(s.index) == ["a", "b"]
    assert list(valuation_multiple(500.0, pd.Series([4.3, 13.0], index=["h1", "fy"])).index) == ["h1", "fy"]


def test_audited_2024_margin_is_near_the_articles_minus_131(fin):
    """A1's -131% against the audited 2024 statement (net loss 5.1 on revenue 3.7, as relayed)."""
    m = net_margin(-fin.value(metric="net_loss", period="2024", reported_on="2026-06-16"),
                   fin.value(metric="revenue", period="2024", reported_on="2026-06-16"))
    assert m == pytest.approx(-1.31, abs=0.08)


# --------------------------------------------------------------------------- bad input

@pytest.mark.parametrize("field, value, match", [
    ("price", -1.0, "price"), ("biz0", -3.0, "biz0"), ("pay_share_max", 1.5, "pay_share_max"),
    ("pay_share0", -0.1, "pay_share0"), ("inference_ratio0", 1.2, "inference_ratio0"),
    ("partner_share_end", -0.01, "partner_share_end"), ("wau_cap", float("nan"), "wau_cap"),
    ("training0", float("inf"), "training0"), ("wau_cap", 100.0, "wau_cap"), ("price", "20", "price"),
    ("biz_growth_decay", 1.0, "biz_growth_decay"), ("partner_years", 0.0, "partner_years"),
])
def test_bad_assumptions_raise_naming_the_parameter(field, value, match):
    with pytest.raises(ValueError, match=match):
        project(replace(scenario("base"), **{field: value}))


@pytest.mark.parametrize("call, match", [
    (lambda: project(years=0), "years"), (lambda: project(years=2.5), "years"), (lambda: project({"price": 20}), "assumptions"),
    (lambda: scenario("optimistic"), "name"), (lambda: compare_scenarios("base"), "names"), (lambda: compare_scenarios([]), "names"),
    (lambda: monte_carlo(n_paths=0), "n_paths"), (lambda: monte_carlo(n_paths=10, seed=-1), "seed"),
    (lambda: monte_carlo(n_paths=10, chunk=0), "chunk"), (lambda: monte_carlo(n_paths=10, threads=True), "threads"),
    (lambda: monte_carlo(n_paths=10, ranges={"pay_share_max": (0.05, 0.1, 1.2)}), "pay_share_max"),
    (lambda: monte_carlo(n_paths=10, ranges={"wau_cap": (3000.0, 2000.0, 4000.0)}), "wau_cap"),
    (lambda: monte_carlo(n_paths=10, ranges={"margin": (0.1, 0.2, 0.3)}), "unknown parameter"),
    (lambda: monte_carlo(n_paths=10, ranges={"price": (10.0, float("nan"), 30.0)}), "price"),
    (lambda: monte_carlo(n_paths=10, ranges={"price": (10.0, 30.0)}), "price"),
    (lambda: monte_carlo(n_paths=10, base="base"), "base"),
    (lambda: net_margin(-5.0, -3.7), "revenue"), (lambda: net_margin([-5.0, 1.0, 2.0], [3.7, 1.0]), "same length"),
    (lambda: net_margin(float("nan"), 3.7), "net_income"), (lambda: valuation_multiple(-1.0, 3.0), "valuation"),
    (lambda: valuation_multiple(500.0, [4.3, float("nan")]), "revenue"), (lambda: yi_to_usd_billion([]), "x"),
    (lambda: yi_to_usd_billion("five"), "x"),
    (lambda: net_margin(pd.Series([1.0], index=["a"]), pd.Series([1.0], index=["b"])), "index"),
    (lambda: plan_comparison(project().table, pd.DataFrame({"metric": ["revenue"], "year": [2040], "value": [1.0]})), "year"),
    (lambda: plan_comparison(project().table, pd.DataFrame({"metric": ["margin"], "year": [2025], "value": [1.0]})), "metric"),
    (lambda: plan_comparison(project().table, pd.DataFrame({"metric": ["revenue"] * 2, "year": [2025] * 2, "value": [13.0] * 2})),
     "reported has a duplicated key"),
    (lambda: plan_comparison(project().table, pd.DataFrame({"metric": ["revenue"], "year": [2025], "value": [0.0]})), "value"),
    (lambda: plan_comparison(project().table.assign(revenue=np.nan), pd.DataFrame({"metric": ["revenue"], "year": [2025], "value": [1.0]})),
     "table column 'revenue'"),
    (lambda: plan_comparison(pd.concat([project(years=2).table] * 2), pd.DataFrame({"metric": ["revenue"], "year": [2025], "value": [1.0]})),
     "table has a duplicated year"),
    (lambda: valuation_multiple(500.0, pd.Series([4.3, 13.0], index=[2025, 2025])), "revenue has a duplicated index"),
    (lambda: yi_to_usd_billion(1e305), "x"),
])
def test_public_functions_reject_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


bad_numbers = st.one_of(st.just(float("nan")), st.just(float("inf")), st.just(-float("inf")), st.just(-1.0), st.just(-1e9),
                        st.just(1e12), st.text(max_size=3), st.none(), st.booleans())


@settings(max_examples=60)
@given(v=bad_numbers, which=st.sampled_from(["years", "n_paths", "seed", "chunk", "threads", "start_year", "price",
                                             "opex_growth", "net_income", "revenue", "valuation", "x"]))
def test_bad_numbers_give_clean_errors_never_nan(v, which):
    """Every numeric parameter, driven with junk, raises ValueError/TypeError naming it (or computes a finite result)."""
    calls = {
        "years": lambda: project(years=v), "n_paths": lambda: monte_carlo(n_paths=v, years=2),
        "seed": lambda: monte_carlo(n_paths=5, seed=v), "chunk": lambda: monte_carlo(n_paths=5, chunk=v),
        "threads": lambda: monte_carlo(n_paths=5, threads=v), "start_year": lambda: project(start_year=v),
        "price": lambda: project(replace(scenario("base"), price=v)),
        "opex_growth": lambda: project(replace(scenario("base"), opex_growth=v)),
        "net_income": lambda: net_margin(v, 3.7), "revenue": lambda: net_margin(-1.0, v),
        "valuation": lambda: valuation_multiple(v, 3.0), "x": lambda: yi_to_usd_billion(v),
    }
    try:
        out = calls[which]()
    except (ValueError, TypeError) as e:
        assert which.split("_")[0] in str(e) or which in str(e), str(e)
        return
    values = out.table.to_numpy() if hasattr(out, "table") else np.asarray(getattr(out, "peak_funding_need", out), dtype=float)
    assert np.isfinite(values).all()
