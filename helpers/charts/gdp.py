"""Charts of the GDP-trend chapter, built from :mod:`helpers.models.gdp`, :mod:`~helpers.models.gdp_trend`,
:mod:`~helpers.models.gdp_break` and :mod:`~helpers.models.gdp_acemoglu` output.

* :func:`history_chart`: GDP per person on a log scale with fitted trend lines;
* :func:`trend_estimates_chart`: trend growth by window and estimator, with intervals;
* :func:`break_chart`: the break-test statistic by candidate year against its critical value;
* :func:`level_path_vega_expr` and :func:`compounding_explorer`: :func:`helpers.models.gdp.level_paths`
  as a Vega expression (tested by evaluation against the model) and the slider chart built on it;
* :func:`estimates_chart`: published AI estimates on one scale.

The notebook adds titles, descriptions and sources with :func:`helpers.charts.finish`.
"""
from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from .._validate import frame, integer, number, series
from .render import slider
from .theme import PALETTE

__all__ = ["history_chart", "trend_estimates_chart", "break_chart", "level_path_vega_expr", "compounding_explorer",
           "estimates_chart"]


def _ref_rules(refs: Mapping[str, float]) -> alt.Chart:
    if not isinstance(refs, Mapping) or not refs:
        raise ValueError(f"refs must be a non-empty mapping of label -> value, got {refs!r}")
    df = pd.DataFrame({"x": [number(f"refs[{k!r}]", v) for k, v in refs.items()], "label": list(refs)})
    return alt.Chart(df).mark_rule(strokeDash=[4, 3], color="#777").encode(
        x="x:Q", tooltip=[alt.Tooltip("label:N", title="Reference"), alt.Tooltip("x:Q", title="Value", format=".2f")])


def history_chart(levels: pd.DataFrame, trends: pd.DataFrame) -> alt.LayerChart:
    """Levels on a log scale (one line per series) with dashed fitted trends.

    Parameters
    ----------
    levels : pandas.DataFrame
        Long: ``year``, ``value`` (positive), ``series`` (reader-facing name).
    trends : pandas.DataFrame
        Long: ``year``, ``value``, ``series`` (same names), ``trend`` (a label such as "1.70% a year").
    """
    lv = frame("levels", levels, ["year", "value", "series"])
    tr = frame("trends", trends, ["year", "value", "series", "trend"])
    series("levels value", lv["value"].reset_index(drop=True), low=0.0, low_open=True)
    names = lv["series"].unique().tolist()
    first, last = int(lv["year"].min()), int(lv["year"].max())
    ticks = list(range(int(np.ceil(first / 50) * 50), last + 1, 50))
    sel = alt.selection_point(fields=["series"], bind="legend")
    x = alt.X("year:Q", title="Year", scale=alt.Scale(domain=[first, last], nice=False), axis=alt.Axis(format="d", values=ticks))
    color = alt.Color("series:N", title="Series", sort=names)
    lines = alt.Chart(lv).mark_line().encode(
        x=x, y=alt.Y("value:Q", title="Real GDP per person (log scale, constant dollars)", scale=alt.Scale(type="log"),
                     axis=alt.Axis(format="$,.0f", tickCount=5)),
        color=color, opacity=alt.condition(sel, alt.value(1), alt.value(0.15)),
        tooltip=[alt.Tooltip("series:N", title="Series"), alt.Tooltip("year:Q", title="Year", format="d"),
                 alt.Tooltip("value:Q", title="GDP per person", format=",.0f")],
    ).add_params(sel)
    dashed = alt.Chart(tr).mark_line(strokeDash=[5, 4], strokeWidth=1.5).encode(
        x="year:Q", y="value:Q", color=color, opacity=alt.condition(sel, alt.value(0.9), alt.value(0.1)),
        tooltip=[alt.Tooltip("series:N", title="Series"), alt.Tooltip("trend:N", title="Fitted log-linear trend")])
    return alt.layer(lines, dashed).properties(height=320)


