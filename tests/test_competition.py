"""Tests for helpers.competition (token prices and capex-return arithmetic)."""
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.models import capex as capex_mod
from helpers.charts.competition import blended_vega_expr, tokens_per_day_vega_expr
from helpers.models.competition import (
    blended_price,
    cheaper_pairs,
    price_cut_effect,
    price_ratio,
    price_table,
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
    df = load("token_prices").query("vintage == '2025-11'")
    t = price_table(df, 0.25, reference="DeepSeek-V3.2-Exp (deepseek-chat)")
    assert t.index.equals(df.index)
    with pytest.raises(ValueError, match="twice"):
        price_table(pd.concat([df, df.head(1)]), 0.25)  # a model listed twice (two vintages of one model, say)
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


# ---- cheaper_pairs: checked against a dense grid of mixes ---------------------------------------

cents = st.integers(0, 20000).map(lambda c: c / 100)


@settings(max_examples=60)
@given(st.lists(st.tuples(cents, cents), min_size=1, max_size=4), st.lists(st.tuples(cents, cents), min_size=1, max_size=4))
def test_cheaper_pairs_matches_a_grid_of_mixes(us, cn):
    df = pd.DataFrame([("us%d" % i, "US", a, b) for i, (a, b) in enumerate(us)] + [("cn%d" % i, "China", a, b) for i, (a, b) in enumerate(cn)],
                      columns=["model", "country", "input_usd_per_m", "output_usd_per_m"])
    out = cheaper_pairs(df, "country", "US", "China")
    grid = np.linspace(0.0, 1.0, 101)
    for r in out.itertuples():
        u = df.set_index("model").loc[r.first_model]
        c = df.set_index("model").loc[r.second_model]
        brute = bool(np.any(blended_price(u.input_usd_per_m, u.output_usd_per_m, grid) <= blended_price(c.input_usd_per_m, c.output_usd_per_m, grid)))
        assert r.first_as_cheap == brute


def test_cheaper_pairs_on_the_book_data():
    """November 2025: no US flagship as cheap as any Chinese model; November 2026: only against Kimi K3."""
    df = load("token_prices")
    assert not cheaper_pairs(df.query("vintage == '2025-11'"), "country", "US", "China")["first_as_cheap"].any()
    late = cheaper_pairs(df.query("vintage == '2026-11'"), "country", "US", "China")
    assert set(late.query("first_as_cheap")["second_model"]) == {"Kimi K3"}
    with pytest.raises(ValueError, match="first"):
        cheaper_pairs(df.query("vintage == '2026-11'"), "country", "EU", "China")


# ---- Vega expressions, evaluated against the Python models -------------------------------------

def _eval(expr: str, **ns) -> float:
    py = expr.replace("datum.", "").replace("if(", "_if(")
    env = {"_if": lambda c, a, b: a if c else b, "pow": np.power, **{k: np.float64(v) for k, v in ns.items()}}
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(eval(py, {"__builtins__": {}}, env))  # noqa: S307 - expression built by our own helper


@given(price, price, share)
def test_blended_vega_expression_matches_python(pi, po, s):
    assert _eval(blended_vega_expr("s", "datum.pi", "datum.po"), s=s, pi=pi, po=po) == pytest.approx(blended_price(pi, po, s), rel=1e-12, abs=1e-12)


@settings(max_examples=200)
@given(c=st.floats(1.0, 2000.0), life=st.floats(3.0, 8.0),
       r=st.one_of(st.just(0.0), st.floats(0.0, 0.2), st.floats(0.0, 1e-5), st.floats(1e-13, 1e-11)),
       m=st.floats(0.2, 1.0), p=st.floats(0.05, 50.0))
def test_tokens_per_day_expression_matches_capex_and_tokens_needed(c, life, r, m, p):
    """The slider chart must say what helpers.models.capex.required_revenue and tokens_needed say."""
    revenue = capex_mod.required_revenue(c, life_years=life, margin=m, cost_of_capital=r).revenue
    want = tokens_needed(revenue * 1e9, p) / 365 / 1e12
    got = _eval(tokens_per_day_vega_expr("C", "L", "r", "m", "datum.p"), C=c, L=life, r=r, m=m, p=p)
    assert got == pytest.approx(want, rel=1e-9)


@pytest.mark.parametrize("r", [0.0, 1e-12, 1e-9, 5e-7, 9.9e-7, 1e-6, 2e-6, 0.01, 0.1, 0.2])
@pytest.mark.parametrize("life", [3.0, 5.5, 8.0])
def test_tokens_per_day_expression_near_zero_rates(r, life):
    """Both branches of the Vega expression, and the switch between them, against the model."""
    revenue = capex_mod.required_revenue(500.0, life_years=life, margin=0.5, cost_of_capital=r).revenue
    want = tokens_needed(revenue * 1e9, 1.0) / 365 / 1e12
    got = _eval(tokens_per_day_vega_expr("C", "L", "r", "m", "datum.p"), C=500.0, L=life, r=r, m=0.5, p=1.0)
    assert got == pytest.approx(want, rel=1e-10)


def test_vega_expression_bad_input():
    with pytest.raises(ValueError, match="share"):
        blended_vega_expr("", "a", "b")
    with pytest.raises(ValueError, match="price"):
        tokens_per_day_vega_expr("C", "L", "r", "m", " ")


# ---- hostile inputs: a clean ValueError/TypeError naming the parameter ------------------------

_HOSTILE = st.one_of(st.sampled_from([float("nan"), float("inf"), -float("inf"), "1", None, True, {}, [], 1e300]),
                     st.floats(max_value=-1e-9), st.text(max_size=2))
_CALLS = {
    "input_price": lambda v: blended_price(v, 1.0, 0.25), "output_price": lambda v: blended_price(1.0, v, 0.25),
    "output_share": lambda v: blended_price(1.0, 2.0, v), "price": lambda v: price_ratio(v, 1.0),
    "reference": lambda v: price_ratio(1.0, v), "revenue": lambda v: tokens_needed(v, 1.0),
    "price_per_million": lambda v: tokens_needed(1.0, v), "old_price": lambda v: price_cut_effect(1.0, v, 0.5),
    "new_price": lambda v: price_cut_effect(1.0, 2.0, v),
}


@settings(max_examples=150)
@given(which=st.sampled_from(sorted(_CALLS)), bad=_HOSTILE)
def test_hostile_inputs_raise_cleanly(which, bad):
    with pytest.raises((ValueError, TypeError), match=which):
        _CALLS[which](bad)


def test_charts_build():
    from helpers.charts import competition as cc

    prices = pd.DataFrame({"label": ["A"], "provider": ["P"], "country": ["US"], "weights": ["closed"], "input_usd_per_m": [1.0],
                           "output_usd_per_m": [5.0], "vintage": ["2026-11"]})
    cc.price_bars(prices, [("2026-11", "November 2026")]).to_dict()
    cc.tokens_chart(pd.DataFrame({"model": ["A"], "country": ["US"], "price": [2.0]}), 500.0, 8.6, "OpenAI").to_dict()
    with pytest.raises(ValueError, match="marks"):
        cc.tokens_chart(pd.DataFrame({"model": ["A"]}), 500.0, 8.6, "OpenAI")
