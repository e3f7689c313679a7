"""Charts of the fact-check ledger and the forecast ledger (verdict colours, forecasts vs outcomes)."""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ..data.ledger import VERDICTS
from .theme import STATUS_COLORS, VERDICT_COLORS

__all__ = ["verdict_scale", "status_scale", "STATUS_LABELS", "verdict_chart", "forecast_outcome_frame", "forecast_outcome_chart"]

#: Reader-facing labels of the forecast statuses.
STATUS_LABELS = {"hit": "Hit", "on_track": "On track", "pending": "Pending", "off_track": "Off track", "missed": "Missed"}


def verdict_scale() -> alt.Scale:
    """A colour scale mapping verdict labels (as in :data:`helpers.data.ledger.VERDICTS`) to the verdict colours."""
    return alt.Scale(domain=list(VERDICTS.values()), range=[VERDICT_COLORS[k] for k in VERDICTS])


def status_scale() -> alt.Scale:
    """A colour scale mapping forecast status labels to the status colours."""
    return alt.Scale(domain=list(STATUS_LABELS.values()), range=[STATUS_COLORS[k] for k in STATUS_LABELS])


def forecast_outcome_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Each forecast with an outcome, expressed relative to the forecast's centre (1 = exactly as forecast).

    The centre is the point forecast, or the middle of a closed range, or its one bound; the range
    and the outcome are divided by it so that forecasts in different units share one axis.
    """
    d = df[df["outcome"].notna()].copy()
    centre = d["point"].copy()
    mid = (d["low"] + d["high"]) / 2
    centre = centre.fillna(mid).fillna(d["low"]).fillna(d["high"])
    d = d[centre.notna() & (centre != 0)]
    centre = centre[d.index]
    sign = np.sign(centre)
    out = pd.DataFrame(
        {
            "Forecast": d["label"],
            "Forecaster": d["forecaster"],
            "Made on": d["made_on"],
            "Due": d["due"],
            "Status": d["status"].map(STATUS_LABELS),
            "Outcome relative to forecast": d["outcome"] / centre * sign,
            "Range low": (d["lo_bound"] / centre * sign).clip(lower=0, upper=4),
            "Range high": (d["hi_bound"] / centre * sign).clip(lower=0, upper=4),
            "Outcome": d["outcome"].round(2).astype(str) + " " + d["unit"],
        }
    )
    return out.sort_values("Outcome relative to forecast").reset_index(drop=True)


def forecast_outcome_chart(rel: pd.DataFrame) -> alt.LayerChart:
    """A dot per forecast (outcome relative to forecast) over a bar for the range it was scored on."""
    base = alt.Chart(rel).encode(y=alt.Y("Forecast:N", sort=None, title=None, axis=alt.Axis(labelLimit=260)))
    rng = base.mark_rule(strokeWidth=6, opacity=0.35).encode(
        x=alt.X("Range low:Q", title="Outcome as a multiple of the forecast (1 = as forecast)", scale=alt.Scale(domain=[0, 4], clamp=True)),
        x2="Range high:Q",
    )
    one = alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(strokeDash=[4, 3], color="#999999").encode(x="x:Q")
    dots = base.mark_point(size=90, filled=True).encode(
        x="Outcome relative to forecast:Q",
        color=alt.Color("Status:N", scale=status_scale(), legend=alt.Legend(title="Status")),
        tooltip=["Forecast", "Forecaster", "Made on", "Due", "Outcome", "Status"],
    )
    return alt.layer(rng, one, dots).properties(height=alt.Step(22))


def verdict_chart(claims: pd.DataFrame, title_stats: dict | None = None) -> alt.TopLevelMixin:
    """Verdicts by article: stacked bars with a legend that highlights a verdict; the title states the tally."""
    from ..data.ledger import ARTICLES, scoreboard
    from .render import finish

    sb = title_stats or scoreboard(claims)
    counts = claims.groupby(["article", "verdict"]).size().rename("n").reset_index()
    counts["Verdict"] = counts["verdict"].map(VERDICTS)
    counts["Article"] = counts["article"].map(lambda a: f"{a} {ARTICLES[a]}")
    pick = alt.selection_point(fields=["Verdict"], bind="legend")
    chart = alt.Chart(counts).mark_bar().encode(
        y=alt.Y("Article:N", title=None, axis=alt.Axis(labelLimit=200)),
        x=alt.X("sum(n):Q", title="Claims (count)"),
        color=alt.Color("Verdict:N", sort=list(VERDICTS.values()), scale=verdict_scale(), legend=alt.Legend(title="Verdict")),
        order=alt.Order("verdict_rank:Q"),
        opacity=alt.condition(pick, alt.value(1), alt.value(0.25)),
        tooltip=["Article:N", "Verdict:N", alt.Tooltip("sum(n):Q", title="Claims")],
    ).transform_calculate(verdict_rank=f"indexof({list(VERDICTS.values())!r}, datum.Verdict)").add_params(pick).properties(height=200)
    worst = counts.assign(bad=counts["verdict"].isin(["wrong_unit_or_magnitude", "contradicted", "misattributed", "outdated"]) * counts["n"])
    share = (worst.groupby("Article")["bad"].sum() / worst.groupby("Article")["n"].sum()).sort_values()
    return finish(
        chart,
        title=f"{sb['holds']} of {sb['claims']} claims hold up; {sb['fails']} fail, most often in {share.index[-1]}",
        subtitle="Claims of each article by verdict (count); click a verdict in the legend to highlight it",
        description=(f"Stacked bars for the five articles. In all, {sb['holds']} claims hold (fully or with a caveat), "
                     f"{sb['fails']} fail and {sb['open']} stay open. The share that fails is highest in {share.index[-1]} "
                     f"({share.iloc[-1]:.0%}) and lowest in {share.index[0]} ({share.iloc[0]:.0%})."),
        sources=["Fact-check ledger (data/claims_ch*.csv)"],
    )
