"""Tests for helpers.network: graph building, cycles, round trips, totals, stress."""
from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.data import load
from helpers.models.network import (
    BINDING,
    ROLES,
    STATUSES,
    build_graph,
    edge_segments,
    engine_failure,
    money_cycles,
    role_layout,
    round_trip_share,
    split_binding,
    totals_by_status,
)


def deals(rows):
    return pd.DataFrame(rows, columns=["payer", "payee", "amount_usd_bn", "status", "binding"])


# --- build_graph -------------------------------------------------------------------------

def test_parallel_deals_are_summed_and_unknown_values_stay_unknown():
    d = deals([
        ("OpenAI", "CoreWeave", 11.9, "definitive", "binding"),
        ("OpenAI", "CoreWeave", 4.0, "definitive", "binding"),
        ("OpenAI", "CoreWeave", 6.5, "definitive", "binding"),
        ("OpenAI", "AMD", None, "definitive", "binding"),
    ])
    g = build_graph(d)
    assert g["OpenAI"]["CoreWeave"]["usd_bn"] == pytest.approx(22.4)  # the reported total
    assert g["OpenAI"]["CoreWeave"]["n_deals"] == 3
    assert math.isnan(g["OpenAI"]["AMD"]["usd_bn"])
    assert g.nodes["OpenAI"]["role"] == "engine"


def test_status_filter_drops_deals():
    d = deals([("A", "B", 1.0, "announced", "unknown"), ("B", "A", 2.0, "definitive", "binding")])
    g = build_graph(d, statuses=["definitive"])
    assert list(g.edges) == [("B", "A")]


@pytest.mark.parametrize(
    "rows, match",
    [
        ([("A", "A", 1.0, "announced", "unknown")], "payer equals payee"),
        ([("A", "B", -1.0, "announced", "unknown")], "must be >= 0"),
        ([("A", "", 1.0, "announced", "unknown")], "payee is blank"),
        ([("A", "B", 1.0, "rumoured", "unknown")], "unknown value"),
    ],
)
def test_build_graph_bad_input(rows, match):
    with pytest.raises(ValueError, match=match):
        build_graph(deals(rows))


def test_build_graph_rejects_empty_missing_and_unknown_filter():
    with pytest.raises(ValueError, match="empty"):
        build_graph(deals([]))
    with pytest.raises(ValueError, match="lacks column"):
        build_graph(pd.DataFrame({"payer": ["A"]}))
    with pytest.raises(ValueError, match="statuses has unknown"):
        build_graph(deals([("A", "B", 1.0, "announced", "unknown")]), statuses=["maybe"])


# --- money_cycles ------------------------------------------------------------------------

def test_triangle_cycle_and_bottleneck():
    d = deals([
        ("NVIDIA", "OpenAI", 100.0, "letter_of_intent", "non_binding"),
        ("OpenAI", "Oracle", 300.0, "definitive", "binding"),
        ("Oracle", "NVIDIA", 40.0, "announced", "unknown"),
    ])
    cycles = money_cycles(build_graph(d))
    assert len(cycles) == 1
    assert cycles[0].nodes == ("NVIDIA", "OpenAI", "Oracle")
    assert cycles[0].bottleneck_usd_bn == 40.0


def test_acyclic_graph_has_no_cycles():
    d = deals([("A", "B", 1.0, "announced", "unknown"), ("B", "C", 1.0, "announced", "unknown"),
               ("A", "C", 1.0, "announced", "unknown")])
    assert money_cycles(build_graph(d)) == []


def test_known_small_graph_cycle_count_and_length_bound():
    # Two-cycles A<->B and B<->C plus the triangle A->B->C->A: three simple cycles.
    d = deals([("A", "B", 5.0, "announced", "unknown"), ("B", "A", 1.0, "announced", "unknown"),
               ("B", "C", 2.0, "announced", "unknown"), ("C", "B", 3.0, "announced", "unknown"),
               ("C", "A", 4.0, "announced", "unknown")])
    cycles = money_cycles(build_graph(d))
    assert [c.nodes for c in cycles] == [("A", "B"), ("B", "C"), ("A", "B", "C")]
    assert [c.bottleneck_usd_bn for c in cycles] == [1.0, 2.0, 2.0]
    assert len(money_cycles(build_graph(d), max_length=2)) == 2


