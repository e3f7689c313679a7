"""Charts for chapter 11 (how fast AI is adopted), built from :mod:`helpers.models.diffusion`.

:func:`bass_vega_expr` writes the Bass curve as a Vega expression so a slider chart works in the
static page; the tests evaluate it against :func:`helpers.models.diffusion.bass_cdf`. The other
functions take small tidy frames and return Altair charts for :func:`helpers.charts.finish`.
"""
from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from .render import slider
from .._validate import frame
from .theme import PALETTE

__all__ = ["bass_vega_expr", "headline_bars", "bass_explorer", "fit_chart", "household_lines"]


def _need(df: pd.DataFrame, cols: Sequence[str], name: str) -> None:
    frame(name, df, cols, min_rows=0)


def bass_vega_expr(t: str, p: str, q: str, m: str = "1") -> str:
    r"""The Bass curve :math:`100\,m\,F(t)` (percent) as a Vega expression.

    Parameters
    ----------
    t, p, q, m : str
        Vega expressions for years since launch (e.g. ``"datum.t"``), the coefficients of innovation
        and imitation (e.g. slider names) and the market potential (a share, default ``"1"``).

    Returns
    -------
    str
        The expression of :func:`helpers.models.diffusion.bass_cdf` times 100, with times before
        launch clipped to 0.

    Examples
    --------
    >>> bass_vega_expr("datum.t", "p", "q")
    '100 * (1) * (1 - exp(-((p) + (q)) * max(datum.t, 0))) / (1 + ((q) / (p)) * exp(-((p) + (q)) * max(datum.t, 0)))'
    """
    for name, v in (("t", t), ("p", p), ("q", q), ("m", m)):
        if not isinstance(v, str) or not v.strip():
            raise ValueError(f"{name} must be a non-empty Vega expression, got {v!r}")
    e = f"exp(-(({p}) + ({q})) * max({t}, 0))"
    return f"100 * ({m}) * (1 - {e}) / (1 + (({q}) / ({p})) * {e})"


def headline_bars(frame: pd.DataFrame, threshold: float, threshold_label: str) -> alt.LayerChart:
    """Share of adults using each technology at the same age, with the article's threshold.

    ``frame``: ``technology`` (plain words, in display order), ``share`` (percent), ``when`` (text).
    """
    _need(frame, ["technology", "share", "when"], "frame")
    order = list(frame["technology"])
    y = alt.Y("technology:N", title=None, sort=order, axis=alt.Axis(labelLimit=260))
    xs = alt.Scale(domain=[0, 100], nice=False)
    bars = alt.Chart(frame).mark_bar().encode(
        y=y, x=alt.X("share:Q", title="Share of US adults who had used it (%)", scale=xs, axis=alt.Axis(tickCount=5)),
        color=alt.Color("technology:N", legend=None, sort=order, scale=alt.Scale(range=[PALETTE[3], PALETTE[0], PALETTE[7]])),
        tooltip=[alt.Tooltip("technology:N", title="Technology"), alt.Tooltip("share:Q", title="Share (%)", format=".1f"),
                 alt.Tooltip("when:N", title="Observed")])
    text = alt.Chart(frame).mark_text(align="left", dx=4).encode(y=y, x=alt.X("share:Q", scale=xs),
                                                                  text=alt.Text("share:Q", format=".1f"))
    ref = pd.DataFrame({"x": [threshold], "label": [threshold_label]})
    rule = alt.Chart(ref).mark_rule(strokeDash=[5, 4], color=PALETTE[7]).encode(
        x="x:Q", tooltip=[alt.Tooltip("label:N", title="Reference")])
    return alt.layer(bars, text, rule).properties(height=150)


