"""Tests of helpers.gpuloan: the GPU-backed loan stress test."""
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.models.gpuloan import PARAMETERS, amortisation_schedule, annuity_payment, scenario_grid, stress_test

BASE = {
    "purchase_price": 33750.0,
    "advance_rate": 0.63,
    "interest_rate": 0.10,
    "loan_years": 5.0,
    "rent0": 2.35,
    "rent_decline": 0.2,
    "utilisation": 0.8,
    "opex_per_hour": 0.45,
    "accounting_life": 6.0,
    "economic_life": 5.0,
}


def one(**kw):
    return pd.DataFrame([dict(BASE, **kw)])


# --- published numbers -----------------------------------------------------------------

def test_annuity_reproduces_textbook_mortgage_payment():
    # 30-year fixed mortgage, USD 100,000 at 6% a year, monthly: USD 599.55 (standard tables).
    assert round(annuity_payment(100_000, 0.06 / 12, 360), 2) == 599.55
    # USD 200,000 at 4.5% over 30 years: USD 1,013.37.
    assert round(annuity_payment(200_000, 0.045 / 12, 360), 2) == 1013.37


def test_schedule_repays_exactly_and_interest_adds_up():
    s = amortisation_schedule(1_000_000, 0.08, 5, periods_per_year=4)
    assert len(s) == 20
    assert s["closing_balance"].iloc[-1] == pytest.approx(0.0, abs=1e-6)
    assert s["principal"].sum() == pytest.approx(1_000_000)
    assert (s["payment"] * 20).iloc[0] == pytest.approx(s["interest"].sum() + 1_000_000)
    assert s["interest"].is_monotonic_decreasing
    assert s["principal"].is_monotonic_increasing


def test_stress_test_debt_service_matches_annuity():
    res = stress_test(one(), periods_per_year=4)
    expected = annuity_payment(0.63 * 33750, 0.10 / 4, 20)
    assert res.summary["payment"].iloc[0] == pytest.approx(expected)
    p = res.paths
    assert p["balance"].iloc[-1] == pytest.approx(0.0, abs=1e-6)
    assert (p["principal"] + p["interest"]).to_numpy() == pytest.approx(np.full(20, expected))


def test_no_decline_full_contract_never_breaks_and_dscr_is_arithmetic():
    sc = one(rent_decline=0.0, utilisation=1.0, opex_per_hour=0.0, ltv_covenant=math.inf)
    res = stress_test(sc, periods_per_year=1)
    revenue = 2.35 * 8760
    pay = annuity_payment(0.63 * 33750, 0.10, 5)
    assert res.summary["min_dscr"].iloc[0] == pytest.approx(revenue / pay)
    assert res.summary["break_reason"].iloc[0] == "none"


def test_loan_longer_than_economic_life_breaks_when_rent_stops():
    res = stress_test(one(rent_decline=0.0, economic_life=3.0, loan_years=5.0, ltv_covenant=math.inf), periods_per_year=4)
    assert res.summary["break_year"].iloc[0] == pytest.approx(3.25)
    assert res.summary["break_reason"].iloc[0] == "dscr"


def test_book_value_hides_economic_loss():
    res = stress_test(one(rent_decline=0.35, accounting_life=6.0, economic_life=4.0, ltv_covenant=math.inf), periods_per_year=1)
    p = res.paths
    # by year 3 the straight-line book value still shows half the price while the income value is far lower
    row = p[p["period"] == 3].iloc[0]
    assert row["book_value"] == pytest.approx(33750 * 0.5)
    assert row["collateral_value"] < 0.5 * row["book_value"]


def test_contract_shields_cash_flow():
    spot = stress_test(one(rent_decline=0.4, ltv_covenant=math.inf)).summary
    contracted = stress_test(one(rent_decline=0.4, contracted_share=1.0, contract_years=5.0, ltv_covenant=math.inf)).summary
    assert contracted["break_reason"].iloc[0] == "none"
    assert spot["break_reason"].iloc[0] == "dscr"


def test_index_is_kept_and_paths_cover_loan_periods():
    sc = scenario_grid(BASE, rent_decline=[0.0, 0.3], utilisation=[0.5, 0.9])
    sc.index = pd.Index(list("abcd"), name="case")
    res = stress_test(sc)
    assert list(res.summary.index) == list("abcd")
    assert set(res.paths["case"]) == set("abcd")
    assert len(res.paths) == 4 * 20


