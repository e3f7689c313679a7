"""Trend growth of GDP per capita, and what a tenth of a point of growth is worth.

Three groups of functions:

Trend estimators (any annual or quarterly :class:`pandas.Series` of *levels*)
    :func:`loglinear_trend` (log-linear trend with a Newey-West confidence interval),
    :func:`mean_growth` (average growth of the differenced series, Newey-West),
    :func:`hp_trend` (Hodrick-Prescott filter, lambda 100 annual / 1600 quarterly),
    :func:`uc_trend` (unobserved-components local linear trend, Kalman smoother),
    :func:`break_test` (a break in mean trend growth: Chow test at a given date or
    Andrews' sup-Wald over unknown dates) and :func:`trend_growth_table`
    (every estimator over several windows, tidy).
Scenario arithmetic
    :func:`level_paths`, :func:`level_gap`, :func:`doubling_time`,
    :func:`annualise`.
Published AI-growth estimates
    :func:`acemoglu_estimate` recomputes Acemoglu's (2024/2025) task-based numbers
    from the paper's inputs; :func:`ai_uplift_table` puts the estimates stored in
    ``data/ai_growth_estimates.csv`` on one scale (points of annual growth).

Series conventions: the index is a :class:`pandas.DatetimeIndex` (or
:class:`pandas.PeriodIndex`) with annual or quarterly spacing, or integer years.
Values are positive levels (for example real dollars per person); logs are taken
inside. Growth rates are returned as decimals per year (0.02 is 2% a year),
compounded annually: ``g = exp(b) - 1`` where ``b`` is the slope of the log level
per year.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = [
    "TrendFit",
    "FilterTrend",
    "BreakTest",
    "AcemogluEstimate",
    "ACEMOGLU_2024",
    "periods_per_year",
    "annual_average",
    "loglinear_trend",
    "mean_growth",
    "hp_trend",
    "uc_trend",
    "break_test",
    "trend_growth_table",
    "level_paths",
    "level_gap",
    "doubling_time",
    "annualise",
    "acemoglu_estimate",
    "ai_uplift_table",
]

_MIN_OBS = 8


# --------------------------------------------------------------------------- input checks
def _check_series(series, name: str = "series", min_obs: int = _MIN_OBS) -> tuple[np.ndarray, np.ndarray, int, pd.Index]:
    """Validate a level series; return (log level, time in years, periods per year, index)."""
    if not isinstance(series, pd.Series):
        raise ValueError(f"{name} must be a pandas Series, got {type(series).__name__}")
    if len(series) < min_obs:
        raise ValueError(f"{name} needs at least {min_obs} observations, got {len(series)}")
    try:
        values = series.to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must hold numbers, got dtype {series.dtype}") from None
    if np.isnan(values).any():
        first = series.index[np.isnan(values)][0]
        raise ValueError(f"{name} has a missing value (NaN) at {first!r}")
    if not np.isfinite(values).all() or (values <= 0).any():
        bad = series.index[~(np.isfinite(values) & (values > 0))][0]
        raise ValueError(f"{name} must be positive finite levels; value at {bad!r} is {series.loc[bad]!r}")
    ppy, t = _time_axis(series.index, name)
    return np.log(values), t, ppy, series.index


def _time_axis(index: pd.Index, name: str) -> tuple[int, np.ndarray]:
    """Periods per year and time in (fractional) years for a regular annual/quarterly index."""
    if isinstance(index, pd.PeriodIndex):
        index = index.to_timestamp()
    if isinstance(index, pd.DatetimeIndex):
        months = index.year.to_numpy() * 12 + index.month.to_numpy() - 1
        steps = np.diff(months)
        if len(steps) == 0 or (steps <= 0).any():
            raise ValueError(f"{name} index must be strictly increasing dates")
        if (steps == 12).all():
            ppy = 1
        elif (steps == 3).all():
            ppy = 4
        else:
            raise ValueError(
                f"{name} index must be regularly annual (12 months apart) or quarterly (3 months apart); "
                f"found steps of {sorted(set(steps.tolist()))} months"
            )
        return ppy, months / 12.0
    if pd.api.types.is_integer_dtype(index) or (
        pd.api.types.is_float_dtype(index) and np.all(np.mod(index.to_numpy(dtype=float), 1) == 0)
    ):
        years = index.to_numpy(dtype=float)
        steps = np.diff(years)
        if (steps != 1).any():
            raise ValueError(
                f"{name} with an integer-year index must have consecutive years; found gaps of "
                f"{sorted(set(steps.tolist()))} years"
            )
        return 1, years
    raise ValueError(f"{name} index must be dates, periods or integer years, got {type(index).__name__}")


def periods_per_year(series: pd.Series) -> int:
    """1 for an annual series, 4 for a quarterly one (raises on anything else).

    Examples
    --------
    >>> import pandas as pd
    >>> periods_per_year(pd.Series([1.0, 2.0], index=pd.date_range("2000-01-01", periods=2, freq="QS")))
    4
    >>> periods_per_year(pd.Series([1.0, 2.0], index=[1999, 2000]))
    1
    """
    if not isinstance(series, pd.Series):
        raise ValueError(f"series must be a pandas Series, got {type(series).__name__}")
    return _time_axis(series.index, "series")[0]


def annual_average(series: pd.Series, complete: bool = True) -> pd.Series:
    """Calendar-year averages of a quarterly series, indexed by integer year.

    Parameters
    ----------
    series : pandas.Series
        Quarterly levels with a DatetimeIndex or PeriodIndex.
    complete : bool
        Keep only years with all four quarters (default).

    Returns
    -------
    pandas.Series
        Mean of the quarters of each year, index named ``year``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0], index=pd.date_range("2000-01-01", periods=5, freq="QS"))
    >>> annual_average(s).to_dict()
    {2000: 2.5}
    """
    if not isinstance(series, pd.Series):
        raise ValueError(f"series must be a pandas Series, got {type(series).__name__}")
    ppy, _ = _time_axis(series.index, "series")
    if ppy != 4:
        raise ValueError(f"series must be quarterly to average into years; it has {ppy} period(s) a year")
    idx = series.index.to_timestamp() if isinstance(series.index, pd.PeriodIndex) else series.index
    s = pd.Series(series.to_numpy(dtype=float), index=idx)
    g = s.groupby(s.index.year)
    out = g.mean()
    if complete:
        out = out[g.size() == 4]
    out.index = out.index.astype(int)
    out.index.name = "year"
    return out


def _nw_lags(n: int, maxlags: int | None) -> int:
    """Newey-West (1994) rule of thumb floor(4 (n/100)^(2/9)) unless given."""
    if maxlags is None:
        return int(math.floor(4 * (n / 100.0) ** (2.0 / 9.0)))
    if not isinstance(maxlags, (int, np.integer)) or maxlags < 0:
        raise ValueError(f"maxlags must be a non-negative integer, got {maxlags!r}")
    return int(maxlags)


def _check_level(level: float, name: str = "level") -> float:
    if not isinstance(level, (int, float, np.integer, np.floating)) or not (0 < float(level) < 1):
        raise ValueError(f"{name} must be a number strictly between 0 and 1, got {level!r}")
    return float(level)


def _z(level: float) -> float:
    from scipy.stats import norm

    return float(norm.ppf(0.5 + level / 2))


# --------------------------------------------------------------------------- result types
@dataclass(frozen=True)
class TrendFit:
    """A trend growth estimate with its confidence interval.

    Attributes
    ----------
    method : str
        Estimator name.
    growth, ci_low, ci_high : float
        Trend growth per year (decimal, annually compounded) and the bounds of its
        confidence interval at ``level``.
    se : float
        Standard error of the log slope per year (HAC where stated).
    level : float
        Confidence level of the interval.
    n : int
        Observations used.
    start, end : object
        First and last index labels.
    periods_per_year : int
        1 (annual) or 4 (quarterly).
    maxlags : int or None
        Newey-West truncation lag (None for model-based intervals).
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
    maxlags: int | None
    trend: pd.Series


