r"""Trend growth of a level series (GDP per person): four estimators and a table of them.

* :func:`loglinear_trend`: OLS of the log level on time, Newey-West interval;
* :func:`mean_growth`: the average of log growth (random walk with drift), Newey-West interval;
* :func:`hp_trend`: the Hodrick-Prescott filter (lambda 100 annual, 1,600 quarterly);
* :func:`uc_trend`: an unobserved-components local linear trend, Kalman smoother;
* :func:`trend_growth_table`: every estimator over several sample windows, tidy.

:mod:`helpers.models.gdp_series` checks the series and handles the calendar; a break test in mean
growth is in :mod:`helpers.models.gdp_break`.

Series conventions: positive levels (logs are taken inside) on a regular annual or quarterly
index (:class:`pandas.DatetimeIndex`, :class:`pandas.PeriodIndex` or consecutive integer years).
Growth is a decimal per year, compounded annually: :math:`g = e^{b} - 1` for a log slope :math:`b`.
"""
from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validate import InputTypeError, choice, integer, number, series
from .gdp_series import levels as _levels

__all__ = ["TrendFit", "FilterTrend", "ESTIMATORS", "loglinear_trend", "mean_growth", "hp_trend", "uc_trend",
           "trend_growth_table"]

#: Estimator keys of :func:`trend_growth_table` and the labels it shows.
ESTIMATORS = {"loglinear": "log-linear (OLS, Newey-West)", "mean": "mean growth (Newey-West)",
              "hp": "HP filter", "uc": "unobserved components"}


def _level_arg(level) -> float:
    return number("level", level, low=0.0, high=1.0, low_open=True, high_open=True)


def _lags(n: int, maxlags) -> int:
    """Newey and West's (1994) rule of thumb floor(4 (n/100)^(2/9)) unless given."""
    if maxlags is None:
        return int(math.floor(4 * (n / 100.0) ** (2.0 / 9.0)))
    return integer("maxlags", maxlags, low=0, high=n - 2)


def _z(level: float) -> float:
    from scipy.stats import norm

    return float(norm.ppf(0.5 + level / 2))


@dataclass(frozen=True)
class TrendFit:
    """A trend growth estimate with its confidence interval (:func:`loglinear_trend`, :func:`mean_growth`).

    Attributes
    ----------
    method : str
        Estimator name.
    growth, ci_low, ci_high : float
        Trend growth per year (decimal, annually compounded) and its confidence interval at ``level``.
    se, level : float
        HAC standard error of the log slope per year; confidence level.
    n, periods_per_year, maxlags : int
        Observations used; 1 (annual) or 4 (quarterly); Newey-West truncation lag.
    start, end : object
        First and last index labels.
    trend : pandas.Series
        Fitted trend level on the input index.
    """

    method: str
    growth: float
    ci_low: float
    ci_high: float
    se: float
    level: float
    n: int
    start: object
    end: object
    periods_per_year: int
    maxlags: int
    trend: pd.Series


@dataclass(frozen=True)
class FilterTrend:
    """A trend extracted by a filter or smoother (:func:`hp_trend`, :func:`uc_trend`).

    Attributes
    ----------
    method : str
        ``"hp"`` or ``"uc"``.
    trend, growth : pandas.Series
        Trend level, and trend growth per year (decimal) at each date (NaN first for HP).
    average_growth, latest_growth : float
        Average trend growth over the sample; trend growth at the last date (for HP the end point
        leans on the last few observations).
    latest_ci : tuple of float or None
        Interval of ``latest_growth`` (UC only, from the smoothed state variance, which ignores
        parameter uncertainty).
    param : float
        lambda for HP; the ratio of slope to level disturbance variance for UC.
    periods_per_year : int
        1 or 4.
    """

    method: str
    trend: pd.Series
    growth: pd.Series
    average_growth: float
    latest_growth: float
    latest_ci: tuple[float, float] | None
    param: float
    periods_per_year: int


def _hac_trend_fit(method: str, y: np.ndarray, X: np.ndarray, lags: int, level: float, ppy: int, idx: pd.Index,
                   trend_of) -> TrendFit:
    """OLS with a Newey-West covariance; the last coefficient is the log growth per year."""
    from statsmodels.regression.linear_model import OLS

    res = OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": lags})
    b, se = float(res.params[-1]), float(res.bse[-1])
    z = _z(level)
    return TrendFit(method=method, growth=math.expm1(b), ci_low=math.expm1(b - z * se), ci_high=math.expm1(b + z * se),
                    se=se, level=level, n=len(idx), start=idx[0], end=idx[-1], periods_per_year=ppy, maxlags=lags,
                    trend=pd.Series(trend_of(res, b), index=idx, name="trend"))


