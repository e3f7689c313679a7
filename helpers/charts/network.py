"""Charts of the AI deal network (chapter 2): the network itself, the loops, the round trips.

The network is drawn in data units: :func:`role_layout` puts each firm in its role's column and
:func:`edge_segments` turns deals into line segments with arrow heads, offset sideways so that
A->B and B->A do not overlap. The offset is given in pixels for a nominal plot size; the chart
itself fills the column, so on a narrow screen the offset shrinks in proportion.
"""
from __future__ import annotations

from collections.abc import Iterable

import altair as alt
import numpy as np
import pandas as pd

from .._validate import frame, number, series
from ..models.network import DEAL_STATUSES, FIRM_ROLES
from .render import slider
from .theme import PALETTE

__all__ = ["STATUS_LABELS", "ROLE_LABELS", "role_layout", "edge_segments", "deal_network_chart", "loop_chart",
           "round_trip_chart"]

#: Reader-facing names of the deal statuses (same order as DEAL_STATUSES).
STATUS_LABELS = {"announced": "Announced", "letter_of_intent": "Letter of intent", "definitive": "Signed contract",
                 "delivered": "Delivered", "revised": "Revised", "scaled_back": "Scaled back"}
#: Reader-facing names of the roles.
ROLE_LABELS = {"financier": "Financiers", "fuel": "Fuel", "gears": "Gears", "engine": "Engine"}
_STATUS_COLORS = {"announced": PALETTE[1], "letter_of_intent": PALETTE[4], "definitive": PALETTE[0],
                  "delivered": PALETTE[2], "revised": PALETTE[7], "scaled_back": PALETTE[3]}


def role_layout(firms: Iterable[str], roles: pd.Series) -> pd.DataFrame:
    """Chart positions: one column per role (in :data:`FIRM_ROLES` order), firms stacked within it.

    Parameters
    ----------
    firms : iterable of str
        Firm names (duplicates ignored); every one needs a role.
    roles : pandas.Series
        Firm (index) to role, e.g. the ``role`` column of ``data/ai_firm_roles.csv``.

    Returns
    -------
    pandas.DataFrame
        Indexed by firm with ``role``, ``x`` (0 for financiers ... 3 for the engine) and ``y``
        (0, 1, ... top to bottom, alphabetical within a role; shorter columns are centred, so ``y``
        may be a half-integer).

    Examples
    --------
    >>> r = pd.Series({"OpenAI": "engine", "NVIDIA": "fuel", "AMD": "fuel"})
    >>> role_layout(["OpenAI", "NVIDIA", "AMD"], r).to_dict("index")["OpenAI"]
    {'role': 'engine', 'x': 3, 'y': 0.5}
    """
    series("roles", roles, numeric=False)
    names = sorted({str(f) for f in firms})
    if not names:
        raise ValueError("firms must not be empty")
    unknown = [f for f in names if f not in roles.index]
    if unknown:
        raise ValueError(f"firms has name(s) with no role: {unknown}")
    bad = sorted({str(roles[f]) for f in names} - set(FIRM_ROLES))
    if bad:
        raise ValueError(f"roles has unknown role(s) {bad}; known: {list(FIRM_ROLES)}")
    cols = {role: [f for f in names if roles[f] == role] for role in FIRM_ROLES}
    tallest = max(len(c) for c in cols.values())
    rows = [{"firm": f, "role": role, "x": x, "y": y + (tallest - len(cols[role])) / 2}
            for x, role in enumerate(FIRM_ROLES) for y, f in enumerate(cols[role])]
    return pd.DataFrame(rows).set_index("firm")


