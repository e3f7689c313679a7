r"""Charts for chapter 3 (OpenAI's economics), built from :mod:`helpers.models.revenue` and friends.

The slider explorer recomputes the engine model in the reader's browser. Its Vega expressions are
*generated* from the model (:func:`explorer_expressions`): every driver is either a slider signal
or the literal value of the chosen :class:`~helpers.models.revenue.Assumptions`, and the unit
constants come from :mod:`helpers.models.revenue`, so the chart cannot drift from the model.
``tests/test_revenue_vega.py`` evaluates the expressions and compares them with
:func:`~helpers.models.revenue.project`.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict

import altair as alt
import numpy as np
import pandas as pd

from .._validate import InputTypeError, array, frame, integer, number, series
from ..models.revenue import ADS_RAMP_YEARS, MONTHLY_TO_ANNUAL_BN, PER_USER_TO_BN, Assumptions, project, validate_assumptions
from .render import slider
from .theme import PALETTE

__all__ = [
    "EXPLORER_SLIDERS", "explorer_expressions", "explorer_frame", "explorer_chart",
    "loss_chart", "vintage_chart", "scenario_chart", "montecarlo_chart",
]

#: The explorer's sliders: driver -> (signal name, min, max, step, label). Presentation choices.
EXPLORER_SLIDERS: dict[str, tuple[str, float, float, float, str]] = {
    "pay_share_max": ("pay_max", 0.02, 0.15, 0.005, "Long-run share of weekly users who pay (0.08 = 8%)"),
    "price": ("price", 8.0, 40.0, 1.0, "Average price per payer in 2025 (USD a month)"),
    "inference_ratio0": ("inf0", 0.25, 0.9, 0.05, "Inference cost per revenue dollar in 2025 (USD)"),
    "biz_growth0": ("biz_g0", 0.3, 1.3, 0.05, "Growth of business and API revenue in 2026 (0.8 = 120% a year)"),
}
#: The fields the explorer computes, in order (each may use the ones before it).
EXPLORER_FIELDS = ("wau", "pay", "consumer", "business", "ads", "revenue", "inference", "partner",
                   "training", "opex", "costs", "cash_flow")


def _lit(x: float) -> str:
    return f"({float(x)!r})"


def explorer_expressions(assumptions: Assumptions, sliders: Mapping[str, str] | None = None,
                         t: str = "datum.t") -> dict[str, str]:
    r"""Vega expressions that recompute :func:`~helpers.models.revenue.project` for one year.

    Parameters
    ----------
    assumptions : Assumptions
        Values of every driver that is not a slider.
    sliders : mapping, optional
        Driver name -> Vega signal name for the drivers a slider sets (default: the signal names
        of :data:`EXPLORER_SLIDERS`). Unknown drivers and non-identifier names raise.
    t : str
        Vega expression for years after 2025 (``"datum.t"`` in a data row).

    Returns
    -------
    dict of str
        One expression per field of :data:`EXPLORER_FIELDS`, in order; each may refer to earlier
        fields as ``datum.<field>`` (Vega runs ``calculate`` transforms in sequence).

    Notes
    -----
    The expressions are the closed forms of :func:`~helpers.models.revenue.project`, e.g.
    business revenue :math:`B_0 \exp(g_\infty t + (g_0 - g_\infty)(1 - \delta^t)/(1 - \delta))`.

    Examples
    --------
    >>> e = explorer_expressions(Assumptions(), sliders={"price": "price"})
    >>> "price" in e["consumer"] and list(e)[-1]
    'cash_flow'
    """
    a = asdict(validate_assumptions(assumptions))
    sl = {k: v[0] for k, v in EXPLORER_SLIDERS.items()} if sliders is None else dict(sliders)
    for k, v in sl.items():
        if k not in a:
            raise ValueError(f"sliders names an unknown driver {k!r}")
        if not isinstance(v, str) or not v.isidentifier():
            raise ValueError(f"sliders[{k!r}] must be a signal name (an identifier), got {v!r}")
    if not isinstance(t, str) or not t.strip():
        raise InputTypeError(f"t must be a Vega expression string, got {t!r}")
    p = {k: (sl[k] if k in sl else _lit(v)) for k, v in a.items()}
    T = f"({t})"
    d = "datum."
    return {
        "wau": f"{p['wau_cap']} / (1 + ({p['wau_cap']} / {p['wau0']} - 1) * exp(-{p['wau_speed']} * {T}))",
        "pay": f"{p['pay_share_max']} - ({p['pay_share_max']} - {p['pay_share0']}) * exp(-{p['pay_share_speed']} * {T})",
        "consumer": f"{d}wau * {d}pay * {p['price']} * pow(1 + {p['price_growth']}, {T}) * {_lit(MONTHLY_TO_ANNUAL_BN)}",
        "business": (f"{p['biz0']} * exp({p['biz_growth_long']} * {T} + ({p['biz_growth0']} - {p['biz_growth_long']})"
                     f" * (1 - pow({p['biz_growth_decay']}, {T})) / (1 - {p['biz_growth_decay']}))"),
        "ads": (f"{d}wau * (1 - {d}pay) * {p['ads_arpu']} * clamp(({T} - {p['ads_start']} + 1) / {_lit(ADS_RAMP_YEARS)}, 0, 1)"
                f" * {_lit(PER_USER_TO_BN)}"),
        "revenue": f"{d}consumer + {d}business + {d}ads",
        "inference": f"max({p['inference_floor']}, {p['inference_ratio0']} * pow(1 - {p['inference_decline']}, {T})) * {d}revenue",
        "partner": (f"({p['partner_share0']} + ({p['partner_share_end']} - {p['partner_share0']})"
                    f" * min({T} / {p['partner_years']}, 1)) * {d}revenue"),
        "training": (f"{p['training_cap']} * pow(1 + {p['training_drift']}, {T})"
                     f" / (1 + ({p['training_cap']} / {p['training0']} - 1) * exp(-{p['training_speed']} * {T}))"),
        "opex": f"{p['opex0']} * pow(1 + {p['opex_growth']}, {T})",
        "costs": f"{d}inference + {d}partner + {d}training + {d}opex",
        "cash_flow": f"{d}revenue - {d}costs",
    }


def explorer_frame(assumptions: Assumptions, years: int = 10) -> pd.DataFrame:
    """One row per year: ``year``, ``t`` and the unchanged scenario's ``revenue_ref``, ``cash_flow_ref`` (USD bn).

    Examples
    --------
    >>> explorer_frame(Assumptions(), years=3)["year"].tolist()
    [2025, 2026, 2027]
    """
    tab = project(assumptions, years=integer("years", years, low=1, high=50)).table
    return pd.DataFrame({"year": tab.index.to_numpy(), "t": np.arange(len(tab), dtype=float),
                         "revenue_ref": tab["revenue"].to_numpy(), "cash_flow_ref": tab["cash_flow"].to_numpy()})


def explorer_chart(assumptions: Assumptions, years: int = 10) -> alt.LayerChart:
    """Revenue, cash flow and cumulative cash flow recomputed in the page from :data:`EXPLORER_SLIDERS`.

    The dashed grey line is the unchanged scenario's cash flow. Works in static HTML.

    Examples
    --------
    >>> sorted(p.name for p in explorer_chart(Assumptions(), years=4).params)
    ['biz_g0', 'inf0', 'pay_max', 'price']
    """
    a = validate_assumptions(assumptions)
    df = explorer_frame(a, years)
    values = asdict(a)
    params = [slider(sig, round(values[k], 3), lo, hi, step, label) for k, (sig, lo, hi, step, label) in EXPLORER_SLIDERS.items()]
    calc = alt.Chart(df)
    for k, expr in explorer_expressions(a).items():
        calc = calc.transform_calculate(**{k: expr})
    calc = calc.transform_window(cumulative="sum(cash_flow)", sort=[alt.SortField("year")], frame=[None, 0])
    calc = calc.transform_fold(["cash_flow", "cumulative", "revenue"], as_=["series", "usd_bn"]).transform_calculate(
        label="datum.series == 'cash_flow' ? 'Operating cash flow' : datum.series == 'cumulative' ? 'Cumulative cash flow' : 'Revenue'")
    x = alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=0))
    lines = calc.mark_line(point=True).encode(
        x=x, y=alt.Y("usd_bn:Q", title="USD billions (nominal)"),
        color=alt.Color("label:N", title=None, scale=alt.Scale(range=[PALETTE[0], PALETTE[3], PALETTE[2]])),
        tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("label:N", title="Series"),
                 alt.Tooltip("usd_bn:Q", title="USD bn", format=",.1f")],
    ).add_params(*params)
    ref = alt.Chart(df).mark_line(strokeDash=[4, 4], color=PALETTE[7]).encode(
        x=x, y="cash_flow_ref:Q",
        tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("cash_flow_ref:Q", title="Unchanged scenario, USD bn", format=",.1f")])
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color=PALETTE[7]).encode(y="y:Q")
    return alt.layer(lines, ref, zero).properties(height=340)


def loss_chart(df: pd.DataFrame) -> alt.LayerChart:
    """Grouped bars of reported revenue and losses by period, with the article's figures as diamonds.

    Parameters
    ----------
    df : pandas.DataFrame
        Columns ``period`` (label), ``measure`` (label), ``usd_bn`` (>= 0) and ``what``
        (``"reported"`` or ``"article"``). Article rows are drawn as diamonds.
    """
    frame("df", df, ["period", "measure", "usd_bn", "what"])
    series("df['usd_bn']", df["usd_bn"].reset_index(drop=True), low=0.0)
    order = list(dict.fromkeys(df["period"]))
    rep, art = df[df["what"] == "reported"], df[df["what"] == "article"]
    measures = list(dict.fromkeys(rep["measure"]))
    x = alt.X("period:N", title=None, sort=order, axis=alt.Axis(labelAngle=0))
    tips = [alt.Tooltip("period:N", title="Period"), alt.Tooltip("measure:N", title="Item"),
            alt.Tooltip("usd_bn:Q", title="USD bn", format=",.2f")]
    bars = alt.Chart(rep).mark_bar().encode(
        x=x, xOffset=alt.XOffset("measure:N", sort=measures), y=alt.Y("usd_bn:Q", title="USD billions"),
        color=alt.Color("measure:N", title=None, sort=measures, scale=alt.Scale(range=PALETTE[: len(measures)])), tooltip=tips)
    pts = alt.Chart(art).mark_point(shape="diamond", size=160, filled=True, color=PALETTE[3]).encode(
        x=x, y="usd_bn:Q", tooltip=tips)
    return alt.layer(bars, pts).properties(height=300)


def vintage_chart(df: pd.DataFrame) -> alt.Chart:
    """Revenue plans by vintage against realised revenue; click a legend entry to isolate it.

    ``df`` has columns ``year`` (int), ``value`` (USD bn), ``label`` (the series name) and ``kind``;
    series whose label starts with "Realised" are drawn in the house's highlight colour.
    """
    frame("df", df, ["year", "value", "label", "kind"])
    sel = alt.selection_point(fields=["label"], bind="legend")
    labels = list(dict.fromkeys(df["label"]))
    others = iter([c for c in PALETTE if c != PALETTE[3]] * 2)
    colours = [PALETTE[3] if lab.startswith("Realised") else next(others) for lab in labels]
    return alt.Chart(df).mark_line(point=True).encode(
        x=alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title="Revenue, USD billions (nominal)", scale=alt.Scale(type="log")),
        color=alt.Color("label:N", title=None, sort=labels, scale=alt.Scale(domain=labels, range=colours)),
        opacity=alt.condition(sel, alt.value(1), alt.value(0.15)),
        tooltip=[alt.Tooltip("label:N", title="Series"), alt.Tooltip("year:O", title="Year"),
                 alt.Tooltip("value:Q", title="USD bn", format=",.1f"), alt.Tooltip("kind:N", title="Kind")],
    ).add_params(sel).properties(height=340)


def scenario_chart(comp: pd.DataFrame, points: pd.DataFrame) -> alt.LayerChart:
    """Cash flow of the named scenarios (lines) and reported plan or outcome points (diamonds).

    ``comp`` is :func:`~helpers.models.revenue_scenarios.compare_scenarios` output with a
    ``label`` column; ``points`` has ``year``, ``cash_flow`` (USD bn) and ``label``.
    """
    frame("comp", comp, ["label", "year", "revenue", "cash_flow", "cumulative"])
    frame("points", points, ["year", "cash_flow", "label"], min_rows=0)
    sel = alt.selection_point(fields=["label"], bind="legend")
    x = alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=0))
    lines = alt.Chart(comp).mark_line(point=True).encode(
        x=x, y=alt.Y("cash_flow:Q", title="Operating cash flow, USD billions (nominal)"),
        color=alt.Color("label:N", title=None, legend=alt.Legend(columns=2)),
        opacity=alt.condition(sel, alt.value(1), alt.value(0.15)),
        tooltip=[alt.Tooltip("label:N", title="Scenario"), alt.Tooltip("year:O", title="Year"),
                 alt.Tooltip("revenue:Q", title="Revenue, USD bn", format=",.0f"),
                 alt.Tooltip("cash_flow:Q", title="Cash flow, USD bn", format=",.1f"),
                 alt.Tooltip("cumulative:Q", title="Cumulative, USD bn", format=",.0f")]).add_params(sel)
    pts = alt.Chart(points).mark_point(shape="diamond", size=120, filled=True, color=PALETTE[7]).encode(
        x=x, y="cash_flow:Q", tooltip=[alt.Tooltip("label:N", title="Point"), alt.Tooltip("year:O", title="Year"),
                                       alt.Tooltip("cash_flow:Q", title="USD bn", format=",.1f")])
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color=PALETTE[7]).encode(y="y:Q")
    return alt.layer(lines, pts, zero).properties(height=340)


def montecarlo_chart(prob: pd.Series, peak_need, mark_year: int, bin_width: float = 25.0, cap: float = 1000.0):
    """Two panels: share of paths cash-positive by each year, and the histogram of peak funding need.

    Parameters
    ----------
    prob : pandas.Series
        Probability (0-1) indexed by year, as ``MonteCarloResult.prob_positive_by_year``.
    peak_need : array-like
        Peak funding need per path, USD billions (>= 0).
    mark_year : int
        Year marked with a dashed rule (the article's date).
    bin_width, cap : float
        Histogram bin width and the value above which paths share the last bin (USD bn).
    """
    series("prob", prob, low=0.0, high=1.0, sorted_index=True)
    need = array("peak_need", peak_need, low=0.0, min_size=1)
    mark_year = integer("mark_year", mark_year, low=1900, high=2200)
    w = number("bin_width", bin_width, low=0.0, low_open=True)
    top = number("cap", cap, low=w)
    pdf = pd.DataFrame({"year": prob.index.astype(int), "pct": 100 * prob.to_numpy()})
    bars = alt.Chart(pdf).mark_bar(color=PALETTE[0]).encode(
        x=alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=0, labelOverlap=True)),
        y=alt.Y("pct:Q", title="Paths cash-positive by then (%)", scale=alt.Scale(domain=[0, 100])),
        tooltip=[alt.Tooltip("year:O", title="By year"), alt.Tooltip("pct:Q", title="% of paths", format=".2f")])
    rule = alt.Chart(pd.DataFrame({"year": [mark_year]})).mark_rule(color=PALETTE[3], strokeDash=[5, 3], size=2).encode(x="year:O")
    edges = np.arange(0.0, top + w, w)
    counts, _ = np.histogram(np.minimum(need, top - w / 2), bins=edges)
    hdf = pd.DataFrame({"lo": edges[:-1], "hi": edges[1:], "pct": 100 * counts / counts.sum()})
    hist = alt.Chart(hdf).mark_bar(color=PALETTE[2]).encode(
        x=alt.X("lo:Q", title="Peak funding need, USD bn (last bar: the rest)", bin="binned", axis=alt.Axis(tickCount=5)),
        x2="hi:Q", y=alt.Y("pct:Q", title="Share of paths (%)"),
        tooltip=[alt.Tooltip("lo:Q", title="From USD bn"), alt.Tooltip("hi:Q", title="To USD bn"),
                 alt.Tooltip("pct:Q", title="% of paths", format=".1f")])
    # a concatenation cannot "fit" the column: size the panels and let the page scale the whole down
    return alt.hconcat((bars + rule).properties(width=300, height=240), hist.properties(width=300, height=240),
                       autosize=alt.AutoSizeParams(type="pad"))