def loglinear_trend(s: pd.Series, *, level: float = 0.95, maxlags: int | None = None) -> TrendFit:
    r"""Deterministic log-linear trend fitted by OLS, with a Newey-West interval.

    Parameters
    ----------
    s : pandas.Series
        Positive levels, annual or quarterly, at least 8 observations.
    level : float
        Confidence level of the interval, in (0, 1).
    maxlags : int, optional
        Newey-West truncation lag in periods (0 to n-2); default :math:`\lfloor 4 (n/100)^{2/9} \rfloor`.

    Returns
    -------
    TrendFit

    Notes
    -----
    Fits :math:`\ln y_t = a + b\,\tau_t + u_t` with :math:`\tau_t` time in years, so the growth is
    :math:`g = e^{b} - 1`. The standard error of :math:`b` is heteroskedasticity- and
    autocorrelation-consistent (Bartlett kernel). If log GDP per person has a unit root,
    :math:`u_t` is not stationary and this interval is too narrow; :func:`mean_growth` stays valid.

    References
    ----------
    Newey, W. K. and West, K. D. (1987), "A simple, positive semi-definite, heteroskedasticity and
    autocorrelation consistent covariance matrix", Econometrica 55(3), 703-708. Newey, W. K. and
    West, K. D. (1994), "Automatic lag selection in covariance matrix estimation", Review of
    Economic Studies 61(4), 631-653.

    Examples
    --------
    >>> years = np.arange(1950, 2000)
    >>> round(loglinear_trend(pd.Series(100 * 1.02 ** (years - 1950), index=years)).growth, 4)
    0.02
    """
    level = _level_arg(level)
    y, t, ppy, idx = _levels(s)
    X = np.column_stack([np.ones_like(t), t - t[0]])
    return _hac_trend_fit("log-linear OLS (Newey-West)", y, X, _lags(len(y), maxlags), level, ppy, idx,
                          lambda res, b: np.exp(res.fittedvalues))


def mean_growth(s: pd.Series, *, level: float = 0.95, maxlags: int | None = None) -> TrendFit:
    r"""Average growth of the differenced log series, with a Newey-West interval.

    Parameters
    ----------
    s : pandas.Series
        Positive levels, annual or quarterly, at least 8 observations.
    level : float
        Confidence level, in (0, 1).
    maxlags : int, optional
        Newey-West lag for the growth series; default as in :func:`loglinear_trend`.

    Returns
    -------
    TrendFit
        ``trend`` is the drift path :math:`y_0 e^{\mu(\tau_t - \tau_0)}`.

    Notes
    -----
    Model :math:`\Delta \ln y_t = \mu/p + e_t` with :math:`p` periods a year, the drift of a random
    walk with drift. The estimate of :math:`\mu` is :math:`p` times the mean log difference, i.e.
    :math:`(\ln y_T - \ln y_0)/(\tau_T - \tau_0)`; its standard error uses the Bartlett
    (Newey-West) long-run variance of :math:`e_t`.

    References
    ----------
    Nelson, C. R. and Plosser, C. I. (1982), "Trends and random walks in macroeconomic time
    series", Journal of Monetary Economics 10(2), 139-162. Newey and West (1987), see
    :func:`loglinear_trend`.

    Examples
    --------
    >>> s = pd.Series(100 * 1.02 ** np.arange(8), index=range(2000, 2008))
    >>> round(mean_growth(s).growth, 4)
    0.02
    """
    level = _level_arg(level)
    y, t, ppy, idx = _levels(s)
    dy = np.diff(y) * ppy
    return _hac_trend_fit("mean growth of differences (Newey-West)", dy, np.ones((len(dy), 1)), _lags(len(dy), maxlags),
                          level, ppy, idx, lambda res, mu: np.exp(y[0] + mu * (t - t[0])))


