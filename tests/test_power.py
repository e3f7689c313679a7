"""Tests for helpers.models.power and helpers.charts.power (chapter 9: prices, data centres, capacity costs)."""
import json
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers.data import load, load_dataset
from helpers.models.power import (
    COV_TYPES,
    capacity_cost,
    cross_state_regression,
    leave_one_out,
    price_change,
    real_change_pct,
)

price = st.floats(min_value=1.0, max_value=60.0, allow_nan=False)
BAD_NUMBERS = [float("nan"), float("inf"), -1.0, 0.0, "1.0", None, True, [], {}]  # invalid for a price or an index


# ---- real_change_pct --------------------------------------------------------------------------

@given(p0=price, p1=price)
def test_real_equals_nominal_without_inflation(p0, p1):
    assert real_change_pct(p0, p1, 100.0, 100.0) == pytest.approx(100 * (p1 / p0 - 1))


@given(p0=price, infl=st.floats(min_value=0.0, max_value=0.5))
def test_price_tracking_inflation_is_flat_in_real_terms(p0, infl):
    assert real_change_pct(p0, p0 * (1 + infl), 200.0, 200.0 * (1 + infl)) == pytest.approx(0.0, abs=1e-9)


def test_real_change_keeps_series_index_and_rejects_misaligned_series():
    s0 = pd.Series([10.0, 20.0], index=["A", "B"])
    out = real_change_pct(s0, s0 * 1.1, 100.0, 110.0)
    assert list(out.index) == ["A", "B"] and out.abs().max() < 1e-9
    with pytest.raises(ValueError, match="p1 and p0"):
        real_change_pct(s0, pd.Series([1.0, 2.0], index=["A", "C"]), 100.0, 110.0)


@pytest.mark.parametrize("pos", range(4))
@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_real_change_bad_input_names_parameter(pos, bad):
    args = [10.0, 12.0, 100.0, 110.0]
    args[pos] = bad
    with pytest.raises((ValueError, TypeError), match=["p0", "p1", "cpi0", "cpi1"][pos]):
        real_change_pct(*args)


# ---- price_change -----------------------------------------------------------------------------

def _toy():
    return pd.DataFrame({"state": ["A", "A", "B", "B", "C"], "year": [2019, 2023, 2019, 2023, 2019],
                         "sector": ["residential"] * 5, "price": [10.0, 15.0, 20.0, 22.0, 9.0]})


def test_price_change_values_and_dropping():
    out = price_change(_toy(), 2019, 2023, cpi={2019: 100.0, 2023: 120.0})
    assert list(out.index) == ["A", "B"]  # C lacks 2023
    assert out.loc["A", "change_pct"] == pytest.approx(50.0)
    assert out.loc["A", "change_cents"] == pytest.approx(5.0)
    assert out.loc["A", "real_change_pct"] == pytest.approx(25.0)
    assert out.loc["B", "real_change_pct"] == pytest.approx(100 * (1.1 / 1.2 - 1))


def test_price_change_refuses_a_duplicated_row():
    """A duplicated state-year row used to be silently resolved by taking the first one."""
    dup = pd.concat([_toy(), pd.DataFrame({"state": ["A"], "year": [2023], "sector": ["residential"], "price": [99.0]})])
    with pytest.raises(ValueError, match="duplicated"):
        price_change(dup, 2019, 2023)


def test_eia_virginia_and_california_from_data():
    """Residential price change 2019-2023 from the stored EIA tables (EIA-861 and Electric Power Annual 2023)."""
    p = load("electricity_prices_state")
    cpi = load("electricity_cpi").set_index("year")["cpi_u"]
    ch = price_change(p, 2019, 2023, "residential", cpi)
    assert ch.loc["VA", "price_start"] == pytest.approx(12.07)
    assert ch.loc["VA", "price_end"] == pytest.approx(14.26)
    assert ch.loc["CA", "change_pct"] == pytest.approx(100 * (29.51 / 19.15 - 1))
    assert ch["change_pct"].max() < 120  # no state near the article's upper figure


