"""Tests of helpers.jcurve: the measurement J-curve and the organisational J-curve."""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.models.jcurve import (
    explorer_grid,
    intangible_jcurve,
    org_jcurve,
    org_jcurve_vega_expr,
    surge_path,
)

SETTINGS = settings(max_examples=60, deadline=None)

base_shares = st.floats(0.005, 0.10)
sizes = st.floats(0.002, 0.10)
ramps = st.integers(1, 8)
starts = st.integers(1, 3)
deltas = st.floats(0.02, 1.0)
alphas = st.floats(0.001, 0.5)


def _wave(base, size, ramp, start, extra=12):
    return surge_path(start + ramp + extra, base_share=base, surge_size=size, ramp_years=ramp, start=start)


# ------------------------------------------------------------------ sign pattern and J shape
@SETTINGS
@given(base=base_shares, size=sizes, ramp=ramps, start=starts, delta=deltas, alpha=alphas)
def test_sign_pattern_and_j_shape(base, size, ramp, start, delta, alpha):
    f = intangible_jcurve(_wave(base, size, ramp, start), depreciation=delta, capital_share=alpha).frame
    gap = f["gap"].to_numpy()
    # Before the wave the economy is in its steady state: no gap.
    assert np.allclose(gap[1:start], 0.0, atol=1e-12)
    # First year of the ramp: hidden investment jumps, the stock has not moved yet -> understated.
    assert gap[start] > 0
    assert f["stock_growth"].iloc[start] == pytest.approx(0.0, abs=1e-12)
    # Once investment stops rising the stock keeps growing -> overstated, and never understated again.
    plateau = start + ramp
    assert gap[plateau] < 0
    assert (gap[plateau:] <= 1e-12).all()
    # The J: measured level dips below true, and climbs back monotonically after the plateau starts.
    level = f["measured_vs_true"].to_numpy()
    assert level.min() < 0
    assert (np.diff(level[plateau - 1:]) >= -1e-12).all()
    lg = f["level_gap"].to_numpy()
    assert lg.max() > 0 and lg.argmax() <= plateau - 1


@SETTINGS
@given(base=base_shares, size=sizes, ramp=ramps, delta=deltas, a1=alphas, a2=alphas)
def test_higher_capital_share_means_less_understatement(base, size, ramp, delta, a1, a2):
    lo, hi = sorted((a1, a2))
    path = _wave(base, size, ramp, 2)
    r_lo = intangible_jcurve(path, depreciation=delta, capital_share=lo)
    r_hi = intangible_jcurve(path, depreciation=delta, capital_share=hi)
    # The stock only grows along this path, so the missed-input term grows with alpha.
    assert (r_hi.frame["level_gap"] <= r_lo.frame["level_gap"] + 1e-12).all()
    assert r_hi.peak_understatement <= r_lo.peak_understatement + 1e-12


def test_long_run_level_gap_matches_its_closed_form():
    # With a permanent shift the stock converges to I_new/delta, so the final level gap is
    # sum(s_bar * g_I) - alpha * ln(s_new / s_old).
    path = _wave(0.02, 0.03, 4, 2, extra=200)
    r = intangible_jcurve(path, depreciation=0.25, capital_share=0.05)
    s = path.to_numpy()
    tornqvist = float(np.sum(0.5 * (s[1:] + s[:-1]) * np.diff(np.log(s))))
    assert r.final_level_gap == pytest.approx(tornqvist - 0.05 * math.log(0.05 / 0.02), abs=1e-9)


# --------------------------------------------------------------------------- steady state
@SETTINGS
@given(share=st.floats(0.005, 0.3), delta=st.floats(0.06, 1.0), alpha=st.floats(0.0, 1.0),
       g=st.floats(-0.05, 0.10), n=st.integers(3, 30))
def test_steady_state_has_no_j(share, delta, alpha, g, n):
    path = pd.Series(share, index=range(2000, 2000 + n))
    r = intangible_jcurve(path, depreciation=delta, capital_share=alpha, output_growth=g)
    f = r.frame.iloc[1:]
    # Investment and stock grow at the same rate ...
    assert np.allclose(f["investment_growth"], f["stock_growth"], atol=1e-12)
    # ... and the gap is the constant drift (s - alpha) ln(1+g): no dip, no reversal.
    assert np.allclose(f["gap"], (share - alpha) * math.log1p(g), atol=1e-12)


