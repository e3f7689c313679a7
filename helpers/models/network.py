"""The AI deal network: who pays whom, which money comes back, and who is exposed.

Chapter 2 ("Fuel, gears and engine") and chapter 5 ("Contagion") use this module.
A *deal* is one row of ``data/ai_deals.csv``: value moves from a ``payer`` to a
``payee`` (cash, a purchase commitment, or equity granted), and something flows
back (compute, chips, shares). The functions here

* build the directed value graph from the deal table (:func:`build_graph`);
* find its money cycles, the "perpetual-motion" loops (:func:`money_cycles`);
* bound how much of a supplier's backlog is its own money coming back
  (:func:`round_trip_share`);
* total headline commitments by status and by how binding they are
  (:func:`totals_by_status`, :func:`split_binding`);
* place firms by role for the network chart (:func:`role_layout`);
* stress suppliers for a failure of the "engine" (:func:`engine_failure`).

The role taxonomy (fuel, gears, engine) is the one article A1 uses; we add
"financier" for investors that are neither chip makers, clouds nor model labs.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

import networkx as nx
import numpy as np
import pandas as pd

__all__ = [
    "ROLES",
    "ROLE_ORDER",
    "STATUSES",
    "BINDING",
    "Cycle",
    "RoundTrip",
    "build_graph",
    "money_cycles",
    "round_trip_share",
    "totals_by_status",
    "split_binding",
    "role_layout",
    "edge_segments",
    "engine_failure",
]

#: Role of each firm in the article's metaphor (A1 §1), plus financiers.
ROLES: dict[str, str] = {
    "NVIDIA": "fuel",
    "AMD": "fuel",
    "Broadcom": "fuel",
    "Intel": "fuel",
    "Oracle": "gears",
    "Microsoft": "gears",
    "Amazon": "gears",
    "CoreWeave": "gears",
    "Nscale": "gears",
    "HUMAIN": "gears",
    "OpenAI": "engine",
    "Anthropic": "engine",
    "SoftBank": "financier",
    "Stargate": "financier",
}
#: Left-to-right order of the roles in the network chart (money flows mostly rightwards to the engine and back).
ROLE_ORDER = ("financier", "fuel", "gears", "engine")
#: Deal statuses, from least to most settled, plus the two kinds of later change.
STATUSES = ("announced", "letter_of_intent", "definitive", "delivered", "revised", "scaled_back")
#: How binding a commitment is, as the record shows it.
BINDING = ("binding", "non_binding", "unknown")
_REQUIRED = ("payer", "payee")


class Cycle(NamedTuple):
    """One money cycle: firms in order (the last pays the first) and its bottleneck."""

    nodes: tuple[str, ...]
    bottleneck_usd_bn: float
    """Smallest USD value on the cycle's edges (NaN if an edge has no USD value):
    an upper bound on the money that can go round the whole loop once."""


class RoundTrip(NamedTuple):
    """How much of a supplier's backlog is its own investment coming back."""

    amount_usd_bn: float
    share: float
    method: str


def _check_frame(deals: pd.DataFrame, cols: Iterable[str] = _REQUIRED) -> None:
    if not isinstance(deals, pd.DataFrame):
        raise ValueError(f"deals must be a pandas DataFrame, got {type(deals).__name__}")
    if deals.empty:
        raise ValueError("deals must not be empty")
    missing = [c for c in cols if c not in deals.columns]
    if missing:
        raise ValueError(f"deals lacks column(s) {missing}; has {list(deals.columns)}")


