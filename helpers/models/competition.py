r"""Token prices and the revenue arithmetic of cheaper near-parity models (chapter 14).

:func:`blended_price`
    Price per million tokens of a usage mix of input and output tokens.
:func:`price_ratio`
    How many times one price is another (e.g. a US list price over a Chinese one).
:func:`price_table`
    Blended prices of a table of models and their ratio to a reference model.
:func:`cheaper_pairs`
    For every pair of models from two groups (US and Chinese, say), whether the first is as cheap
    as the second at some mix of input and output tokens.
:func:`tokens_needed`
    Tokens a year that bring in a revenue at a price per million tokens.
:func:`price_cut_effect`
    What a lower price per token does to revenue at a fixed volume, and the rise in volume that
    would keep revenue whole.

All functions take floats, numpy arrays or pandas Series (a Series keeps its index) and raise
:class:`ValueError` (or :class:`helpers._validate.InputTypeError`, also a TypeError) naming the
parameter on bad input. The revenue a capex outlay needs is not computed here: it is
:func:`helpers.models.capex.required_revenue` (one formula, one name), which chapter 14 combines
with :func:`tokens_needed`.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from .._validate import array, finite_result, frame, number, shared_index

__all__ = ["blended_price", "price_ratio", "price_table", "cheaper_pairs", "tokens_needed", "price_cut_effect",
           "PriceCutEffect"]

#: Largest price (USD per million tokens) or revenue (USD) the functions accept: beyond is a unit error.
_MAX_PRICE = 1e5
_MAX_REVENUE = 1e15


def _out(values: np.ndarray, idx: pd.Index | None, name: str):
    if idx is not None:
        return pd.Series(np.broadcast_to(values, (len(idx),)).copy(), index=idx, name=name)
    return float(values) if np.ndim(values) == 0 else values


def _check_prices(prices, **cols: str) -> None:
    """``prices`` holds the named columns, finite prices in range and each model once."""
    frame("prices", prices)
    for name, col in cols.items():
        if not isinstance(col, str) or col not in prices.columns:
            raise ValueError(f"{name} {col!r} is not a column of prices (columns: {list(prices.columns)})")
    price_cols = [cols["input_col"], cols["output_col"]]
    frame("prices", prices, numeric=price_cols)
    for col in price_cols:
        array(f"prices column {col!r}", prices[col].to_numpy(dtype=float), low=0.0, high=_MAX_PRICE)
    if prices[cols["name_col"]].duplicated().any():
        dup = prices.loc[prices[cols["name_col"]].duplicated(), cols["name_col"]].iloc[0]
        raise ValueError(f"prices lists the model {dup!r} twice; pick one vintage of prices first")


def _broadcast(names: tuple[str, ...], *arrs: np.ndarray) -> list[np.ndarray]:
    try:
        return np.broadcast_arrays(*arrs)
    except ValueError:
        shapes = ", ".join(f"{n}{a.shape}" for n, a in zip(names, arrs))
        raise ValueError(f"inputs have mismatched lengths: {shapes}") from None


def blended_price(input_price, output_price, output_share):
    r"""Price per million tokens of a mix of input and output tokens.

    Parameters
    ----------
    input_price : float, array-like or Series
        Price of input tokens, USD per million tokens (``0 <= p <= 100,000``).
    output_price : float, array-like or Series
        Price of output tokens, USD per million tokens (``0 <= p <= 100,000``).
    output_share : float, array-like or Series
        Share of all tokens that are output tokens, in [0, 1]. A chat workload with three input
        tokens for each output token has ``output_share = 0.25``.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Blended price, USD per million tokens (a Series if any input is one).

    Notes
    -----
    .. math:: p_{blend} = (1 - s)\,p_{in} + s\,p_{out}

    where :math:`s` is the output share of tokens. Price comparisons often use an input:output
    ratio of 3:1, i.e. :math:`s = 0.25`; reasoning and agent workloads generate more output and
    sit higher.

    References
    ----------
    Artificial Analysis, "Methodology: blended price" (3:1 input:output weighting),
    https://artificialanalysis.ai/methodology.

    Examples
    --------
    >>> blended_price(1.25, 10.0, 0.25)
    3.4375
    >>> round(blended_price(0.28, 0.42, 0.25), 3)
    0.315
    """
    idx = shared_index(input_price, output_price, output_share, names=["input_price", "output_price", "output_share"])
    pi = array("input_price", input_price, min_size=1, low=0.0, high=_MAX_PRICE)
    po = array("output_price", output_price, min_size=1, low=0.0, high=_MAX_PRICE)
    s = array("output_share", output_share, min_size=1, low=0.0, high=1.0)
    pi, po, s = _broadcast(("input_price", "output_price", "output_share"), pi, po, s)
    return _out((1.0 - s) * pi + s * po, idx, "blended_price")


def price_ratio(price, reference):
    r"""How many times ``price`` is ``reference``.

    Parameters
    ----------
    price : float, array-like or Series
        Price(s), any unit (``>= 0``).
    reference : float, array-like or Series
        Reference price(s) in the same unit (``> 0``).

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        :math:`p / p_{ref}` (dimensionless).

    Notes
    -----
    .. math:: \rho = p / p_{ref}

    References
    ----------
    As in :func:`blended_price` (ratios of blended prices compare models at one usage mix).

    Examples
    --------
    >>> round(price_ratio(3.4375, 0.315), 1)
    10.9
    """
    idx = shared_index(price, reference, names=["price", "reference"])
    p = array("price", price, min_size=1, low=0.0, high=_MAX_PRICE)
    r = array("reference", reference, min_size=1, low=0.0, low_open=True, high=_MAX_PRICE)
    p, r = _broadcast(("price", "reference"), p, r)
    with np.errstate(over="ignore"):
        ratio = finite_result(p / r, "price and reference")
    return _out(ratio, idx, "price_ratio")


def price_table(prices: pd.DataFrame, output_share=0.25, reference: str | None = None, *,
                input_col: str = "input_usd_per_m", output_col: str = "output_usd_per_m",
                name_col: str = "model") -> pd.DataFrame:
    r"""Blended price of each model and its ratio to a reference model.

    Parameters
    ----------
    prices : DataFrame
        One row per model with an input and an output price (USD per million tokens), e.g. one
        vintage of the ``token_prices`` dataset. Model names must be unique.
    output_share : float, default 0.25
        Share of tokens that are output, in [0, 1] (see :func:`blended_price`).
    reference : str, optional
        Value of ``name_col`` of the reference model. Without it the ratio is to the cheapest
        model in the table.
    input_col, output_col, name_col : str
        Column names.

    Returns
    -------
    DataFrame
        ``prices`` (same index) with two new columns: ``blended_usd_per_m`` and
        ``times_reference`` (blended price over the reference's blended price).

    Notes
    -----
    Row :math:`i` gets :math:`b_i = (1-s)p^{in}_i + s\,p^{out}_i` and :math:`b_i / b_{ref}`.

    References
    ----------
    As in :func:`blended_price`.

    Examples
    --------
    >>> df = pd.DataFrame({"model": ["A", "B"], "input_usd_per_m": [1.25, 0.28],
    ...                    "output_usd_per_m": [10.0, 0.42]})
    >>> price_table(df, 0.25, reference="B")["times_reference"].round(1).tolist()
    [10.9, 1.0]
    """
    _check_prices(prices, input_col=input_col, output_col=output_col, name_col=name_col)
    blend = blended_price(prices[input_col], prices[output_col], number("output_share", output_share, low=0.0, high=1.0))
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


def cheaper_pairs(prices: pd.DataFrame, group_col: str, first: str, second: str, *,
                  input_col: str = "input_usd_per_m", output_col: str = "output_usd_per_m",
                  name_col: str = "model") -> pd.DataFrame:
    r"""Every pair (one model of group ``first``, one of ``second``): is the first as cheap at some mix?

    Parameters
    ----------
    prices : DataFrame
        One row per model, unique names, with input and output prices (USD per million tokens).
    group_col : str
        Column that names each model's group (e.g. ``country``).
    first, second : str
        The two groups compared (e.g. ``"US"`` and ``"China"``); each must have a model.
    input_col, output_col, name_col : str
        Column names.

    Returns
    -------
    DataFrame
        One row per pair: ``first_model``, ``second_model``, ``first_as_cheap`` (True if at some
        output share in [0, 1] the first model's blended price is at most the second's).

    Notes
    -----
    A blended price is linear in the output share :math:`s`, so the difference of two blended
    prices is too; it is :math:`\le 0` somewhere on :math:`[0, 1]` if and only if it is at
    :math:`s = 0` or :math:`s = 1`. Comparing input prices and output prices is enough.

    References
    ----------
    As in :func:`blended_price`.

    Examples
    --------
    >>> df = pd.DataFrame({"model": ["a", "b", "c"], "country": ["US", "US", "China"],
    ...                    "input_usd_per_m": [1.0, 3.0, 2.0], "output_usd_per_m": [10.0, 15.0, 4.0]})
    >>> cheaper_pairs(df, "country", "US", "China")["first_as_cheap"].tolist()
    [True, False]
    """
    _check_prices(prices, group_col=group_col, input_col=input_col, output_col=output_col, name_col=name_col)
    a, b = prices[prices[group_col] == first], prices[prices[group_col] == second]
    for pname, grp, sub in (("first", first, a), ("second", second, b)):
        if sub.empty:
            raise ValueError(f"{pname}={grp!r} has no model in prices[{group_col!r}]")
    ai, ao = a[input_col].to_numpy(float)[:, None], a[output_col].to_numpy(float)[:, None]
    bi, bo = b[input_col].to_numpy(float)[None, :], b[output_col].to_numpy(float)[None, :]
    ok = (ai <= bi) | (ao <= bo)
    return pd.DataFrame({
        "first_model": np.repeat(a[name_col].to_numpy(), len(b)),
        "second_model": np.tile(b[name_col].to_numpy(), len(a)),
        "first_as_cheap": ok.ravel(),
    })


def tokens_needed(revenue, price_per_million):
    r"""Tokens a year that earn ``revenue`` at a price per million tokens.

    Parameters
    ----------
    revenue : float, array-like or Series
        Revenue per year, USD (``0 <= R <= 10^15``). Pass dollars, not billions.
    price_per_million : float, array-like or Series
        Price, USD per million tokens (``> 0``).

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Tokens per year.

    Notes
    -----
    .. math:: T = 10^6 \, R / p

    References
    ----------
    OpenAI, "API pricing" (prices quoted per million tokens), https://openai.com/api/pricing/.

    Examples
    --------
    >>> tokens_needed(1e9, 1.0)
    1000000000000000.0
    """
    idx = shared_index(revenue, price_per_million, names=["revenue", "price_per_million"])
    rev = array("revenue", revenue, min_size=1, low=0.0, high=_MAX_REVENUE)
    p = array("price_per_million", price_per_million, min_size=1, low=0.0, low_open=True, high=_MAX_PRICE)
    rev, p = _broadcast(("revenue", "price_per_million"), rev, p)
    with np.errstate(over="ignore"):
        tokens = finite_result(1e6 * rev / p, "revenue and price_per_million")
    return _out(tokens, idx, "tokens")


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
    r"""What a lower price per token does to revenue when volume stays the same.

    Parameters
    ----------
    revenue : float, array-like or Series
        Revenue at the old price (``0 <= R <= 10^15``), any currency unit.
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
    At a fixed volume :math:`Q`, revenue is :math:`pQ`, so :math:`R_1 = R_0\,p_1/p_0`, the lost
    share is :math:`1 - p_1/p_0` and volume must grow by :math:`p_0/p_1` to restore :math:`R_0`.
    This ignores the extra demand a lower price may bring (price elasticity): it is the arithmetic
    of a cap on price, not a forecast.

    References
    ----------
    Varian, H. R. (2014). *Intermediate Microeconomics*, 9th ed., ch. 15 (revenue and the price
    elasticity of demand). New York: Norton.

    Examples
    --------
    >>> e = price_cut_effect(100.0, 3.44, 0.344)
    >>> round(e.revenue_after, 1), round(e.lost_share, 2), round(e.volume_multiplier, 1)
    (10.0, 0.9, 10.0)
    """
    idx = shared_index(revenue, old_price, new_price, names=["revenue", "old_price", "new_price"])
    rev = array("revenue", revenue, min_size=1, low=0.0, high=_MAX_REVENUE)
    p0 = array("old_price", old_price, min_size=1, low=0.0, low_open=True, high=_MAX_PRICE)
    p1 = array("new_price", new_price, min_size=1, low=0.0, low_open=True, high=_MAX_PRICE)
    rev, p0, p1 = _broadcast(("revenue", "old_price", "new_price"), rev, p0, p1)
    if np.any(p1 > p0):
        raise ValueError(f"new_price must be <= old_price (a cut), got new_price={new_price!r}, old_price={old_price!r}")
    ratio = p1 / p0
    with np.errstate(over="ignore", divide="ignore"):
        finite_result(1.0 / ratio, "old_price and new_price")
    return PriceCutEffect(
        revenue_after=_out(rev * ratio, idx, "revenue_after"),
        revenue_lost=_out(rev * (1.0 - ratio), idx, "revenue_lost"),
        lost_share=_out(1.0 - ratio, idx, "lost_share"),
        volume_multiplier=_out(1.0 / ratio, idx, "volume_multiplier"),
    )
