"""Charts for chapter 14 (China's open models), built from :mod:`helpers.models.competition`.

Two Vega-expression generators mirror the models so sliders work in the static page, and the tests
evaluate them against the Python: :func:`blended_vega_expr` (:func:`~helpers.models.competition.blended_price`)
and :func:`tokens_per_day_vega_expr` (:func:`helpers.models.capex.required_revenue` followed by
:func:`~helpers.models.competition.tokens_needed`). The chart functions take small tidy frames and return
Altair charts for :func:`helpers.charts.finish`.
"""
from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from .capex import crf_vega_expr
from .render import slider
from .._validate import frame
from .theme import PALETTE

__all__ = ["blended_vega_expr", "tokens_per_day_vega_expr", "price_bars", "share_lines", "gap_dumbbell", "tokens_chart"]

_COUNTRY = alt.Scale(domain=["China", "US"], range=[PALETTE[3], PALETTE[0]])


def _need(df: pd.DataFrame, cols: Sequence[str], name: str) -> None:
    frame(name, df, cols, min_rows=0)


def _expr(**parts: str) -> None:
    for name, v in parts.items():
        if not isinstance(v, str) or not v.strip():
            raise ValueError(f"{name} must be a non-empty Vega expression, got {v!r}")


def blended_vega_expr(share: str, input_price: str, output_price: str) -> str:
    r"""The blended price :math:`(1-s)\,p_{in} + s\,p_{out}` as a Vega expression.

    Parameters
    ----------
    share, input_price, output_price : str
        Vega expressions for the output share and the two prices (e.g. a slider name and datum fields).

    Returns
    -------
    str

    Examples
    --------
    >>> blended_vega_expr("s", "datum.i", "datum.o")
    '(1 - (s)) * (datum.i) + (s) * (datum.o)'
    """
    _expr(share=share, input_price=input_price, output_price=output_price)
    return f"(1 - ({share})) * ({input_price}) + ({share}) * ({output_price})"


def tokens_per_day_vega_expr(capex_bn: str, life: str, rate: str, margin: str, price: str) -> str:
    r"""Trillions of tokens a day whose sale recovers a capex outlay, as a Vega expression.

    Mirrors :func:`helpers.models.capex.required_revenue` (capital-recovery annuity; below a rate of
    1e-6 its first-order series, which agrees with the model to about 1e-12) and
    :func:`helpers.models.competition.tokens_needed`:

    .. math:: T_{day} = \frac{10^9 C\,\mathrm{CRF}(r, L)/m \cdot 10^6 / p}{365 \cdot 10^{12}},
              \qquad \mathrm{CRF}(r, L) = \frac{r}{1 - (1 + r)^{-L}}

    Parameters
    ----------
    capex_bn, life, rate, margin, price : str
        Vega expressions for capex (USD billions), asset life (years), required return (a share a year),
        cash margin (a share of revenue) and the blended price (USD per million tokens).

    Returns
    -------
    str

    Examples
    --------
    >>> "pow(1 + r, -L)" in tokens_per_day_vega_expr("C", "L", "r", "m", "datum.p")
    True
    """
    _expr(capex_bn=capex_bn, life=life, rate=rate, margin=margin, price=price)
    crf = crf_vega_expr(rate, life)  # the one generator of the capital-recovery factor (and its series near 0)
    return f"(({capex_bn}) * 1e9 * {crf} / ({margin})) * 1e6 / ({price}) / 365 / 1e12"