@dataclass(frozen=True)
class FilterTrend:
    """A trend extracted by a filter or smoother.

    Attributes
    ----------
    method : str
        ``"hp"`` or ``"uc"``.
    trend : pandas.Series
        Trend level on the input index.
    growth : pandas.Series
        Trend growth per year (decimal) at each date (first value NaN for HP).
    average_growth : float
        Average trend growth over the sample (decimal per year).
    latest_growth : float
        Trend growth at the last date (decimal per year). For HP this end point is
        known to be unreliable (the filter is one-sided at the end of a sample).
    latest_ci : tuple of float or None
        Confidence interval of ``latest_growth`` (UC model only, from the smoothed
        state variance; it ignores parameter uncertainty).
    param : float
        lambda for HP; the ratio of slope to level-disturbance variance for UC.
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


@dataclass(frozen=True)
class BreakTest:
    """Test for a single break in mean trend growth.

    Attributes
    ----------
    statistic : float
        Wald statistic (HAC) for the break dummy; the supremum over candidates when
        the date is unknown.
    p_value : float
        Chi-squared(1) p-value for a known date; simulated p-value of Andrews' (1993)
        sup-Wald distribution for an unknown date.
    break_at : object
        The tested date, or the date maximising the statistic (first period of the
        new regime).
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


# --------------------------------------------------------------------------- estimators
def loglinear_trend(series: pd.Series, *, level: float = 0.95, maxlags: int | None = None) -> TrendFit:
    """Deterministic log-linear trend fitted by OLS, with a Newey-West interval.

    Parameters
    ----------
    series : pandas.Series
        Positive levels, annual or quarterly (DatetimeIndex, PeriodIndex or
        integer years). At least 8 observations.
    level : float
        Confidence level of the interval, in (0, 1).
    maxlags : int, optional
        Newey-West truncation lag in periods; default ``floor(4 (n/100)^(2/9))``.

    Returns
    -------
    TrendFit

    Notes
    -----
    Fits :math:`\\ln y_t = a + b\\,\\tau_t + u_t` with :math:`\\tau_t` time in years,
    so :math:`b` is the log growth per year and the reported growth is
    :math:`g = e^{b} - 1`. The standard error of :math:`b` is heteroskedasticity-
    and autocorrelation-consistent (Bartlett kernel). If log GDP per capita has a
    unit root, the residual :math:`u_t` is not stationary and this interval is too
    narrow; :func:`mean_growth` is the estimator that stays valid in that case.

    References
    ----------
    Newey, W. K. and West, K. D. (1987), "A simple, positive semi-definite,
    heteroskedasticity and autocorrelation consistent covariance matrix",
    Econometrica 55(3), 703-708. Newey, W. K. and West, K. D. (1994), "Automatic lag
    selection in covariance matrix estimation", Review of Economic Studies 61(4),
    631-653.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> years = np.arange(1950, 2000)
    >>> s = pd.Series(100 * 1.02 ** (years - 1950), index=years)
    >>> round(loglinear_trend(s).growth, 4)
    0.02
    """
    from statsmodels.regression.linear_model import OLS

    level = _check_level(level)
    y, t, ppy, idx = _check_series(series)
    lags = _nw_lags(len(y), maxlags)
    X = np.column_stack([np.ones_like(t), t - t[0]])
    res = OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": lags})
    b, se = float(res.params[1]), float(res.bse[1])
    z = _z(level)
    trend = pd.Series(np.exp(res.fittedvalues), index=idx, name="trend")
    return TrendFit(
        method="log-linear OLS (Newey-West)",
        growth=math.expm1(b),
        ci_low=math.expm1(b - z * se),
        ci_high=math.expm1(b + z * se),
        se=se,
        level=level,
        n=len(y),
        start=idx[0],
        end=idx[-1],
        periods_per_year=ppy,
        maxlags=lags,
        trend=trend,
    )


