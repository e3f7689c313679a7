"""Tests for helpers.capex (chapter 6)."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.models.capex import (
    capex_ratios,
    capital_recovery_factor,
    required_revenue,
    sequoia_revenue_question,
)
from helpers.data import load

rates = st.floats(min_value=0.0, max_value=0.5, allow_nan=False)
lives = st.floats(min_value=0.5, max_value=40.0, allow_nan=False)
margins = st.floats(min_value=0.01, max_value=1.0, allow_nan=False)
capexes = st.floats(min_value=0.0, max_value=5000.0, allow_nan=False)


def test_sequoia_published_numbers():
    # Cahn (2024): ~$150B NVIDIA run-rate -> $600B; Cahn (2023): ~$50B -> $200B.
    assert sequoia_revenue_question(150.0) == pytest.approx(600.0)
    assert sequoia_revenue_question(50.0) == pytest.approx(200.0)


def test_crf_known_values():
    assert capital_recovery_factor(0.0, 4) == pytest.approx(0.25)
    # textbook annuity: 10% over 10 years -> 0.16275
    assert capital_recovery_factor(0.10, 10) == pytest.approx(0.162745, rel=1e-5)


@given(r=rates, n=st.floats(min_value=1.0, max_value=40.0))
def test_crf_between_straight_line_and_straight_line_plus_rate(r, n):
    # For lives of a year or more (Bernoulli's inequality): 1/L <= CRF <= 1/L + r.
    crf = capital_recovery_factor(r, n)
    assert crf >= 1.0 / n - 1e-12
    assert crf <= 1.0 / n + r + 1e-12


@given(c=capexes, n=lives, m=margins, r=rates)
def test_required_revenue_pays_back_in_present_value(c, n, m, r):
    need = required_revenue(c, n, m, r)
    # PV of the yearly cash margin over n years at r equals the outlay (integer lives only for the sum)
    nn = max(1, round(n))
    need = required_revenue(c, nn, m, r)
    t = np.arange(1, nn + 1)
    pv = np.sum(need.revenue * m / (1.0 + r) ** t)
    assert pv == pytest.approx(c, rel=1e-9, abs=1e-9)


@given(c=capexes, n=lives, m=margins, r=rates)
def test_parts_add_up_and_charge_nonnegative(c, n, m, r):
    need = required_revenue(c, n, m, r)
    assert need.depreciation_part + need.capital_charge_part == pytest.approx(need.revenue)
    assert need.capital_charge_part >= -1e-9


@settings(max_examples=50)
@given(c=st.floats(min_value=1.0, max_value=1000.0), m=margins, r=rates, n1=lives, n2=lives)
def test_longer_life_needs_less_revenue(c, m, r, n1, n2):
    lo, hi = sorted((n1, n2))
    assert required_revenue(c, hi, m, r).revenue <= required_revenue(c, lo, m, r).revenue + 1e-9


def test_zero_rate_is_straight_line():
    need = required_revenue(600.0, 6, 0.6, 0.0)
    assert need.revenue == pytest.approx(600.0 / 6 / 0.6)
    assert need.capital_charge_part == pytest.approx(0.0)


def test_vectorised_and_series_keep_index():
    s = pd.Series([100.0, 200.0], index=["a", "b"])
    need = required_revenue(s, 5, 0.5, 0.1)
    assert list(need.revenue.index) == ["a", "b"]
    assert need.revenue["b"] == pytest.approx(2 * need.revenue["a"])
    arr = required_revenue(np.array([1.0, 2.0, 3.0]), np.array([3.0, 4.0, 5.0]), 0.5, 0.05).revenue
    assert arr.shape == (3,)


@pytest.mark.parametrize(
    "kwargs, word",
    [
        (dict(capex=-1.0, life_years=5, margin=0.5, cost_of_capital=0.1), "capex"),
        (dict(capex=np.nan, life_years=5, margin=0.5, cost_of_capital=0.1), "capex"),
        (dict(capex=[], life_years=5, margin=0.5, cost_of_capital=0.1), "capex"),
        (dict(capex=1.0, life_years=0, margin=0.5, cost_of_capital=0.1), "life"),
        (dict(capex=1.0, life_years=5, margin=0.0, cost_of_capital=0.1), "margin"),
        (dict(capex=1.0, life_years=5, margin=1.5, cost_of_capital=0.1), "margin"),
        (dict(capex=1.0, life_years=5, margin=0.5, cost_of_capital=-0.1), "rate"),
        (dict(capex=1.0, life_years=5, margin=0.5, cost_of_capital=1.0), "rate"),
        (dict(capex="x", life_years=5, margin=0.5, cost_of_capital=0.1), "capex"),
    ],
)
def test_required_revenue_bad_input(kwargs, word):
    with pytest.raises(ValueError, match=word):
        required_revenue(**kwargs)


def test_series_with_different_index_rejected():
    with pytest.raises(ValueError, match="index"):
        required_revenue(pd.Series([1.0], index=["a"]), pd.Series([5.0], index=["b"]), 0.5, 0.1)


@pytest.mark.parametrize(
    "args, word",
    [((-1.0,), "gpu_spend"), ((10.0, 0.5), "datacenter_multiple"), ((10.0, 2.0, 0.0), "end_user_margin"),
     ((float("inf"),), "gpu_spend")],
)
def test_sequoia_bad_input(args, word):
    with pytest.raises(ValueError, match=word):
        sequoia_revenue_question(*args)


def test_capex_ratios_on_book_data():
    r = capex_ratios(load("hyperscaler_capex"))
    row = r[(r.company == "Meta") & (r.fiscal_year == 2025)].iloc[0]
    assert row.capex_to_revenue == pytest.approx(69.69 / 200.966)
    assert row.capex_to_ocf == pytest.approx(69.69 / 115.8)
    # Amazon 2025: 131.82 / 139.5 -> close to 1
    amz = r[(r.company == "Amazon") & (r.fiscal_year == 2025)].iloc[0]
    assert 0.9 < amz.capex_to_ocf < 1.0
    # missing revenue stays NaN, never zero
    msft15 = r[(r.company == "Microsoft") & (r.fiscal_year == 2015)].iloc[0]
    assert np.isnan(msft15.capex_to_revenue)


def test_capex_ratios_bad_input():
    with pytest.raises(ValueError, match="DataFrame"):
        capex_ratios([1, 2])
    with pytest.raises(ValueError, match="columns"):
        capex_ratios(pd.DataFrame({"company": ["A"]}))
    d = load("hyperscaler_capex")
    with pytest.raises(ValueError, match="capex_basis"):
        capex_ratios(d, capex_basis="nonsense")
    with pytest.raises(ValueError, match="empty"):
        capex_ratios(d.iloc[0:0])
