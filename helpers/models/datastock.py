"""When do LLM training sets reach the stock of human-generated text?

A deliberately small model of the "running out of data" argument. Training sets
grow exponentially; the stock of usable public human text grows slowly (or not
at all); the year the two curves cross is the "exhaustion" (full-use) year.
The model reproduces the logic, not the full machinery, of Villalobos et al.
(2024), whose inputs are in ``data/data_stock.csv``.

Functions
---------
:func:`exhaustion_year`
    Closed-form crossing year, vectorised over any input.
:func:`lognormal_from_interval`
    Parameters of a lognormal with a given median and central interval.
:func:`simulate_exhaustion`
    Seeded Monte Carlo over an uncertain stock and an uncertain growth rate.
:func:`trajectory`
    Dataset size and stock by year, for charts.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy.stats import norm

from .._validate import array, integer, number

__all__ = [
    "exhaustion_year",
    "lognormal_from_interval",
    "simulate_exhaustion",
    "ExhaustionSimulation",
    "trajectory",
]


def exhaustion_year(stock, dataset, growth, year0, overtrain=1.0, stock_growth=0.0):
    """Year in which the training-set size reaches the stock of usable text.

    Parameters
    ----------
    stock : float or array
        Effective stock of usable human-generated text at ``year0``, tokens (> 0).
    dataset : float or array
        Size of the reference (compute-optimal) frontier training set at ``year0``, tokens (> 0).
    growth : float or array
        Annual growth rate of training-set size, as a fraction: 2.0 means the
        set triples each year (factor ``1 + growth``). Must exceed ``stock_growth``.
    year0 : float or array
        Decimal year of the reference training set (e.g. 2024.3 for April 2024).
    overtrain : float or array, default 1
        Overtraining factor k: tokens per parameter relative to compute-optimal
        training (>= 1 overtrains, < 1 undertrains). At fixed compute the data
        used scales with ``sqrt(k)``.
    stock_growth : float or array, default 0
        Annual growth rate of the stock itself, as a fraction (> -1).

    Returns
    -------
    float or numpy.ndarray
        Decimal year of full use. Values below ``year0`` mean the stock was
        already smaller than the reference set (no clamping).

    Raises
    ------
    ValueError
        If an input is NaN, infinite, empty, non-positive where it must be
        positive, or if ``growth <= stock_growth`` (the curves never cross).

    Notes
    -----
    With dataset size :math:`D(t) = D_0 \\sqrt{k}\\,(1+g)^{t-t_0}` and stock
    :math:`S(t) = S_0 (1+s)^{t-t_0}`, the crossing :math:`D(t^*) = S(t^*)` is

    .. math:: t^* = t_0 + \\frac{\\ln S_0 - \\ln(D_0 \\sqrt{k})}{\\ln(1+g) - \\ln(1+s)} .

    With :math:`k = 1` and :math:`s = 0` this is :math:`t_0 + \\ln(S_0/D_0)/\\ln(1+g)`.
    The :math:`\\sqrt{k}` factor follows from training compute :math:`C \\approx 6ND`
    with tokens per parameter :math:`D/N` scaled by :math:`k` (Hoffmann et al., 2022).

    References
    ----------
    Villalobos, P., Ho, A., Sevilla, J., Besiroglu, T., Heim, L. and Hobbhahn, M. (2024).
    "Position: Will we run out of data? Limits of LLM scaling based on human-generated data."
    Proceedings of the 41st International Conference on Machine Learning (ICML), PMLR 235.
    arXiv:2211.04325v2.

    Hoffmann, J. et al. (2022). "Training Compute-Optimal Large Language Models."
    arXiv:2203.15556.

    Examples
    --------
    >>> round(float(exhaustion_year(3e14, 1.5e13, 2.0, 2024.0)), 2)
    2026.73
    >>> [round(float(y), 1) for y in exhaustion_year([1e14, 3e14, 1e15], 1.5e13, 2.0, 2024.0)]
    [2025.7, 2026.7, 2027.8]
    """
    S = array("stock", stock, low=0.0, low_open=True, min_size=1)
    D = array("dataset", dataset, low=0.0, low_open=True, min_size=1)
    g = array("growth", growth, low=-1.0, low_open=True, min_size=1)
    t0 = array("year0", year0, low=1900.0, high=2200.0, min_size=1)
    k = array("overtrain", overtrain, low=0.0, low_open=True, min_size=1)
    s = array("stock_growth", stock_growth, low=-1.0, low_open=True, min_size=1)
    try:
        np.broadcast_shapes(S.shape, D.shape, g.shape, t0.shape, k.shape, s.shape)
    except ValueError:
        raise ValueError("stock, dataset, growth, year0, overtrain and stock_growth must broadcast together") from None
    denom = np.log1p(g) - np.log1p(s)
    if np.any(denom <= 0):
        raise ValueError(
            f"growth must exceed stock_growth or the curves never cross; got growth={growth!r}, stock_growth={stock_growth!r}"
        )
    with np.errstate(over="ignore"):
        t = t0 + (np.log(S) - np.log(D) - 0.5 * np.log(k)) / denom
    if not np.isfinite(t).all():
        raise ValueError(f"growth is too close to stock_growth for a finite crossing year; got growth={growth!r}, "
                         f"stock_growth={stock_growth!r}")
    return float(t) if t.ndim == 0 else t


def lognormal_from_interval(median: float, low: float, high: float, coverage: float = 0.90) -> tuple[float, float]:
    """``(mu, sigma)`` of a lognormal with this median and central interval.

    The interval is taken to be symmetric in logs around the median; when the
    source's interval is not (300T with 100T-1000T is slightly skewed), sigma
    is fitted to the full log-width, ``(ln high - ln low) / (2 z)``.

    Parameters
    ----------
    median, low, high : float
        Median and the ends of the central interval (same units, ``0 < low < median < high``).
    coverage : float, default 0.90
        Probability inside ``[low, high]``, in (0, 1).

    Returns
    -------
    tuple of float
        ``mu = ln(median)`` and ``sigma``.

    Examples
    --------
    >>> mu, sigma = lognormal_from_interval(3e14, 1e14, 1e15)
    >>> round(sigma, 4)
    0.6999
    """
    median, low, high = (number(n, v, low=0.0, low_open=True) for n, v in (("median", median), ("low", low), ("high", high)))
    coverage = number("coverage", coverage, low=0.0, high=1.0, low_open=True, high_open=True)
    if not (low < median < high):
        raise ValueError(f"need low < median < high, got low={low!r}, median={median!r}, high={high!r}")
    z = norm.ppf(0.5 + coverage / 2)
    if not 0 < z < np.inf:
        raise ValueError(f"coverage is too close to 0 or 1 to fit an interval, got {coverage!r}")
    return float(np.log(median)), float((np.log(high) - np.log(low)) / (2 * z))


class ExhaustionSimulation(NamedTuple):
    """Result of :func:`simulate_exhaustion`."""

    years: np.ndarray
    """Simulated full-use years, one per draw."""
    stock: np.ndarray
    """Stock drawn for each path, tokens."""
    growth: np.ndarray
    """Growth rate drawn for each path (fraction per year)."""

    def quantiles(self, q=(0.05, 0.5, 0.95)) -> pd.Series:
        """Quantiles of the full-use year, indexed by probability."""
        q = array("q", q, low=0.0, high=1.0, min_size=1, ndim=1)
        return pd.Series(np.quantile(self.years, q), index=q, name="year")

    def prob_by(self, year: float) -> float:
        """Share of paths with full use at or before ``year`` (decimal year)."""
        return float(np.mean(self.years <= number("year", year)))


def simulate_exhaustion(
    *,
    stock_median: float,
    stock_low: float,
    stock_high: float,
    dataset: float,
    growth_low: float,
    growth_high: float,
    year0: float,
    overtrain: float = 1.0,
    stock_growth: float = 0.0,
    coverage: float = 0.90,
    n: int = 100_000,
    seed: int = 0,
) -> ExhaustionSimulation:
    """Monte Carlo distribution of the full-use year.

    The stock is lognormal with the given median and central interval; the
    annual growth factor ``1 + g`` is log-uniform between ``1 + growth_low``
    and ``1 + growth_high``. Draws are independent; everything is vectorised.

    Parameters
    ----------
    stock_median, stock_low, stock_high : float
        Median and interval of the effective stock, tokens.
    dataset : float
        Reference compute-optimal training-set size at ``year0``, tokens.
    growth_low, growth_high : float
        Range of the annual growth rate of training sets, fractions (``growth_low <= growth_high``).
    year0 : float
        Decimal year of ``dataset``.
    overtrain : float, default 1
        Overtraining factor (see :func:`exhaustion_year`).
    stock_growth : float, default 0
        Annual growth rate of the stock, fraction.
    coverage : float, default 0.90
        Probability covered by ``[stock_low, stock_high]``.
    n : int, default 100000
        Number of draws (>= 1).
    seed : int, default 0
        Seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    ExhaustionSimulation

    Notes
    -----
    :math:`\\ln S \\sim N(\\mu, \\sigma^2)` from :func:`lognormal_from_interval`;
    :math:`\\ln(1+g) \\sim U(\\ln(1+g_{lo}), \\ln(1+g_{hi}))`; each draw is passed
    through :func:`exhaustion_year`. The growth range is a modelling assumption,
    not a published interval.

    References
    ----------
    Villalobos, P. et al. (2024), see :func:`exhaustion_year`.

    Examples
    --------
    >>> sim = simulate_exhaustion(stock_median=3e14, stock_low=1e14, stock_high=1e15,
    ...                           dataset=4.7e12, growth_low=2.0, growth_high=2.0,
    ...                           year0=2024.3, n=20_000, seed=1)
    >>> round(float(sim.quantiles([0.5]).iloc[0]), 1)
    2028.1
    """
    n = integer("n", n, low=1, high=10_000_000)
    seed = integer("seed", seed, low=0)
    growth_low = number("growth_low", growth_low, low=-1.0, low_open=True)
    growth_high = number("growth_high", growth_high, low=-1.0, low_open=True)
    if growth_low > growth_high:
        raise ValueError(f"growth_low must be <= growth_high, got {growth_low!r} > {growth_high!r}")
    if growth_low < number("stock_growth", stock_growth, low=-1.0, low_open=True):
        raise ValueError(f"growth_low must be >= stock_growth or the curves may never cross, got {growth_low!r} < {stock_growth!r}")
    med, lo, hi = (number(k, v, low=0.0, low_open=True) for k, v in
                   (("stock_median", stock_median), ("stock_low", stock_low), ("stock_high", stock_high)))
    if not lo < med < hi:
        raise ValueError(f"need stock_low < stock_median < stock_high, got {stock_low!r}, {stock_median!r}, {stock_high!r}")
    mu, sigma = lognormal_from_interval(med, lo, hi, coverage)
    rng = np.random.default_rng(seed)
    with np.errstate(over="ignore"):
        S = np.exp(mu + sigma * rng.standard_normal(n))
    if not (np.isfinite(S) & (S > 0)).all():
        raise ValueError(f"stock_median, stock_low, stock_high and coverage give a stock spread (sigma = {sigma:.3g}) "
                         "so wide that drawn stocks overflow")
    lg = rng.uniform(np.log1p(growth_low), np.log1p(growth_high), n)
    g = np.expm1(lg)
    years = exhaustion_year(S, dataset, g, year0, overtrain, stock_growth)
    return ExhaustionSimulation(years=np.atleast_1d(years), stock=S, growth=g)


def trajectory(years, stock, dataset, growth, year0, overtrain=1.0, stock_growth=0.0) -> pd.DataFrame:
    """Training-set size and stock over the given years.

    Parameters
    ----------
    years : array-like
        Decimal years (non-empty, finite).
    stock, dataset, growth, year0, overtrain, stock_growth
        As in :func:`exhaustion_year` (scalars).

    Returns
    -------
    pandas.DataFrame
        Indexed by year, columns ``dataset`` and ``stock`` (tokens).

    Examples
    --------
    >>> trajectory([2024, 2025], 3e14, 1e13, 2.0, 2024)["dataset"].tolist()
    [10000000000000.0, 30000000000000.0]
    """
    y = array("years", years, min_size=1).ravel()
    for name, v in (("stock", stock), ("dataset", dataset), ("growth", growth), ("year0", year0),
                    ("overtrain", overtrain), ("stock_growth", stock_growth)):
        number(name, v)
    exhaustion_year(stock, dataset, growth, year0, overtrain, stock_growth)  # validates
    with np.errstate(over="ignore"):
        d = dataset * np.sqrt(overtrain) * (1 + growth) ** (y - year0)
        s = stock * (1 + stock_growth) ** (y - year0)
    if not (np.isfinite(d).all() and np.isfinite(s).all()):
        raise ValueError("dataset, overtrain, growth, stock, stock_growth and years give sizes beyond the float range")
    return pd.DataFrame({"dataset": d, "stock": s}, index=pd.Index(y, name="year"))
