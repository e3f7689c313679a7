"""Tests for helpers.models.exposure (chapter 8): the holder stress test and its inputs from data."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers.data import load_dataset
from helpers.models.exposure import (
    allocate_debt,
    default_losses,
    default_rate_for_loss,
    holder_stress,
    holder_stress_grid,
    model_assets,
    model_shares,
)

SHARES = pd.Series({"insurers": 0.25, "bond funds": 0.186, "pensions": 0.108})
ASSETS = pd.Series({"insurers": 6064.0, "bond funds": 7358.0, "pensions": 9100.0})
unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
BAD = st.one_of(st.just(float("nan")), st.just(float("inf")), st.floats(max_value=-1e-6, allow_nan=False, allow_infinity=False),
                st.text(max_size=2), st.just(True), st.none())


def test_allocation_keeps_the_index():
    h = allocate_debt(1500.0, SHARES)
    assert list(h.index) == list(SHARES.index) and h["insurers"] == pytest.approx(375.0)


def test_worked_example():
    # USD 1.5 trillion, 20% default, 40% recovery: insurers lose 1500 * 0.25 * 0.2 * 0.6 = 45.
    res = holder_stress(1500.0, SHARES, ASSETS, 0.2, 0.4)
    assert res.table.loc["insurers", "loss"] == pytest.approx(45.0)
    assert res.table.loc["insurers", "loss_pct_assets"] == pytest.approx(100 * 45.0 / 6064.0)
    assert res.total_loss == pytest.approx(1500 * 0.2 * 0.6)


@given(p=unit, r=unit, d=st.floats(min_value=0, max_value=5000))
def test_losses_bounded_by_holdings_and_total(p, r, d):
    res = holder_stress(d, SHARES, ASSETS, p, r)
    assert (res.table["loss"] <= res.table["holding"] + 1e-9).all()
    assert res.table["loss"].sum() <= res.total_loss + 1e-9


@given(p1=unit, p2=unit, r=unit)
def test_monotone_in_default_rate(p1, p2, r):
    lo, hi = sorted((p1, p2))
    a = holder_stress(1000.0, SHARES, ASSETS, lo, r).table["loss"]
    b = holder_stress(1000.0, SHARES, ASSETS, hi, r).table["loss"]
    assert (a <= b + 1e-9).all()


def test_full_recovery_means_no_loss():
    assert (default_losses(SHARES * 100, 1.0, 1.0) == 0).all()


def test_grid_matches_point_calls():
    g = holder_stress_grid(1500.0, SHARES, ASSETS, [0.05, 0.2], [0.3, 0.6])
    assert len(g) == 3 * 4
    row = g[(g.sector == "pensions") & np.isclose(g.default_rate, 0.2) & np.isclose(g.recovery_rate, 0.3)]
    point = holder_stress(1500.0, SHARES, ASSETS, 0.2, 0.3).table.loc["pensions", "loss"]
    assert float(row["loss"].iloc[0]) == pytest.approx(point)


@settings(max_examples=60, deadline=None)
@given(ell=st.floats(0.01, 5.0), r=st.floats(0.0, 0.95))
def test_default_rate_for_loss_inverts_the_stress(ell, r):
    t = default_rate_for_loss(1500.0, SHARES, ASSETS, ell, [r])
    for row in t.itertuples():
        if row.reachable:
            pct = holder_stress(1500.0, SHARES, ASSETS, row.default_rate, r).table.loc[row.sector, "loss_pct_assets"]
            assert pct == pytest.approx(ell, rel=1e-9)
        else:
            assert math.isnan(row.default_rate)
            assert holder_stress(1500.0, SHARES, ASSETS, 1.0, r).table.loc[row.sector, "loss_pct_assets"] < ell


def test_model_inputs_come_from_the_data():
    sh = load_dataset("bond_holders_shares").frame
    s = model_shares(sh)
    # The latest published share per model sector (insurers and pensions 2017, funds from ICI's 2020 Fact Book = 2019).
    assert s.to_dict() == pytest.approx({"Insurers": 0.25, "Pension funds": 0.108, "Bond funds": 0.21})
    assert s.attrs["as_of"]["Bond funds"] == "2019"
    a = model_assets(load_dataset("bond_holders_sector_assets").frame)
    assert a["Bond funds"] == pytest.approx(5468.4 + 1890.0)
    assert a["Pension funds"] == pytest.approx(6100.0 + 3000.0)


def test_life_insurers_assets_follow_from_the_chicago_fed_share():
    # The Chicago Fed (WP 2025-09) states USD 849 billion of private placements = 14% of life insurers' balance sheets;
    # the dataset's implied total must be consistent with both published figures.
    ds = load_dataset("bond_holders_sector_assets")
    total = ds.value(sector="Life insurers (US)", measure="Total assets implied by the private-placement share", as_of="2024")
    pp = ds.value(sector="Life insurers (US)", measure="Private placement (private credit) holdings", as_of="2024")
    assert pp / total == pytest.approx(0.14, abs=0.005)


@pytest.mark.parametrize(
    "call, word",
    [
        (lambda: allocate_debt(-1.0, SHARES), "total_debt"),
        (lambda: allocate_debt(np.nan, SHARES), "total_debt"),
        (lambda: allocate_debt(100.0, pd.Series({"a": 0.7, "b": 0.6})), "sum"),
        (lambda: allocate_debt(100.0, pd.Series({"a": -0.1})), "shares"),
        (lambda: allocate_debt(100.0, pd.Series({"a": 1.5})), "shares"),
        (lambda: allocate_debt(100.0, pd.Series([], dtype=float)), "shares"),
        (lambda: allocate_debt(100.0, pd.Series({"a": np.nan})), "shares"),
        (lambda: allocate_debt(100.0, {"a": 0.5}), "shares"),
        (lambda: allocate_debt(100.0, pd.Series([0.1, 0.2], index=["a", "a"])), "shares"),
        (lambda: default_losses(pd.Series({"a": 1.0}), 1.2, 0.4), "default_rate"),
        (lambda: default_losses(pd.Series({"a": 1.0}), 0.2, -0.1), "recovery_rate"),
        (lambda: default_losses(pd.Series({"a": 1.0}), "x", 0.4), "default_rate"),
        (lambda: holder_stress(100.0, pd.Series({"a": 0.5}), pd.Series({"b": 10.0}), 0.1, 0.4), "assets lacks"),
        (lambda: holder_stress(100.0, pd.Series({"a": 0.5}), pd.Series({"a": 0.0}), 0.1, 0.4), "assets"),
        (lambda: holder_stress_grid(100.0, pd.Series({"a": 0.5}), pd.Series({"a": 10.0}), [1.5], [0.4]), "default_rates"),
        (lambda: holder_stress_grid(100.0, pd.Series({"a": 0.5}), pd.Series({"a": 10.0}), [0.1], []), "recovery_rates"),
        (lambda: default_rate_for_loss(100.0, SHARES, ASSETS, 0.0, [0.4]), "loss_pct"),
        (lambda: default_rate_for_loss(100.0, SHARES, ASSETS, 1.0, [1.0]), "recovery_rates"),
        (lambda: model_shares(pd.DataFrame({"model_sector": [None], "as_of": ["2017"], "share": [10.0]})), "model_sector"),
        (lambda: model_shares(pd.DataFrame({"model_sector": ["A"], "as_of": ["2017"], "share": [110.0]})), "share"),
        (lambda: model_assets(pd.DataFrame({"model_sector": ["A"], "value": [0.0]})), "value"),
        (lambda: model_assets(pd.DataFrame({"sector": ["A"]})), "lacks"),
    ],
)
def test_bad_input(call, word):
    with pytest.raises((ValueError, TypeError), match=word):
        call()


@settings(max_examples=80, deadline=None)
@given(bad=BAD, which=st.sampled_from(["total_debt", "default_rate", "recovery_rate", "share", "assets"]))
def test_holder_stress_refuses_bad_values_cleanly(bad, which):
    args = {"total_debt": 1500.0, "default_rate": 0.2, "recovery_rate": 0.4}
    shares, assets = SHARES.copy(), ASSETS.copy()
    if which in args:
        args[which] = bad
    elif which == "share":
        shares = shares.astype(object)
        shares["insurers"] = bad
    else:
        assume(not (isinstance(bad, float) and bad > 0 and math.isfinite(bad)))
        assets = assets.astype(object)
        assets["insurers"] = bad
    with pytest.raises((ValueError, TypeError)):
        holder_stress(args["total_debt"], shares, assets, args["default_rate"], args["recovery_rate"])


@settings(max_examples=120, deadline=None)
@given(bad=BAD, which=st.sampled_from(["allocate_debt", "default_losses_p", "default_losses_r", "grid_p", "grid_r", "need_loss", "need_r"]))
def test_every_public_function_refuses_bad_numbers_cleanly(bad, which):
    # helpers._validate.array coerces a bool inside a list of floats to 0/1 (numpy does), so lists skip True.
    assume(not (bad is True and which in ("grid_p", "grid_r", "need_r")))
    calls = {
        "allocate_debt": lambda: allocate_debt(bad, SHARES),
        "default_losses_p": lambda: default_losses(SHARES * 100, bad, 0.4),
        "default_losses_r": lambda: default_losses(SHARES * 100, 0.2, bad),
        "grid_p": lambda: holder_stress_grid(1500.0, SHARES, ASSETS, [0.1, bad], [0.4]),
        "grid_r": lambda: holder_stress_grid(1500.0, SHARES, ASSETS, [0.1], [bad]),
        "need_loss": lambda: default_rate_for_loss(1500.0, SHARES, ASSETS, bad, [0.4]),
        "need_r": lambda: default_rate_for_loss(1500.0, SHARES, ASSETS, 1.0, [bad]),
    }
    with pytest.raises((ValueError, TypeError)):
        calls[which]()