def trend_estimates_chart(table: pd.DataFrame, refs: Mapping[str, float]) -> alt.LayerChart:
    """Trend growth (percent a year) by window and estimator, with 95% intervals and reference lines.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`helpers.models.gdp_trend.trend_growth_table` output with ``growth``, ``ci_low`` and
        ``ci_high`` in percent and a ``window`` label per row (rows in display order).
    refs : mapping of str to float
        Reference lines: label -> percent a year (e.g. the article's 2.0 and 2.1).
    """
    df = frame("table", table, ["window", "method", "growth", "ci_low", "ci_high"])
    order = list(dict.fromkeys(df["window"]))
    lo = float(np.nanmin(df[["growth", "ci_low"]].to_numpy())) - 0.2
    hi = float(np.nanmax(df[["growth", "ci_high"]].to_numpy())) + 0.2
    y = alt.Y("window:N", title=None, sort=order, axis=alt.Axis(labelLimit=220))
    x = alt.X("growth:Q", title="Trend growth of real GDP per person (% a year)", scale=alt.Scale(domain=[lo, hi], nice=True))
    tip = [alt.Tooltip("window:N", title="Series and years"), alt.Tooltip("method:N", title="Estimator"),
           alt.Tooltip("growth:Q", title="Trend growth (%)", format=".2f"),
           alt.Tooltip("ci_low:Q", title="95% interval, low", format=".2f"), alt.Tooltip("ci_high:Q", title="95% interval, high", format=".2f")]
    color = alt.Color("method:N", title="Estimator")
    pts = alt.Chart(df).mark_point(filled=True, size=70).encode(x=x, y=y, yOffset=alt.YOffset("method:N"), color=color, tooltip=tip)
    bars = alt.Chart(df.dropna(subset=["ci_low"])).mark_rule(strokeWidth=2).encode(
        x="ci_low:Q", x2="ci_high:Q", y=y, yOffset=alt.YOffset("method:N"), color=color)
    return alt.layer(bars, pts, _ref_rules(refs)).properties(height=48 * len(order))


def break_chart(statistics: pd.Series, critical: float) -> alt.LayerChart:
    """The break-test Wald statistic for every candidate year, with its 5% critical value.

    Parameters
    ----------
    statistics : pandas.Series
        ``BreakTest.statistics`` (index: candidate break year).
    critical : float
        ``BreakTest.critical_5pct``.
    """
    s = series("statistics", statistics, low=0.0, min_size=2)
    crit = number("critical", critical, low=0.0, low_open=True)
    df = pd.DataFrame({"year": [getattr(i, "year", i) for i in s.index], "wald": s.to_numpy(dtype=float)})
    x = alt.X("year:Q", title="Candidate first year of a new trend", axis=alt.Axis(format="d"),
              scale=alt.Scale(domain=[int(df["year"].min()), int(df["year"].max())]))
    line = alt.Chart(df).mark_line(point=True, color=PALETTE[0]).encode(
        x=x, y=alt.Y("wald:Q", title="Test statistic (Wald)", scale=alt.Scale(domain=[0, max(crit, df["wald"].max()) * 1.1])),
        tooltip=[alt.Tooltip("year:Q", title="Break in", format="d"), alt.Tooltip("wald:Q", title="Statistic", format=".2f")])
    rule = alt.Chart(pd.DataFrame({"y": [crit], "label": ["5% critical value, any date"]})).mark_rule(
        strokeDash=[5, 4], color=PALETTE[3]).encode(y="y:Q", tooltip=[alt.Tooltip("label:N", title="Line"),
                                                                      alt.Tooltip("y:Q", title="Value", format=".2f")])
    return alt.layer(line, rule).properties(height=260)


def level_path_vega_expr(base_level: float, rate_pct: str, t: str = "datum.t") -> str:
    """:func:`helpers.models.gdp.level_paths` as a Vega expression: ``L0 (1 + r/100)^t``.

    Parameters
    ----------
    base_level : float
        Starting level (positive).
    rate_pct : str
        Expression for the growth rate in percent a year (a slider name or a sum of them).
    t : str
        Expression for years after the start.

    Examples
    --------
    >>> level_path_vega_expr(100.0, "base + uplift")
    '100.0 * pow(1 + (base + uplift) / 100, datum.t)'
    """
    level = number("base_level", base_level, low=0.0, low_open=True)
    for name, v in (("rate_pct", rate_pct), ("t", t)):
        if not isinstance(v, str) or not v.strip():
            raise ValueError(f"{name} must be a non-empty expression string, got {v!r}")
    return f"{level!r} * pow(1 + ({rate_pct}) / 100, {t})"