def build_graph(deals: pd.DataFrame, value: str = "amount_usd_bn", statuses: Iterable[str] | None = None) -> nx.DiGraph:
    """Build the directed value graph of a deal table.

    Parameters
    ----------
    deals : DataFrame
        One row per deal with at least ``payer`` and ``payee`` (firm names). A
        ``value`` column (USD billions) and a ``status`` column are used when present.
    value : str
        Column holding each deal's USD value, USD billions. Missing values are
        allowed (deals sized only in GW or shares) and count as unknown, not zero.
    statuses : iterable of str, optional
        Keep only deals whose ``status`` is one of these (see :data:`STATUSES`).

    Returns
    -------
    networkx.DiGraph
        Nodes are firms, with attribute ``role`` (from :data:`ROLES`, else
        ``"other"``). One edge per ordered (payer, payee) pair, with attributes
        ``usd_bn`` (sum of known values; NaN when no deal on the edge has one),
        ``n_deals`` and ``deal_ids`` (when the table has a ``deal_id`` column).

    Raises
    ------
    ValueError
        On an empty table, missing columns, a blank name, a payer equal to its
        payee, a negative value or an unknown status.

    Notes
    -----
    The edge value is :math:`w_{ij} = \\sum_{d: i \\to j} v_d` over deals with a
    known USD value :math:`v_d`.

    Examples
    --------
    >>> d = pd.DataFrame({"payer": ["A", "B", "C"], "payee": ["B", "C", "A"],
    ...                   "amount_usd_bn": [10.0, 5.0, 2.0]})
    >>> g = build_graph(d)
    >>> sorted(g.edges(data="usd_bn"))
    [('A', 'B', 10.0), ('B', 'C', 5.0), ('C', 'A', 2.0)]
    """
    _check_frame(deals)
    df = deals.copy()
    for col in _REQUIRED:
        blank = df[col].isna() | (df[col].astype(str).str.strip() == "")
        if blank.any():
            raise ValueError(f"{col} is blank in row {df.index[blank][0]!r}")
    self_loop = df["payer"] == df["payee"]
    if self_loop.any():
        i = df.index[self_loop][0]
        raise ValueError(f"payer equals payee ({df.loc[i, 'payer']!r}) in row {i!r}")
    vals = pd.to_numeric(df[value], errors="coerce") if value in df.columns else pd.Series(np.nan, index=df.index)
    if (vals < 0).any():
        i = df.index[vals < 0][0]
        raise ValueError(f"{value} must be >= 0, got {vals[i]!r} in row {i!r}")
    if statuses is not None:
        wanted = list(statuses)
        bad = [s for s in wanted if s not in STATUSES]
        if bad:
            raise ValueError(f"statuses has unknown value(s) {bad}; known: {list(STATUSES)}")
        if "status" not in df.columns:
            raise ValueError("statuses given but deals has no 'status' column")
        keep = df["status"].isin(wanted)
        df, vals = df[keep], vals[keep]
    if "status" in df.columns:
        bad = sorted(set(df["status"].dropna()) - set(STATUSES))
        if bad:
            raise ValueError(f"status has unknown value(s) {bad}; known: {list(STATUSES)}")
    g = nx.DiGraph()
    for i, row in df.iterrows():
        u, v = str(row["payer"]), str(row["payee"])
        for n in (u, v):
            if n not in g:
                g.add_node(n, role=ROLES.get(n, "other"))
        x = vals[i]
        if g.has_edge(u, v):
            e = g[u][v]
            e["usd_bn"] = np.nansum([e["usd_bn"], x]) if not (np.isnan(e["usd_bn"]) and np.isnan(x)) else np.nan
            e["n_deals"] += 1
            e["deal_ids"].append(row.get("deal_id", i))
        else:
            g.add_edge(u, v, usd_bn=float(x), n_deals=1, deal_ids=[row.get("deal_id", i)])
    return g


def _canonical(cycle: list[str]) -> tuple[str, ...]:
    k = cycle.index(min(cycle))
    return tuple(cycle[k:] + cycle[:k])