def edge_segments(deals: pd.DataFrame, layout: pd.DataFrame, width: float = 640.0, height: float = 400.0,
                  offset_px: float = 6.0, head: float = 0.78) -> pd.DataFrame:
    """Line segments and arrow-head positions for drawing deals between placed firms.

    Parameters
    ----------
    deals : pandas.DataFrame
        With ``payer`` and ``payee``; other columns are kept.
    layout : pandas.DataFrame
        From :func:`role_layout` (index firm, columns ``x``, ``y``).
    width, height : float
        Nominal plot size in pixels (> 0); the x domain is ``[-0.5, max x + 0.5]`` and the y domain
        ``[-0.5, max y + 0.5]`` with y drawn downwards.
    offset_px : float
        Sideways shift of each segment to its left, in pixels (>= 0), so A->B and B->A do not overlap.
    head : float
        Where along the segment the arrow head sits, in (0, 1].

    Returns
    -------
    pandas.DataFrame
        The deals with ``x``, ``y`` (payer end), ``x2``, ``y2`` (payee end), ``xh``, ``yh`` (arrow
        head) in data units and ``angle`` (degrees clockwise from up, for a triangle-up mark).

    Examples
    --------
    >>> lay = role_layout(["NVIDIA", "OpenAI"], pd.Series({"NVIDIA": "fuel", "OpenAI": "engine"}))
    >>> seg = edge_segments(pd.DataFrame({"payer": ["NVIDIA"], "payee": ["OpenAI"]}), lay, offset_px=0)
    >>> seg[["x", "x2", "angle"]].round(1).to_dict("records")
    [{'x': 1.0, 'x2': 3.0, 'angle': 90.0}]
    """
    frame("deals", deals, ["payer", "payee"], min_rows=1)
    frame("layout", layout, ["x", "y"], min_rows=1)
    w = number("width", width, low=0.0, low_open=True)
    h = number("height", height, low=0.0, low_open=True)
    off = number("offset_px", offset_px, low=0.0)
    hd = number("head", head, low=0.0, high=1.0, low_open=True)
    missing = sorted((set(deals["payer"]) | set(deals["payee"])) - set(layout.index))
    if missing:
        raise ValueError(f"layout has no position for {missing}")
    sx, sy = w / (layout["x"].max() + 1.0), h / (layout["y"].max() + 1.0)
    out = deals.copy()
    x1, y1 = (layout.loc[out["payer"], c].to_numpy(float) for c in ("x", "y"))
    x2, y2 = (layout.loc[out["payee"], c].to_numpy(float) for c in ("x", "y"))
    dx, dy = (x2 - x1) * sx, (y2 - y1) * sy  # pixels, y downwards
    norm = np.hypot(dx, dy)
    norm[norm == 0] = 1.0
    ox, oy = (dy / norm) * off / sx, (-dx / norm) * off / sy  # left-hand normal, back in data units
    out["x"], out["y"], out["x2"], out["y2"] = x1 + ox, y1 + oy, x2 + ox, y2 + oy
    out["xh"] = out["x"] + hd * (out["x2"] - out["x"])
    out["yh"] = out["y"] + hd * (out["y2"] - out["y"])
    out["angle"] = np.degrees(np.arctan2(dx, -dy)) % 360
    return out


def deal_network_chart(deals: pd.DataFrame, roles: pd.Series, height: int = 480) -> alt.LayerChart:
    """The deal network: firms in role columns, one arrow per deal, line width by USD value.

    Parameters
    ----------
    deals : pandas.DataFrame
        Rows of ``data/ai_deals.csv`` (``payer``, ``payee``, ``amount``, ``unit``, ``amount_usd_bn``,
        ``status``, ``binding``, ``announced``, ``year``, ``flows_back``).
    roles : pandas.Series
        Firm to role (``data/ai_firm_roles.csv``).
    height : int
        Plot height in pixels.

    Returns
    -------
    altair.LayerChart
        With a year slider ("deals announced up to") and a status legend that filters.
    """
    frame("deals", deals, ["payer", "payee", "amount", "unit", "amount_usd_bn", "status", "binding", "announced", "year", "flows_back"])
    lay = role_layout(set(deals["payer"]) | set(deals["payee"]), roles)
    seg = edge_segments(deals, lay, height=float(height), offset_px=5)
    seg = seg.assign(
        usd=seg["amount_usd_bn"].fillna(0.0),
        sized=np.where(seg["amount_usd_bn"].notna(), "USD value stated", "No USD value"),
        label=seg["amount"].map(lambda v: f"{v:,g}") + " " + seg["unit"],
        status_label=seg["status"].map(STATUS_LABELS),
        binding_label=seg["binding"].str.replace("_", "-"),
    )[["payer", "payee", "flows_back", "label", "usd", "sized", "status_label", "binding_label", "announced", "year",
       "x", "y", "x2", "y2", "xh", "yh", "angle"]]
    nodes = lay.reset_index().assign(role_label=lambda d: d["role"].map(ROLE_LABELS))
    xs = alt.Scale(domain=[-0.5, float(lay["x"].max()) + 0.5])
    ys = alt.Scale(domain=[-1.0, float(lay["y"].max()) + 0.5], reverse=True)
    year = slider("deal_year", int(seg["year"].max()), int(seg["year"].min()), int(seg["year"].max()), 1, "Deals announced up to (year)")
    pick = alt.selection_point(fields=["status_label"], bind="legend")
    color = alt.Color("status_label:N", title="Latest status", scale=alt.Scale(
        domain=[STATUS_LABELS[s] for s in DEAL_STATUSES], range=[_STATUS_COLORS[s] for s in DEAL_STATUSES]))
    tips = [alt.Tooltip("payer:N", title="Payer"), alt.Tooltip("payee:N", title="Payee"),
            alt.Tooltip("label:N", title="Amount"), alt.Tooltip("flows_back:N", title="What flows back"),
            alt.Tooltip("status_label:N", title="Status"), alt.Tooltip("binding_label:N", title="Binding?"),
            alt.Tooltip("announced:N", title="Announced")]
    base = alt.Chart(seg).transform_filter(alt.datum.year <= year).transform_filter(pick)
    edges = base.mark_rule(opacity=0.8).encode(
        x=alt.X("x:Q", scale=xs, axis=None), y=alt.Y("y:Q", scale=ys, axis=None), x2="x2:Q", y2="y2:Q", color=color,
        strokeWidth=alt.StrokeWidth("usd:Q", legend=None, scale=alt.Scale(domain=[0, 300], range=[1.2, 10])),
        strokeDash=alt.StrokeDash("sized:N", legend=None, scale=alt.Scale(domain=["USD value stated", "No USD value"],
                                                                           range=[[1, 0], [4, 3]])),
        tooltip=tips)
    heads = base.mark_point(shape="triangle-up", filled=True, size=150, opacity=1).encode(
        x=alt.X("xh:Q", scale=xs), y=alt.Y("yh:Q", scale=ys), angle=alt.Angle("angle:Q", scale=None), color=color, tooltip=tips)
    dots = alt.Chart(nodes).mark_circle(size=420, color="#ffffff", stroke="#666666", strokeWidth=1.5).encode(
        x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys),
        tooltip=[alt.Tooltip("firm:N", title="Firm"), alt.Tooltip("role_label:N", title="Role")])
    names = alt.Chart(nodes).mark_text(dy=-16, fontWeight="bold", fontSize=11).encode(x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), text="firm:N")
    heads_row = nodes.groupby("role_label", as_index=False)["x"].first()
    role_names = alt.Chart(heads_row).mark_text(fontSize=13, fontWeight="bold").encode(
        x=alt.X("x:Q", scale=xs), y=alt.value(10), text="role_label:N")
    return alt.layer(edges, heads, dots, names, role_names).add_params(year, pick).properties(height=height)


