"""Charts for chapter 6 (capex): history and guidance, guidance by vintage, cash cover, revenue needed.

The revenue-needed explorer recomputes :func:`helpers.models.capex.required_revenue` in the
reader's browser; its Vega expression comes from :func:`crf_vega_expr`, which the tests evaluate
against :func:`helpers.models.capex.capital_recovery_factor` (change a constant in one and a test fails).
"""
from __future__ import annotations

import re

import altair as alt
import pandas as pd

from .render import slider
from .theme import PALETTE

__all__ = ["crf_vega_expr", "required_revenue_vega_expr", "capex_history_chart", "guidance_vintage_chart",
           "cash_cover_chart", "revenue_needed_chart", "spending_forecast_chart"]

_NAME = re.compile(r"^(datum\.)?[A-Za-z_][A-Za-z0-9_]*$|^[0-9.]+$")


#: Below this rate the slider formulas use the capital-recovery factor's first-order series.
_SMALL_RATE = 1e-6


def _operand(name: str, value: str) -> str:
    if not isinstance(value, str) or not _NAME.match(value):
        raise ValueError(f"{name} must be a Vega parameter, a datum field or a number, got {value!r}")
    return value


def crf_vega_expr(rate: str, life: str) -> str:
    r"""Vega expression of the capital-recovery factor :math:`r / (1 - (1 + r)^{-L})`.

    The one generator of this formula for the pages' sliders (chapters 6, 14 and 17); the tests
    evaluate it against :func:`helpers.models.capex.capital_recovery_factor`.

    Parameters
    ----------
    rate, life : str
        Names of the Vega parameters or ``datum`` fields (or numbers) that hold the rate (fraction a
        year) and the life (years).

    Returns
    -------
    str
        The closed form, and below a rate of 1e-6 its first-order series
        :math:`1/L + r (L+1)/(2L)`, where the closed form loses its digits to cancellation (the model
        uses ``expm1``/``log1p``, which Vega lacks); the series' error is below :math:`r^2 L`, under
        1e-10 for lives up to 100 years.

    Examples
    --------
    >>> crf_vega_expr("rate", "life")
    'if(rate < 1e-06, 1 / life + rate * (life + 1) / (2 * life), rate / (1 - pow(1 + rate, -life)))'
    """
    r, n = _operand("rate", rate), _operand("life", life)
    return f"if({r} < {_SMALL_RATE!r}, 1 / {n} + {r} * ({n} + 1) / (2 * {n}), {r} / (1 - pow(1 + {r}, -{n})))"


def required_revenue_vega_expr(capex: str, life: str, margin: str, rate: str) -> str:
    """Vega expression of :func:`helpers.models.capex.required_revenue`'s ``revenue``: ``C * CRF(r, L) / m``.

    Examples
    --------
    >>> required_revenue_vega_expr("datum.capex", "life", "margin", "rate")
    'datum.capex * if(rate < 1e-06, 1 / life + rate * (life + 1) / (2 * life), rate / (1 - pow(1 + rate, -life))) / margin'
    """
    return f"{_operand('capex', capex)} * {crf_vega_expr(rate, life)} / {_operand('margin', margin)}"


def capex_history_chart(history: pd.DataFrame, guidance: pd.DataFrame) -> alt.LayerChart:
    """Yearly capex by company (``company``, ``fiscal_year``, ``value``) and the latest guidance range
    (``company``, ``fiscal_year``, ``low``, ``high``, ``mid``, ``as_of``)."""
    sel = alt.selection_point(fields=["company"], bind="legend")
    color = alt.Color("company:N", title="Company", legend=alt.Legend(columns=5))
    fade = alt.condition(sel, alt.value(1), alt.value(0.15))
    x = alt.X("fiscal_year:O", title="Fiscal year (each company's own)", axis=alt.Axis(labelAngle=0, labelOverlap=True))
    lines = alt.Chart(history).mark_line(point=True).encode(
        x=x, y=alt.Y("value:Q", title="Capital expenditure, USD billions"), color=color, opacity=fade,
        tooltip=[alt.Tooltip("company:N", title="Company"), alt.Tooltip("fiscal_year:O", title="Fiscal year"),
                 alt.Tooltip("value:Q", title="Capex, USD bn", format=".1f")]).add_params(sel)
    tip = [alt.Tooltip("company:N", title="Company"), alt.Tooltip("low:Q", title="Guidance low, USD bn"),
           alt.Tooltip("high:Q", title="Guidance high, USD bn"), alt.Tooltip("as_of:N", title="Given on")]
    ranges = alt.Chart(guidance).mark_rule(strokeWidth=4).encode(x=x, y="low:Q", y2="high:Q", color=color, opacity=fade, tooltip=tip)
    mids = alt.Chart(guidance).mark_point(shape="diamond", size=130, filled=True).encode(x=x, y="mid:Q", color=color, opacity=fade, tooltip=tip)
    return alt.layer(lines, ranges, mids).properties(height=340)


