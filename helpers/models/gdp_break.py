r"""Has trend growth broken? A test for one break in mean growth, at a known or an unknown date.

:func:`break_test` regresses annualised growth on a constant and a step dummy and computes a
Newey-West Wald statistic: at a date chosen in advance this is a Chow test; over all dates in the
middle of the sample it is Andrews' sup-Wald test, whose null distribution is simulated.
:func:`break_test_table` runs several tests into one tidy table.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validate import integer, number
from .gdp_series import levels as _levels
from .gdp_trend import _lags

__all__ = ["BreakTest", "break_test", "break_test_table", "sup_wald_null"]


@dataclass(frozen=True)
class BreakTest:
    """Result of :func:`break_test`.

    Attributes
    ----------
    statistic : float
        HAC Wald statistic of the break dummy; its supremum over candidate dates for an unknown date.
    p_value : float
        Chi-squared(1) p-value for a known date; simulated p-value of Andrews' sup-Wald otherwise.
    break_at : object
        The tested date, or the date maximising the statistic (first period of the new regime).
    growth_before, growth_after : float
        Mean growth per year (decimal) before and from the break.
    known_date : bool
        True for a Chow-type test at a given date.
    trim : float
        Share of the sample excluded at each end from candidate dates.
    critical_5pct : float
        5% critical value of the statistic used.
    statistics : pandas.Series
        Wald statistic for every candidate date (one value for a known date).
    """

    statistic: float
    p_value: float
    break_at: object
    growth_before: float
    growth_after: float
    known_date: bool
    trim: float
    critical_5pct: float
    statistics: pd.Series


def sup_wald_null(n: int, lo: int, hi: int, *, reps: int = 2000, seed: int = 0) -> np.ndarray:
    r"""Simulated null distribution of the sup-Wald (sup-F) statistic for one mean shift.

    Parameters
    ----------
    n : int
        Sample length (growth observations), at least 4.
    lo, hi : int
        Smallest and largest size of the first regime tried, ``1 <= lo <= hi <= n - 1``.
    reps : int
        Monte Carlo draws, 100 to 1,000,000.
    seed : int
        Seed of the generator (non-negative).

    Returns
    -------
    numpy.ndarray
        ``reps`` draws of :math:`\sup_k F(k)` for i.i.d. N(0, 1) samples of length ``n``.

    Notes
    -----
    With demeaned data :math:`e`, a mean shift after :math:`k` observations reduces the sum of
    squares by :math:`S_k^2\, n / (k (n-k))`, :math:`S_k = \sum_{i \le k} e_i`, so
    :math:`F(k) = \text{reduction} / ((\text{SSR}_0 - \text{reduction})/(n-2))`. The draws share the
    asymptotic distribution tabulated by Andrews (1993).

    References
    ----------
    Andrews, D. W. K. (1993), "Tests for parameter instability and structural change with unknown
    change point", Econometrica 61(4), 821-856.

    Examples
    --------
    >>> draws = sup_wald_null(200, 30, 170, reps=4000)
    >>> 7.8 < float(np.quantile(draws, 0.95)) < 9.6   # Andrews' Table 1: 8.68 for p = 1, trim 0.15
    True
    """
    n = integer("n", n, low=4, high=10_000_000)
    lo, hi = integer("lo", lo, low=1), integer("hi", hi, low=1)
    if not lo <= hi <= n - 1:
        raise ValueError(f"lo and hi must satisfy 1 <= lo <= hi <= n - 1 = {n - 1}, got lo={lo}, hi={hi}")
    reps = integer("reps", reps, low=100, high=1_000_000)
    if reps * n > 50_000_000:
        raise ValueError(f"reps x n = {reps * n:,} draws is more than the 50,000,000 allowed")
    rng = np.random.default_rng(integer("seed", seed, low=0))
    e = rng.standard_normal((reps, n))
    e -= e.mean(axis=1, keepdims=True)
    ssr0 = (e ** 2).sum(axis=1)
    k = np.arange(lo, hi + 1)
    red = np.cumsum(e, axis=1)[:, k - 1] ** 2 * n / (k * (n - k))
    return (red / ((ssr0[:, None] - red) / (n - 2))).max(axis=1)


def break_test(s: pd.Series, *, at=None, trim: float = 0.15, maxlags: int | None = None, reps: int = 2000,
               seed: int = 0) -> BreakTest:
    r"""Test for one break in mean trend growth (Chow at a known date, sup-Wald otherwise).

    Parameters
    ----------
    s : pandas.Series
        Positive levels, annual or quarterly, at least 20 observations.
    at : index label, optional
        Break date to test (first period of the new regime), a label of ``s`` after its first.
        If omitted, every date between the trimmed ends is tried.
    trim : float
        Share of growth observations excluded at each end for an unknown date, in (0, 0.5).
    maxlags : int, optional
        Newey-West lag of the Wald statistic.
    reps : int
        Monte Carlo draws for the sup-Wald p-value, 100 to 1,000,000.
    seed : int
        Seed for those draws.

    Returns
    -------
    BreakTest

    Notes
    -----
    Regress annualised growth :math:`g_t = p\,\Delta\ln y_t` on a constant and
    :math:`D_t(k) = 1[t \ge k]`: :math:`g_t = \mu + \delta D_t(k) + e_t`, and form the HAC Wald
    statistic :math:`W(k) = (\hat\delta/\mathrm{se})^2`. At a known :math:`k`, :math:`W \sim \chi^2_1`
    asymptotically (Chow 1960). For an unknown break the test uses :math:`\sup_k W(k)` over the
    central :math:`1 - 2\,\mathrm{trim}` of the sample, against :func:`sup_wald_null`. Testing the
    mean of growth rather than a log-linear slope keeps the residuals near stationary, as the
    theory needs; one break is the simplest case of Bai and Perron (1998).

    References
    ----------
    Chow, G. C. (1960), "Tests of equality between sets of coefficients in two linear regressions",
    Econometrica 28(3), 591-605. Andrews (1993), see :func:`sup_wald_null`. Bai, J. and Perron, P.
    (1998), "Estimating and testing linear models with multiple structural changes", Econometrica
    66(1), 47-78.

    Examples
    --------
    >>> g = np.r_[np.full(30, 0.03), np.full(30, 0.01)] + np.tile([0.004, -0.004], 30)
    >>> bt = break_test(pd.Series(100 * np.exp(np.r_[0, np.cumsum(g)]), index=range(1940, 2001)))
    >>> bt.break_at, bt.p_value < 0.01
    (1971, True)
    """
    from scipy.stats import chi2
    from statsmodels.regression.linear_model import OLS

    y, _, ppy, idx = _levels(s, min_obs=20)
    trim = number("trim", trim, low=0.0, high=0.5, low_open=True, high_open=True)
    reps = integer("reps", reps, low=100, high=1_000_000)
    seed = integer("seed", seed, low=0)
    g = np.diff(y) * ppy
    gidx, n = idx[1:], len(g)
    lags = _lags(n, maxlags)

    def wald(k: int) -> float:
        d = np.r_[np.zeros(k), np.ones(n - k)]
        return float(OLS(g, np.column_stack([np.ones(n), d])).fit(cov_type="HAC", cov_kwds={"maxlags": lags}).tvalues[1] ** 2)

    def result(k, stat, p, crit, stats, known) -> BreakTest:
        return BreakTest(statistic=stat, p_value=p, break_at=gidx[k], growth_before=math.expm1(float(g[:k].mean())),
                         growth_after=math.expm1(float(g[k:].mean())), known_date=known, trim=trim, critical_5pct=crit,
                         statistics=stats)

    if at is not None:
        try:
            known = at in gidx
        except TypeError:
            known = False
        if not known:
            raise ValueError(f"at must be a date of the series after its first observation, got {at!r}")
        k = int(gidx.get_loc(at))
        if k < 2 or n - k < 2:
            raise ValueError(f"at={at!r} leaves fewer than 2 growth observations on one side")
        w = wald(k)
        return result(k, w, float(chi2.sf(w, 1)), float(chi2.ppf(0.95, 1)), pd.Series([w], index=[at], name="wald"), True)
    lo = max(int(math.floor(trim * n)), 2)
    ks = np.arange(lo, n - lo + 1)
    stats = np.array([wald(int(k)) for k in ks])
    j = int(np.argmax(stats))
    null = sup_wald_null(n, lo, n - lo, reps=reps, seed=seed)
    return result(int(ks[j]), float(stats[j]), float((1 + np.sum(null >= stats[j])) / (1 + len(null))),
                  float(np.quantile(null, 0.95)), pd.Series(stats, index=gidx[ks], name="wald"), False)


def break_test_table(cases: Mapping[str, tuple], **kwargs) -> pd.DataFrame:
    """Several break tests as one tidy table.

    Parameters
    ----------
    cases : mapping of str to (pandas.Series, date or None)
        Label -> (level series, break date to test, or None for an unknown date).
    **kwargs
        Passed to :func:`break_test` (``trim``, ``maxlags``, ``reps``, ``seed``).

    Returns
    -------
    pandas.DataFrame
        One row per case: ``test``, ``known_date``, ``break_at`` (the year), ``statistic``,
        ``critical_5pct``, ``p_value``, ``growth_before`` and ``growth_after`` (percent a year).

    Examples
    --------
    >>> g = np.r_[np.full(30, 0.03), np.full(30, 0.01)] + np.tile([0.004, -0.004], 30)
    >>> s = pd.Series(100 * np.exp(np.r_[0, np.cumsum(g)]), index=range(1940, 2001))
    >>> break_test_table({"any date": (s, None), "in 1960": (s, 1960)})["break_at"].tolist()
    [1971, 1960]
    """
    if not isinstance(cases, Mapping) or not cases:
        raise ValueError(f"cases must be a non-empty mapping of label -> (series, date or None), got {cases!r}")
    rows = []
    for label, case in cases.items():
        if not isinstance(case, tuple) or len(case) != 2:
            raise ValueError(f"cases[{label!r}] must be a (series, date or None) pair, got {case!r}")
        try:
            b = break_test(case[0], at=case[1], **kwargs)
        except ValueError as e:
            raise type(e)(f"cases[{label!r}]: {e}") from None
        year = b.break_at.year if hasattr(b.break_at, "year") else int(b.break_at)
        rows.append({"test": label, "known_date": b.known_date, "break_at": year, "statistic": b.statistic,
                     "critical_5pct": b.critical_5pct, "p_value": b.p_value, "growth_before": 100 * b.growth_before,
                     "growth_after": 100 * b.growth_after})
    return pd.DataFrame(rows)