def loop_chart(loops: pd.DataFrame) -> alt.LayerChart:
    """Headline amounts on each sized loop against its bottleneck (what can go all the way round).

    Parameters
    ----------
    loops : pandas.DataFrame
        One row per loop: ``loop`` (text), ``headline_usd_bn`` (sum of the USD values on its links)
        and ``bottleneck_usd_bn`` (smallest USD value on a link), USD billions.

    Returns
    -------
    altair.LayerChart
        Horizontal bars (headline, light) with the bottleneck drawn over them (dark).
    """
    frame("loops", loops, ["loop", "headline_usd_bn", "bottleneck_usd_bn"], min_rows=1)
    long = loops.melt(id_vars="loop", value_vars=["headline_usd_bn", "bottleneck_usd_bn"], var_name="measure", value_name="usd")
    long["measure"] = long["measure"].map({"headline_usd_bn": "Headline amounts on the loop's links",
                                           "bottleneck_usd_bn": "Most that can go all the way round"})
    order = loops.sort_values("headline_usd_bn", ascending=False)["loop"].tolist()
    enc = dict(y=alt.Y("loop:N", title=None, sort=order, axis=alt.Axis(labelLimit=420)),
               x=alt.X("usd:Q", title="USD billions", stack=None, scale=alt.Scale(nice=True), axis=alt.Axis(tickCount=8, labelOverlap=True)),
               color=alt.Color("measure:N", title=None, scale=alt.Scale(range=[PALETTE[5], PALETTE[0]])),
               tooltip=[alt.Tooltip("loop:N", title="Loop"), alt.Tooltip("measure:N", title="Measure"),
                        alt.Tooltip("usd:Q", title="USD billions", format=",.1f")])
    bars = alt.Chart(long).mark_bar(height={"band": 0.7}).encode(**enc)
    text = alt.Chart(long[long["measure"].str.startswith("Most")]).mark_text(align="left", dx=4).encode(
        y=enc["y"], x="usd:Q", text=alt.Text("usd:Q", format=",.1~f"))
    return alt.layer(bars, text).properties(height=max(140, 34 * len(loops)))


def round_trip_chart(trips: pd.DataFrame) -> alt.LayerChart:
    """The share of a supplier's backlog that can be its own money coming back, on two bounds.

    Parameters
    ----------
    trips : pandas.DataFrame
        One row per supplier and bound: ``supplier``, ``bound`` (text) and ``share_pct`` (percent).

    Returns
    -------
    altair.LayerChart
        Grouped horizontal bars with labels.
    """
    frame("trips", trips, ["supplier", "bound", "share_pct"], min_rows=1)
    base = alt.Chart(trips).encode(
        y=alt.Y("supplier:N", title=None, axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset("bound:N"),
        x=alt.X("share_pct:Q", title="Share of the supplier's backlog or orders, percent", scale=alt.Scale(nice=True),
              axis=alt.Axis(tickCount=6, labelOverlap=True)),
        color=alt.Color("bound:N", title=None, scale=alt.Scale(range=[PALETTE[0], PALETTE[1]])),
        tooltip=[alt.Tooltip("supplier:N", title="Supplier"), alt.Tooltip("bound:N", title="Bound"),
                 alt.Tooltip("share_pct:Q", title="Percent", format=".2f")])
    return alt.layer(base.mark_bar(), base.mark_text(align="left", dx=4).encode(text=alt.Text("share_pct:Q", format=".1f"))
                     ).properties(height=60 * trips["supplier"].nunique() + 40)
