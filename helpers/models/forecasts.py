r"""Scoring dated forecasts against what happened.

The status rule itself (:func:`helpers.data.forecasts.forecast_status`) is part of the forecast
ledger's contract, so that validating the data checks every recorded status; this module scores
the resolved forecasts.

A forecast is a dated claim: someone said, on a date, that a quantity would lie in a range (or
near a value) at a due date. This module turns a table of such claims and the outcomes observed
so far into a status per forecast and into scores for the probabilistic ones. It is pure: numbers
in, labels and numbers out; the book's forecast ledger (``data/forecasts_chNN.csv``) feeds it.

Statuses
--------
``pending``
    No outcome observed yet.
``on_track`` / ``off_track``
    An interim reading (``outcome_final`` false: a run rate, a year-to-date figure annualised, the
    latest guidance) lies inside / outside the forecast's range.
``hit`` / ``missed``
    The final outcome for the due period lies inside / outside the range.

Notes
-----
The range of a forecast is :math:`[\ell, h]` from its ``low`` and ``high`` columns (an open side
is :math:`\mp\infty`). A point forecast :math:`p` with no range is scored on the band
:math:`[p(1-\tau), p(1+\tau)]` (for :math:`p<0` the band is mirrored), with :math:`\tau` the row's
tolerance (10% unless the row says otherwise): the tolerance is a stated convention of the book,
reported next to every score.

A probability forecast says the event "the outcome lands in the range" has probability
:math:`q`. Once resolved (:math:`o = 1` if it happened, else 0) its Brier score is
:math:`(q - o)^2` (Brier 1950): 0 is perfect, 0.25 is what always saying 50% earns, 1 is
confidently wrong. A stated interval with nominal level :math:`c` (say 80%) is calibrated when,
over many resolved intervals, the share that contain the outcome is close to :math:`c`.

References
----------
Brier, G. W. (1950). Verification of forecasts expressed in terms of probability. *Monthly
Weather Review*, 78(1), 1-3. https://doi.org/10.1175/1520-0493(1950)078<0001:VOFEIT>2.0.CO;2

Gneiting, T. and Raftery, A. E. (2007). Strictly proper scoring rules, prediction, and
estimation. *Journal of the American Statistical Association*, 102(477), 359-378.
https://doi.org/10.1198/016214506000001437
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from .._validate import array
from .._validate import frame as _frame
from ..data.forecasts import FORECAST_STATUSES

__all__ = ["brier_score", "ForecastScores", "score_forecasts"]



def brier_score(probability, happened) -> float:
    """Mean Brier score of probability forecasts of events that have resolved.

    Parameters
    ----------
    probability : array-like of float
        Forecast probabilities of the event, each in [0, 1].
    happened : array-like of bool
        Whether each event happened.

    Returns
    -------
    float
        Mean of ``(probability - happened)**2``: 0 is perfect, 0.25 is a constant 50% forecast.

    Examples
    --------
    >>> brier_score([0.9, 0.2], [True, False])
    0.025
    """
    q = array("probability", probability, low=0.0, high=1.0, min_size=1)
    o = np.asarray(happened)
    if o.dtype != bool or o.shape != q.shape:
        raise ValueError(f"happened must be booleans, one per probability, got {happened!r}")
    return float(round(np.mean((q - o) ** 2), 12))


class ForecastScores(NamedTuple):
    """Summary of a forecast ledger: counts by status and the scores of probabilistic forecasts."""

    counts: pd.Series
    resolved: int
    hit_rate: float
    brier: float
    n_brier: int
    coverage: float
    nominal_coverage: float
    n_intervals: int


def score_forecasts(frame: pd.DataFrame) -> ForecastScores:
    """Counts by status, hit rate, mean Brier score and interval coverage of a forecast table.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``status``, ``probability`` (in [0, 1]; NaN unless the forecast gave one) and
        ``interval_level`` (in (0, 1]; NaN unless the range is a stated interval); at least one
        row, and no ``forecast_id`` twice if that column is present.

    Returns
    -------
    ForecastScores
        NaN scores where nothing has resolved yet.
    """
    cols = ("probability", "interval_level")
    _frame("frame", frame, ["status"], numeric=cols, nullable=cols, key=["forecast_id"] if "forecast_id" in frame else ())
    for col, low_open in (("probability", False), ("interval_level", True)):
        array(f"frame column {col!r}", frame[col].to_numpy(dtype=float, na_value=np.nan), low=0.0, high=1.0,
              low_open=low_open, allow_nan=True)
    unknown = set(frame["status"]) - set(FORECAST_STATUSES)
    if unknown:
        raise ValueError(f"frame column 'status' values must be among {FORECAST_STATUSES}, got {sorted(unknown)}")
    counts = frame["status"].value_counts().reindex(list(FORECAST_STATUSES), fill_value=0)
    resolved = frame["status"].isin(["hit", "missed"])
    hit = frame["status"].eq("hit")
    prob = frame["probability"].astype(float)
    pb = resolved & prob.notna()
    brier = brier_score(prob[pb].to_numpy(), hit[pb].to_numpy()) if pb.any() else float("nan")
    lvl = frame["interval_level"].astype(float)
    iv = resolved & lvl.notna()
    return ForecastScores(
        counts=counts,
        resolved=int(resolved.sum()),
        hit_rate=float(hit[resolved].mean()) if resolved.any() else float("nan"),
        brier=brier,
        n_brier=int(pb.sum()),
        coverage=float(hit[iv].mean()) if iv.any() else float("nan"),
        nominal_coverage=float(lvl[iv].mean()) if iv.any() else float("nan"),
        n_intervals=int(iv.sum()),
    )