def test_cycle_with_unsized_edge_has_nan_bottleneck():
    d = deals([("AMD", "OpenAI", None, "definitive", "binding"), ("OpenAI", "AMD", None, "definitive", "binding")])
    (c,) = money_cycles(build_graph(d))
    assert math.isnan(c.bottleneck_usd_bn)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.floats(0, 100)), min_size=1, max_size=15))
def test_cycles_agree_with_networkx_and_bottleneck_is_an_edge_minimum(edges):
    rows = [(f"F{u}", f"F{v}", w, "announced", "unknown") for u, v, w in edges if u != v]
    if not rows:
        return
    g = build_graph(deals(rows))
    cycles = money_cycles(g)
    assert len(cycles) == sum(1 for _ in nx.simple_cycles(g))
    for c in cycles:
        ws = [g[c.nodes[j]][c.nodes[(j + 1) % len(c.nodes)]]["usd_bn"] for j in range(len(c.nodes))]
        assert c.bottleneck_usd_bn == pytest.approx(min(ws))
        assert c.nodes[0] == min(c.nodes)


def test_money_cycles_bad_input():
    with pytest.raises(ValueError, match="DiGraph"):
        money_cycles({"A": "B"})
    with pytest.raises(ValueError, match="max_length"):
        money_cycles(nx.DiGraph(), max_length=1)


# --- round_trip_share --------------------------------------------------------------------

def test_round_trip_reproduces_hand_calculation():
    r = round_trip_share(30, 100, 500, customer_funding_usd_bn=150)
    assert r.amount_usd_bn == pytest.approx(20.0)
    assert r.share == pytest.approx(0.04)
    e = round_trip_share(30, 100, 500, method="earmarked")
    assert e.amount_usd_bn == 30 and e.share == pytest.approx(0.06)
    assert round_trip_share(300, 100, 500, method="earmarked").amount_usd_bn == 100


@given(i=st.floats(0, 1e3), p=st.floats(0, 1e3), b=st.floats(1e-3, 1e4), extra=st.floats(0, 1e3))
def test_pro_rata_never_exceeds_earmarked(i, p, b, extra):
    f = max(i, p) + extra + 1e-9
    pr = round_trip_share(i, p, b, customer_funding_usd_bn=f)
    em = round_trip_share(i, p, b, method="earmarked")
    assert pr.amount_usd_bn <= em.amount_usd_bn + 1e-9
    assert pr.share >= 0