def money_cycles(graph: nx.DiGraph, max_length: int | None = None) -> list[Cycle]:
    """All simple cycles of a value graph, with the bottleneck of each.

    Parameters
    ----------
    graph : networkx.DiGraph
        From :func:`build_graph` (edges carry ``usd_bn``).
    max_length : int, optional
        Longest cycle to report, in firms (>= 2). ``None`` reports all.

    Returns
    -------
    list of Cycle
        Each cycle starts at its alphabetically first firm; the list is sorted by
        length, then by firm names, so the result is deterministic.

    Notes
    -----
    A cycle :math:`c = (n_1, \\dots, n_k)` has edges :math:`n_1 \\to n_2 \\to \\dots
    \\to n_k \\to n_1`. Its bottleneck :math:`b(c) = \\min_j w_{n_j n_{j+1}}` bounds
    the money that can travel the full loop once: the perpetual-motion loop of
    article A1 can recycle at most :math:`b(c)`, whatever the headline amounts.
    Cycles are enumerated with Johnson's algorithm as implemented in networkx.

    References
    ----------
    Johnson, D. B. (1975). Finding all the elementary circuits of a directed
    graph. *SIAM Journal on Computing*, 4(1), 77-84. https://doi.org/10.1137/0204007

    Examples
    --------
    >>> d = pd.DataFrame({"payer": ["NVIDIA", "OpenAI", "Oracle", "OpenAI"],
    ...                   "payee": ["OpenAI", "Oracle", "NVIDIA", "AMD"],
    ...                   "amount_usd_bn": [100.0, 300.0, 40.0, 1.0]})
    >>> [(c.nodes, c.bottleneck_usd_bn) for c in money_cycles(build_graph(d))]
    [(('NVIDIA', 'OpenAI', 'Oracle'), 40.0)]
    """
    if not isinstance(graph, nx.DiGraph):
        raise ValueError(f"graph must be a networkx.DiGraph, got {type(graph).__name__}")
    if max_length is not None and (not isinstance(max_length, (int, np.integer)) or max_length < 2):
        raise ValueError(f"max_length must be an integer >= 2 or None, got {max_length!r}")
    out = []
    for c in nx.simple_cycles(graph, length_bound=max_length):
        nodes = _canonical([str(n) for n in c])
        ws = [graph[nodes[j]][nodes[(j + 1) % len(nodes)]].get("usd_bn", np.nan) for j in range(len(nodes))]
        b = float(np.nan) if any(np.isnan(w) for w in ws) else float(min(ws))
        out.append(Cycle(nodes, b))
    return sorted(out, key=lambda c: (len(c.nodes), c.nodes))


def round_trip_share(
    invested_usd_bn: float,
    spent_back_usd_bn: float,
    supplier_base_usd_bn: float,
    customer_funding_usd_bn: float | None = None,
    method: str = "pro_rata",
) -> RoundTrip:
    """Bound how much of a supplier's backlog is its own investment coming back.

    A supplier S invests :math:`I` in a customer C, and C commits to spend
    :math:`P` with S. How much of :math:`P` is S's own money?

    Parameters
    ----------
    invested_usd_bn : float
        :math:`I`, S's investment in C, USD billions (>= 0).
    spent_back_usd_bn : float
        :math:`P`, C's commitment to S, USD billions (>= 0).
    supplier_base_usd_bn : float
        :math:`B`, the supplier figure to compare with (backlog or revenue),
        USD billions (> 0).
    customer_funding_usd_bn : float, optional
        :math:`F`, all money C has to spend over the same horizon (revenue plus
        capital raised), USD billions; needed for ``method="pro_rata"`` and must
        be at least :math:`I`.
    method : {"pro_rata", "earmarked"}
        ``"earmarked"``: every dollar S invests comes back to S, up to :math:`P`
        (an upper bound). ``"pro_rata"``: money is fungible, so S's dollars are
        the share :math:`I/F` of everything C spends, including what C spends with S.

    Returns
    -------
    RoundTrip
        ``amount_usd_bn`` (:math:`R`), ``share`` (:math:`R/B`) and ``method``.

    Notes
    -----
    Earmarked: :math:`R = \\min(I, P)`. Pro rata: :math:`R = P \\cdot I / F`.
    Share: :math:`s = R / B`. The pro-rata bound never exceeds the earmarked one
    because :math:`I/F \\le 1` and :math:`P \\cdot I/F \\le I` whenever :math:`P \\le F`.

    Examples
    --------
    >>> r = round_trip_share(30, 100, 500, customer_funding_usd_bn=150)
    >>> round(r.amount_usd_bn, 2), round(r.share, 3)
    (20.0, 0.04)
    >>> round_trip_share(30, 100, 500, method="earmarked").share
    0.06
    """
    names = {"invested_usd_bn": invested_usd_bn, "spent_back_usd_bn": spent_back_usd_bn,
             "supplier_base_usd_bn": supplier_base_usd_bn}
    for k, v in names.items():
        if not isinstance(v, (int, float, np.integer, np.floating)) or isinstance(v, bool) or np.isnan(v) or v < 0:
            raise ValueError(f"{k} must be a number >= 0, got {v!r}")
    if supplier_base_usd_bn == 0:
        raise ValueError(f"supplier_base_usd_bn must be > 0, got {supplier_base_usd_bn!r}")
    if method == "earmarked":
        r = float(min(invested_usd_bn, spent_back_usd_bn))
    elif method == "pro_rata":
        f = customer_funding_usd_bn
        if f is None or isinstance(f, bool) or not isinstance(f, (int, float, np.integer, np.floating)) or np.isnan(f) or f <= 0:
            raise ValueError(f"customer_funding_usd_bn must be a number > 0 for method='pro_rata', got {f!r}")
        if f < invested_usd_bn:
            raise ValueError(
                f"customer_funding_usd_bn ({f!r}) must be at least invested_usd_bn ({invested_usd_bn!r})"
            )
        r = float(spent_back_usd_bn * invested_usd_bn / f)
    else:
        raise ValueError(f"method must be 'pro_rata' or 'earmarked', got {method!r}")
    return RoundTrip(r, r / float(supplier_base_usd_bn), method)


