r"""The AI deal network: who pays whom, which money can come back, and how much.

Chapter 2 ("Fuel, gears and engine") uses this module; chapter 5 ("Contagion") uses its sibling
:mod:`helpers.models.network_contagion`. A *deal* is one row of ``data/ai_deals.csv``: value moves
from a ``payer`` to a ``payee`` (cash paid or committed, or equity granted) and something flows back
(compute, chips, shares). The functions here

* build the directed value graph of a deal table (:func:`build_graph`);
* find its money cycles, the "perpetual-motion" loops, with the bottleneck of each
  (:func:`money_cycles`);
* bound how much of a supplier's backlog is its own money coming back (:func:`round_trip_share`);
* total headline commitments by status and by how binding they are (:func:`totals_by_status`,
  :func:`split_binding`).

Which firm plays which role (A1's fuel, gears and engine, plus the financiers we add) is data,
not code: ``data/ai_firm_roles.csv``, passed to :func:`build_graph` as ``roles``. The chart layout
of the network (pixels, arrow heads) is presentation and lives in :mod:`helpers.charts.network`.

Public names: :data:`FIRM_ROLES`, :data:`DEAL_STATUSES`, :data:`BINDING`, :class:`Cycle`,
:class:`RoundTrip`, :func:`build_graph`, :func:`money_cycles`, :func:`round_trip_share`,
:func:`totals_by_status`, :func:`split_binding`.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import networkx as nx
import numpy as np
import pandas as pd

from .._validate import InputTypeError, choice, frame, integer, number, series

__all__ = [
    "FIRM_ROLES",
    "DEAL_STATUSES",
    "BINDING",
    "Cycle",
    "RoundTrip",
    "build_graph",
    "money_cycles",
    "round_trip_share",
    "totals_by_status",
    "split_binding",
]

#: The roles a firm can play: A1's fuel (chips), gears (clouds) and engine (model labs), plus the
#: financiers the deal record needs; in the order money mostly travels (financiers to the engine).
FIRM_ROLES = ("financier", "fuel", "gears", "engine")
#: Deal statuses, from least to most settled, then the two kinds of later change.
DEAL_STATUSES = ("announced", "letter_of_intent", "definitive", "delivered", "revised", "scaled_back")
#: How binding a commitment is, as the record shows it.
BINDING = ("binding", "non_binding", "unknown")
_NAMES = ("payer", "payee")


class Cycle(NamedTuple):
    """One money cycle: firms in order (the last pays the first) and its bottleneck."""

    nodes: tuple[str, ...]
    bottleneck_usd_bn: float
    """Smallest USD value on the cycle's edges (NaN if an edge has no USD value): an upper bound
    on the money that can go round the whole loop once."""


class RoundTrip(NamedTuple):
    """How much of a supplier's backlog is its own investment coming back."""

    amount_usd_bn: float
    share: float
    method: str


def _usd(name: str, deals: pd.DataFrame, value: str) -> pd.Series:
    """The USD column of a deal table as floats (NaN = no stated value), checked >= 0."""
    if not isinstance(value, str):
        raise InputTypeError(f"value must be a column name, got {value!r}")
    if value not in deals.columns:
        raise ValueError(f"value names no column of {name}: {value!r} (columns: {list(deals.columns)})")
    col = deals[value]
    if col.dtype == bool or not (pd.api.types.is_numeric_dtype(col.dtype) or col.isna().all()):
        raise InputTypeError(f"{name}[{value!r}] must hold numbers, got dtype {col.dtype}")
    v = col.astype(float)
    if np.isinf(v).any():
        raise ValueError(f"{name}[{value!r}] must be finite, got {v[np.isinf(v)].iloc[0]!r}")
    if (v < 0).any():
        i = v.index[v < 0][0]
        raise ValueError(f"{name}[{value!r}] must be >= 0, got {v[i]!r} in row {i!r}")
    return v


def _deals(deals, columns) -> None:
    """A deal table: the columns present, every numeric column finite (NaN = unknown), one row per deal."""
    ids = ["deal_id"] if "deal_id" in getattr(deals, "columns", ()) else []
    frame("deals", deals, columns, min_rows=1, other_numeric=True, key=ids)
    if not ids and deals.index.has_duplicates:
        raise ValueError(f"deals has a duplicated row label {deals.index[deals.index.duplicated()][0]!r} (no deal_id column)")


def _labels(name: str, col: pd.Series, allowed: Iterable[str]) -> None:
    allowed = tuple(allowed)
    bad = sorted({str(x) for x in col.dropna()} - set(allowed))
    if bad or col.isna().any():
        raise ValueError(f"{name} has unknown or missing value(s) {bad or [None]}; known: {list(allowed)}")


