"""Charts of chapter 16 ("An investor's survival guide, tested"), built from :mod:`helpers.models.backtest`.

* :func:`mix_steps` writes the slider explorer's portfolio arithmetic as Vega expressions, mirroring
  :func:`helpers.models.backtest.mix_weights` and :func:`helpers.models.backtest.portfolio_returns`
  (the tests evaluate the expressions against the Python model);
* :func:`dca_chart`, :func:`mix_explorer` and :func:`falls_chart` return the chapter's charts
  without titles; the notebook adds them with :func:`helpers.charts.finish`.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from .._validate import choice, frame
from .render import slider
from .theme import PALETTE

__all__ = ["mix_steps", "dca_chart", "mix_explorer", "falls_chart"]

_SERIES = {"mix": "Your mix", "sp": "S&P 500 (with dividends)", "nasdaq": "Nasdaq Composite (price)"}


def mix_steps(stock: str = "w_stock", gold: str = "w_gold", *, stock_field: str = "datum.sp",
              bond_field: str = "datum.bond", gold_field: str = "datum.gold") -> list[tuple[str, str]]:
    r"""The explorer's monthly mix return and its log, as ``(field, Vega expression)`` steps.

    Parameters
    ----------
    stock, gold : str
        Names of the two slider parameters (or number literals) for the stock and gold shares.
    stock_field, bond_field, gold_field : str
        Expressions for the month's stock, bond and gold returns (fractions).

    Returns
    -------
    list of (str, str)
        Steps for ``transform_calculate``, in order: ``wb`` (bond share before scaling), ``r_mix``
        (the month's portfolio return) and ``lr`` (its log, summed by a window transform into
        ``cum``); the value of 100 invested is then ``100 * exp(cum)``.

    Notes
    -----
    Mirrors :func:`helpers.models.backtest.mix_weights` (:math:`b = \max(0, 1-s-g)`, weights
    divided by :math:`s+g+b`) and :func:`helpers.models.backtest.portfolio_returns`.

    Examples
    --------
    >>> [name for name, _ in mix_steps()]
    ['wb', 'r_mix', 'lr']
    """
    for name, v in (("stock", stock), ("gold", gold), ("stock_field", stock_field), ("bond_field", bond_field), ("gold_field", gold_field)):
        if not isinstance(v, str) or not v.strip():
            raise ValueError(f"{name} must be a non-empty expression string, got {v!r}")
    return [
        ("wb", f"max(0, 1 - {stock} - {gold})"),
        ("r_mix", f"({stock} * {stock_field} + {gold} * {gold_field} + datum.wb * {bond_field}) / ({stock} + {gold} + datum.wb)"),
        ("lr", "log(1 + datum.r_mix)"),
    ]


def dca_chart(grid: pd.DataFrame, months: list[int], default: int) -> alt.LayerChart:
    """Bars by start month of how far monthly purchases ended ahead of (or behind) a lump sum.

    Parameters
    ----------
    grid : pandas.DataFrame
        Columns ``start`` (date), ``dca_months``, ``advantage_pct``, ``lump_sum`` and ``dca``
        (from :func:`helpers.models.backtest.lump_sum_vs_dca`, stacked for several spreads).
    months : list of int
        Spreads offered in the menu (each in ``grid["dca_months"]``).
    default : int
        The spread shown first.

    Returns
    -------
    altair.LayerChart

    Examples
    --------
    >>> g = pd.DataFrame({"start": pd.to_datetime(["1995-01-31"]), "dca_months": [12], "advantage_pct": [-3.0],
    ...                   "lump_sum": [2.0], "dca": [1.94]})
    >>> dca_chart(g, [12], 12).to_dict()["params"][0]["name"]
    'dca_months'
    """
    df = frame("grid", grid, ["start", "dca_months", "advantage_pct", "lump_sum", "dca"])
    opts = [int(choice("months", m, set(df["dca_months"]))) for m in months]
    choice("default", default, opts)
    pick = alt.param(name="dca_months", value=default, bind=alt.binding_select(options=opts, name="Months the purchases are spread over "))
    bars = alt.Chart(df).transform_filter(alt.datum.dca_months == pick).mark_bar(width=3).encode(
        x=alt.X("start:T", title="Starting month", axis=alt.Axis(format="%Y", tickCount=8, labelOverlap=True)),
        y=alt.Y("advantage_pct:Q", title="Monthly purchases against lump sum after 10 years (%)", scale=alt.Scale(nice=True)),
        color=alt.condition(alt.datum.advantage_pct > 0, alt.value(PALETTE[2]), alt.value(PALETTE[3])),
        tooltip=[alt.Tooltip("start:T", format="%b %Y", title="Start"),
                 alt.Tooltip("advantage_pct:Q", format="+.1f", title="Monthly purchases ahead by (%)"),
                 alt.Tooltip("lump_sum:Q", format=".2f", title="Lump sum: wealth per dollar"),
                 alt.Tooltip("dca:Q", format=".2f", title="Monthly purchases: wealth per dollar")],
    )
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#888").encode(y="y:Q")
    return alt.layer(bars, zero).add_params(pick).properties(height=300)


def mix_explorer(wide: pd.DataFrame, stock: float, gold: float) -> alt.Chart:
    """Value of 100 invested in a slider-set mix, against the S&P 500 and the Nasdaq, on a log scale.

    Parameters
    ----------
    wide : pandas.DataFrame
        Columns ``date``, ``sp``, ``bond``, ``gold`` (monthly returns, fractions) and ``sp_w``,
        ``nasdaq_w`` (value of 100 in the S&P 500 and the Nasdaq Composite).
    stock, gold : float
        Starting slider positions (fractions).

    Returns
    -------
    altair.Chart

    Examples
    --------
    >>> w = pd.DataFrame({"date": pd.to_datetime(["2000-01-31"]), "sp": [0.0], "bond": [0.0], "gold": [0.0],
    ...                   "sp_w": [100.0], "nasdaq_w": [100.0]})
    >>> sorted(p["name"] for p in mix_explorer(w, 0.6, 0.1).to_dict()["params"])
    ['w_gold', 'w_stock']
    """
    df = frame("wide", wide, ["date", "sp", "bond", "gold", "sp_w", "nasdaq_w"])
    ws = slider("w_stock", stock, 0.0, 1.0, 0.05, "Stocks (S&P 500) share")
    wg = slider("w_gold", gold, 0.0, 0.5, 0.05, "Gold share (the rest goes to Treasuries)")
    chart = alt.Chart(df).add_params(ws, wg)
    for name, expr in mix_steps():
        chart = chart.transform_calculate(**{name: expr})
    label = " : ".join(f"datum.series == '{k}_w' ? '{v}'" for k, v in list(_SERIES.items())[:2]) + f" : '{_SERIES['nasdaq']}'"
    return (
        chart.transform_window(cum="sum(lr)", sort=[{"field": "date"}], frame=[None, 0])
        .transform_calculate(mix_w="100 * exp(datum.cum)")
        .transform_fold(["mix_w", "sp_w", "nasdaq_w"], as_=["series", "value"])
        .transform_calculate(label=label)
        .mark_line()
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount=8, labelOverlap=True)),
            y=alt.Y("value:Q", title="Value of 100 invested (log scale)", scale=alt.Scale(type="log")),
            color=alt.Color("label:N", title=None, sort=list(_SERIES.values())),
            tooltip=[alt.Tooltip("date:T", format="%b %Y", title="Month"), alt.Tooltip("label:N", title="Portfolio"),
                     alt.Tooltip("value:Q", format=",.0f", title="Value")],
        )
        .properties(height=340)
    )


def falls_chart(falls: pd.DataFrame) -> alt.Chart:
    """Grouped bars of each asset's or mix's deepest fall in two or more episodes.

    Parameters
    ----------
    falls : pandas.DataFrame
        Columns ``asset`` (plain words), ``period`` (plain words, e.g. "2000-2002 crash") and
        ``fall_pct`` (the deepest fall from a previous high, percent, <= 0; from
        :func:`helpers.models.backtest.metrics`).

    Returns
    -------
    altair.Chart

    Examples
    --------
    >>> f = pd.DataFrame({"asset": ["Gold"], "period": ["2022"], "fall_pct": [-14.6]})
    >>> falls_chart(f).to_dict()["mark"]["type"]
    'bar'
    """
    df = frame("falls", falls, ["asset", "period", "fall_pct"])
    return alt.Chart(df).mark_bar().encode(
        y=alt.Y("asset:N", title=None, sort=list(dict.fromkeys(df["asset"])), axis=alt.Axis(labelLimit=240)),
        x=alt.X("fall_pct:Q", title="Deepest fall from a previous high (%)", scale=alt.Scale(nice=True), axis=alt.Axis(tickCount=6, labelOverlap=True)),
        color=alt.Color("period:N", title="Episode", legend=alt.Legend(orient="bottom")),
        yOffset=alt.YOffset("period:N", sort=list(dict.fromkeys(df["period"]))),
        tooltip=[alt.Tooltip("asset:N", title="Asset or mix"), alt.Tooltip("period:N", title="Episode"),
                 alt.Tooltip("fall_pct:Q", title="Deepest fall (%)", format=".1f")],
    ).properties(height=alt.Step(16))