def mean_growth(series: pd.Series, *, level: float = 0.95, maxlags: int | None = None) -> TrendFit:
    """Average growth of the differenced log series, with a Newey-West interval.

    Parameters
    ----------
    series : pandas.Series
        Positive levels, annual or quarterly. At least 8 observations.
    level : float
        Confidence level, in (0, 1).
    maxlags : int, optional
        Newey-West lag for the growth series; default as in :func:`loglinear_trend`.

    Returns
    -------
    TrendFit
        ``trend`` is the drift path :math:`y_0 e^{\\mu (\\tau_t-\\tau_0)}`.

    Notes
    -----
    Model :math:`\\Delta \\ln y_t = \\mu/p + e_t` with :math:`p` periods a year: the
    drift of a random walk with drift (difference-stationary trend). The estimate
    of :math:`\\mu` is :math:`p` times the mean log difference, i.e. the end-point
    growth rate :math:`(\\ln y_T - \\ln y_0)/(\\tau_T - \\tau_0)`; its standard error
    uses the Bartlett (Newey-West) long-run variance of :math:`e_t`.

    References
    ----------
    Nelson, C. R. and Plosser, C. I. (1982), "Trends and random walks in
    macroeconomic time series", Journal of Monetary Economics 10(2), 139-162.
    Newey and West (1987), see :func:`loglinear_trend`.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series([100.0, 102.0, 104.04, 106.1208, 108.243216, 110.40808, 112.61624, 114.86857],
    ...               index=range(2000, 2008))
    >>> round(mean_growth(s).growth, 4)
    0.02
    """
    from statsmodels.regression.linear_model import OLS

    level = _check_level(level)
    y, t, ppy, idx = _check_series(series)
    dy = np.diff(y) * ppy
    lags = _nw_lags(len(dy), maxlags)
    res = OLS(dy, np.ones_like(dy)).fit(cov_type="HAC", cov_kwds={"maxlags": lags})
    mu, se = float(res.params[0]), float(res.bse[0])
    z = _z(level)
    trend = pd.Series(np.exp(y[0] + mu * (t - t[0])), index=idx, name="trend")
    return TrendFit(
        method="mean growth of differences (Newey-West)",
        growth=math.expm1(mu),
        ci_low=math.expm1(mu - z * se),
        ci_high=math.expm1(mu + z * se),
        se=se,
        level=level,
        n=len(y),
        start=idx[0],
        end=idx[-1],
        periods_per_year=ppy,
        maxlags=lags,
        trend=trend,
    )


def hp_trend(series: pd.Series, *, lamb: float | None = None) -> FilterTrend:
    """Hodrick-Prescott trend of the log level.

    Parameters
    ----------
    series : pandas.Series
        Positive levels, annual or quarterly.
    lamb : float, optional
        Smoothing parameter. Default by frequency: 100 for annual data, 1600 for
        quarterly data.

    Returns
    -------
    FilterTrend

    Notes
    -----
    The trend :math:`\\tau` minimises
    :math:`\\sum_t (\\ln y_t - \\tau_t)^2 + \\lambda \\sum_t (\\Delta^2 \\tau_t)^2`.
    Trend growth at :math:`t` is :math:`\\exp(p\\,\\Delta\\tau_t) - 1` per year with
    :math:`p` periods a year. Annual lambda 100 follows Backus and Kehoe (1992);
    Ravn and Uhlig (2002) argue for 6.25, which gives a wigglier trend. Estimates
    at the end of the sample lean on the last few observations.

    References
    ----------
    Hodrick, R. J. and Prescott, E. C. (1997), "Postwar U.S. business cycles: an
    empirical investigation", Journal of Money, Credit and Banking 29(1), 1-16.
    Ravn, M. O. and Uhlig, H. (2002), "On adjusting the Hodrick-Prescott filter for
    the frequency of observations", Review of Economics and Statistics 84(2), 371-376.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> years = np.arange(1950, 2000)
    >>> s = pd.Series(np.exp(0.02 * (years - 1950)), index=years)
    >>> fit = hp_trend(s)
    >>> fit.param, round(fit.latest_growth, 4)
    (100.0, 0.0202)
    """
    from statsmodels.tsa.filters.hp_filter import hpfilter

    y, t, ppy, idx = _check_series(series)
    if lamb is None:
        lamb = 100.0 if ppy == 1 else 1600.0
    if not isinstance(lamb, (int, float, np.integer, np.floating)) or not (float(lamb) > 0) or not math.isfinite(lamb):
        raise ValueError(f"lamb must be a positive number, got {lamb!r}")
    _, tau = hpfilter(y, lamb=float(lamb))
    tau = np.asarray(tau, dtype=float)
    growth = np.concatenate([[np.nan], np.expm1(np.diff(tau) * ppy)])
    avg = math.expm1((tau[-1] - tau[0]) / (t[-1] - t[0]))
    return FilterTrend(
        method="hp",
        trend=pd.Series(np.exp(tau), index=idx, name="trend"),
        growth=pd.Series(growth, index=idx, name="trend_growth"),
        average_growth=avg,
        latest_growth=float(growth[-1]),
        latest_ci=None,
        param=float(lamb),
        periods_per_year=ppy,
    )


