"""Charts of contagion from the engine (chapter 5): vendor financing then and now, OpenAI's weight in
its suppliers' backlogs, and the engine-failure stress test with sliders.

The slider chart recomputes :func:`helpers.models.network_contagion.engine_failure` in the browser;
its Vega expressions are written by :func:`engine_failure_exprs`, which the tests evaluate against
the Python model.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from .._validate import frame, number, probability
from ..models.network_contagion import EXPOSURE_COLUMNS
from .render import slider
from .theme import PALETTE

__all__ = ["engine_failure_exprs", "vendor_financing_chart", "backlog_share_chart", "engine_failure_chart"]

_ERA = {"dot-com": "Telecom suppliers, 2000", "AI": "NVIDIA, 2025-2026"}


def engine_failure_exprs(cancel: str = "cancel", writedown: str = "writedown") -> dict[str, str]:
    """Vega expressions of :func:`~helpers.models.network_contagion.engine_failure` for one firm (``datum``).

    Parameters
    ----------
    cancel, writedown : str
        Names of the chart parameters (sliders) holding :math:`c` and :math:`w`, or number literals.

    Returns
    -------
    dict of str
        ``lost_backlog`` (:math:`c E`), ``equity_loss`` (:math:`w S`), ``total_loss`` and
        ``lost_backlog_share`` (:math:`c E / B`, -1 where the firm's backlog is not disclosed), reading
        ``datum.backlog_from_engine``, ``datum.equity_in_engine`` and ``datum.firm_backlog`` (missing
        values must be filled: 0 for the first two, -1 for the backlog).

    Examples
    --------
    >>> engine_failure_exprs("0.5", "0.25")["lost_backlog"]
    'datum.backlog_from_engine * (0.5)'
    """
    for name, v in (("cancel", cancel), ("writedown", writedown)):
        if not isinstance(v, str) or not v.strip():
            raise ValueError(f"{name} must be a non-empty expression string, got {v!r}")
    lost = f"datum.backlog_from_engine * ({cancel})"
    eq = f"datum.equity_in_engine * ({writedown})"
    return {"lost_backlog": lost, "equity_loss": eq, "total_loss": f"{lost} + {eq}",
            "lost_backlog_share": f"datum.firm_backlog > 0 ? {lost} / datum.firm_backlog : -1"}


def vendor_financing_chart(ratios: pd.DataFrame) -> alt.LayerChart:
    """Customer financing as a percentage of annual revenue, one bar per case, coloured by era.

    Parameters
    ----------
    ratios : pandas.DataFrame
        From :func:`helpers.models.network_contagion.vendor_financing_ratios` (``label``, ``era``,
        ``financing``, ``revenue``, ``pct_of_revenue``, ``what``).
    """
    frame("ratios", ratios, ["label", "era", "financing", "revenue", "pct_of_revenue", "what"], min_rows=1)
    d = ratios.assign(era_label=ratios["era"].map(_ERA))
    base = alt.Chart(d).encode(
        y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=300)),
        x=alt.X("pct_of_revenue:Q", title="Financing of customers, percent of a year's revenue", scale=alt.Scale(nice=True),
              axis=alt.Axis(tickCount=8)),
        color=alt.Color("era_label:N", title=None, scale=alt.Scale(range=[PALETTE[7], PALETTE[0]])),
        tooltip=[alt.Tooltip("label:N", title="Case"), alt.Tooltip("financing:Q", title="Financing, USD bn", format=",.1f"),
                 alt.Tooltip("revenue:Q", title="Revenue, USD bn a year", format=",.1f"),
                 alt.Tooltip("pct_of_revenue:Q", title="Percent of revenue", format=".1f"), alt.Tooltip("what:N", title="What")])
    return alt.layer(base.mark_bar(), base.mark_text(align="left", dx=4).encode(text=alt.Text("pct_of_revenue:Q", format=".0f"))
                     ).properties(height=40 * len(d) + 30)


def backlog_share_chart(shares: pd.DataFrame) -> alt.LayerChart:
    """OpenAI's share of each supplier's backlog at two dates (a dot per date joined by a line).

    Parameters
    ----------
    shares : pandas.DataFrame
        ``firm``, ``when`` (a reader-facing label of the date) and ``share_pct`` (percent).
    """
    frame("shares", shares, ["firm", "when", "share_pct"], min_rows=1)
    y = alt.Y("firm:N", title=None, sort=alt.EncodingSortField("share_pct", op="max", order="descending"))
    x = alt.X("share_pct:Q", title="OpenAI's commitments, percent of the firm's backlog", scale=alt.Scale(domain=[0, 100]),
              axis=alt.Axis(tickCount=10))
    line = alt.Chart(shares).mark_line(color=PALETTE[7]).encode(y=y, x=x, detail="firm:N")
    dots = alt.Chart(shares).mark_point(filled=True, size=110).encode(
        y=y, x=x, color=alt.Color("when:N", title=None, scale=alt.Scale(range=[PALETTE[1], PALETTE[0]])),
        tooltip=[alt.Tooltip("firm:N", title="Firm"), alt.Tooltip("when:N", title="Backlog as of"),
                 alt.Tooltip("share_pct:Q", title="OpenAI's share, %", format=".0f")])
    return alt.layer(line, dots).properties(height=45 * shares["firm"].nunique() + 40)


def engine_failure_chart(exposures: pd.DataFrame, cancel: float, writedown: float, order: list[str],
                         x_max: float) -> alt.Chart:
    """First-round losses per firm with two sliders (share of commitments cancelled, equity written down).

    Parameters
    ----------
    exposures : pandas.DataFrame
        Indexed by firm with :data:`~helpers.models.network_contagion.EXPOSURE_COLUMNS` (USD billions)
        and ``basis`` (text for the tooltip).
    cancel, writedown : float
        Starting slider values, in [0, 1].
    order : list of str
        Firms from top to bottom.
    x_max : float
        Upper end of the x axis, USD billions (> 0); bars beyond it are clipped.
    """
    frame("exposures", exposures, list(EXPOSURE_COLUMNS) + ["basis"], min_rows=1)
    c0, w0 = probability("cancel", cancel), probability("writedown", writedown)
    top = number("x_max", x_max, low=0.0, low_open=True)
    c = slider("cancel", c0, 0.0, 1.0, 0.05, "Share of OpenAI's commitments cancelled")
    w = slider("writedown", w0, 0.0, 1.0, 0.05, "Share of the value of OpenAI stakes lost")
    ex = exposures.reset_index().rename(columns={exposures.index.name or "index": "firm"})
    ex = ex.fillna({"backlog_from_engine": 0.0, "equity_in_engine": 0.0, "firm_backlog": -1.0})
    e = engine_failure_exprs(c.name, w.name)
    chart = (alt.Chart(ex)
             .transform_calculate(lost_backlog=e["lost_backlog"], equity_loss=e["equity_loss"], share=e["lost_backlog_share"])
             .transform_calculate(share_txt="datum.share >= 0 ? format(100 * datum.share, '.1f') + '% of its backlog' : 'backlog not disclosed'")
             .transform_fold(["lost_backlog", "equity_loss"], as_=["loss_type", "usd_bn"])
             .transform_calculate(loss="datum.loss_type == 'lost_backlog' ? 'Backlog cancelled' : 'Stake written down'")
             .mark_bar(clip=True)
             .encode(y=alt.Y("firm:N", title=None, sort=order),
                     x=alt.X("usd_bn:Q", title="First-round loss, USD billions", scale=alt.Scale(domain=[0, top]), axis=alt.Axis(tickCount=8)),
                     color=alt.Color("loss:N", title=None, scale=alt.Scale(domain=["Backlog cancelled", "Stake written down"],
                                                                           range=[PALETTE[3], PALETTE[1]])),
                     tooltip=[alt.Tooltip("firm:N", title="Firm"), alt.Tooltip("loss:N", title="Loss"),
                              alt.Tooltip("usd_bn:Q", title="USD billions", format=",.1f"),
                              alt.Tooltip("share_txt:N", title="Cancelled backlog"), alt.Tooltip("basis:N", title="Basis")])
             .add_params(c, w)
             .properties(height=32 * len(ex) + 30))
    return chart