def totals_by_status(deals: pd.DataFrame, value: str = "amount_usd_bn") -> pd.DataFrame:
    """Headline USD commitments by deal status.

    Parameters
    ----------
    deals : DataFrame
        With ``status`` and the ``value`` column (USD billions; missing allowed).
    value : str
        USD column to total.

    Returns
    -------
    DataFrame
        Indexed by status in the order of :data:`STATUSES` (only statuses present),
        with ``usd_bn`` (sum of known values), ``n_deals`` and ``n_unsized``
        (deals with no USD value).

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
    _check_frame(deals, ("status", value))
    bad = sorted(set(deals["status"].dropna()) - set(STATUSES))
    if bad or deals["status"].isna().any():
        raise ValueError(f"status has unknown or missing value(s) {bad or [None]}; known: {list(STATUSES)}")
    v = pd.to_numeric(deals[value], errors="coerce")
    if (v < 0).any():
        raise ValueError(f"{value} must be >= 0, got {v.min()!r}")
    out = (
        pd.DataFrame({"status": deals["status"], "usd_bn": v, "unsized": v.isna()})
        .groupby("status")
        .agg(usd_bn=("usd_bn", "sum"), n_deals=("usd_bn", "size"), n_unsized=("unsized", "sum"))
    )
    order = [s for s in STATUSES if s in out.index]
    out = out.loc[order]
    out["n_unsized"] = out["n_unsized"].astype(int)
    return out


def split_binding(deals: pd.DataFrame, value: str = "amount_usd_bn") -> pd.DataFrame:
    """Headline USD commitments split by how binding they are.

    Parameters
    ----------
    deals : DataFrame
        With ``binding`` (one of :data:`BINDING`) and ``value`` (USD billions).
    value : str
        USD column to total.

    Returns
    -------
    DataFrame
        Indexed by ``binding`` (all three categories, zero where absent) with
        ``usd_bn``, ``n_deals`` and ``share`` (of the sized total).

    Examples
    --------
    >>> d = pd.DataFrame({"binding": ["binding", "non_binding"], "amount_usd_bn": [300.0, 100.0]})
    >>> split_binding(d)["share"].round(2).tolist()
    [0.75, 0.25, 0.0]
    """
    _check_frame(deals, ("binding", value))
    bad = sorted(set(deals["binding"].dropna()) - set(BINDING))
    if bad or deals["binding"].isna().any():
        raise ValueError(f"binding has unknown or missing value(s) {bad or [None]}; known: {list(BINDING)}")
    v = pd.to_numeric(deals[value], errors="coerce")
    if (v < 0).any():
        raise ValueError(f"{value} must be >= 0, got {v.min()!r}")
    g = pd.DataFrame({"binding": deals["binding"], "usd_bn": v}).groupby("binding")
    out = pd.DataFrame({"usd_bn": g["usd_bn"].sum(), "n_deals": g.size()}).reindex(list(BINDING), fill_value=0)
    out.index.name = "binding"
    total = out["usd_bn"].sum()
    out["share"] = out["usd_bn"] / total if total > 0 else 0.0
    return out


def role_layout(firms: Iterable[str], roles: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Chart positions: one column per role, firms stacked within it.

    Parameters
    ----------
    firms : iterable of str
        Firm names (duplicates ignored).
    roles : mapping, optional
        Firm -> role; defaults to :data:`ROLES`. Unknown firms raise.

    Returns
    -------
    DataFrame
        Indexed by firm with ``role``, ``x`` (0 for the first role in
        :data:`ROLE_ORDER`, 1 for the next...) and ``y`` (0, 1, ... top to bottom,
        alphabetical within a role; shorter columns are centred, so ``y`` may be
        a half-integer).

    Examples
    --------
    >>> role_layout(["OpenAI", "NVIDIA", "AMD"]).to_dict("index")["OpenAI"]
    {'role': 'engine', 'x': 3, 'y': 0.5}
    """
    roles = ROLES if roles is None else roles
    names = sorted(set(firms))
    if not names:
        raise ValueError("firms must not be empty")
    unknown = [f for f in names if f not in roles]
    if unknown:
        raise ValueError(f"firms has name(s) with no role: {unknown}")
    bad = sorted({roles[f] for f in names} - set(ROLE_ORDER))
    if bad:
        raise ValueError(f"roles has unknown role(s) {bad}; known: {list(ROLE_ORDER)}")
    cols = {role: sorted(f for f in names if roles[f] == role) for role in ROLE_ORDER}
    tallest = max(len(c) for c in cols.values())
    rows = []
    for x, role in enumerate(ROLE_ORDER):
        pad = (tallest - len(cols[role])) / 2
        for y, f in enumerate(cols[role]):
            rows.append({"firm": f, "role": role, "x": x, "y": y + pad})
    return pd.DataFrame(rows).set_index("firm")