@SETTINGS
@given(share=st.floats(0.005, 0.3), delta=st.floats(0.01, 1.0), alpha=st.floats(0.0, 1.0), n=st.integers(3, 30))
def test_stationary_steady_state_has_zero_gap(share, delta, alpha, n):
    r = intangible_jcurve(np.full(n, share), depreciation=delta, capital_share=alpha, true_tfp_growth=0.01)
    f = r.frame.iloc[1:]
    assert np.allclose(f["gap"], 0.0, atol=1e-12)
    assert np.allclose(f["measured_tfp_growth"], f["true_tfp_growth"], atol=1e-12)
    assert r.peak_understatement == pytest.approx(0.0, abs=1e-12)


# ------------------------------------------------------------------------ mechanics
@SETTINGS
@given(n=st.integers(2, 25), delta=st.floats(0.0, 1.0), k0=st.floats(0.01, 5.0), data=st.data())
def test_stock_follows_perpetual_inventory(n, delta, k0, data):
    shares = data.draw(st.lists(st.floats(0.001, 0.5), min_size=n, max_size=n))
    r = intangible_jcurve(shares, depreciation=delta, capital_share=0.1, initial_stock=k0)
    k = [k0]
    for s_prev in shares[:-1]:
        k.append((1 - delta) * k[-1] + s_prev)
    assert np.allclose(r.frame["stock"], k, rtol=1e-10)


def test_hand_computed_first_year():
    # Year 1: share 0.02 -> 0.03 with the stock unchanged (delta = 0.2, steady state before).
    r = intangible_jcurve([0.02, 0.03, 0.03], depreciation=0.2, capital_share=0.05)
    f = r.frame
    assert f["stock"].tolist()[:2] == pytest.approx([0.1, 0.1])
    assert f["gap"].iloc[1] == pytest.approx(0.025 * math.log(1.5))
    # Year 2: no investment growth, stock 0.8*0.1 + 0.03 = 0.11 -> gap = -alpha ln(1.1).
    assert f["stock"].iloc[2] == pytest.approx(0.11)
    assert f["gap"].iloc[2] == pytest.approx(-0.05 * math.log(1.1))
    assert f["measured_tfp_growth"].iloc[2] == pytest.approx(0.05 * math.log(1.1))
    assert f["level_gap"].iloc[2] == pytest.approx(0.025 * math.log(1.5) - 0.05 * math.log(1.1))


def test_true_tfp_growth_path_and_index_are_kept():
    idx = pd.Index([2020, 2021, 2022, 2023], name="year")
    path = pd.Series([0.02, 0.03, 0.03, 0.03], index=idx)
    r = intangible_jcurve(path, depreciation=0.2, capital_share=0.05, true_tfp_growth=[0.0, 0.01, 0.02, 0.03])
    assert r.frame.index.equals(idx)
    f = r.frame
    assert np.allclose(f["true_tfp_growth"].iloc[1:] - f["measured_tfp_growth"].iloc[1:], f["gap"].iloc[1:])
    assert math.isnan(f["gap"].iloc[0]) and f["level_gap"].iloc[0] == 0.0


def test_surge_path_shape():
    p = surge_path(range(2010, 2020), base_share=0.02, surge_size=0.03, ramp_years=3, start=2)
    assert p.index[0] == 2010 and len(p) == 10
    assert p.round(6).tolist() == [0.02, 0.02, 0.03, 0.04, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05]


def test_explorer_grid_matches_direct_model():
    g = explorer_grid(surge_sizes=[0.01, 0.03], ramp_years=[2, 5], depreciations=[0.1, 0.3],
                      capital_shares=[0.02, 0.06], years=15, decimals=10)
    assert len(g) == 16 * 14
    row = g[(g["size"] == 0.03) & (g["ramp"] == 5) & (g["delta"] == 0.3) & (g["alpha"] == 0.06)]
    r = intangible_jcurve(surge_path(15, base_share=0.02, surge_size=0.03, ramp_years=5, start=2),
                          depreciation=0.3, capital_share=0.06).frame.iloc[1:]
    assert np.allclose(row["gap_pp"], 100 * r["gap"], atol=1e-8)
    assert np.allclose(row["level_pct"], 100 * r["measured_vs_true"], atol=1e-8)


