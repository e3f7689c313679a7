"""Tests for helpers.charts.network and helpers.charts.network_contagion (chapters 2 and 5).

The contagion slider recomputes the stress test in the browser; its Vega expressions are evaluated here with a small
evaluator and compared with the Python model, so a changed constant in either fails a test.
"""
from __future__ import annotations

import json
import math
import re

import altair as alt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.charts.network import (
    STATUS_LABELS,
    deal_network_chart,
    edge_segments,
    loop_chart,
    role_layout,
    round_trip_chart,
)
from helpers.charts.network_contagion import (
    backlog_share_chart,
    engine_failure_chart,
    engine_failure_exprs,
    vendor_financing_chart,
)
from helpers.data import load_dataset
from helpers.models.network import DEAL_STATUSES
from helpers.models.network_contagion import engine_failure


def vega_eval(expr: str, datum: dict, params: dict | None = None) -> float:
    """Evaluate the subset of Vega's expression language our generators use (arithmetic, comparisons, ?:)."""
    def ternary(e: str) -> str:
        depth, q = 0, None
        for i, ch in enumerate(e):
            depth += ch == "("
            depth -= ch == ")"
            if ch == "?" and depth == 0:
                q = i
                break
        if q is None:
            return e
        depth, nest = 0, 0
        for j in range(q + 1, len(e)):
            ch = e[j]
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0 and ch == "?":
                nest += 1
            elif depth == 0 and ch == ":":
                if nest == 0:
                    return f"(({ternary(e[q + 1:j])}) if ({e[:q]}) else ({ternary(e[j + 1:])}))"
                nest -= 1
        raise ValueError(f"unbalanced ternary in {e!r}")
    py = re.sub(r"datum\.(\w+)", r"_d['\1']", ternary(expr))
    return eval(py, {"__builtins__": {}}, {"_d": datum, **(params or {})})  # noqa: S307 - our own generator's output


def test_vega_eval_handles_nested_ternaries():
    assert vega_eval("datum.a > 0 ? 1 : datum.a == 0 ? 2 : 3", {"a": 0}) == 2
    assert vega_eval("datum.a > 0 ? 1 : datum.a == 0 ? 2 : 3", {"a": -1}) == 3


@settings(max_examples=80, deadline=None)
@given(e=st.floats(0, 500), b=st.one_of(st.none(), st.floats(1, 1000)), s=st.floats(0, 200), c=st.floats(0, 1), w=st.floats(0, 1))
def test_engine_failure_vega_expressions_match_the_model(e, b, s, c, w):
    ex = engine_failure_exprs("cancel", "writedown")
    want = engine_failure(pd.DataFrame({"backlog_from_engine": [e], "firm_backlog": [b if b is not None else np.nan],
                                        "equity_in_engine": [s]}, index=["F"]), c, w).loc["F"]
    datum = {"backlog_from_engine": e, "equity_in_engine": s, "firm_backlog": b if b is not None else -1.0}
    params = {"cancel": c, "writedown": w}
    assert vega_eval(ex["lost_backlog"], datum, params) == pytest.approx(want["lost_backlog"])
    assert vega_eval(ex["equity_loss"], datum, params) == pytest.approx(want["equity_loss"])
    assert vega_eval(ex["total_loss"], datum, params) == pytest.approx(want["total_loss"])
    share = vega_eval(ex["lost_backlog_share"], datum, params)
    assert share == -1 if b is None else share == pytest.approx(want["lost_backlog_share"])


def test_engine_failure_exprs_bad_input():
    with pytest.raises(ValueError, match="cancel"):
        engine_failure_exprs("", "w")


# --- layout ------------------------------------------------------------------------------------------------

ROLES = pd.Series({"OpenAI": "engine", "NVIDIA": "fuel", "Oracle": "gears", "SoftBank": "financier", "AMD": "fuel"})