def edge_segments(
    deals: pd.DataFrame,
    layout: pd.DataFrame,
    width: float = 640.0,
    height: float = 360.0,
    offset_px: float = 6.0,
    head: float = 0.8,
) -> pd.DataFrame:
    """Line segments and arrow-head positions for drawing deals between placed firms.

    Parameters
    ----------
    deals : DataFrame
        With ``payer`` and ``payee``; other columns are kept.
    layout : DataFrame
        From :func:`role_layout` (index firm, columns ``x``, ``y``).
    width, height : float
        Plot size in pixels; the x domain is ``[-0.5, max x + 0.5]`` and the y
        domain ``[-0.5, max y + 0.5]`` with y drawn downwards.
    offset_px : float
        Sideways shift of each segment (to its left), in pixels, so that A->B and
        B->A do not overlap.
    head : float
        Where along the segment the arrow head sits, in (0, 1].

    Returns
    -------
    DataFrame
        The deals with ``x``, ``y`` (payer end), ``x2``, ``y2`` (payee end),
        ``xh``, ``yh`` (arrow head) in data units and ``angle`` (degrees clockwise
        from up, for a triangle-up point mark).

    Examples
    --------
    >>> lay = role_layout(["NVIDIA", "OpenAI"])
    >>> seg = edge_segments(pd.DataFrame({"payer": ["NVIDIA"], "payee": ["OpenAI"]}), lay, offset_px=0)
    >>> seg[["x", "x2", "angle"]].round(1).to_dict("records")
    [{'x': 1.0, 'x2': 3.0, 'angle': 90.0}]
    """
    _check_frame(deals)
    for name, v in (("width", width), ("height", height)):
        if not v > 0:
            raise ValueError(f"{name} must be > 0, got {v!r}")
    if not 0 < head <= 1:
        raise ValueError(f"head must be in (0, 1], got {head!r}")
    missing = sorted((set(deals["payer"]) | set(deals["payee"])) - set(layout.index))
    if missing:
        raise ValueError(f"layout has no position for {missing}")
    sx = width / (layout["x"].max() + 1.0)
    sy = height / (layout["y"].max() + 1.0)
    out = deals.copy()
    x1 = layout.loc[out["payer"], "x"].to_numpy(float)
    y1 = layout.loc[out["payer"], "y"].to_numpy(float)
    x2 = layout.loc[out["payee"], "x"].to_numpy(float)
    y2 = layout.loc[out["payee"], "y"].to_numpy(float)
    dx, dy = (x2 - x1) * sx, (y2 - y1) * sy  # pixels, y downwards
    norm = np.hypot(dx, dy)
    norm[norm == 0] = 1.0
    # Left-hand normal of the direction in screen coordinates, back in data units.
    ox, oy = (dy / norm) * offset_px / sx, (-dx / norm) * offset_px / sy
    out["x"], out["y"] = x1 + ox, y1 + oy
    out["x2"], out["y2"] = x2 + ox, y2 + oy
    out["xh"] = out["x"] + head * (out["x2"] - out["x"])
    out["yh"] = out["y"] + head * (out["y2"] - out["y"])
    out["angle"] = np.degrees(np.arctan2(dx, -dy)) % 360
    return out


