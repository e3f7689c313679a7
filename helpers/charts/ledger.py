"""Charts of the fact-check ledger and the forecast ledger (verdict colours, forecasts vs outcomes)."""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ..data.ledger import VERDICTS
from .theme import STATUS_COLORS, VERDICT_COLORS

__all__ = ["verdict_scale", "status_scale", "STATUS_LABELS", "forecast_outcome_frame", "forecast_outcome_chart"]

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
