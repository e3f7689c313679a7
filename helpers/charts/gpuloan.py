"""Charts for chapter 4 (GPU-backed lending): rents, the loan explorer, break maps, archetypes, size.

Each function takes model output or a dataset frame and returns an Altair chart without title or
sources; the notebook passes it to :func:`helpers.charts.finish`. Machine labels never reach the
reader: every field shown in an axis, legend or tooltip has a plain-words title.
"""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ..models.gpuloan_cases import yearly_paths
from .render import slider
from .theme import PALETTE

__all__ = ["decimal_year", "rent_chart", "loan_explorer", "break_heatmap", "archetype_bars", "size_bars", "rent_paths_chart"]

_BOUND = {"point": "a price", "lower": "a floor (at least)", "upper": "a ceiling (at most)"}
_GRID = PALETTE[7]


def decimal_year(period: pd.Series) -> pd.Series:
    """``"2024"`` -> 2024.5 (mid-year), ``"2024-10"`` -> the middle of October as a decimal year.

    Examples
    --------
    >>> decimal_year(pd.Series(["2023", "2024-07"])).round(3).tolist()
    [2023.5, 2024.542]
    """
    p = period.astype(str)
    year = p.str[:4].astype(float)
    month = pd.to_numeric(p.str[5:7], errors="coerce")
    return (year + np.where(month.isna(), 0.5, (month - 0.5) / 12)).rename("t")


def rent_chart(rents: pd.DataFrame, gpu: str = "H100") -> alt.LayerChart:
    """Rental prices of one GPU model by measure (dataset ``gpu_rental_prices`` plus a ``publisher`` column)."""
    r = rents[rents["gpu"] == gpu].assign(t=lambda d: decimal_year(d["period"]), bound_label=lambda d: d["bound"].map(_BOUND))
    sel = alt.selection_point(fields=["label"], bind="legend")
    return alt.Chart(r).mark_point(size=110, filled=True).encode(
        x=alt.X("t:Q", title="Year", scale=alt.Scale(domain=[2022.8, 2027.0]), axis=alt.Axis(format="d", tickCount=5, labelOverlap=True)),
        y=alt.Y("price_usd_per_hour:Q", title="USD per GPU-hour", scale=alt.Scale(domain=[0, 9], nice=True)),
        color=alt.Color("label:N", title="Measure", legend=alt.Legend(columns=1, labelLimit=320)),
        shape=alt.Shape("bound_label:N", title="The figure is", scale=alt.Scale(domain=list(_BOUND.values()), range=["circle", "triangle-up", "triangle-down"])),
        opacity=alt.condition(sel, alt.value(1), alt.value(0.15)),
        tooltip=[alt.Tooltip("period:N", title="Period"), alt.Tooltip("label:N", title="Measure"), alt.Tooltip("provider:N", title="Provider"),
                 alt.Tooltip("price_usd_per_hour:Q", title="USD per hour", format=".2f"), alt.Tooltip("bound_label:N", title="The figure is"),
                 alt.Tooltip("publisher:N", title="Source")],
    ).add_params(sel).properties(height=320)


