"""Tests for helpers.models.capex (chapter 6) and its charts, including the Vega copy of the model."""
from spec_tools import walk_spec as _walk
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.charts.capex import crf_vega_expr, required_revenue_vega_expr
from helpers.models.capex import (
    capex_ratios,
    capital_recovery_factor,
    guidance_ranges,
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
        (dict(capex=1.0, life_years=5, margin=0.5, cost_of_capital=-0.1), "cost_of_capital"),
        (dict(capex=1.0, life_years=5, margin=0.5, cost_of_capital=1.0), "cost_of_capital"),
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
    with pytest.raises(ValueError, match="column"):
        capex_ratios(pd.DataFrame({"company": ["A"]}))
    with pytest.raises(ValueError, match="period"):
        capex_ratios(load("hyperscaler_capex"), period="Q4")
    d = load("hyperscaler_capex")
    with pytest.raises(ValueError, match="capex_basis"):
        capex_ratios(d, capex_basis="nonsense")
    with pytest.raises(ValueError, match="at least 1 row"):
        capex_ratios(d.iloc[0:0])


def test_capex_ratios_twelve_months_to_mid_2026():
    """Trailing-twelve-month ratios key on the period end, so two TTM rows of one company never mix."""
    r = capex_ratios(load("hyperscaler_capex"), period="TTM").set_index("company")
    assert r.loc["Amazon", "period_end"] == "2026-06-30"
    assert r.loc["Amazon", "capex_to_ocf"] == pytest.approx(173.028 / 161.403)
    # Amazon's release reports a free cash outflow of USD 7.6bn on capex net of proceeds (an independent figure)
    net = capex_ratios(load("hyperscaler_capex"), capex_basis="net_of_proceeds", period="TTM").set_index("company")
    assert net.loc["Amazon", "operating_cash_flow"] - net.loc["Amazon", "capex"] == pytest.approx(-7.6, abs=0.05)


def test_guidance_ranges_by_vintage():
    g = guidance_ranges(load("hyperscaler_capex"), 2026)
    alph = g[g["company"] == "Alphabet"].sort_values("as_of")
    assert alph[["low", "high"]].values.tolist() == [[175, 185], [180, 190], [195, 205]]
    assert (alph["mid"] == (alph["low"] + alph["high"]) / 2).all()
    amzn = g[g["company"] == "Amazon"]
    assert (amzn["low"] == amzn["high"]).all() and amzn["high"].tolist() == [200, 220]  # point guidance: both ends
    assert set(guidance_ranges(load("hyperscaler_capex"), 2026, period="CY")["company"]) == {"Microsoft"}
    with pytest.raises(ValueError, match="fiscal_year"):
        guidance_ranges(load("hyperscaler_capex"), 1990)
    with pytest.raises(ValueError, match="no capex guidance"):
        guidance_ranges(load("hyperscaler_capex"), 2030)
    with pytest.raises(ValueError, match="period"):
        guidance_ranges(load("hyperscaler_capex"), 2026, period="H1")


# --- the Vega copy of the model, evaluated ------------------------------------------------------

def _eval_vega(expr: str, **names) -> float:
    """Evaluate the small Vega expressions the charts use (if, pow, min, max, arithmetic) with numpy floats."""
    py = expr.replace("if(", "_if(").replace("datum.", "")
    ns = {k: np.float64(v) for k, v in names.items()} | {"_if": lambda c, a, b: a if c else b, "pow": np.power, "min": min, "max": max}
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(eval(py, {"__builtins__": {}}, ns))  # noqa: S307 - expression built by our own helper


@given(r=st.one_of(st.just(0.0), st.floats(1e-4, 0.5)), n=st.floats(0.5, 40.0))
def test_vega_crf_matches_python(r, n):
    # the page's sliders move the rate in steps of 0.01; below about 1e-6 the plain formula loses digits
    # that the Python model keeps (it uses expm1/log1p), so the comparison starts at 1e-4
    assert _eval_vega(crf_vega_expr("rate", "life"), rate=r, life=n) == pytest.approx(capital_recovery_factor(r, n), rel=1e-9)


@given(c=capexes, n=lives, m=margins, r=st.one_of(st.just(0.0), st.floats(1e-4, 0.5)))
def test_vega_required_revenue_matches_python(c, n, m, r):
    expr = required_revenue_vega_expr("datum.capex", "life", "margin", "rate")
    want = required_revenue(c, n, m, r).revenue
    assert _eval_vega(expr, capex=c, life=n, margin=m, rate=r) == pytest.approx(want, rel=1e-9, abs=1e-9)


def test_vega_expression_refuses_code():
    with pytest.raises(ValueError, match="rate"):
        crf_vega_expr("rate); alert(1", "life")
    with pytest.raises(ValueError, match="margin"):
        required_revenue_vega_expr("datum.capex", "life", "", "rate")


# --- every public function refuses bad numbers cleanly --------------------------------------------

BAD = st.sampled_from([float("nan"), float("inf"), -1.0, -1e9, 1e6, "0.1", None, [], {"a": 1}, True])


@settings(max_examples=80)
@given(arg=st.sampled_from(["capex", "life_years", "margin", "cost_of_capital"]), bad=BAD)
def test_required_revenue_refuses_bad_values(arg, bad):
    kw = dict(capex=100.0, life_years=6, margin=0.5, cost_of_capital=0.1) | {arg: bad}
    try:
        required_revenue(**kw)
    except (ValueError, TypeError) as e:
        assert arg in str(e)
    else:  # a huge capex is arithmetic, not an error
        assert arg == "capex" and bad == 1e6


@settings(max_examples=60)
@given(arg=st.sampled_from(["rate", "life"]), bad=BAD)
def test_crf_refuses_bad_values(arg, bad):
    kw = dict(rate=0.1, life=6) | {arg: bad}
    with pytest.raises((ValueError, TypeError), match=arg):
        capital_recovery_factor(**kw)


@settings(max_examples=60)
@given(arg=st.sampled_from(["gpu_spend", "datacenter_multiple", "end_user_margin"]), bad=BAD)
def test_sequoia_refuses_bad_values(arg, bad):
    kw = dict(gpu_spend=150.0, datacenter_multiple=2.0, end_user_margin=0.5) | {arg: bad}
    try:
        sequoia_revenue_question(**kw)
    except (ValueError, TypeError) as e:
        assert arg in str(e)
    else:
        assert arg == "gpu_spend" and bad == 1e6


def test_capex_charts_build_without_machine_names():
    from helpers.charts import capex as cc

    hist = pd.DataFrame({"company": ["A", "A"], "fiscal_year": [2024, 2025], "value": [10.0, 20.0]})
    guid = pd.DataFrame({"company": ["A"], "fiscal_year": [2026], "low": [25.0], "high": [30.0], "mid": [27.5], "as_of": ["2026-02-01"]})
    items = pd.DataFrame({"company": ["A", "A"], "series": ["Guidance, July", "Actual, January-June 2026"], "low": [25.0, 0.0],
                          "high": [30.0, 12.0], "kind": ["guidance", "actual"], "order": [2, 3]})
    rat = pd.DataFrame({"company": ["A"], "label": ["2025"], "period": ["A, 2025"], "capex": [1.0], "operating_cash_flow": [2.0], "pct": [50.0], "order": [1]})
    charts = [cc.capex_history_chart(hist, guid), cc.guidance_vintage_chart(items), cc.cash_cover_chart(rat),
              cc.revenue_needed_chart(pd.DataFrame({"vintage": ["x"], "capex": [100.0]}), pd.DataFrame({"label": ["r"], "value": [10.0]})),
              cc.spending_forecast_chart(pd.DataFrame({"series": ["G"], "year": [2026], "value": [2000.0]}),
                                         pd.DataFrame({"year": [2030], "low": [3000.0], "high": [4000.0], "label": ["N"]}),
                                         pd.DataFrame({"year": [2026], "value": [500.0], "label": ["A4"]}))]
    for c in charts:
        spec = c.to_dict()
        titles = [v for k, v in _walk(spec) if k == "title" and isinstance(v, str)]
        assert all("_" not in t for t in titles), titles
    # the explorer's bars use the generated model expression
    calc = charts[3].to_dict()["layer"][0]["transform"][0]["calculate"]
    assert calc == required_revenue_vega_expr("datum.capex", "life", "margin", "rate")

