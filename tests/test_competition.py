"""Tests for helpers.competition (token prices and capex-return arithmetic)."""
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.models import capex as capex_mod
from helpers.models.competition import (
    blended_price,
    price_cut_effect,
    price_ratio,
    price_table,
    required_revenue_simple,
    tokens_needed,
)
from helpers.data import load

price = st.floats(min_value=0.0, max_value=200.0, allow_nan=False)
pos_price = st.floats(min_value=0.01, max_value=200.0, allow_nan=False)
share = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


# ---- blended_price -------------------------------------------------------------------------

def test_blended_price_endpoints_and_known_value():
    assert blended_price(1.25, 10.0, 0.0) == 1.25
    assert blended_price(1.25, 10.0, 1.0) == 10.0
    assert blended_price(1.25, 10.0, 0.25) == pytest.approx(3.4375)


@given(price, price, share)
def test_blended_price_lies_between_input_and_output(pi, po, s):
    b = blended_price(pi, po, s)
    assert min(pi, po) - 1e-9 <= b <= max(pi, po) + 1e-9


@given(price, price, share, share)
def test_blended_price_monotone_in_output_share_when_output_dearer(pi, extra, s1, s2):
    po = pi + extra
    lo, hi = sorted([s1, s2])
    assert blended_price(pi, po, lo) <= blended_price(pi, po, hi) + 1e-9


def test_blended_price_keeps_series_index():
    idx = pd.Index(["a", "b"], name="model")
    out = blended_price(pd.Series([1.0, 2.0], index=idx), pd.Series([3.0, 4.0], index=idx), 0.5)
    assert isinstance(out, pd.Series)
    assert out.index.equals(idx)
    assert out.tolist() == [2.0, 3.0]


def test_blended_price_vectorised_over_share():
    out = blended_price(1.0, 3.0, np.array([0.0, 0.5, 1.0]))
    assert np.allclose(out, [1.0, 2.0, 3.0])


@pytest.mark.parametrize("kw,bad", [
    ("input_price", -1.0), ("input_price", float("nan")), ("output_price", float("inf")),
    ("output_share", 1.5), ("output_share", -0.1), ("input_price", []), ("output_share", "a"),
])
def test_blended_price_bad_input_names_parameter(kw, bad):
    args = {"input_price": 1.0, "output_price": 2.0, "output_share": 0.25}
    args[kw] = bad
    with pytest.raises(ValueError, match=kw):
        blended_price(**args)


def test_blended_price_mismatched_lengths():
    with pytest.raises(ValueError, match="mismatched"):
        blended_price([1.0, 2.0], [1.0, 2.0, 3.0], 0.5)


def test_blended_price_misaligned_series():
    with pytest.raises(ValueError, match="index"):
        blended_price(pd.Series([1.0], index=["a"]), pd.Series([1.0], index=["b"]), 0.5)


# ---- price_ratio and price_table -----------------------------------------------------------

@given(pos_price, pos_price)
def test_price_ratio_inverse(a, b):
    assert price_ratio(a, b) * price_ratio(b, a) == pytest.approx(1.0)


def test_price_ratio_zero_reference_rejected():
    with pytest.raises(ValueError, match="reference"):
        price_ratio(1.0, 0.0)


def test_price_table_on_book_dataset():
    df = load("token_prices")
    t = price_table(df, 0.25, reference="DeepSeek-V3.2-Exp (deepseek-chat)")
    assert t.index.equals(df.index)
    ref = t.loc[t["model"] == "DeepSeek-V3.2-Exp (deepseek-chat)", "times_reference"].iloc[0]
    assert ref == pytest.approx(1.0)
    gpt5 = t.loc[t["model"] == "GPT-5", "blended_usd_per_m"].iloc[0]
    assert gpt5 == pytest.approx(0.75 * 1.25 + 0.25 * 10.0)
    # every US list price in the table is dearer than the cheapest Chinese one
    cheapest_cn = t.loc[t["country"] == "China", "blended_usd_per_m"].min()
    assert (t.loc[t["country"] == "US", "blended_usd_per_m"] > cheapest_cn).all()


def test_price_table_default_reference_is_cheapest():
    df = pd.DataFrame({"model": ["x", "y"], "input_usd_per_m": [2.0, 1.0], "output_usd_per_m": [2.0, 1.0]})
    t = price_table(df, 0.5)
    assert t["times_reference"].tolist() == [2.0, 1.0]


def test_price_table_bad_inputs():
    df = pd.DataFrame({"model": ["x"], "input_usd_per_m": [1.0], "output_usd_per_m": [2.0]})
    with pytest.raises(ValueError, match="reference"):
        price_table(df, 0.25, reference="nope")
    with pytest.raises(ValueError, match="output_usd_per_m"):
        price_table(df.drop(columns="output_usd_per_m"))
    with pytest.raises(ValueError, match="prices"):
        price_table(pd.DataFrame())
    with pytest.raises(ValueError, match="output_share"):
        price_table(df, 2.0)


# ---- required_revenue_simple ---------------------------------------------------------------

def test_required_revenue_simple_known_values():
    assert required_revenue_simple(100.0, 5, 0.10, 0.5) == pytest.approx(60.0)
    assert required_revenue_simple(505.0, 5.5, 0.10, 0.5) == pytest.approx(505 * (1 / 5.5 + 0.1) / 0.5)