def loan_explorer(result, decline=(0.0, 0.6, 0.1, 0.3), utilisation=(0.5, 1.0, 0.1, 0.8), life=(3.0, 6.0, 1.0, 5.0),
                  accounting_life: float = 6.0) -> alt.VConcatChart:
    """Two stacked panels driven by three sliders: yearly debt cover, and loan balance against book and income value.

    ``result`` is the :class:`~helpers.models.gpuloan.StressResult` of a scenario grid over
    ``rent_decline``, ``utilisation`` and ``economic_life``; each slider tuple is (min, max, step, start).
    """
    y = yearly_paths(result, keep=["rent_decline", "utilisation", "economic_life"])
    y = y.assign(dscr=y["dscr"].round(2), **{c: y[c].round(-1) for c in ("balance", "collateral_value", "book_value")})
    y = y.rename(columns={"rent_decline": "d", "utilisation": "u", "economic_life": "L", "loan_year": "yr",
                          "balance": "bal", "collateral_value": "val", "book_value": "book"})
    d_s = slider("decline", decline[3], decline[0], decline[1], decline[2], "Rent decline per year (fraction)")
    u_s = slider("util", utilisation[3], utilisation[0], utilisation[1], utilisation[2], "Share of hours rented (fraction)")
    l_s = slider("elife", life[3], life[0], life[1], life[2], "Years the GPU earns rent")
    base = alt.Chart(y).transform_filter("abs(datum.d - decline) < 1e-9 && abs(datum.u - util) < 1e-9 && abs(datum.L - elife) < 1e-9")
    x = alt.X("yr:O", title="Loan year", axis=alt.Axis(labelAngle=0))
    bars = base.mark_bar().encode(
        x=x, y=alt.Y("dscr:Q", title="Cash cover of the payment (times)", scale=alt.Scale(domain=[-1, 4], clamp=True)),
        color=alt.condition("datum.dscr < 1", alt.value(PALETTE[3]), alt.value(PALETTE[0])),
        tooltip=[alt.Tooltip("yr:O", title="Loan year"), alt.Tooltip("dscr:Q", title="Cash cover (times)", format=".2f")])
    one = alt.Chart(pd.DataFrame({"y": [1.0]})).mark_rule(strokeDash=[4, 3], color=_GRID).encode(y="y:Q")
    names = {"bal": "Loan balance", "book": f"Book value ({accounting_life:g}-year life)", "val": "What the rent makes it worth"}
    lines = base.transform_fold(list(names), as_=["series", "usd"]).transform_calculate(
        label=" : ".join(f"datum.series == '{k}' ? '{v}'" for k, v in list(names.items())[:-1]) + f" : '{list(names.values())[-1]}'"
    ).mark_line(point=True).encode(
        x=x, y=alt.Y("usd:Q", title="USD per GPU, end of year"),
        color=alt.Color("label:N", title=None, scale=alt.Scale(domain=list(names.values()), range=[PALETTE[7], PALETTE[5], PALETTE[2]]),
                        legend=alt.Legend(columns=1, labelLimit=300)),
        tooltip=[alt.Tooltip("yr:O", title="Loan year"), alt.Tooltip("label:N", title="Series"), alt.Tooltip("usd:Q", title="USD", format=",.0f")])
    left = (bars + one).properties(width=340, height=220, title="Does the rent cover the payment?")
    right = lines.properties(width=340, height=220, title="Loan, book value and rent value")
    # a concatenation cannot 'fit' the column: pad it (the page scales it down to fit)
    return alt.vconcat(left, right).add_params(d_s, u_s, l_s).properties(autosize=alt.AutoSizeParams(type="pad"))