@pytest.mark.parametrize("kw, match", [
    (dict(sector="household"), "sector"), (dict(start=2023, end=2019), "start"), (dict(start=2018), "start=2018"),
    (dict(cpi={2019: 100.0}), "cpi"), (dict(cpi={2019: 100.0, 2023: -5.0}), "cpi"), (dict(start="2019"), "start"),
    (dict(start=2019.5), "start"), (dict(cpi=pd.Series([1.0, 2.0, 3.0], index=[2019, 2023, 2023])), "cpi"),
])
def test_price_change_bad_input(kw, match):
    args = dict(start=2019, end=2023)
    args.update(kw)
    with pytest.raises((ValueError, TypeError), match=match):
        price_change(_toy(), **args)


def test_price_change_bad_frames():
    with pytest.raises(ValueError, match="prices"):
        price_change(pd.DataFrame({"state": ["A"]}), 2019, 2023)
    with pytest.raises(TypeError, match="prices"):
        price_change([1, 2], 2019, 2023)
    with pytest.raises(TypeError, match="price"):
        price_change(_toy().assign(price=["x"] * 5), 2019, 2023)
    with pytest.raises(ValueError, match="price"):
        price_change(_toy().assign(price=[10.0, -1.0, 20.0, 22.0, 9.0]), 2019, 2023)


# ---- cross_state_regression: an independent oracle (statsmodels, scipy) ------------------------

@pytest.mark.parametrize("cov", COV_TYPES)
def test_regression_matches_statsmodels_and_scipy(cov):
    sm = pytest.importorskip("statsmodels.api")
    from scipy import stats

    rng = np.random.default_rng(3)
    x = rng.uniform(0, 25, 43)
    y = 2 - 0.3 * x + rng.normal(0, 1, 43) * (1 + x / 5)
    r = cross_state_regression(pd.DataFrame({"x": x, "y": y}), "x", "y", cov_type=cov)
    model = sm.OLS(y, sm.add_constant(x))
    ref = model.fit() if cov == "nonrobust" else model.fit(cov_type=cov, use_t=True)
    assert r.slope == pytest.approx(ref.params[1], rel=1e-10)
    assert r.se == pytest.approx(ref.bse[1], rel=1e-10)
    assert r.p_value == pytest.approx(ref.pvalues[1], rel=1e-8)
    assert (r.ci_low, r.ci_high) == pytest.approx(tuple(ref.conf_int()[1]), rel=1e-10)
    assert r.r2 == pytest.approx(ref.rsquared, rel=1e-10)
    rho, p = stats.spearmanr(x, y)
    assert (r.spearman_rho, r.spearman_p) == pytest.approx((rho, p), rel=1e-10)


def test_regression_recovers_known_slope_and_finds_no_relation_in_noise():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 25, 200)
    r = cross_state_regression(pd.DataFrame({"x": x, "y": 3.0 - 0.5 * x + rng.normal(0, 1, 200)}), "x", "y")
    assert r.slope == pytest.approx(-0.5, abs=0.05) and r.ci_low < -0.5 < r.ci_high and r.p_value < 1e-6
    noise = cross_state_regression(pd.DataFrame({"x": rng.uniform(0, 25, 60), "y": rng.normal(0, 1, 60)}), "x", "y")
    assert noise.ci_low < 0 < noise.ci_high


def test_regression_drops_missing_rows_and_refuses_duplicated_states():
    df = pd.DataFrame({"x": [0, 1, 2, 3, 4, 5, np.nan], "y": [0.0, 1, 2, 3, 4, 5, 100]})
    assert cross_state_regression(df, "x", "y").n == 6
    dup = pd.DataFrame({"x": [0.0, 1, 2, 3, 4, 5], "y": [0.0, 1, 2, 3, 4, 6]}, index=list("aabcde"))
    with pytest.raises(ValueError, match="duplicated"):
        cross_state_regression(dup, "x", "y")
    with pytest.raises(ValueError, match="duplicated"):
        leave_one_out(dup, "x", "y")