def uc_trend(series: pd.Series, *, level: float = 0.95, smooth: bool = False, maxiter: int = 200) -> FilterTrend:
    """Unobserved-components local linear trend, estimated by maximum likelihood.

    Parameters
    ----------
    series : pandas.Series
        Positive levels, annual or quarterly, at least 12 observations.
    level : float
        Confidence level for the interval of the latest trend growth.
    smooth : bool
        If True, the level has no disturbance of its own ("smooth trend" model),
        which gives a smoother slope; default False (full local linear trend).
    maxiter : int
        Maximum optimiser iterations.

    Returns
    -------
    FilterTrend
        ``growth`` is the smoothed slope, annualised; ``param`` the estimated
        ratio :math:`\\sigma^2_\\zeta / \\sigma^2_\\eta` (0 if the level variance is 0).

    Notes
    -----
    State-space model for :math:`x_t = \\ln y_t`:

    .. math::
        x_t = \\mu_t + \\varepsilon_t,\\quad
        \\mu_{t+1} = \\mu_t + \\beta_t + \\eta_t,\\quad
        \\beta_{t+1} = \\beta_t + \\zeta_t,

    with independent Gaussian disturbances. The slope :math:`\\beta_t` is trend
    growth per period; the Kalman smoother gives its estimate and variance given
    the whole sample, so the reported interval
    :math:`\\exp(p(\\hat\\beta_T \\pm z\\,\\mathrm{sd}))-1` ignores uncertainty about
    the variance parameters.

    References
    ----------
    Harvey, A. C. (1989), Forecasting, Structural Time Series Models and the Kalman
    Filter, Cambridge University Press. Durbin, J. and Koopman, S. J. (2012), Time
    Series Analysis by State Space Methods, 2nd ed., Oxford University Press.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> years = np.arange(1900, 2000)
    >>> s = pd.Series(np.exp(0.02 * (years - 1900) + rng.normal(0, 0.01, 100)), index=years)
    >>> round(uc_trend(s, smooth=True).average_growth, 3)
    0.02
    """
    import warnings

    from statsmodels.tsa.statespace.structural import UnobservedComponents

    level = _check_level(level)
    y, t, ppy, idx = _check_series(series, min_obs=12)
    if not isinstance(maxiter, (int, np.integer)) or maxiter < 1:
        raise ValueError(f"maxiter must be a positive integer, got {maxiter!r}")
    spec = "smooth trend" if smooth else "local linear trend"
    scale = float(np.std(np.diff(y))) or 1.0
    mod = UnobservedComponents(y / scale, level=spec)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = mod.fit(disp=False, maxiter=int(maxiter))
    slope = np.asarray(res.smoothed_state[1], dtype=float) * scale
    slope_sd = np.sqrt(np.clip(np.asarray(res.smoothed_state_cov[1, 1], dtype=float), 0, None)) * scale
    z = _z(level)
    params = dict(zip(mod.param_names, np.asarray(res.params, dtype=float)))
    s_level = params.get("sigma2.level", 0.0)
    ratio = params.get("sigma2.trend", 0.0) / s_level if s_level > 0 else 0.0
    level_path = np.asarray(res.smoothed_state[0], dtype=float) * scale
    growth = np.expm1(slope * ppy)
    return FilterTrend(
        method="uc",
        trend=pd.Series(np.exp(level_path), index=idx, name="trend"),
        growth=pd.Series(growth, index=idx, name="trend_growth"),
        average_growth=math.expm1(float(np.mean(slope[1:])) * ppy),
        latest_growth=float(growth[-1]),
        latest_ci=(math.expm1((slope[-1] - z * slope_sd[-1]) * ppy), math.expm1((slope[-1] + z * slope_sd[-1]) * ppy)),
        param=float(ratio),
        periods_per_year=ppy,
    )


def _sup_f_null(n: int, lo: int, hi: int, reps: int, seed: int) -> np.ndarray:
    """Simulated sup-F (mean shift, homoskedastic) for iid N(0,1) samples of length n."""
    rng = np.random.default_rng(seed)
    e = rng.standard_normal((reps, n))
    e = e - e.mean(axis=1, keepdims=True)
    ssr0 = (e**2).sum(axis=1)
    cs = np.cumsum(e, axis=1)
    k = np.arange(lo, hi + 1)  # size of the first regime
    s1 = cs[:, k - 1]
    # Mean-shift SSR reduction with demeaned data: S1^2 * n / (k (n-k))
    red = s1**2 * n / (k * (n - k))
    f = red / ((ssr0[:, None] - red) / (n - 2))
    return f.max(axis=1)


def break_test(
    series: pd.Series,
    *,
    at=None,
    trim: float = 0.15,
    maxlags: int | None = None,
    reps: int = 2000,
    seed: int = 0,
) -> BreakTest:
    """Test for a single break in mean trend growth (Chow at a known date, sup-Wald otherwise).

    Parameters
    ----------
    series : pandas.Series
        Positive levels, annual or quarterly, at least 20 observations.
    at : index label, optional
        Candidate break date (first period of the new regime), as a label of
        ``series``. If omitted, every date between the trimmed ends is tried.
    trim : float
        Share of growth observations excluded at each end when the date is
        unknown, in (0, 0.5). Default 0.15 as in Andrews (1993).
    maxlags : int, optional
        Newey-West lag for the Wald statistic.
    reps : int
        Monte Carlo draws for the sup-Wald p-value (unknown date).
    seed : int
        Seed for those draws.

    Returns
    -------
    BreakTest

    Notes
    -----
    Regress annualised growth :math:`g_t = p\\,\\Delta\\ln y_t` on a constant and the
    dummy :math:`D_t(k) = 1[t \\ge k]`: :math:`g_t = \\mu + \\delta D_t(k) + e_t`.
    The statistic is the HAC Wald statistic :math:`W(k) = (\\hat\\delta/\\mathrm{se})^2`.
    For a known :math:`k` (Chow 1960) :math:`W \\sim \\chi^2_1` asymptotically. For an
    unknown break the test uses :math:`\\sup_k W(k)` over the central
    :math:`1-2\\,\\mathrm{trim}` of the sample; its null distribution (Andrews 1993)
    is simulated with ``reps`` Gaussian samples of the same length, which shares the
    asymptotic distribution. Testing the mean of growth, rather than the slope of a
    log-linear trend, keeps the regression residuals close to stationary, which the
    test's distribution theory needs. A single break is the simplest case of Bai and
    Perron's (1998) multiple-break framework.

    References
    ----------
    Chow, G. C. (1960), "Tests of equality between sets of coefficients in two linear
    regressions", Econometrica 28(3), 591-605. Andrews, D. W. K. (1993), "Tests for
    parameter instability and structural change with unknown change point",
    Econometrica 61(4), 821-856. Bai, J. and Perron, P. (1998), "Estimating and
    testing linear models with multiple structural changes", Econometrica 66(1), 47-78.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> g = np.r_[np.full(30, 0.03), np.full(30, 0.01)] + np.tile([0.004, -0.004], 30)
    >>> s = pd.Series(100 * np.exp(np.r_[0, np.cumsum(g)]), index=range(1940, 2001))
    >>> bt = break_test(s)
    >>> bt.break_at, bt.p_value < 0.01
    (1971, True)
    """
    from scipy.stats import chi2
    from statsmodels.regression.linear_model import OLS

    y, t, ppy, idx = _check_series(series, min_obs=20)
    if not isinstance(trim, (int, float)) or not (0 < trim < 0.5):
        raise ValueError(f"trim must be a number in (0, 0.5), got {trim!r}")
    if not isinstance(reps, (int, np.integer)) or reps < 100:
        raise ValueError(f"reps must be an integer >= 100, got {reps!r}")
    g = np.diff(y) * ppy
    gidx = idx[1:]
    n = len(g)
    lags = _nw_lags(n, maxlags)

    def wald(k: int) -> float:
        d = np.r_[np.zeros(k), np.ones(n - k)]
        res = OLS(g, np.column_stack([np.ones_like(d), d])).fit(cov_type="HAC", cov_kwds={"maxlags": lags})
        return float(res.tvalues[1] ** 2)

    if at is not None:
        if at not in gidx:
            raise ValueError(f"at={at!r} is not a date of the series after its first observation")
        k = int(gidx.get_loc(at))
        if k < 2 or n - k < 2:
            raise ValueError(f"at={at!r} leaves fewer than 2 growth observations on one side")
        w = wald(k)
        return BreakTest(
            statistic=w,
            p_value=float(chi2.sf(w, 1)),
            break_at=at,
            growth_before=math.expm1(float(g[:k].mean())),
            growth_after=math.expm1(float(g[k:].mean())),
            known_date=True,
            trim=float(trim),
            critical_5pct=float(chi2.ppf(0.95, 1)),
            statistics=pd.Series([w], index=[at], name="wald"),
        )
    lo = max(int(math.floor(trim * n)), 2)
    hi = n - lo
    ks = np.arange(lo, hi + 1)
    stats = np.array([wald(int(k)) for k in ks])
    j = int(np.argmax(stats))
    k = int(ks[j])
    null = _sup_f_null(n, lo, hi, int(reps), int(seed))
    sup = float(stats[j])
    return BreakTest(
        statistic=sup,
        p_value=float((1 + np.sum(null >= sup)) / (1 + len(null))),
        break_at=gidx[k],
        growth_before=math.expm1(float(g[:k].mean())),
        growth_after=math.expm1(float(g[k:].mean())),
        known_date=False,
        trim=float(trim),
        critical_5pct=float(np.quantile(null, 0.95)),
        statistics=pd.Series(stats, index=gidx[ks], name="wald"),
    )