def break_heatmap(summary: pd.DataFrame, underwater: pd.Series, life=(3.0, 6.0, 1.0, 5.0)) -> alt.LayerChart:
    """Years until cash cover first fails, for each rent decline and utilisation (slider: economic life).

    ``summary`` is a cash-test stress summary with ``rent_decline``, ``utilisation``,
    ``economic_life`` and ``break_year``; ``underwater`` flags scenarios whose loan exceeds the
    GPU's income value at the start (same index).
    """
    h = summary[["rent_decline", "utilisation", "economic_life"]].copy()
    b = summary["break_year"].astype("float64")
    h["years"] = b
    h["repaid"] = b.isna()
    h["cell"] = [("repaid" if np.isnan(v) else f"{v:.2f}") + (" *" if u else "") for v, u in zip(b, underwater.loc[summary.index])]
    h["decline_label"] = (100 * h["rent_decline"]).round().astype(int).astype(str) + "%"
    h["util_label"] = (100 * h["utilisation"]).round().astype(int).astype(str) + "%"
    h["start"] = np.where(underwater.loc[summary.index], "loan above the GPU's rent value", "loan covered by rent value")
    order_d = [f"{v}%" for v in sorted((100 * h["rent_decline"]).round().astype(int).unique())]
    order_u = [f"{v}%" for v in sorted((100 * h["utilisation"]).round().astype(int).unique())]
    s = slider("elife2", life[3], life[0], life[1], life[2], "Years the GPU earns rent")
    base = alt.Chart(h).transform_filter("abs(datum.economic_life - elife2) < 1e-9").encode(
        x=alt.X("util_label:O", title="Share of hours rented", sort=order_u, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("decline_label:O", title="Rent decline per year", sort=order_d))
    tip = [alt.Tooltip("decline_label:N", title="Rent decline per year"), alt.Tooltip("util_label:N", title="Share of hours rented"),
           alt.Tooltip("cell:N", title="Years until cash runs short"), alt.Tooltip("start:N", title="At the start")]
    broke = base.transform_filter("!datum.repaid").mark_rect().encode(
        color=alt.Color("years:Q", title="Years until the rent no longer covers the payment",
                        scale=alt.Scale(scheme="orangered", reverse=True, domain=[0, 5]), legend=alt.Legend(titleLimit=400, gradientLength=220)),
        tooltip=tip)
    repaid = base.transform_filter("datum.repaid").mark_rect(color=PALETTE[2]).encode(tooltip=tip)
    text = base.mark_text(fontSize=11).encode(
        text="cell:N", color=alt.condition("datum.repaid || datum.years < 1.5", alt.value("white"), alt.value("#1a1a1a")))
    return (broke + repaid + text).add_params(s).properties(height=300)


def archetype_bars(breaks: pd.DataFrame, order: list[str], repaid_at: float) -> alt.Chart:
    """Years until each archetype's cash test fails, one bar per shock (``archetype_breaks`` output)."""
    r = breaks.copy()
    y = r["break_year"].astype("float64")
    r["years"] = y.fillna(repaid_at)
    r["outcome"] = [f"repaid ({repaid_at - 0.25:g} years)" if np.isnan(v) else f"breaks after {v:.2f} years" for v in y]
    return alt.Chart(r).mark_bar().encode(
        y=alt.Y("archetype:N", sort=order, title=None, axis=alt.Axis(labelLimit=220)),
        x=alt.X("years:Q", title="Years until the rent no longer covers the payment", scale=alt.Scale(domain=[0, repaid_at], nice=False),
                axis=alt.Axis(values=list(range(0, int(repaid_at) + 1)), format="d")),
        color=alt.Color("shock:N", title="Rent shock", legend=alt.Legend(columns=1, labelLimit=400)),
        yOffset="shock:N",
        tooltip=[alt.Tooltip("archetype:N", title="Borrower"), alt.Tooltip("shock:N", title="Rent shock"), alt.Tooltip("outcome:N", title="Outcome"),
                 alt.Tooltip("min_dscr:Q", title="Lowest cash cover (times)", format=".2f"),
                 alt.Tooltip("origination_ltv:Q", title="Loan / rent value at the start", format=".2f")],
    ).properties(height=300)


def size_bars(items: pd.DataFrame) -> alt.LayerChart:
    """Horizontal bars on a log scale: ``label``, ``usd_bn`` and ``group`` (colour) per item."""
    y = alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=260))
    bars = alt.Chart(items).mark_bar().encode(
        y=y,
        x=alt.X("usd_bn:Q", title="USD billions (log scale)", scale=alt.Scale(type="log", domain=[1, 60000], nice=False),
                axis=alt.Axis(values=[1, 10, 100, 1000, 10000], format=",d")),
        x2=alt.datum(1),
        color=alt.Color("group:N", title=None, scale=alt.Scale(range=[PALETTE[3], PALETTE[0]])),
        tooltip=[alt.Tooltip("label:N", title="Item"), alt.Tooltip("usd_bn:Q", title="USD bn", format=",.1f")])
    text = alt.Chart(items).mark_text(align="left", dx=4, color=PALETTE[7]).encode(
        y=y, x=alt.X("usd_bn:Q", scale=alt.Scale(type="log", domain=[1, 60000], nice=False)), text=alt.Text("usd_bn:Q", format=",.0f"))
    return (bars + text).properties(height=260)


def rent_paths_chart(paths: pd.DataFrame, observed: pd.DataFrame) -> alt.LayerChart:
    """Model rent paths (``t``, ``rent``, ``path``) against observed prices (``t``, ``price_usd_per_hour``, ``label``)."""
    lines = alt.Chart(paths).mark_line(strokeDash=[6, 3]).encode(
        x=alt.X("t:Q", title="Year", scale=alt.Scale(domain=[2025.5, 2027.5]), axis=alt.Axis(format="d", tickCount=3)),
        y=alt.Y("rent:Q", title="USD per H100-hour", scale=alt.Scale(domain=[0, 4.5])),
        color=alt.Color("path:N", title="Stress path (from March 2026)", scale=alt.Scale(range=[PALETTE[3], PALETTE[1]]), legend=alt.Legend(columns=1)),
        tooltip=[alt.Tooltip("path:N", title="Path"), alt.Tooltip("rent:Q", title="USD per hour", format=".2f")])
    pts = alt.Chart(observed).mark_point(size=110, filled=True, color=PALETTE[0]).encode(
        x="t:Q", y="price_usd_per_hour:Q", shape=alt.Shape("label:N", title="Observed", legend=alt.Legend(columns=1, labelLimit=320)),
        tooltip=[alt.Tooltip("period:N", title="Period"), alt.Tooltip("label:N", title="Measure"), alt.Tooltip("provider:N", title="Provider"),
                 alt.Tooltip("price_usd_per_hour:Q", title="USD per hour", format=".2f")])
    return (lines + pts).resolve_scale(color="independent").properties(height=300)
