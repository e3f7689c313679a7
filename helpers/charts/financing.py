"""Charts for chapter 7 (the debt cycle): the financing gap, the deals, cash cover and the price of credit.

The financing-gap explorer recomputes :func:`helpers.models.financing.financing_gap` in the reader's
browser; its Vega expressions come from :func:`gap_vega_exprs`, which the tests evaluate against the
Python model.
"""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from .render import slider
from .theme import PALETTE

__all__ = ["gap_vega_exprs", "gap_chart", "deal_label", "borrowing_chart", "coupon_chart", "spread_chart", "cash_and_cds_chart"]

_TYPE_ORDER = ["Hyperscaler, unsecured", "Data-centre project company, secured", "GPU or chip loan, secured", "Neocloud or AI lab, corporate"]
_TYPE_SCALE = alt.Scale(domain=_TYPE_ORDER, range=[PALETTE[0], PALETTE[2], PALETTE[1], PALETTE[3]])


def gap_vega_exprs(capex: str = "capex", own: str = "own") -> dict[str, str]:
    """Vega expressions of :func:`~helpers.models.financing.financing_gap`: the part paid from own cash,
    the gap, and a row's amount (``datum.internal`` true for the own-cash row, else its channel weight share ``datum.w``).

    Examples
    --------
    >>> gap_vega_exprs()["gap"]
    'max(capex - own, 0)'
    """
    for name, v in (("capex", capex), ("own", own)):
        if not isinstance(v, str) or not v.isidentifier():
            raise ValueError(f"{name} must be a Vega parameter name, got {v!r}")
    inside, gap = f"min({own}, {capex})", f"max({capex} - {own}, 0)"
    return {"inside": inside, "gap": gap, "amount": f"if(datum.internal, {inside}, {gap} * datum.w)"}


def gap_chart(weights: pd.DataFrame, capex=(2.9, 2.0, 4.0, 0.1), own=(1.4, 0.6, 2.4, 0.1), own_label: str = "Own cash flow") -> alt.LayerChart:
    """Bars: own cash and the gap split by channel, for slider-chosen capex and own cash (USD trillions).

    ``weights`` has ``label`` (channel in plain words) and ``w`` (share of the gap, summing to 1).
    Slider tuples are (start, min, max, step).
    """
    w = pd.concat([pd.DataFrame({"label": [own_label], "w": [0.0], "internal": [True]}), weights.assign(internal=False)], ignore_index=True)
    w["order"] = range(len(w))
    s_cap = slider("capex", *capex, "Capex 2025-28 (USD trillions)")
    s_own = slider("own", *own, "Paid from own cash flow (USD trillions)")
    e = gap_vega_exprs("capex", "own")
    bars = alt.Chart(w).transform_calculate(amount=e["amount"]).mark_bar().encode(
        y=alt.Y("label:N", sort=list(w["label"]), title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("amount:Q", title="USD trillions, 2025-2028", scale=alt.Scale(domain=[0, 2.5], clamp=True)),
        color=alt.condition("datum.internal", alt.value(PALETTE[2]), alt.value(PALETTE[0])),
        tooltip=[alt.Tooltip("label:N", title="Source of funds"), alt.Tooltip("amount:Q", title="USD trillions", format=".2f")])
    text = bars.mark_text(align="left", dx=4, color=PALETTE[7]).encode(text=alt.Text("amount:Q", format=".2f"))
    return (bars + text).add_params(s_cap, s_own).properties(height=220)


def deal_label(deals: pd.DataFrame) -> pd.Series:
    """A reader's label for each deal: borrower (short) and month, e.g. ``"Meta Platforms, Oct 2025"``."""
    short = deals["borrower"].str.replace(r"\s*\(.*\)$", "", regex=True).str.slice(0, 48)
    when = pd.to_datetime(deals["date"].str.slice(0, 7), format="%Y-%m").dt.strftime("%b %Y")
    return short + ", " + when + np.where(deals["instrument"].str.contains("EUR"), " (euro)", "")


def borrowing_chart(deals: pd.DataFrame) -> alt.Chart:
    """Stacked bars of deal amounts (USD bn) by quarter and borrower type."""
    d = deals.assign(quarter=pd.PeriodIndex(pd.to_datetime(deals["date"].str.slice(0, 7), format="%Y-%m"), freq="Q").astype(str).str.replace("Q", " Q"))
    agg = d.groupby(["quarter", "borrower_type"], as_index=False)["amount_usd_bn"].sum()
    return alt.Chart(agg).mark_bar().encode(
        x=alt.X("quarter:O", title="Quarter", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("amount_usd_bn:Q", title="Debt raised, USD billions"),
        color=alt.Color("borrower_type:N", title="Borrower", scale=_TYPE_SCALE, legend=alt.Legend(columns=2, labelLimit=320)),
        order=alt.Order("borrower_type:O"),
        tooltip=[alt.Tooltip("quarter:O", title="Quarter"), alt.Tooltip("borrower_type:N", title="Borrower"),
                 alt.Tooltip("amount_usd_bn:Q", title="USD bn", format=",.1f")]).properties(height=300)


def coupon_chart(deals: pd.DataFrame) -> alt.LayerChart:
    """Coupon ranges of fixed-rate deals, one row per deal (``label``), coloured by borrower type."""
    d = deals.dropna(subset=["coupon_low_pct"]).assign(coupon_high=lambda x: x["coupon_high_pct"].fillna(x["coupon_low_pct"]))
    order = list(d.sort_values(["coupon_high", "coupon_low_pct"])["label"].drop_duplicates())
    sel = alt.selection_point(fields=["borrower_type"], bind="legend")
    enc = dict(
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=300)),
        color=alt.Color("borrower_type:N", title="Borrower", scale=_TYPE_SCALE, legend=alt.Legend(columns=2, labelLimit=320)),
        opacity=alt.condition(sel, alt.value(1), alt.value(0.15)),
        tooltip=[alt.Tooltip("borrower:N", title="Borrower"), alt.Tooltip("instrument:N", title="Instrument"), alt.Tooltip("date:N", title="Date"),
                 alt.Tooltip("amount_usd_bn:Q", title="USD bn", format=",.2f"), alt.Tooltip("coupon_low_pct:Q", title="Lowest coupon, %", format=".3f"),
                 alt.Tooltip("coupon_high:Q", title="Highest coupon, %", format=".3f"), alt.Tooltip("rating:N", title="Rating")])
    x = alt.X("coupon_low_pct:Q", title="Coupon or yield at issue, % a year (range across tranches)", scale=alt.Scale(domain=[0, 13]))
    rng = alt.Chart(d).mark_rule(strokeWidth=6).encode(x=x, x2="coupon_high:Q", **enc)
    dots = alt.Chart(d).mark_point(filled=True, size=80).encode(x="coupon_high:Q", **enc)
    return (rng + dots).add_params(sel).properties(height=22 * len(order))


