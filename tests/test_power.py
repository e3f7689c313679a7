"""Tests for helpers.power (electricity prices vs data-centre concentration, chapter 9)."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.data import load
from helpers.models.power import cross_state_regression, leave_one_out, price_change, real_change_pct

price = st.floats(min_value=1.0, max_value=60.0, allow_nan=False)


@given(p0=price, p1=price)
def test_real_equals_nominal_without_inflation(p0, p1):
    assert real_change_pct(p0, p1, 100.0, 100.0) == pytest.approx(100 * (p1 / p0 - 1))


@given(p0=price, infl=st.floats(min_value=0.0, max_value=0.5))
def test_price_tracking_inflation_is_flat_in_real_terms(p0, infl):
    assert real_change_pct(p0, p0 * (1 + infl), 200.0, 200.0 * (1 + infl)) == pytest.approx(0.0, abs=1e-9)


def _toy():
    return pd.DataFrame(
        {
            "state": ["A", "A", "B", "B", "C"],
            "year": [2019, 2023, 2019, 2023, 2019],
            "sector": ["residential"] * 5,
            "price": [10.0, 15.0, 20.0, 22.0, 9.0],
        }
    )


def test_price_change_values_and_dropping():
    out = price_change(_toy(), 2019, 2023, cpi={2019: 100.0, 2023: 120.0})
    assert list(out.index) == ["A", "B"]  # C lacks 2023
    assert out.loc["A", "change_pct"] == pytest.approx(50.0)
    assert out.loc["A", "change_cents"] == pytest.approx(5.0)
    assert out.loc["A", "real_change_pct"] == pytest.approx(25.0)
    assert out.loc["B", "real_change_pct"] == pytest.approx(100 * (1.1 / 1.2 - 1))


def test_eia_virginia_and_california_from_data():
    """Residential price change 2019-2023 from the stored EIA tables."""
    p = load("electricity_prices_state")
    cpi = load("electricity_cpi").set_index("year")["cpi_u"]
    ch = price_change(p, 2019, 2023, "residential", cpi)
    assert ch.loc["VA", "price_start"] == pytest.approx(12.07)
    assert ch.loc["VA", "price_end"] == pytest.approx(14.26)
    assert ch.loc["CA", "change_pct"] == pytest.approx(100 * (29.51 / 19.15 - 1))
    assert ch["change_pct"].max() < 120  # no state near the article's upper figure
    assert (ch["real_change_pct"] < 30).all()


def test_regression_recovers_known_slope():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 25, 200)
    df = pd.DataFrame({"x": x, "y": 3.0 - 0.5 * x + rng.normal(0, 1, 200)})
    r = cross_state_regression(df, "x", "y")
    assert r.slope == pytest.approx(-0.5, abs=0.05)
    assert r.ci_low < -0.5 < r.ci_high
    assert r.p_value < 1e-6
    assert r.spearman_rho < -0.8
    assert r.n == 200


def test_regression_no_relation_is_insignificant():
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"x": rng.uniform(0, 25, 60), "y": rng.normal(0, 1, 60)})
    r = cross_state_regression(df, "x", "y")
    assert r.ci_low < 0 < r.ci_high


def test_regression_drops_missing_rows():
    df = pd.DataFrame({"x": [0, 1, 2, 3, 4, 5, np.nan], "y": [0.0, 1, 2, 3, 4, 5, 100]})
    assert cross_state_regression(df, "x", "y").n == 6


def test_robust_and_classical_se_differ_under_heteroskedasticity():
    rng = np.random.default_rng(2)
    x = rng.uniform(0, 10, 100)
    df = pd.DataFrame({"x": x, "y": x + rng.normal(0, 1, 100) * x})
    a = cross_state_regression(df, "x", "y", cov_type="HC3")
    b = cross_state_regression(df, "x", "y", cov_type="nonrobust")
    assert a.slope == pytest.approx(b.slope)
    assert a.se != pytest.approx(b.se, rel=1e-3)


@settings(max_examples=30)
@given(st.lists(st.tuples(st.floats(0, 30), st.floats(-20, 60)), min_size=7, max_size=30))
def test_leave_one_out_matches_refits(rows):
    df = pd.DataFrame(rows, columns=["x", "y"])
    if df["x"].round(6).nunique() < 4:
        return
    loo = leave_one_out(df, "x", "y")
    for i in (0, len(df) - 1):
        sub = df.drop(index=i)
        ref = np.polyfit(sub["x"], sub["y"], 1)[0]
        assert loo.loc[i] == pytest.approx(ref, rel=1e-6, abs=1e-6)


@pytest.mark.parametrize(
    "kw, match",
    [
        (dict(sector="household"), "sector"),
        (dict(start=2023, end=2019), "start"),
        (dict(start=2018), "start=2018"),
        (dict(cpi={2019: 100.0}), "cpi"),
    ],
)
def test_price_change_bad_input(kw, match):
    args = dict(start=2019, end=2023)
    args.update(kw)
    with pytest.raises(ValueError, match=match):
        price_change(_toy(), **args)


def test_price_change_bad_frame():
    with pytest.raises(ValueError, match="prices"):
        price_change(pd.DataFrame({"state": ["A"]}), 2019, 2023)


@pytest.mark.parametrize(
    "args, match",
    [((0.0, 1.0, 1.0, 1.0), "p0"), ((1.0, np.nan, 1.0, 1.0), "p1"), ((1.0, 1.0, -1.0, 1.0), "cpi0"), ((1.0, 1.0, 1.0, []), "cpi1")],
)
def test_real_change_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        real_change_pct(*args)


def test_regression_bad_input():
    df = pd.DataFrame({"x": [0, 1, 2, 3, 4, 5], "y": [0.0, 1, 2, 3, 4, 5]})
    with pytest.raises(ValueError, match="x='z'"):
        cross_state_regression(df, "z", "y")
    with pytest.raises(ValueError, match="cov_type"):
        cross_state_regression(df, "x", "y", cov_type="HC9")
    with pytest.raises(ValueError, match="alpha"):
        cross_state_regression(df, "x", "y", alpha=1.5)
    with pytest.raises(ValueError, match="at least 5"):
        cross_state_regression(df.head(4), "x", "y")
    with pytest.raises(ValueError, match="finite"):
        cross_state_regression(df.assign(y=[0, 1, np.inf, 3, 4, 5]), "x", "y")
    with pytest.raises(ValueError, match="vary"):
        cross_state_regression(df.assign(x=1.0), "x", "y")
    with pytest.raises(ValueError, match="at least 6"):
        leave_one_out(df.head(5), "x", "y")
    with pytest.raises(ValueError, match="frame"):
        cross_state_regression([1, 2, 3], "x", "y")
