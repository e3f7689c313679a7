"""Charts of who holds AI debt and what a default wave would cost them (chapter 8).

The slider chart recomputes :func:`helpers.models.exposure.holder_stress` in the browser; its Vega
expressions come from :func:`holder_stress_exprs`, which the tests evaluate against the model.
"""
from __future__ import annotations

import re

import altair as alt
import pandas as pd

from .._validate import frame, number, probability, series
from .render import slider
from .theme import PALETTE

__all__ = ["holder_stress_exprs", "holders_chart", "stress_slider_chart", "threshold_chart", "ai_debt_chart"]


def _param(name: str) -> str:
    """A Vega parameter name for a sector (letters, digits and underscores only)."""
    return "s_" + re.sub(r"[^0-9a-zA-Z]+", "_", name).strip("_").lower()


def holder_stress_exprs(sectors, debt: str = "debt", default_rate: str = "pdef", recovery: str = "rec") -> dict[str, str]:
    r"""Vega expressions of :func:`~helpers.models.exposure.holder_stress` for one sector (``datum``).

    Parameters
    ----------
    sectors : sequence of str
        The sectors, each with a share parameter named ``s_<sector>`` (see :func:`stress_slider_chart`).
    debt, default_rate, recovery : str
        Names of the parameters (sliders) for :math:`D`, :math:`p` and :math:`\rho`, or number literals.

    Returns
    -------
    dict of str
        ``share`` (picks the sector's share parameter by ``datum.sector``), ``holding``
        (:math:`D w_s`), ``loss`` (:math:`H_s p (1-\rho)`) and ``pct`` (:math:`100 L_s / A_s`, reading
        ``datum.assets``). Use them in order in ``transform_calculate``.

    Examples
    --------
    >>> holder_stress_exprs(["Insurers"])["share"]
    "datum.sector == 'Insurers' ? s_insurers : 0"
    """
    names = [str(s) for s in sectors]
    if not names or len(set(names)) != len(names) or any("'" in s for s in names):
        raise ValueError(f"sectors must be unique names without quotes, got {names!r}")
    for pname, v in (("debt", debt), ("default_rate", default_rate), ("recovery", recovery)):
        if not isinstance(v, str) or not v.strip():
            raise ValueError(f"{pname} must be a non-empty expression string, got {v!r}")
    share = "0"
    for s in reversed(names):
        share = f"datum.sector == '{s}' ? {_param(s)} : {share}"
    return {"share": share, "holding": f"({debt}) * datum.share",
            "loss": f"datum.holding * ({default_rate}) * (1 - ({recovery}))", "pct": "100 * datum.loss / datum.assets"}


def holders_chart(points: pd.DataFrame) -> alt.Chart:
    """Who holds US corporate bonds: one dot per holder and published breakdown.

    Parameters
    ----------
    points : pandas.DataFrame
        ``holder``, ``share`` (percent of the market), ``vintage`` (text: which breakdown) and ``as_of``.
    """
    frame("points", points, ["holder", "share", "vintage", "as_of"], min_rows=1)
    order = points.groupby("holder")["share"].max().sort_values(ascending=False).index.tolist()
    return alt.Chart(points).mark_point(filled=True, size=120, opacity=0.9).encode(
        y=alt.Y("holder:N", title=None, sort=order, axis=alt.Axis(labelLimit=260)),
        x=alt.X("share:Q", title="Share of US corporate and foreign bonds held, percent", scale=alt.Scale(domain=[0, 35]), axis=alt.Axis(tickCount=7)),
        color=alt.Color("vintage:N", title=None, scale=alt.Scale(range=[PALETTE[0], PALETTE[1], PALETTE[2]])),
        shape=alt.Shape("vintage:N", title=None),
        tooltip=[alt.Tooltip("holder:N", title="Holder"), alt.Tooltip("share:Q", title="Share, %", format=".1f"),
                 alt.Tooltip("as_of:N", title="As of"), alt.Tooltip("vintage:N", title="Breakdown")],
    ).properties(height=36 * len(order) + 40)