def test_chapter_regression_on_the_book_data():
    """Chapter 9's headline test: 43 states, negative slope, interval spanning zero (EIA x EPRI)."""
    p = load("electricity_prices_state")
    cpi = load("electricity_cpi").set_index("year")["cpi_u"]
    share = load("datacenter_state_share").set_index("state")["share_pct"]
    d = price_change(p, 2019, 2023, "residential", cpi).join(share, how="inner")
    r = cross_state_regression(d, "share_pct", "change_pct")
    assert r.n == 43 and r.slope < 0 and r.ci_low < 0 < r.ci_high
    loo = leave_one_out(d, "share_pct", "change_pct")
    assert loo.idxmin() == "VA" and loo.max() < 0


@settings(max_examples=30)
@given(st.lists(st.tuples(st.floats(0, 30), st.floats(-20, 60)), min_size=7, max_size=30))
def test_leave_one_out_matches_refits(rows):
    df = pd.DataFrame(rows, columns=["x", "y"])
    assume(df["x"].round(6).nunique() >= 4)
    loo = leave_one_out(df, "x", "y")
    for i in (0, len(df) - 1):
        sub = df.drop(index=i)
        assert loo.loc[i] == pytest.approx(np.polyfit(sub["x"], sub["y"], 1)[0], rel=1e-6, abs=1e-6)


def test_regression_bad_input():
    df = pd.DataFrame({"x": [0, 1, 2, 3, 4, 5], "y": [0.0, 1, 2, 3, 4, 5]})
    for kw, match in [(dict(x="z"), "x='z'"), (dict(cov_type="HC9"), "cov_type"), (dict(alpha=1.5), "alpha"),
                      (dict(alpha="0.05"), "alpha"), (dict(alpha=float("nan")), "alpha"), (dict(x="y"), "different")]:
        args = dict(data=df, x="x", y="y")
        args.update(kw)
        with pytest.raises((ValueError, TypeError), match=match):
            cross_state_regression(**args)
    with pytest.raises(ValueError, match="at least 5"):
        cross_state_regression(df.head(4), "x", "y")
    with pytest.raises(ValueError, match="finite"):
        cross_state_regression(df.assign(y=[0, 1, np.inf, 3, 4, 5]), "x", "y")
    with pytest.raises(ValueError, match="vary"):
        cross_state_regression(df.assign(x=1.0), "x", "y")
    with pytest.raises(ValueError, match="at least 6"):
        leave_one_out(df.head(5), "x", "y")
    with pytest.raises(TypeError, match="data"):
        cross_state_regression([1, 2, 3], "x", "y")
    with pytest.raises(TypeError, match="numbers"):
        cross_state_regression(df.assign(y=list("abcdef")), "x", "y")


# ---- capacity_cost: published totals the code was not fitted to ---------------------------------

@pytest.mark.parametrize("period", ["2026-2027", "2027-2028"])
def test_capacity_cost_reproduces_reported_auction_totals(period):
    """EVA (2026/27: 'over USD 16.1 billion') and Camelot (2027/28: USD 16.4 billion) report the totals;
    the code multiplies the cleared MW and the clearing price, both read from other rows."""
    ds = load_dataset("electricity_price_reports")
    mw = ds.value(scope="PJM", metric="cleared_capacity", period=period)
    p = ds.value(scope="PJM", metric="capacity_price_rto", period=period)
    reported = ds.value(scope="PJM", metric="capacity_cost_reported", period=period)
    assert capacity_cost(mw, p) == pytest.approx(reported, abs=0.05)


def test_capacity_cost_vectorised_and_series():
    s = pd.Series([100.0, 200.0], index=["a", "b"])
    out = capacity_cost(s, 10.0)
    assert list(out.index) == ["a", "b"] and out.tolist() == pytest.approx([100 * 10 * 365 / 1e9, 200 * 10 * 365 / 1e9])
    assert capacity_cost(1000.0, 100.0, days=366) == pytest.approx(1000 * 100 * 366 / 1e9)


