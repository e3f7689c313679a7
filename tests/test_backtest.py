"""helpers.models.backtest and helpers.charts.backtest: lump sum against averaging, bond returns from yields, mixes, metrics."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from helpers.charts import backtest as bch
from helpers.data import load
from helpers.models import backtest as bt

SETTINGS = settings(max_examples=60, deadline=None)


def months(n, start="2000-01"):
    return pd.period_range(start, periods=n, freq="M").to_timestamp("M")


returns_lists = st.lists(st.floats(-0.3, 0.3, allow_nan=False), min_size=13, max_size=60)


# ---------------------------------------------------------------- lump sum against averaging
@SETTINGS
@given(returns_lists)
def test_dca_with_one_slice_is_the_lump_sum(rs):
    out = bt.lump_sum_vs_dca(pd.Series(rs, months(len(rs))), horizon=12, dca_months=1)
    assert np.allclose(out["dca"], out["lump_sum"]) and not out["dca_wins"].any()


@SETTINGS
@given(st.floats(0.001, 0.05), st.integers(2, 12))
def test_lump_sum_wins_in_a_steadily_rising_market(g, m):
    out = bt.lump_sum_vs_dca(pd.Series(np.full(36, g), months(36)), horizon=24, dca_months=m)
    assert (out["lump_sum"] > out["dca"]).all()


@SETTINGS
@given(returns_lists, st.integers(1, 12))
def test_dca_matches_a_direct_simulation(rs, m):
    out = bt.lump_sum_vs_dca(pd.Series(rs, months(len(rs))), horizon=12, dca_months=m, cash_return=0.002)
    # an independent oracle: slice k waits k months in cash, then holds the asset to month 12
    expected = sum((1.002 ** k) / m * np.prod([1 + x for x in rs[k:12]]) for k in range(m))
    assert out["dca"].iloc[0] == pytest.approx(expected, rel=1e-9)


def test_on_the_book_data_averaging_lost_more_often_than_it_won():
    sp = load("sp500_shiller_monthly")
    sp.index = pd.PeriodIndex(sp["month"], freq="M").to_timestamp("M")
    out = bt.lump_sum_vs_dca(bt.stock_total_returns(sp["sp500_price"], sp["sp500_dividend"]), horizon=120, dca_months=12)
    assert len(out) == 121
    assert 0.1 < out["dca_wins"].mean() < 0.5  # the lump sum won most of the time, as Constantinides (1979) predicts for rising markets


def test_forecast_ledger_probability_is_the_models_lump_sum_win_rate():
    sp = load("sp500_shiller_monthly")
    sp.index = pd.PeriodIndex(sp["month"], freq="M").to_timestamp("M")
    out = bt.lump_sum_vs_dca(bt.stock_total_returns(sp["sp500_price"], sp["sp500_dividend"]), horizon=120, dca_months=12)
    row = load("forecasts_ch16").set_index("forecast_id").loc["F16-lump-sum-beats-dca"]
    assert row["probability"] == pytest.approx(round(1 - out["dca_wins"].mean(), 2))
    assert row["high"] == 0.0


# ---------------------------------------------------------------- returns from prices and yields
def test_bond_returns_flat_yield_earn_the_coupon_and_rise_when_yields_fall():
    r = bt.bond_returns_from_yields(pd.Series([5.0, 5.0, 4.0], months(3)))
    assert r.iloc[0] == pytest.approx(0.05 / 12, abs=1e-6)
    # a 1-point fall in a 10-year yield lifts the price by about its duration (~7.9)
    assert 0.07 < r.iloc[1] < 0.09


@SETTINGS
@given(st.floats(0.5, 15.0), st.floats(0.5, 15.0))
def test_bond_return_matches_explicit_cash_flow_discounting(y0, y1):
    """An independent oracle: with maturity 10 years and a month, 20 whole semi-annual periods remain after a month,
    so the price is the sum of 20 discounted coupons and the discounted principal."""
    r = bt.bond_returns_from_yields(pd.Series([y0, y1], months(2)), maturity=10 + 1 / 12).iloc[0]
    c, y = y0 / 100, y1 / 100
    price = sum((c / 2) / (1 + y / 2) ** k for k in range(1, 21)) + 1 / (1 + y / 2) ** 20
    assert r == pytest.approx(c / 12 + price - 1, rel=1e-9, abs=1e-12)


def test_stock_total_returns_matches_shiller_convention():
    idx = months(2)
    assert bt.stock_total_returns(pd.Series([100.0, 110.0], idx), pd.Series([6.0, 6.0], idx)).iloc[0] == pytest.approx(0.105)


@SETTINGS
@given(st.lists(st.floats(1.0, 1e4), min_size=2, max_size=40))
def test_price_returns_compound_back_to_the_price(ps):
    p = pd.Series(ps, months(len(ps)))
    w = bt.wealth_path(bt.price_returns(p), start=ps[0])
    assert w.iloc[-1] == pytest.approx(ps[-1], rel=1e-9)


# ---------------------------------------------------------------- money-weighted return
@SETTINGS
@given(st.floats(-0.02, 0.03), st.integers(2, 240))
def test_money_weighted_return_of_a_constant_monthly_return_is_its_annual_rate(g, n):
    """With the same return every month, every dollar earns (1+g)^12 - 1 a year, whenever it was invested."""
    assert bt.money_weighted_return(pd.Series(g, months(n))) == pytest.approx((1 + g) ** 12 - 1, abs=1e-9)


def test_saver_who_buys_through_a_crash_beats_the_lump_sum():
    r = pd.Series([-0.2] * 12 + [0.03] * 36, months(48))
    assert bt.money_weighted_return(r) > bt.metrics(r).cagr


# ---------------------------------------------------------------- mixes and metrics
def test_metrics_on_a_known_path():
    m = bt.metrics(pd.Series([0.1, -0.5, 0.5, 0.5, 0.0], months(5)))
    assert m.max_drawdown == pytest.approx(-0.5) and m.months_to_recover == 3.0
    assert m.cagr == pytest.approx(1.2375 ** (12 / 5) - 1)


def test_metrics_table_scores_each_column_on_its_own_months():
    df = pd.DataFrame({"a": [0.1, -0.5, 0.5, 0.5, 0.0], "b": [np.nan, np.nan, 0.1, 0.1, 0.1]}, months(5))
    t = bt.metrics_table(df)
    assert t.loc["a", "max_drawdown"] == pytest.approx(-0.5)
    assert t.loc["b", "cagr"] == pytest.approx(1.1 ** 12 - 1)  # three months of +10%, annualised


def test_portfolio_returns_weighted_sum():
    df = pd.DataFrame({"a": [0.1, -0.2], "b": [0.0, 0.1]}, index=months(2))
    assert bt.portfolio_returns(df, {"a": 0.25, "b": 0.75}).tolist() == pytest.approx([0.025, 0.025])


@SETTINGS
@given(st.floats(0, 1), st.floats(0, 1))
def test_mix_weights_sum_to_one_and_keep_the_ratio(s, g):
    w = bt.mix_weights(s, g)
    assert sum(w.values()) == pytest.approx(1.0) and min(w.values()) >= 0
    if s + g <= 1:
        assert w["stock"] == pytest.approx(s) and w["gold"] == pytest.approx(g)
    elif g > 0:
        assert w["stock"] * g == pytest.approx(w["gold"] * s, abs=1e-11) and w["bond"] == 0  # same ratio, scaled down


# ---------------------------------------------------------------- the slider's Vega expressions, evaluated against the model
def _eval(expr: str, row: dict, params: dict) -> float:
    py = expr
    for k in sorted(row, key=len, reverse=True):
        py = py.replace(f"datum.{k}", f"datum_{k}")
    ns = {"max": max, "log": math.log, "exp": math.exp, **params, **{f"datum_{k}": v for k, v in row.items()}}
    return eval(py, {"__builtins__": {}}, ns)  # noqa: S307 - the expression is built by our own chart module


@SETTINGS
@given(st.floats(0, 1), st.floats(0, 0.5), st.lists(st.tuples(st.floats(-0.3, 0.3), st.floats(-0.05, 0.05), st.floats(-0.2, 0.2)), min_size=1, max_size=24))
def test_mix_explorer_expressions_match_the_python_model(ws, wg, rows):
    """Evaluate mix_steps() row by row (then the window sum and exp), as Vega does, and compare with the model."""
    steps = bch.mix_steps()
    cum, values = 0.0, []
    for sp, bond, gold in rows:
        d = {"sp": sp, "bond": bond, "gold": gold}
        for name, expr in steps:
            d[name] = _eval(expr, d, {"w_stock": ws, "w_gold": wg})
        cum += d["lr"]
        values.append(100 * math.exp(cum))
    w = bt.mix_weights(ws, wg)
    df = pd.DataFrame(rows, columns=["stock", "bond", "gold"], index=months(len(rows)))
    want = bt.wealth_path(bt.portfolio_returns(df, w))
    assert values == pytest.approx(want.tolist(), rel=1e-9)


# ---------------------------------------------------------------- bad input
bad_numbers = st.one_of(st.just(float("nan")), st.just(float("inf")), st.just(-float("inf")), st.text(max_size=3), st.booleans(), st.none())


@SETTINGS
@given(st.one_of(bad_numbers, st.integers(max_value=0), st.floats(0.5, 0.9)))
def test_lump_sum_vs_dca_rejects_bad_horizons(v):
    r = pd.Series([0.01] * 24, months(24))
    with pytest.raises((ValueError, TypeError), match="horizon"):
        bt.lump_sum_vs_dca(r, horizon=v, dca_months=1)
    with pytest.raises((ValueError, TypeError), match="dca_months"):
        bt.lump_sum_vs_dca(r, horizon=12, dca_months=v)


@SETTINGS
@given(st.one_of(bad_numbers, st.floats(max_value=-1.0, allow_nan=False), st.floats(1.01, 1e6)))
def test_cash_return_and_weights_reject_bad_values(v):
    r = pd.Series([0.01] * 24, months(24))
    with pytest.raises((ValueError, TypeError), match="cash_return"):
        bt.lump_sum_vs_dca(r, horizon=12, dca_months=2, cash_return=v)
    with pytest.raises((ValueError, TypeError), match="stock"):
        bt.mix_weights(v, 0.1)
    with pytest.raises((ValueError, TypeError), match="weights"):
        bt.portfolio_returns(pd.DataFrame({"a": [0.1], "b": [0.1]}), {"a": v, "b": 0.5})


@SETTINGS
@given(st.one_of(bad_numbers, st.floats(max_value=1 / 12, allow_nan=False), st.floats(100.01, 1e9)))
def test_bond_returns_reject_bad_maturities(v):
    with pytest.raises((ValueError, TypeError), match="maturity"):
        bt.bond_returns_from_yields(pd.Series([5.0, 5.0], months(2)), maturity=v)


@SETTINGS
@given(st.one_of(bad_numbers, st.floats(max_value=0.0, allow_nan=False)))
def test_wealth_path_rejects_bad_starts(v):
    with pytest.raises((ValueError, TypeError), match="start"):
        bt.wealth_path(pd.Series([0.01], months(1)), start=v)


@pytest.mark.parametrize("call, message", [
    (lambda: bt.lump_sum_vs_dca(pd.Series([0.1, np.nan, 0.1], months(3)), 2, 1), "returns must not contain NaN"),
    (lambda: bt.lump_sum_vs_dca(pd.Series([0.1, 0.1, 0.1], months(3)), 2, 3), "dca_months must be <= 2"),
    (lambda: bt.lump_sum_vs_dca(pd.Series([0.1, 0.1, 0.1], months(3)), 5, 1), "at least horizon"),
    (lambda: bt.lump_sum_vs_dca(pd.Series([0.1, -1.0, 0.1], months(3)), 2, 1), "returns must be > -1"),
    (lambda: bt.lump_sum_vs_dca(pd.Series([0.1, 0.1]), 1, 1), "DatetimeIndex"),
    (lambda: bt.bond_returns_from_yields(pd.Series([5.0, -1.0], months(2))), "yield_pct must be > 0"),
    (lambda: bt.stock_total_returns(pd.Series([1.0, 2.0], months(2)), pd.Series([1.0, -1.0], months(2))), "dividend must be >= 0"),
    (lambda: bt.stock_total_returns(pd.Series([1.0, 2.0], months(2)), pd.Series([1.0, 1.0], months(2, "2001-01"))), "same index"),
    (lambda: bt.price_returns(pd.Series([1.0], months(1))), "at least 2"),
    (lambda: bt.portfolio_returns(pd.DataFrame({"a": [0.1]}), {"a": 0.5}), "sum to 1"),
    (lambda: bt.portfolio_returns(pd.DataFrame({"a": [0.1]}), {"z": 1.0}), "lacks the column"),
    (lambda: bt.portfolio_returns(pd.DataFrame({"a": [0.1], "b": [0.1]}), {"a": 1.5, "b": -0.5}), "weights"),
    (lambda: bt.portfolio_returns(pd.DataFrame({"a": [0.1]}), []), "weights must be a non-empty dict"),
    (lambda: bt.money_weighted_return(pd.Series([0.1], months(1))), "at least 2"),
    (lambda: bt.metrics_table(pd.DataFrame({"a": [0.1]})), "at least 2 row"),
])
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# ---------------------------------------------------------------- charts
def test_charts_validate_and_reject_unknown_menu_values():
    grid = pd.DataFrame({"start": pd.to_datetime(["1995-01-31"]), "dca_months": [12], "advantage_pct": [-3.0], "lump_sum": [2.0], "dca": [1.94]})
    bch.dca_chart(grid, [12], 12).to_dict()
    with pytest.raises(ValueError, match="months"):
        bch.dca_chart(grid, [6], 6)
    wide = pd.DataFrame({"date": pd.to_datetime(["2000-01-31"]), "sp": [0.0], "bond": [0.0], "gold": [0.0], "sp_w": [100.0], "nasdaq_w": [100.0]})
    spec = bch.mix_explorer(wide, 0.6, 0.1).to_dict()
    assert all("_" not in p["bind"]["name"] for p in spec["params"])
    bch.falls_chart(pd.DataFrame({"asset": ["Gold"], "period": ["2022"], "fall_pct": [-14.6]})).to_dict()
    with pytest.raises(ValueError, match="stock"):
        bch.mix_steps(stock="")


# ---------------------------------------------------------------- refusals found by the fuzz test
def test_fuzz_found_refusals_name_the_parameter():
    df = pd.DataFrame({"a": [0.1, 0.0, 0.02], "b": [0.0, 0.2, -0.01]}, index=months(3))
    with pytest.raises(ValueError, match="returns.*duplicated index label"):
        bt.portfolio_returns(pd.concat([df.iloc[:1], df]), {"a": 0.5, "b": 0.5})
    with pytest.raises(ValueError, match="start must be <= 1000000000000000"):
        bt.wealth_path(pd.Series([0.5, 0.5], months(2)), start=1e300)
    with pytest.raises(ValueError, match=r"dca_months must be <= 1 \(the horizon\)"):
        bt.lump_sum_vs_dca(pd.Series([0.1, 0.1, 0.1], months(3)), horizon=1, dca_months=3)
