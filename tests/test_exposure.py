"""Tests for helpers.exposure (chapter 8)."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.models.exposure import allocate_debt, default_losses, stress_grid, stress_test

SHARES = {"insurers": 0.25, "bond funds": 0.186, "pensions": 0.108}
ASSETS = {"insurers": 6064.0, "bond funds": 7358.0, "pensions": 9100.0}
unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


def test_allocation_and_index():
    h = allocate_debt(1500.0, SHARES)
    assert list(h.index) == list(SHARES)
    assert h["insurers"] == pytest.approx(375.0)
    assert h.sum() <= 1500.0


def test_worked_example():
    # $1.5T, 20% default, 40% recovery -> insurers lose 1500*0.25*0.2*0.6 = 45
    res = stress_test(1500.0, SHARES, ASSETS, 0.2, 0.4)
    assert res.table.loc["insurers", "loss"] == pytest.approx(45.0)
    assert res.table.loc["insurers", "loss_pct_assets"] == pytest.approx(100 * 45.0 / 6064.0)
    assert res.total_loss == pytest.approx(1500 * 0.2 * 0.6)


@given(p=unit, r=unit, d=st.floats(min_value=0, max_value=5000))
def test_losses_bounded_by_holdings_and_total(p, r, d):
    res = stress_test(d, SHARES, ASSETS, p, r)
    assert (res.table["loss"] <= res.table["holding"] + 1e-9).all()
    assert res.table["loss"].sum() <= res.total_loss + 1e-9


@given(p1=unit, p2=unit, r=unit)
def test_monotone_in_default_rate(p1, p2, r):
    lo, hi = sorted((p1, p2))
    a = stress_test(1000.0, SHARES, ASSETS, lo, r).table["loss"]
    b = stress_test(1000.0, SHARES, ASSETS, hi, r).table["loss"]
    assert (a <= b + 1e-9).all()


def test_full_recovery_means_no_loss():
    assert (default_losses(pd.Series(SHARES) * 100, 1.0, 1.0) == 0).all()


def test_grid_matches_point_calls():
    g = stress_grid(1500.0, SHARES, ASSETS, [0.05, 0.2], [0.3, 0.6])
    assert len(g) == 3 * 4
    row = g[(g.sector == "pensions") & np.isclose(g.default_rate, 0.2) & np.isclose(g.recovery_rate, 0.3)]
    point = stress_test(1500.0, SHARES, ASSETS, 0.2, 0.3).table.loc["pensions", "loss"]
    assert float(row["loss"].iloc[0]) == pytest.approx(point)


@pytest.mark.parametrize(
    "call, word",
    [
        (lambda: allocate_debt(-1.0, SHARES), "total_debt"),
        (lambda: allocate_debt(np.nan, SHARES), "total_debt"),
        (lambda: allocate_debt(100.0, {"a": 0.7, "b": 0.6}), "sum"),
        (lambda: allocate_debt(100.0, {"a": -0.1}), "shares"),
        (lambda: allocate_debt(100.0, {"a": 1.5}), "shares"),
        (lambda: allocate_debt(100.0, {}), "shares"),
        (lambda: allocate_debt(100.0, {"a": np.nan}), "shares"),
        (lambda: default_losses({"a": 1.0}, 1.2, 0.4), "default_rate"),
        (lambda: default_losses({"a": 1.0}, 0.2, -0.1), "recovery_rate"),
        (lambda: default_losses({"a": 1.0}, "x", 0.4), "default_rate"),
        (lambda: stress_test(100.0, {"a": 0.5}, {"b": 10.0}, 0.1, 0.4), "assets lacks"),
        (lambda: stress_test(100.0, {"a": 0.5}, {"a": 0.0}, 0.1, 0.4), "assets"),
        (lambda: stress_grid(100.0, {"a": 0.5}, {"a": 10.0}, [1.5], [0.4]), "default_rates"),
        (lambda: stress_grid(100.0, {"a": 0.5}, {"a": 10.0}, [0.1], []), "recovery_rates"),
    ],
)
def test_bad_input(call, word):
    with pytest.raises(ValueError, match=word):
        call()
