"""Charts of chapter 15 ("The rotation: where the money went"), built from :mod:`helpers.models.flows` output.

Each function takes a tidy table and returns an Altair chart without title; the notebook adds the
finding, subtitle, description and sources with :func:`helpers.charts.finish`. Fund categories
arrive with their plain-words labels (``label``) from ``data/fund_flows_week``.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from .._validate import choice, frame
from .theme import PALETTE

__all__ = ["shares_chart", "history_chart", "ici_chart"]

_STRONG, _WEAK = PALETTE[3], "#9ecae1"


def shares_chart(shares: pd.DataFrame) -> alt.Chart:
    """Horizontal bars: each destination's share of a week's gross inflows (an outflow is negative).

    Parameters
    ----------
    shares : pandas.DataFrame
        Columns ``label`` (plain words), ``share_pct`` (percent of gross inflows, from
        :func:`helpers.models.flows.destination_shares`) and ``flow_usd_bn`` (USD billions).

    Returns
    -------
    altair.Chart

    Examples
    --------
    >>> s = pd.DataFrame({"label": ["Cash", "Tech"], "share_pct": [90.0, -2.0], "flow_usd_bn": [9.0, -0.2]})
    >>> shares_chart(s).to_dict()["mark"]["type"]
    'bar'
    """
    df = frame("shares", shares, ["label", "share_pct", "flow_usd_bn"])
    return alt.Chart(df).mark_bar().encode(
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=240)),
        x=alt.X("share_pct:Q", title="Share of the week's gross inflows (%)", scale=alt.Scale(nice=True),
                axis=alt.Axis(tickCount=6, labelOverlap=True)),
        color=alt.condition(alt.datum.share_pct < 0, alt.value(_STRONG), alt.value(PALETTE[0])),
        tooltip=[alt.Tooltip("label:N", title="Fund category"), alt.Tooltip("share_pct:Q", title="Share of gross inflows (%)", format=".1f"),
                 alt.Tooltip("flow_usd_bn:Q", title="Net flow (USD billions)", format=",.2f")],
    ).properties(height=alt.Step(30))


def history_chart(points: pd.DataFrame, options: list[str], default: str) -> alt.LayerChart:
    """Dot chart of weekly net flows for one fund category at a time, picked from a menu.

    Parameters
    ----------
    points : pandas.DataFrame
        Columns ``week_end`` (date), ``label`` (category in plain words), ``flow_usd_bn``,
        ``series`` (plain words: which kind of figure) and ``note``.
    options : list of str
        Category labels offered in the menu (each must appear in ``points``).
    default : str
        The label shown first (one of ``options``).

    Returns
    -------
    altair.LayerChart

    Examples
    --------
    >>> p = pd.DataFrame({"week_end": pd.to_datetime(["2025-01-01"]), "label": ["Bonds"], "flow_usd_bn": [1.0],
    ...                   "series": ["Sourced week"], "note": [""]})
    >>> history_chart(p, ["Bonds"], "Bonds").to_dict()["params"][0]["name"]
    'flow_category'
    """
    df = frame("points", points, ["week_end", "label", "flow_usd_bn", "series", "note"])
    opts = [choice("options", o, set(df["label"])) for o in options]
    choice("default", default, opts)
    pick = alt.param(name="flow_category", value=default, bind=alt.binding_select(options=opts, name="Fund category "))
    series = sorted(df["series"].unique(), key=lambda s: s.startswith("A2"))
    base = alt.Chart(df).transform_filter("datum.label == flow_category")
    pts = base.mark_point(filled=True, size=110).encode(
        x=alt.X("week_end:T", title="Week ending", axis=alt.Axis(format="%Y", tickCount=6, labelOverlap=True)),
        y=alt.Y("flow_usd_bn:Q", title="Net weekly flow (USD billions)", scale=alt.Scale(nice=True)),
        color=alt.Color("series:N", title=None, scale=alt.Scale(domain=series, range=[PALETTE[0], _STRONG][: len(series)])),
        shape=alt.Shape("series:N", title=None, scale=alt.Scale(domain=series, range=["circle", "diamond"][: len(series)])),
        tooltip=[alt.Tooltip("label:N", title="Category"), alt.Tooltip("week_end:T", title="Week ending", format="%d %b %Y"),
                 alt.Tooltip("flow_usd_bn:Q", title="Flow (USD billions)", format=",.2f"), alt.Tooltip("series:N", title="Figure"),
                 alt.Tooltip("note:N", title="Note")],
    )
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#888", strokeDash=[4, 3]).encode(y="y:Q")
    return alt.layer(zero, pts).add_params(pick).properties(height=300)


def ici_chart(ici: pd.DataFrame, week: str) -> alt.Chart:
    """Weekly change in US money market fund assets on a time axis, one week highlighted.

    Parameters
    ----------
    ici : pandas.DataFrame
        Columns ``week_end`` (date), ``days``, ``change_usd_bn``, ``assets_usd_tn`` and ``note``.
    week : str
        The week to highlight (YYYY-MM-DD), which must be in ``ici``.

    Returns
    -------
    altair.Chart

    Examples
    --------
    >>> i = pd.DataFrame({"week_end": pd.to_datetime(["2026-02-04"]), "days": [7], "change_usd_bn": [85.0],
    ...                   "assets_usd_tn": [7.8], "note": [""]})
    >>> ici_chart(i, "2026-02-04").to_dict()["mark"]["type"]
    'bar'
    """
    df = frame("ici", ici, ["week_end", "days", "change_usd_bn", "assets_usd_tn", "note"]).copy()
    w = pd.Timestamp(choice("week", pd.Timestamp(week), set(df["week_end"])))
    df["which"] = (df["week_end"] == w).map({True: "Week of A2's figures", False: "Other sourced week"})
    return alt.Chart(df).mark_bar(width=6).encode(
        x=alt.X("week_end:T", title="Week ending", axis=alt.Axis(format="%b %Y", tickCount=8, labelOverlap=True)),
        y=alt.Y("change_usd_bn:Q", title="Change in US money fund assets (USD billions)", scale=alt.Scale(nice=True)),
        color=alt.Color("which:N", title=None, scale=alt.Scale(domain=["Week of A2's figures", "Other sourced week"], range=[_STRONG, _WEAK])),
        tooltip=[alt.Tooltip("week_end:T", title="Week ending", format="%d %b %Y"), alt.Tooltip("days:Q", title="Days in the period"),
                 alt.Tooltip("change_usd_bn:Q", title="Change (USD billions)", format=",.2f"),
                 alt.Tooltip("assets_usd_tn:Q", title="Assets (USD trillions)", format=".3f"), alt.Tooltip("note:N", title="Note")],
    ).properties(height=300)