def hp_trend(s: pd.Series, *, lamb: float | None = None) -> FilterTrend:
    r"""Hodrick-Prescott trend of the log level.

    Parameters
    ----------
    s : pandas.Series
        Positive levels, annual or quarterly, at least 8 observations.
    lamb : float, optional
        Smoothing parameter, positive. Default by frequency: 100 annual, 1,600 quarterly.

    Returns
    -------
    FilterTrend

    Notes
    -----
    The trend :math:`\tau` minimises :math:`\sum_t (\ln y_t - \tau_t)^2 + \lambda \sum_t
    (\Delta^2 \tau_t)^2`; trend growth at :math:`t` is :math:`\exp(p\,\Delta\tau_t) - 1` a year.
    Annual lambda 100 follows Backus and Kehoe (1992); Ravn and Uhlig (2002) argue for 6.25.

    References
    ----------
    Hodrick, R. J. and Prescott, E. C. (1997), "Postwar U.S. business cycles: an empirical
    investigation", Journal of Money, Credit and Banking 29(1), 1-16. Ravn, M. O. and Uhlig, H.
    (2002), "On adjusting the Hodrick-Prescott filter for the frequency of observations", Review of
    Economics and Statistics 84(2), 371-376.

    Examples
    --------
    >>> years = np.arange(1950, 2000)
    >>> fit = hp_trend(pd.Series(np.exp(0.02 * (years - 1950)), index=years))
    >>> fit.param, round(fit.latest_growth, 4)
    (100.0, 0.0202)
    """
    from statsmodels.tsa.filters.hp_filter import hpfilter

    y, t, ppy, idx = _levels(s)
    lam = (100.0 if ppy == 1 else 1600.0) if lamb is None else number("lamb", lamb, low=0.0, low_open=True)
    tau = np.asarray(hpfilter(y, lamb=lam)[1], dtype=float)
    growth = np.concatenate([[np.nan], np.expm1(np.diff(tau) * ppy)])
    return FilterTrend(method="hp", trend=pd.Series(np.exp(tau), index=idx, name="trend"),
                       growth=pd.Series(growth, index=idx, name="trend_growth"),
                       average_growth=math.expm1((tau[-1] - tau[0]) / (t[-1] - t[0])), latest_growth=float(growth[-1]),
                       latest_ci=None, param=lam, periods_per_year=ppy)


def uc_trend(s: pd.Series, *, level: float = 0.95, smooth: bool = False, maxiter: int = 200) -> FilterTrend:
    r"""Unobserved-components local linear trend, estimated by maximum likelihood.

    Parameters
    ----------
    s : pandas.Series
        Positive levels, annual or quarterly, at least 12 observations.
    level : float
        Confidence level of the interval of the latest trend growth, in (0, 1).
    smooth : bool
        If True the level has no disturbance of its own ("smooth trend"), which gives a smoother slope.
    maxiter : int
        Optimiser iterations, 1 to 10,000.

    Returns
    -------
    FilterTrend
        ``growth`` is the smoothed slope, annualised; ``param`` the ratio
        :math:`\sigma^2_\zeta/\sigma^2_\eta` (0 if the level variance is 0).

    Notes
    -----
    For :math:`x_t = \ln y_t`:

    .. math::
        x_t = \mu_t + \varepsilon_t,\quad \mu_{t+1} = \mu_t + \beta_t + \eta_t,\quad
        \beta_{t+1} = \beta_t + \zeta_t,

    with independent Gaussian disturbances. The slope :math:`\beta_t` is trend growth per period;
    the Kalman smoother gives it and its variance given the whole sample, so the interval
    :math:`\exp(p(\hat\beta_T \pm z\,\mathrm{sd})) - 1` ignores uncertainty about the variances.

    References
    ----------
    Harvey, A. C. (1989), *Forecasting, Structural Time Series Models and the Kalman Filter*,
    Cambridge University Press. Durbin, J. and Koopman, S. J. (2012), *Time Series Analysis by
    State Space Methods*, 2nd ed., Oxford University Press.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> years = np.arange(1900, 2000)
    >>> s = pd.Series(np.exp(0.02 * (years - 1900) + rng.normal(0, 0.01, 100)), index=years)
    >>> round(uc_trend(s, smooth=True).average_growth, 3)
    0.02
    """
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    level = _level_arg(level)
    if not isinstance(smooth, bool):
        raise InputTypeError(f"smooth must be True or False, got {smooth!r}")
    iters = integer("maxiter", maxiter, low=1, high=10_000)
    y, t, ppy, idx = _levels(s, min_obs=12)
    scale = float(np.std(np.diff(y))) or 1.0
    mod = UnobservedComponents(y / scale, level="smooth trend" if smooth else "local linear trend")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = mod.fit(disp=False, maxiter=iters)
    slope = np.asarray(res.smoothed_state[1], dtype=float) * scale
    sd = np.sqrt(np.clip(np.asarray(res.smoothed_state_cov[1, 1], dtype=float), 0, None)) * scale
    params = dict(zip(mod.param_names, np.asarray(res.params, dtype=float)))
    s_level = params.get("sigma2.level", 0.0)
    z = _z(level)
    growth = np.expm1(slope * ppy)
    return FilterTrend(method="uc", trend=pd.Series(np.exp(np.asarray(res.smoothed_state[0]) * scale), index=idx, name="trend"),
                       growth=pd.Series(growth, index=idx, name="trend_growth"),
                       average_growth=math.expm1(float(np.mean(slope[1:])) * ppy), latest_growth=float(growth[-1]),
                       latest_ci=(math.expm1((slope[-1] - z * sd[-1]) * ppy), math.expm1((slope[-1] + z * sd[-1]) * ppy)),
                       param=float(params.get("sigma2.trend", 0.0) / s_level) if s_level > 0 else 0.0, periods_per_year=ppy)


