"""Tests of helpers.models.jcurve: the measurement J-curve (mechanics, the J shape for any admissible parameters, bad input)."""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.models.jcurve import explorer_grid, intangible_jcurve, surge_path

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


def test_explorer_grid_bad_input():
    with pytest.raises(ValueError, match="surge_sizes"):
        explorer_grid(surge_sizes=[], ramp_years=[2], depreciations=[0.2], capital_shares=[0.02])
    with pytest.raises(ValueError, match="depreciation"):
        explorer_grid(surge_sizes=[0.01], ramp_years=[2], depreciations=[1.2], capital_shares=[0.02])
    with pytest.raises(ValueError, match="years"):
        explorer_grid(surge_sizes=[0.01], ramp_years=[2], depreciations=[0.2], capital_shares=[0.02], years=10_000)
    with pytest.raises(ValueError, match="ramp_years"):
        explorer_grid(surge_sizes=[0.01], ramp_years=[2.5], depreciations=[0.2], capital_shares=[0.02])


# ---------------------------------------------------------------- the paper's published figures
def test_the_chapter_reading_of_the_paper_holds_in_the_data():
    """Not a reproduction (the paper's intangible estimates are not available here): a contract check of what the
    chapter relies on. Every version puts the adjusted TFP level above the official one (the rising side of the J),
    exactly one row is the published article's end-2017 figure, and the model agrees in sign: early in a wave of
    hidden investment the measured TFP level sits below the true one (see also test_sign_pattern_and_j_shape)."""
    from helpers.data import load_dataset

    brs = load_dataset("jcurve_brs2021")
    assert (brs.frame["tfp_gap_pct"] > 0).all()
    assert brs.value("tfp_gap_pct", version="aej_2021", year=2017) > 0
    assert set(brs.frame["kind"]) == {"estimate"}
    assert brs.frame.groupby("version")["version_label"].nunique().eq(1).all()
    r = intangible_jcurve(surge_path(30, base_share=0.02, surge_size=0.05, ramp_years=20, start=2),
                          depreciation=0.15, capital_share=0.05)
    level = r.frame["measured_vs_true"]
    assert level.iloc[2] < 0 and 2 <= int(level.idxmin()) <= 21   # understated early in the wave, deepest during it


BAD = st.sampled_from([float("nan"), float("inf"), -float("inf"), -0.5, 1.5, "0.2", None, True, [0.1, 0.2]])


@SETTINGS
@given(bad=BAD, which=st.sampled_from(["depreciation", "capital_share", "output_growth", "initial_stock", "inv_share",
                                       "base_share", "surge_size", "ramp_years", "start", "years"]))
def test_any_bad_value_is_a_clean_error(bad, which):
    if which == "output_growth" and bad in (-0.5, 1.5):
        bad = -1.5                      # growth above -1 is admissible
    if which == "initial_stock" and bad in (1.5, None):
        bad = -1.0                      # any non-negative stock is admissible; None means "steady state"
    if which in ("ramp_years", "start", "years") and bad == 1.5:
        bad = 2.5                       # a non-integer number of years
    if which == "years" and isinstance(bad, list):
        bad = [2000]                    # a sequence of year labels needs at least two
    jc = dict(inv_share=[0.02, 0.03, 0.03], depreciation=0.2, capital_share=0.05)
    sp = dict(years=10, base_share=0.02, surge_size=0.02, ramp_years=3, start=2)
    with pytest.raises((ValueError, TypeError)) as err:
        if which in jc or which in ("output_growth", "initial_stock"):
            jc[which] = bad if which != "inv_share" else [0.02, bad, 0.03]
            intangible_jcurve(jc.pop("inv_share"), **jc)
        else:
            sp[which] = bad
            surge_path(sp.pop("years"), **sp)
    assert type(err.value).__module__ in ("builtins", "helpers._validate")


def test_path_index_must_be_unique_and_in_time_order():
    path = surge_path(8, base_share=0.02, surge_size=0.02, ramp_years=3, start=2)
    for bad, match in [(path.iloc[::-1], "increasing"), (pd.concat([path.iloc[:1], path]), "duplicated")]:
        with pytest.raises(ValueError, match=match):
            intangible_jcurve(bad, depreciation=0.2, capital_share=0.04)
    labelled = path.set_axis(list("hgfedcba"))      # labels that are not times keep their order
    assert intangible_jcurve(labelled, depreciation=0.2, capital_share=0.04).frame.index.tolist() == list("hgfedcba")


def test_cross_parameter_refusals_name_every_parameter_involved():
    for call, match in [(lambda: surge_path(2, base_share=0.02, surge_size=0.02, ramp_years=3, start=2), "years"),
                        (lambda: surge_path(8, base_share=0.999, surge_size=0.02, ramp_years=3, start=2), "base_share"),
                        (lambda: intangible_jcurve([0.02] * 5, depreciation=0.2, capital_share=0.04, output_growth=1e300),
                         "output_growth"),
                        (lambda: explorer_grid(surge_sizes=[1.5], ramp_years=[2], depreciations=[0.2], capital_shares=[0.02]),
                         "surge_sizes"),
                        (lambda: explorer_grid(surge_sizes=[0.01], ramp_years=[2], depreciations=[0.2], capital_shares=[2.0]),
                         "capital_shares")]:
        with pytest.raises(ValueError, match=match):
            call()