def guidance_vintage_chart(items: pd.DataFrame) -> alt.LayerChart:
    """2026 guidance by the date it was given, beside the first-half actual.

    ``items`` has ``company``, ``series`` (e.g. "Guidance, February"), ``low``, ``high`` (USD bn;
    equal for a point guidance; ``low`` = 0 for an actual), ``kind`` ("guidance" or "actual") and ``order``.
    """
    order = list(items.sort_values("order")["series"].drop_duplicates())
    x = alt.X("company:N", title=None, axis=alt.Axis(labelAngle=0))
    off = alt.XOffset("series:N", sort=order, scale=alt.Scale(domain=order))
    color = alt.Color("series:N", title=None, sort=order,
                      scale=alt.Scale(domain=order, range=[PALETTE[5], PALETTE[0], PALETTE[3], PALETTE[7]][: len(order)]),
                      legend=alt.Legend(columns=4, labelLimit=300))
    tip = [alt.Tooltip("company:N", title="Company"), alt.Tooltip("series:N", title="Figure"),
           alt.Tooltip("low:Q", title="Low, USD bn", format=".1f"), alt.Tooltip("high:Q", title="High, USD bn", format=".1f")]
    actual = alt.Chart(items[items["kind"] == "actual"]).mark_bar(opacity=0.55).encode(
        x=x, xOffset=off, y=alt.Y("high:Q", title="Capex for 2026, USD billions", scale=alt.Scale(domain=[0, 250])), color=color, tooltip=tip)
    g = items[items["kind"] == "guidance"]
    rng = alt.Chart(g).mark_bar(size=9).encode(x=x, xOffset=off, y="low:Q", y2="high:Q", color=color, tooltip=tip)
    tick = alt.Chart(g).mark_tick(thickness=3, size=14).encode(x=x, xOffset=off, y="high:Q", color=color, tooltip=tip)
    return alt.layer(actual, rng, tick).properties(height=320)


def cash_cover_chart(ratios: pd.DataFrame) -> alt.LayerChart:
    """Capex / operating cash flow (``pct``) by ``company`` and ``label`` (the period), with a 100% line."""
    order = list(ratios.sort_values("order")["label"].drop_duplicates())
    sel = alt.selection_point(fields=["company"], bind="legend")
    bars = alt.Chart(ratios).mark_bar().encode(
        x=alt.X("label:N", title=None, sort=order, axis=alt.Axis(labelAngle=0, labelLimit=200)),
        xOffset="company:N",
        y=alt.Y("pct:Q", title="Capex as % of operating cash flow", scale=alt.Scale(nice=True)),
        color=alt.Color("company:N", title="Company", legend=alt.Legend(columns=5)),
        opacity=alt.condition(sel, alt.value(1), alt.value(0.15)),
        tooltip=[alt.Tooltip("company:N", title="Company"), alt.Tooltip("period:N", title="Period"),
                 alt.Tooltip("capex:Q", title="Capex, USD bn", format=".1f"),
                 alt.Tooltip("operating_cash_flow:Q", title="Operating cash flow, USD bn", format=".1f"),
                 alt.Tooltip("pct:Q", title="Capex / operating cash flow, %", format=".0f")]).add_params(sel)
    rule = alt.Chart(pd.DataFrame({"y": [100]})).mark_rule(strokeDash=[4, 4], color=PALETTE[7]).encode(y="y:Q")
    return alt.layer(bars, rule).properties(height=320)


