r"""Small ratios chapter 3 checks the articles' OpenAI figures with: net margin, valuation multiple, 億.

Each function takes scalars, arrays or pandas Series (Series keep their index; two Series must
share it) and validates through :mod:`helpers._validate`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import array, series, shared_index

__all__ = ["YI", "net_margin", "valuation_multiple", "yi_to_usd_billion"]

#: One 億 (yi) is 10^8.
YI = 1e8


def _wrap(values: np.ndarray, idx, name: str, scalar: bool):
    if scalar:
        return float(values.reshape(-1)[0])
    if idx is not None:
        return pd.Series(values, index=idx, name=name)
    return values


def _index(**values):
    """The index shared by the Series among ``values``, each checked first (non-empty, unique labels)."""
    for name, v in values.items():
        if isinstance(v, pd.Series):
            series(name, v, numeric=False)
    return shared_index(*values.values(), names=list(values))


def _pair(a_name: str, a, b_name: str, b, **b_bounds):
    idx = _index(**{a_name: a, b_name: b})
    x = array(a_name, a, min_size=1)
    y = array(b_name, b, min_size=1, **b_bounds)
    try:
        x, y = np.broadcast_arrays(x, y)
    except ValueError:
        raise ValueError(f"{a_name} and {b_name} must have the same length, got {np.size(a)} and {np.size(b)}") from None
    return x, y, idx, np.ndim(x) == 0


def net_margin(net_income, revenue):
    r"""Net margin, net income over revenue (a fraction; -1.31 means -131 %).

    Parameters
    ----------
    net_income : float, array-like or Series
        Net income (negative for a loss), any currency unit.
    revenue : float, array-like or Series
        Revenue in the same unit, > 0; broadcast against ``net_income``.

    Returns
    -------
    float, ndarray or Series
        :math:`m = NI / R` (a Series keeps its index).

    Examples
    --------
    >>> round(net_margin(-5.0, 3.7), 3)
    -1.351
    >>> net_margin(-5.0, 0.0)
    Traceback (most recent call last):
    ...
    ValueError: revenue must be > 0.0, got 0.0
    """
    ni, rev, idx, scalar = _pair("net_income", net_income, "revenue", revenue, low=0.0, low_open=True)
    return _wrap(ni / rev, idx, "net_margin", scalar)


def valuation_multiple(valuation, revenue):
    r"""Valuation divided by revenue (times).

    Parameters
    ----------
    valuation : float, array-like or Series
        Valuation, USD billions, >= 0; a scalar applies to every revenue figure.
    revenue : float, array-like or Series
        Revenue in the same unit, > 0.

    Returns
    -------
    float, ndarray or Series
        :math:`V / R` (a Series keeps its index).

    Examples
    --------
    >>> round(valuation_multiple(500.0, 4.3), 1), round(valuation_multiple(500.0, 13.0), 1)
    (116.3, 38.5)
    """
    array("valuation", valuation, low=0.0, min_size=1)
    v, rev, idx, scalar = _pair("valuation", valuation, "revenue", revenue, low=0.0, low_open=True)
    return _wrap(v / rev, idx, "multiple", scalar)


def yi_to_usd_billion(x):
    r"""An amount written in 億 (yi, 10^8) of US dollars, in USD billions.

    Chinese writes large numbers in units of 萬 (10^4) and 億 (10^8): "$5億" is
    :math:`5 \times 10^8` = USD 0.5 billion, and "$13.5億" is USD 1.35 billion.

    Parameters
    ----------
    x : float, array-like or Series
        Amount(s) in 億 of US dollars.

    Returns
    -------
    float, ndarray or Series
        :math:`x \cdot 10^8 / 10^9` USD billions.

    Examples
    --------
    >>> yi_to_usd_billion(5), yi_to_usd_billion(13.5)
    (0.5, 1.35)
    """
    idx = _index(x=x)
    b = array("x", x, min_size=1, low=-1e300, high=1e300) * YI / 1e9
    with np.errstate(over="ignore", invalid="ignore"):  # rounding to 12 decimals would overflow beyond 1e15
        b = np.where(np.abs(b) < 1e15, np.round(b, 12), b)
    return _wrap(b, idx, "usd_billion", np.ndim(b) == 0)