_TABLE_METHODS = ("loglinear", "mean", "hp", "uc")


def trend_growth_table(
    series: pd.Series,
    windows: Mapping[str, tuple] | None = None,
    *,
    level: float = 0.95,
    methods: Sequence[str] = _TABLE_METHODS,
) -> pd.DataFrame:
    """Every trend estimator over several sample windows, as a tidy table.

    Parameters
    ----------
    series : pandas.Series
        Positive levels, annual or quarterly.
    windows : mapping of str to (start, end), optional
        Labels and inclusive index bounds (``None`` for an open end). Default: the
        whole sample.
    level : float
        Confidence level for the intervals.
    methods : sequence of str
        Any of ``"loglinear"``, ``"mean"``, ``"hp"``, ``"uc"`` (default all; the UC
        model is the slow one, about a second per window).

    Returns
    -------
    pandas.DataFrame
        Columns ``window, start, end, method, growth, ci_low, ci_high, n`` (growth in decimals
        per year). HP and UC rows report the sample-average trend growth; only the
        regression estimators carry intervals.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> years = np.arange(1950, 2000)
    >>> s = pd.Series(np.exp(0.02 * (years - 1950) + rng.normal(0, 0.005, 50)), index=years)
    >>> t = trend_growth_table(s, {"all": (None, None), "late": (1975, None)})
    >>> sorted(t["method"].unique())
    ['HP filter', 'log-linear (OLS, Newey-West)', 'mean growth (Newey-West)', 'unobserved components']
    >>> bool(np.allclose(t["growth"], 0.0202, atol=2e-3))
    True
    """
    if windows is None:
        windows = {"full sample": (None, None)}
    if not isinstance(windows, Mapping) or not windows:
        raise ValueError(f"windows must be a non-empty mapping of label -> (start, end), got {windows!r}")
    if isinstance(methods, str) or not methods or any(m not in _TABLE_METHODS for m in methods):
        raise ValueError(f"methods must be a non-empty subset of {list(_TABLE_METHODS)}, got {methods!r}")
    if not isinstance(series, pd.Series):
        raise ValueError(f"series must be a pandas Series, got {type(series).__name__}")
    rows = []
    for label, bounds in windows.items():
        if not isinstance(bounds, tuple) or len(bounds) != 2:
            raise ValueError(f"windows[{label!r}] must be a (start, end) tuple, got {bounds!r}")
        sub = series.loc[bounds[0] : bounds[1]]
        n = len(sub)
        start, end = (sub.index[0], sub.index[-1]) if n else (None, None)
        for m in methods:
            if m == "loglinear":
                f = loglinear_trend(sub, level=level)
                row = ("log-linear (OLS, Newey-West)", f.growth, f.ci_low, f.ci_high)
            elif m == "mean":
                f = mean_growth(sub, level=level)
                row = ("mean growth (Newey-West)", f.growth, f.ci_low, f.ci_high)
            elif m == "hp":
                f = hp_trend(sub)
                row = ("HP filter", f.average_growth, np.nan, np.nan)
            else:
                f = uc_trend(sub, level=level)
                row = ("unobserved components", f.average_growth, np.nan, np.nan)
            rows.append({"window": label, "start": start, "end": end, "method": row[0], "growth": row[1],
                         "ci_low": row[2], "ci_high": row[3], "n": n})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- scenario arithmetic
