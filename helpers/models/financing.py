r"""The AI build-out's financing gap, with its assumptions exposed.

Morgan Stanley's July 2025 estimate (reported in "Thoughts on the Market", 6 and 19 August 2025,
and in press coverage) reads: about USD 2.9 trillion of global data-centre capital expenditure in
2025-2028, about USD 1.4 trillion of it paid from the hyperscalers' own cash flow, and a gap of
about USD 1.5 trillion for outside finance, split among private credit, private equity and
sovereign money, corporate bonds and asset-backed securities. The figures live in the dataset
``financing_gap_ms2025``; this module only does the arithmetic.

:func:`financing_gap` is that subtraction plus the split, so a reader can change any input and see
what follows. :func:`internal_funds` turns a path of operating cash flow into the part left for
capex after shareholder payouts; :func:`capex_to_cash_flow` is capex as a share of operating cash
flow, the leverage signal the articles use (a value above 1 means capex cannot be paid from the
year's operating cash flow alone).
"""
from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from .._validate import number, series

__all__ = ["FinancingGap", "financing_gap", "internal_funds", "capex_to_cash_flow"]


class FinancingGap(NamedTuple):
    """Result of :func:`financing_gap` (money in the unit of the inputs, e.g. USD trillions).

    Attributes
    ----------
    capex : float
        Planned capital expenditure.
    internal : float
        Part paid from the spenders' own cash flow (capped at ``capex``).
    external : float
        The financing gap, ``capex - internal``.
    external_share : float
        ``external / capex``, a fraction.
    channels : pandas.Series
        The gap split in proportion to the channel weights (same index as the weights).
    """

    capex: float
    internal: float
    external: float
    external_share: float
    channels: pd.Series


def financing_gap(capex_total: float, internal: float, channel_weights: pd.Series) -> FinancingGap:
    r"""Split planned capex into internally funded and externally financed parts.

    Parameters
    ----------
    capex_total : float
        Capital expenditure over the period, e.g. USD trillions (> 0).
    internal : float
        Part paid from the spenders' own cash flow, same unit (>= 0). If it exceeds
        ``capex_total`` the gap is zero.
    channel_weights : pandas.Series
        Non-negative weights by financing channel, not all zero, unique labels (any scale; they
        are normalised to sum to 1), e.g. Morgan Stanley's channel amounts from the dataset
        ``financing_gap_ms2025``.

    Returns
    -------
    FinancingGap
        ``capex``, ``internal`` (capped at capex), ``external`` (the gap), ``external_share``
        (gap / capex) and ``channels`` (gap split by channel).

    Notes
    -----
    .. math:: G = \max(0, C - I), \qquad G_c = G \, w_c / \textstyle\sum_j w_j .

    References
    ----------
    Morgan Stanley Research (2025). Data-centre financing note, July 2025, as summarised by
    V. Tirupattur and V. Patkar, "Thoughts on the Market", Morgan Stanley, 6 August 2025.

    Examples
    --------
    Morgan Stanley's numbers reproduce themselves:

    >>> w = pd.Series({"private credit": 0.8, "private equity and sovereign": 0.35,
    ...                "corporate bonds": 0.2, "asset-backed securities": 0.15})
    >>> g = financing_gap(2.9, 1.4, w)
    >>> round(g.external, 2), round(g.external_share, 3)
    (1.5, 0.517)
    >>> g.channels.round(2).tolist()
    [0.8, 0.35, 0.2, 0.15]
    """
    c = number("capex_total", capex_total, low=0, low_open=True)
    i = number("internal", internal, low=0)
    w = series("channel_weights", channel_weights, low=0.0)
    if float(w.sum()) <= 0:
        raise ValueError(f"channel_weights must not be all zero, got {w.to_dict()}")
    inside = min(i, c)
    gap = c - inside
    channels = (gap * w.astype(float) / float(w.sum())).rename("amount")
    return FinancingGap(capex=c, internal=inside, external=gap, external_share=gap / c, channels=channels)


def internal_funds(operating_cash_flow: pd.Series, payout_share: float = 0.0) -> float:
    r"""Operating cash flow left for capex after shareholder payouts, summed.

    Parameters
    ----------
    operating_cash_flow : pandas.Series
        Operating cash flow by year (any money unit), finite, non-empty, unique index.
    payout_share : float
        Share of operating cash flow paid out as buybacks and dividends, in [0, 1].

    Returns
    -------
    float
        Funds left for capex, in the unit of the input.

    Notes
    -----
    .. math:: I = (1 - s)\sum_t \mathrm{OCF}_t

    Examples
    --------
    >>> internal_funds(pd.Series([0.5, 0.6, 0.7]), payout_share=0.25)
    1.35
    """
    v = series("operating_cash_flow", operating_cash_flow)
    s = number("payout_share", payout_share, low=0, high=1)
    return round(float(v.sum() * (1 - s)), 12)


def capex_to_cash_flow(capex: pd.Series, operating_cash_flow: pd.Series) -> pd.Series:
    r"""Capex as a share of operating cash flow, aligned on the index.

    Parameters
    ----------
    capex : pandas.Series
        Capital expenditure by company or year (any money unit), >= 0, no missing values.
    operating_cash_flow : pandas.Series
        Operating cash flow, same index and unit as ``capex``, > 0.

    Returns
    -------
    pandas.Series
        ``capex / operating_cash_flow`` (a fraction; > 1 means capex exceeds the period's operating
        cash flow), named ``capex_to_cash_flow``.

    Notes
    -----
    .. math:: k_t = C_t / \mathrm{OCF}_t

    Free cash flow is :math:`\mathrm{OCF}_t (1 - k_t)`, negative exactly when :math:`k_t > 1`.

    Examples
    --------
    Oracle's fiscal 2025 (USD bn: capex 21.21, operating cash flow 20.82):

    >>> capex_to_cash_flow(pd.Series({"ORCL FY25": 21.21}), pd.Series({"ORCL FY25": 20.82})).round(3).tolist()
    [1.019]
    """
    c = series("capex", capex, low=0.0)
    o = series("operating_cash_flow", operating_cash_flow, low=0.0, low_open=True)
    if not c.index.equals(o.index):
        raise ValueError(f"capex and operating_cash_flow must share an index, got {list(c.index)[:6]} and {list(o.index)[:6]}")
    return (c.astype(float) / o.astype(float)).rename("capex_to_cash_flow")

