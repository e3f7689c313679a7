"""Tests for helpers.models.network: the deal graph, its money loops, round trips and totals."""
from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers.data import load_dataset
from helpers.models.network import (
    BINDING,
    DEAL_STATUSES,
    FIRM_ROLES,
    build_graph,
    money_cycles,
    round_trip_share,
    split_binding,
    totals_by_status,
)

ROLES = pd.Series({"OpenAI": "engine", "CoreWeave": "gears", "AMD": "fuel", "NVIDIA": "fuel", "Oracle": "gears"})
BAD_NUMBERS = st.one_of(st.just(float("nan")), st.just(float("inf")), st.just(-float("inf")),
                        st.floats(max_value=-1e-9, allow_nan=False, allow_infinity=False), st.text(max_size=3), st.none(),
                        st.just(True))


def deals(rows):
    return pd.DataFrame(rows, columns=["payer", "payee", "amount_usd_bn", "status", "binding"])


# --- build_graph ----------------------------------------------------------------------------------

def test_parallel_deals_are_summed_and_unknown_values_stay_unknown():
    d = deals([("OpenAI", "CoreWeave", 11.9, "definitive", "binding"), ("OpenAI", "CoreWeave", 4.0, "definitive", "binding"),
               ("OpenAI", "CoreWeave", 6.5, "definitive", "binding"), ("OpenAI", "AMD", None, "definitive", "binding")])
    g = build_graph(d, ROLES)
    assert g["OpenAI"]["CoreWeave"]["usd_bn"] == pytest.approx(22.4)
    assert g["OpenAI"]["CoreWeave"]["n_deals"] == 3
    assert math.isnan(g["OpenAI"]["AMD"]["usd_bn"])
    assert g.nodes["OpenAI"]["role"] == "engine" and g.nodes["AMD"]["role"] == "fuel"


def test_unknown_and_known_values_on_one_edge_keep_the_known_sum():
    d = deals([("A", "B", None, "definitive", "binding"), ("A", "B", 2.0, "definitive", "binding"),
               ("A", "B", None, "definitive", "binding"), ("A", "B", 3.0, "definitive", "binding")])
    assert build_graph(d)["A"]["B"]["usd_bn"] == 5.0


def test_a_misspelt_value_column_raises_instead_of_blanking_every_amount():
    d = deals([("A", "B", 1.0, "announced", "unknown")])
    with pytest.raises(ValueError, match="value names no column"):
        build_graph(d, value="amount_usd")


def test_status_filter_drops_deals():
    d = deals([("A", "B", 1.0, "announced", "unknown"), ("B", "A", 2.0, "definitive", "binding")])
    assert list(build_graph(d, statuses=["definitive"]).edges) == [("B", "A")]


