r"""How unusual was a week of fund flows? Standings against a sourced history, shares by destination, flows to assets.

The functions are small and pure: pandas in, pandas out. They are written for
weekly fund-flow figures in USD billions (Lipper's global weekly flows, ICI's
weekly change in US money market fund assets) but work for any flow series.
"""
from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from .._validate import frame, integer, number, series, shared_index

__all__ = ["Standing", "standing", "standings", "destination_shares", "flow_to_assets"]


class Standing(NamedTuple):
    """Where one value stands in a history of values.

    Attributes
    ----------
    value : float
        The value being ranked (same unit as the history).
    n : int
        Number of values in the history (the value itself excluded).
    mean, std : float
        Mean and sample standard deviation (ddof=1) of the history.
    z : float
        Standardised anomaly, ``(value - mean) / std``.
    percentile : float
        Mid-rank percentile of the value against the history, 0-100.
    rank : int
        Rank of the value among the history plus itself, 1 = largest.
    """

    value: float
    n: int
    mean: float
    std: float
    z: float
    percentile: float
    rank: int


def standing(history: pd.Series, value: float) -> Standing:
    r"""Standardised anomaly, percentile and rank of one value against a history.

    Parameters
    ----------
    history : Series
        Past observations (for example weekly net flows, USD billions), one per index label
        (a week). At least two finite values, not all equal.
    value : float
        The observation to place, in the unit of ``history``.

    Returns
    -------
    Standing
        ``z``, ``percentile`` (0-100), ``rank`` (1 = largest) and the summary
        statistics used.

    Notes
    -----
    With history :math:`x_1, \dots, x_n`, mean :math:`\bar x` and sample
    standard deviation :math:`s` (divisor :math:`n-1`):

    .. math::

        z = \frac{v - \bar x}{s}, \qquad
        p = 100 \cdot \frac{\#\{x_i < v\} + \tfrac12 \#\{x_i = v\}}{n}, \qquad
        \text{rank} = 1 + \#\{x_i > v\}.

    The percentile is the empirical (mid-rank) cumulative frequency. With a short
    history that was not sampled at random, read ``z`` and ``p`` as orders of
    magnitude, not as probabilities.

    References
    ----------
    Wilks, D. S. (2011). *Statistical Methods in the Atmospheric Sciences*, 3rd ed.
    Academic Press (International Geophysics 100), sections 3.1 and 3.4:
    standardised anomalies and empirical cumulative frequencies.

    Examples
    --------
    >>> s = standing(pd.Series([1.0, 2.0, 3.0, 4.0]), 5.0)
    >>> round(s.z, 3), s.percentile, s.rank
    (1.936, 100.0, 1)
    >>> standing(pd.Series([1.0, 2.0, 3.0, 4.0]), 2.0).percentile
    37.5
    """
    h = series("history", history, min_size=2)
    v = number("value", value)
    x = h.to_numpy(dtype=float)
    sd = float(x.std(ddof=1))
    if sd == 0.0:
        raise ValueError(f"history has no spread (all values equal {x[0]}); a z-score is undefined")
    mean = float(x.mean())
    below = int((x < v).sum())
    ties = int((x == v).sum())
    pct = 100.0 * (below + 0.5 * ties) / len(x)
    rank = 1 + int((x > v).sum())
    return Standing(v, len(x), mean, sd, (v - mean) / sd, pct, rank)


