"""Electricity prices and data-centre concentration across US states.

Two small tools for chapter 9:

:func:`price_change`
    Nominal and real (CPI-deflated) percentage change in a state's average
    retail electricity price between two years, for one sector.
:func:`cross_state_regression`
    OLS of a price change on a measure of data-centre concentration with
    heteroskedasticity-robust standard errors, plus Spearman and Kendall rank
    correlations, returned as one small named result.
:func:`leave_one_out`
    The OLS slope re-estimated without each state in turn, to show how much
    one state (Virginia, say) drives it.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

__all__ = ["real_change_pct", "price_change", "cross_state_regression", "PriceRegression", "leave_one_out"]

_SECTORS = ("residential", "commercial", "industrial", "all_sectors")
_COV = ("HC0", "HC1", "HC2", "HC3", "nonrobust")


def real_change_pct(p0, p1, cpi0, cpi1):
    """Percentage change of a price after removing consumer-price inflation.

    Parameters
    ----------
    p0, p1 : float or array-like
        Prices at the start and end (same nominal unit, > 0).
    cpi0, cpi1 : float or array-like
        Price index at the start and end (> 0).

    Returns
    -------
    float or numpy.ndarray
        :math:`100\\,[(p_1/p_0)/(CPI_1/CPI_0) - 1]`, percent.

    Examples
    --------
    >>> round(real_change_pct(10.0, 12.0, 100.0, 110.0), 2)
    9.09
    """
    arrs = []
    for name, v in (("p0", p0), ("p1", p1), ("cpi0", cpi0), ("cpi1", cpi1)):
        a = np.asarray(v, dtype=float)
        if a.size == 0 or not np.all(np.isfinite(a)) or np.any(a <= 0):
            raise ValueError(f"{name} must be finite and > 0, got {v!r}")
        arrs.append(a)
    out = 100 * ((arrs[1] / arrs[0]) / (arrs[3] / arrs[2]) - 1)
    return float(out) if out.ndim == 0 else out


def price_change(
    prices: pd.DataFrame,
    start: int,
    end: int,
    sector: str = "residential",
    cpi: Mapping[int, float] | pd.Series | None = None,
) -> pd.DataFrame:
    """Per-state change in average retail electricity price between two years.

    Parameters
    ----------
    prices : DataFrame
        Long table with columns ``state``, ``year``, ``sector``, ``price``
        (as in the ``electricity_prices_state`` dataset; cents/kWh, nominal).
    start, end : int
        First and last year (``start < end``), both present in ``prices``.
    sector : str, default "residential"
        One of residential, commercial, industrial, all_sectors.
    cpi : mapping year -> index, optional
        Consumer price index; if given, the real change is added.

    Returns
    -------
    DataFrame
        Indexed by ``state``: ``price_start``, ``price_end`` (cents/kWh),
        ``change_cents``, ``change_pct`` (nominal, percent) and, with ``cpi``,
        ``real_change_pct``. States lacking either year are dropped.

    Notes
    -----
    Nominal change :math:`100(p_1/p_0 - 1)`; real change as in :func:`real_change_pct`.

    References
    ----------
    U.S. Energy Information Administration, Form EIA-861 average retail price
    (revenue per kWh) by state and sector.

    Examples
    --------
    >>> df = pd.DataFrame({"state": ["A", "A", "B", "B"], "year": [2019, 2023] * 2,
    ...                    "sector": ["residential"] * 4, "price": [10.0, 15.0, 20.0, 22.0]})
    >>> price_change(df, 2019, 2023)["change_pct"].round(1).tolist()
    [50.0, 10.0]
    """
    need = {"state", "year", "sector", "price"}
    if not isinstance(prices, pd.DataFrame) or not need <= set(prices.columns):
        raise ValueError(f"prices must be a DataFrame with columns {sorted(need)}, got {type(prices).__name__}")
    if sector not in _SECTORS:
        raise ValueError(f"sector must be one of {_SECTORS}, got {sector!r}")
    if not start < end:
        raise ValueError(f"start must be before end, got start={start!r}, end={end!r}")
    sub = prices[prices["sector"] == sector]
    years = set(sub["year"].astype(int))
    for name, y in (("start", start), ("end", end)):
        if y not in years:
            raise ValueError(f"{name}={y!r} not in the data for sector {sector!r} (years: {sorted(years)})")
    wide = sub.pivot_table(index="state", columns="year", values="price", aggfunc="first")
    wide = wide[[start, end]].dropna().astype(float)
    if (wide <= 0).any().any():
        raise ValueError("prices must be > 0")
    out = pd.DataFrame(
        {
            "price_start": wide[start],
            "price_end": wide[end],
            "change_cents": wide[end] - wide[start],
            "change_pct": 100 * (wide[end] / wide[start] - 1),
        }
    )
    if cpi is not None:
        cpi = pd.Series(cpi, dtype=float)
        for name, y in (("start", start), ("end", end)):
            if y not in cpi.index:
                raise ValueError(f"cpi has no value for {name} year {y!r}")
        out["real_change_pct"] = real_change_pct(out["price_start"], out["price_end"], cpi[start], cpi[end])
    out.index.name = "state"
    return out


class PriceRegression(NamedTuple):
    """Result of :func:`cross_state_regression` (slope in y-units per x-unit)."""

    n: int
    slope: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    intercept: float
    r2: float
    spearman_rho: float
    spearman_p: float
    kendall_tau: float
    kendall_p: float
    cov_type: str

    def as_series(self) -> pd.Series:
        """The result as a labelled Series (for tables)."""
        return pd.Series(self._asdict())


def _xy(frame: pd.DataFrame, x: str, y: str) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"frame must be a DataFrame, got {type(frame).__name__}")
    for name, col in (("x", x), ("y", y)):
        if col not in frame.columns:
            raise ValueError(f"{name}={col!r} is not a column of frame (columns: {list(frame.columns)})")
    d = frame[[x, y]].astype(float)
    if not np.all(np.isfinite(d.to_numpy()[~d.isna().to_numpy()])):
        raise ValueError(f"columns {x!r} and {y!r} must be finite")
    d = d.dropna()
    if len(d) < 5:
        raise ValueError(f"need at least 5 complete rows, got {len(d)}")
    if d[x].nunique() < 2:
        raise ValueError(f"x={x!r} must vary across rows")
    return d


def cross_state_regression(frame: pd.DataFrame, x: str, y: str, cov_type: str = "HC3", alpha: float = 0.05) -> PriceRegression:
    """Regress ``y`` on ``x`` across states, with robust errors and rank correlations.

    Parameters
    ----------
    frame : DataFrame
        One row per state; rows with a missing ``x`` or ``y`` are dropped.
    x : str
        Column with the explanatory variable (e.g. data-centre share, percent).
    y : str
        Column with the outcome (e.g. price change, percent).
    cov_type : str, default "HC3"
        statsmodels covariance type: HC0-HC3 (heteroskedasticity-robust) or "nonrobust".
    alpha : float, default 0.05
        1 - confidence level of the slope interval, in (0, 1).

    Returns
    -------
    PriceRegression

    Notes
    -----
    :math:`y_i = a + b x_i + e_i` by OLS; the standard error of :math:`b` uses
    the HC3 sandwich estimator (MacKinnon and White, 1985), which suits small
    samples with a few high-leverage states. Spearman's :math:`\\rho` and
    Kendall's :math:`\\tau` test for a monotone association without assuming
    linearity.

    References
    ----------
    MacKinnon, J. G. and White, H. (1985). "Some heteroskedasticity-consistent covariance
    matrix estimators with improved finite sample properties." Journal of Econometrics 29(3), 305-325.

    Examples
    --------
    >>> df = pd.DataFrame({"x": [0, 1, 2, 3, 4, 5], "y": [1.0, 2.9, 5.2, 7.1, 8.8, 11.0]})
    >>> r = cross_state_regression(df, "x", "y")
    >>> round(r.slope, 2), r.n, round(r.spearman_rho, 2)
    (1.99, 6, 1.0)
    """
    if cov_type not in _COV:
        raise ValueError(f"cov_type must be one of {_COV}, got {cov_type!r}")
    if not (0 < alpha < 1):
        raise ValueError(f"alpha must be in (0, 1), got {alpha!r}")
    d = _xy(frame, x, y)
    res = sm.OLS(d[y], sm.add_constant(d[x])).fit(cov_type=cov_type)
    lo, hi = res.conf_int(alpha=alpha).loc[x]
    rho, rp = stats.spearmanr(d[x], d[y])
    tau, tp = stats.kendalltau(d[x], d[y])
    return PriceRegression(
        n=int(len(d)),
        slope=float(res.params[x]),
        se=float(res.bse[x]),
        ci_low=float(lo),
        ci_high=float(hi),
        p_value=float(res.pvalues[x]),
        intercept=float(res.params["const"]),
        r2=float(res.rsquared),
        spearman_rho=float(rho),
        spearman_p=float(rp),
        kendall_tau=float(tau),
        kendall_p=float(tp),
        cov_type=cov_type,
    )


def leave_one_out(frame: pd.DataFrame, x: str, y: str) -> pd.Series:
    """OLS slope of ``y`` on ``x`` with each row left out in turn.

    Parameters
    ----------
    frame : DataFrame
        One row per state (index = state); needs at least 6 complete rows.
    x, y : str
        Column names as in :func:`cross_state_regression`.

    Returns
    -------
    Series
        Indexed like the complete rows of ``frame``: the slope without that row.

    Examples
    --------
    >>> df = pd.DataFrame({"x": [0, 1, 2, 3, 4, 10], "y": [0, 1, 2, 3, 4, 0]}, index=list("abcdef"))
    >>> float(leave_one_out(df, "x", "y").round(2)["f"])
    1.0
    """
    d = _xy(frame, x, y)
    if len(d) < 6:
        raise ValueError(f"need at least 6 complete rows, got {len(d)}")
    X = d[x].to_numpy()
    Y = d[y].to_numpy()
    mask = ~np.eye(len(d), dtype=bool)
    # slope = cov(x, y) / var(x) on each leave-one-out sample, vectorised over rows
    n = len(d) - 1
    xs = np.where(mask, X, 0.0)
    ys = np.where(mask, Y, 0.0)
    mx = xs.sum(1) / n
    my = ys.sum(1) / n
    cxy = (np.where(mask, (X - mx[:, None]) * (Y - my[:, None]), 0.0)).sum(1)
    vx = (np.where(mask, (X - mx[:, None]) ** 2, 0.0)).sum(1)
    if np.any(vx == 0):
        raise ValueError(f"x={x!r} must vary in every leave-one-out sample")
    return pd.Series(cxy / vx, index=d.index, name="slope_without")