@pytest.mark.parametrize(
    "rows, kwargs, match",
    [
        ([("A", "A", 1.0, "announced", "unknown")], {}, "payer equals payee"),
        ([("A", "B", -1.0, "announced", "unknown")], {}, "must be >= 0"),
        ([("A", "B", float("inf"), "announced", "unknown")], {}, "finite"),
        ([("A", "", 1.0, "announced", "unknown")], {}, "payee"),
        ([("A", None, 1.0, "announced", "unknown")], {}, "payee"),
        ([("A", "B", 1.0, "rumoured", "unknown")], {"statuses": ["announced"]}, "unknown or missing"),
        ([("A", "B", 1.0, "announced", "unknown")], {"statuses": ["maybe"]}, "statuses"),
        ([("A", "B", 1.0, "announced", "unknown")], {"statuses": "announced"}, "statuses"),
        ([("A", "B", 1.0, "announced", "unknown")], {"roles": pd.Series({"A": "fuel"})}, "no role"),
        ([("A", "B", 1.0, "announced", "unknown")], {"roles": pd.Series({"A": "fuel", "B": "wheels"})}, "roles"),
        ([("A", "B", 1.0, "announced", "unknown")], {"roles": {"A": "fuel", "B": "gears"}}, "roles"),
    ],
)
def test_build_graph_bad_input(rows, kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        build_graph(deals(rows), **kwargs)


def test_build_graph_rejects_wrong_types_and_shapes():
    with pytest.raises(ValueError, match="at least 1 row"):
        build_graph(deals([]))
    with pytest.raises(ValueError, match="lacks"):
        build_graph(pd.DataFrame({"payer": ["A"]}))
    with pytest.raises(TypeError, match="DataFrame"):
        build_graph([("A", "B", 1.0)])
    with pytest.raises(TypeError, match="must hold numbers"):
        build_graph(deals([("A", "B", "lots", "announced", "unknown")]))


@settings(max_examples=60, deadline=None)
@given(bad=BAD_NUMBERS)
def test_build_graph_refuses_bad_amounts_cleanly(bad):
    assume(not (isinstance(bad, float) and math.isnan(bad)))  # NaN is a legitimate "no stated value"
    assume(bad is not None)
    d = pd.DataFrame({"payer": ["A", "B"], "payee": ["B", "A"], "amount_usd_bn": [1.0, bad]})
    with pytest.raises((ValueError, TypeError)):
        build_graph(d)


# --- money_cycles ---------------------------------------------------------------------------------

def test_triangle_cycle_and_bottleneck():
    d = deals([("NVIDIA", "OpenAI", 100.0, "letter_of_intent", "non_binding"), ("OpenAI", "Oracle", 300.0, "definitive", "binding"),
               ("Oracle", "NVIDIA", 40.0, "announced", "unknown")])
    (c,) = money_cycles(build_graph(d))
    assert c.nodes == ("NVIDIA", "OpenAI", "Oracle") and c.bottleneck_usd_bn == 40.0


def test_acyclic_graph_has_no_cycles():
    d = deals([("A", "B", 1.0, "announced", "unknown"), ("B", "C", 1.0, "announced", "unknown"), ("A", "C", 1.0, "announced", "unknown")])
    assert money_cycles(build_graph(d)) == []


def test_known_small_graph_cycle_count_and_length_bound():
    d = deals([("A", "B", 5.0, "announced", "unknown"), ("B", "A", 1.0, "announced", "unknown"), ("B", "C", 2.0, "announced", "unknown"),
               ("C", "B", 3.0, "announced", "unknown"), ("C", "A", 4.0, "announced", "unknown")])
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
    assume(rows)
    g = build_graph(deals(rows))
    cycles = money_cycles(g)
    assert len(cycles) == sum(1 for _ in nx.simple_cycles(g))
    for c in cycles:
        ws = [g[c.nodes[j]][c.nodes[(j + 1) % len(c.nodes)]]["usd_bn"] for j in range(len(c.nodes))]
        assert c.bottleneck_usd_bn == pytest.approx(min(ws))
        assert c.nodes[0] == min(c.nodes)


@pytest.mark.parametrize("kwargs, err", [({"max_length": 1}, ValueError), ({"max_length": 2.5}, TypeError),
                                         ({"max_length": "3"}, TypeError)])
def test_money_cycles_bad_input(kwargs, err):
    with pytest.raises(err, match="max_length"):
        money_cycles(nx.DiGraph(), **kwargs)
    with pytest.raises(TypeError, match="DiGraph"):
        money_cycles({"A": "B"})


# --- round_trip_share -----------------------------------------------------------------------------

def test_round_trip_reproduces_hand_calculation():
    r = round_trip_share(30, 100, 500, customer_funding_usd_bn=150)
    assert r.amount_usd_bn == pytest.approx(20.0) and r.share == pytest.approx(0.04)
    e = round_trip_share(30, 100, 500, method="earmarked")
    assert e.amount_usd_bn == 30 and e.share == pytest.approx(0.06)
    assert round_trip_share(300, 100, 500, method="earmarked").amount_usd_bn == 100


@given(i=st.floats(0, 1e3), p=st.floats(0, 1e3), b=st.floats(1e-3, 1e4), extra=st.floats(0, 1e3))
def test_pro_rata_never_exceeds_earmarked(i, p, b, extra):
    f = max(i, p) + extra
    pr = round_trip_share(i, p, b, customer_funding_usd_bn=f)
    em = round_trip_share(i, p, b, method="earmarked")
    assert 0 <= pr.amount_usd_bn <= em.amount_usd_bn + 1e-9


@pytest.mark.parametrize(
    "args, kwargs, match",
    [((-1, 1, 1), {"customer_funding_usd_bn": 5}, "invested_usd_bn"),
     ((1, float("nan"), 1), {"customer_funding_usd_bn": 5}, "spent_back_usd_bn"),
     ((1, 1, 0), {"customer_funding_usd_bn": 5}, "supplier_base_usd_bn must be > 0"),
     ((1, 1, 1), {}, "customer_funding_usd_bn must be given"),
     ((10, 1, 1), {"customer_funding_usd_bn": 5}, "customer_funding_usd_bn must be at least invested_usd_bn"),
     ((1, 1, 1), {"method": "magic"}, "method")],
)
def test_round_trip_bad_input(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        round_trip_share(*args, **kwargs)


@settings(max_examples=80, deadline=None)
@given(bad=BAD_NUMBERS, which=st.integers(0, 3))
def test_round_trip_refuses_bad_numbers_cleanly(bad, which):
    args = [1.0, 1.0, 1.0, 5.0]
    args[which] = bad
    assume(not (which == 3 and bad is None))  # None is the documented "not given"
    with pytest.raises((ValueError, TypeError)):
        round_trip_share(*args[:3], customer_funding_usd_bn=args[3])


# --- totals ----------------------------------------------------------------------------------------

def test_totals_by_status_and_binding():
    d = deals([("A", "B", 100.0, "letter_of_intent", "non_binding"), ("B", "C", 300.0, "definitive", "binding"),
               ("C", "D", None, "definitive", "binding"), ("D", "A", 38.0, "definitive", "binding")])
    t = totals_by_status(d)
    assert list(t.index) == ["letter_of_intent", "definitive"]
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
    with pytest.raises(ValueError, match="value names no column"):
        totals_by_status(deals([("A", "B", 1.0, "announced", "binding")]), value="usd")
    with pytest.raises(ValueError, match="lacks"):
        totals_by_status(pd.DataFrame({"amount_usd_bn": [1.0]}))


# --- the real data ----------------------------------------------------------------------------------

def test_deal_and_role_datasets_match_the_module_vocabulary():
    d = load_dataset("ai_deals").frame
    roles = load_dataset("ai_firm_roles")
    assert set(d["status"]) | set(d["status_at_announcement"]) <= set(DEAL_STATUSES)
    assert set(d["binding"]) <= set(BINDING)
    assert roles.columns["role"]["allowed"] == list(FIRM_ROLES)
    assert list(load_dataset("ai_deals").columns["status"]["allowed"]) == list(DEAL_STATUSES)
    g = build_graph(d, roles.frame.set_index("firm")["role"])
    assert ("NVIDIA", "OpenAI", "Oracle") in {c.nodes for c in money_cycles(g)}


def test_openai_coreweave_contracts_add_up_to_the_reported_total():
    # Published figure not used to build the rows: Reuters (25 Sept 2025) gives the total of the three contracts
    # as USD 22.4 billion; the rows hold the three contracts separately (11.9, 4 and 6.5).
    d = load_dataset("ai_deals").frame
    g = build_graph(d)
    assert g["OpenAI"]["CoreWeave"]["usd_bn"] == pytest.approx(22.4)
    assert g["OpenAI"]["CoreWeave"]["n_deals"] == 3


def test_live_article_loop_bottleneck_is_nvidias_definitive_stake():
    d = load_dataset("ai_deals").frame
    live = build_graph(d[d["status"] != "scaled_back"])
    loop = next(c for c in money_cycles(live) if set(c.nodes) == {"NVIDIA", "OpenAI", "Oracle"})
    assert loop.bottleneck_usd_bn == float(d.set_index("deal_id").loc["nvidia_openai_equity_2026", "amount_usd_bn"])


@settings(max_examples=60, deadline=None)
@given(bad=BAD_NUMBERS, fn=st.sampled_from([totals_by_status, split_binding]))
def test_totals_refuse_bad_amounts_cleanly(bad, fn):
    assume(bad is not None and not (isinstance(bad, float) and math.isnan(bad)))
    d = deals([("A", "B", 1.0, "announced", "unknown"), ("B", "A", 2.0, "definitive", "binding")]).astype({"amount_usd_bn": object})
    d.loc[1, "amount_usd_bn"] = bad
    with pytest.raises((ValueError, TypeError)):
        fn(d)