def trend_growth_table(s: pd.Series, windows: Mapping[str, tuple] | None = None, *, level: float = 0.95,
                       methods: Sequence[str] = tuple(ESTIMATORS)) -> pd.DataFrame:
    """Every trend estimator over several sample windows, as a tidy table.

    Parameters
    ----------
    s : pandas.Series
        Positive levels, annual or quarterly.
    windows : mapping of str to (start, end), optional
        Labels and inclusive index bounds (``None`` for an open end). Default: the whole sample.
    level : float
        Confidence level of the intervals, in (0, 1).
    methods : sequence of str
        Keys of :data:`ESTIMATORS` (default all; the UC model is the slow one, about a second a window).

    Returns
    -------
    pandas.DataFrame
        Columns ``window, start, end, estimator`` (the key), ``method`` (its label), ``growth``,
        ``ci_low``, ``ci_high`` (decimals per year) and ``n``. HP and UC rows report the sample-average
        trend growth and carry no interval.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> years = np.arange(1950, 2000)
    >>> s = pd.Series(np.exp(0.02 * (years - 1950) + rng.normal(0, 0.005, 50)), index=years)
    >>> t = trend_growth_table(s, {"all": (None, None), "late": (1975, None)})
    >>> t["estimator"].unique().tolist()
    ['loglinear', 'mean', 'hp', 'uc']
    >>> bool(np.allclose(t["growth"], 0.0202, atol=2e-3))
    True
    """
    series("s", s, low=0.0, low_open=True, sorted_index=True)
    windows = {"full sample": (None, None)} if windows is None else windows
    if not isinstance(windows, Mapping) or not windows:
        raise ValueError(f"windows must be a non-empty mapping of label -> (start, end), got {windows!r}")
    if isinstance(methods, str) or not isinstance(methods, Sequence) or not methods:
        raise ValueError(f"methods must be a non-empty list of {list(ESTIMATORS)}, got {methods!r}")
    methods = [choice("methods", m, ESTIMATORS) for m in methods]
    level = _level_arg(level)
    rows = []
    for label, bounds in windows.items():
        if not isinstance(bounds, tuple) or len(bounds) != 2:
            raise ValueError(f"windows[{label!r}] must be a (start, end) tuple, got {bounds!r}")
        try:
            sub = s.loc[bounds[0]: bounds[1]]
        except (TypeError, KeyError, ValueError):
            raise ValueError(f"windows[{label!r}] bounds {bounds!r} do not fit the index of s") from None
        for m in methods:
            try:
                if m in ("loglinear", "mean"):
                    f = (loglinear_trend if m == "loglinear" else mean_growth)(sub, level=level)
                    g, lo, hi = f.growth, f.ci_low, f.ci_high
                else:
                    f = hp_trend(sub) if m == "hp" else uc_trend(sub, level=level)
                    g, lo, hi = f.average_growth, np.nan, np.nan
            except ValueError as e:
                raise type(e)(f"windows[{label!r}]: {e}") from None
            rows.append({"window": label, "start": sub.index[0], "end": sub.index[-1], "estimator": m,
                         "method": ESTIMATORS[m], "growth": g, "ci_low": lo, "ci_high": hi, "n": len(sub)})
    return pd.DataFrame(rows)