# --- monotonic properties --------------------------------------------------------------

def _break(summary):
    return summary["break_period"].astype("Float64").fillna(np.inf).to_numpy()


@settings(max_examples=60, deadline=None)
@given(
    d1=st.floats(0.0, 0.9), d2=st.floats(0.0, 0.9), u=st.floats(0.1, 1.0),
    life=st.floats(2.0, 7.0), ltv=st.sampled_from([0.8, 1.0, 1.5, math.inf]),
)
def test_faster_price_decline_breaks_no_later(d1, d2, u, life, ltv):
    lo, hi = sorted((d1, d2))
    sc = pd.DataFrame([dict(BASE, rent_decline=lo, utilisation=u, economic_life=life, ltv_covenant=ltv),
                       dict(BASE, rent_decline=hi, utilisation=u, economic_life=life, ltv_covenant=ltv)])
    b = _break(stress_test(sc).summary)
    assert b[1] <= b[0]


@settings(max_examples=60, deadline=None)
@given(u1=st.floats(0.0, 1.0), u2=st.floats(0.0, 1.0), d=st.floats(0.0, 0.8), life=st.floats(2.0, 7.0))
def test_higher_utilisation_breaks_no_earlier(u1, u2, d, life):
    lo, hi = sorted((u1, u2))
    sc = pd.DataFrame([dict(BASE, utilisation=lo, rent_decline=d, economic_life=life),
                       dict(BASE, utilisation=hi, rent_decline=d, economic_life=life)])
    b = _break(stress_test(sc).summary)
    assert b[1] >= b[0]


@settings(max_examples=40, deadline=None)
@given(a1=st.floats(0.05, 1.0), a2=st.floats(0.05, 1.0), d=st.floats(0.0, 0.6))
def test_more_leverage_breaks_no_later(a1, a2, d):
    lo, hi = sorted((a1, a2))
    sc = pd.DataFrame([dict(BASE, advance_rate=lo, rent_decline=d), dict(BASE, advance_rate=hi, rent_decline=d)])
    s = stress_test(sc).summary
    assert _break(s)[1] <= _break(s)[0]
    assert s["max_ltv"].iloc[1] >= s["max_ltv"].iloc[0]


# --- bad input -------------------------------------------------------------------------

@pytest.mark.parametrize(
    "name,value",
    [
        ("purchase_price", 0.0), ("purchase_price", -1.0), ("advance_rate", 1.2), ("advance_rate", 0.0),
        ("interest_rate", -0.01), ("loan_years", 0.0), ("rent0", float("nan")), ("rent_decline", 1.0),
        ("rent_decline", -0.1), ("utilisation", 1.5), ("opex_per_hour", -0.2), ("economic_life", 0.0),
        ("accounting_life", float("inf")), ("contracted_share", 2.0), ("ltv_covenant", 0.0),
    ],
)
def test_bad_parameter_names_itself(name, value):
    with pytest.raises(ValueError, match=name):
        stress_test(one(**{name: value}))


def test_bad_frames_and_arguments():
    with pytest.raises(ValueError, match="scenarios"):
        stress_test(pd.DataFrame())
    with pytest.raises(ValueError, match="scenarios"):
        stress_test({"purchase_price": 1})
    with pytest.raises(ValueError, match="unknown"):
        stress_test(one(colour="red"))
    with pytest.raises(ValueError, match="rent0"):
        stress_test(one().drop(columns="rent0"))
    with pytest.raises(ValueError, match="periods_per_year"):
        stress_test(one(), periods_per_year=3)
    with pytest.raises(ValueError, match="n_periods"):
        annuity_payment(100, 0.01, 0)
    with pytest.raises(ValueError, match="rate"):
        annuity_payment(100, -0.01, 10)
    with pytest.raises(ValueError, match="principal"):
        annuity_payment(-5, 0.01, 10)
    with pytest.raises(ValueError, match="unknown parameter"):
        scenario_grid(BASE, speed=[1, 2])
    with pytest.raises(ValueError, match="axis utilisation"):
        scenario_grid(BASE, utilisation=[])


def test_parameters_are_documented():
    assert set(BASE) <= set(PARAMETERS)
    assert all(isinstance(desc, str) and desc for desc, _ in PARAMETERS.values())
