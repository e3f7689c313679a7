"""Charts of chapter 1 ("Is this a bubble?"), built from :mod:`helpers.models.bubble` output.

Each function takes a tidy table the notebook computed with the model and returns an Altair chart
without title; the notebook adds the finding, subtitle, description and sources with
:func:`helpers.charts.finish`. Column names are the model's; every axis, legend and tooltip gets a
title in plain words here.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from .._validate import frame, number
from .theme import PALETTE

__all__ = ["episodes_chart", "runup_chart", "multiples_chart", "concentration_chart", "since_chart"]


def episodes_chart(paths: pd.DataFrame) -> alt.LayerChart:
    """Two boom episodes rebased to 100 at their launch month, by months since launch.

    Parameters
    ----------
    paths : pandas.DataFrame
        Columns ``date``, ``months``, ``rebased`` and ``drawdown`` (from
        :func:`helpers.models.bubble.episode_path`) and ``episode`` (a plain-words label).

    Returns
    -------
    altair.LayerChart
        Lines with a legend that highlights one episode; tooltips give the month, level and fall.

    Examples
    --------
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2000-01-31", "2000-02-29"]), "months": [0.0, 1.0],
    ...                    "rebased": [100.0, 110.0], "drawdown": [0.0, 0.0], "episode": ["A", "A"]})
    >>> [layer["mark"]["type"] for layer in episodes_chart(df).to_dict()["layer"]]
    ['rule', 'line', 'point']
    """
    df = frame("paths", paths, ["date", "months", "rebased", "drawdown", "episode"]).assign(fall_pct=lambda d: -100 * d["drawdown"])
    sel = alt.selection_point(fields=["episode"], bind="legend")
    base = alt.Chart(df).encode(
        x=alt.X("months:Q", title="Months since the launch month", axis=alt.Axis(tickCount=8, labelOverlap=True)),
        y=alt.Y("rebased:Q", title="Nasdaq Composite (launch month = 100)", scale=alt.Scale(nice=True)),
        color=alt.Color("episode:N", title="Episode", legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400)),
    )
    lines = base.mark_line().encode(opacity=alt.condition(sel, alt.value(1.0), alt.value(0.2))).add_params(sel)
    points = base.mark_point(size=30, opacity=0).encode(tooltip=[
        alt.Tooltip("episode:N", title="Episode"), alt.Tooltip("date:T", title="Month", format="%b %Y"),
        alt.Tooltip("rebased:Q", title="Index (launch = 100)", format=".0f"),
        alt.Tooltip("fall_pct:Q", title="Below the episode's high so far (%)", format=".1f")])
    rule = alt.Chart(pd.DataFrame({"y": [100.0]})).mark_rule(color="#888", strokeDash=[4, 3]).encode(y="y:Q")
    return alt.layer(rule, lines, points).properties(height=320)


def runup_chart(runup: pd.DataFrame, thresholds: pd.DataFrame) -> alt.LayerChart:
    """The two-year trailing return of an index with the run-up screen's thresholds.

    Parameters
    ----------
    runup : pandas.DataFrame
        Columns ``date`` and ``return_2y_pct`` (percent, from
        :func:`helpers.models.bubble.trailing_return`).
    thresholds : pandas.DataFrame
        Columns ``runup_pct`` (percent) and ``label`` (plain words, e.g. "100%: crash odds about 53%"),
        drawn as dashed lines with the label as tooltip (name them in the chart's subtitle).

    Returns
    -------
    altair.LayerChart

    Examples
    --------
    >>> r = pd.DataFrame({"date": pd.to_datetime(["2000-01-31", "2000-02-29"]), "return_2y_pct": [90.0, 120.0]})
    >>> t = pd.DataFrame({"runup_pct": [100.0], "label": ["100%"]})
    >>> len(runup_chart(r, t).to_dict()["layer"])
    2
    """
    r = frame("runup", runup, ["date", "return_2y_pct"]).dropna()
    t = frame("thresholds", thresholds, ["runup_pct", "label"])
    line = alt.Chart(r).mark_line(color=PALETTE[0]).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount=10, labelOverlap=True)),
        y=alt.Y("return_2y_pct:Q", title="Rise over the previous two years (%)", scale=alt.Scale(nice=True)),
        tooltip=[alt.Tooltip("date:T", title="Month", format="%b %Y"),
                 alt.Tooltip("return_2y_pct:Q", title="Two-year rise (%)", format=".0f")],
    )
    rules = alt.Chart(t).mark_rule(color=PALETTE[3], strokeDash=[6, 4], strokeWidth=1.5).encode(
        y="runup_pct:Q", tooltip=[alt.Tooltip("label:N", title="Threshold")])
    return alt.layer(rules, line).properties(height=300)


def multiples_chart(multiples: pd.DataFrame) -> alt.Chart:
    """Horizontal bars of valuation multiples, coloured by era.

    Parameters
    ----------
    multiples : pandas.DataFrame
        Columns ``label`` (bar label in plain words), ``value`` (times), ``era`` ("dot-com peak"
        or "AI era"), ``metric``, ``as_of`` and ``note``.

    Returns
    -------
    altair.Chart

    Examples
    --------
    >>> m = pd.DataFrame({"label": ["A"], "value": [30.0], "era": ["AI era"], "metric": ["P/E"], "as_of": ["2025"], "note": [""]})
    >>> multiples_chart(m).to_dict()["mark"]["type"]
    'bar'
    """
    df = frame("multiples", multiples, ["label", "value", "era", "metric", "as_of", "note"])
    era = alt.selection_point(fields=["era"], bind="legend")
    return alt.Chart(df).mark_bar().encode(
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("value:Q", title="Price / expected earnings (times)", axis=alt.Axis(tickCount=5, labelOverlap=True),
                scale=alt.Scale(nice=True)),
        color=alt.Color("era:N", title="Era", scale=alt.Scale(domain=["dot-com peak", "AI era"], range=[PALETTE[3], PALETTE[0]])),
        opacity=alt.condition(era, alt.value(1.0), alt.value(0.2)),
        tooltip=[alt.Tooltip("label:N", title="Who and when"), alt.Tooltip("metric:N", title="Measure"),
                 alt.Tooltip("value:Q", title="Multiple (times)"), alt.Tooltip("note:N", title="Note")],
    ).add_params(era).properties(height=alt.Step(24))


def concentration_chart(shares: pd.DataFrame, claim_pct: float) -> alt.LayerChart:
    """Reported index shares of the largest stocks, one row per group, with the article's figure.

    Parameters
    ----------
    shares : pandas.DataFrame
        Columns ``measure`` (group in plain words), ``as_of`` (YYYY-MM), ``value_pct`` (percent of
        index market value) and ``period`` ("2000" or "2023-26").
    claim_pct : float
        The article's figure, percent (0-100), drawn as a dashed line.

    Returns
    -------
    altair.LayerChart

    Examples
    --------
    >>> s = pd.DataFrame({"measure": ["Top ten"], "as_of": ["2000-03"], "value_pct": [27.0], "period": ["2000"]})
    >>> len(concentration_chart(s, 37.0).to_dict()["layer"])
    3
    """
    df = frame("shares", shares, ["measure", "as_of", "value_pct", "period"])
    c = number("claim_pct", claim_pct, low=0.0, high=100.0)
    dots = alt.Chart(df).mark_point(filled=True, size=120).encode(
        y=alt.Y("measure:N", title=None, axis=alt.Axis(labelLimit=240)),
        x=alt.X("value_pct:Q", title="Share of S&P 500 market value (%)", scale=alt.Scale(domain=[0, 40]),
                axis=alt.Axis(tickCount=5, labelOverlap=True)),
        color=alt.Color("period:N", title="When", scale=alt.Scale(range=[PALETTE[3], PALETTE[0]])),
        shape=alt.Shape("period:N", title="When"),
        tooltip=[alt.Tooltip("measure:N", title="Group"), alt.Tooltip("as_of:N", title="Month"),
                 alt.Tooltip("value_pct:Q", title="Share (%)", format=".1f")],
    )
    claim = pd.DataFrame({"x": [c], "label": [f"Article: {c:.0f}%"]})
    rule = alt.Chart(claim).mark_rule(strokeDash=[6, 4], color=PALETTE[1]).encode(x="x:Q")
    text = alt.Chart(claim).mark_text(align="right", dx=-4, dy=-4, color=PALETTE[1], baseline="bottom").encode(
        x="x:Q", y=alt.value(0), text="label:N")
    return alt.layer(dots, rule, text).properties(height=alt.Step(44))


def since_chart(paths: pd.DataFrame, events: pd.DataFrame) -> alt.LayerChart:
    """Indexes rebased to 100 at a base month, with the articles' dates marked.

    Parameters
    ----------
    paths : pandas.DataFrame
        Columns ``date``, ``index`` (plain-words name) and ``rebased`` (base month = 100).
    events : pandas.DataFrame
        Columns ``date`` and ``label`` (plain words), drawn as vertical rules; labels of nearby
        events are staggered in three rows.

    Returns
    -------
    altair.LayerChart

    Examples
    --------
    >>> p = pd.DataFrame({"date": pd.to_datetime(["2025-10-31", "2025-11-30"]), "index": ["S&P 500"] * 2, "rebased": [100.0, 101.0]})
    >>> e = pd.DataFrame({"date": pd.to_datetime(["2025-11-15"]), "label": ["A4"]})
    >>> len(since_chart(p, e).to_dict()["layer"])
    3
    """
    p = frame("paths", paths, ["date", "index", "rebased"])
    e = frame("events", events, ["date", "label"]).sort_values("date").reset_index(drop=True)
    e = e.assign(row=[i % 3 for i in range(len(e))])
    lines = alt.Chart(p).mark_line(point=True).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y", tickCount=8, labelOverlap=True)),
        y=alt.Y("rebased:Q", title="Month-end close (October 2025 = 100)", scale=alt.Scale(zero=False, nice=True)),
        color=alt.Color("index:N", title="Index"),
        tooltip=[alt.Tooltip("index:N", title="Index"), alt.Tooltip("date:T", title="Month", format="%b %Y"),
                 alt.Tooltip("rebased:Q", title="Level (Oct 2025 = 100)", format=".1f")],
    )
    rules = alt.Chart(e).mark_rule(color="#888", strokeDash=[3, 3]).encode(
        x="date:T", tooltip=[alt.Tooltip("label:N", title="Event"), alt.Tooltip("date:T", title="Date", format="%d %b %Y")])
    texts = [alt.Chart(e[e["row"] == r]).mark_text(align="left", dx=3, baseline="top", fontSize=11, color="#666").encode(
        x="date:T", y=alt.value(4 + 14 * r), text="label:N") for r in sorted(e["row"].unique())]
    return alt.layer(rules, *texts, lines).properties(height=300)