def stress_slider_chart(assets: pd.Series, shares: pd.Series, debt: float, default_rate: float, recovery: float,
                        debt_max: float, x_max: float = 3.0) -> alt.LayerChart:
    """Each sector's loss in percent of its assets, with sliders for every input of the model.

    Parameters
    ----------
    assets : pandas.Series
        Total assets by sector, USD billions (> 0).
    shares : pandas.Series
        Starting share of the AI debt held by each sector (same index), fractions.
    debt, default_rate, recovery : float
        Starting debt (USD billions), default share and recovery rate.
    debt_max : float
        Upper end of the debt slider, USD billions.
    x_max : float
        Upper end of the x axis, percent of assets (bars beyond it are clipped).
    """
    a = series("assets", assets, low=0.0, low_open=True)
    w = series("shares", shares, low=0.0, high=1.0)
    if list(a.index) != list(w.index):
        raise ValueError("assets and shares must have the same sectors in the same order")
    dmax = number("debt_max", debt_max, low=0.0, low_open=True)
    d0 = number("debt", debt, low=0.0, high=dmax)
    p0, r0 = probability("default_rate", default_rate), probability("recovery", recovery)
    top = number("x_max", x_max, low=0.0, low_open=True)
    step = 10 ** max(0, len(str(int(dmax))) - 3)
    params = [slider("debt", d0, 0.0, dmax, step, "AI debt outstanding, USD billions"),
              slider("pdef", p0, 0.0, 0.5, 0.01, "Share of the debt that defaults"),
              slider("rec", r0, 0.0, 0.9, 0.05, "Share recovered after a default")]
    params += [slider(_param(s), round(float(w[s]), 4), 0.0, 0.6, 0.01, f"{s}: share of the debt held") for s in w.index]
    e = holder_stress_exprs(list(w.index))
    base = (alt.Chart(pd.DataFrame({"sector": list(a.index), "assets": a.to_numpy(float)}))
            .transform_calculate(share=e["share"]).transform_calculate(holding=e["holding"])
            .transform_calculate(loss=e["loss"]).transform_calculate(pct=e["pct"]))
    x = alt.X("pct:Q", title="Loss, percent of the sector's total assets", scale=alt.Scale(domain=[0, top], clamp=True),
              axis=alt.Axis(tickCount=6))
    bars = base.mark_bar(color=PALETTE[3]).encode(
        y=alt.Y("sector:N", title=None, sort=list(a.index)), x=x,
        tooltip=[alt.Tooltip("sector:N", title="Sector"), alt.Tooltip("holding:Q", title="AI debt held, USD bn", format=",.0f"),
                 alt.Tooltip("loss:Q", title="Loss, USD bn", format=",.1f"),
                 alt.Tooltip("assets:Q", title="Sector assets, USD bn", format=",.0f"),
                 alt.Tooltip("pct:Q", title="Loss, % of assets", format=".2f")])
    text = base.mark_text(align="left", dx=4).encode(y=alt.Y("sector:N", sort=list(a.index)), x=x, text=alt.Text("pct:Q", format=".2f"))
    return alt.layer(bars, text).add_params(*params).properties(height=50 * len(a) + 40)


def threshold_chart(table: pd.DataFrame) -> alt.Chart:
    """The share of AI debt that must default before each sector loses a given share of its assets.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`helpers.models.exposure.default_rate_for_loss` (``sector``, ``recovery_rate``,
        ``default_rate``; NaN where out of reach).
    """
    frame("table", table, ["sector", "recovery_rate", "default_rate"], min_rows=1)
    d = table.assign(rec_pct=100 * table["recovery_rate"], def_pct=100 * table["default_rate"]).dropna(subset=["def_pct"])
    return alt.Chart(d).mark_line(point=True).encode(
        x=alt.X("rec_pct:Q", title="Share recovered after a default, percent", scale=alt.Scale(domain=[0, 90])),
        y=alt.Y("def_pct:Q", title="Share of the debt that must default, percent", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("sector:N", title=None),
        tooltip=[alt.Tooltip("sector:N", title="Sector"), alt.Tooltip("rec_pct:Q", title="Recovered, %", format=".0f"),
                 alt.Tooltip("def_pct:Q", title="Must default, %", format=".0f")],
    ).properties(height=280)


def ai_debt_chart(debt: pd.DataFrame) -> alt.LayerChart:
    """AI-related debt outstanding by instrument, with who typically holds each in the tooltip.

    Parameters
    ----------
    debt : pandas.DataFrame
        Rows of ``data/bond_holders_ai_debt.csv`` with ``measure == "outstanding"``: ``instrument``,
        ``value`` (USD billions) and ``likely_holders``.
    """
    frame("debt", debt, ["instrument", "value", "likely_holders"], min_rows=1)
    d = debt.assign(label=debt["instrument"].map(lambda s: s[:1].upper() + s[1:]))
    base = alt.Chart(d).encode(
        y=alt.Y("label:N", title=None, sort="-x", axis=alt.Axis(labelLimit=260)),
        x=alt.X("value:Q", title="Outstanding, USD billions (estimate)", scale=alt.Scale(nice=True), axis=alt.Axis(tickCount=6)),
        tooltip=[alt.Tooltip("label:N", title="Instrument"), alt.Tooltip("value:Q", title="USD billions", format=",.0f"),
                 alt.Tooltip("likely_holders:N", title="Usually held by")])
    return alt.layer(base.mark_bar(color=PALETTE[0]), base.mark_text(align="left", dx=4).encode(text=alt.Text("value:Q", format=",.0f"))
                     ).properties(height=40 * len(d) + 30)
