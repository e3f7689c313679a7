"""Token prices and the capex-return arithmetic of cheaper near-parity models.

Small, pure tools for the chapter on China's open models:

:func:`blended_price`
    Price per million tokens of a usage mix of input and output tokens.
:func:`price_ratio`
    How many times one price is another (e.g. a US list price over a Chinese one).
:func:`price_table`
    Blended prices of a table of models and their ratio to a reference model.
:func:`required_revenue_simple`
    Yearly revenue that recovers a capex outlay: straight-line depreciation plus a
    required return on the full outlay, divided by the cash margin.
:func:`tokens_needed`
    Tokens a year that bring in a revenue at a price per million tokens.
:func:`price_cut_effect`
    What a lower price per token does to revenue at a fixed volume, and the rise in
    volume that would be needed to keep revenue whole.

All functions take floats, numpy arrays or pandas Series (a Series keeps its index)
and raise :class:`ValueError` naming the parameter on bad input.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from .._validate import shared_index

__all__ = [
    "blended_price",
    "price_ratio",
    "price_table",
    "required_revenue_simple",
    "tokens_needed",
    "price_cut_effect",
    "PriceCutEffect",
]


def _arr(name: str, x, *, lo: float | None = None, hi: float | None = None,
         lo_open: bool = False, hi_open: bool = False) -> np.ndarray:
    """Float array of ``x`` after checking it is non-empty, finite and inside [lo, hi]."""
    if isinstance(x, (str, bytes)) or x is None:
        raise ValueError(f"{name} must be a number or an array of numbers, got {x!r}")
    try:
        a = np.asarray(x.to_numpy() if isinstance(x, (pd.Series, pd.Index)) else x, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or an array of numbers, got {x!r}") from None
    if a.size == 0:
        raise ValueError(f"{name} must not be empty, got {x!r}")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} must be finite (no NaN or inf), got {x!r}")
    if lo is not None and (np.any(a <= lo) if lo_open else np.any(a < lo)):
        raise ValueError(f"{name} must be {'>' if lo_open else '>='} {lo}, got {x!r}")
    if hi is not None and (np.any(a >= hi) if hi_open else np.any(a > hi)):
        raise ValueError(f"{name} must be {'<' if hi_open else '<='} {hi}, got {x!r}")
    return a



def _out(values: np.ndarray, idx: pd.Index | None, name: str):
    if idx is not None:
        return pd.Series(np.broadcast_to(values, (len(idx),)).copy(), index=idx, name=name)
    return float(values) if np.ndim(values) == 0 else values


def _broadcast(names: tuple[str, ...], *arrs: np.ndarray) -> list[np.ndarray]:
    try:
        return np.broadcast_arrays(*arrs)
    except ValueError:
        shapes = ", ".join(f"{n}{a.shape}" for n, a in zip(names, arrs))
        raise ValueError(f"inputs have mismatched lengths: {shapes}") from None


def blended_price(input_price, output_price, output_share):
    """Price per million tokens of a mix of input and output tokens.

    Parameters
    ----------
    input_price : float, array-like or Series
        Price of input tokens, USD per million tokens (``>= 0``).
    output_price : float, array-like or Series
        Price of output tokens, USD per million tokens (``>= 0``).
    output_share : float, array-like or Series
        Share of all tokens that are output tokens, in [0, 1]. A chat workload with
        three input tokens for each output token has ``output_share = 0.25``.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Blended price, USD per million tokens (a Series if any input is one).

    Notes
    -----
    .. math:: p_{blend} = (1 - s)\\,p_{in} + s\\,p_{out}

    where :math:`s` is the output share of tokens. Price comparisons often use an
    input:output ratio of 3:1, i.e. :math:`s = 0.25`; reasoning and agent workloads
    generate more output and sit higher.

    Examples
    --------
    >>> blended_price(1.25, 10.0, 0.25)
    3.4375
    >>> round(blended_price(0.28, 0.42, 0.25), 3)
    0.315
    """
    idx = shared_index(input_price, output_price, output_share)
    pi = _arr("input_price", input_price, lo=0.0)
    po = _arr("output_price", output_price, lo=0.0)
    s = _arr("output_share", output_share, lo=0.0, hi=1.0)
    pi, po, s = _broadcast(("input_price", "output_price", "output_share"), pi, po, s)
    return _out((1.0 - s) * pi + s * po, idx, "blended_price")


def price_ratio(price, reference):
    """How many times ``price`` is ``reference``.

    Parameters
    ----------
    price : float, array-like or Series
        Price(s), any unit (``>= 0``).
    reference : float, array-like or Series
        Reference price(s) in the same unit (``> 0``).

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        ``price / reference`` (dimensionless).

    Examples
    --------
    >>> round(price_ratio(3.4375, 0.315), 1)
    10.9
    """
    idx = shared_index(price, reference)
    p = _arr("price", price, lo=0.0)
    r = _arr("reference", reference, lo=0.0, lo_open=True)
    p, r = _broadcast(("price", "reference"), p, r)
    return _out(p / r, idx, "price_ratio")


def price_table(prices: pd.DataFrame, output_share: float = 0.25, reference: str | None = None,
                *, input_col: str = "input_usd_per_m", output_col: str = "output_usd_per_m",
                name_col: str = "model") -> pd.DataFrame:
    """Blended price of each model and its ratio to a reference model.

    Parameters
    ----------
    prices : DataFrame
        One row per model with an input and an output price (USD per million tokens),
        e.g. the ``token_prices`` dataset.
    output_share : float, default 0.25
        Share of tokens that are output, in [0, 1] (see :func:`blended_price`).
    reference : str, optional
        Value of ``name_col`` of the reference model. Without it the ratio is to the
        cheapest model in the table.
    input_col, output_col, name_col : str
        Column names.

    Returns
    -------
    DataFrame
        ``prices`` (same index) with two new columns: ``blended_usd_per_m`` and
        ``times_reference`` (blended price over the reference's blended price).

    Examples
    --------
    >>> df = pd.DataFrame({"model": ["A", "B"], "input_usd_per_m": [1.25, 0.28],
    ...                    "output_usd_per_m": [10.0, 0.42]})
    >>> price_table(df, 0.25, reference="B")["times_reference"].round(1).tolist()
    [10.9, 1.0]
    """
    if not isinstance(prices, pd.DataFrame) or prices.empty:
        raise ValueError(f"prices must be a non-empty DataFrame, got {type(prices).__name__}")
    for col in (input_col, output_col, name_col):
        if col not in prices.columns:
            raise ValueError(f"prices lacks the column {col!r} (has {list(prices.columns)})")
    blend = blended_price(prices[input_col].astype(float), prices[output_col].astype(float), output_share)
    if reference is None:
        ref = float(blend.min())
    else:
        hit = prices[name_col] == reference
        if not hit.any():
            raise ValueError(f"reference {reference!r} is not a {name_col} in prices")
        ref = float(blend[hit].iloc[0])
    if ref <= 0:
        raise ValueError(f"reference price must be > 0, got {ref!r}")
    return prices.assign(blended_usd_per_m=blend, times_reference=blend / ref)


def required_revenue_simple(capex, life_years, required_return, margin):
    """Yearly revenue that recovers a capex outlay (simple, undiscounted rule).

    Parameters
    ----------
    capex : float, array-like or Series
        Capital spent, e.g. USD billions (``>= 0``).
    life_years : float, array-like or Series
        Useful life of the assets in years (``> 0``); servers and GPUs are
        depreciated over about 5-6 years by the large US clouds.
    required_return : float, array-like or Series
        Return required on the full outlay per year, as a fraction (``0 <= r < 1``).
    margin : float, array-like or Series
        Cash margin: share of each revenue dollar left after operating costs and
        before depreciation (``0 < m <= 1``).

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Revenue needed per year, in the unit of ``capex``.

    Notes
    -----
    .. math:: R = \\frac{C\\,(1/L + r)}{m}

    Straight-line depreciation :math:`C/L` plus a return :math:`rC` on the *full*
    outlay, grossed up by the cash margin. Charging the return on the full outlay
    every year overstates the need compared with the annuity rule
    :math:`R = C\\,\\mathrm{CRF}(r, L)/m` used in
    :func:`helpers.models.capex.required_revenue` (the capital is repaid over the life), so
    this is an upper bound; with ``r = 0`` the two agree.

    References
    ----------
    Brealey, R. A., Myers, S. C. and Allen, F. (2020). *Principles of Corporate Finance*,
    13th ed., McGraw-Hill (economic depreciation and the cost of capital).

    Examples
    --------
    >>> required_revenue_simple(100.0, 5, 0.10, 0.5)
    60.0
    >>> required_revenue_simple(100.0, 5, 0.0, 1.0)
    20.0
    """
    idx = shared_index(capex, life_years, required_return, margin)
    c = _arr("capex", capex, lo=0.0)
    n = _arr("life_years", life_years, lo=0.0, lo_open=True)
    r = _arr("required_return", required_return, lo=0.0, hi=1.0, hi_open=True)
    m = _arr("margin", margin, lo=0.0, hi=1.0, lo_open=True)
    c, n, r, m = _broadcast(("capex", "life_years", "required_return", "margin"), c, n, r, m)
    return _out(c * (1.0 / n + r) / m, idx, "required_revenue")


def tokens_needed(revenue, price_per_million):
    """Tokens a year that earn ``revenue`` at a price per million tokens.

    Parameters
    ----------
    revenue : float, array-like or Series
        Revenue per year, USD (``>= 0``). Pass dollars, not billions.
    price_per_million : float, array-like or Series
        Price, USD per million tokens (``> 0``).

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Tokens per year.

    Notes
    -----
    .. math:: T = 10^6 \\, R / p

    Examples
    --------
    >>> tokens_needed(1e9, 1.0)
    1000000000000000.0
    """
    idx = shared_index(revenue, price_per_million)
    rev = _arr("revenue", revenue, lo=0.0)
    p = _arr("price_per_million", price_per_million, lo=0.0, lo_open=True)
    rev, p = _broadcast(("revenue", "price_per_million"), rev, p)
    return _out(1e6 * rev / p, idx, "tokens")


class PriceCutEffect(NamedTuple):
    """Effect of a lower price per token at a fixed volume (see :func:`price_cut_effect`)."""

    revenue_after: float | np.ndarray | pd.Series
    """Revenue at the new price and the old volume (unit of ``revenue``)."""
    revenue_lost: float | np.ndarray | pd.Series
    """Revenue the cut removes (unit of ``revenue``)."""
    lost_share: float | np.ndarray | pd.Series
    """Share of the old revenue removed, in [0, 1)."""
    volume_multiplier: float | np.ndarray | pd.Series
    """Factor by which volume must grow to keep revenue whole (old price / new price)."""


def price_cut_effect(revenue, old_price, new_price) -> PriceCutEffect:
    """What a lower price per token does to revenue when volume stays the same.

    Parameters
    ----------
    revenue : float, array-like or Series
        Revenue at the old price (``>= 0``), any currency unit.
    old_price : float, array-like or Series
        Old price per token or per million tokens (``> 0``).
    new_price : float, array-like or Series
        New price in the same unit (``0 < new_price <= old_price``).

    Returns
    -------
    PriceCutEffect
        ``revenue_after``, ``revenue_lost``, ``lost_share`` and ``volume_multiplier``.

    Notes
    -----
    At a fixed volume :math:`Q`, revenue is :math:`pQ`, so
    :math:`R_1 = R_0\\,p_1/p_0`, the lost share is :math:`1 - p_1/p_0` and volume
    must grow by :math:`p_0/p_1` to restore :math:`R_0`. This ignores the extra
    demand a lower price may bring (price elasticity): it is the arithmetic of a cap on
    price, not a forecast.

    Examples
    --------
    >>> e = price_cut_effect(100.0, 3.44, 0.344)
    >>> round(e.revenue_after, 1), round(e.lost_share, 2), round(e.volume_multiplier, 1)
    (10.0, 0.9, 10.0)
    """
    idx = shared_index(revenue, old_price, new_price)
    rev = _arr("revenue", revenue, lo=0.0)
    p0 = _arr("old_price", old_price, lo=0.0, lo_open=True)
    p1 = _arr("new_price", new_price, lo=0.0, lo_open=True)
    rev, p0, p1 = _broadcast(("revenue", "old_price", "new_price"), rev, p0, p1)
    if np.any(p1 > p0):
        raise ValueError(f"new_price must be <= old_price (a cut), got new_price={new_price!r}, old_price={old_price!r}")
    ratio = p1 / p0
    return PriceCutEffect(
        revenue_after=_out(rev * ratio, idx, "revenue_after"),
        revenue_lost=_out(rev * (1.0 - ratio), idx, "revenue_lost"),
        lost_share=_out(1.0 - ratio, idx, "lost_share"),
        volume_multiplier=_out(1.0 / ratio, idx, "volume_multiplier"),
    )
