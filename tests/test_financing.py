"""Tests of helpers.models.financing (the financing-gap arithmetic) and its charts, including the Vega copy."""
from spec_tools import walk_spec as _walk
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.charts.financing import deal_label, gap_vega_exprs
from helpers.data import load, load_dataset
from helpers.models.financing import capex_to_cash_flow, financing_gap, internal_funds

W = pd.Series({"private credit": 0.8, "private equity and sovereign funds": 0.35, "corporate bonds": 0.2, "asset-backed securities": 0.15})


def _ms():
    m = load("financing_gap_ms2025")
    return m, m[m["role"] == "channel"].set_index("component")["value_usd_tn"]


def test_reproduces_morgan_stanleys_published_gap_from_its_inputs():
    """2.9 (capex) and 1.4 (own cash) must give the 1.5 gap Morgan Stanley published as a separate figure."""
    m, channels = _ms()
    tn = m.set_index("role")["value_usd_tn"]
    g = financing_gap(float(tn["total"]), float(tn["internal"]), channels)
    assert g.external == pytest.approx(float(tn["external"]))
    assert g.channels.sum() == pytest.approx(g.external)
    # the published channel amounts sum to the published gap (a check on the data, not on the code)
    assert channels.sum() == pytest.approx(float(tn["external"]))


@given(c=st.floats(0.01, 10), i=st.floats(0, 12))
def test_gap_identity_and_bounds(c, i):
    g = financing_gap(c, i, W)
    assert g.internal + g.external == pytest.approx(c)
    assert 0 <= g.external_share <= 1
    assert g.channels.sum() == pytest.approx(g.external)


@given(c=st.floats(0.5, 5), i1=st.floats(0, 5), i2=st.floats(0, 5))
def test_more_internal_funds_never_widens_gap(c, i1, i2):
    lo, hi = sorted((i1, i2))
    assert financing_gap(c, hi, W).external <= financing_gap(c, lo, W).external + 1e-12


def test_custom_weights_are_normalised_and_keep_their_labels():
    g = financing_gap(3.0, 1.0, pd.Series({"bonds": 1, "loans": 3}))
    assert g.channels.to_dict() == pytest.approx({"bonds": 0.5, "loans": 1.5})


def test_capex_to_cash_flow_matches_oracles_reported_free_cash_flow():
    """Oracle fiscal 2025: capex 21.21, operating cash flow 20.82, reported free cash flow -0.39."""
    iss = load("financing_gap_issuers").set_index(["issuer", "period", "metric"])["value"]
    c, o = iss[("Oracle", "FY2025", "capex")], iss[("Oracle", "FY2025", "operating_cash_flow")]
    k = capex_to_cash_flow(pd.Series({"ORCL": c}), pd.Series({"ORCL": o}))["ORCL"]
    assert o * (1 - k) == pytest.approx(-0.39, abs=0.005)
    assert k > 1
    assert capex_to_cash_flow(pd.Series({"a": 1.0}), pd.Series({"a": 2.0})).name == "capex_to_cash_flow"


def test_internal_funds():
    assert internal_funds(pd.Series([1.0, 2.0]), 0.5) == pytest.approx(1.5)
    assert internal_funds(pd.Series([1.0, 2.0])) == pytest.approx(3.0)


