"""Tests of helpers.models.gpuloan and gpuloan_cases: the GPU-backed loan stress test, and its charts."""
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.models.capex import capital_recovery_factor
from helpers.models.gpuloan import (PARAMETERS, amortisation_schedule, annual_decline_rate, annuity_payment, scenario_grid,
                                    stress_test)
from helpers.models.gpuloan_cases import ARCHETYPE_COLUMNS, archetype_breaks, yearly_paths

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
    with pytest.raises(TypeError, match="n_periods"):
        annuity_payment(100, 0.01, 2.5)
    with pytest.raises(ValueError, match="rate"):
        annuity_payment(100, -0.01, 10)
    with pytest.raises(ValueError, match="principal"):
        annuity_payment(-5, 0.01, 10)
    with pytest.raises(ValueError, match="unknown parameter"):
        scenario_grid(BASE, speed=[1, 2])
    with pytest.raises(ValueError, match="axis utilisation"):
        scenario_grid(BASE, utilisation=[])


def test_parameters_are_documented_once_with_their_bounds():
    assert set(BASE) <= set(PARAMETERS)
    for name, p in PARAMETERS.items():
        assert isinstance(p.meaning, str) and p.meaning, name
        assert p.low < p.high, name
        if p.default is not None:  # every default lies inside its own bounds
            assert p.low <= p.default <= p.high and not (p.low_open and p.default == p.low), name


def test_annuity_is_the_one_capital_recovery_formula():
    # the payment is principal x CRF: one formula for the loan model and the capex model
    for i, n in [(0.0, 12), (0.005, 360), (0.0275, 20)]:
        assert annuity_payment(1000.0, i, n) == pytest.approx(1000.0 * capital_recovery_factor(i, n), rel=1e-12)
    res = stress_test(one(), periods_per_year=4)
    assert res.summary["payment"].iloc[0] == pytest.approx(0.63 * 33750 * capital_recovery_factor(0.10 / 4, 20))


# --- the observed decline and the forecast ledger's book paths ---------------------------------

def test_annual_decline_rate_inverts_the_path():
    d = annual_decline_rate(4.70, 1.70, 2.2917)
    assert 4.70 * (1 - d) ** 2.2917 == pytest.approx(1.70)
    assert annual_decline_rate(2.0, 3.0, 1.0) == pytest.approx(-0.5)  # a rise is a negative decline
    for bad in [dict(start_price=0.0), dict(end_price=-1.0), dict(years=0.0), dict(years=float("nan"))]:
        kw = dict(start_price=4.7, end_price=1.7, years=2.0) | bad
        with pytest.raises(ValueError, match=next(iter(bad))):
            annual_decline_rate(**kw)


def test_book_rent_paths_in_the_forecast_ledger_match_the_model():
    """F04's two book forecasts are the stress paths a year after the March 2026 contract price."""
    from helpers.charts.gpuloan import decimal_year
    from helpers.data import load_dataset

    rent = load_dataset("gpu_rental_prices")
    val = lambda period, measure: rent.value("price_usd_per_hour", period=period, gpu="H100", measure=measure, provider="several providers")  # noqa: E731
    years = float(decimal_year(pd.Series(["2025-10"]))[0] - decimal_year(pd.Series(["2023"]))[0])
    d = annual_decline_rate(val("2023", "market_launch"), val("2025-10", "one_year_contract"), years)
    rent0 = val("2026-03", "one_year_contract")
    f = load_dataset("forecasts_ch04").frame.set_index("forecast_id")
    assert f.loc["F04-rent-observed-2027", "point"] == pytest.approx(rent0 * (1 - d), abs=0.005)
    assert f.loc["F04-rent-mild-2027", "point"] == pytest.approx(rent0 * (1 - 0.15), abs=0.005)
    assert f.loc["F04-rent-observed-2027", "due"] == "2027-03"  # one year after the March 2026 origination


# --- cases: yearly summaries and archetypes ---------------------------------------------------

def test_yearly_paths_sum_quarters_into_years():
    res = stress_test(one(rent_decline=0.3), periods_per_year=4)
    y = yearly_paths(res, keep=["rent_decline"])
    p = res.paths
    year1 = p[p["year"] <= 1.0 + 1e-9]
    assert y["dscr"].iloc[0] == pytest.approx(year1["cfads"].sum() / year1["debt_service"].sum())
    assert y["balance"].iloc[0] == pytest.approx(year1["balance"].iloc[-1])
    assert list(y["loan_year"]) == [1, 2, 3, 4, 5] and (y["rent_decline"] == 0.3).all()
    with pytest.raises(ValueError, match="StressResult"):
        yearly_paths(p)
    with pytest.raises(ValueError, match="summary"):
        yearly_paths(res, keep=["colour"])