# ------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(inv_share=[0.02, float("nan")]), "inv_share"),
        (dict(inv_share=[]), "inv_share"),
        (dict(inv_share=[0.02, 1.2]), "inv_share"),
        (dict(inv_share=[0.02, -0.01]), "inv_share"),
        (dict(inv_share=[0.02, 0.0]), "inv_share"),
        (dict(inv_share=[[0.02, 0.03]]), "inv_share"),
        (dict(inv_share=["a", "b"]), "inv_share"),
        (dict(depreciation=-0.1), "depreciation"),
        (dict(depreciation=1.5), "depreciation"),
        (dict(depreciation=float("nan")), "depreciation"),
        (dict(capital_share=-0.01), "capital_share"),
        (dict(capital_share=1.01), "capital_share"),
        (dict(capital_share=float("nan")), "capital_share"),
        (dict(output_growth=-1.0), "output_growth"),
        (dict(output_growth=float("inf")), "output_growth"),
        (dict(true_tfp_growth=[0.01, 0.02]), "true_tfp_growth"),
        (dict(true_tfp_growth=[0.01, float("nan"), 0.0]), "true_tfp_growth"),
        (dict(initial_stock=-1.0), "initial_stock"),
        (dict(depreciation=0.0, initial_stock=None), "initial_stock"),
        (dict(depreciation=1.0, initial_stock=0.0), "initial_stock"),
    ],
)
def test_bad_input_names_the_parameter(kwargs, name):
    args = dict(inv_share=[0.02, 0.03, 0.03], depreciation=0.2, capital_share=0.05)
    args.update(kwargs)
    share = args.pop("inv_share")
    with pytest.raises(ValueError, match=re.escape(name)):
        intangible_jcurve(share, **args)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(base_share=0.0), "base_share"),
        (dict(base_share=float("nan")), "base_share"),
        (dict(surge_size=-0.01), "surge_size"),
        (dict(surge_size=0.99), "surge_size"),
        (dict(ramp_years=0), "ramp_years"),
        (dict(ramp_years=2.5), "ramp_years"),
        (dict(start=0), "start"),
        (dict(start=10), "start"),
        (dict(years=1), "years"),
    ],
)
def test_surge_path_bad_input(kwargs, name):
    args = dict(years=10, base_share=0.02, surge_size=0.02, ramp_years=3, start=2)
    args.update(kwargs)
    years = args.pop("years")
    with pytest.raises(ValueError, match=re.escape(name)):
        surge_path(years, **args)


def test_explorer_grid_packed_is_the_tidy_grid():
    kw = dict(surge_sizes=[0.01, 0.02], ramp_years=[2, 4], depreciations=[0.2], capital_shares=[0.04], years=12)
    tidy = explorer_grid(**kw)
    packed = explorer_grid(**kw, packed=True)
    assert len(packed) == 4
    flat = packed.explode(["year", "inv_share", "gap_pp", "level_pct"]).reset_index(drop=True)
    assert np.allclose(flat["level_pct"].astype(float), tidy["level_pct"])
    assert flat["year"].astype(int).tolist() == tidy["year"].tolist()


def test_explorer_grid_bad_input():
    with pytest.raises(ValueError, match="surge_sizes"):
        explorer_grid(surge_sizes=[], ramp_years=[2], depreciations=[0.2], capital_shares=[0.02])
    with pytest.raises(ValueError, match="depreciation"):
        explorer_grid(surge_sizes=[0.01], ramp_years=[2], depreciations=[1.2], capital_shares=[0.02])


# -------------------------------------------------------------------- organisational J-curve
org_depths = st.floats(0.0, 0.9)
org_be = st.floats(0.5, 15.0)
org_gain = st.floats(0.0, 1.0)


@SETTINGS
@given(d=org_depths, be=org_be, gain=org_gain, frac=st.floats(0.05, 0.95), tau=st.floats(0.2, 10.0))
def test_org_jcurve_parameters_are_exact(d, be, gain, frac, tau):
    tm = frac * be
    t = np.concatenate([np.linspace(-1, be + 60 * tau, 2001), [tm, be]])
    r = org_jcurve(t, dip_depth=d, break_even=be, long_run_gain=gain, trough=tm, gain_time=tau)
    lv = r.frame["level"].to_numpy()
    assert lv.min() == pytest.approx(1 - d, abs=1e-12)
    assert r.frame["level"].iloc[-2] == pytest.approx(1 - d) and r.frame["level"].iloc[-1] == pytest.approx(1.0)
    assert lv[-3] == pytest.approx(1 + gain, abs=1e-9)
    # The dip lies below the no-adoption path before break-even, the gain above it after.
    before = (t > 0) & (t < be)
    after = t > be
    assert (lv[before] <= 1 + 1e-12).all() and (lv[after] >= 1 - 1e-12).all()
    assert (lv[t < 0] == 1).all()


