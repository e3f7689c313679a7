r"""Charts for chapter 10 (running out of data), built from :mod:`helpers.models.datastock`.

The explorer recomputes the crossing year in the reader's browser. Its Vega expressions are
generated here from the formula of :func:`helpers.models.datastock.exhaustion_year`
(:func:`crossing_vega_expr`, :func:`dataset_vega_expr`), and ``tests/test_datastock_vega.py``
evaluates them against that function.
"""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from .._validate import InputTypeError, array, frame, number
from .render import slider
from .theme import PALETTE

__all__ = ["crossing_vega_expr", "dataset_vega_expr", "epoch_dates_chart", "full_use_histogram", "explorer_chart"]


def _e(name: str, value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputTypeError(f"{name} must be a Vega expression string, got {value!r}")
    return f"({value})"


def crossing_vega_expr(stock: str, dataset: str, growth_factor: str, year0: str, overtrain: str = "1",
                       stock_factor: str = "1") -> str:
    r"""Vega expression of the full-use year :math:`t_0 + (\ln S - \ln(D\sqrt{k})) / (\ln G - \ln G_S)`.

    Parameters
    ----------
    stock, dataset : str
        Vega expressions for the stock and the reference training set (same unit, > 0).
    growth_factor, stock_factor : str
        Yearly growth factors of training sets (:math:`G = 1 + g`) and of the stock.
    year0 : str
        Decimal year of the reference training set.
    overtrain : str
        Overtraining factor :math:`k`.

    Returns
    -------
    str
        The expression; see :func:`helpers.models.datastock.exhaustion_year` for the derivation.

    Examples
    --------
    >>> crossing_vega_expr("S", "D", "G", "2024.3")
    '(2024.3) + (log((S)) - log((D)) - 0.5 * log((1))) / (log((G)) - log((1)))'
    """
    S, D, G, t0, k, gs = (_e(n, v) for n, v in (("stock", stock), ("dataset", dataset), ("growth_factor", growth_factor),
                                                 ("year0", year0), ("overtrain", overtrain), ("stock_factor", stock_factor)))
    return f"{t0} + (log({S}) - log({D}) - 0.5 * log({k})) / (log({G}) - log({gs}))"


def dataset_vega_expr(year: str, dataset: str, growth_factor: str, year0: str, overtrain: str = "1") -> str:
    r"""Vega expression of the training-set size in ``year``: :math:`D\sqrt{k}\,G^{t - t_0}`.

    Examples
    --------
    >>> dataset_vega_expr("datum.year", "D", "G", "2024.3")
    '(D) * sqrt((1)) * pow((G), (datum.year) - (2024.3))'
    """
    y, D, G, t0, k = (_e(n, v) for n, v in (("year", year), ("dataset", dataset), ("growth_factor", growth_factor),
                                             ("year0", year0), ("overtrain", overtrain)))
    return f"{D} * sqrt({k}) * pow({G}, {y} - {t0})"


def epoch_dates_chart(dates: pd.DataFrame, article_year: float) -> alt.LayerChart:
    """Central year (dot) and interval (bar) of each dated projection, with the article's year as a rule.

    ``dates`` has ``label`` (one per row, in display order), ``source_label``, ``value``, ``low``
    and ``high`` (decimal years; ``low``/``high`` may be missing) and ``interval_txt``.
    """
    frame("dates", dates, ["label", "source_label", "value", "low", "high", "interval_txt"])
    a = number("article_year", article_year, low=1900.0, high=2200.0)
    order = list(dates["label"])
    lo = float(np.nanmin(dates[["value", "low"]].to_numpy(dtype=float))) - 1
    hi = float(np.nanmax(dates[["value", "high"]].to_numpy(dtype=float))) + 1
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    scale = alt.Scale(domain=[lo, hi], nice=False, zero=False)
    axis = alt.Axis(format="d", tickCount=8, labelOverlap=True)
    title = "Projected year the stock is fully used"
    color = alt.Color("source_label:N", title=None)
    bars = alt.Chart(dates).mark_rule(strokeWidth=3).encode(y=y, x=alt.X("low:Q", scale=scale, axis=axis, title=title), x2="high:Q", color=color)
    pts = alt.Chart(dates).mark_point(filled=True, size=90).encode(
        y=y, x=alt.X("value:Q", scale=scale, axis=axis, title=title), color=color,
        tooltip=[alt.Tooltip("label:N", title="Estimate"), alt.Tooltip("value:Q", title="Central year", format=".1f"),
                 alt.Tooltip("interval_txt:N", title="Interval")])
    rule = alt.Chart(pd.DataFrame({"value": [a], "t": [f"Article: {a:.0f}"]}))
    rx = alt.X("value:Q", scale=scale, axis=axis, title=title)
    return alt.layer(bars, pts, rule.mark_rule(strokeDash=[5, 4], color=PALETTE[3]).encode(x=rx),
                     rule.mark_text(align="left", dx=4, y=6, fontWeight="bold", color=PALETTE[3]).encode(x=rx, text="t:N")
                     ).properties(height=300)


def full_use_histogram(years, cutoff: float, lo: float, hi: float, width: float = 0.25) -> alt.Chart:
    """Histogram of simulated full-use years, bars before ``cutoff`` in a second colour.

    Parameters
    ----------
    years : array-like
        Simulated decimal years.
    cutoff : float
        Decimal year splitting the colours (2028.0 = the end of 2027).
    lo, hi, width : float
        Histogram range and bin width (years); draws outside the range are dropped from the plot.
    """
    y = array("years", years, min_size=1)
    c, lo, hi = number("cutoff", cutoff), number("lo", lo), number("hi", hi)
    w = number("width", width, low=0.0, low_open=True)
    if hi <= lo:
        raise ValueError(f"hi must be above lo, got lo={lo}, hi={hi}")
    counts, edges = np.histogram(y, bins=np.arange(lo, hi + w / 2, w))
    df = pd.DataFrame({"start": edges[:-1], "end": edges[1:], "share": 100 * counts / y.size})
    df["group"] = np.where(df["end"] <= c, f"By the end of {c - 1:.0f}", "Later")
    return alt.Chart(df).mark_bar().encode(
        x=alt.X("start:Q", title="Year the stock is fully used", bin="binned", scale=alt.Scale(domain=[lo, hi], nice=False),
                axis=alt.Axis(format="d", tickCount=int(hi - lo), labelOverlap=True)),
        x2="end:Q", y=alt.Y("share:Q", title="Share of simulations (%)"),
        color=alt.Color("group:N", title=None, sort=[f"By the end of {c - 1:.0f}", "Later"], scale=alt.Scale(range=[PALETTE[3], PALETTE[0]])),
        tooltip=[alt.Tooltip("start:Q", title="From", format=".2f"), alt.Tooltip("end:Q", title="To", format=".2f"),
                 alt.Tooltip("share:Q", title="Share (%)", format=".2f")]).properties(height=260)


def explorer_chart(stock_t: float, dataset_t: float, growth_factor: float, year0: float, reference: pd.DataFrame,
                   years: tuple[float, float] = (2020.0, 2040.0)) -> alt.LayerChart:
    """Training-set size against the stock, with sliders; the crossing year is recomputed in the page.

    Parameters
    ----------
    stock_t, dataset_t : float
        Initial stock and compute-optimal training set at ``year0``, trillions of tokens.
    growth_factor : float
        Initial yearly growth factor of training sets (3.0 = three times a year).
    year0 : float
        Decimal year of the reference training set.
    reference : pandas.DataFrame
        Marked points: ``year``, ``tokens_t`` (trillions) and ``name``.
    years : (float, float)
        Range of the x axis.
    """
    frame("reference", reference, ["year", "tokens_t", "name"])
    s0 = number("stock_t", stock_t, low=50.0, high=1500.0)
    d0 = number("dataset_t", dataset_t, low=1.0, high=20.0)
    g0 = number("growth_factor", growth_factor, low=1.5, high=4.0)
    t0 = number("year0", year0, low=1900.0, high=2200.0)
    params = [slider("stock_t", round(s0), 50, 1500, 10, "Stock of usable text (trillion tokens)"),
              slider("d0_t", round(d0, 1), 1.0, 20.0, 0.1, f"Training set in {t0:.1f} (trillion tokens)"),
              slider("growth_factor", round(g0, 1), 1.5, 4.0, 0.1, "Growth of training sets (times a year)"),
              slider("overtrain", 1, 1, 100, 1, "Overtraining factor (1 = compute-optimal)")]
    grid = pd.DataFrame({"year": np.round(np.arange(years[0], years[1] + 0.01, 0.25), 2)})
    ylo, yhi = 0.1, 1e5
    base = alt.Chart(grid).transform_calculate(
        dataset=dataset_vega_expr("datum.year", "d0_t", "growth_factor", repr(t0), "overtrain"), stock="stock_t",
    ).transform_fold(["dataset", "stock"], as_=["series", "tokens"]).transform_calculate(
        label="datum.series == 'dataset' ? 'Training-set size' : 'Stock of usable human text'",
    ).transform_filter(f"datum.tokens >= {ylo} && datum.tokens <= {yhi}")
    x = alt.X("year:Q", title="Year", scale=alt.Scale(domain=list(years), nice=False), axis=alt.Axis(format="d", tickCount=5))
    y = alt.Y("tokens:Q", title="Trillions of tokens (log scale)", scale=alt.Scale(type="log", domain=[ylo, yhi]),
              axis=alt.Axis(format="~g"))
    lines = base.mark_line().encode(x=x, y=y, color=alt.Color("label:N", title=None, scale=alt.Scale(range=[PALETTE[3], PALETTE[0]])),
                                    tooltip=[alt.Tooltip("label:N", title="Series"), alt.Tooltip("year:Q", title="Year", format=".2f"),
                                             alt.Tooltip("tokens:Q", title="Trillion tokens", format=",.1f")])
    one = alt.Chart(pd.DataFrame({"x": [0]})).transform_calculate(
        t_star=crossing_vega_expr("stock_t", "d0_t", "growth_factor", repr(t0), "overtrain"), tokens="stock_t",
        txt="'Full use in ' + format(datum.t_star, '.1f')")
    cross = one.mark_rule(strokeDash=[4, 3], color=PALETTE[7]).encode(x="t_star:Q")
    text = one.mark_text(align="left", dx=6, dy=-10, fontWeight="bold", fontSize=14).encode(x="t_star:Q", y="tokens:Q", text="txt:N")
    ref = alt.Chart(reference.rename(columns={"tokens_t": "tokens"})).mark_point(shape="diamond", size=120, filled=True, color=PALETTE[7]).encode(
        x="year:Q", y="tokens:Q", tooltip=[alt.Tooltip("name:N", title="Training set"), alt.Tooltip("tokens:Q", title="Trillion tokens")])
    return alt.layer(lines, cross, text, ref).add_params(*params).properties(height=340)
