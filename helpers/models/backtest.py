r"""Small backtests of ordinary-investor advice: lump sum versus monthly investing, and portfolio mixes.

Everything works on monthly simple returns (a pandas Series or DataFrame indexed by month-end
dates). Drawdowns reuse :func:`helpers.models.bubble.max_drawdown_episode`. The portfolio mixes
and horizons are the reader's or the chapter's choices, passed in as arguments; no sourced figure
lives here.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from .._validate import InputTypeError, frame, integer, number, series, shared_index
from .bubble import max_drawdown_episode

__all__ = [
    "stock_total_returns",
    "bond_returns_from_yields",
    "price_returns",
    "lump_sum_vs_dca",
    "portfolio_returns",
    "mix_weights",
    "wealth_path",
    "money_weighted_return",
    "Metrics",
    "metrics",
    "metrics_table",
]


def _returns(name: str, r, min_size: int = 2) -> pd.Series:
    s = series(name, r, low=-1.0, low_open=True, sorted_index=True, min_size=min_size)
    if not isinstance(s.index, pd.DatetimeIndex):
        raise InputTypeError(f"{name} must be indexed by dates (a DatetimeIndex), got {type(s.index).__name__}")
    return s.astype(float)


def _levels(name: str, x, low_open: bool = True) -> pd.Series:
    return series(name, x, low=0.0, low_open=low_open, sorted_index=True, min_size=2).astype(float)


def stock_total_returns(price: pd.Series, dividend: pd.Series) -> pd.Series:
    r"""Monthly total returns of an index from its price and annualised dividend.

    Parameters
    ----------
    price : Series
        Index level each month (Shiller: the monthly average of daily closes), index points.
    dividend : Series
        Dividends per index unit at an annual rate (index points per year), same index.

    Returns
    -------
    Series
        :math:`r_t = (P_t + D_t/12) / P_{t-1} - 1`, indexed like ``price`` without its first month.

    Notes
    -----
    This is the convention of Shiller's data file, where dividends are paid at one twelfth of
    the annual rate each month and reinvested at the next price.

    References
    ----------
    Shiller, R. J. (2015). *Irrational Exuberance*, 3rd ed. Princeton University Press; data file
    "U.S. Stock Markets 1871-Present and CAPE Ratio", https://shillerdata.com/.

    Examples
    --------
    >>> idx = pd.period_range("2000-01", periods=3, freq="M").to_timestamp("M")
    >>> stock_total_returns(pd.Series([100.0, 102.0, 99.0], idx), pd.Series([12.0, 12.0, 12.0], idx)).round(4).tolist()
    [0.03, -0.0196]
    """
    p = _levels("price", price)
    d = _levels("dividend", dividend, low_open=False)
    shared_index(p, d, names=["price", "dividend"])
    return ((p + d / 12.0) / p.shift(1) - 1.0).iloc[1:]


def price_returns(price: pd.Series) -> pd.Series:
    r"""Monthly simple returns of a positive price series (first month dropped).

    Parameters
    ----------
    price : Series
        Positive prices or index levels, indexed by increasing dates.

    Returns
    -------
    Series
        :math:`r_t = P_t / P_{t-1} - 1`.

    Notes
    -----
    A price return leaves out dividends; for a stock index it understates the total return by
    about the dividend yield.

    Examples
    --------
    >>> idx = pd.period_range("2000-01", periods=3, freq="M").to_timestamp("M")
    >>> price_returns(pd.Series([100.0, 110.0, 99.0], idx)).round(3).tolist()
    [0.1, -0.1]
    """
    p = _levels("price", price)
    return p.pct_change().iloc[1:]


def bond_returns_from_yields(yield_pct: pd.Series, maturity: float = 10.0) -> pd.Series:
    r"""Approximate monthly total returns of a constant-maturity government bond from its yield.

    Each month a par bond (coupon = last month's yield, semi-annual coupons, ``maturity`` years)
    is bought, held one month and sold at the new yield with ``maturity - 1/12`` years left.

    Parameters
    ----------
    yield_pct : Series
        Yield to maturity in percent per year (e.g. 4.5), monthly; positive, at most 30.
    maturity : float
        Years to maturity of the bond bought each month (more than 1/12, at most 100).

    Returns
    -------
    Series
        :math:`r_t = y_{t-1}/12 + P(c=y_{t-1}, y=y_t, n=T-1/12) - 1`.

    Notes
    -----
    The price per unit face of a bond with annual coupon rate :math:`c` at yield :math:`y` with
    :math:`n` years left is

    .. math:: P(c, y, n) = \frac{c}{y}\left(1 - (1+y/2)^{-2n}\right) + (1+y/2)^{-2n}.

    An estimate, not a traded fund's return: it ignores the bid-ask spread and the yield
    curve's roll-down, and uses a monthly average yield.

    References
    ----------
    Fabozzi, F. J. (2007). *Fixed Income Analysis*, 2nd ed. Wiley (CFA Institute Investment
    Series), chapter 5: the price of an option-free bond from its yield.

    Examples
    --------
    >>> idx = pd.period_range("2000-01", periods=3, freq="M").to_timestamp("M")
    >>> r = bond_returns_from_yields(pd.Series([5.0, 5.0, 6.0], idx))
    >>> round(float(r.iloc[0]), 5), bool(r.iloc[1] < -0.05)
    (0.00417, True)
    """
    y = series("yield_pct", yield_pct, low=0.0, low_open=True, high=30.0, sorted_index=True, min_size=2).astype(float)
    t = number("maturity", maturity, low=1 / 12, low_open=True, high=100.0)
    c = y.shift(1).to_numpy() / 100.0
    yy = y.to_numpy() / 100.0
    n = t - 1 / 12
    disc = (1 + yy / 2) ** (-2 * n)
    price = c / yy * (1 - disc) + disc
    return pd.Series(c / 12 + price - 1.0, index=y.index).iloc[1:]


def lump_sum_vs_dca(returns: pd.Series, horizon: int, dca_months: int, cash_return: float = 0.0) -> pd.DataFrame:
    r"""Terminal wealth of investing all at once versus in equal monthly slices, for every start month.

    Parameters
    ----------
    returns : Series
        Monthly simple returns of the risky asset (fractions, above -1), indexed by dates.
    horizon : int
        Months from the start until wealth is measured (1 to 1200, at least ``dca_months``).
    dca_months : int
        Number of equal monthly purchases for dollar-cost averaging (at least 1).
    cash_return : float
        Monthly return on cash not yet invested (0 = under the mattress); in (-1, 1].

    Returns
    -------
    DataFrame
        Indexed by start month: ``lump_sum`` and ``dca`` terminal wealth per 1 of money at the
        start, and ``dca_wins`` (bool).

    Notes
    -----
    With the growth index :math:`G_t = \prod_{s \le t}(1+r_s)`, a lump sum at start :math:`t_0`
    ends with :math:`G_{t_0+h}/G_{t_0}`; the k-th of m slices, invested at :math:`t_0+k` after
    earning cash for k months, ends with :math:`\frac{(1+c)^k}{m} G_{t_0+h}/G_{t_0+k}`. All start
    dates are computed at once with array indexing.

    References
    ----------
    Constantinides, G. M. (1979). "A note on the suboptimality of dollar-cost averaging as an
    investment policy." *Journal of Financial and Quantitative Analysis* 14(2), 443-450.

    Examples
    --------
    >>> idx = pd.period_range("2000-01", periods=4, freq="M").to_timestamp("M")
    >>> out = lump_sum_vs_dca(pd.Series([0.10, -0.10, 0.10, 0.0], idx), horizon=2, dca_months=2)
    >>> out.round(3).to_dict("list")
    {'lump_sum': [0.99, 0.99, 1.1], 'dca': [0.945, 1.045, 1.1], 'dca_wins': [False, True, False]}
    """
    r = _returns("returns", returns, min_size=1)
    h = integer("horizon", horizon, low=1, high=1200)
    m = integer("dca_months", dca_months, low=1, high=1200)
    if m > h:
        raise ValueError(f"dca_months must be <= {h} (the horizon), got {m}")
    c = number("cash_return", cash_return, low=-1.0, low_open=True, high=1.0)
    if len(r) < h:
        raise ValueError(f"returns must hold at least horizon={h} months, got {len(r)}")
    # G[0] = 1 before the first return; start t0 invests at G[t0], i.e. before return t0.
    g = np.concatenate([[1.0], np.cumprod(1.0 + r.to_numpy())])
    starts = np.arange(len(r) - h + 1)
    end = g[starts + h]
    lump = end / g[starts]
    k = np.arange(m)
    slices = (1 + c) ** k[None, :] / m * end[:, None] / g[starts[:, None] + k[None, :]]
    dca = slices.sum(axis=1)
    return pd.DataFrame({"lump_sum": lump, "dca": dca, "dca_wins": dca > lump}, index=r.index[starts])


def portfolio_returns(returns: pd.DataFrame, weights: dict[str, float]) -> pd.Series:
    r"""Monthly returns of a portfolio rebalanced to fixed weights every month.

    Parameters
    ----------
    returns : DataFrame
        Monthly simple returns (fractions), one column per asset, one row per month (no
        duplicated index label).
    weights : dict
        Asset name -> weight (fraction); non-negative and summing to 1.

    Returns
    -------
    Series
        :math:`r^p_t = \sum_i w_i r_{i,t}`.

    Notes
    -----
    Rebalancing every month keeps the weights fixed; trading costs are ignored.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [0.1, 0.0], "b": [0.0, 0.2]})
    >>> portfolio_returns(df, {"a": 0.5, "b": 0.5}).tolist()
    [0.05, 0.1]
    """
    if not isinstance(weights, dict) or not weights:
        raise InputTypeError(f"weights must be a non-empty dict of asset -> weight, got {weights!r}")
    frame("returns", returns, list(weights))
    w = pd.Series({k: number(f"weights[{k!r}]", v, low=0.0, high=1.0) for k, v in weights.items()})
    if not np.isclose(w.sum(), 1.0):
        raise ValueError(f"weights must sum to 1, got {w.sum():.4f} from {weights}")
    for k in w.index:
        series(f"returns[{k!r}]", returns[k], low=-1.0, low_open=True)
    return (returns[list(w.index)] * w).sum(axis=1)


def mix_weights(stock: float, gold: float) -> dict[str, float]:
    r"""Weights of a stock / gold / bond mix set by two sliders: bonds take what is left.

    Parameters
    ----------
    stock, gold : float
        Shares chosen for stocks and gold (fractions, each in [0, 1]).

    Returns
    -------
    dict
        ``{"stock": w_s, "gold": w_g, "bond": w_b}`` summing to 1.

    Notes
    -----
    :math:`b = \max(0, 1 - s - g)`, then each weight is divided by :math:`s + g + b`, so a pair of
    sliders that adds to more than 1 is scaled down and leaves nothing for bonds. The chart's
    slider expression (:func:`helpers.charts.backtest.mix_steps`) computes the same weights.

    Examples
    --------
    >>> mix_weights(0.6, 0.1)
    {'stock': 0.6, 'gold': 0.1, 'bond': 0.3}
    >>> mix_weights(0.8, 0.4)["bond"]
    0.0
    """
    s = number("stock", stock, low=0.0, high=1.0)
    g = number("gold", gold, low=0.0, high=1.0)
    b = max(0.0, 1.0 - s - g)
    total = s + g + b
    return {"stock": round(s / total, 12), "gold": round(g / total, 12), "bond": round(b / total, 12)}


def wealth_path(returns: pd.Series, start: float = 100.0) -> pd.Series:
    r"""Value of ``start`` invested before the first return, after each month.

    Parameters
    ----------
    returns : Series
        Monthly simple returns (above -1), indexed by dates.
    start : float
        Money invested at the outset (e.g. USD 100); positive, at most 1e15.

    Returns
    -------
    Series
        :math:`W_t = W_0 \prod_{s \le t} (1 + r_s)`, indexed like ``returns``.

    Examples
    --------
    >>> idx = pd.period_range("2000-01", periods=2, freq="M").to_timestamp("M")
    >>> wealth_path(pd.Series([0.1, -0.5], idx)).round(2).tolist()
    [110.0, 55.0]
    """
    r = _returns("returns", returns, min_size=1)
    w0 = number("start", start, low=0.0, low_open=True, high=1e15)
    return w0 * (1.0 + r).cumprod()


def money_weighted_return(returns: pd.Series) -> float:
    r"""Annual money-weighted return of a saver who invests 1 at the start of every month.

    Parameters
    ----------
    returns : Series
        Monthly simple returns (above -1) of the asset bought, indexed by dates; at least two.

    Returns
    -------
    float
        The annual rate :math:`\rho` (fraction) at which the contributions would have grown to
        the same final value.

    Notes
    -----
    Purchase :math:`i` (of :math:`n`) is made before return :math:`i` and stays invested for
    :math:`n-i` months, so the final value is :math:`V = \sum_i \prod_{j \ge i} (1+r_j)`. The
    money-weighted (internal) rate of return solves

    .. math:: \sum_{i=0}^{n-1} (1+\rho)^{(n-i)/12} = V,

    whose left side rises with :math:`\rho`, so the root is unique (found by Brent's method).

    References
    ----------
    Bacon, C. R. (2008). *Practical Portfolio Performance Measurement and Attribution*, 2nd ed.
    Wiley, chapter 2: money-weighted returns (internal rate of return).

    Examples
    --------
    >>> idx = pd.period_range("2000-01", periods=24, freq="M").to_timestamp("M")
    >>> round(money_weighted_return(pd.Series(0.01, idx)), 4)  # 1% a month, compounded
    0.1268
    """
    r = _returns("returns", returns)
    growth = (1.0 + r.to_numpy())[::-1].cumprod()[::-1]
    value = float(growth.sum())
    held = np.arange(len(r), 0, -1) / 12.0

    def gap(rate: float) -> float:
        return float(np.sum((1.0 + rate) ** held)) - value

    lo, hi = -0.999, 1.0
    while gap(hi) < 0:
        hi *= 2.0
        if hi > 1e6:
            raise ValueError("returns imply a money-weighted return above 1e6 per year; check the input")
    return float(brentq(gap, lo, hi, xtol=1e-12))


class Metrics(NamedTuple):
    """Summary of a monthly return series (see :func:`metrics`)."""

    cagr: float
    volatility: float
    max_drawdown: float
    peak: pd.Timestamp
    trough: pd.Timestamp
    recovered: pd.Timestamp | None
    months_to_recover: float


def metrics(returns: pd.Series) -> Metrics:
    r"""Compound annual growth, annualised volatility, deepest drawdown and its recovery.

    Parameters
    ----------
    returns : Series
        Monthly simple returns (above -1), indexed by dates; at least two.

    Returns
    -------
    Metrics
        ``cagr`` and ``volatility`` as fractions per year; ``max_drawdown`` as a negative
        fraction; ``months_to_recover`` from the peak back to it (NaN if not recovered within
        the sample).

    Notes
    -----
    With wealth :math:`W_t = \prod_{s \le t}(1+r_s)` over :math:`n` months,
    :math:`\text{CAGR} = W_n^{12/n} - 1` and :math:`\sigma = \sqrt{12}\,\mathrm{sd}(r)`. The
    drawdown is that of :math:`W` (starting at 1 the month before the first return).

    Examples
    --------
    >>> idx = pd.period_range("2000-01", periods=4, freq="M").to_timestamp("M")
    >>> m = metrics(pd.Series([0.5, -0.5, 0.0, 1.0], idx))
    >>> round(m.max_drawdown, 2), m.months_to_recover
    (-0.5, 3.0)
    """
    r = _returns("returns", returns)
    start = r.index[0] - (r.index[1] - r.index[0])
    wealth = pd.concat([pd.Series([1.0], index=[start]), (1 + r).cumprod()])
    ep = max_drawdown_episode(wealth)
    months = float("nan")
    if ep.recovery_date is not None:
        months = float(wealth.index.get_loc(ep.recovery_date) - wealth.index.get_loc(ep.peak_date))
    return Metrics(
        cagr=float(wealth.iloc[-1] ** (12.0 / len(r)) - 1),
        volatility=float(r.std(ddof=1) * np.sqrt(12)),
        max_drawdown=float(ep.max_drawdown),
        peak=ep.peak_date,
        trough=ep.trough_date,
        recovered=ep.recovery_date,
        months_to_recover=months,
    )


def metrics_table(returns: pd.DataFrame) -> pd.DataFrame:
    r""":func:`metrics` for every column of a table of monthly returns.

    Parameters
    ----------
    returns : DataFrame
        Monthly simple returns, one column per asset or portfolio, indexed by dates. Missing
        values at the start of a column (an asset not yet listed) are dropped before scoring.

    Returns
    -------
    DataFrame
        One row per column of ``returns``, with the fields of :class:`Metrics`.

    Notes
    -----
    Each column is scored on its own observed months, so columns with different start dates
    are not directly comparable.

    Examples
    --------
    >>> idx = pd.period_range("2000-01", periods=3, freq="M").to_timestamp("M")
    >>> metrics_table(pd.DataFrame({"a": [0.1, -0.5, 0.2]}, idx))["max_drawdown"].round(2).tolist()
    [-0.5]
    """
    frame("returns", returns, min_rows=2)
    rows = {c: metrics(returns[c].dropna())._asdict() for c in returns.columns}
    return pd.DataFrame.from_dict(rows, orient="index")