def build_graph(deals: pd.DataFrame, roles: pd.Series | None = None, value: str = "amount_usd_bn",
                statuses: Iterable[str] | None = None) -> nx.DiGraph:
    r"""Build the directed value graph of a deal table.

    Parameters
    ----------
    deals : pandas.DataFrame
        One row per deal with ``payer`` and ``payee`` (firm names) and the ``value`` column
        (USD billions; missing = no stated USD value). A ``status`` column (one of
        :data:`DEAL_STATUSES`) is needed to filter by ``statuses``.
    roles : pandas.Series, optional
        Firm name (index) to role (one of :data:`FIRM_ROLES`), e.g. ``data/ai_firm_roles.csv``.
        When given, every firm in ``deals`` must have a role; nodes carry it as ``role``.
    value : str
        Column holding each deal's USD value, USD billions. A name that is not a column raises
        (it never silently turns every amount into "unknown").
    statuses : iterable of str, optional
        Keep only deals whose ``status`` is one of these.

    Returns
    -------
    networkx.DiGraph
        Nodes are firms (attribute ``role`` when ``roles`` is given). One edge per ordered
        (payer, payee) pair with ``usd_bn`` (sum of the known values; NaN when no deal on the edge
        has one), ``n_deals`` and ``deal_ids`` (the ``deal_id`` column, else the row labels).

    Raises
    ------
    ValueError
        On an empty table, missing columns, a blank name, a payer equal to its payee, a negative
        or infinite value, an unknown status or a firm without a role.

    Notes
    -----
    The edge weight is :math:`w_{ij} = \sum_{d:\, i \to j} v_d` over the deals from :math:`i` to
    :math:`j` with a known USD value :math:`v_d`; an edge with no known value has
    :math:`w_{ij} = \text{NaN}` (unknown, not zero).

    Examples
    --------
    >>> d = pd.DataFrame({"payer": ["A", "B", "C"], "payee": ["B", "C", "A"],
    ...                   "amount_usd_bn": [10.0, 5.0, 2.0]})
    >>> sorted(build_graph(d).edges(data="usd_bn"))
    [('A', 'B', 10.0), ('B', 'C', 5.0), ('C', 'A', 2.0)]
    >>> build_graph(d, value="amount_usd")
    Traceback (most recent call last):
    ...
    ValueError: value names no column of deals: 'amount_usd' (columns: ['payer', 'payee', 'amount_usd_bn'])
    """
    _deals(deals, _NAMES)
    for col in _NAMES:
        blank = deals[col].isna() | (deals[col].astype(str).str.strip() == "")
        if blank.any():
            raise ValueError(f"deals[{col!r}] is blank in row {deals.index[blank][0]!r}")
    loop = deals["payer"] == deals["payee"]
    if loop.any():
        i = deals.index[loop][0]
        raise ValueError(f"deals: payer equals payee ({deals.loc[i, 'payer']!r}) in row {i!r}")
    vals = _usd("deals", deals, value)
    df = deals
    if statuses is not None:
        if isinstance(statuses, str):
            raise InputTypeError(f"statuses must be a list of statuses, got the string {statuses!r}")
        wanted = [choice("statuses", s, DEAL_STATUSES) for s in statuses]
        frame("deals", deals, ["status"])
        _labels("deals['status']", deals["status"], DEAL_STATUSES)
        keep = deals["status"].isin(wanted)
        df, vals = deals[keep], vals[keep]
    role_of = None
    if roles is not None:
        series("roles", roles, numeric=False)
        _labels("roles", roles, FIRM_ROLES)
        missing = sorted((set(df["payer"]) | set(df["payee"])) - set(roles.index))
        if missing:
            raise ValueError(f"roles has no role for firm(s) {missing}")
        role_of = roles
    ids = df["deal_id"] if "deal_id" in df.columns else pd.Series(df.index, index=df.index)
    g = nx.DiGraph()
    for u, v, x, k in zip(df["payer"].astype(str), df["payee"].astype(str), vals, ids):
        for n in (u, v):
            if n not in g:
                g.add_node(n, **({"role": str(role_of[n])} if role_of is not None else {}))
        if g.has_edge(u, v):
            e = g[u][v]
            e["usd_bn"] = e["usd_bn"] if np.isnan(x) else (x if np.isnan(e["usd_bn"]) else e["usd_bn"] + x)
            e["n_deals"] += 1
            e["deal_ids"].append(k)
        else:
            g.add_edge(u, v, usd_bn=float(x), n_deals=1, deal_ids=[k])
    return g


