"""Charts of the productivity J-curve chapter, built from :mod:`helpers.models.jcurve` and
:mod:`helpers.models.jcurve_org` output.

* :func:`pack_grid` packs :func:`helpers.models.jcurve.explorer_grid` into one row per scenario
  (list cells a Vega-Lite ``flatten`` expands), which embeds far less data;
* :func:`org_jcurve_vega_expr` writes :func:`helpers.models.jcurve_org.org_jcurve`'s level as a Vega
  expression, so its slider chart works in static HTML (the tests evaluate it against the model);
* :func:`versions_chart`, :func:`wave_terms_chart`, :func:`measurement_explorer` and
  :func:`org_explorer` return the chapter's charts (the notebook adds titles with
  :func:`helpers.charts.finish`).
"""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from .._validate import frame, number
from .render import slider
from .theme import PALETTE

__all__ = ["GRID_COLUMNS", "pack_grid", "org_jcurve_vega_expr", "versions_chart", "wave_terms_chart",
           "measurement_explorer", "org_explorer"]

#: Scenario keys and per-year columns of :func:`helpers.models.jcurve.explorer_grid`.
GRID_COLUMNS = (("size", "ramp", "delta", "alpha"), ("year", "inv_share", "gap_pp", "level_pct"))
_TERMS = {"output_error": "Missed output growth", "input_error": "Missed input growth", "gap": "Gap (true minus measured)"}
_PHASES = ("Measured growth understated", "Measured growth overstated")
_PANEL = 380  # px: the width of each stacked panel (stacked charts scale down to fit the page)


def _zero() -> alt.Chart:
    return alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#888").encode(y="y:Q")


def pack_grid(grid: pd.DataFrame) -> pd.DataFrame:
    """One row per scenario of a tidy explorer grid, its per-year values as lists.

    Parameters
    ----------
    grid : pandas.DataFrame
        Output of :func:`helpers.models.jcurve.explorer_grid` (columns :data:`GRID_COLUMNS`).

    Returns
    -------
    pandas.DataFrame
        Columns ``size, ramp, delta, alpha`` and list cells ``year, inv_share, gap_pp, level_pct``.

    Examples
    --------
    >>> from helpers.models.jcurve import explorer_grid
    >>> g = explorer_grid(surge_sizes=[0.01, 0.02], ramp_years=[3], depreciations=[0.2], capital_shares=[0.02, 0.04], years=10)
    >>> pack_grid(g).shape
    (4, 8)
    """
    keys, cols = GRID_COLUMNS
    df = frame("grid", grid, keys + cols)
    return df.groupby(list(keys), sort=False)[list(cols)].agg(list).reset_index()


def org_jcurve_vega_expr(t: str = "datum.t", *, dip_depth: str = "depth", break_even: str = "breakeven",
                         long_run_gain: str = "gain") -> str:
    """:func:`helpers.models.jcurve_org.org_jcurve`'s level as a Vega expression (default trough and gain time).

    Parameters
    ----------
    t : str
        Expression for years since adoption (>= 0), e.g. ``"datum.t"``.
    dip_depth, break_even, long_run_gain : str
        Names of chart parameters (sliders) or number literals.

    Returns
    -------
    str
        A Vega expression for ``transform_calculate``. As in ``org_jcurve``'s defaults, the trough
        is at half the break-even year and the gain's time constant equals the break-even year.

    Examples
    --------
    >>> org_jcurve_vega_expr("datum.t", dip_depth="0.1", break_even="4", long_run_gain="0.2")[:40]
    'if(datum.t <= (4) / 2, 1 - (0.1) * (1 - '
    """
    for name, v in (("t", t), ("dip_depth", dip_depth), ("break_even", break_even), ("long_run_gain", long_run_gain)):
        if not isinstance(v, str) or not v.strip():
            raise ValueError(f"{name} must be a non-empty expression string, got {v!r}")
    d, be, gn = f"({dip_depth})", f"({break_even})", f"({long_run_gain})"
    tm = f"{be} / 2"
    return (
        f"if({t} <= {tm}, 1 - {d} * (1 - cos(PI * {t} / ({tm}))) / 2, "
        f"if({t} <= {be}, 1 - {d} * (1 + cos(PI * ({t} - {tm}) / ({be} - {tm}))) / 2, "
        f"1 + {gn} * (1 - exp(-({t} - {be}) / {be}))))"
    )


