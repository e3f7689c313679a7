"""The dashboard's gauges: growth rates, thresholds and status labels (chapter 17).

A1 §4 proposes three gauges for the "AI perpetual-motion machine": the engine (ChatGPT user growth),
the gears (the clouds' capex / revenue ratio) and the fuel (compute per dollar). This module holds the
small, testable pieces the dashboard needs:

* :func:`growth_rate` fits an annual growth rate to a dated series (log-linear regression or CAGR) and
  reports its doubling time; :func:`doubling_time` and :func:`rate_from_doubling` convert between the two.
* :func:`average_level` averages a dated series over a window, interpolating log-linearly between
  observations (for revenue per average user).
* :func:`required_user_growth` splits a revenue growth target into user growth and revenue-per-user growth.
* :func:`capex_intensity` is capex / revenue; :func:`capex_thresholds` gives the capex / revenue levels at
  which a steady-state asset base could no longer earn a required return (warn) or be paid for from
  operating cash at all (alarm).
* :func:`gauge_status` turns a value and two thresholds into ``"ok"``, ``"warn"`` or ``"alarm"``.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from .capex import capital_recovery_factor

from .._validate import number

__all__ = [
    "STATUSES",
    "GrowthFit",
    "CapexThresholds",
    "gauge_status",
    "growth_rate",
    "doubling_time",
    "rate_from_doubling",
    "average_level",
    "required_user_growth",
    "capex_intensity",
    "capex_thresholds",
]

#: Status labels, from best to worst.
STATUSES = ("ok", "warn", "alarm")
_DAYS_PER_YEAR = 365.25


def _values(name: str, x, *, positive: bool = False, nonneg: bool = False) -> np.ndarray:
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numeric, got {x!r}") from None
    if arr.ndim != 1:
        arr = arr.reshape(-1)
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got {x!r}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or inf), got {x!r}")
    if positive and np.any(arr <= 0):
        raise ValueError(f"{name} must be > 0, got {arr[arr <= 0][0]!r}")
    if nonneg and np.any(arr < 0):
        raise ValueError(f"{name} must be >= 0, got {arr[arr < 0][0]!r}")
    return arr


def _dates(name: str, x) -> pd.DatetimeIndex:
    try:
        d = pd.DatetimeIndex(pd.to_datetime(pd.Series(list(x) if not isinstance(x, (str, bytes)) else [x])))
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be dates, got {x!r}") from None
    if len(d) == 0:
        raise ValueError(f"{name} must not be empty, got {x!r}")
    if d.isna().any():
        raise ValueError(f"{name} must not contain missing dates, got {x!r}")
    return d


def _dated_values(dates, values) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """Checked dates and positive values of equal length, at least two of them."""
    d = _dates("dates", dates)
    y = _values("values", values, positive=True)
    if len(d) != len(y):
        raise ValueError(f"dates and values must have the same length, got {len(d)} and {len(y)}")
    if len(y) < 2:
        raise ValueError(f"values must hold at least two observations, got {len(y)}")
    return d, y


def _years(d: pd.DatetimeIndex, origin: pd.Timestamp) -> np.ndarray:
    return np.asarray((d - origin) / pd.Timedelta(days=1), dtype=float) / _DAYS_PER_YEAR


# ---------------------------------------------------------------------------------------------
# status
# ---------------------------------------------------------------------------------------------
def gauge_status(value, warn: float, alarm: float, higher_is_better: bool = True):
    """Status label of a gauge reading against a warning and an alarm threshold.

    Parameters
    ----------
    value : float, array-like or Series
        The gauge reading(s), in the thresholds' unit.
    warn : float
        Threshold below which (``higher_is_better``) or above which (otherwise) the gauge warns.
    alarm : float
        Threshold for the alarm. Must lie beyond ``warn`` in the bad direction (``alarm <= warn``
        when higher is better, ``alarm >= warn`` otherwise); equal thresholds are allowed.
    higher_is_better : bool, default True
        Direction of the gauge.

    Returns
    -------
    str, ndarray of str or Series
        ``"ok"``, ``"warn"`` or ``"alarm"`` (see :data:`STATUSES`), the same shape as ``value``;
        a Series keeps its index. A reading exactly on a threshold takes the worse label.

    Notes
    -----
    With higher is better: alarm if :math:`v \\le a`, warn if :math:`a < v \\le w`, ok if :math:`v > w`.
    With lower is better the inequalities are mirrored.

    Examples
    --------
    >>> gauge_status(1.2, warn=0.84, alarm=0.64)
    'ok'
    >>> gauge_status(0.70, warn=0.84, alarm=0.64)
    'warn'
    >>> gauge_status(0.66, warn=0.35, alarm=0.48, higher_is_better=False)
    'alarm'
    >>> gauge_status([0.2, 0.4, 0.5], warn=0.35, alarm=0.48, higher_is_better=False).tolist()
    ['ok', 'warn', 'alarm']
    """
    if not isinstance(higher_is_better, (bool, np.bool_)):
        raise ValueError(f"higher_is_better must be True or False, got {higher_is_better!r}")
    w = number("warn", warn, allow_bool=False)
    a = number("alarm", alarm, allow_bool=False)
    if higher_is_better and a > w:
        raise ValueError(f"alarm must be <= warn when higher is better, got alarm={alarm!r}, warn={warn!r}")
    if not higher_is_better and a < w:
        raise ValueError(f"alarm must be >= warn when lower is better, got alarm={alarm!r}, warn={warn!r}")
    scalar = np.ndim(value) == 0 and not isinstance(value, pd.Series)
    if scalar:
        v = np.array([number("value", value, allow_bool=False)])
    else:
        v = _values("value", value)
    s = v if higher_is_better else -v
    w_, a_ = (w, a) if higher_is_better else (-w, -a)
    out = np.where(s <= a_, "alarm", np.where(s <= w_, "warn", "ok")).astype(object)
    if scalar:
        return str(out[0])
    if isinstance(value, pd.Series):
        return pd.Series(out, index=value.index, name="status")
    return out


# ---------------------------------------------------------------------------------------------
# growth
# ---------------------------------------------------------------------------------------------
class GrowthFit(NamedTuple):
    """An annual growth rate fitted to a dated series."""

    rate: float  #: growth per year, a fraction (0.25 = 25% a year)
    doubling_years: float  #: years to double at that rate (see :func:`doubling_time`)
    method: str  #: "regression" or "cagr"
    n: int  #: observations used
    start: pd.Timestamp  #: first date used
    end: pd.Timestamp  #: last date used
    r2: float  #: R^2 of the fitted line in logs (for CAGR, the line through the end points)


def doubling_time(rate):
    """Years for a quantity growing at ``rate`` a year to double.

    Parameters
    ----------
    rate : float or array-like
        Growth per year as a fraction, ``> -1``.

    Returns
    -------
    float or ndarray
        :math:`\\ln 2 / \\ln(1 + g)`; ``inf`` when ``rate == 0`` and negative (a halving time with a
        minus sign) when the quantity shrinks.

    Examples
    --------
    >>> round(doubling_time(1.0), 6)
    1.0
    >>> round(doubling_time(0.398), 2)
    2.07
    """
    g = _values("rate", rate)
    if np.any(g <= -1):
        raise ValueError(f"rate must be > -1, got {g[g <= -1][0]!r}")
    with np.errstate(divide="ignore"):
        out = np.where(g == 0, np.inf, np.log(2.0) / np.log1p(np.where(g == 0, 1.0, g)))
    return float(out[0]) if np.ndim(rate) == 0 else out


def rate_from_doubling(years):
    """Annual growth rate implied by a doubling time.

    Parameters
    ----------
    years : float or array-like
        Doubling time in years, ``> 0``.

    Returns
    -------
    float or ndarray
        :math:`2^{1/T} - 1`, a fraction per year.

    Examples
    --------
    >>> round(rate_from_doubling(2.07), 3)  # Epoch AI's ML-GPU price-performance trend
    0.398
    """
    t = _values("years", years, positive=True)
    out = np.exp2(1.0 / t) - 1.0
    return float(out[0]) if np.ndim(years) == 0 else out


def growth_rate(dates, values, method: str = "regression") -> GrowthFit:
    """Annual growth rate of a dated, positive series.

    Parameters
    ----------
    dates : array-like of dates
        Observation dates (anything :func:`pandas.to_datetime` reads); at least two distinct dates.
    values : array-like of float
        The series, ``> 0``, same length as ``dates`` (for example users in millions).
    method : {"regression", "cagr"}
        ``"regression"`` fits :math:`\\ln y = a + b t` by least squares (t in years) and returns
        :math:`e^b - 1`; ``"cagr"`` uses only the first and last observations (by date).

    Returns
    -------
    GrowthFit
        Rate per year, doubling time in years, method, number of points, first and last date, and
        the R^2 of the log-linear fit.

    Notes
    -----
    CAGR: :math:`g = (y_T / y_0)^{1/(T - t_0)} - 1`. Regression: :math:`g = e^{\\hat b} - 1`, which
    weights every observation and so is less sensitive to one odd reading; with irregular
    observation dates both are exact for a series that grows exponentially.

    Examples
    --------
    >>> fit = growth_rate(["2024-01-01", "2025-01-01", "2026-01-01"], [100, 200, 400], method="cagr")
    >>> round(fit.rate, 3), round(fit.doubling_years, 3)
    (1.0, 1.0)
    >>> round(growth_rate(["2024-01-01", "2025-01-01", "2026-01-01"], [100, 200, 400]).rate, 3)
    1.0
    """
    if method not in ("regression", "cagr"):
        raise ValueError(f"method must be 'regression' or 'cagr', got {method!r}")
    d, y = _dated_values(dates, values)
    order = np.argsort(d.values, kind="stable")
    d, y = d[order], y[order]
    if d[0] == d[-1]:
        raise ValueError(f"dates must span more than one day, got {list(d.astype(str))}")
    t = _years(d, d[0])
    ly = np.log(y)
    if method == "cagr":
        b = (ly[-1] - ly[0]) / t[-1]
        a = ly[0]
    else:
        tc = t - t.mean()
        b = float(np.dot(tc, ly - ly.mean()) / np.dot(tc, tc))
        a = ly.mean() - b * t.mean()
    resid = ly - (a + b * t)
    ss_tot = float(np.sum((ly - ly.mean()) ** 2))
    r2 = 1.0 - float(np.sum(resid**2)) / ss_tot if ss_tot > 0 else 1.0
    rate = float(np.expm1(b))
    return GrowthFit(rate, doubling_time(rate), method, int(len(y)), d[0], d[-1], float(r2))


def average_level(dates, values, start, end) -> float:
    """Time-average of a dated series over ``[start, end]``, interpolating log-linearly.

    Parameters
    ----------
    dates : array-like of dates
        Observation dates (distinct).
    values : array-like of float
        The series, ``> 0``.
    start, end : date-like
        The window; must lie within the observed dates (no extrapolation) and ``start < end``.

    Returns
    -------
    float
        :math:`\\frac{1}{T}\\int_{start}^{end} y(t)\\,dt` with :math:`\\ln y` linear between
        observations, evaluated on a daily grid.

    Examples
    --------
    >>> round(average_level(["2024-01-01", "2026-01-01"], [100, 400], "2024-01-01", "2026-01-01"), 1)
    216.4
    """
    d, y = _dated_values(dates, values)
    if d.duplicated().any():
        raise ValueError(f"dates must be distinct, got {list(d.astype(str))}")
    s, e = _dates("start", [start])[0], _dates("end", [end])[0]
    if not s < e:
        raise ValueError(f"start must be before end, got start={start!r}, end={end!r}")
    order = np.argsort(d.values)
    d, y = d[order], y[order]
    if s < d[0] or e > d[-1]:
        raise ValueError(f"window {s.date()}..{e.date()} must lie within the data {d[0].date()}..{d[-1].date()}")
    grid = pd.date_range(s, e, freq="D")
    t = _years(d, d[0])
    tg = _years(grid, d[0])
    return float(np.mean(np.exp(np.interp(tg, t, np.log(y)))))


def required_user_growth(revenue_growth, arpu_growth):
    """User growth a revenue plan needs, given growth of revenue per user.

    Parameters
    ----------
    revenue_growth : float or array-like
        Planned revenue growth per year, a fraction (> -1).
    arpu_growth : float or array-like
        Assumed growth of revenue per user per year, a fraction (> -1).

    Returns
    -------
    float or ndarray
        :math:`(1 + g_R) / (1 + g_{ARPU}) - 1`, since revenue = users x revenue per user.

    Examples
    --------
    >>> round(required_user_growth(0.84, 0.12), 3)
    0.643
    """
    gr = _values("revenue_growth", revenue_growth)
    ga = _values("arpu_growth", arpu_growth)
    if np.any(gr <= -1):
        raise ValueError(f"revenue_growth must be > -1, got {gr[gr <= -1][0]!r}")
    if np.any(ga <= -1):
        raise ValueError(f"arpu_growth must be > -1, got {ga[ga <= -1][0]!r}")
    if gr.size != ga.size and 1 not in (gr.size, ga.size):
        raise ValueError(f"revenue_growth and arpu_growth have mismatched lengths {gr.size} and {ga.size}")
    out = (1.0 + gr) / (1.0 + ga) - 1.0
    return float(out[0]) if np.ndim(revenue_growth) == 0 and np.ndim(arpu_growth) == 0 else out


# ---------------------------------------------------------------------------------------------
# gears
# ---------------------------------------------------------------------------------------------
def capex_intensity(capex, revenue):
    """Capital expenditure as a share of revenue.

    Parameters
    ----------
    capex : float, array-like or Series
        Capital expenditure, USD (any scale), ``>= 0``.
    revenue : float, array-like or Series
        Revenue of the same period and scale, ``> 0``. Series must share an index.

    Returns
    -------
    float, ndarray or Series
        :math:`C / R`, a fraction. A Series input keeps its index.

    Examples
    --------
    >>> round(capex_intensity(64.55, 281.7), 3)
    0.229
    """
    if isinstance(capex, pd.Series) and isinstance(revenue, pd.Series) and not capex.index.equals(revenue.index):
        raise ValueError("capex and revenue must share the same index")
    c = _values("capex", capex, nonneg=True)
    r = _values("revenue", revenue, positive=True)
    if c.size != r.size and 1 not in (c.size, r.size):
        raise ValueError(f"capex and revenue have mismatched lengths {c.size} and {r.size}")
    out = c / r
    for x in (capex, revenue):
        if isinstance(x, pd.Series) and out.size == len(x):
            return pd.Series(out, index=x.index, name="capex_to_revenue")
    return float(out[0]) if np.ndim(capex) == 0 and np.ndim(revenue) == 0 else out


class CapexThresholds(NamedTuple):
    """Capex / revenue levels at which a steady-state build-out stops paying (see :func:`capex_thresholds`)."""

    warn: float  #: capex/revenue at which cash margin only just earns ``rate`` on the asset base
    alarm: float  #: capex/revenue at which capex equals operating cash flow (no return at all)
    ocf_margin: float
    life_years: float
    rate: float


def capex_thresholds(ocf_margin: float, life_years: float, rate: float) -> CapexThresholds:
    """Warning and alarm levels for a company's capex / revenue ratio.

    Parameters
    ----------
    ocf_margin : float
        Operating cash flow / revenue, a fraction in (0, 1]: the cash the business throws off before
        investment (a proxy for the margin before depreciation).
    life_years : float
        Useful life of the assets in years (> 0), for example the depreciation life the company
        discloses for servers.
    rate : float
        Required return on capital per year, ``0 <= rate < 1``.

    Returns
    -------
    CapexThresholds
        ``warn`` and ``alarm`` as fractions of revenue, with the inputs.

    Notes
    -----
    Suppose the company spends a share :math:`c` of revenue :math:`R` on capex every year, so that in
    steady state :math:`L` vintages are in service. Each vintage must return the capital-recovery
    annuity :math:`\\mathrm{CRF}(r, L)` per dollar for :math:`L` years. All vintages together then need
    :math:`L \\cdot \\mathrm{CRF}(r, L) \\cdot c R` a year, which the operating cash margin :math:`m R`
    must cover:

    .. math:: c_{warn} = \\frac{m}{L\\,\\mathrm{CRF}(r, L)}, \\qquad c_{alarm} = c_{warn}\\big|_{r=0} = m .

    The alarm level is simply capex = operating cash flow: beyond it the build-out cannot be paid from
    the business's own cash even at a zero return, and must be borrowed. The warning level is stricter
    for any :math:`r > 0`. Both are generous to the company (all operating cash is credited to the
    new assets) and describe a steady state: during a fast build-out the ratio can sit above them for
    a while if revenue later catches up.

    References
    ----------
    Brealey, R. A., Myers, S. C. and Allen, F. (2020). *Principles of Corporate Finance*, 13th ed.,
    McGraw-Hill, ch. 6 (equivalent annual cost), for the capital-recovery factor.

    Examples
    --------
    >>> t = capex_thresholds(0.483, 6, 0.10)
    >>> round(t.warn, 3), round(t.alarm, 3)
    (0.351, 0.483)
    """
    m = number("ocf_margin", ocf_margin, allow_bool=False)
    if not 0 < m <= 1:
        raise ValueError(f"ocf_margin must be in (0, 1], got {ocf_margin!r}")
    life = number("life_years", life_years, allow_bool=False)
    if life <= 0:
        raise ValueError(f"life_years must be > 0, got {life_years!r}")
    r = number("rate", rate, allow_bool=False)
    if not 0 <= r < 1:
        raise ValueError(f"rate must be in [0, 1), got {rate!r}")
    crf = float(capital_recovery_factor(r, life))
    return CapexThresholds(m / (life * crf), m, m, life, r)
