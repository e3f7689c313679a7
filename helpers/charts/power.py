"""Charts for chapter 9 (power and politics), built from the model's output.

Each function takes a small tidy frame (prepared in the chapter from the datasets and
:mod:`helpers.models.power`) and returns an Altair chart without title or sources:
the chapter passes it to :func:`helpers.charts.finish`, which adds the finding, subtitle,
description and source line. Labels reaching the reader are plain words.
"""
from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from .._validate import frame
from .theme import PALETTE

__all__ = ["demand_chart", "share_chart", "change_strip", "price_scatter", "capacity_chart"]


def _need(df: pd.DataFrame, cols: Sequence[str], name: str) -> None:
    frame(name, df, cols, min_rows=0)


def demand_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Data-centre electricity use over time: estimates joined by lines, projections as points or ranges.

    ``frame`` has one row per figure: ``scope`` (plain words), ``year``, ``value`` (TWh, empty for a
    range), ``low``/``high`` (TWh, empty for a point), ``kind`` ("Estimate" or "Projection") and
    ``published`` (text for the tooltip).
    """
    _need(frame, ["scope", "year", "value", "low", "high", "kind", "published"], "frame")
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d", labelOverlap=True, tickCount=8),
              scale=alt.Scale(nice=False, padding=12))
    color = alt.Color("scope:N", title="Where", scale=alt.Scale(range=[PALETTE[0], PALETTE[1]]))
    tip = [alt.Tooltip("scope:N", title="Where"), alt.Tooltip("year:Q", title="Year", format="d"),
           alt.Tooltip("shown:N", title="Electricity use"), alt.Tooltip("kind:N", title="Kind"),
           alt.Tooltip("published:N", title="Published")]
    d = frame.assign(shown=[f"{v:,.0f} TWh" if pd.notna(v) else f"{lo:,.0f}-{hi:,.0f} TWh"
                            for v, lo, hi in zip(frame["value"], frame["low"], frame["high"])])
    base = alt.Chart(d)
    est = base.transform_filter("datum.kind == 'Estimate'")
    line = est.mark_line().encode(x=x, y=alt.Y("value:Q", title="Data-centre electricity use (TWh a year)",
                                                scale=alt.Scale(zero=True, nice=True)), color=color)
    pts = base.transform_filter("isValid(datum.value)").mark_point(size=80, filled=True).encode(
        x=x, y="value:Q", color=color, shape=alt.Shape("kind:N", title="Kind", scale=alt.Scale(range=["circle", "diamond"])),
        tooltip=tip)
    rng = base.transform_filter("isValid(datum.low)").mark_rule(strokeWidth=5, opacity=0.7).encode(
        x=x, y="low:Q", y2="high:Q", color=color, tooltip=tip)
    return alt.layer(line, rng, pts).properties(height=300)


def share_chart(frame: pd.DataFrame, claim: float, claim_label: str) -> alt.LayerChart:
    """Estimates of one share (bars or ranges) against the article's figure (a dashed rule).

    ``frame``: ``label`` (what the bar is, plain words, in display order), ``value`` (percent; empty
    for a range), ``low``/``high`` (percent; empty for a point), ``kind`` (plain words).
    """
    _need(frame, ["label", "value", "low", "high", "kind"], "frame")
    order = list(frame["label"])
    y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=320))
    xs = alt.Scale(domain=[0, max(60.0, float(frame[["value", "high"]].max().max()) + 5)], nice=False)
    tip = [alt.Tooltip("label:N", title="Figure"), alt.Tooltip("shown:N", title="Share"), alt.Tooltip("kind:N", title="Kind")]
    d = frame.assign(shown=[f"{v:.1f}%" if pd.notna(v) else f"{lo:.0f}-{hi:.0f}%"
                            for v, lo, hi in zip(frame["value"], frame["low"], frame["high"])])
    base = alt.Chart(d)
    bars = base.transform_filter("isValid(datum.value)").mark_bar(color=PALETTE[0]).encode(
        y=y, x=alt.X("value:Q", title="Share of electricity (%)", scale=xs), tooltip=tip)
    rng = base.transform_filter("isValid(datum.low)").mark_bar(color=PALETTE[5], height=10).encode(
        y=y, x="low:Q", x2="high:Q", tooltip=tip)
    ref = pd.DataFrame({"x": [claim], "label": [claim_label]})
    rule = alt.Chart(ref).mark_rule(color=PALETTE[3], strokeDash=[6, 4], strokeWidth=2).encode(
        x="x:Q", tooltip=[alt.Tooltip("label:N", title="Article")])
    text = alt.Chart(ref).mark_text(color=PALETTE[3], align="left", dx=4, dy=-6, baseline="bottom").encode(
        x="x:Q", y=alt.value(0), text="label:N")
    return alt.layer(bars, rng, rule, text).properties(height=max(160, 34 * len(order)))


def change_strip(frame: pd.DataFrame, band: tuple[float, float], band_label: str) -> alt.LayerChart:
    """Each state's price change as a dot on one line per measure, with the article's range shaded.

    ``frame``: ``state`` (name), ``measure`` (plain words, e.g. "Nominal"), ``change`` (percent).
    """
    _need(frame, ["state", "measure", "change"], "frame")
    lo, hi = band
    xs = alt.Scale(domain=[min(-20.0, float(frame["change"].min()) - 5), max(hi, float(frame["change"].max())) + 5], nice=False)
    shade = alt.Chart(pd.DataFrame({"lo": [lo], "hi": [hi], "label": [band_label]})).mark_rect(
        color=PALETTE[3], opacity=0.12).encode(x=alt.X("lo:Q", scale=xs), x2="hi:Q",
                                                tooltip=[alt.Tooltip("label:N", title="Article")])
    label = alt.Chart(pd.DataFrame({"x": [(lo + hi) / 2], "label": [band_label]})).mark_text(
        color=PALETTE[3], baseline="top", dy=4).encode(x=alt.X("x:Q", scale=xs), y=alt.value(0), text="label:N")
    dots = alt.Chart(frame).mark_tick(thickness=2, size=22, opacity=0.8).encode(
        x=alt.X("change:Q", title="Change in average residential price, 2019-2023 (%)", scale=xs,
                axis=alt.Axis(tickCount=8, labelOverlap=True)),
        y=alt.Y("measure:N", title=None, sort=list(dict.fromkeys(frame["measure"]))),
        color=alt.Color("measure:N", legend=None, scale=alt.Scale(range=[PALETTE[0], PALETTE[2]])),
        tooltip=[alt.Tooltip("state:N", title="State"), alt.Tooltip("measure:N", title="Measure"),
                 alt.Tooltip("change:Q", title="Change (%)", format=".1f")])
    return alt.layer(shade, dots, label).properties(height=150)


def price_scatter(long: pd.DataFrame, sectors: Sequence[tuple[str, str]], measures: Sequence[tuple[str, str]],
                  highlight: str) -> alt.LayerChart:
    """State price change against data-centre share, with radio buttons for sector and measure.

    ``long``: ``state_name``, ``share_pct``, ``change``, ``price_start``, ``price_end``, ``sector``,
    ``measure`` (codes matching ``sectors``/``measures``, each a list of (code, plain label)).
    ``highlight`` is the state picked at first in the drop-down.
    """
    _need(long, ["state_name", "share_pct", "change", "price_start", "price_end", "sector", "measure"], "long")
    sector_p = alt.param(name="sector_sel", value=sectors[0][0], bind=alt.binding_radio(
        options=[c for c, _ in sectors], labels=[lab for _, lab in sectors], name="Sector "))
    measure_p = alt.param(name="measure_sel", value=measures[0][0], bind=alt.binding_radio(
        options=[c for c, _ in measures], labels=[lab for _, lab in measures], name="Price change "))
    state_p = alt.param(name="state_sel", value=highlight, bind=alt.binding_select(
        options=sorted(long["state_name"].unique()), name="Highlight state "))
    base = alt.Chart(long).transform_filter("datum.sector == sector_sel && datum.measure == measure_sel")
    top = float(long["share_pct"].max())
    x = alt.X("share_pct:Q", title="Data-centre share of state electricity use, 2023 (%)",
              scale=alt.Scale(domain=[-1.0, 5.0 * (int(top // 5) + 1)], nice=False), axis=alt.Axis(tickCount=6))
    y = alt.Y("change:Q", title="Change in average retail price, 2019-2023 (%)", scale=alt.Scale(nice=True, padding=10))
    picked = "datum.state_name == state_sel"
    pts = base.mark_circle(opacity=0.75).encode(
        x=x, y=y, color=alt.condition(picked, alt.value(PALETTE[3]), alt.value(PALETTE[0])),
        size=alt.condition(picked, alt.value(220), alt.value(70)),
        tooltip=[alt.Tooltip("state_name:N", title="State"),
                 alt.Tooltip("share_pct:Q", title="Data-centre share 2023 (%)", format=".1f"),
                 alt.Tooltip("change:Q", title="Price change (%)", format=".1f"),
                 alt.Tooltip("price_start:Q", title="2019 price (US cents per kWh)", format=".2f"),
                 alt.Tooltip("price_end:Q", title="2023 price (US cents per kWh)", format=".2f")])
    label = base.transform_filter(picked).mark_text(dx=-10, dy=-10, align="right", fontWeight="bold").encode(
        x=x, y=y, text="state_name:N")
    line = base.transform_regression("share_pct", "change").mark_line(color=PALETTE[1]).encode(x=x, y=y)
    return alt.layer(pts, line, label).add_params(sector_p, measure_p, state_p).properties(height=340)


def capacity_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Capacity-auction clearing prices by delivery year, with the price the cap held back.

    ``frame``: ``delivery_year`` (text, in order), ``price`` (USD per MW-day) and ``uncapped``
    (USD per MW-day, empty where no cap applied).
    """
    _need(frame, ["delivery_year", "price", "uncapped"], "frame")
    order = list(frame["delivery_year"])
    x = alt.X("delivery_year:N", title="Delivery year (June to May)", sort=order, axis=alt.Axis(labelAngle=0))
    ys = alt.Scale(domain=[0, float(frame[["price", "uncapped"]].max().max()) * 1.12], nice=True)
    bars = alt.Chart(frame).mark_bar(color=PALETTE[0], width={"band": 0.6}).encode(
        x=x, y=alt.Y("price:Q", title="Clearing price (USD per MW-day)", scale=ys),
        tooltip=[alt.Tooltip("delivery_year:N", title="Delivery year"),
                 alt.Tooltip("price:Q", title="Clearing price (USD per MW-day)", format=",.2f"),
                 alt.Tooltip("uncapped:Q", title="Without the cap (USD per MW-day)", format=",.2f")])
    text = alt.Chart(frame).mark_text(dy=-6, baseline="bottom").encode(x=x, y=alt.Y("price:Q", scale=ys),
                                                                        text=alt.Text("price:Q", format=",.0f"))
    cap = alt.Chart(frame).transform_filter("isValid(datum.uncapped)").mark_tick(
        color=PALETTE[3], thickness=3, size=40).encode(
        x=x, y=alt.Y("uncapped:Q", scale=ys),
        tooltip=[alt.Tooltip("uncapped:Q", title="Price without the cap (USD per MW-day)", format=",.2f")])
    return alt.layer(bars, text, cap).properties(height=300)
