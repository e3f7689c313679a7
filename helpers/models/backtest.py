"""Small backtests of ordinary-investor advice: lump sum versus monthly investing, and portfolio mixes.

Everything works on monthly simple returns (a pandas Series or DataFrame indexed
by month-end dates). Drawdowns reuse :func:`helpers.models.bubble.max_drawdown_episode`.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from .bubble import max_drawdown_episode

__all__ = [
    "stock_total_returns",
    "bond_returns_from_yields",
    "price_returns",
    "lump_sum_vs_dca",
    "portfolio_returns",
    "Metrics",
    "metrics",
]


def _check_series(x: pd.Series, name: str, positive: bool = False) -> pd.Series:
    if not isinstance(x, pd.Series):
        raise ValueError(f"{name} must be a pandas Series, got {type(x).__name__}")
    if len(x) < 2:
        raise ValueError(f"{name} needs at least two observations, got {len(x)}")
    v = x.to_numpy(dtype=float)
    if np.isnan(v).any():
        raise ValueError(f"{name} has a missing value at {x.index[np.isnan(v)][0]}")
    if positive and (v <= 0).any():
        raise ValueError(f"{name} must be positive; found {v[v <= 0][0]}")
    return x.astype(float)


def stock_total_returns(price: pd.Series, dividend: pd.Series) -> pd.Series:
    """Monthly total returns of an index from its price and annualised dividend.

    Parameters
    ----------
    price : Series
        Index level each month (Shiller: the monthly average of daily closes).
    dividend : Series
        Dividends per index unit at an annual rate, same index as ``price``.

    Returns
    -------
    Series
        :math:`r_t = (P_t + D_t/12) / P_{t-1} - 1`, indexed like ``price`` without
        its first month.

    Notes
    -----
    This is the convention of Shiller's data file, where dividends are paid at
    one twelfth of the annual rate each month and reinvested at the next price.

    References
    ----------
    Shiller, R. J. *Irrational Exuberance* (Princeton University Press, 2000, 3rd
    ed. 2015), data file "U.S. Stock Markets 1871-Present and CAPE Ratio".

    Examples
    --------
    >>> idx = pd.period_range("2000-01", periods=3, freq="M").to_timestamp("M")
    >>> stock_total_returns(pd.Series([100.0, 102.0, 99.0], idx), pd.Series([12.0, 12.0, 12.0], idx)).round(4).tolist()
    [0.03, -0.0196]
    """
    p = _check_series(price, "price", positive=True)
    d = _check_series(dividend, "dividend")
    if not p.index.equals(d.index):
        raise ValueError("price and dividend must share the same index")
    if (d < 0).any():
        raise ValueError("dividend must be non-negative")
    return ((p + d / 12.0) / p.shift(1) - 1.0).iloc[1:]


def price_returns(price: pd.Series) -> pd.Series:
    """Monthly simple returns of a positive price series (first month dropped)."""
    p = _check_series(price, "price", positive=True)
    return p.pct_change().iloc[1:]


def bond_returns_from_yields(yield_pct: pd.Series, maturity: float = 10.0) -> pd.Series:
    """Approximate monthly total returns of a constant-maturity government bond from its yield.

    Each month a par bond (coupon = last month's yield, semi-annual coupons,
    ``maturity`` years) is bought, held one month and sold at the new yield with
    ``maturity - 1/12`` years left.

    Parameters
    ----------
    yield_pct : Series
        Yield to maturity in percent per year (e.g. 4.5), monthly.
    maturity : float
        Years to maturity of the bond bought each month (> 1/12).

    Returns
    -------
    Series
        :math:`r_t = y_{t-1}/12 + P(c=y_{t-1}, y=y_t, n=T-1/12) - 1`, where
        :math:`P(c, y, n) = \\frac{c}{y}\\left(1 - (1+y/2)^{-2n}\\right) + (1+y/2)^{-2n}`
        is the price per unit face of a bond with annual coupon rate ``c`` at yield ``y``.

    Notes
    -----
    An estimate, not a traded fund's return: it ignores the bid-ask spread and
    the yield curve's roll-down, and uses a monthly average yield.

    Examples
    --------
    >>> idx = pd.period_range("2000-01", periods=3, freq="M").to_timestamp("M")
    >>> r = bond_returns_from_yields(pd.Series([5.0, 5.0, 6.0], idx))
    >>> round(float(r.iloc[0]), 5), bool(r.iloc[1] < -0.05)
    (0.00417, True)
    """
    y = _check_series(yield_pct, "yield_pct", positive=True)
    if not np.isfinite(maturity) or maturity <= 1 / 12:
        raise ValueError(f"maturity must be more than one month, got {maturity}")
    c = y.shift(1).to_numpy() / 100.0
    yy = y.to_numpy() / 100.0
    n = maturity - 1 / 12
    disc = (1 + yy / 2) ** (-2 * n)
    price = c / yy * (1 - disc) + disc
    r = c / 12 + price - 1.0
    return pd.Series(r, index=y.index).iloc[1:]


def lump_sum_vs_dca(returns: pd.Series, horizon: int, dca_months: int, cash_return: float = 0.0) -> pd.DataFrame:
    """Terminal wealth of investing all at once versus in equal monthly slices, for every start month.

    Parameters
    ----------
    returns : Series
        Monthly simple returns of the risky asset.
    horizon : int
        Months from the start until wealth is measured (>= ``dca_months``).
    dca_months : int
        Number of equal monthly purchases for dollar-cost averaging (>= 1).
    cash_return : float
        Monthly return on cash not yet invested (0 = under the mattress).

    Returns
    -------
    DataFrame
        Indexed by start month: ``lump_sum`` and ``dca`` terminal wealth per 1 of
        money at the start, and ``dca_wins`` (bool).

    Notes
    -----
    With the growth index :math:`G_t = \\prod_{s \\le t}(1+r_s)`, a lump sum at
    start :math:`t_0` ends with :math:`G_{t_0+h}/G_{t_0}`; the k-th of m slices,
    invested at :math:`t_0+k` after earning cash for k months, ends with
    :math:`\\frac{(1+c)^k}{m} G_{t_0+h}/G_{t_0+k}`. All start dates are computed
    at once with array indexing.

    References
    ----------
    Constantinides, G. M. (1979). "A note on the suboptimality of dollar-cost
    averaging as an investment policy." *Journal of Financial and Quantitative
    Analysis* 14(2), 443-450.

    Examples
    --------
    >>> idx = pd.period_range("2000-01", periods=4, freq="M").to_timestamp("M")
    >>> out = lump_sum_vs_dca(pd.Series([0.10, -0.10, 0.10, 0.0], idx), horizon=2, dca_months=2)
    >>> out.round(3).to_dict("list")
    {'lump_sum': [0.99, 0.99, 1.1], 'dca': [0.945, 1.045, 1.1], 'dca_wins': [False, True, False]}
    """
    r = _check_series(returns, "returns")
    if (r <= -1).any():
        raise ValueError("returns must be greater than -1 (a -100% month wipes out the asset)")
    for name, v in (("horizon", horizon), ("dca_months", dca_months)):
        if not isinstance(v, (int, np.integer)) or v < 1:
            raise ValueError(f"{name} must be a positive integer, got {v!r}")
    if dca_months > horizon:
        raise ValueError(f"dca_months ({dca_months}) cannot exceed horizon ({horizon})")
    if not np.isfinite(cash_return) or cash_return <= -1:
        raise ValueError(f"cash_return must be a finite monthly return above -1, got {cash_return}")
    if len(r) < horizon:
        raise ValueError(f"returns has {len(r)} months, fewer than the horizon {horizon}")
    # G[0] = 1 before the first return; start t0 invests at G[t0], i.e. before return t0.
    G = np.concatenate([[1.0], np.cumprod(1.0 + r.to_numpy())])
    starts = np.arange(len(r) - horizon + 1)
    end = G[starts + horizon]
    lump = end / G[starts]
    k = np.arange(dca_months)
    slices = (1 + cash_return) ** k[None, :] / dca_months * end[:, None] / G[starts[:, None] + k[None, :]]
    dca = slices.sum(axis=1)
    return pd.DataFrame({"lump_sum": lump, "dca": dca, "dca_wins": dca > lump}, index=r.index[starts])


def portfolio_returns(returns: pd.DataFrame, weights: dict[str, float]) -> pd.Series:
    """Monthly returns of a portfolio rebalanced to fixed weights every month.

    Parameters
    ----------
    returns : DataFrame
        Monthly simple returns, one column per asset.
    weights : dict
        Asset name -> weight; non-negative and summing to 1.

    Returns
    -------
    Series
        :math:`r^p_t = \\sum_i w_i r_{i,t}`.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [0.1, 0.0], "b": [0.0, 0.2]})
    >>> portfolio_returns(df, {"a": 0.5, "b": 0.5}).tolist()
    [0.05, 0.1]
    """
    if not isinstance(weights, dict) or not weights:
        raise ValueError(f"weights must be a non-empty dict, got {weights!r}")
    missing = set(weights) - set(returns.columns)
    if missing:
        raise ValueError(f"weights name assets not in returns: {sorted(missing)}")
    w = pd.Series(weights, dtype=float)
    if w.isna().any() or (w < 0).any():
        raise ValueError(f"weights must be non-negative numbers, got {weights}")
    if not np.isclose(w.sum(), 1.0):
        raise ValueError(f"weights must sum to 1, got {w.sum():.4f}")
    sub = returns[list(w.index)]
    if sub.isna().any().any():
        raise ValueError("returns has missing values for a weighted asset")
    return (sub * w).sum(axis=1)


class Metrics(NamedTuple):
    """Summary of a monthly return series."""

    cagr: float
    volatility: float
    max_drawdown: float
    peak: pd.Timestamp
    trough: pd.Timestamp
    recovered: pd.Timestamp | None
    months_to_recover: float


def metrics(returns: pd.Series) -> Metrics:
    """Compound annual growth, annualised volatility, deepest drawdown and its recovery.

    Parameters
    ----------
    returns : Series
        Monthly simple returns indexed by dates.

    Returns
    -------
    Metrics
        ``cagr`` and ``volatility`` as fractions per year; ``max_drawdown`` as a
        negative fraction; ``months_to_recover`` from the peak back to it (NaN if
        not recovered within the sample).

    Examples
    --------
    >>> idx = pd.period_range("2000-01", periods=4, freq="M").to_timestamp("M")
    >>> m = metrics(pd.Series([0.5, -0.5, 0.0, 1.0], idx))
    >>> round(m.max_drawdown, 2), m.months_to_recover
    (-0.5, 3.0)
    """
    r = _check_series(returns, "returns")
    if (r <= -1).any():
        raise ValueError("returns must be greater than -1")
    start = r.index[0] - (r.index[1] - r.index[0])
    wealth = pd.concat([pd.Series([1.0], index=[start]), (1 + r).cumprod()])
    years = len(r) / 12.0
    ep = max_drawdown_episode(wealth)
    months = float("nan")
    if ep.recovery_date is not None:
        months = float(wealth.index.get_loc(ep.recovery_date) - wealth.index.get_loc(ep.peak_date))
    return Metrics(
        cagr=float(wealth.iloc[-1] ** (1 / years) - 1),
        volatility=float(r.std(ddof=1) * np.sqrt(12)),
        max_drawdown=float(ep.max_drawdown),
        peak=ep.peak_date,
        trough=ep.trough_date,
        recovered=ep.recovery_date,
        months_to_recover=months,
    )