ARCH = pd.DataFrame({"advance_rate": [1.0, 0.8, 0.63], "interest_rate": [0.11, 0.15, 0.06], "contracted_share": [0.0, 0.0, 0.95],
                     "contract_years": [0.0, 0.0, 5.0], "economic_life": [5.0, 5.0, 5.0], "price_factor": [1.0, 1.0, 1.0]},
                    index=["broker", "fund", "contracted"])


def test_archetypes_rank_by_spot_exposure_and_leverage():
    out = archetype_breaks(ARCH, dict(BASE, rent0=2.35, opex_per_hour=0.5), {"steep": (0.36, 0.7), "none": (0.0, 1.0)})
    steep = out[out["shock"] == "steep"].set_index("archetype")["break_year"]
    assert steep["broker"] <= steep["fund"]          # more leverage, no later
    assert pd.isna(steep["contracted"])               # a take-or-pay contract shields the cash test
    none = out[out["shock"] == "none"].set_index("archetype")["break_year"]
    assert none.isna().all()                          # full utilisation at a flat rent repays every loan
    # the archetype table overrides the base, and the price factor scales the price paid
    half = archetype_breaks(ARCH.assign(price_factor=0.5), dict(BASE, rent0=2.35), {"steep": (0.36, 0.7)})
    assert (half["origination_ltv"].to_numpy() < out[out["shock"] == "steep"]["origination_ltv"].to_numpy()).all()


@pytest.mark.parametrize("kwargs, match", [
    (dict(archetypes=ARCH.drop(columns="price_factor")), "price_factor"),
    (dict(archetypes=ARCH.assign(price_factor=0.0)), "price_factor"),
    (dict(base={"purchase_price": 1.0}), "base"),
    (dict(base=dict(BASE, speed=1.0)), "unknown"),
    (dict(shocks={}), "shocks"),
    (dict(shocks={"x": 0.3}), "shocks"),
    (dict(shocks={"x": (1.5, 0.5)}), "rent_decline"),
    (dict(archetypes=ARCH.assign(advance_rate=[1.0, float("nan"), 0.63])), "archetypes column 'advance_rate'"),
    (dict(archetypes=ARCH.assign(economic_life=[5.0, 0.0, 5.0])), "archetypes column 'economic_life'"),
])
def test_archetype_breaks_bad_input(kwargs, match):
    args = dict(archetypes=ARCH, base=dict(BASE), shocks={"s": (0.3, 0.8)}) | kwargs
    with pytest.raises(ValueError, match=match):
        archetype_breaks(**args)
    assert set(ARCHETYPE_COLUMNS) == set(ARCH.columns)


# --- every public function refuses bad numbers cleanly ----------------------------------------

BAD = st.one_of(st.sampled_from([float("nan"), float("inf"), -float("inf"), -1.0, -1e9, 1e308]),
                st.sampled_from(["1.0", None, [1.0, 2.0], {"a": 1}]))


@settings(max_examples=60)
@given(name=st.sampled_from(sorted(PARAMETERS)), bad=BAD)
def test_stress_test_refuses_bad_values_cleanly(name, bad):
    sc = one()
    sc[name] = [bad] if not isinstance(bad, (list, dict)) else [bad]
    try:
        stress_test(sc)
    except (ValueError, TypeError) as e:
        assert name in str(e) or "scenarios" in str(e)
    else:  # the only out-of-the-ordinary value that may pass: an infinite LTV covenant (no value test)
        assert bad == float("inf") and name == "ltv_covenant"


@settings(max_examples=60)
@given(which=st.sampled_from(["principal", "rate", "n_periods", "annual_rate", "years", "start_price", "end_price"]), bad=BAD)
def test_loan_helpers_refuse_bad_values_cleanly(which, bad):
    calls = {
        "principal": lambda: annuity_payment(bad, 0.01, 12), "rate": lambda: annuity_payment(100.0, bad, 12),
        "n_periods": lambda: annuity_payment(100.0, 0.01, bad), "annual_rate": lambda: amortisation_schedule(100.0, bad, 2),
        "years": lambda: amortisation_schedule(100.0, 0.05, bad), "start_price": lambda: annual_decline_rate(bad, 1.0, 1.0),
        "end_price": lambda: annual_decline_rate(2.0, bad, 1.0),
    }
    try:
        calls[which]()
    except (ValueError, TypeError) as e:
        assert which in str(e)
    else:  # a huge but finite price or principal is arithmetic, not an error
        assert bad == 1e308 and which in ("principal", "start_price", "end_price")


