"""Tests of helpers.models.gdp: compounding, level gaps, doubling times, annualising (properties, known values, bad input)."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers.models import gdp

SETTINGS = settings(max_examples=80, deadline=None)
rates = st.floats(-0.05, 0.10)
NOT_NUMBERS = st.sampled_from([float("nan"), float("inf"), -float("inf"), "0.02", None, [0.02, 0.03], {"a": 1}])


# --------------------------------------------------------------------------- compounding
@SETTINGS
@given(g1=rates, g2=rates, h=st.integers(2, 300), data=st.data())
def test_level_paths_compound(g1, g2, h, data):
    # Both sub-horizons are drawn strictly inside the horizon, so the compounding identity
    # L(h1 + h2) = L(h1) L(h2) / L0 is checked with h1, h2 > 0 every time.
    h1 = data.draw(st.integers(1, h - 1))
    h2 = data.draw(st.integers(1, h - h1))
    p = gdp.level_paths({"a": g1, "b": g2}, h, base_level=3.0, start_year=2000)
    for col in ("a", "b"):
        assert math.isclose(p.loc[2000 + h1 + h2, col], p.loc[2000 + h1, col] * p.loc[2000 + h2, col] / 3.0, rel_tol=1e-9)
    # The ratio of the two paths is what level_gap reports.
    gap = gdp.level_gap(g1, g2, [h1])
    assert math.isclose(gap["ratio"].iloc[0], p.loc[2000 + h1, "b"] / p.loc[2000 + h1, "a"], rel_tol=1e-9)


@SETTINGS
@given(g=rates, h=st.integers(1, 200))
def test_level_paths_grow_year_on_year_at_the_rate(g, h):
    p = gdp.level_paths([g], h, base_level=7.0)
    ratios = p.iloc[1:, 0].to_numpy() / p.iloc[:-1, 0].to_numpy()
    assert np.allclose(ratios, 1 + g, rtol=1e-12)
    assert p.index[0] == 0 and p.index[-1] == h and p.iloc[0, 0] == 7.0


def test_level_gap_known_values():
    # 0.1 point a year for 10, 25 and 50 years: 0.985%, 2.480% and 5.022% (hand arithmetic: (1.021/1.02)^h - 1).
    gap = gdp.level_gap(0.02, 0.021, [10, 25, 50], base_level=50_000.0)
    assert np.allclose(gap["gap_pct"], [0.985, 2.480, 5.022], atol=1e-3)
    assert np.allclose(gap["gap_level"], gap["alternative_level"] - gap["baseline_level"])
    assert math.isclose(gap.loc[10.0, "baseline_level"], 50_000 * 1.02 ** 10)


@SETTINGS
@given(gb=rates, ga=rates, h=st.floats(0, 200))
def test_level_gap_is_antisymmetric_in_logs(gb, ga, h):
    there = gdp.level_gap(gb, ga, h)["ratio"].iloc[0]
    back = gdp.level_gap(ga, gb, h)["ratio"].iloc[0]
    assert math.isclose(there * back, 1.0, rel_tol=1e-9)
    assert (there > 1) == (ga > gb) or math.isclose(there, 1.0, rel_tol=1e-12)


# --------------------------------------------------------------------------- doubling and annualising
@SETTINGS
@given(g=st.floats(1e-4, 0.5))
def test_doubling_time_doubles(g):
    t = gdp.doubling_time(g)
    assert math.isclose((1 + g) ** t, 2.0, rel_tol=1e-9)
    assert gdp.doubling_time(g * 1.01) < t


def test_doubling_time_rule_of_70_and_vector():
    t = gdp.doubling_time([0.01, 0.02, 0.021])
    assert t.shape == (3,)
    assert abs(t[1] - 70 / 2) < 0.5            # the rule of 70
    assert round(float(t[1]), 2) == 35.0 and round(float(t[2]), 2) == 33.35


@SETTINGS
@given(g=st.floats(-0.9, -1e-4))
def test_signed_doubling_time_is_minus_the_halving_time(g):
    t = gdp.doubling_time(g, nonpositive="signed")
    assert t < 0 and math.isclose((1 + g) ** (-t), 0.5, rel_tol=1e-9)


def test_signed_policy_edge_cases():
    assert gdp.doubling_time(0.0, nonpositive="signed") == math.inf
    assert gdp.doubling_time(-0.5, nonpositive="signed") == pytest.approx(-1.0)
    with pytest.raises(ValueError, match="rate must be > 0"):
        gdp.doubling_time(0.0)
    with pytest.raises(ValueError, match="nonpositive"):
        gdp.doubling_time(0.02, nonpositive="ignore")


@SETTINGS
@given(gain=st.floats(-50, 500), years=st.floats(0.5, 100))
def test_annualise_inverts_compounding(gain, years):
    g = gdp.annualise(gain, years)
    assert math.isclose(100 * ((1 + g / 100) ** years - 1), gain, rel_tol=1e-9, abs_tol=1e-9)


def test_annualise_published_example():
    # Acemoglu (2025, section 3.2): a 0.66% TFP gain over 10 years is "around 0.064%" a year; compounding gives 0.066.
    assert abs(gdp.annualise(0.66, 10) - 0.064) < 0.003
    assert np.allclose(gdp.annualise([1.16, 0.93], 10), [0.1154, 0.0926], atol=1e-4)


# --------------------------------------------------------------------------- bad input
def test_bad_scenario_inputs_name_the_parameter():
    cases = [
        (lambda: gdp.level_paths({"x": -1.5}, 10), r"rates\['x'\]"),
        (lambda: gdp.level_paths({}, 10), "rates must not be empty"),
        (lambda: gdp.level_paths("0.02", 10), "rates must be a mapping"),
        (lambda: gdp.level_paths([0.02], 0), "horizon"),
        (lambda: gdp.level_paths([0.02], 10**9), "horizon"),
        (lambda: gdp.level_paths([0.02], 5, base_level=-1.0), "base_level"),
        (lambda: gdp.level_paths([0.02], 5, start_year=2000.5), "start_year"),
        (lambda: gdp.level_gap(0.02, 0.021, [-1]), "horizons"),
        (lambda: gdp.level_gap(0.02, 0.021, []), "horizons"),
        (lambda: gdp.level_gap(0.02, 0.021, [[1, 2], [3, 4]]), "horizons"),
        (lambda: gdp.level_gap(float("nan"), 0.021, [1]), "baseline"),
        (lambda: gdp.level_gap(0.02, -2.0, [1]), "alternative"),
        (lambda: gdp.level_gap(0.02, 0.021, [1], base_level=0.0), "base_level"),
        (lambda: gdp.doubling_time([0.02, -0.01]), "rate"),
        (lambda: gdp.doubling_time([]), "rate"),
        (lambda: gdp.doubling_time(-1.0, nonpositive="signed"), "rate"),
        (lambda: gdp.annualise(1.0, 0), "years"),
        (lambda: gdp.annualise(-150, 10), "level_gain_pct"),
        (lambda: gdp.annualise([1.0, 2.0], [1.0, 2.0, 3.0]), "years"),
    ]
    for call, match in cases:
        with pytest.raises(ValueError, match=match):
            call()


@SETTINGS
@given(bad=NOT_NUMBERS, which=st.sampled_from(["baseline", "alternative", "base_level", "horizons", "rate", "gain", "years",
                                               "horizon", "start_year"]))
def test_any_non_number_is_a_clean_error(bad, which):
    calls = {
        "baseline": lambda: gdp.level_gap(bad, 0.02, [1]),
        "alternative": lambda: gdp.level_gap(0.02, bad, [1]),
        "base_level": lambda: gdp.level_paths([0.02], 5, base_level=bad),
        "horizons": lambda: gdp.level_gap(0.02, 0.021, bad),
        "rate": lambda: gdp.doubling_time(bad),
        "gain": lambda: gdp.annualise(bad, 10),
        "years": lambda: gdp.annualise(1.0, bad),
        "horizon": lambda: gdp.level_paths([0.02], bad),
        "start_year": lambda: gdp.level_paths([0.02], 5, start_year=bad),
    }
    assume(not (isinstance(bad, list) and which in {"horizons", "rate", "gain", "years"}))  # valid arrays
    with pytest.raises((ValueError, TypeError)) as err:
        calls[which]()
    assert not isinstance(err.value, (KeyError, IndexError, AttributeError))


@SETTINGS
@given(g=st.floats(allow_nan=True, allow_infinity=True), h=st.floats(allow_nan=True, allow_infinity=True))
def test_out_of_range_numbers_are_refused_not_silently_nan(g, h):
    try:
        out = gdp.level_gap(g, 0.02, [h])
    except ValueError:
        return
    assert np.isfinite(out.to_numpy()).all()


def test_overflow_is_refused_naming_the_parameters():
    for call, match in [(lambda: gdp.level_paths([0.5], 10_000), "horizon"),
                        (lambda: gdp.level_gap(0.02, 1e12, [50]), "alternative"),
                        (lambda: gdp.level_gap(0.02, 0.5, [10_000], base_level=1.0), "base_level"),
                        (lambda: gdp.annualise(1.16, 1e-300), "years")]:
        with pytest.raises(ValueError, match=match):
            call()
