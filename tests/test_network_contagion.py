"""Tests for helpers.models.network_contagion: exposures from the cross-holdings, the engine stress, vendor financing."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers.data import load_dataset
from helpers.models.network_contagion import EXPOSURE_COLUMNS, engine_exposures, engine_failure, vendor_financing_ratios

BAD = st.one_of(st.just(float("nan")), st.just(float("inf")), st.floats(max_value=-1e-6, allow_nan=False, allow_infinity=False),
                st.floats(min_value=1.000001, max_value=1e6), st.text(max_size=2), st.just(True), st.none())


def holdings(rows):
    return pd.DataFrame(rows, columns=["holder", "held", "relation", "value", "unit", "as_of"])


H = holdings([
    ("Oracle", "OpenAI", "backlog_from_customer", 300.0, "USD billions", "2025-09-10"),
    ("Oracle", "Oracle", "backlog_total", 523.0, "USD billions", "2025-11-30"),
    ("Oracle", "Oracle", "backlog_total", 664.0, "USD billions", "2026-08-31"),
    ("Microsoft", "Microsoft", "backlog_total", 625.0, "USD billions", "2025-12-31"),
    ("Microsoft", "Microsoft", "backlog_total", 627.0, "USD billions", "2026-03-31"),
    ("Microsoft", "OpenAI", "backlog_share", 45.0, "percent", "2025-12-31"),
    ("Microsoft", "OpenAI", "equity_stake", 27.0, "percent", "2025-10-28"),
    ("Microsoft", "OpenAI", "equity_stake", 135.0, "USD billions", "2025-10-28"),
    ("Microsoft", "OpenAI", "investment_commitment", 13.0, "USD billions", "2025-09-30"),
    ("SoftBank", "OpenAI", "investment_commitment", 34.6, "USD billions", "2025-12-31"),
    ("SoftBank", "OpenAI", "investment_commitment", 30.0, "USD billions", "2026-02-27"),
])


# --- engine_exposures -------------------------------------------------------------------------------

def test_exposures_take_the_latest_row_on_or_before_the_date():
    now = engine_exposures(H, ["Oracle", "Microsoft", "SoftBank", "AMD"])
    then = engine_exposures(H, ["Oracle", "Microsoft", "SoftBank", "AMD"], as_of="2025-12-31")
    assert now.loc["Oracle", "firm_backlog"] == 664.0 and then.loc["Oracle", "firm_backlog"] == 523.0
    assert now.loc["Oracle", "firm_backlog_as_of"] == "2026-08-31"
    assert list(now.index) == ["Oracle", "Microsoft", "SoftBank", "AMD"]
    assert now.loc["AMD", EXPOSURE_COLUMNS].isna().all()


def test_a_backlog_share_is_applied_to_the_backlog_of_its_own_date():
    e = engine_exposures(H, ["Microsoft"])
    assert e.loc["Microsoft", "backlog_from_engine"] == pytest.approx(0.45 * 625.0)  # not 0.45 * 627
    assert e.loc["Microsoft", "firm_backlog"] == 627.0


def test_a_stake_value_wins_over_commitments_and_commitments_add_up():
    now = engine_exposures(H, ["Microsoft", "SoftBank"])
    assert now.loc["Microsoft", "equity_in_engine"] == 135.0  # the USD value, not the 27% nor the 13 committed
    assert now.loc["SoftBank", "equity_in_engine"] == pytest.approx(64.6)
    assert engine_exposures(H, ["SoftBank"], as_of="2025-12-31").loc["SoftBank", "equity_in_engine"] == pytest.approx(34.6)


def test_microsofts_derived_openai_backlog_matches_the_reported_figure():
    # Microsoft's CFO gave OpenAI's share (45%); MarketWatch and others reported the implied amount as about USD 281
    # billion. The derivation uses the share and the total, not the reported amount.
    xh = load_dataset("ai_cross_holdings").frame
    e = engine_exposures(xh, ["Microsoft"], as_of="2025-12-31")
    assert e.loc["Microsoft", "backlog_from_engine"] == pytest.approx(281, abs=0.5)


@pytest.mark.parametrize(
    "call, match",
    [(lambda: engine_exposures(H, []), "firms"), (lambda: engine_exposures(H, ["A", "A"]), "unique"),
     (lambda: engine_exposures(H, "Oracle"), "firms"), (lambda: engine_exposures(H, ["Oracle"], engine=""), "engine"),
     (lambda: engine_exposures(H, ["Oracle"], as_of="soon"), "as_of"), (lambda: engine_exposures(H.drop(columns="unit"), ["Oracle"]), "lacks"),
     (lambda: engine_exposures(H.assign(value=-H["value"]), ["Oracle"]), "value"),
     (lambda: engine_exposures(holdings([("X", "OpenAI", "backlog_share", 10.0, "percent", "2025-01-01")]), ["X"]), "same date")],
)
def test_engine_exposures_bad_input(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


# --- engine_failure ------------------------------------------------------------------------------------

def exposures():
    return pd.DataFrame({"backlog_from_engine": [300.0, 281.0, None], "firm_backlog": [523.0, 625.0, None],
                         "equity_in_engine": [0.0, 135.0, 30.0]}, index=pd.Index(["Oracle", "Microsoft", "NVIDIA"], name="firm"))


def test_engine_failure_is_linear_in_cancel_share():
    grid = engine_failure(exposures(), np.array([0.0, 0.5, 1.0]), equity_writedown=0.0)
    lost = grid.pivot_table(index=grid.index, columns="cancel_share", values="lost_backlog")
    assert (lost[0.0] == 0).all()
    assert np.allclose(lost[0.5] * 2, lost[1.0])
    assert lost.loc["Oracle", 1.0] == 300.0


def test_engine_failure_full_loss_reproduces_inputs():
    out = engine_failure(exposures(), 1.0, equity_writedown=1.0)
    assert out.loc["Microsoft", "total_loss"] == pytest.approx(281.0 + 135.0)
    assert out.loc["Oracle", "lost_backlog_share"] == pytest.approx(300 / 523)
    assert math.isnan(out.loc["NVIDIA", "lost_backlog_share"]) and out.loc["NVIDIA", "lost_backlog"] == 0.0


@settings(max_examples=60, deadline=None)
@given(c1=st.floats(0, 1), c2=st.floats(0, 1), w=st.floats(0, 1))
def test_engine_failure_losses_are_bounded_and_monotone(c1, c2, w):
    lo, hi = sorted((c1, c2))
    a, b = engine_failure(exposures(), lo, w), engine_failure(exposures(), hi, w)
    assert (a["total_loss"] <= b["total_loss"] + 1e-9).all()
    cap = exposures()["backlog_from_engine"].fillna(0) + exposures()["equity_in_engine"].fillna(0)
    assert (b["total_loss"] <= cap + 1e-9).all()


@pytest.mark.parametrize("kwargs, match", [({"cancel_share": 1.2}, "cancel_share"), ({"cancel_share": float("nan")}, "cancel_share"),
                                           ({"cancel_share": []}, "cancel_share"), ({"cancel_share": "half"}, "cancel_share"),
                                           ({"cancel_share": 0.5, "equity_writedown": -0.1}, "equity_writedown"),
                                           ({"cancel_share": 0.5, "equity_writedown": "all"}, "equity_writedown")])
def test_engine_failure_bad_input(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        engine_failure(exposures(), **kwargs)


def test_engine_failure_bad_tables():
    with pytest.raises(ValueError, match="lacks"):
        engine_failure(pd.DataFrame({"x": [1.0]}), 0.5)
    with pytest.raises(ValueError, match="duplicated"):
        engine_failure(pd.concat([exposures(), exposures()]), 0.5)
    with pytest.raises(ValueError, match="firm_backlog"):
        engine_failure(exposures().assign(firm_backlog=0.0), 0.5)
    with pytest.raises((ValueError, TypeError), match="equity_in_engine"):
        engine_failure(exposures().assign(equity_in_engine=["a", "b", "c"]), 0.5)


@settings(max_examples=80, deadline=None)
@given(bad=BAD, which=st.sampled_from(["cancel_share", "equity_writedown", "backlog_from_engine"]))
def test_engine_failure_refuses_bad_values_cleanly(bad, which):
    e, c, w = exposures(), 0.5, 0.5
    if which == "cancel_share":
        c = bad
    elif which == "equity_writedown":
        w = bad
    else:
        assume(bad is not None and not (isinstance(bad, float) and math.isnan(bad)))  # missing = not disclosed, allowed
        assume(not (isinstance(bad, float) and bad > 1))  # large exposures are legitimate
        e = e.astype(object)
        e.loc["Oracle", which] = bad
    with pytest.raises((ValueError, TypeError)):
        engine_failure(e, c, w)


# --- vendor_financing_ratios ------------------------------------------------------------------------------

def test_vendor_financing_ratio_hand_example_and_annualising():
    v = pd.Series({"lend": 8.1, "rev": 37.92, "q": 46.7, "inv": 43.3, "a": 1.0, "b": 2.0})
    c = pd.DataFrame({"case": ["x", "y", "z"], "financing_ids": ["lend", "inv", "a; b"], "revenue_id": ["rev", "q", "rev"],
                      "revenue_periods": [1, 4, 1]})
    r = vendor_financing_ratios(v, c).set_index("case")
    assert r.loc["x", "pct_of_revenue"] == pytest.approx(100 * 8.1 / 37.92)
    assert r.loc["y", "revenue"] == pytest.approx(4 * 46.7)
    assert r.loc["z", "financing"] == 3.0


@pytest.mark.parametrize("values, cases, match", [
    (pd.Series({"a": 1.0}), pd.DataFrame({"case": ["x"], "financing_ids": ["b"], "revenue_id": ["a"], "revenue_periods": [1]}), "row id"),
    (pd.Series({"a": 1.0, "r": 0.0}), pd.DataFrame({"case": ["x"], "financing_ids": ["a"], "revenue_id": ["r"], "revenue_periods": [1]}), "revenue"),
    (pd.Series({"a": -1.0}), pd.DataFrame({"case": ["x"], "financing_ids": ["a"], "revenue_id": ["a"], "revenue_periods": [1]}), "values"),
    (pd.Series({"a": 1.0}), pd.DataFrame({"case": ["x"], "financing_ids": ["a"], "revenue_id": ["a"], "revenue_periods": [0]}), "revenue_periods"),
    ({"a": 1.0}, pd.DataFrame({"case": ["x"], "financing_ids": ["a"], "revenue_id": ["a"], "revenue_periods": [1]}), "values"),
])
def test_vendor_financing_bad_input(values, cases, match):
    with pytest.raises((ValueError, TypeError), match=match):
        vendor_financing_ratios(values, cases)


def test_nvidias_closed_investments_equal_the_sum_of_the_deal_rows():
    # The vendor-financing figure (43.3) is a sum typed in another table; recompute it from the deal table.
    deals = load_dataset("ai_deals").frame.set_index("deal_id")["amount_usd_bn"]
    parts = ["nvidia_openai_equity_2026", "nvidia_intel_equity_2025", "nvidia_coreweave_equity_2026", "nvidia_coreweave_backstop_2025"]
    assert float(load_dataset("vendor_financing_compare").value(row_id="nvidia_customer_investments_closed")) == pytest.approx(deals[parts].sum())


def test_every_case_names_existing_rows_and_gives_a_ratio():
    vf = load_dataset("vendor_financing_compare").frame.set_index("row_id")["value"]
    r = vendor_financing_ratios(vf, load_dataset("vendor_financing_cases").frame)
    assert r["pct_of_revenue"].between(0, 100).all()


def test_shalett_forecast_outcome_is_recomputed_from_the_market_values():
    vf = load_dataset("vendor_financing_compare")
    ratio = 100 * vf.value(row_id="nvidia_market_cap_2026_05") / vf.value(row_id="nvidia_market_cap_2025_09")
    fc = load_dataset("forecasts_ch05").frame.set_index("forecast_id")
    assert fc.loc["F05-shalett-no-cisco-9m", "outcome"] == pytest.approx(ratio, abs=0.05)