# --- charts -----------------------------------------------------------------------------------

def _titles(spec):
    if isinstance(spec, dict):
        for k, v in spec.items():
            if k == "title" and isinstance(v, str):
                yield v
            yield from _titles(v)
    elif isinstance(spec, list):
        for v in spec:
            yield from _titles(v)


def test_charts_build_and_show_no_machine_names():
    from helpers.charts import gpuloan as gc

    grid = scenario_grid(BASE, rent_decline=[0.0, 0.3], utilisation=[0.8, 1.0], economic_life=[5.0])
    res = stress_test(grid)
    rents = pd.DataFrame({"period": ["2023", "2025-10"], "gpu": "H100", "label": ["Launch", "Contract"], "provider": "several providers",
                          "price_usd_per_hour": [4.7, 1.7], "bound": ["point", "upper"], "publisher": "X"})
    breaks = archetype_breaks(ARCH, dict(BASE, rent0=2.35), {"steep": (0.36, 0.7)})
    charts = [gc.rent_chart(rents), gc.loan_explorer(res, decline=(0.0, 0.3, 0.3, 0.3), utilisation=(0.8, 1.0, 0.2, 0.8), life=(5.0, 6.0, 1.0, 5.0)),
              gc.break_heatmap(stress_test(grid.assign(ltv_covenant=math.inf)).summary, res.summary["origination_ltv"] > 1, life=(5.0, 6.0, 1.0, 5.0)),
              gc.archetype_bars(breaks, order=list(ARCH.index), repaid_at=5.25),
              gc.size_bars(pd.DataFrame({"label": ["a", "b"], "usd_bn": [10.0, 1000.0], "group": ["x", "y"]})),
              gc.rent_paths_chart(pd.DataFrame({"t": [2026.2, 2027.2], "rent": [2.35, 1.5], "path": "steep"}),
                                  rents.assign(t=[2023.5, 2025.8]))]
    for c in charts:
        spec = c.to_dict()
        assert all("_" not in t for t in _titles(spec)), list(_titles(spec))
    assert charts[1].to_dict()["autosize"]["type"] == "pad"  # a concatenation must not 'fit' (it would draw 0 px wide)
    assert gc.decimal_year(pd.Series(["2024-01", "2024"])).round(4).tolist() == [2024.0417, 2024.5]


def test_revenue_path_by_hand():
    """Yearly periods: the rent of period k is rent0 (1 - d)^(k - 1), charged for 8,760 hours."""
    res = stress_test(one(rent_decline=0.25, utilisation=1.0, opex_per_hour=0.0, economic_life=5.0), periods_per_year=1)
    rev = res.paths["revenue"].to_numpy()
    assert rev == pytest.approx(8760 * 2.35 * 0.75 ** np.arange(5))


@pytest.mark.parametrize("cover, breaks", [(0.95, True), (1.05, False)])
def test_cash_covenant_is_exactly_the_dscr_threshold(cover, breaks):
    """Set the rent so that cash covers the payment `cover` times in every period: below 1 it breaks at once."""
    pay = annuity_payment(0.63 * 33750, 0.10 / 4, 20)
    rent0 = cover * pay / (8760 / 4)
    s = stress_test(one(rent0=rent0, rent_decline=0.0, utilisation=1.0, opex_per_hour=0.0, ltv_covenant=math.inf)).summary.iloc[0]
    assert s["min_dscr"] == pytest.approx(cover)
    assert (s["break_reason"] == "dscr") is breaks
    assert (s["break_year"] == 0.25) if breaks else pd.isna(s["break_year"])


def test_corrupted_tables_and_tiny_tenors_are_refused_naming_the_argument():
    two = pd.concat([one(), one()])  # the same scenario label twice
    with pytest.raises(ValueError, match="scenarios has a duplicated index label 0"):
        stress_test(two)
    with pytest.raises(ValueError, match="scenarios column 'loan_years'"):
        stress_test(one(loan_years=1e-12))
    with pytest.raises(ValueError, match="years must cover at least one payment period"):
        amortisation_schedule(1000.0, 0.05, 1e-12)
    with pytest.raises(TypeError, match="periods_per_year"):
        stress_test(one(), periods_per_year=True)
    with pytest.raises(TypeError, match="keep"):
        yearly_paths(stress_test(one()), keep="rent_decline")