def _canonical(cycle: list[str]) -> tuple[str, ...]:
    k = cycle.index(min(cycle))
    return tuple(cycle[k:] + cycle[:k])


def money_cycles(graph: nx.DiGraph, max_length: int | None = None) -> list[Cycle]:
    r"""All simple cycles of a value graph, with the bottleneck of each.

    Parameters
    ----------
    graph : networkx.DiGraph
        From :func:`build_graph` (edges carry ``usd_bn``, USD billions).
    max_length : int, optional
        Longest cycle to report, in firms (>= 2). ``None`` reports all.

    Returns
    -------
    list of Cycle
        Each cycle starts at its alphabetically first firm; the list is sorted by length, then by
        firm names, so the result is deterministic.

    Notes
    -----
    A cycle :math:`c = (n_1, \dots, n_k)` has edges :math:`n_1 \to n_2 \to \dots \to n_k \to n_1`.
    Its bottleneck

    .. math:: b(c) = \min_j w_{n_j n_{j+1}}

    bounds the money that can travel the full loop once: a perpetual-motion loop can recycle at
    most :math:`b(c)`, whatever the headline amounts on its other links. Cycles are enumerated
    with Johnson's algorithm as implemented in NetworkX.

    References
    ----------
    Johnson, D. B. (1975). Finding all the elementary circuits of a directed graph. *SIAM Journal
    on Computing*, 4(1), 77-84. https://doi.org/10.1137/0204007

    Hagberg, A. A., Schult, D. A. and Swart, P. J. (2008). Exploring network structure, dynamics,
    and function using NetworkX. *Proceedings of the 7th Python in Science Conference*, 11-15.

    Examples
    --------
    >>> d = pd.DataFrame({"payer": ["NVIDIA", "OpenAI", "Oracle", "OpenAI"],
    ...                   "payee": ["OpenAI", "Oracle", "NVIDIA", "AMD"],
    ...                   "amount_usd_bn": [100.0, 300.0, 40.0, 1.0]})
    >>> [(c.nodes, c.bottleneck_usd_bn) for c in money_cycles(build_graph(d))]
    [(('NVIDIA', 'OpenAI', 'Oracle'), 40.0)]
    """
    if not isinstance(graph, nx.DiGraph):
        raise InputTypeError(f"graph must be a networkx.DiGraph, got {type(graph).__name__}")
    if max_length is not None:
        max_length = integer("max_length", max_length, low=2)
    out = []
    for c in nx.simple_cycles(graph, length_bound=max_length):
        nodes = _canonical([str(n) for n in c])
        ws = [graph[nodes[j]][nodes[(j + 1) % len(nodes)]].get("usd_bn", np.nan) for j in range(len(nodes))]
        out.append(Cycle(nodes, float("nan") if any(np.isnan(w) for w in ws) else float(min(ws))))
    return sorted(out, key=lambda c: (len(c.nodes), c.nodes))


