"""Tests for helpers.charts.exposure (chapter 8): the slider's Vega expressions are evaluated against the model."""
from __future__ import annotations

import json

import altair as alt
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.charts.exposure import ai_debt_chart, holder_stress_exprs, holders_chart, stress_slider_chart, threshold_chart
from helpers.data import load_dataset
from helpers.models.exposure import default_rate_for_loss, holder_stress
from test_network_charts import vega_eval  # the shared evaluator of Vega expressions

SECTORS = ["Insurers", "Pension funds", "Bond funds"]


@settings(max_examples=80, deadline=None)
@given(d=st.floats(0, 5000), p=st.floats(0, 1), r=st.floats(0, 1),
       w=st.lists(st.floats(0, 0.33), min_size=3, max_size=3), a=st.lists(st.floats(1, 1e4), min_size=3, max_size=3))
def test_holder_stress_vega_expressions_match_the_model(d, p, r, w, a):
    shares, assets = pd.Series(w, index=SECTORS), pd.Series(a, index=SECTORS)
    want = holder_stress(d, shares, assets, p, r).table
    e = holder_stress_exprs(SECTORS)
    params = {"debt": d, "pdef": p, "rec": r, "s_insurers": w[0], "s_pension_funds": w[1], "s_bond_funds": w[2]}
    for s in SECTORS:
        datum = {"sector": s, "assets": assets[s]}
        for field in ("share", "holding", "loss", "pct"):
            datum[field] = vega_eval(e[field], datum, params)
        assert datum["holding"] == pytest.approx(want.loc[s, "holding"])
        assert datum["loss"] == pytest.approx(want.loc[s, "loss"], abs=1e-9)
        assert datum["pct"] == pytest.approx(want.loc[s, "loss_pct_assets"], abs=1e-9)


def test_holder_stress_exprs_bad_input():
    for bad in ([], ["a", "a"], ["it's"]):
        with pytest.raises(ValueError, match="sectors"):
            holder_stress_exprs(bad)
    with pytest.raises(ValueError, match="debt"):
        holder_stress_exprs(["a"], debt=" ")


def test_stress_slider_chart_has_one_slider_per_input():
    assets = pd.Series([6064.0, 9100.0, 7358.4], index=SECTORS)
    shares = pd.Series([0.25, 0.108, 0.21], index=SECTORS)
    spec = stress_slider_chart(assets, shares, 1500.0, 0.2, 0.4, debt_max=3000.0).to_dict(validate=False)
    names = {p["name"] for p in spec["params"]}
    assert names == {"debt", "pdef", "rec", "s_insurers", "s_pension_funds", "s_bond_funds"}
    assert all("_" not in p["bind"]["name"] for p in spec["params"])
    with pytest.raises(ValueError, match="same sectors"):
        stress_slider_chart(assets, shares[::-1], 1500.0, 0.2, 0.4, debt_max=3000.0)
    with pytest.raises(ValueError, match="debt"):
        stress_slider_chart(assets, shares, 5000.0, 0.2, 0.4, debt_max=3000.0)


def test_other_charts_build_from_model_output():
    t = default_rate_for_loss(1500.0, pd.Series({"A": 0.25}), pd.Series({"A": 6000.0}), 1.0, [0.0, 0.5, 0.9])
    assert isinstance(threshold_chart(t), alt.Chart)
    debt = load_dataset("bond_holders_ai_debt").frame
    out = debt[debt["measure"] == "outstanding"]
    assert "Usually held by" in json.dumps(ai_debt_chart(out).to_dict(validate=False))
    pts = pd.DataFrame({"holder": ["Rest of the world"], "share": [28.6], "vintage": ["Fed"], "as_of": ["2025"]})
    assert isinstance(holders_chart(pts), alt.Chart)
    with pytest.raises(ValueError, match="lacks"):
        holders_chart(pts.drop(columns="vintage"))