def versions_chart(versions: pd.DataFrame) -> alt.Chart:
    """Dots of the paper's adjusted-minus-official TFP gap, by end year and version.

    Parameters
    ----------
    versions : pandas.DataFrame
        Rows of ``data/jcurve_brs2021.csv`` (``version_label``, ``year``, ``tfp_gap_pct``, ``scope``).
    """
    df = frame("versions", versions, ["version_label", "version_date", "year", "tfp_gap_pct", "scope"])
    order = df.sort_values("version_date")["version_label"].unique().tolist()
    top = float(np.ceil(df["tfp_gap_pct"].max() / 5) * 5 + 5)
    return alt.Chart(df).mark_point(size=130, filled=True).encode(
        x=alt.X("year:O", title="End of year", axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("version_label:N", sort=order),
        y=alt.Y("tfp_gap_pct:Q", title="Adjusted minus official TFP level (%)", scale=alt.Scale(domain=[0, top])),
        color=alt.Color("version_label:N", title="Version of the paper", sort=order),
        shape=alt.Shape("version_label:N", sort=order, legend=None),
        tooltip=[alt.Tooltip("version_label:N", title="Version"), alt.Tooltip("year:O", title="End of year"),
                 alt.Tooltip("tfp_gap_pct:Q", title="Gap (%)", format=".1f"), alt.Tooltip("scope:N", title="Intangibles")],
    ).properties(height=280)


def wave_terms_chart(jframe: pd.DataFrame) -> alt.LayerChart:
    """The two mismeasurement terms and their difference, year by year, in percentage points.

    Parameters
    ----------
    jframe : pandas.DataFrame
        ``IntangibleJCurve.frame`` (columns ``output_error``, ``input_error``, ``gap``), indexed by year.
    """
    df = frame("jframe", jframe, list(_TERMS), min_rows=2).iloc[1:]
    long = (df.rename_axis("year").reset_index().melt(id_vars="year", value_vars=list(_TERMS), var_name="term", value_name="v")
            .assign(Term=lambda d: d["term"].map(_TERMS), pp=lambda d: 100 * d["v"]))
    pick = alt.selection_point(fields=["Term"], bind="legend")
    lines = alt.Chart(long).mark_line(point=True).encode(
        x=alt.X("year:Q", title="Year (the wave starts in year 2)", axis=alt.Axis(format="d", tickMinStep=1),
                scale=alt.Scale(domain=[int(long["year"].min()), int(long["year"].max())])),
        y=alt.Y("pp:Q", title="Points of TFP growth a year"),
        color=alt.Color("Term:N", title=None, sort=list(_TERMS.values())),
        strokeDash=alt.condition("datum.term == 'gap'", alt.value([1, 0]), alt.value([5, 3])),
        opacity=alt.condition(pick, alt.value(1), alt.value(0.15)),
        tooltip=[alt.Tooltip("year:Q", title="Year"), alt.Tooltip("Term:N"), alt.Tooltip("pp:Q", title="Points a year", format=".2f")],
    ).add_params(pick)
    return alt.layer(_zero(), lines).properties(height=300)


def measurement_explorer(packed: pd.DataFrame, *, size: float, ramp: int, delta: float, alpha: float) -> alt.VConcatChart:
    """Three stacked panels of a measurement J-curve picked by four sliders from a packed grid.

    Parameters
    ----------
    packed : pandas.DataFrame
        Output of :func:`pack_grid`; each slider steps through its column's distinct values.
    size, ramp, delta, alpha : float
        Initial slider values (each must be one of the grid's values).
    """
    keys, cols = GRID_COLUMNS
    df = frame("packed", packed, keys + cols)
    sliders = []
    labels = {"size": "Rise in hidden investment (share of output)", "ramp": "Ramp-up (years)",
              "delta": "Depreciation of intangibles (per year)", "alpha": "Income share of intangible capital"}
    for key, start in zip(keys, (size, ramp, delta, alpha)):
        vals = np.sort(df[key].unique().astype(float))
        if not np.isclose(vals, number(key, start)).any():
            raise ValueError(f"{key} must be one of the grid's values {vals.tolist()}, got {start!r}")
        step = float(np.min(np.diff(vals))) if len(vals) > 1 else 1.0
        sliders.append(slider(f"p_{key}", start, float(vals[0]), float(vals[-1]) if len(vals) > 1 else float(vals[0]) + step,
                              step, labels[key]))
    cond = " && ".join(f"abs(datum.{k} - p_{k}) < 1e-6" for k in keys)
    base = alt.Chart(df).transform_filter(cond).transform_flatten(list(cols)).transform_calculate(
        share_pct="100 * datum.inv_share", phase=f"datum.gap_pp >= 0 ? '{_PHASES[0]}' : '{_PHASES[1]}'")
    years = [int(y) for y in df["year"].iloc[0]]
    x = alt.X("year:Q", title="Year (the wave starts in year 2)", scale=alt.Scale(domain=[years[0], years[-1]]),
              axis=alt.Axis(format="d", tickMinStep=1))
    flat = df.explode(list(cols))
    share = base.mark_area(opacity=0.35, line=True).encode(
        x=x, y=alt.Y("share_pct:Q", title="Hidden investment (% of output)",
                     scale=alt.Scale(domain=[0, float(np.ceil(100 * flat["inv_share"].astype(float).max() + 1))])),
        tooltip=[alt.Tooltip("year:Q", title="Year"), alt.Tooltip("share_pct:Q", title="Share (%)", format=".2f")],
    ).properties(width=_PANEL, height=110)
    gap = base.mark_bar().encode(
        x=x, y=alt.Y("gap_pp:Q", title="True minus measured growth (points)", scale=alt.Scale(zero=True, nice=True)),
        color=alt.Color("phase:N", title=None, scale=alt.Scale(domain=list(_PHASES), range=[PALETTE[3], PALETTE[0]]),
                        legend=alt.Legend(orient="bottom", direction="vertical", columns=1)),
        tooltip=[alt.Tooltip("year:Q", title="Year"), alt.Tooltip("gap_pp:Q", title="Gap (points)", format=".3f"),
                 alt.Tooltip("phase:N", title="Phase")],
    ).properties(width=_PANEL, height=170)
    level = base.mark_line(point=True, color=PALETTE[2]).encode(
        x=x, y=alt.Y("level_pct:Q", title="Measured vs true TFP level (%)", scale=alt.Scale(zero=True, nice=True)),
        tooltip=[alt.Tooltip("year:Q", title="Year"), alt.Tooltip("level_pct:Q", title="Measured vs true (%)", format=".2f")],
    ).properties(width=_PANEL, height=170)
    return alt.vconcat(share, gap + _zero(), level + _zero()).add_params(*sliders)


def org_explorer(*, depth: float, break_even: float, gain: float, years: float = 15.0, step: float = 0.1) -> alt.VConcatChart:
    """An adopting firm's J-curve with three sliders: productivity gap (top) and running total (bottom).

    Parameters
    ----------
    depth, break_even, gain : float
        Initial slider values: dip depth (share, 0 to 0.3), break-even year (1 to 10) and long-run
        gain (share, 0 to 0.3).
    years, step : float
        Span and resolution of the time axis (years).
    """
    years = number("years", years, low=1.0, high=100.0)
    step = number("step", step, low=0.01, high=1.0)
    s_depth = slider("o_depth", number("depth", depth, low=0, high=0.3), 0.0, 0.3, 0.01, "Dip depth (share of productivity)")
    s_be = slider("o_be", number("break_even", break_even, low=1, high=10), 1, 10, 0.5, "Break-even (years after adoption)")
    s_gain = slider("o_gain", number("gain", gain, low=0, high=0.3), 0.0, 0.3, 0.01, "Long-run gain (share of productivity)")
    tgrid = pd.DataFrame({"t": np.round(np.arange(0, years + step / 2, step), 6)})
    expr = org_jcurve_vega_expr("datum.t", dip_depth="o_depth", break_even="o_be", long_run_gain="o_gain")
    base = (alt.Chart(tgrid).transform_calculate(level=expr).transform_calculate(gap_pct="100 * (datum.level - 1)")
            .transform_window(run="sum(gap_pct)", sort=[alt.SortField("t")], frame=[None, 0])
            .transform_calculate(cum=f"{step} * datum.run"))
    x = alt.X("t:Q", title="Years since adoption", axis=alt.Axis(tickMinStep=1))
    lvl = base.mark_line(color=PALETTE[0]).encode(
        x=x, y=alt.Y("gap_pct:Q", title="Productivity vs not adopting (%)", scale=alt.Scale(domain=[-30, 30])),
        tooltip=[alt.Tooltip("t:Q", title="Years"), alt.Tooltip("gap_pct:Q", title="Gap (%)", format=".1f")],
    ).properties(width=_PANEL, height=200)
    cum = base.mark_area(opacity=0.4, color=PALETTE[1], line=True).encode(
        x=x, y=alt.Y("cum:Q", title="Running total (percent-years)"),
        tooltip=[alt.Tooltip("t:Q", title="Years"), alt.Tooltip("cum:Q", title="Running total (percent-years)", format=".1f")],
    ).properties(width=_PANEL, height=160)
    return alt.vconcat(lvl + _zero(), cum + _zero()).add_params(s_depth, s_be, s_gain)
