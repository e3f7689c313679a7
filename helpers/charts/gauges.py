r"""Charts for chapter 17 (the dashboard), built from :mod:`helpers.models.gauges` and
:mod:`helpers.models.gauges_gears`.

The gears chart moves its warning line with a required-return slider in the static page. Its Vega
expression is generated here from the formula of
:func:`helpers.models.capex.capital_recovery_factor` (:func:`helpers.charts.capex.crf_vega_expr`, the
one generator of that formula, inside :func:`warn_vega_expr`)
and ``tests/test_gauges_vega.py`` evaluates it against that function.
"""
from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from .._validate import InputTypeError, frame, number
from .capex import crf_vega_expr
from .render import slider
from .theme import PALETTE

__all__ = ["warn_vega_expr", "engine_chart", "gears_chart", "fuel_chart", "rent_chart"]

#: Below this rate the expression uses the first-order expansion of the factor (no 0/0).
def _expr(name: str, value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputTypeError(f"{name} must be a Vega expression string, got {value!r}")
    return f"({value})"


def warn_vega_expr(rate: str = "req_return", life: str = "datum.L", margin: str = "datum.m") -> str:
    r"""Vega expression of the gears warning line :math:`m / (L\,\mathrm{CRF}(r, L))`.

    See :func:`helpers.models.gauges_gears.capex_thresholds`.

    Examples
    --------
    >>> warn_vega_expr("0", "5", "0.5").startswith("(0.5) / ((5) * if(")
    True
    """
    return f"{_expr('margin', margin)} / ({_expr('life', life)} * {crf_vega_expr(rate, life)})"


def engine_chart(users: pd.DataFrame, paths: pd.DataFrame) -> alt.LayerChart:
    """Weekly users (points, log scale) and dashed projection paths from the latest point.

    ``users`` has ``date``, ``users`` (millions), ``kind`` and ``source``; ``paths`` has ``date``,
    ``users`` and ``line`` (the path's plain-word name, in legend order).
    """
    frame("users", users, ["date", "users", "kind", "source"])
    frame("paths", paths, ["date", "users", "line"])
    lines = list(dict.fromkeys(paths["line"]))
    lo, hi = float(users["users"].min()) * 0.8, float(max(users["users"].max(), paths["users"].max())) * 1.2
    y = alt.Y("users:Q", title="Weekly users, millions (log scale)", scale=alt.Scale(type="log", domain=[lo, hi], nice=False))
    x = alt.X("date:T", title="Date of statement", axis=alt.Axis(format="%Y", tickCount="year", labelOverlap=True))
    dots = alt.Chart(users).mark_point(size=80, filled=True, color=PALETTE[0]).encode(
        x=x, y=y, tooltip=[alt.Tooltip("date:T", title="Stated", format="%d %b %Y"),
                           alt.Tooltip("users:Q", title="Weekly users, millions"), alt.Tooltip("source:N", title="Source")])
    proj = alt.Chart(paths).mark_line(strokeDash=[6, 3]).encode(
        x=x, y=y, color=alt.Color("line:N", title=None, sort=lines, scale=alt.Scale(domain=lines, range=[PALETTE[1], PALETTE[3], PALETTE[2]]),
                                  legend=alt.Legend(orient="bottom", direction="vertical", columns=1, labelLimit=420)),
        tooltip=[alt.Tooltip("line:N", title="Path"), alt.Tooltip("date:T", title="Date", format="%b %Y"),
                 alt.Tooltip("users:Q", title="Weekly users, millions", format=",.0f")])
    return alt.layer(proj, dots).properties(height=340)


def gears_chart(gears: pd.DataFrame, lines: pd.DataFrame, rate: float, company: str,
                companies: Sequence[str]) -> alt.LayerChart:
    """Capex / revenue by period for one company (picked in the page), with its warn and alarm lines.

    Parameters
    ----------
    gears : pandas.DataFrame
        :func:`helpers.models.gauges_gears.gears_table` output.
    lines : pandas.DataFrame
        One row per company: ``company``, ``m`` (operating cash margin) and ``L`` (life, years).
    rate : float
        Initial required return of the slider (0-0.2).
    company : str
        Company shown first; ``companies`` are the choices.
    """
    frame("gears", gears, ["company", "period", "period_end", "span", "basis", "capex", "revenue", "capex_to_revenue"])
    frame("lines", lines, ["company", "m", "L"])
    r0 = number("rate", rate, low=0.0, high=0.2)
    if company not in companies:
        raise ValueError(f"company must be one of {list(companies)}, got {company!r}")
    req = slider("req_return", r0, 0.0, 0.20, 0.01, "Required return per year (0.10 = 10%)")
    pick = alt.param(name="company_pick", value=company, bind=alt.binding_select(options=list(companies), name="Company "))
    pts = gears.assign(series=gears["basis"] + ", " + gears["span"].map({"year": "fiscal year", "half": "half-year", "quarter": "quarter"}))
    base = alt.Chart(pts).transform_filter("datum.company == company_pick")
    x = alt.X("period_end:T", title="End of fiscal period", scale=alt.Scale(padding=18),
              axis=alt.Axis(format="%b %Y", tickCount=6, labelOverlap=True))
    y = alt.Y("capex_to_revenue:Q", title="Capex / revenue", axis=alt.Axis(format="%"), scale=alt.Scale(nice=True, zero=True))
    order = ["cash capex, fiscal year", "cash capex, half-year", "cash capex, quarter",
             "incl. finance leases, quarter", "incl. finance leases, fiscal year"]
    tips = [alt.Tooltip("company:N", title="Company"), alt.Tooltip("period:N", title="Period"),
            alt.Tooltip("capex:Q", title="Capex, USD bn", format=",.1f"), alt.Tooltip("revenue:Q", title="Revenue, USD bn", format=",.1f"),
            alt.Tooltip("capex_to_revenue:Q", title="Capex / revenue", format=".1%"), alt.Tooltip("series:N", title="Definition")]
    line = base.transform_filter("datum.series == 'cash capex, fiscal year'").mark_line(color=PALETTE[0]).encode(x=x, y=y)
    dots = base.mark_point(size=90, filled=True).encode(
        x=x, y=y, tooltip=tips, shape=alt.Shape("series:N", title="Definition", sort=order, scale=alt.Scale(domain=order)),
        color=alt.Color("series:N", title="Definition", sort=order,
                        scale=alt.Scale(domain=order, range=[PALETTE[0], PALETTE[5], PALETTE[5], PALETTE[4], PALETTE[4]])))
    thr = alt.Chart(lines).transform_filter("datum.company == company_pick").transform_calculate(
        warn=warn_vega_expr("req_return", "datum.L", "datum.m"), alarm="datum.m")
    warn = thr.mark_rule(color=PALETTE[1], strokeDash=[6, 3], strokeWidth=2).encode(
        y="warn:Q", tooltip=[alt.Tooltip("warn:Q", title="Warn above", format=".1%"), alt.Tooltip("L:Q", title="Asset life, years"),
                             alt.Tooltip("m:Q", title="Operating cash margin", format=".1%")])
    alarm = thr.mark_rule(color=PALETTE[3], strokeWidth=2).encode(
        y="alarm:Q", tooltip=[alt.Tooltip("alarm:Q", title="Alarm above (capex = operating cash flow)", format=".1%")])
    labels = [thr.mark_text(align="left", dx=4, dy=-7, color=c).encode(x=alt.value(4), y=f"{f}:Q", text=alt.Text(f"{f}:Q", format=".1%"))
              for f, c in (("warn", PALETTE[1]), ("alarm", PALETTE[3]))]
    return alt.layer(line, dots, warn, alarm, *labels).add_params(req, pick).properties(height=340)


def fuel_chart(gpus: pd.DataFrame, ref: pd.DataFrame) -> alt.LayerChart:
    """FLOP/s per dollar of each GPU generation (points) against reference trend lines (log scale).

    ``gpus`` has ``hardware``, ``designer``, ``date``, ``gflops`` (GFLOP/s per USD),
    ``release_price_usd`` and ``tensor_fp16_tflops``; ``ref`` has ``date``, ``gflops`` and ``line``.
    """
    frame("gpus", gpus, ["hardware", "designer", "date", "gflops", "release_price_usd", "tensor_fp16_tflops"])
    frame("ref", ref, ["date", "gflops", "line"])
    lines = list(dict.fromkeys(ref["line"]))
    lo = min(gpus["gflops"].min(), ref["gflops"].min()) * 0.7
    hi = max(gpus["gflops"].max(), ref["gflops"].max()) * 1.4
    y = alt.Y("gflops:Q", title="FP16 GFLOP/s per US dollar (log scale)", scale=alt.Scale(type="log", domain=[lo, hi], nice=False))
    x = alt.X("date:T", title="Release date", scale=alt.Scale(padding=14), axis=alt.Axis(format="%Y", tickCount="year", labelOverlap=True))
    sel = alt.selection_point(fields=["designer"], bind="legend")
    designers = sorted(set(gpus["designer"]), key=lambda d: (d != "NVIDIA", d))
    pts = alt.Chart(gpus).mark_point(size=110, filled=True).encode(
        x=x, y=y, shape=alt.Shape("designer:N", title="Designer (click to filter)", scale=alt.Scale(domain=designers)),
        color=alt.Color("designer:N", title="Designer (click to filter)",
                        scale=alt.Scale(domain=designers, range=[PALETTE[0], PALETTE[4], PALETTE[5]][: len(designers)])),
        opacity=alt.condition(sel, alt.value(1), alt.value(0.15)),
        tooltip=[alt.Tooltip("hardware:N", title="Accelerator"), alt.Tooltip("date:T", title="Released", format="%b %Y"),
                 alt.Tooltip("release_price_usd:Q", title="Price, USD (estimate)", format=",.0f"),
                 alt.Tooltip("tensor_fp16_tflops:Q", title="FP16 TFLOP/s", format=",.0f"),
                 alt.Tooltip("gflops:Q", title="GFLOP/s per USD", format=".1f")]).add_params(sel)
    text = alt.Chart(gpus).mark_text(align="left", dx=8, dy=-9, fontSize=11).encode(x=x, y=y, text="short:N")
    refs = alt.Chart(ref).mark_line().encode(
        x=x, y=y, strokeDash=alt.StrokeDash("line:N", title=None, sort=lines, scale=alt.Scale(domain=lines, range=[[2, 2], [6, 3], [1, 0]])),
        color=alt.Color("line:N", title=None, sort=lines, scale=alt.Scale(domain=lines, range=[PALETTE[1], PALETTE[3], PALETTE[2]]),
                        legend=alt.Legend(orient="bottom", direction="vertical", columns=1, labelLimit=420)),
        tooltip=[alt.Tooltip("line:N", title="Line")])
    return alt.layer(refs, pts, text).resolve_scale(color="independent", shape="independent", strokeDash="independent").properties(height=340)


def rent_chart(rents: pd.DataFrame) -> alt.Chart:
    """H100 rental prices by month, one colour per price measure (plain-word labels).

    ``rents`` has ``date``, ``period``, ``measure`` (plain-word label), ``price`` (USD per GPU-hour)
    and ``bound`` (point, lower or upper: whether the figure is a value or a bound).
    """
    frame("rents", rents, ["date", "period", "measure", "price", "bound"])
    words = {"point": "a value", "lower": "a lower bound", "upper": "an upper bound"}
    rents = rents.assign(bound=rents["bound"].map(words))
    top = float(rents["price"].max()) * 1.15
    return alt.Chart(rents).mark_point(size=90, filled=True).encode(
        x=alt.X("date:T", title="Month the price refers to", scale=alt.Scale(padding=14),
                axis=alt.Axis(format="%Y", tickCount="year", labelOverlap=True)),
        y=alt.Y("price:Q", title="Rent, USD per GPU-hour", scale=alt.Scale(domain=[0, top], nice=False)),
        color=alt.Color("measure:N", title="Price measure", legend=alt.Legend(columns=2)),
        shape=alt.Shape("bound:N", title="The figure is", scale=alt.Scale(domain=list(words.values()),
                                                                          range=["circle", "triangle-up", "triangle-down"])),
        tooltip=[alt.Tooltip("period:N", title="Period"), alt.Tooltip("measure:N", title="Measure"),
                 alt.Tooltip("price:Q", title="USD per GPU-hour", format=".2f"), alt.Tooltip("bound:N", title="The figure is")],
    ).properties(height=280)
