"""Tests of helpers.charts.jcurve: the packed grid is the tidy grid, the Vega expression IS the model (evaluated, so a
changed constant fails), and the charts build with human labels."""
from __future__ import annotations

from spec_tools import spec_labels as _labels

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.charts.jcurve import (measurement_explorer, org_explorer, org_jcurve_vega_expr, pack_grid, versions_chart,
                                   wave_terms_chart)
from helpers.data import load
from helpers.models.jcurve import explorer_grid, intangible_jcurve, surge_path
from helpers.models.jcurve_org import org_jcurve

SETTINGS = settings(max_examples=80, deadline=None)


def _eval_vega(expr: str, t: float) -> float:
    """Evaluate the small Vega expression language the generator uses (if, cos, exp, PI, arithmetic)."""
    py = expr.replace("if(", "_if(").replace("datum.t", "t")
    assert re.fullmatch(r"[\w\s().,+\-*/<=]*", py), py
    ns = {"_if": lambda c, a, b: a if c else b, "cos": math.cos, "exp": math.exp, "PI": math.pi, "t": t}
    return eval(py, {"__builtins__": {}}, ns)  # noqa: S307 - expression built by our own generator, checked above


@SETTINGS
@given(d=st.floats(0.0, 0.9), be=st.floats(0.5, 15.0), gain=st.floats(0.0, 1.0), t=st.floats(0.0, 40.0))
def test_vega_expression_matches_python(d, be, gain, t):
    expr = org_jcurve_vega_expr("datum.t", dip_depth=repr(d), break_even=repr(be), long_run_gain=repr(gain))
    want = org_jcurve([t], dip_depth=d, break_even=be, long_run_gain=gain).frame["level"].iloc[0]
    assert _eval_vega(expr, t) == pytest.approx(want, abs=1e-12)


def test_vega_expr_bad_input():
    with pytest.raises(ValueError, match="dip_depth"):
        org_jcurve_vega_expr("datum.t", dip_depth="")


def test_packed_grid_is_the_tidy_grid():
    kw = dict(surge_sizes=[0.01, 0.02], ramp_years=[2, 4], depreciations=[0.2], capital_shares=[0.04], years=12)
    tidy = explorer_grid(**kw)
    packed = pack_grid(tidy)
    assert len(packed) == 4
    flat = packed.explode(["year", "inv_share", "gap_pp", "level_pct"]).reset_index(drop=True)
    assert np.allclose(flat["level_pct"].astype(float), tidy["level_pct"])
    assert flat["year"].astype(int).tolist() == tidy["year"].tolist()
    with pytest.raises(ValueError, match="grid"):
        pack_grid(tidy.drop(columns=["gap_pp"]))




def test_charts_build_with_human_labels():
    brs = load("jcurve_brs2021")
    wave = intangible_jcurve(surge_path(21, base_share=0.02, surge_size=0.02, ramp_years=5, start=2),
                             depreciation=0.2, capital_share=0.04)
    grid = pack_grid(explorer_grid(surge_sizes=[0.01, 0.02], ramp_years=[2, 5], depreciations=[0.1, 0.2],
                                   capital_shares=[0.02, 0.04], years=21, decimals=3))
    specs = [versions_chart(brs).to_dict(), wave_terms_chart(wave.frame).to_dict(),
             measurement_explorer(grid, size=0.02, ramp=5, delta=0.2, alpha=0.04).to_dict(),
             org_explorer(depth=0.05, break_even=4, gain=0.1).to_dict()]
    for spec in specs:
        for label in _labels(spec):
            assert "_" not in label or label.startswith(("p_", "o_", "param_", "view_")), label
    with pytest.raises(ValueError, match="size"):
        measurement_explorer(grid, size=0.03, ramp=5, delta=0.2, alpha=0.04)