def _check_rates(rates, name: str = "rates") -> dict[str, float]:
    if isinstance(rates, Mapping):
        items = list(rates.items())
    elif isinstance(rates, (list, tuple, np.ndarray, pd.Series)):
        items = [(f"{100 * float(r):.2f}%", r) for r in rates]
    else:
        raise ValueError(f"{name} must be a mapping label -> rate or a sequence of rates, got {type(rates).__name__}")
    if not items:
        raise ValueError(f"{name} must not be empty")
    out = {}
    for label, r in items:
        try:
            r = float(r)
        except (TypeError, ValueError):
            raise ValueError(f"{name}[{label!r}] must be a number, got {r!r}") from None
        if not math.isfinite(r) or r <= -1:
            raise ValueError(f"{name}[{label!r}] must be a finite growth rate above -1 (decimal), got {r!r}")
        out[str(label)] = r
    return out


def _check_horizons(horizons, name: str = "horizons") -> np.ndarray:
    h = np.atleast_1d(np.asarray(horizons, dtype=float))
    if h.size == 0 or np.isnan(h).any() or (h < 0).any() or not np.isfinite(h).all():
        raise ValueError(f"{name} must be non-negative finite years, got {horizons!r}")
    return h


def level_paths(rates, horizon: int, *, base_level: float = 1.0, start_year: int = 0) -> pd.DataFrame:
    """Compounded level paths for a set of constant growth rates.

    Parameters
    ----------
    rates : mapping of label to float, or sequence of float
        Annual growth rates as decimals (0.02 = 2% a year), each above -1.
    horizon : int
        Number of years to project (positive integer).
    base_level : float
        Level in the start year (for example dollars per person); positive.
    start_year : int
        Calendar year of ``base_level``; the index runs from it to
        ``start_year + horizon``.

    Returns
    -------
    pandas.DataFrame
        Index ``year``; one column per rate with :math:`L_0 (1+g)^{t}`.

    Examples
    --------
    >>> level_paths({"2.0%": 0.02, "2.1%": 0.021}, 2, base_level=100.0).round(3)
             2.0%     2.1%
    year
    0     100.000  100.000
    1     102.000  102.100
    2     104.040  104.244
    """
    r = _check_rates(rates)
    if not isinstance(horizon, (int, np.integer)) or horizon < 1:
        raise ValueError(f"horizon must be a positive integer number of years, got {horizon!r}")
    if not isinstance(base_level, (int, float, np.integer, np.floating)) or not (base_level > 0) or not math.isfinite(base_level):
        raise ValueError(f"base_level must be a positive number, got {base_level!r}")
    if not isinstance(start_year, (int, np.integer)):
        raise ValueError(f"start_year must be an integer, got {start_year!r}")
    t = np.arange(int(horizon) + 1)
    g = np.array(list(r.values()))
    data = float(base_level) * np.power(1.0 + g[None, :], t[:, None])
    out = pd.DataFrame(data, index=pd.Index(t + int(start_year), name="year"), columns=list(r.keys()))
    return out


def level_gap(baseline: float, alternative: float, horizons, *, base_level: float | None = None) -> pd.DataFrame:
    """How far apart two constant-growth paths are after given horizons.

    Parameters
    ----------
    baseline, alternative : float
        Annual growth rates (decimals, above -1).
    horizons : int or sequence of int/float
        Years after the start (non-negative).
    base_level : float, optional
        Starting level (for example dollars per person). If given, the gap is also
        reported in those units.

    Returns
    -------
    pandas.DataFrame
        Index ``horizon``; columns ``ratio`` (alternative / baseline level),
        ``gap_pct`` (percent by which the alternative level exceeds the baseline),
        and, with ``base_level``, ``baseline_level``, ``alternative_level`` and
        ``gap_level`` (alternative minus baseline, in the units of ``base_level``).

    Notes
    -----
    :math:`\\text{gap}_h = \\left(\\frac{1+g_a}{1+g_b}\\right)^h - 1`, and in levels
    :math:`L_0[(1+g_a)^h - (1+g_b)^h]`. For small rates the percentage gap is close
    to :math:`h (g_a - g_b)`: 0.1 point a year for 50 years is about 5%.

    Examples
    --------
    >>> level_gap(0.02, 0.021, [10, 50])["gap_pct"].round(3).tolist()
    [0.985, 5.022]
    """
    r = _check_rates({"baseline": baseline, "alternative": alternative})
    h = _check_horizons(horizons)
    ratio = ((1 + r["alternative"]) / (1 + r["baseline"])) ** h
    out = pd.DataFrame({"ratio": ratio, "gap_pct": 100 * (ratio - 1)}, index=pd.Index(h, name="horizon"))
    if base_level is not None:
        if not isinstance(base_level, (int, float, np.integer, np.floating)) or not (base_level > 0) or not math.isfinite(base_level):
            raise ValueError(f"base_level must be a positive number, got {base_level!r}")
        out["baseline_level"] = float(base_level) * (1 + r["baseline"]) ** h
        out["alternative_level"] = float(base_level) * (1 + r["alternative"]) ** h
        out["gap_level"] = out["alternative_level"] - out["baseline_level"]
    return out


def doubling_time(rate):
    """Years for a level to double at a constant annual growth rate.

    Parameters
    ----------
    rate : float or array-like
        Growth rate(s) per year as decimals, strictly positive.

    Returns
    -------
    float or numpy.ndarray
        :math:`\\ln 2 / \\ln(1+g)` years (same shape as the input).

    Examples
    --------
    >>> round(doubling_time(0.02), 2), round(doubling_time(0.021), 2)
    (35.0, 33.35)
    """
    g = np.asarray(rate, dtype=float)
    if g.size == 0 or np.isnan(g).any() or (g <= 0).any() or not np.isfinite(g).all():
        raise ValueError(f"rate must be positive finite growth rate(s) (decimals), got {rate!r}")
    out = np.log(2.0) / np.log1p(g)
    return float(out) if out.ndim == 0 else out


