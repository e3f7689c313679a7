r"""Electricity prices, data-centre load and capacity costs: the numerics of chapter 9.

:func:`real_change_pct`
    Percentage change of a price after removing consumer-price inflation.
:func:`price_change`
    Nominal and real change in each state's average retail electricity price between two years.
:func:`cross_state_regression`
    Least-squares slope of a price change on data-centre concentration across states, with
    heteroskedasticity-robust (HC0-HC3) standard errors, a t-based interval and Spearman's rank
    correlation, returned as one :class:`PriceRegression`.
:func:`leave_one_out`
    The same slope re-estimated without each state in turn.
:func:`capacity_cost`
    What a capacity auction costs: cleared megawatts times the clearing price times the days of
    the delivery year.

Everything is numpy and :mod:`scipy.special` (Student's t distribution); the regression is a
two-column least-squares problem, so statsmodels is not needed at run time (the tests check the
results against it).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
import pandas as pd

from .._validate import InputTypeError, array, choice, finite_result, frame, integer, number, series, shared_index

__all__ = ["real_change_pct", "price_change", "PriceRegression", "cross_state_regression", "leave_one_out",
           "capacity_cost", "SECTORS", "COV_TYPES"]

#: End-use sectors of the EIA state price tables.
SECTORS = ("residential", "commercial", "industrial", "all_sectors")
#: Covariance estimators :func:`cross_state_regression` offers.
COV_TYPES = ("HC0", "HC1", "HC2", "HC3", "nonrobust")


def real_change_pct(p0, p1, cpi0, cpi1):
    r"""Percentage change of a price after removing consumer-price inflation.

    Parameters
    ----------
    p0, p1 : float, array-like or Series
        Prices at the start and end, same nominal unit (e.g. US cents per kWh), each ``> 0``.
    cpi0, cpi1 : float, array-like or Series
        Consumer price index at the start and end (any base), each ``> 0``.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Real change in percent (a Series, keeping its index, if any input is one).

    Notes
    -----
    .. math:: 100\left[\frac{p_1/p_0}{CPI_1/CPI_0} - 1\right]

    References
    ----------
    U.S. Bureau of Labor Statistics, *Handbook of Methods*, "Consumer Price Index: Calculation"
    (using the CPI to deflate a nominal series), https://www.bls.gov/opub/hom/cpi/calculation.htm.

    Examples
    --------
    >>> round(real_change_pct(10.0, 12.0, 100.0, 110.0), 2)
    9.09
    """
    idx = shared_index(p0, p1, cpi0, cpi1, names=["p0", "p1", "cpi0", "cpi1"])
    a = [array(n, v.to_numpy() if isinstance(v, pd.Series) else v, low=0.0, low_open=True, min_size=1)
         for n, v in (("p0", p0), ("p1", p1), ("cpi0", cpi0), ("cpi1", cpi1))]
    try:
        b = np.broadcast_arrays(*a)
    except ValueError:
        raise ValueError(f"p0, p1, cpi0 and cpi1 have mismatched shapes: {[x.shape for x in a]}") from None
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        out = finite_result(100.0 * ((b[1] / b[0]) / (b[3] / b[2]) - 1.0), "p0, p1, cpi0 and cpi1")
    if idx is not None:
        return pd.Series(np.broadcast_to(out, (len(idx),)).copy(), index=idx, name="real_change_pct")
    return float(out) if out.ndim == 0 else out


def price_change(prices: pd.DataFrame, start: int, end: int, sector: str = "residential",
                 cpi: Mapping[int, float] | pd.Series | None = None) -> pd.DataFrame:
    r"""Per-state change in the average retail electricity price between two years.

    Parameters
    ----------
    prices : DataFrame
        Long table with columns ``state``, ``year``, ``sector``, ``price`` (the
        ``electricity_prices_state`` dataset: US cents per kWh, nominal). One row per state, year
        and sector: a duplicated row raises rather than being silently picked.
    start, end : int
        First and last calendar year, ``start < end``, both present for ``sector``.
    sector : str, default "residential"
        One of :data:`SECTORS`.
    cpi : mapping or Series, year -> index, optional
        Consumer price index (> 0, one value per year); if given, the real change is added.

    Returns
    -------
    DataFrame
        Indexed by ``state``: ``price_start``, ``price_end`` (cents/kWh), ``change_cents``,
        ``change_pct`` (nominal, percent) and, with ``cpi``, ``real_change_pct``. States that lack
        either year are dropped.

    Notes
    -----
    Nominal change :math:`100(p_1/p_0 - 1)`; real change as in :func:`real_change_pct`.

    References
    ----------
    U.S. Energy Information Administration, Form EIA-861, average retail price (revenue per kWh)
    by state and sector, https://www.eia.gov/electricity/data/state/.

    Examples
    --------
    >>> df = pd.DataFrame({"state": ["A", "A", "B", "B"], "year": [2019, 2023] * 2,
    ...                    "sector": ["residential"] * 4, "price": [10.0, 15.0, 20.0, 22.0]})
    >>> price_change(df, 2019, 2023)["change_pct"].round(1).tolist()
    [50.0, 10.0]
    """
    frame("prices", prices, ["state", "year", "sector", "price"])
    choice("sector", sector, SECTORS)
    start, end = integer("start", start, low=1900, high=2100), integer("end", end, low=1900, high=2100)
    if start >= end:
        raise ValueError(f"start must be before end, got start={start!r}, end={end!r}")
    for col in ("year", "price"):
        if not pd.api.types.is_numeric_dtype(prices[col].dtype) or pd.api.types.is_bool_dtype(prices[col].dtype):
            raise InputTypeError(f"prices[{col!r}] must hold numbers, got dtype {prices[col].dtype}")
    sub = prices[prices["sector"] == sector]
    array("prices['year']", sub["year"].to_numpy(dtype=float, na_value=np.nan), low=1900, high=2100)
    dup = sub.duplicated(["state", "year"], keep=False)
    if dup.any():
        first = sub[dup].iloc[0]
        raise ValueError(f"prices has {int(dup.sum())} duplicated rows for sector {sector!r}, "
                         f"e.g. state={first['state']!r}, year={first['year']!r}")
    years = set(pd.to_numeric(sub["year"]).astype(int))
    for name, y in (("start", start), ("end", end)):
        if y not in years:
            raise ValueError(f"{name}={y!r} is not in prices for sector {sector!r} (years: {sorted(years)})")
    array("prices['price']", sub["price"].to_numpy(dtype=float, na_value=np.nan), low=0.0, low_open=True, allow_nan=True)
    wide = sub.assign(year=sub["year"].astype(int)).pivot(index="state", columns="year", values="price")
    wide = wide[[start, end]].dropna().astype(float)
    out = pd.DataFrame({"price_start": wide[start], "price_end": wide[end]})
    out["change_cents"] = out["price_end"] - out["price_start"]
    out["change_pct"] = 100.0 * (out["price_end"] / out["price_start"] - 1.0)
    if cpi is not None:
        c = series("cpi", pd.Series(cpi, dtype=float) if isinstance(cpi, Mapping) else cpi, low=0.0, low_open=True)
        for name, y in (("start", start), ("end", end)):
            if y not in c.index:
                raise ValueError(f"cpi has no value for the {name} year {y!r} (years: {sorted(c.index)})")
        out["real_change_pct"] = real_change_pct(out["price_start"], out["price_end"], float(c[start]), float(c[end]))
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
    cov_type: str

    def as_series(self) -> pd.Series:
        """The result as a labelled Series (for tables)."""
        return pd.Series(self._asdict())


def _complete_pairs(name: str, df: pd.DataFrame, x: str, y: str, min_rows: int) -> pd.DataFrame:
    """The rows of ``df`` where both ``x`` and ``y`` are present, checked through helpers._validate."""
    frame(name, df)
    for pname, col in (("x", x), ("y", y)):
        if not isinstance(col, str) or col not in df.columns:
            raise ValueError(f"{pname}={col!r} is not a column of {name} (columns: {list(df.columns)})")
    if x == y:
        raise ValueError(f"x and y must be different columns, got {x!r} twice")
    if df.index.has_duplicates:
        raise ValueError(f"{name} has a duplicated index label {df.index[df.index.duplicated()][0]!r}; one row per state")
    for col in (x, y):
        s = df[col]
        if not pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
            raise InputTypeError(f"{name}[{col!r}] must hold numbers, got dtype {s.dtype}")
        array(f"{name}[{col!r}]", s.to_numpy(dtype=float, na_value=np.nan), allow_nan=True)
    d = df[[x, y]].astype(float).dropna()
    if len(d) < min_rows:
        raise ValueError(f"{name} needs at least {min_rows} rows with both {x!r} and {y!r}, got {len(d)}")
    if d[x].nunique() < 2:
        raise ValueError(f"x={x!r} must vary across the rows of {name}")
    return d


def _t_quantile(df: int, q: float) -> float:
    from scipy.special import stdtrit

    return float(stdtrit(df, q))


def _t_two_sided_p(df: int, t: float) -> float:
    from scipy.special import stdtr

    return float(2.0 * stdtr(df, -abs(t)))


def cross_state_regression(data: pd.DataFrame, x: str, y: str, cov_type: str = "HC3",
                           alpha: float = 0.05) -> PriceRegression:
    r"""Regress ``y`` on ``x`` across states, with robust errors and a rank correlation.

    Parameters
    ----------
    data : DataFrame
        One row per state (a duplicated index raises); rows missing ``x`` or ``y`` are dropped,
        at least 5 must remain.
    x : str
        Column of the explanatory variable (e.g. data-centre share of state electricity use, %).
    y : str
        Column of the outcome (e.g. price change, %).
    cov_type : str, default "HC3"
        Covariance estimator of the slope, one of :data:`COV_TYPES`: the sandwich estimators
        HC0-HC3 (robust to unequal error variances) or "nonrobust" (classical OLS).
    alpha : float, default 0.05
        One minus the confidence level of the slope interval, in [1e-10, 1) (a smaller alpha would
        round the t quantile, hence the interval, to infinity).

    Returns
    -------
    PriceRegression
        ``n``, ``slope``, ``se``, ``ci_low``, ``ci_high``, ``p_value`` (two-sided, slope = 0),
        ``intercept``, ``r2``, ``spearman_rho``, ``spearman_p``, ``cov_type``.

    Notes
    -----
    OLS of :math:`y_i = a + b x_i + e_i` with :math:`X = [1, x]`,
    :math:`\hat\beta = (X'X)^{-1}X'y`. The sandwich covariance is
    :math:`(X'X)^{-1} X'\,\mathrm{diag}(\omega_i)\,X (X'X)^{-1}` with
    :math:`\omega_i = \hat e_i^2` (HC0), :math:`\hat e_i^2\,n/(n-2)` (HC1),
    :math:`\hat e_i^2/(1-h_i)` (HC2) or :math:`\hat e_i^2/(1-h_i)^2` (HC3), :math:`h_i` the
    leverage of state :math:`i`; HC3 suits small samples with a few high-leverage states
    (Virginia). Intervals and p-values use Student's t with :math:`n-2` degrees of freedom.
    Spearman's :math:`\rho` is the Pearson correlation of the ranks (ties averaged), tested with
    :math:`t = \rho\sqrt{(n-2)/(1-\rho^2)}`.

    References
    ----------
    MacKinnon, J. G. and White, H. (1985). "Some heteroskedasticity-consistent covariance matrix
    estimators with improved finite sample properties." *Journal of Econometrics* 29(3), 305-325.
    https://doi.org/10.1016/0304-4076(85)90158-7

    Examples
    --------
    >>> df = pd.DataFrame({"x": [0, 1, 2, 3, 4, 5], "y": [1.0, 2.9, 5.2, 7.1, 8.8, 11.0]})
    >>> r = cross_state_regression(df, "x", "y")
    >>> round(r.slope, 2), r.n, round(r.spearman_rho, 2)
    (1.99, 6, 1.0)
    """
    choice("cov_type", cov_type, COV_TYPES)
    alpha = number("alpha", alpha, low=1e-10, high=1.0, high_open=True)
    d = _complete_pairs("data", data, x, y, 5)
    xv, yv = d[x].to_numpy(), d[y].to_numpy()
    n = len(d)
    X = np.column_stack([np.ones(n), xv])
    xtx_inv = np.linalg.inv(X.T @ X)
    beta = xtx_inv @ X.T @ yv
    e = yv - X @ beta
    if cov_type == "nonrobust":
        cov = xtx_inv * (e @ e) / (n - 2)
    else:
        h = np.einsum("ij,jk,ik->i", X, xtx_inv, X)
        omega = {"HC0": e**2, "HC1": e**2 * n / (n - 2), "HC2": e**2 / (1 - h), "HC3": e**2 / (1 - h) ** 2}[cov_type]
        cov = xtx_inv @ (X.T * omega) @ X @ xtx_inv
    se = float(np.sqrt(cov[1, 1]))
    tcrit = _t_quantile(n - 2, 1 - alpha / 2)
    ss_tot = float(((yv - yv.mean()) ** 2).sum())
    r2 = 1.0 - float(e @ e) / ss_tot if ss_tot > 0 else float("nan")
    rx, ry = d[x].rank().to_numpy(), d[y].rank().to_numpy()
    rho = float(np.corrcoef(rx, ry)[0, 1]) if np.std(ry) > 0 else float("nan")
    rho_p = float("nan") if np.isnan(rho) else (0.0 if abs(rho) >= 1 else _t_two_sided_p(n - 2, rho * np.sqrt((n - 2) / (1 - rho**2))))
    return PriceRegression(
        n=n, slope=float(beta[1]), se=se, ci_low=float(beta[1] - tcrit * se), ci_high=float(beta[1] + tcrit * se),
        p_value=_t_two_sided_p(n - 2, beta[1] / se) if se > 0 else 0.0, intercept=float(beta[0]), r2=r2,
        spearman_rho=rho, spearman_p=rho_p, cov_type=cov_type,
    )


def leave_one_out(data: pd.DataFrame, x: str, y: str) -> pd.Series:
    r"""OLS slope of ``y`` on ``x`` with each row left out in turn.

    Parameters
    ----------
    data : DataFrame
        One row per state (index = state, no duplicates); at least 6 complete rows.
    x, y : str
        Column names as in :func:`cross_state_regression`.

    Returns
    -------
    Series
        Indexed like the complete rows of ``data``: the slope without that row.

    Notes
    -----
    Each slope is :math:`\widehat{\mathrm{cov}}(x, y)/\widehat{\mathrm{var}}(x)` on the sample
    without row :math:`i`, computed for all rows at once.

    References
    ----------
    Belsley, D. A., Kuh, E. and Welsch, R. E. (1980). *Regression Diagnostics: Identifying
    Influential Data and Sources of Collinearity*. Wiley (DFBETA: the change in a coefficient
    when one observation is deleted).

    Examples
    --------
    >>> df = pd.DataFrame({"x": [0, 1, 2, 3, 4, 10], "y": [0, 1, 2, 3, 4, 0]}, index=list("abcdef"))
    >>> float(leave_one_out(df, "x", "y").round(2)["f"])
    1.0
    """
    d = _complete_pairs("data", data, x, y, 6)
    xv, yv = d[x].to_numpy(), d[y].to_numpy()
    keep = ~np.eye(len(d), dtype=bool)
    m = len(d) - 1
    mx = np.where(keep, xv, 0.0).sum(1) / m
    my = np.where(keep, yv, 0.0).sum(1) / m
    cxy = np.where(keep, (xv - mx[:, None]) * (yv - my[:, None]), 0.0).sum(1)
    vx = np.where(keep, (xv - mx[:, None]) ** 2, 0.0).sum(1)
    if np.any(vx <= 1e-12 * max(1.0, float(np.abs(xv).max()) ** 2)):
        raise ValueError(f"x={x!r} must vary in every leave-one-out sample")
    return pd.Series(cxy / vx, index=d.index, name="slope_without")


def capacity_cost(cleared_mw, price_per_mw_day, days=365):
    r"""What a capacity auction costs: megawatts cleared times price times days.

    Parameters
    ----------
    cleared_mw : float, array-like or Series
        Capacity bought in the auction, MW of unforced capacity (``> 0``, at most 10 million).
    price_per_mw_day : float, array-like or Series
        Clearing price, USD per MW-day (``>= 0``, at most 100,000).
    days : int or array-like, default 365
        Days in the delivery year (365 or 366).

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Cost in USD billions, for a uniform clearing price across the whole market (zones that
        clear higher add to it; self-supplied load pays none of it).

    Notes
    -----
    .. math:: C = Q \cdot P \cdot D / 10^9

    References
    ----------
    PJM Interconnection, *PJM Manual 18: PJM Capacity Market* (Reliability Pricing Model: the
    base residual auction's clearing price is in USD per MW-day of unforced capacity).

    Examples
    --------
    >>> round(capacity_cost(134_479, 333.44), 2)
    16.37
    """
    idx = shared_index(cleared_mw, price_per_mw_day, days, names=["cleared_mw", "price_per_mw_day", "days"])
    q = array("cleared_mw", cleared_mw.to_numpy() if isinstance(cleared_mw, pd.Series) else cleared_mw,
              low=0.0, low_open=True, high=1e7, min_size=1)
    p = array("price_per_mw_day", price_per_mw_day.to_numpy() if isinstance(price_per_mw_day, pd.Series) else price_per_mw_day,
              low=0.0, high=1e5, min_size=1)
    dd = array("days", days.to_numpy() if isinstance(days, pd.Series) else days, low=365, high=366, min_size=1)
    if np.any(dd != np.round(dd)):
        raise ValueError(f"days must be whole days (365 or 366), got {days!r}")
    try:
        out = q * p * dd / 1e9
    except ValueError:
        raise ValueError(f"cleared_mw, price_per_mw_day and days have mismatched shapes: {q.shape}, {p.shape}, {dd.shape}") from None
    if idx is not None:
        return pd.Series(np.broadcast_to(out, (len(idx),)).copy(), index=idx, name="capacity_cost_usd_bn")
    return float(out) if np.ndim(out) == 0 else out
