"""Tests of helpers.charts.gdp: the compounding slider's Vega expression IS helpers.models.gdp.level_paths (evaluated,
so a changed constant fails), and the chapter's charts build with human labels."""
from __future__ import annotations

from spec_tools import spec_labels as _labels

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.charts.gdp import (break_chart, compounding_explorer, estimates_chart, history_chart, level_path_vega_expr,
                                trend_estimates_chart)
from helpers.data import load
from helpers.models.gdp import level_paths
from helpers.models.gdp_acemoglu import ai_uplift_table

SETTINGS = settings(max_examples=80, deadline=None)


def _eval_vega(expr: str, **names) -> float:
    """Evaluate the arithmetic subset of Vega expressions the generator writes (pow, + - * /, names, numbers)."""
    py = expr.replace("datum.", "")
    assert re.fullmatch(r"[\w\s().,+\-*/]*", py), py
    return eval(py, {"__builtins__": {}}, {"pow": pow, **names})  # noqa: S307 - checked above, built by our generator


@SETTINGS
@given(level=st.floats(1.0, 1e6), base=st.floats(0.5, 3.0), uplift=st.floats(0.0, 1.5), t=st.integers(0, 75))
def test_vega_level_path_matches_level_paths(level, base, uplift, t):
    want = level_paths({"b": base / 100, "a": (base + uplift) / 100}, max(t, 1), base_level=level).loc[t]
    assert _eval_vega(level_path_vega_expr(level, "base"), base=base, t=t) == pytest.approx(want["b"], rel=1e-12)
    assert _eval_vega(level_path_vega_expr(level, "base + uplift"), base=base, uplift=uplift, t=t) == pytest.approx(want["a"], rel=1e-12)


def test_compounding_explorer_uses_the_generated_expression():
    spec = compounding_explorer(68492.25, 2024).to_dict()
    text = str(spec)
    assert level_path_vega_expr(68492.25, "base") in text and level_path_vega_expr(68492.25, "base + uplift") in text
    with pytest.raises(ValueError, match="horizon"):
        compounding_explorer(100.0, 2024, horizon=100, max_years=75)




def test_charts_build_with_human_labels():
    est = load("ai_growth_estimates")
    up = ai_uplift_table(est, capital_share=0.43)
    levels = pd.DataFrame({"year": range(1990, 2000), "value": np.linspace(100, 120, 10), "series": "BEA"})
    trends = levels.assign(trend="2.0% a year")
    table = pd.DataFrame({"window": ["a", "a"], "method": ["log-linear", "HP"], "growth": [2.0, 1.9],
                          "ci_low": [1.8, np.nan], "ci_high": [2.2, np.nan]})
    specs = [history_chart(levels, trends), trend_estimates_chart(table, {"The article: 2.0%": 2.0}),
             break_chart(pd.Series([1.0, 3.0, 2.0], index=[1970, 1971, 1972]), 8.7), compounding_explorer(100.0, 2024),
             estimates_chart(up, article_uplift=0.1)]
    for chart in specs:
        for label in _labels(chart.to_dict()):
            assert "_" not in label or label.startswith("param_") or label.startswith("view_"), label
    with pytest.raises(ValueError, match="refs"):
        trend_estimates_chart(table, {})
    with pytest.raises(ValueError, match="critical"):
        break_chart(pd.Series([1.0, 2.0], index=[1970, 1971]), -1.0)