_BAD_CAPACITY = {
    "cleared_mw": st.one_of(st.sampled_from([float("nan"), float("inf"), 0.0, 1e12, "1.0", None, True, []]), st.floats(max_value=0.0)),
    "price_per_mw_day": st.one_of(st.sampled_from([float("nan"), -1.0, 1e9, "1.0", None, False]), st.floats(max_value=-1e-9)),
    "days": st.one_of(st.sampled_from([364, 367, 365.5, float("nan"), "365", None]), st.integers(max_value=364)),
}


@settings(max_examples=80)
@given(data=st.data(), which=st.sampled_from(sorted(_BAD_CAPACITY)))
def test_capacity_cost_bad_input_is_a_clean_error(data, which):
    args = dict(cleared_mw=1000.0, price_per_mw_day=100.0, days=365)
    args[which] = data.draw(_BAD_CAPACITY[which])
    with pytest.raises((ValueError, TypeError), match=which):
        capacity_cost(**args)


@settings(max_examples=60)
@given(bad=st.one_of(st.floats(allow_nan=True, allow_infinity=True).filter(lambda v: not (0 < v < 1)),
                     st.text(max_size=3), st.none(), st.booleans()))
def test_regression_alpha_property(bad):
    df = pd.DataFrame({"x": [0, 1, 2, 3, 4, 5], "y": [0.0, 1, 2, 3, 4, 5.5]})
    with pytest.raises((ValueError, TypeError), match="alpha"):
        cross_state_regression(df, "x", "y", alpha=bad)


def test_regression_alpha_too_small_for_a_finite_interval_is_refused():
    df = pd.DataFrame({"x": [0, 1, 2, 3, 4, 5], "y": [0.0, 1, 2, 3, 4, 5.5]})
    with pytest.raises(ValueError, match="alpha must be >= 1e-10"):
        cross_state_regression(df, "x", "y", alpha=1e-70)
    r = cross_state_regression(df, "x", "y", alpha=1e-10)
    assert np.isfinite([r.ci_low, r.ci_high]).all()


# ---- charts ---------------------------------------------------------------------------------

def _titles(spec) -> list[str]:
    text = json.dumps(spec)
    return re.findall(r'"title": "([^"]*)"', text)


def test_charts_build_with_plain_labels():
    from helpers.charts import power as pc

    demand = pd.DataFrame({"scope": ["United States", "United States"], "year": [2014, 2028], "value": [58.0, np.nan],
                           "low": [np.nan, 325.0], "high": [np.nan, 580.0], "kind": ["Estimate", "Projection"],
                           "published": ["2024-12", "2024-12"]})
    share = pd.DataFrame({"label": ["Virginia 2023", "Virginia 2030"], "value": [25.6, np.nan], "low": [np.nan, 39.0],
                          "high": [np.nan, 57.0], "kind": ["Estimate", "Projection"]})
    strip = pd.DataFrame({"state": ["A", "A"], "measure": ["Nominal", "After inflation"], "change": [20.0, 1.0]})
    long = pd.DataFrame({"state_name": ["A", "B"], "share_pct": [1.0, 20.0], "change": [10.0, 5.0], "price_start": [10.0, 11.0],
                         "price_end": [11.0, 12.0], "sector": ["residential"] * 2, "measure": ["nominal"] * 2})
    cap = pd.DataFrame({"delivery_year": ["2024/25", "2027/28"], "price": [28.92, 333.44], "uncapped": [np.nan, 529.8]})
    charts = [pc.demand_chart(demand), pc.share_chart(share, 40.0, "Article: 40%"), pc.change_strip(strip, (50, 120), "Article"),
              pc.price_scatter(long, [("residential", "Residential")], [("nominal", "Nominal")], "A"), pc.capacity_chart(cap)]
    for c in charts:
        spec = c.to_dict()
        assert all("_" not in t for t in _titles(spec)), _titles(spec)
    with pytest.raises(ValueError, match="frame"):
        pc.capacity_chart(cap.drop(columns="uncapped"))