def price_bars(prices: pd.DataFrame, vintages: Sequence[tuple[str, str]], share0: float = 0.25) -> alt.Chart:
    """List prices blended at a slider's output share, one bar per model, for a chosen vintage.

    ``prices``: ``label`` (model, plain words), ``provider``, ``country`` ("China"/"US"), ``weights``,
    ``input_usd_per_m``, ``output_usd_per_m``, ``vintage`` (codes in ``vintages``: (code, label) pairs).
    """
    _need(prices, ["label", "provider", "country", "weights", "input_usd_per_m", "output_usd_per_m", "vintage"], "prices")
    share = slider("out_share", share0, 0.0, 1.0, 0.05, "Output share of tokens")
    when = alt.param(name="vintage_sel", value=vintages[-1][0], bind=alt.binding_radio(
        options=[c for c, _ in vintages], labels=[lab for _, lab in vintages], name="Prices as of "))
    top = float(prices["output_usd_per_m"].max())
    return (alt.Chart(prices).transform_filter("datum.vintage == vintage_sel")
            .transform_calculate(blended=blended_vega_expr("out_share", "datum.input_usd_per_m", "datum.output_usd_per_m"))
            .mark_bar().encode(
                y=alt.Y("label:N", title=None, sort=alt.EncodingSortField(field="blended", order="ascending"),
                        axis=alt.Axis(labelLimit=220)),
                x=alt.X("blended:Q", title="Blended list price (USD per million tokens, log scale)",
                        scale=alt.Scale(type="log", domain=[0.1, max(100.0, top)])),
                x2=alt.X2Datum(0.1),
                color=alt.Color("country:N", title="Developer's country", scale=_COUNTRY),
                tooltip=[alt.Tooltip("label:N", title="Model"), alt.Tooltip("provider:N", title="Developer"),
                         alt.Tooltip("weights:N", title="Weights"), alt.Tooltip("input_usd_per_m:Q", title="Input, USD per million", format=".3f"),
                         alt.Tooltip("output_usd_per_m:Q", title="Output, USD per million", format=".2f"),
                         alt.Tooltip("blended:Q", title="Blended, USD per million", format=".3f")])
            .add_params(share, when).properties(height=260))


def share_lines(points: pd.DataFrame, claims: pd.DataFrame) -> alt.LayerChart:
    """Reported shares of new derivative models, joined by straight lines, and the article's figures.

    ``points``: ``family``, ``date`` (datetime), ``value`` (percent). ``claims``: ``family``, ``date``,
    ``value``, ``label`` (the article's figures).
    """
    _need(points, ["family", "date", "value"], "points")
    _need(claims, ["family", "date", "value", "label"], "claims")
    fams = list(dict.fromkeys(list(points["family"]) + list(claims["family"])))
    color = alt.Color("family:N", title="Base model family", scale=alt.Scale(domain=fams, range=PALETTE[: len(fams)]))
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year"))
    y = alt.Y("value:Q", title="Share of new derivative models (%)", scale=alt.Scale(domain=[0, 80]))
    tip = [alt.Tooltip("family:N", title="Family"), alt.Tooltip("date:T", title="Month", format="%b %Y"),
           alt.Tooltip("value:Q", title="Share (%)")]
    lines = alt.Chart(points).mark_line(strokeDash=[6, 3], point=alt.OverlayMarkDef(size=90, filled=True)).encode(
        x=x, y=y, color=color, tooltip=tip)
    art = alt.Chart(claims).mark_point(shape="diamond", size=160, filled=False, strokeWidth=2).encode(
        x=x, y=y, color=color, tooltip=tip + [alt.Tooltip("label:N", title="Figure")])
    text = alt.Chart(claims).mark_text(align="left", dx=9, dy=-2).encode(x=x, y=y, text="label:N", color=color)
    return alt.layer(lines, art, text).properties(height=300)