def engine_failure(
    exposures: pd.DataFrame,
    cancel_share: float | np.ndarray,
    equity_writedown: float = 1.0,
) -> pd.DataFrame:
    """What a failure of the engine (OpenAI) would cost each supplier and investor.

    Parameters
    ----------
    exposures : DataFrame
        Indexed by firm, with columns (USD billions, missing = not disclosed, treated as 0):
        ``backlog_from_engine`` (the engine's commitments in the firm's backlog),
        ``firm_backlog`` (the firm's whole backlog, for the share; may be missing)
        and ``equity_in_engine`` (book or deal value of the firm's stake in the engine).
    cancel_share : float or array
        Share of the engine's commitments cancelled, in [0, 1]. An array gives a
        grid (one block of rows per value, column ``cancel_share``).
    equity_writedown : float
        Share of the stake's value lost, in [0, 1].

    Returns
    -------
    DataFrame
        Per firm (and per ``cancel_share``): ``lost_backlog``, ``lost_backlog_share``
        (of ``firm_backlog``; NaN when unknown), ``equity_loss`` and ``total_loss``,
        USD billions.

    Notes
    -----
    For firm :math:`i` with engine backlog :math:`E_i`, own backlog :math:`B_i` and
    stake :math:`S_i`, cancelled share :math:`c` and write-down :math:`w`:
    :math:`L_i = c E_i`, :math:`L_i / B_i`, :math:`Q_i = w S_i`, total :math:`L_i + Q_i`.
    This is a first-round loss: it ignores knock-on effects (a supplier's own
    lenders, resale of the capacity to other customers), which could make the
    loss smaller (re-letting) or larger (fire sales).

    Examples
    --------
    >>> e = pd.DataFrame({"backlog_from_engine": [300.0, None], "firm_backlog": [523.0, None],
    ...                   "equity_in_engine": [0.0, 30.0]}, index=["Oracle", "NVIDIA"])
    >>> engine_failure(e, 0.5, equity_writedown=0.5).round(3)
            lost_backlog  lost_backlog_share  equity_loss  total_loss
    Oracle         150.0               0.287          0.0       150.0
    NVIDIA           0.0                 NaN         15.0        15.0
    """
    if not isinstance(exposures, pd.DataFrame) or exposures.empty:
        raise ValueError("exposures must be a non-empty DataFrame")
    need = ["backlog_from_engine", "firm_backlog", "equity_in_engine"]
    missing = [c for c in need if c not in exposures.columns]
    if missing:
        raise ValueError(f"exposures lacks column(s) {missing}")
    ex = exposures[need].apply(pd.to_numeric, errors="coerce")
    if (ex < 0).any().any():
        raise ValueError("exposures must be >= 0 (USD billions)")
    if ((ex["firm_backlog"] == 0)).any():
        raise ValueError("firm_backlog must be > 0 where given")
    if not isinstance(equity_writedown, (int, float, np.integer, np.floating)) or np.isnan(equity_writedown) or not 0 <= equity_writedown <= 1:
        raise ValueError(f"equity_writedown must be in [0, 1], got {equity_writedown!r}")
    c = np.atleast_1d(np.asarray(cancel_share, dtype=float))
    if c.size == 0 or np.isnan(c).any() or (c < 0).any() or (c > 1).any():
        raise ValueError(f"cancel_share must be in [0, 1], got {cancel_share!r}")
    e = ex["backlog_from_engine"].fillna(0.0).to_numpy()
    b = ex["firm_backlog"].to_numpy()
    q = ex["equity_in_engine"].fillna(0.0).to_numpy() * float(equity_writedown)
    lost = np.outer(c, e)  # one row per cancel_share, one column per firm
    n = len(exposures)
    out = pd.DataFrame(
        {
            "lost_backlog": lost.ravel(),
            "lost_backlog_share": (lost / b).ravel(),
            "equity_loss": np.tile(q, c.size),
            "total_loss": (lost + q).ravel(),
            "cancel_share": np.repeat(c, n),
        },
        index=np.tile(exposures.index.to_numpy(), c.size),
    )
    out.index.name = exposures.index.name
    if np.ndim(cancel_share) == 0:
        out = out.drop(columns="cancel_share")
    return out