def spread_chart(deals: pd.DataFrame) -> alt.Chart:
    """Spreads at issue (bp) by date, coloured by borrower type, shaped by benchmark."""
    d = deals.dropna(subset=["spread_bp"]).assign(
        when=lambda x: pd.to_datetime(x["date"].str.pad(10, side="right", fillchar="-").str.replace("---", "-15")),
        benchmark=lambda x: np.where(x["spread_over"].str.startswith("SOFR"), "over SOFR (floating-rate loans)", "over Treasuries (bonds)"))
    return alt.Chart(d).mark_point(filled=True, size=120).encode(
        x=alt.X("when:T", title="Date of the deal", axis=alt.Axis(format="%b %Y", tickCount=6, labelOverlap=True), scale=alt.Scale(padding=14)),
        y=alt.Y("spread_bp:Q", title="Spread at issue, basis points", scale=alt.Scale(domain=[0, 800], nice=True)),
        color=alt.Color("borrower_type:N", title="Borrower", scale=_TYPE_SCALE, legend=alt.Legend(columns=2, labelLimit=320)),
        shape=alt.Shape("benchmark:N", title="Spread", legend=alt.Legend(columns=1)),
        tooltip=[alt.Tooltip("label:N", title="Deal"), alt.Tooltip("instrument:N", title="Instrument"),
                 alt.Tooltip("spread_bp:Q", title="Spread, bp", format=".1f"), alt.Tooltip("benchmark:N", title="Over"),
                 alt.Tooltip("rating:N", title="Rating")]).properties(height=320)


def cash_and_cds_chart(cover: pd.DataFrame, cds: pd.DataFrame) -> alt.VConcatChart:
    """Top: capex / operating cash flow (``label``, ``pct``, ``issuer``); bottom: five-year CDS (``issuer``, ``when``, ``value``), log scale."""
    colors = alt.Scale(domain=["Oracle", "Meta", "CoreWeave", "NVIDIA"], range=[PALETTE[3], PALETTE[0], PALETTE[1], PALETTE[2]])
    bars = alt.Chart(cover).mark_bar().encode(
        y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=200)), x=alt.X("pct:Q", title="Capex / operating cash flow (%)"),
        color=alt.Color("issuer:N", title="Company", scale=colors),
        tooltip=[alt.Tooltip("label:N", title="Company, period"), alt.Tooltip("capex:Q", title="Capex, USD bn", format=".1f"),
                 alt.Tooltip("operating_cash_flow:Q", title="Operating cash flow, USD bn", format=".1f"), alt.Tooltip("pct:Q", title="Capex / cash flow, %", format=".0f")])
    r100 = alt.Chart(pd.DataFrame({"x": [100]})).mark_rule(strokeDash=[4, 3], color=PALETTE[7]).encode(x="x:Q")
    left = (bars + r100).properties(width=340, height=200, title="Capex against cash flow")
    x = alt.X("when:T", title="Date", axis=alt.Axis(format="%b %Y", tickCount=4, labelOverlap=True))
    y = alt.Y("value:Q", title="Five-year CDS, basis points (log scale)", scale=alt.Scale(type="log", domain=[20, 1200]))
    tip = [alt.Tooltip("issuer:N", title="Company"), alt.Tooltip("when:T", title="Date", format="%d %b %Y"), alt.Tooltip("value:Q", title="CDS, bp", format=".0f")]
    lines = alt.Chart(cds).mark_line(point=alt.OverlayMarkDef(size=70, filled=True)).encode(x=x, y=y, color=alt.Color("issuer:N", title="Company", scale=colors), tooltip=tip)
    right = lines.properties(width=340, height=220, title="The price of insuring their debt")
    return alt.vconcat(left, right).resolve_scale(color="shared").properties(autosize=alt.AutoSizeParams(type="pad"))