@SETTINGS
@given(d=st.floats(0.01, 0.9), be=org_be, gain=st.floats(0.01, 1.0))
def test_org_jcurve_payback(d, be, gain):
    r = org_jcurve([0.0], dip_depth=d, break_even=be, long_run_gain=gain)
    assert r.payback_year > r.break_even_year
    at = org_jcurve([r.payback_year, be], dip_depth=d, break_even=be, long_run_gain=gain).frame["cumulative"]
    assert at.iloc[0] == pytest.approx(0.0, abs=1e-8)
    assert at.iloc[1] == pytest.approx(-d * be / 2)
    # Numerical integral of the level path agrees with the closed form.
    t = np.linspace(0, r.payback_year, 20001)
    lv = org_jcurve(t, dip_depth=d, break_even=be, long_run_gain=gain).frame["gap"].to_numpy()
    area = float(np.sum(0.5 * (lv[1:] + lv[:-1]) * np.diff(t)))
    assert area == pytest.approx(0.0, abs=1e-4 * max(1.0, d * be))


def test_org_jcurve_no_gain_never_pays_back():
    assert math.isinf(org_jcurve([1.0], dip_depth=0.1, break_even=3, long_run_gain=0.0).payback_year)
    assert org_jcurve([1.0], dip_depth=0.0, break_even=3, long_run_gain=0.1).payback_year == 0.0


def _eval_vega(expr: str, t: float) -> float:
    py = expr.replace("if(", "_if(").replace("datum.t", "t")
    ns = {"_if": lambda c, a, b: a if c else b, "cos": math.cos, "exp": math.exp, "PI": math.pi, "t": t}
    return eval(py, {"__builtins__": {}}, ns)  # noqa: S307 - expression built by our own helper


@SETTINGS
@given(d=org_depths, be=org_be, gain=org_gain, t=st.floats(0.0, 40.0))
def test_vega_expression_matches_python(d, be, gain, t):
    expr = org_jcurve_vega_expr("datum.t", dip_depth=repr(d), break_even=repr(be), long_run_gain=repr(gain))
    want = org_jcurve([t], dip_depth=d, break_even=be, long_run_gain=gain).frame["level"].iloc[0]
    assert _eval_vega(expr, t) == pytest.approx(want, abs=1e-12)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(dip_depth=1.0), "dip_depth"),
        (dict(dip_depth=-0.1), "dip_depth"),
        (dict(dip_depth=float("nan")), "dip_depth"),
        (dict(break_even=0.0), "break_even"),
        (dict(long_run_gain=-0.1), "long_run_gain"),
        (dict(trough=5.0), "trough"),
        (dict(gain_time=0.0), "gain_time"),
        (dict(t=[]), "t"),
        (dict(t=[0.0, float("nan")]), "t"),
    ],
)
def test_org_jcurve_bad_input(kwargs, name):
    args = dict(t=[0.0, 1.0, 2.0], dip_depth=0.1, break_even=4.0, long_run_gain=0.2)
    args.update(kwargs)
    t = args.pop("t")
    with pytest.raises(ValueError, match=re.escape(name)):
        org_jcurve(t, **args)


def test_vega_expr_bad_input():
    with pytest.raises(ValueError, match="dip_depth"):
        org_jcurve_vega_expr("datum.t", dip_depth="")


# ---------------------------------------------------------------- the paper's published figures
def test_published_figures_are_recorded_as_published():
    from helpers.data import load

    df = load("jcurve_brs2021").set_index(["version", "year"])
    assert df.loc[("aej_2021", 2017), "tfp_gap_pct"] == pytest.approx(15.9)
    assert df.loc[("nber_wp_2018", 2004), "tfp_gap_pct"] == pytest.approx(11.3)
    assert df.loc[("nber_wp_2018", 2017), "tfp_gap_pct"] == pytest.approx(15.9)
    assert df.loc[("draft_2019", 2017), "tfp_gap_pct"] == pytest.approx(22.8)
    assert set(df["kind"]) == {"estimate"}