def revenue_needed_chart(bars: pd.DataFrame, refs: pd.DataFrame, life=(6, 3, 15, 1), margin=(0.5, 0.2, 0.9, 0.05),
                         rate=(0.10, 0.0, 0.20, 0.01)) -> alt.LayerChart:
    """Revenue needed per year for each capex vintage (``vintage``, ``capex``), recomputed in the page.

    Slider tuples are (start, min, max, step); ``refs`` has ``label`` and ``value`` (reference revenues, USD bn).
    """
    s_life = slider("life", *life[:1], *life[1:3], life[3], "Asset life, years")
    s_margin = slider("margin", *margin[:1], *margin[1:3], margin[3], "Margin before depreciation (fraction)")
    s_rate = slider("rate", *rate[:1], *rate[1:3], rate[3], "Required return per year (fraction)")
    need = required_revenue_vega_expr("datum.capex", "life", "margin", "rate")
    base = alt.Chart(bars).transform_calculate(needed=need)
    y = alt.Y("vintage:N", title=None, sort=None, axis=alt.Axis(labelLimit=240))
    b = base.mark_bar(color=PALETTE[0]).encode(
        y=y, x=alt.X("needed:Q", title="Revenue needed per year, USD billions", scale=alt.Scale(domain=[0, 1200], clamp=True),
                    axis=alt.Axis(tickCount=6, labelOverlap=True)),
        tooltip=[alt.Tooltip("vintage:N", title="Capex"), alt.Tooltip("capex:Q", title="Capex, USD bn", format=".0f"),
                 alt.Tooltip("needed:Q", title="Revenue needed per year, USD bn", format=".0f")]).add_params(s_life, s_margin, s_rate)
    text = base.mark_text(align="left", dx=4, color=PALETTE[7]).encode(y=y, x="needed:Q", text=alt.Text("needed:Q", format=".0f"))
    rules = alt.Chart(refs).mark_rule(strokeDash=[5, 3], strokeWidth=2).encode(
        x="value:Q",
        color=alt.Color("label:N", title="For comparison (whole firms, not AI alone)",
                        scale=alt.Scale(range=[PALETTE[3], PALETTE[1], PALETTE[4]]), legend=alt.Legend(columns=1, labelLimit=420)),
        tooltip=[alt.Tooltip("label:N", title="Reference"), alt.Tooltip("value:Q", title="USD bn a year", format=".1f")])
    return alt.layer(b, text, rules).properties(height=200)


def spending_forecast_chart(totals: pd.DataFrame, ranges: pd.DataFrame, claims: pd.DataFrame) -> alt.LayerChart:
    """Published forecasts of worldwide AI spending (``series``, ``year``, ``value``), ranges (``year``,
    ``low``, ``high``, ``label``) and the article's figures (``year``, ``value``, ``label``), USD bn."""
    x = alt.X("year:O", title="Year", scale=alt.Scale(domain=list(range(2024, 2031))), axis=alt.Axis(labelAngle=0))
    lines = alt.Chart(totals).mark_line(point=True).encode(
        x=x, y=alt.Y("value:Q", title="Worldwide AI spending, USD billions", scale=alt.Scale(domain=[0, 4500])),
        color=alt.Color("series:N", title="Forecast", legend=alt.Legend(columns=1)),
        tooltip=[alt.Tooltip("series:N", title="Forecast"), alt.Tooltip("year:O", title="Year"), alt.Tooltip("value:Q", title="USD bn", format=",.0f")])
    rng = alt.Chart(ranges).mark_rule(strokeWidth=10, opacity=0.5, color=PALETTE[2]).encode(
        x=x, y="low:Q", y2="high:Q", tooltip=[alt.Tooltip("label:N", title="Forecast")])
    pts = alt.Chart(claims).mark_point(shape="cross", size=220, filled=True, color=PALETTE[3]).encode(
        x=x, y="value:Q", tooltip=[alt.Tooltip("label:N", title="Article's figure"), alt.Tooltip("value:Q", title="USD bn", format=",.0f")])
    return alt.layer(lines, rng, pts).properties(height=320)