def gap_dumbbell(frame: pd.DataFrame, order: Sequence[str]) -> alt.LayerChart:
    """The lead of the best US model over the best Chinese one, earlier and later, per benchmark.

    ``frame``: ``label`` (benchmark with unit, plain words), ``when`` (the comparison date, text, in
    ``order``), ``us_lead`` and ``unit``.
    """
    _need(frame, ["label", "when", "us_lead", "unit"], "frame")
    y = alt.Y("label:N", title=None, axis=alt.Axis(labelLimit=240))
    rule = alt.Chart(frame).mark_rule(color=PALETTE[7], strokeWidth=2).encode(y=y, x="min(us_lead):Q", x2="max(us_lead):Q")
    dots = alt.Chart(frame).mark_point(size=110, filled=True).encode(
        y=y, x=alt.X("us_lead:Q", title="Lead of the best US model over the best Chinese model", axis=alt.Axis(tickCount=8)),
        color=alt.Color("when:N", title="Comparison", sort=list(order), scale=alt.Scale(domain=list(order), range=PALETTE[: len(order)])),
        tooltip=[alt.Tooltip("label:N", title="Benchmark"), alt.Tooltip("when:N", title="As of"),
                 alt.Tooltip("us_lead:Q", title="US lead", format=".2f"), alt.Tooltip("unit:N", title="Unit")])
    return alt.layer(rule, dots).properties(height=max(160, 36 * frame["label"].nunique()))


def tokens_chart(marks: pd.DataFrame, capex_bn: float, reference: float, reference_label: str,
                 defaults: tuple[float, float, float] = (5.5, 0.10, 0.50)) -> alt.LayerChart:
    """Tokens a day that would recover a capex outlay, against the price, with sliders for the assumptions.

    ``marks``: ``model``, ``country``, ``price`` (blended USD per million tokens). ``reference`` is a
    volume (trillion tokens a day) drawn as a dashed line.
    """
    _need(marks, ["model", "country", "price"], "marks")
    life0, ret0, mar0 = defaults
    s_life = slider("life", life0, 3.0, 8.0, 0.5, "Asset life (years)")
    s_ret = slider("ret", ret0, 0.0, 0.20, 0.01, "Required return (share a year)")
    s_mar = slider("mar", mar0, 0.2, 1.0, 0.05, "Cash margin (share of revenue)")
    tpd = tokens_per_day_vega_expr(f"{float(capex_bn)!r}", "life", "ret", "mar", "datum.price")
    lo, hi = max(0.05, float(marks["price"].min()) / 2), float(marks["price"].max()) * 2
    grid = pd.DataFrame({"price": [lo * (hi / lo) ** (i / 119) for i in range(120)]})
    x = alt.X("price:Q", title="Blended price (USD per million tokens, log scale)", scale=alt.Scale(type="log"))
    y = alt.Y("tpd:Q", title="Tokens needed a day (trillions, log scale)", scale=alt.Scale(type="log"))
    line = alt.Chart(grid).transform_calculate(tpd=tpd).mark_line(color=PALETTE[7]).encode(
        x=x, y=y, tooltip=[alt.Tooltip("price:Q", title="Price, USD per million", format=".2f"),
                           alt.Tooltip("tpd:Q", title="Trillion tokens a day", format=",.0f")])
    dots = alt.Chart(marks).transform_calculate(tpd=tpd).mark_point(size=90, filled=True).encode(
        x="price:Q", y="tpd:Q", color=alt.Color("country:N", title="Developer's country", scale=_COUNTRY),
        tooltip=[alt.Tooltip("model:N", title="Model"), alt.Tooltip("price:Q", title="Blended price, USD per million", format=".2f"),
                 alt.Tooltip("tpd:Q", title="Trillion tokens a day needed", format=",.0f")])
    ref = alt.Chart(pd.DataFrame({"y": [reference], "label": [reference_label]}))
    rule = ref.mark_rule(strokeDash=[5, 4], color=PALETTE[1]).encode(y="y:Q", tooltip=[alt.Tooltip("label:N", title="Reference")])
    text = ref.mark_text(align="left", dx=4, dy=-6, color=PALETTE[1]).encode(x=alt.value(4), y="y:Q", text="label:N")
    return alt.layer(line, dots, rule, text).add_params(s_life, s_ret, s_mar).properties(height=320)
