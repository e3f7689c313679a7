"""The dashboard's generated Vega expressions, evaluated against helpers.models.capex.capital_recovery_factor."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_revenue_vega import vega_eval

from helpers.charts.capex import crf_vega_expr
from helpers.charts.gauges import gears_chart, warn_vega_expr
from helpers.data import load
from helpers.models.capex import capital_recovery_factor
from helpers.models.gauges_gears import capex_thresholds, gears_table


@settings(max_examples=200)
@given(r=st.one_of(st.just(0.0), st.floats(0.0, 1e-5), st.floats(0.0, 0.99)), life=st.floats(0.5, 60.0))
def test_crf_expression_equals_the_python_factor(r, life):
    got = vega_eval(crf_vega_expr("r", "L"), {"r": r, "L": life})
    assert got == pytest.approx(float(capital_recovery_factor(r, life)), rel=1e-9)


@pytest.mark.parametrize("r, life, want", [(0.10, 10, 0.162745), (0.10, 5, 0.263797), (0.0, 6, 1 / 6)])
def test_crf_expression_matches_textbook_annuity_factors(r, life, want):
    assert vega_eval(crf_vega_expr("r", "L"), {"r": r, "L": life}) == pytest.approx(want, rel=1e-5)


@settings(max_examples=100)
@given(m=st.floats(0.01, 1.0), life=st.floats(1.0, 30.0), r=st.floats(0.0, 0.5))
def test_warn_expression_equals_capex_thresholds(m, life, r):
    env = {"req_return": r, "datum.L": life, "datum.m": m}
    assert vega_eval(warn_vega_expr(), env) == pytest.approx(capex_thresholds(m, life, r).warn, rel=1e-9)


def test_gears_chart_carries_the_generated_warning_line():
    g = gears_table(load("hyperscaler_capex"), load("dashboard_cloud_financials"))
    lines = g.groupby("company").size().rename("n").reset_index().assign(m=0.5, L=6.0)
    spec = gears_chart(g, lines, 0.1, "Oracle", ["Microsoft", "Oracle"]).to_dict()
    calcs = [t["calculate"] for layer in spec["layer"] for t in layer.get("transform", []) if "calculate" in t]
    assert warn_vega_expr("req_return", "datum.L", "datum.m") in calcs
    assert {p["name"] for p in spec["params"]} >= {"req_return", "company_pick"}


@pytest.mark.parametrize("call", [lambda: crf_vega_expr("", "L"), lambda: crf_vega_expr("r", 6), lambda: warn_vega_expr(margin=None)])
def test_generators_reject_non_expressions(call):
    with pytest.raises((ValueError, TypeError)):
        call()