def bass_explorer(points: pd.DataFrame, p0: float, q0: float, horizon: float = 15.0) -> alt.LayerChart:
    """A Bass curve whose p and q move with two sliders, over survey points.

    ``points``: ``years`` (since launch), ``share`` (percent), ``series`` (plain words), ``label``
    (tooltip text).
    """
    _need(points, ["years", "share", "series", "label"], "points")
    grid = pd.DataFrame({"t": [round(0.1 * i, 2) for i in range(int(horizon * 10) + 1)]})
    p_sl = slider("adopt_p", p0, 0.001, 0.6, 0.001, "p, adoption on one's own (per year)")
    q_sl = slider("adopt_q", q0, 0.0, 1.5, 0.01, "q, adoption by imitation (per year)")
    x = alt.X("t:Q", title="Years since the first mass-market product", scale=alt.Scale(domain=[0, horizon], nice=False),
              axis=alt.Axis(tickCount=8, labelOverlap=True))
    curve = alt.Chart(grid).transform_calculate(share=bass_vega_expr("datum.t", "adopt_p", "adopt_q")).mark_line(
        color=PALETTE[7]).encode(x=x, y=alt.Y("share:Q", title="Share of US adults (%)", scale=alt.Scale(domain=[0, 100])),
                                 tooltip=[alt.Tooltip("t:Q", title="Years"), alt.Tooltip("share:Q", title="Bass curve (%)", format=".1f")]
                                 ).add_params(p_sl, q_sl)
    dots = alt.Chart(points).mark_point(size=110, filled=True).encode(
        x=alt.X("years:Q", scale=alt.Scale(domain=[0, horizon], nice=False)), y="share:Q",
        color=alt.Color("series:N", title="Survey estimate"), shape=alt.Shape("series:N", title="Survey estimate"),
        tooltip=[alt.Tooltip("label:N", title="Estimate"), alt.Tooltip("share:Q", title="Share (%)", format=".1f"),
                 alt.Tooltip("years:Q", title="Years since launch", format=".1f")])
    return alt.layer(curve, dots).properties(height=320)


def fit_chart(points: pd.DataFrame, curves: pd.DataFrame) -> alt.LayerChart:
    """Fitted curves against the survey points, marking which points the fit used.

    ``points``: ``date`` (datetime), ``share`` (percent), ``role`` (plain words, e.g. "Used for the fit").
    ``curves``: ``date``, ``share`` and ``curve`` (plain words, one per fitted curve).
    """
    _need(points, ["date", "share", "role"], "points")
    _need(curves, ["date", "share", "curve"], "curves")
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year"))
    y = alt.Y("share:Q", title="US adults who have used ChatGPT (%)", scale=alt.Scale(domain=[0, 80]))
    lines = alt.Chart(curves).mark_line().encode(
        x=x, y=y, color=alt.Color("curve:N", title="Bass curve", scale=alt.Scale(range=[PALETTE[0], PALETTE[1], PALETTE[5]])),
        strokeDash=alt.StrokeDash("curve:N", legend=None),
        tooltip=[alt.Tooltip("curve:N", title="Curve"), alt.Tooltip("date:T", title="Date", format="%b %Y"),
                 alt.Tooltip("share:Q", title="Share (%)", format=".1f")])
    roles = list(dict.fromkeys(points["role"]))
    dots = alt.Chart(points).mark_point(size=120, filled=True, color=PALETTE[3]).encode(
        x=x, y=y, shape=alt.Shape("role:N", title="Pew survey", scale=alt.Scale(domain=roles, range=["circle", "diamond"])),
        tooltip=[alt.Tooltip("date:T", title="Survey", format="%b %Y"), alt.Tooltip("share:Q", title="Share (%)"),
                 alt.Tooltip("role:N", title="Role")])
    return alt.layer(lines, dots).properties(height=300)


def household_lines(frame: pd.DataFrame) -> alt.Chart:
    """Household adoption lines aligned on the year each reached 10%, with legend filtering.

    ``frame``: ``technology`` (plain words), ``years_from_10``, ``value`` (percent of households), ``year``.
    """
    _need(frame, ["technology", "years_from_10", "value", "year"], "frame")
    pick = alt.selection_point(fields=["technology"], bind="legend")
    return alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X("years_from_10:Q", title="Years since the series first reached 10% of households",
                axis=alt.Axis(tickCount=6, labelOverlap=True)),
        y=alt.Y("value:Q", title="US households owning or using it (%)", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("technology:N", title="Technology"),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.12)),
        tooltip=[alt.Tooltip("technology:N", title="Technology"), alt.Tooltip("year:Q", title="Year", format="d"),
                 alt.Tooltip("value:Q", title="Households (%)")],
    ).add_params(pick).properties(height=300)