def test_role_layout_columns_follow_role_order():
    lay = role_layout(["OpenAI", "NVIDIA", "Oracle", "SoftBank", "AMD"], ROLES)
    assert lay.loc["SoftBank", "x"] == 0 and lay.loc["NVIDIA", "x"] == 1 and lay.loc["Oracle", "x"] == 2 and lay.loc["OpenAI", "x"] == 3
    assert (lay.loc["AMD", "y"], lay.loc["NVIDIA", "y"]) == (0, 1)
    with pytest.raises(ValueError, match="no role"):
        role_layout(["Pets.com"], ROLES)
    with pytest.raises(ValueError, match="empty"):
        role_layout([], ROLES)


def test_edge_segments_directions_and_offsets():
    lay = role_layout(["NVIDIA", "OpenAI", "Oracle"], ROLES)
    d = pd.DataFrame({"payer": ["NVIDIA", "OpenAI"], "payee": ["OpenAI", "NVIDIA"]})
    seg = edge_segments(d, lay, offset_px=6)
    assert seg["angle"].round(6).tolist() == [90.0, 270.0]
    assert seg.loc[0, "y"] != seg.loc[1, "y"]
    assert seg.loc[0, "xh"] == pytest.approx(seg.loc[0, "x"] + 0.78 * (seg.loc[0, "x2"] - seg.loc[0, "x"]))
    with pytest.raises(ValueError, match="no position"):
        edge_segments(pd.DataFrame({"payer": ["X"], "payee": ["OpenAI"]}), lay)
    for kw, name in [({"head": 0}, "head"), ({"width": -1}, "width"), ({"offset_px": float("nan")}, "offset_px")]:
        with pytest.raises(ValueError, match=name):
            edge_segments(d, lay, **kw)


# --- the charts the chapters draw -------------------------------------------------------------------------

def _spec(chart) -> str:
    return json.dumps(chart.to_dict(validate=False))


def test_deal_network_chart_uses_reader_labels_and_filters():
    deals = load_dataset("ai_deals").frame
    roles = load_dataset("ai_firm_roles").frame.set_index("firm")["role"]
    spec = deal_network_chart(deals, roles).to_dict(validate=False)
    text = json.dumps(spec)
    assert all(STATUS_LABELS[s] in text for s in DEAL_STATUSES)
    assert "letter_of_intent" not in json.dumps([l.get("encoding", {}).get("color") for l in spec["layer"]])
    assert {p["name"] for p in spec["params"]} >= {"deal_year"}


def test_small_charts_build():
    loops = pd.DataFrame({"loop": ["A → B → A"], "headline_usd_bn": [10.0], "bottleneck_usd_bn": [2.0]})
    assert isinstance(loop_chart(loops), alt.LayerChart)
    trips = pd.DataFrame({"supplier": ["S", "S"], "bound": ["Earmarked", "Pro rata"], "share_pct": [2.0, 0.5]})
    assert isinstance(round_trip_chart(trips), alt.LayerChart)
    ratios = pd.DataFrame({"label": ["x"], "era": ["AI"], "financing": [1.0], "revenue": [10.0], "pct_of_revenue": [10.0], "what": ["w"]})
    assert "NVIDIA, 2025-2026" in _spec(vendor_financing_chart(ratios))
    shares = pd.DataFrame({"firm": ["Oracle", "Oracle"], "when": ["then", "now"], "share_pct": [57.0, 45.0]})
    assert isinstance(backlog_share_chart(shares), alt.LayerChart)
    with pytest.raises(ValueError, match="lacks"):
        loop_chart(loops.drop(columns="loop"))


def test_engine_failure_chart_uses_the_generated_expressions():
    ex = pd.DataFrame({"backlog_from_engine": [300.0], "firm_backlog": [664.0], "equity_in_engine": [np.nan], "basis": ["b"]},
                      index=pd.Index(["Oracle"], name="firm"))
    spec = _spec(engine_failure_chart(ex, 0.5, 0.5, ["Oracle"], 400.0))
    for expr in engine_failure_exprs("cancel", "writedown").values():
        if expr != engine_failure_exprs()["total_loss"]:
            assert json.dumps(expr)[1:-1] in spec
    with pytest.raises(ValueError, match="cancel"):
        engine_failure_chart(ex, 1.5, 0.5, ["Oracle"], 400.0)
    with pytest.raises(ValueError, match="x_max"):
        engine_failure_chart(ex, 0.5, 0.5, ["Oracle"], 0.0)