def annualise(level_gain_pct, years):
    """Convert a cumulative percentage gain over ``years`` into points of annual growth.

    Parameters
    ----------
    level_gain_pct : float or array-like
        Cumulative rise in a level, in percent (1.16 = 1.16%), above -100.
    years : float or array-like
        Horizon in years, positive.

    Returns
    -------
    float or numpy.ndarray
        :math:`100\\,[(1 + G/100)^{1/T} - 1]`, percentage points a year.

    Examples
    --------
    >>> round(annualise(1.16, 10), 4)
    0.1154
    """
    gain = np.asarray(level_gain_pct, dtype=float)
    yrs = np.asarray(years, dtype=float)
    if np.isnan(gain).any() or (gain <= -100).any():
        raise ValueError(f"level_gain_pct must be above -100 percent, got {level_gain_pct!r}")
    if np.isnan(yrs).any() or (yrs <= 0).any():
        raise ValueError(f"years must be positive, got {years!r}")
    out = 100 * (np.power(1 + gain / 100, 1 / yrs) - 1)
    return float(out) if out.ndim == 0 else out


# --------------------------------------------------------------------------- AI estimates
#: Inputs of Acemoglu's baseline calculation, with where the paper states them
#: (section numbers of the May 2024 version, which the Economic Policy article follows).
ACEMOGLU_2024 = {
    "exposed_share": 0.20,  # §3.1: wage-bill-weighted share of US tasks exposed to AI (Eloundou et al.)
    "profitable_share": 0.23,  # §3.1: share of exposed tasks profitably automated within 10 years (Svanberg et al.)
    "labor_cost_saving": 0.27,  # §3.1: mean of Noy-Zhang (40%) and Brynjolfsson-Li-Raymond (14%)
    "labor_share": 0.535,  # §3.1: exposure-adjusted labour share (BEA industry labour shares, 2018-2022)
    "easy_share": 0.726,  # §3.3: wage-bill share of exposed tasks that are easy to learn
    "hard_labor_cost_saving": 0.07,  # §3.3: half of Brynjolfsson et al.'s 14%
    "capital_share": 0.43,  # §3.4: capital share of the private business sector
    "horizon_years": 10,
}


@dataclass(frozen=True)
class AcemogluEstimate:
    """Result of :func:`acemoglu_estimate` (all gains as decimals over the horizon).

    Attributes
    ----------
    gdp_share_impacted : float
        Share of GDP in tasks impacted within the horizon (exposed x profitable).
    overall_cost_saving : float
        Average overall (not labour) cost saving in easy/baseline tasks.
    tfp_gain : float
        Cumulative TFP gain over the horizon.
    gdp_gain : float
        Cumulative GDP gain, ``tfp_gain / (1 - capital_share)``.
    tfp_growth_pp, gdp_growth_pp : float
        The same gains spread over the horizon, in percentage points of annual growth.
    horizon_years : float
        Horizon.
    """

    gdp_share_impacted: float
    overall_cost_saving: float
    tfp_gain: float
    gdp_gain: float
    tfp_growth_pp: float
    gdp_growth_pp: float
    horizon_years: float


def acemoglu_estimate(
    exposed_share: float = ACEMOGLU_2024["exposed_share"],
    profitable_share: float = ACEMOGLU_2024["profitable_share"],
    labor_cost_saving: float = ACEMOGLU_2024["labor_cost_saving"],
    labor_share: float = ACEMOGLU_2024["labor_share"],
    *,
    easy_share: float | None = None,
    hard_labor_cost_saving: float = ACEMOGLU_2024["hard_labor_cost_saving"],
    capital_share: float = ACEMOGLU_2024["capital_share"],
    horizon_years: float = ACEMOGLU_2024["horizon_years"],
) -> AcemogluEstimate:
    """Acemoglu's Hulten-theorem estimate of AI's TFP and GDP effects.

    Parameters
    ----------
    exposed_share : float
        GDP (wage-bill) share of tasks exposed to AI, in [0, 1]. Paper: 0.20.
    profitable_share : float
        Share of exposed tasks profitably automated within the horizon, in [0, 1].
        Paper: 0.23.
    labor_cost_saving : float
        Average labour cost saving in impacted (easy) tasks, in [0, 1]. Paper: 0.27.
    labor_share : float
        Labour share used to turn labour into overall cost savings, in (0, 1].
        Paper: 0.535 (exposure-adjusted).
    easy_share : float, optional
        Share of impacted tasks that are easy to learn, in [0, 1]. If given, hard
        tasks get ``hard_labor_cost_saving`` instead (the paper's eq. 15; 0.726).
    hard_labor_cost_saving : float
        Labour cost saving in hard tasks, in [0, 1]. Paper: 0.07.
    capital_share : float
        Capital share, in [0, 1), for the GDP conversion. Paper: 0.43.
    horizon_years : float
        Horizon of the gains, positive. Paper: 10.

    Returns
    -------
    AcemogluEstimate

    Notes
    -----
    Hulten's theorem (the paper's eq. 14): :math:`d\\ln TFP = \\bar\\pi \\times s`,
    with :math:`s` = exposed share x profitable share (0.20 x 0.23 = 4.6% of GDP)
    and :math:`\\bar\\pi` = labour cost saving x labour share (0.27 x 0.535 = 0.144).
    With easy and hard tasks (eq. 15):
    :math:`d\\ln TFP = s[\\mu_E\\, s_L \\pi_E + (1-\\mu_E)\\, s_L \\pi_H]`. GDP,
    with capital rising in proportion to TFP (Section 3.4):
    :math:`d\\ln Y = d\\ln TFP/(1 - s_K)`; the paper rounds the factor to 1.75.
    Published results: TFP 0.66% (baseline), 0.53% (hard tasks); GDP 1.16% and
    0.93%. Note that the 0.57 that sometimes appears beside these inputs is
    :math:`1 - s_K`, used for the GDP step; the cost-saving step uses 0.535.

    References
    ----------
    Acemoglu, D. (2025), "The simple macroeconomics of AI", Economic Policy 40(121),
    13-58, https://doi.org/10.1093/epolic/eiae042 (NBER Working Paper 32487, 2024).
    Hulten, C. R. (1978), "Growth accounting with intermediate inputs", Review of
    Economic Studies 45(3), 511-518.

    Examples
    --------
    >>> e = acemoglu_estimate()
    >>> round(e.gdp_share_impacted, 3), round(e.overall_cost_saving, 3), round(100 * e.tfp_gain, 2)
    (0.046, 0.144, 0.66)
    >>> round(100 * acemoglu_estimate(easy_share=0.726).tfp_gain, 2)
    0.53
    """
    for pname, v in (
        ("exposed_share", exposed_share),
        ("profitable_share", profitable_share),
        ("labor_cost_saving", labor_cost_saving),
        ("hard_labor_cost_saving", hard_labor_cost_saving),
    ):
        if not isinstance(v, (int, float, np.integer, np.floating)) or not (0 <= float(v) <= 1):
            raise ValueError(f"{pname} must be a share in [0, 1], got {v!r}")
    if not isinstance(labor_share, (int, float, np.integer, np.floating)) or not (0 < float(labor_share) <= 1):
        raise ValueError(f"labor_share must be in (0, 1], got {labor_share!r}")
    if not isinstance(capital_share, (int, float, np.integer, np.floating)) or not (0 <= float(capital_share) < 1):
        raise ValueError(f"capital_share must be in [0, 1), got {capital_share!r}")
    if easy_share is not None and (
        not isinstance(easy_share, (int, float, np.integer, np.floating)) or not (0 <= float(easy_share) <= 1)
    ):
        raise ValueError(f"easy_share must be a share in [0, 1], got {easy_share!r}")
    if not isinstance(horizon_years, (int, float, np.integer, np.floating)) or not (float(horizon_years) > 0):
        raise ValueError(f"horizon_years must be positive, got {horizon_years!r}")
    share = float(exposed_share) * float(profitable_share)
    pi_easy = float(labor_cost_saving) * float(labor_share)
    if easy_share is None:
        tfp = share * pi_easy
    else:
        pi_hard = float(hard_labor_cost_saving) * float(labor_share)
        tfp = share * (float(easy_share) * pi_easy + (1 - float(easy_share)) * pi_hard)
    gdp = tfp / (1 - float(capital_share))
    return AcemogluEstimate(
        gdp_share_impacted=share,
        overall_cost_saving=pi_easy,
        tfp_gain=tfp,
        gdp_gain=gdp,
        tfp_growth_pp=annualise(100 * tfp, horizon_years),
        gdp_growth_pp=annualise(100 * gdp, horizon_years),
        horizon_years=float(horizon_years),
    )