@pytest.mark.parametrize(
    "args, kwargs, match",
    [
        ((-1, 1, 1), {"customer_funding_usd_bn": 5}, "invested_usd_bn"),
        ((1, float("nan"), 1), {"customer_funding_usd_bn": 5}, "spent_back_usd_bn"),
        ((1, 1, 0), {"customer_funding_usd_bn": 5}, "supplier_base_usd_bn must be > 0"),
        ((1, 1, 1), {}, "customer_funding_usd_bn must be a number > 0"),
        ((10, 1, 1), {"customer_funding_usd_bn": 5}, "at least invested"),
        ((1, 1, 1), {"method": "magic"}, "method"),
    ],
)
def test_round_trip_bad_input(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        round_trip_share(*args, **kwargs)


# --- totals ------------------------------------------------------------------------------

def test_totals_by_status_and_binding():
    d = deals([("A", "B", 100.0, "letter_of_intent", "non_binding"), ("B", "C", 300.0, "definitive", "binding"),
               ("C", "D", None, "definitive", "binding"), ("D", "A", 38.0, "definitive", "binding")])
    t = totals_by_status(d)
    assert list(t.index) == ["letter_of_intent", "definitive"]  # STATUSES order
    assert t.loc["definitive", "usd_bn"] == 338.0 and t.loc["definitive", "n_unsized"] == 1
    b = split_binding(d)
    assert list(b.index) == list(BINDING)
    assert b.loc["binding", "usd_bn"] == 338.0 and b["share"].sum() == pytest.approx(1.0)


def test_totals_bad_input():
    with pytest.raises(ValueError, match="unknown or missing"):
        totals_by_status(deals([("A", "B", 1.0, "gossip", "unknown")]))
    with pytest.raises(ValueError, match="unknown or missing"):
        split_binding(deals([("A", "B", 1.0, "announced", "sort of")]))
    with pytest.raises(ValueError, match=">= 0"):
        split_binding(deals([("A", "B", -3.0, "announced", "binding")]))
    with pytest.raises(ValueError, match="lacks column"):
        totals_by_status(pd.DataFrame({"status": ["announced"]}))


# --- role_layout -------------------------------------------------------------------------

def test_role_layout_columns_follow_role_order():
    lay = role_layout(["OpenAI", "NVIDIA", "Oracle", "SoftBank", "AMD"])
    assert lay.loc["SoftBank", "x"] == 0 and lay.loc["NVIDIA", "x"] == 1
    assert lay.loc["Oracle", "x"] == 2 and lay.loc["OpenAI", "x"] == 3
    assert (lay.loc["AMD", "y"], lay.loc["NVIDIA", "y"]) == (0, 1)
    with pytest.raises(ValueError, match="no role"):
        role_layout(["Pets.com"])
    with pytest.raises(ValueError, match="empty"):
        role_layout([])


# --- engine_failure ----------------------------------------------------------------------

def exposures():
    return pd.DataFrame(
        {"backlog_from_engine": [300.0, 281.0, None], "firm_backlog": [523.0, 625.0, None],
         "equity_in_engine": [0.0, 135.0, 30.0]},
        index=["Oracle", "Microsoft", "NVIDIA"],
    )


def test_engine_failure_is_linear_in_cancel_share():
    grid = engine_failure(exposures(), np.array([0.0, 0.5, 1.0]), equity_writedown=0.0)
    lost = grid.pivot_table(index=grid.index, columns="cancel_share", values="lost_backlog")
    assert (lost[0.0] == 0).all()
    assert np.allclose(lost[0.5] * 2, lost[1.0])
    assert lost.loc["Oracle", 1.0] == 300.0


def test_engine_failure_full_loss_reproduces_inputs():
    out = engine_failure(exposures(), 1.0, equity_writedown=1.0)
    assert out.loc["Microsoft", "total_loss"] == pytest.approx(281.0 + 135.0)
    assert out.loc["Oracle", "lost_backlog_share"] == pytest.approx(300 / 523)
    assert math.isnan(out.loc["NVIDIA", "lost_backlog_share"])


@pytest.mark.parametrize(
    "kwargs, match",
    [({"cancel_share": 1.2}, "cancel_share"), ({"cancel_share": float("nan")}, "cancel_share"),
     ({"cancel_share": 0.5, "equity_writedown": -0.1}, "equity_writedown")],
)
def test_engine_failure_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        engine_failure(exposures(), **kwargs)
    with pytest.raises(ValueError, match="lacks column"):
        engine_failure(pd.DataFrame({"x": [1.0]}), 0.5)


# --- the real data -----------------------------------------------------------------------

def test_deal_dataset_is_consistent_with_the_module():
    d = load("ai_deals")
    assert set(d["status"]) <= set(STATUSES)
    assert set(d["binding"]) <= set(BINDING)
    assert set(d["payer"]) | set(d["payee"]) <= set(ROLES)
    g = build_graph(d)
    cyc = {c.nodes for c in money_cycles(g)}
    # The article's loop NVIDIA -> OpenAI -> Oracle -> NVIDIA is in the record.
    assert ("NVIDIA", "OpenAI", "Oracle") in cyc
    # The three OpenAI-CoreWeave contracts add up to the reported USD 22.4 billion.
    assert g["OpenAI"]["CoreWeave"]["usd_bn"] == pytest.approx(22.4)


# --- edge_segments -----------------------------------------------------------------------

def test_edge_segments_directions_and_offsets():
    lay = role_layout(["NVIDIA", "OpenAI", "Oracle"])
    d = pd.DataFrame({"payer": ["NVIDIA", "OpenAI"], "payee": ["OpenAI", "NVIDIA"]})
    seg = edge_segments(d, lay, offset_px=6)
    # Rightward edge points right (90 degrees), leftward edge points left (270).
    assert seg["angle"].round(6).tolist() == [90.0, 270.0]
    # Opposite edges are shifted to opposite sides, so they do not overlap.
    assert seg.loc[0, "y"] != seg.loc[1, "y"]
    assert seg.loc[0, "xh"] == pytest.approx(seg.loc[0, "x"] + 0.8 * (seg.loc[0, "x2"] - seg.loc[0, "x"]))
    with pytest.raises(ValueError, match="no position"):
        edge_segments(pd.DataFrame({"payer": ["X"], "payee": ["OpenAI"]}), lay)
    with pytest.raises(ValueError, match="head"):
        edge_segments(d, lay, head=0)