def round_trip_share(invested_usd_bn: float, spent_back_usd_bn: float, supplier_base_usd_bn: float,
                     customer_funding_usd_bn: float | None = None, method: str = "pro_rata") -> RoundTrip:
    r"""Bound how much of a supplier's backlog is its own investment coming back.

    A supplier S invests :math:`I` in a customer C, and C commits to spend :math:`P` with S. How
    much of :math:`P` is S's own money?

    Parameters
    ----------
    invested_usd_bn : float
        :math:`I`, S's investment in C, USD billions (>= 0).
    spent_back_usd_bn : float
        :math:`P`, C's commitment to S, USD billions (>= 0).
    supplier_base_usd_bn : float
        :math:`B`, the supplier figure to compare with (backlog or orders), USD billions (> 0).
    customer_funding_usd_bn : float, optional
        :math:`F`, all the money C has to spend over the same horizon (revenue plus capital
        raised), USD billions; needed for ``method="pro_rata"``, at least :math:`I` and :math:`P`.
    method : {"pro_rata", "earmarked"}
        ``"earmarked"``: every dollar S invests comes back to S, up to :math:`P` (an upper bound).
        ``"pro_rata"``: money is fungible, so S's dollars are the share :math:`I/F` of everything C
        spends, including what C spends with S.

    Returns
    -------
    RoundTrip
        ``amount_usd_bn`` (:math:`R`, USD billions), ``share`` (:math:`R/B`, a fraction) and ``method``.

    Notes
    -----
    Earmarked: :math:`R = \min(I, P)`. Pro rata: :math:`R = P \, I / F`. Share: :math:`s = R / B`.
    The pro-rata bound never exceeds the earmarked one, because :math:`I/F \le 1` gives
    :math:`P I / F \le P` and :math:`P \le F` gives :math:`P I / F \le I`.

    Examples
    --------
    >>> r = round_trip_share(30, 100, 500, customer_funding_usd_bn=150)
    >>> round(r.amount_usd_bn, 2), round(r.share, 3)
    (20.0, 0.04)
    >>> round_trip_share(30, 100, 500, method="earmarked").share
    0.06
    """
    i = number("invested_usd_bn", invested_usd_bn, low=0.0)
    p = number("spent_back_usd_bn", spent_back_usd_bn, low=0.0)
    b = number("supplier_base_usd_bn", supplier_base_usd_bn, low=0.0, low_open=True)
    choice("method", method, ("pro_rata", "earmarked"))
    if method == "earmarked":
        r = min(i, p)
    else:
        if customer_funding_usd_bn is None:
            raise ValueError("customer_funding_usd_bn must be given for method='pro_rata', got None")
        f = number("customer_funding_usd_bn", customer_funding_usd_bn, low=0.0)
        if f < max(i, p):
            raise ValueError(f"customer_funding_usd_bn must be at least invested_usd_bn and spent_back_usd_bn "
                             f"({max(i, p)!r}), got {customer_funding_usd_bn!r}")
        r = 0.0 if f == 0 else p * i / f
    if not np.isfinite(float(r) / b):
        raise ValueError(f"supplier_base_usd_bn is too small for a finite share, got {supplier_base_usd_bn!r}")
    return RoundTrip(float(r), float(r) / b, method)


def totals_by_status(deals: pd.DataFrame, value: str = "amount_usd_bn") -> pd.DataFrame:
    """Headline USD commitments by deal status.

    Parameters
    ----------
    deals : pandas.DataFrame
        With ``status`` (one of :data:`DEAL_STATUSES`) and the ``value`` column (USD billions;
        missing allowed).
    value : str
        USD column to total.

    Returns
    -------
    pandas.DataFrame
        Indexed by status in the order of :data:`DEAL_STATUSES` (statuses present only), with
        ``usd_bn`` (sum of known values, USD billions), ``n_deals`` and ``n_unsized`` (deals with
        no USD value).

    Examples
    --------
    >>> d = pd.DataFrame({"status": ["announced", "definitive", "definitive"],
    ...                   "amount_usd_bn": [100.0, 38.0, None]})
    >>> totals_by_status(d)
                usd_bn  n_deals  n_unsized
    status
    announced    100.0        1          0
    definitive    38.0        2          1
    """
    _deals(deals, ["status"])
    _labels("deals['status']", deals["status"], DEAL_STATUSES)
    v = _usd("deals", deals, value)
    out = (pd.DataFrame({"status": deals["status"].astype(str), "usd_bn": v, "unsized": v.isna()})
           .groupby("status")
           .agg(usd_bn=("usd_bn", "sum"), n_deals=("usd_bn", "size"), n_unsized=("unsized", "sum")))
    out = out.loc[[s for s in DEAL_STATUSES if s in out.index]]
    out["n_unsized"] = out["n_unsized"].astype(int)
    return out


def split_binding(deals: pd.DataFrame, value: str = "amount_usd_bn") -> pd.DataFrame:
    """Headline USD commitments split by how binding they are.

    Parameters
    ----------
    deals : pandas.DataFrame
        With ``binding`` (one of :data:`BINDING`) and the ``value`` column (USD billions).
    value : str
        USD column to total.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``binding`` (all three categories, zero where absent) with ``usd_bn`` (USD
        billions), ``n_deals`` and ``share`` (of the sized total, a fraction; 0 if nothing is sized).

    Examples
    --------
    >>> d = pd.DataFrame({"binding": ["binding", "non_binding"], "amount_usd_bn": [300.0, 100.0]})
    >>> split_binding(d)["share"].round(2).tolist()
    [0.75, 0.25, 0.0]
    """
    _deals(deals, ["binding"])
    _labels("deals['binding']", deals["binding"], BINDING)
    v = _usd("deals", deals, value)
    g = pd.DataFrame({"binding": deals["binding"].astype(str), "usd_bn": v}).groupby("binding")
    out = pd.DataFrame({"usd_bn": g["usd_bn"].sum(), "n_deals": g.size()}).reindex(list(BINDING), fill_value=0)
    out.index.name = "binding"
    total = out["usd_bn"].sum()
    out["share"] = out["usd_bn"] / total if total > 0 else 0.0
    return out
