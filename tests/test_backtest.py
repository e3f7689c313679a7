"""helpers.backtest: lump sum versus averaging, bond returns from yields, portfolio metrics."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from helpers.models import backtest as bt


def months(n, start="2000-01"):
    return pd.period_range(start, periods=n, freq="M").to_timestamp("M")


returns_lists = st.lists(st.floats(-0.3, 0.3, allow_nan=False), min_size=13, max_size=60)


@settings(max_examples=60, deadline=None)
@given(returns_lists)
def test_dca_with_one_slice_is_the_lump_sum(rs):
    r = pd.Series(rs, months(len(rs)))
    out = bt.lump_sum_vs_dca(r, horizon=12, dca_months=1)
    assert np.allclose(out["dca"], out["lump_sum"])
    assert not out["dca_wins"].any()


@settings(max_examples=60, deadline=None)
@given(st.floats(0.001, 0.05), st.integers(2, 12))
def test_lump_sum_wins_in_a_steadily_rising_market(g, m):
    r = pd.Series(np.full(36, g), months(36))
    out = bt.lump_sum_vs_dca(r, horizon=24, dca_months=m)
    assert (out["lump_sum"] > out["dca"]).all()


@settings(max_examples=60, deadline=None)
@given(returns_lists, st.integers(1, 12))
def test_dca_matches_a_direct_simulation(rs, m):
    r = pd.Series(rs, months(len(rs)))
    out = bt.lump_sum_vs_dca(r, horizon=12, dca_months=m, cash_return=0.002)
    # direct simulation for the first start month: slice k earns cash for k months, then the asset to month 12
    expected = sum((1.002 ** k) / m * np.prod([1 + x for x in rs[k:12]]) for k in range(m))
    assert out["dca"].iloc[0] == pytest.approx(expected, rel=1e-9)


def test_bond_returns_flat_yield_earn_the_coupon_and_rise_when_yields_fall():
    r = bt.bond_returns_from_yields(pd.Series([5.0, 5.0, 4.0], months(3)))
    # flat yield: a par bond stays at par, so the month's return is the coupon accrual 5%/12
    assert r.iloc[0] == pytest.approx(0.05 / 12, abs=1e-6)
    # a 1-point fall in a 10-year yield lifts the price by about its duration (~7.9)
    assert 0.07 < r.iloc[1] < 0.09


def test_stock_total_returns_matches_shiller_convention():
    idx = months(2)
    r = bt.stock_total_returns(pd.Series([100.0, 110.0], idx), pd.Series([6.0, 6.0], idx))
    assert r.iloc[0] == pytest.approx(0.105)


def test_metrics_on_a_known_path():
    # peak after month 1, a 50% loss, back above the peak three months after it
    r = pd.Series([0.1, -0.5, 0.5, 0.5, 0.0], months(5))
    m = bt.metrics(r)
    assert m.max_drawdown == pytest.approx(-0.5)
    assert m.months_to_recover == 3.0
    assert m.cagr == pytest.approx(1.2375 ** (12 / 5) - 1)


def test_portfolio_returns_weighted_sum():
    df = pd.DataFrame({"a": [0.1, -0.2], "b": [0.0, 0.1]}, index=months(2))
    assert bt.portfolio_returns(df, {"a": 0.25, "b": 0.75}).tolist() == pytest.approx([0.025, 0.025])


def test_on_the_book_data_averaging_lost_more_often_than_it_won():
    from helpers.data import load

    sp = load("sp500_shiller_monthly")
    sp.index = pd.PeriodIndex(sp["month"], freq="M").to_timestamp("M")
    r = bt.stock_total_returns(sp["sp500_price"], sp["sp500_dividend"])
    out = bt.lump_sum_vs_dca(r, horizon=120, dca_months=12)
    assert len(out) == 121
    assert 0.1 < out["dca_wins"].mean() < 0.5  # lump sum won most of the time, as Constantinides (1979) predicts


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: bt.lump_sum_vs_dca(pd.Series([0.1, np.nan, 0.1], months(3)), 2, 1), "missing value"),
        (lambda: bt.lump_sum_vs_dca(pd.Series([0.1, 0.1, 0.1], months(3)), 2, 3), "dca_months"),
        (lambda: bt.lump_sum_vs_dca(pd.Series([0.1, 0.1, 0.1], months(3)), 0, 1), "horizon"),
        (lambda: bt.lump_sum_vs_dca(pd.Series([0.1, 0.1, 0.1], months(3)), 5, 1), "fewer than the horizon"),
        (lambda: bt.lump_sum_vs_dca(pd.Series([0.1, -1.0, 0.1], months(3)), 2, 1), "greater than -1"),
        (lambda: bt.lump_sum_vs_dca(pd.Series([0.1, 0.1, 0.1], months(3)), 2, 1, cash_return=np.nan), "cash_return"),
        (lambda: bt.bond_returns_from_yields(pd.Series([5.0, -1.0], months(2))), "yield_pct must be positive"),
        (lambda: bt.bond_returns_from_yields(pd.Series([5.0, 5.0], months(2)), maturity=0.0), "maturity"),
        (lambda: bt.stock_total_returns(pd.Series([1.0, 2.0], months(2)), pd.Series([1.0, -1.0], months(2))), "dividend"),
        (lambda: bt.price_returns(pd.Series([1.0], months(1))), "at least two"),
        (lambda: bt.portfolio_returns(pd.DataFrame({"a": [0.1]}), {"a": 0.5}), "sum to 1"),
        (lambda: bt.portfolio_returns(pd.DataFrame({"a": [0.1]}), {"z": 1.0}), "not in returns"),
        (lambda: bt.portfolio_returns(pd.DataFrame({"a": [0.1], "b": [0.1]}), {"a": 1.5, "b": -0.5}), "non-negative"),
    ],
)
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()