_MEASURES = ("labour_productivity_growth_pp", "productivity_growth_pp", "tfp_growth_pp", "tfp_level_pct", "gdp_level_pct")


def ai_uplift_table(estimates: pd.DataFrame, *, capital_share: float = ACEMOGLU_2024["capital_share"]) -> pd.DataFrame:
    """Put published AI-growth estimates on one scale: points of annual GDP-per-capita growth.

    Parameters
    ----------
    estimates : pandas.DataFrame
        Rows like ``data/ai_growth_estimates.csv``: columns ``estimate_id``,
        ``measure``, ``horizon_years``, ``low``, ``central``, ``high`` (at least one of
        the last three non-missing per row).
    capital_share : float
        Capital share for turning TFP into GDP effects, in [0, 1).

    Returns
    -------
    pandas.DataFrame
        The input columns plus ``uplift_low``, ``uplift_central``, ``uplift_high``
        (percentage points of annual growth of GDP per capita) and ``conversion``
        (how each row was converted).

    Notes
    -----
    * ``*_level_pct`` (cumulative percent over :math:`T` years) is annualised:
      :math:`100[(1+G/100)^{1/T}-1]`.
    * TFP effects are scaled by :math:`1/(1-s_K)` (capital grows with TFP, as in
      Acemoglu's benchmark).
    * Labour-productivity effects are taken one for one, which assumes hours per
      person do not change; ``productivity_growth_pp`` (unspecified productivity) is
      treated the same way.
    * Global or non-US figures are converted the same way but remain about other
      economies; the ``region`` column says so.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"estimate_id": ["a", "b"], "measure": ["tfp_level_pct", "labour_productivity_growth_pp"],
    ...                    "horizon_years": [10, 10], "low": [None, None], "central": [0.66, 1.5], "high": [None, None]})
    >>> ai_uplift_table(df)["uplift_central"].round(3).tolist()
    [0.115, 1.5]
    """
    if not isinstance(estimates, pd.DataFrame) or estimates.empty:
        raise ValueError("estimates must be a non-empty DataFrame")
    need = {"estimate_id", "measure", "horizon_years", "low", "central", "high"}
    missing = need - set(estimates.columns)
    if missing:
        raise ValueError(f"estimates lacks columns {sorted(missing)}")
    if not isinstance(capital_share, (int, float)) or not (0 <= capital_share < 1):
        raise ValueError(f"capital_share must be in [0, 1), got {capital_share!r}")
    df = estimates.copy()
    bad = ~df["measure"].isin(_MEASURES)
    if bad.any():
        raise ValueError(f"measure {df.loc[bad, 'measure'].iloc[0]!r} is not one of {list(_MEASURES)}")
    vals = df[["low", "central", "high"]].astype(float)
    if vals.isna().all(axis=1).any():
        rid = df.loc[vals.isna().all(axis=1), "estimate_id"].iloc[0]
        raise ValueError(f"estimate {rid!r} has no low, central or high value")
    h = df["horizon_years"].astype(float).to_numpy()
    m = df["measure"].to_numpy()
    k = 1.0 / (1.0 - capital_share)
    conv = np.where(
        np.char.endswith(m.astype(str), "_level_pct"),
        "annualised over the horizon",
        "as stated (pp per year)",
    ).astype(object)
    tfp = np.char.startswith(m.astype(str), "tfp")
    conv[tfp] = conv[tfp] + f"; TFP x 1/(1-{capital_share:g})"
    for col in ("low", "central", "high"):
        v = vals[col].to_numpy()
        out = np.where(np.char.endswith(m.astype(str), "_level_pct"), 100 * (np.power(1 + v / 100, 1 / h) - 1), v)
        out = np.where(tfp, out * k, out)
        df[f"uplift_{col}"] = out
    df["conversion"] = conv
    return df
