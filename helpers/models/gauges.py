r"""The dashboard's gauges: status labels, growth fits and the engine gauge (chapter 17).

A1 §4 proposes three gauges for the "AI perpetual-motion machine": the engine (ChatGPT user
growth), the gears (the clouds' capex / revenue ratio, in :mod:`helpers.models.gauges_gears`)
and the fuel (compute per dollar). This module holds the pieces the engine and fuel gauges need:

* :func:`gauge_status` turns a reading and two thresholds into one of :data:`GAUGE_STATUSES`;
* :func:`growth_rate` fits an annual growth rate to a dated series (log-linear regression or
  CAGR) with its doubling time (from :func:`helpers.models.gdp.doubling_time`);
  :func:`rate_from_doubling` converts back;
* :func:`average_level` averages a dated series over a window, interpolating log-linearly;
* :func:`required_user_growth` splits a revenue target into user and revenue-per-user growth;
* :func:`weekly_users` assembles OpenAI's weekly-user statements from the book's two datasets.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from .._validate import InputTypeError, array, choice, frame, number, shared_index
from .gdp import doubling_time

__all__ = [
    "GAUGE_STATUSES",
    "GrowthFit",
    "gauge_status",
    "growth_rate",
    "rate_from_doubling",
    "average_level",
    "required_user_growth",
    "weekly_users",
]

#: Status labels, from best to worst.
GAUGE_STATUSES = ("ok", "warn", "alarm")
_DAYS_PER_YEAR = 365.25


def _dates(name: str, x) -> pd.DatetimeIndex:
    """``x`` as dates (anything :func:`pandas.to_datetime` reads), none missing."""
    if isinstance(x, (str, bytes)) or x is None:
        raise InputTypeError(f"{name} must be a sequence of dates, got {x!r}")
    try:
        d = pd.DatetimeIndex(pd.to_datetime(pd.Series(list(x), dtype=object)))
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{name} must be dates, got {str(list(x))[:80]}") from None
    if len(d) == 0 or d.isna().any():
        raise ValueError(f"{name} must be non-empty dates with none missing, got {str(list(x))[:80]}")
    return d


def _table(name: str, df, columns=(), *, required=(), key=(), min_rows: int = 1) -> pd.DataFrame:
    """``df`` with ``columns``; ``required`` numeric columns finite, every other numeric column finite or NaN."""
    return frame(name, df, columns, numeric=required, other_numeric=True, key=key, min_rows=min_rows)


def _dated(dates, values) -> tuple[pd.DatetimeIndex, np.ndarray]:
    shared_index(dates, values, names=["dates", "values"])
    d = _dates("dates", dates)
    y = array("values", values, low=0.0, low_open=True, min_size=2, ndim=1)
    if len(d) != len(y):
        raise ValueError(f"dates and values must have the same length, got {len(d)} and {len(y)}")
    order = np.argsort(d.values, kind="stable")
    return d[order], y[order]


def _years(d: pd.DatetimeIndex, origin: pd.Timestamp) -> np.ndarray:
    return np.asarray((d - origin) / pd.Timedelta(days=1), dtype=float) / _DAYS_PER_YEAR


def gauge_status(value, warn: float, alarm: float, higher_is_better: bool = True):
    r"""Status label of a gauge reading against a warning and an alarm threshold.

    Parameters
    ----------
    value : float, array-like or Series
        The gauge reading(s), in the thresholds' unit.
    warn, alarm : float
        Thresholds. The alarm lies beyond the warning in the bad direction (``alarm <= warn`` when
        higher is better, ``alarm >= warn`` otherwise); equal thresholds are allowed.
    higher_is_better : bool, default True
        Direction of the gauge.

    Returns
    -------
    str, ndarray of str or Series
        One of :data:`GAUGE_STATUSES` per reading (a Series keeps its index). A reading exactly
        on a threshold takes the worse label.

    Notes
    -----
    With higher is better: alarm if :math:`v \le a`, warn if :math:`a < v \le w`, ok if :math:`v > w`;
    mirrored when lower is better.

    Examples
    --------
    >>> gauge_status(0.70, warn=0.84, alarm=0.64)
    'warn'
    >>> gauge_status([0.2, 0.4, 0.5], warn=0.35, alarm=0.48, higher_is_better=False).tolist()
    ['ok', 'warn', 'alarm']
    """
    if not isinstance(higher_is_better, (bool, np.bool_)):
        raise InputTypeError(f"higher_is_better must be True or False, got {higher_is_better!r}")
    w, a = number("warn", warn), number("alarm", alarm)
    if higher_is_better and a > w:
        raise ValueError(f"alarm must be <= warn when higher is better, got alarm={alarm!r}, warn={warn!r}")
    if not higher_is_better and a < w:
        raise ValueError(f"alarm must be >= warn when lower is better, got alarm={alarm!r}, warn={warn!r}")
    v = array("value", value, min_size=1)
    s, w_, a_ = (v, w, a) if higher_is_better else (-v, -w, -a)
    out = np.where(s <= a_, "alarm", np.where(s <= w_, "warn", "ok")).astype(object)
    if out.ndim == 0:
        return str(out)
    if isinstance(value, pd.Series):
        return pd.Series(out, index=value.index, name="status")
    return out


class GrowthFit(NamedTuple):
    """An annual growth rate fitted to a dated series."""

    rate: float  #: growth per year, a fraction (0.25 = 25% a year)
    doubling_years: float  #: years to double (inf if flat; minus the halving time if shrinking)
    method: str  #: "regression" or "cagr"
    n: int  #: observations used
    start: pd.Timestamp  #: first date used
    end: pd.Timestamp  #: last date used
    r2: float  #: R^2 of the fitted line in logs (for CAGR, of the line through the end points)


def rate_from_doubling(years):
    r"""Annual growth rate implied by a doubling time.

    Parameters
    ----------
    years : float or array-like
        Doubling time in years, > 0.

    Returns
    -------
    float or ndarray
        :math:`2^{1/T} - 1`, a fraction per year.

    Examples
    --------
    >>> round(rate_from_doubling(2.07), 3)  # Epoch AI's ML-GPU price-performance trend
    0.398
    """
    t = array("years", years, low=0.0, low_open=True, min_size=1)
    with np.errstate(over="ignore"):
        out = np.exp2(1.0 / t) - 1.0
    if not np.isfinite(out).all():
        raise ValueError(f"years must exceed 1/1024 (a shorter doubling time overflows), got {float(t.min())!r}")
    return float(out) if out.ndim == 0 else out


def growth_rate(dates, values, method: str = "regression") -> GrowthFit:
    r"""Annual growth rate of a dated, positive series.

    Parameters
    ----------
    dates : array-like of dates
        Observation dates; at least two, spanning more than a day.
    values : array-like of float
        The series, > 0, same length as ``dates`` (for example users in millions).
    method : {"regression", "cagr"}
        ``"regression"`` fits :math:`\ln y = a + b t` by least squares (t in years) and returns
        :math:`e^b - 1`; ``"cagr"`` uses only the first and last observations (by date).

    Returns
    -------
    GrowthFit

    Notes
    -----
    CAGR: :math:`g = (y_T / y_0)^{1/(T - t_0)} - 1`. Regression: :math:`g = e^{\hat b} - 1`, which
    weights every observation. The doubling time is :math:`\ln 2 / \ln(1+g)` (infinite at
    :math:`g = 0`, negative for a shrinking series).

    References
    ----------
    Hobbhahn, M. and Besiroglu, T. (2022). Trends in GPU price-performance. Epoch AI,
    https://epoch.ai/blog/trends-in-gpu-price-performance (log-linear fits of price-performance).

    Examples
    --------
    >>> fit = growth_rate(["2024-01-01", "2025-01-01", "2026-01-01"], [100, 200, 400], method="cagr")
    >>> round(fit.rate, 3), round(fit.doubling_years, 3)
    (1.0, 1.0)
    """
    method = choice("method", method, ("regression", "cagr"))
    d, y = _dated(dates, values)
    if d[0] == d[-1]:
        raise ValueError(f"dates must span more than one day, got {list(d.astype(str))}")
    t, ly = _years(d, d[0]), np.log(y)
    if method == "cagr":
        b, a = (ly[-1] - ly[0]) / t[-1], ly[0]
    else:
        tc = t - t.mean()
        b = float(np.dot(tc, ly - ly.mean()) / np.dot(tc, tc))
        a = ly.mean() - b * t.mean()
    ss_tot = float(np.sum((ly - ly.mean()) ** 2))
    r2 = 1.0 - float(np.sum((ly - (a + b * t)) ** 2)) / ss_tot if ss_tot > 0 else 1.0
    rate = float(np.expm1(b))
    return GrowthFit(rate, float(doubling_time(rate, nonpositive="signed")), method, int(len(y)), d[0], d[-1], float(r2))


def average_level(dates, values, start, end) -> float:
    r"""Time-average of a dated series over ``[start, end]``, interpolating log-linearly.

    Parameters
    ----------
    dates : array-like of dates
        Observation dates (distinct).
    values : array-like of float
        The series, > 0.
    start, end : date-like
        The window, within the observed dates (no extrapolation), ``start < end``.

    Returns
    -------
    float
        :math:`\frac{1}{T}\int_{start}^{end} y(t)\,dt` with :math:`\ln y` linear between
        observations, on a daily grid.

    Examples
    --------
    >>> round(average_level(["2024-01-01", "2026-01-01"], [100, 400], "2024-01-01", "2026-01-01"), 1)
    216.4
    """
    d, y = _dated(dates, values)
    if d.duplicated().any():
        raise ValueError(f"dates must be distinct, got {list(d.astype(str))}")
    s, e = _dates("start", [start])[0], _dates("end", [end])[0]
    if not s < e:
        raise ValueError(f"start must be before end, got start={start!r}, end={end!r}")
    if s < d[0] or e > d[-1]:
        raise ValueError(f"start..end ({s.date()}..{e.date()}) must lie within the data {d[0].date()}..{d[-1].date()}")
    grid = pd.date_range(s, e, freq="D")
    return float(np.mean(np.exp(np.interp(_years(grid, d[0]), _years(d, d[0]), np.log(y)))))


def required_user_growth(revenue_growth, arpu_growth):
    r"""User growth a revenue plan needs, given growth of revenue per user.

    Parameters
    ----------
    revenue_growth, arpu_growth : float or array-like
        Planned revenue growth and assumed growth of revenue per user, fractions per year (> -1).

    Returns
    -------
    float or ndarray
        :math:`(1 + g_R) / (1 + g_{ARPU}) - 1`, since revenue = users x revenue per user.

    Examples
    --------
    >>> round(required_user_growth(0.84, 0.12), 3)
    0.643
    """
    gr = array("revenue_growth", revenue_growth, low=-1.0, low_open=True, min_size=1)
    ga = array("arpu_growth", arpu_growth, low=-1.0, low_open=True, min_size=1)
    try:
        out = (1.0 + gr) / (1.0 + ga) - 1.0
    except ValueError:
        raise ValueError(f"revenue_growth and arpu_growth have mismatched lengths {gr.size} and {ga.size}") from None
    return float(out) if out.ndim == 0 else out


def weekly_users(financials: pd.DataFrame, statements: pd.DataFrame) -> pd.DataFrame:
    """OpenAI's ChatGPT weekly-user statements from the book's two datasets, one dated series.

    Parameters
    ----------
    financials : pandas.DataFrame
        ``openai_financials`` (rows with ``metric == "weekly_active_users"``: ``period`` is the month
        the figure refers to, ``reported_on`` the statement date).
    statements : pandas.DataFrame
        ``dashboard_chatgpt_users`` (rows with ``metric == "weekly_active_users"``, dated ``as_of``).

    Returns
    -------
    pandas.DataFrame
        Columns ``as_of`` (the statement day where the month agrees, else the 15th of the month),
        ``value`` (millions), ``kind``, ``source``, sorted by date, one row per date.

    Examples
    --------
    >>> f = pd.DataFrame({"metric": ["weekly_active_users"], "period": ["2025-10"], "reported_on": ["2025-10-06"],
    ...                   "value": [800.0], "kind": ["actual"], "source": ["a"]})
    >>> s = pd.DataFrame({"metric": ["weekly_active_users"], "as_of": ["2026-02-27"], "value": [900.0],
    ...                   "kind": ["actual"], "source": ["b"]})
    >>> weekly_users(f, s)["as_of"].dt.strftime("%Y-%m-%d").tolist()
    ['2025-10-06', '2026-02-27']
    """
    _table("financials", financials, ["metric", "period", "reported_on", "kind", "source"], required=["value"],
           key=["metric", "period", "kind", "reported_on"])
    _table("statements", statements, ["metric", "kind", "source"], required=["value"], key=["metric", "as_of"])
    w1 = financials[financials["metric"] == "weekly_active_users"].copy()
    same = [len(str(r)) == 10 and str(r).startswith(str(p)) for r, p in zip(w1["reported_on"], w1["period"])]
    w1["as_of"] = pd.to_datetime(np.where(same, w1["reported_on"].astype(str), w1["period"].astype(str) + "-15"))
    w2 = statements[statements["metric"] == "weekly_active_users"].assign(as_of=lambda d: pd.to_datetime(d["as_of"]))
    for name, w in (("financials", w1), ("statements", w2)):
        array(f"{name} column 'value' (weekly users)", w["value"].to_numpy(dtype=float), low=0.0, low_open=True)
    cols = ["as_of", "value", "kind", "source"]
    out = pd.concat([w1[cols], w2[cols]]).sort_values("as_of").reset_index(drop=True)
    if out["as_of"].duplicated().any():
        raise ValueError(f"statements repeat a date already in financials: {out.loc[out['as_of'].duplicated(), 'as_of'].tolist()}")
    if out.empty:
        raise ValueError("financials and statements hold no weekly_active_users rows")
    return out