@given(st.floats(0.0, 1e4), st.floats(1.0, 20.0), st.floats(0.0, 0.3), st.floats(0.05, 1.0))
@settings(max_examples=60)
def test_required_revenue_simple_upper_bounds_annuity_rule(c, n, r, m):
    simple = required_revenue_simple(c, n, r, m)
    annuity = capex_mod.required_revenue(c, life_years=n, margin=m, cost_of_capital=r).revenue
    assert simple >= annuity - 1e-6 * max(1.0, simple)


@given(st.floats(1.0, 1e4), st.floats(1.0, 20.0), st.floats(0.01, 0.3), st.floats(0.05, 1.0))
@settings(max_examples=60)
def test_required_revenue_simple_monotonicity(c, n, r, m):
    base = required_revenue_simple(c, n, r, m)
    assert required_revenue_simple(2 * c, n, r, m) == pytest.approx(2 * base)
    assert required_revenue_simple(c, n + 1, r, m) < base
    assert required_revenue_simple(c, n, r, m / 2) == pytest.approx(2 * base)


def test_required_revenue_simple_equals_annuity_when_return_zero():
    assert required_revenue_simple(400.0, 5, 0.0, 0.5) == pytest.approx(
        capex_mod.required_revenue(400.0, life_years=5, margin=0.5, cost_of_capital=0.0).revenue)


@pytest.mark.parametrize("kw,bad", [
    ("capex", -1.0), ("life_years", 0.0), ("required_return", 1.0), ("required_return", -0.01),
    ("margin", 0.0), ("margin", 1.2), ("capex", float("nan")),
])
def test_required_revenue_simple_bad_input(kw, bad):
    args = {"capex": 100.0, "life_years": 5, "required_return": 0.1, "margin": 0.5}
    args[kw] = bad
    with pytest.raises(ValueError, match=kw):
        required_revenue_simple(**args)


def test_required_revenue_simple_series():
    cap = pd.Series([100.0, 200.0], index=pd.Index([2025, 2026], name="year"))
    out = required_revenue_simple(cap, 5, 0.1, 0.5)
    assert out.index.equals(cap.index)
    assert out.tolist() == pytest.approx([60.0, 120.0])


# ---- tokens_needed -------------------------------------------------------------------------

def test_tokens_needed_known_value():
    assert tokens_needed(1e9, 1.0) == pytest.approx(1e15)
    # USD 3.44 per million tokens: 290.7 trillion tokens per USD billion
    assert tokens_needed(1e9, 3.44) == pytest.approx(1e15 / 3.44)


@given(st.floats(0.0, 1e12), pos_price, pos_price)
def test_tokens_times_price_recovers_revenue(rev, p, q):
    t = tokens_needed(rev, p)
    assert t * p / 1e6 == pytest.approx(rev, rel=1e-9, abs=1e-6)
    if p < q:
        assert tokens_needed(rev, p) >= tokens_needed(rev, q)


@pytest.mark.parametrize("kw,bad", [("revenue", -5.0), ("price_per_million", 0.0), ("price_per_million", float("nan"))])
def test_tokens_needed_bad_input(kw, bad):
    args = {"revenue": 1e9, "price_per_million": 1.0}
    args[kw] = bad
    with pytest.raises(ValueError, match=kw):
        tokens_needed(**args)


# ---- price_cut_effect ----------------------------------------------------------------------

@given(st.floats(0.0, 1e6), pos_price, st.floats(0.01, 1.0))
def test_price_cut_effect_identities(rev, p0, frac):
    p1 = p0 * frac
    e = price_cut_effect(rev, p0, p1)
    assert e.revenue_after + e.revenue_lost == pytest.approx(rev, abs=1e-6)
    assert 0.0 <= e.lost_share < 1.0
    assert e.volume_multiplier == pytest.approx(1 / frac)
    assert e.revenue_after * e.volume_multiplier == pytest.approx(rev, abs=1e-6)


def test_price_cut_effect_no_cut_is_neutral():
    e = price_cut_effect(50.0, 2.0, 2.0)
    assert (e.revenue_after, e.revenue_lost, e.lost_share, e.volume_multiplier) == (50.0, 0.0, 0.0, 1.0)


def test_price_cut_effect_rejects_price_rise_and_bad_values():
    with pytest.raises(ValueError, match="new_price"):
        price_cut_effect(1.0, 1.0, 2.0)
    with pytest.raises(ValueError, match="old_price"):
        price_cut_effect(1.0, 0.0, 0.0)
    with pytest.raises(ValueError, match="revenue"):
        price_cut_effect(-1.0, 1.0, 0.5)


def test_price_cut_effect_series_index():
    idx = pd.Index(["GPT-5", "Claude"], name="model")
    e = price_cut_effect(pd.Series([10.0, 10.0], index=idx), pd.Series([4.0, 6.0], index=idx), 1.0)
    assert e.revenue_after.index.equals(idx)
    assert e.volume_multiplier.tolist() == pytest.approx([4.0, 6.0])
    assert math.isclose(e.lost_share.iloc[0], 0.75)