def compounding_explorer(base_level: float, start_year: int, *, baseline: float = 2.0, uplift: float = 0.1,
                         horizon: int = 50, max_years: int = 75) -> alt.LayerChart:
    """Two constant-growth paths from a starting level, the gap shaded and labelled at the horizon.

    Parameters
    ----------
    base_level : float
        Level in ``start_year`` (positive).
    start_year : int
        Calendar year of the level.
    baseline, uplift : float
        Initial slider values, percent a year (baseline 0.5-3, uplift 0-1.5).
    horizon, max_years : int
        Initial and largest horizon of the horizon slider, years.
    """
    level = number("base_level", base_level, low=0.0, low_open=True)
    y0 = integer("start_year", start_year, low=1000, high=3000)
    top = integer("max_years", max_years, low=5, high=500)
    b = slider("base", number("baseline", baseline, low=0.5, high=3.0), 0.5, 3.0, 0.05, "Baseline trend growth (% a year)")
    u = slider("uplift", number("uplift", uplift, low=0.0, high=1.5), 0.0, 1.5, 0.05, "Extra growth from AI (points a year)")
    hz = slider("horizon", integer("horizon", horizon, low=5, high=top), 5, top, 1, "Horizon (years)")
    calc = alt.Chart(pd.DataFrame({"t": np.arange(top + 1)})).transform_filter("datum.t <= horizon").transform_calculate(
        year=f"{y0} + datum.t", baseline=level_path_vega_expr(level, "base"), with_ai=level_path_vega_expr(level, "base + uplift"))
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickCount=5, labelOverlap=True))
    paths = calc.transform_fold(["baseline", "with_ai"], as_=["path", "level"]).transform_calculate(
        path_label="datum.path == 'baseline' ? 'Baseline trend' : 'Baseline plus AI'").mark_line().encode(
        x=x, y=alt.Y("level:Q", title="Real GDP per person (chained 2017 dollars)", axis=alt.Axis(format="$,.0f"),
                     scale=alt.Scale(zero=False)),
        color=alt.Color("path_label:N", title="Path", scale=alt.Scale(domain=["Baseline trend", "Baseline plus AI"])),
        tooltip=[alt.Tooltip("year:Q", title="Year", format="d"), alt.Tooltip("path_label:N", title="Path"),
                 alt.Tooltip("level:Q", title="GDP per person", format="$,.0f")])
    area = calc.transform_calculate(gap="datum.with_ai - datum.baseline").mark_area(opacity=0.25, color=PALETTE[1]).encode(
        x="year:Q", y="baseline:Q", y2="with_ai:Q",
        tooltip=[alt.Tooltip("year:Q", title="Year", format="d"), alt.Tooltip("gap:Q", title="Gap, dollars per person", format="$,.0f")])
    label = calc.transform_filter("datum.t == horizon").transform_calculate(
        text="'After ' + datum.t + ' years: ' + format(datum.with_ai - datum.baseline, '$,.0f') + ' per person ('"
             " + format(100 * (datum.with_ai / datum.baseline - 1), '.1f') + '%)'"
    ).mark_text(align="left", baseline="top", fontSize=13, fontWeight="bold").encode(x=alt.value(6), y=alt.value(4), text="text:N")
    return alt.layer(area, paths, label).add_params(b, u, hz).properties(height=320)


def estimates_chart(uplift: pd.DataFrame, *, article_uplift: float) -> alt.LayerChart:
    """Published estimates as points (middle) over lines (stated range), in points of annual growth.

    Parameters
    ----------
    uplift : pandas.DataFrame
        :func:`helpers.models.gdp_acemoglu.ai_uplift_table` output with the dataset's ``label``,
        ``author``, ``published``, ``region``, ``basis`` and ``kind`` columns.
    article_uplift : float
        The article's extra growth (points a year), drawn as a dashed line.
    """
    df = frame("uplift", uplift, ["label", "author", "published", "region", "basis", "kind", "conversion",
                                  "uplift_lo", "uplift_hi", "uplift_mid"]).copy()
    df["published"] = df["published"].astype(str)
    df["Kind"] = df["kind"].map({"estimate": "Estimate", "projection": "Projection"}).fillna(df["kind"].str.capitalize())
    order = df.sort_values("uplift_mid")["label"].tolist()
    y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=300))
    tip = [alt.Tooltip("label:N", title="Estimate"), alt.Tooltip("author:N", title="Author"),
           alt.Tooltip("published:N", title="Published"), alt.Tooltip("region:N", title="Economy"),
           alt.Tooltip("basis:N", title="What it measures"), alt.Tooltip("conversion:N", title="Converted"),
           alt.Tooltip("uplift_lo:Q", title="Low, points a year", format=".3f"),
           alt.Tooltip("uplift_hi:Q", title="High, points a year", format=".3f")]
    sel = alt.selection_point(fields=["Kind"], bind="legend")
    op = alt.condition(sel, alt.value(1), alt.value(0.15))
    color = alt.Color("Kind:N", title="Kind")
    rng = alt.Chart(df).mark_rule(strokeWidth=3).encode(
        x=alt.X("uplift_lo:Q", title="Extra growth of GDP per person (points a year)", scale=alt.Scale(nice=True, padding=8)),
        x2="uplift_hi:Q", y=y, color=color, opacity=op, tooltip=tip)
    pts = alt.Chart(df).mark_point(filled=True, size=80).encode(
        x="uplift_mid:Q", y=y, color=color, shape=alt.Shape("region:N", title="Economy"), opacity=op, tooltip=tip).add_params(sel)
    ref = _ref_rules({f"The article: +{number('article_uplift', article_uplift, low=0.0):g} point": article_uplift})
    return alt.layer(rng, pts, ref).properties(height=alt.Step(24))
