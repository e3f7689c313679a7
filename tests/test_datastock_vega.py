"""The data-exhaustion explorer's generated Vega expressions, evaluated against helpers.models.datastock."""
from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_revenue_vega import vega_eval

from helpers.charts.datastock import crossing_vega_expr, dataset_vega_expr, explorer_chart
from helpers.models.datastock import exhaustion_year, trajectory

pos = st.floats(1.0, 2000.0)


@settings(max_examples=150)
@given(S=pos, D=pos, G=st.floats(1.2, 5.0), k=st.floats(1.0, 100.0), gs=st.floats(1.0, 1.1), t0=st.floats(2000, 2030))
def test_crossing_expression_equals_exhaustion_year(S, D, G, k, gs, t0):
    env = {"S": S, "D": D, "G": G, "k": k, "gs": gs}
    got = vega_eval(crossing_vega_expr("S", "D", "G", repr(t0), "k", "gs"), env)
    assert got == pytest.approx(exhaustion_year(S, D, G - 1, t0, overtrain=k, stock_growth=gs - 1), abs=1e-9)


@settings(max_examples=100)
@given(D=pos, G=st.floats(1.2, 5.0), k=st.floats(1.0, 100.0), year=st.floats(2020, 2040))
def test_dataset_expression_equals_trajectory(D, G, k, year):
    got = vega_eval(dataset_vega_expr("datum.year", "D", "G", "2024.3", "k"), {"D": D, "G": G, "k": k, "datum.year": year})
    want = trajectory([year], 300.0, D, G - 1, 2024.3, overtrain=k)["dataset"].iloc[0]
    assert got == pytest.approx(want, rel=1e-9)


def test_explorer_chart_uses_the_generated_crossing_expression():
    ref = pd.DataFrame({"year": [2024.3], "tokens_t": [15.0], "name": ["Llama 3"]})
    spec = explorer_chart(300.0, 4.7, 3.0, 2024.3, ref).to_dict()
    calcs = [t["calculate"] for layer in spec["layer"] for t in layer.get("transform", []) if "calculate" in t]
    assert crossing_vega_expr("stock_t", "d0_t", "growth_factor", "2024.3", "overtrain") in calcs
    assert vega_eval(crossing_vega_expr("stock_t", "d0_t", "growth_factor", "2024.3", "overtrain"),
                     {"stock_t": 300.0, "d0_t": 300.0 / 3.0**2, "growth_factor": 3.0, "overtrain": 1.0}) == pytest.approx(2026.3)
    assert math.isclose(sorted(p["value"] for p in spec["params"])[0], 1)


@pytest.mark.parametrize("call", [lambda: crossing_vega_expr("", "D", "G", "2024"), lambda: dataset_vega_expr("y", None, "G", "2024"),
                                  lambda: explorer_chart(3000.0, 4.7, 3.0, 2024.3, pd.DataFrame({"year": [], "tokens_t": [], "name": []}))])
def test_bad_input(call):
    with pytest.raises((ValueError, TypeError)):
        call()