@pytest.mark.parametrize(
    "call,match",
    [
        (lambda: financing_gap(0, 1, W), "capex_total"),
        (lambda: financing_gap(-2, 1, W), "capex_total"),
        (lambda: financing_gap(2, float("nan"), W), "internal"),
        (lambda: financing_gap(2, -1, W), "internal"),
        (lambda: financing_gap(2, 1, pd.Series({"a": -1.0})), "channel_weights"),
        (lambda: financing_gap(2, 1, pd.Series(dtype=float)), "channel_weights"),
        (lambda: financing_gap(2, 1, pd.Series({"a": 0.0})), "channel_weights"),
        (lambda: financing_gap(2, 1, pd.Series([1.0, 1.0], index=["a", "a"])), "channel_weights"),
        (lambda: financing_gap(2, 1, {"a": 1.0}), "channel_weights"),
        (lambda: internal_funds(pd.Series([1.0, None])), "operating_cash_flow"),
        (lambda: internal_funds(pd.Series([1.0]), 1.5), "payout_share"),
        (lambda: capex_to_cash_flow(pd.Series({"a": 1.0}), pd.Series({"b": 1.0})), "share an index"),
        (lambda: capex_to_cash_flow(pd.Series({"a": 1.0}), pd.Series({"a": 0.0})), "operating_cash_flow"),
        (lambda: capex_to_cash_flow(pd.Series({"a": -1.0}), pd.Series({"a": 1.0})), "capex"),
        (lambda: capex_to_cash_flow([1.0], pd.Series([1.0])), "capex"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


BAD = st.sampled_from([float("nan"), float("inf"), -float("inf"), -1.0, "1.5", None, [1.0], True])


@settings(max_examples=60)
@given(arg=st.sampled_from(["capex_total", "internal", "payout_share"]), bad=BAD)
def test_scalars_refuse_bad_values_cleanly(arg, bad):
    call = {"capex_total": lambda: financing_gap(bad, 1.0, W), "internal": lambda: financing_gap(2.0, bad, W),
            "payout_share": lambda: internal_funds(pd.Series([1.0]), bad)}[arg]
    with pytest.raises((ValueError, TypeError), match=arg):
        call()


@settings(max_examples=60)
@given(bad=st.sampled_from([float("nan"), float("inf"), -1.0]), which=st.sampled_from(["capex", "operating_cash_flow", "channel_weights"]))
def test_series_refuse_bad_values_cleanly(bad, which):
    s = pd.Series({"a": bad, "b": 1.0})
    call = {"capex": lambda: capex_to_cash_flow(s, pd.Series({"a": 1.0, "b": 1.0})),
            "operating_cash_flow": lambda: capex_to_cash_flow(pd.Series({"a": 1.0, "b": 1.0}), s),
            "channel_weights": lambda: financing_gap(2.0, 1.0, s)}[which]
    with pytest.raises((ValueError, TypeError), match=which):
        call()


# --- the Vega copy of the model, evaluated ------------------------------------------------------

def _eval_vega(expr: str, **names) -> float:
    py = expr.replace("if(", "_if(").replace("datum.", "")
    ns = {k: (v if isinstance(v, bool) else np.float64(v)) for k, v in names.items()} | {"_if": lambda c, a, b: a if c else b, "min": min, "max": max}
    return float(eval(py, {"__builtins__": {}}, ns))  # noqa: S307 - expression built by our own helper


@given(c=st.floats(2.0, 4.0), i=st.floats(0.6, 2.4))
def test_vega_gap_matches_python(c, i):
    e = gap_vega_exprs("capex", "own")
    g = financing_gap(c, i, W)
    assert _eval_vega(e["gap"], capex=c, own=i) == pytest.approx(g.external, abs=1e-12)
    assert _eval_vega(e["amount"], capex=c, own=i, internal=True, w=0.0) == pytest.approx(g.internal, abs=1e-12)
    share = float(W.iloc[0] / W.sum())
    assert _eval_vega(e["amount"], capex=c, own=i, internal=False, w=share) == pytest.approx(g.channels.iloc[0], abs=1e-12)


def test_vega_names_are_checked():
    with pytest.raises(ValueError, match="own"):
        gap_vega_exprs("capex", "own; x")


def test_financing_charts_build_without_machine_names():
    from helpers.charts import financing as fc

    deals = load_dataset("ai_debt_deals").frame.assign(label=lambda d: deal_label(d))
    assert not deals["label"].str.contains("_").any()
    assert deal_label(deals[deals["deal_id"] == "alphabet-2025-11-eur"]).iloc[0] == "Alphabet, Nov 2025 (euro)"
    cover = pd.DataFrame({"issuer": ["Oracle"], "label": ["Oracle fiscal 2026"], "capex": [55.7], "operating_cash_flow": [32.0], "pct": [174.0]})
    cds = pd.DataFrame({"issuer": ["Oracle", "Oracle"], "when": pd.to_datetime(["2025-06-15", "2026-10-01"]), "value": [36.0, 247.5]})
    weights = pd.DataFrame({"label": ["Private credit", "Bonds"], "w": [0.6, 0.4]})
    charts = [fc.gap_chart(weights), fc.borrowing_chart(deals), fc.coupon_chart(deals), fc.spread_chart(deals), fc.cash_and_cds_chart(cover, cds)]
    for c in charts:
        spec = c.to_dict()
        titles = [v for k, v in _walk(spec) if k == "title" and isinstance(v, str)]
        assert all("_" not in t for t in titles), titles
    assert charts[-1].to_dict()["autosize"]["type"] == "pad"
    assert not math.isnan(deals["amount_usd_bn"].sum())

