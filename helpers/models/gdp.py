r"""Compounding: what a constant growth rate adds up to over years.

The arithmetic behind "is 2.1% a year much more than 2%?":

* :func:`level_paths`: levels compounded at constant annual rates;
* :func:`level_gap`: how far apart two such paths end up after given horizons;
* :func:`doubling_time`: years for a level to double (or, with ``nonpositive="signed"``, to halve);
* :func:`annualise`: a cumulative percentage gain spread into points of annual growth.

Growth rates are decimals per year (0.02 is 2% a year) and compound once a year:
:math:`L_t = L_0 (1+g)^t`. The trend estimators live in :mod:`helpers.models.gdp_trend` and
:mod:`helpers.models.gdp_break`, the published AI estimates in :mod:`helpers.models.gdp_acemoglu`.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .._validate import InputTypeError, array, choice, finite_result, integer, number

__all__ = ["level_paths", "level_gap", "doubling_time", "annualise"]

#: Longest horizon the scenario functions accept, in years (guards against absurd sizes).
MAX_YEARS = 10_000


def _rates(name: str, rates) -> dict[str, float]:
    """Label -> growth rate (decimal, above -1) from a mapping or a sequence of rates."""
    if isinstance(rates, Mapping):
        items = list(rates.items())
    elif isinstance(rates, (list, tuple, np.ndarray, pd.Series)):
        items = []
        for r in rates:
            v = number(f"{name} value", r, low=-1.0, low_open=True)
            items.append((f"{100 * v:.2f}%", v))
    else:
        raise InputTypeError(f"{name} must be a mapping label -> rate or a sequence of rates, got {type(rates).__name__}")
    if not items:
        raise ValueError(f"{name} must not be empty, got {rates!r}")
    return {str(k): number(f"{name}[{k!r}]", v, low=-1.0, low_open=True) for k, v in items}


def level_paths(rates, horizon: int, *, base_level: float = 1.0, start_year: int = 0) -> pd.DataFrame:
    r"""Levels compounded at constant annual growth rates, year by year.

    Parameters
    ----------
    rates : mapping of str to float, or sequence of float
        Annual growth rates as decimals (0.02 is 2% a year), each above -1. A sequence is labelled
        by the rates in percent ("2.00%").
    horizon : int
        Years to project, 1 to 10,000.
    base_level : float
        Level in the start year, positive (for example dollars per person).
    start_year : int
        Calendar year of ``base_level``; the index runs to ``start_year + horizon``.

    Returns
    -------
    pandas.DataFrame
        Index ``year``; one column per rate holding :math:`L_0 (1+g)^{t}`.

    Notes
    -----
    :math:`L_t = L_0 (1+g)^t` with :math:`t` years after ``start_year``: annual compounding, the
    convention of :func:`helpers.models.gdp_trend.loglinear_trend` (:math:`g = e^b - 1`).

    References
    ----------
    Any growth-accounting text, e.g. Jones, C. I. and Vollrath, D. (2013), *Introduction to
    Economic Growth*, 3rd ed., W. W. Norton, ch. 1 (the "rule of 70").

    Examples
    --------
    >>> level_paths({"2.0%": 0.02, "2.1%": 0.021}, 2, base_level=100.0).round(3)
             2.0%     2.1%
    year
    0     100.000  100.000
    1     102.000  102.100
    2     104.040  104.244
    """
    r = _rates("rates", rates)
    h = integer("horizon", horizon, low=1, high=MAX_YEARS)
    level = number("base_level", base_level, low=0.0, low_open=True)
    start = integer("start_year", start_year, low=-MAX_YEARS, high=MAX_YEARS)
    t = np.arange(h + 1)
    g = np.array(list(r.values()))
    with np.errstate(over="ignore", invalid="ignore"):
        data = level * np.power(1.0 + g[None, :], t[:, None])
    finite_result(data, "rates, horizon and base_level")
    return pd.DataFrame(data, index=pd.Index(t + start, name="year"), columns=list(r.keys()))


def level_gap(baseline: float, alternative: float, horizons, *, base_level: float | None = None) -> pd.DataFrame:
    r"""How far apart two constant-growth paths are after given horizons.

    Parameters
    ----------
    baseline, alternative : float
        Annual growth rates (decimals, above -1).
    horizons : float or sequence of float
        Years after the start, 0 to 10,000.
    base_level : float, optional
        Starting level, positive (for example dollars per person). If given, the levels and the gap
        are also reported in its units.

    Returns
    -------
    pandas.DataFrame
        Index ``horizon``; columns ``ratio`` (alternative / baseline level), ``gap_pct`` (percent by
        which the alternative level exceeds the baseline) and, with ``base_level``,
        ``baseline_level``, ``alternative_level`` and ``gap_level`` (alternative minus baseline).

    Notes
    -----
    .. math:: \text{gap}_h = \left(\frac{1+g_a}{1+g_b}\right)^h - 1,
              \qquad L_0\left[(1+g_a)^h - (1+g_b)^h\right]\ \text{in levels}.

    For small rates the percentage gap is close to :math:`h (g_a - g_b)`: a tenth of a point a year
    for 50 years is about 5%.

    References
    ----------
    Jones, C. I. and Vollrath, D. (2013), *Introduction to Economic Growth*, 3rd ed., ch. 1.

    Examples
    --------
    >>> level_gap(0.02, 0.021, [10, 50])["gap_pct"].round(3).tolist()
    [0.985, 5.022]
    """
    gb = number("baseline", baseline, low=-1.0, low_open=True)
    ga = number("alternative", alternative, low=-1.0, low_open=True)
    h = np.atleast_1d(array("horizons", horizons, low=0.0, high=MAX_YEARS, min_size=1))
    if h.ndim != 1:
        raise ValueError(f"horizons must be one number or a flat sequence, got shape {h.shape}")
    level = None if base_level is None else number("base_level", base_level, low=0.0, low_open=True)
    with np.errstate(over="ignore", invalid="ignore"):
        ratio = ((1.0 + ga) / (1.0 + gb)) ** h
        out = pd.DataFrame({"ratio": ratio, "gap_pct": 100.0 * (ratio - 1.0)}, index=pd.Index(h, name="horizon"))
        if level is not None:
            out["baseline_level"] = level * (1.0 + gb) ** h
            out["alternative_level"] = level * (1.0 + ga) ** h
            out["gap_level"] = out["alternative_level"] - out["baseline_level"]
    finite_result(out.to_numpy(), "baseline, alternative, horizons and base_level")
    return out


def doubling_time(rate, *, nonpositive: str = "raise"):
    r"""Years for a level to double at a constant annual growth rate.

    Parameters
    ----------
    rate : float or array-like of float
        Growth rate(s) per year as decimals, above -1.
    nonpositive : {"raise", "signed"}
        What a rate of zero or below means. ``"raise"`` (default) refuses it: nothing doubles.
        ``"signed"`` returns ``inf`` at zero and, for a shrinking level, the *negative* of its
        halving time (a rate of -50% gives -1: the level halves in one year), which the dashboard's
        gauges use to show decline on the same scale.

    Returns
    -------
    float or numpy.ndarray
        :math:`\ln 2 / \ln(1+g)` years, with the input's shape.

    Notes
    -----
    From :math:`(1+g)^T = 2`, :math:`T = \ln 2 / \ln(1+g)`, close to :math:`70/(100g)` for small
    :math:`g` (the rule of 70). For :math:`g<0` the same formula is negative and its absolute value
    solves :math:`(1+g)^T = 1/2`.

    References
    ----------
    Jones, C. I. and Vollrath, D. (2013), *Introduction to Economic Growth*, 3rd ed., ch. 1.

    Examples
    --------
    >>> round(doubling_time(0.02), 2), round(doubling_time(0.021), 2)
    (35.0, 33.35)
    >>> doubling_time([0.0, -0.5], nonpositive="signed").tolist()
    [inf, -1.0]
    """
    policy = choice("nonpositive", nonpositive, ("raise", "signed"))
    g = array("rate", rate, low=-1.0, low_open=True, min_size=1)
    if policy == "raise" and (g <= 0).any():
        bad = float(g.ravel()[np.flatnonzero(g.ravel() <= 0)[0]])
        raise ValueError(f"rate must be > 0 to double (or pass nonpositive='signed'), got {bad!r}")
    with np.errstate(divide="ignore"):
        out = np.where(g == 0, np.inf, np.log(2.0) / np.log1p(np.where(g == 0, 1.0, g)))
    return float(out) if out.ndim == 0 else out


def annualise(level_gain_pct, years):
    r"""A cumulative percentage gain over a horizon, as points of annual growth.

    Parameters
    ----------
    level_gain_pct : float or array-like of float
        Cumulative rise of a level, in percent (1.16 is 1.16%), above -100.
    years : float or array-like of float
        Horizon in years, positive (at most 10,000); broadcast against ``level_gain_pct``.

    Returns
    -------
    float or numpy.ndarray
        Percentage points of annual growth, with the broadcast shape.

    Notes
    -----
    .. math:: g = 100\left[(1 + G/100)^{1/T} - 1\right]

    the constant annual rate that compounds to the gain :math:`G` in :math:`T` years.

    References
    ----------
    Acemoglu, D. (2025), "The simple macroeconomics of AI", Economic Policy 40(121), 13-58, which
    turns a 10-year TFP gain into an annual rate the same way (section 3.2).

    Examples
    --------
    >>> round(annualise(1.16, 10), 4)
    0.1154
    """
    gain = array("level_gain_pct", level_gain_pct, low=-100.0, low_open=True)
    yrs = array("years", years, low=0.0, low_open=True, high=MAX_YEARS)
    try:
        gain, yrs = np.broadcast_arrays(gain, yrs)
    except ValueError:
        raise ValueError(f"years (shape {yrs.shape}) does not match level_gain_pct (shape {gain.shape})") from None
    with np.errstate(over="ignore", invalid="ignore"):
        out = 100.0 * (np.power(1.0 + gain / 100.0, 1.0 / yrs) - 1.0)
    finite_result(out, "level_gain_pct and years")
    return float(out) if out.ndim == 0 else out