def standings(history: pd.DataFrame, week: pd.Series, *, category: str = "category",
              value: str = "flow_usd_bn", min_n: int = 3) -> pd.DataFrame:
    r""":func:`standing` for every category of one week, against each category's history.

    Parameters
    ----------
    history : DataFrame
        Long table with a ``category`` column and a ``value`` column (USD billions).
    week : Series
        The week to place: index = category, values in the unit of ``value``.
    category, value : str
        Column names in ``history``.
    min_n : int
        Fewest history values a category needs (at least 2).

    Returns
    -------
    DataFrame
        Indexed like ``week``; columns ``value, n, mean, std, z, percentile, rank``.

    Notes
    -----
    Each category :math:`c` is ranked only against its own history :math:`x^{(c)}_1, \dots,
    x^{(c)}_{n_c}` with :math:`n_c \ge` ``min_n``; see :func:`standing` for the formulas.

    References
    ----------
    Wilks, D. S. (2011). *Statistical Methods in the Atmospheric Sciences*, 3rd ed.
    Academic Press (International Geophysics 100), sections 3.1 and 3.4.

    Examples
    --------
    >>> h = pd.DataFrame({"category": ["a", "a", "a", "b", "b", "b"], "flow_usd_bn": [1.0, 2.0, 3.0, -1.0, 0.0, 1.0]})
    >>> standings(h, pd.Series({"a": 4.0, "b": 0.0}))[["z", "rank"]].round(2)
         z  rank
    a  2.0     1
    b  0.0     2
    """
    frame("history", history, min_rows=2)
    for name, col in (("category", category), ("value", value)):
        if not isinstance(col, str) or col not in history.columns:
            raise ValueError(f"{name} must name a column of history {list(history.columns)}, got {col!r}")
    series(f"history[{value!r}]", history[value])
    n_min = integer("min_n", min_n, low=2)
    w = series("week", week)
    groups = {k: g[value] for k, g in history.groupby(category)}
    rows = {}
    for cat, v in w.items():
        if cat not in groups:
            raise ValueError(f"week has category {cat!r}, which the history lacks; history has {sorted(groups)}")
        if len(groups[cat]) < n_min:
            raise ValueError(f"history has only {len(groups[cat])} value(s) for category {cat!r}; min_n is {n_min}")
        rows[cat] = standing(groups[cat].reset_index(drop=True), v)._asdict()
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = w.index.name
    return out


def destination_shares(flows: pd.Series) -> pd.Series:
    r"""Each flow as a share of the week's gross inflows.

    Parameters
    ----------
    flows : Series
        Net flows by destination (USD billions), positive = inflow.

    Returns
    -------
    Series
        ``flows / sum(positive flows)``, same index: inflows sum to 1, an
        outflow appears as a negative share of the same total.

    Notes
    -----
    :math:`s_i = f_i / \sum_j \max(f_j, 0)`. The categories must not overlap
    (do not mix a total with its parts).

    References
    ----------
    LSEG Lipper's weekly fund-flow reports give net flows by fund classification (equity,
    bond, money market, commodity, sector); shares of gross inflows are this book's summary.

    Examples
    --------
    >>> destination_shares(pd.Series({"cash": 3.0, "bonds": 1.0, "tech": -1.0})).tolist()
    [0.75, 0.25, -0.25]
    """
    f = series("flows", flows).astype(float)
    gross = f[f > 0].sum()
    if gross <= 0:
        raise ValueError(f"flows has no inflow (all values <= 0: {f.tolist()}); shares are undefined")
    return f / gross


def flow_to_assets(change_usd_bn: pd.Series, assets_end_usd_tn: pd.Series) -> pd.Series:
    r"""A week's change in assets as a percentage of the assets at the start of the week.

    Parameters
    ----------
    change_usd_bn : Series
        Change in assets over the week, USD billions.
    assets_end_usd_tn : Series
        Assets at the end of the week, USD trillions, same index.

    Returns
    -------
    Series
        Percent: :math:`100 \cdot \Delta / (1000 A_{end} - \Delta)`.

    Notes
    -----
    The start-of-week level is recovered as :math:`A_{start} = A_{end} - \Delta`
    (after converting trillions to billions), so a week that doubles assets
    gives 100. A change in assets includes reinvested income, so it is close to, but not the
    same as, a net flow.

    References
    ----------
    Investment Company Institute, "Money Market Fund Assets" (weekly release), definitions of
    total net assets of US money market funds. https://www.ici.org/research/stats/mmf

    Examples
    --------
    >>> idx = pd.to_datetime(["2026-02-04"])
    >>> flow_to_assets(pd.Series([85.02], idx), pd.Series([7.797], idx)).round(2).tolist()
    [1.1]
    """
    d = series("change_usd_bn", change_usd_bn).astype(float)
    a = series("assets_end_usd_tn", assets_end_usd_tn, low=0.0, low_open=True, high=1000.0).astype(float)
    shared_index(d, a, names=["change_usd_bn", "assets_end_usd_tn"])
    start = 1000.0 * a - d
    if (start <= 0).any():
        i = start.index[start <= 0][0]
        raise ValueError(f"change_usd_bn at {i!r} ({d[i]}) implies non-positive start-of-week assets")
    return 100.0 * d / start
