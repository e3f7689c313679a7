"""The AI build-out's financing gap, with its assumptions exposed.

Morgan Stanley's July 2025 estimate (Tirupattur, Patkar et al., reported in
"Thoughts on the Market", 6 and 19 August 2025, and in press coverage) reads:
about USD 2.9 trillion of global data-centre capital expenditure in 2025-2028,
about USD 1.4 trillion of it paid from the hyperscalers' own cash flow, and a
gap of about USD 1.5 trillion for outside finance, split into private credit
(~0.8), private equity and sovereign money (~0.35), corporate bonds (~0.2) and
asset-backed securities (~0.15).

:func:`financing_gap` is that subtraction plus the split, so a reader can change
any input and see what follows. :func:`internal_funds` turns a path of operating
cash flow into the part left for capex after shareholder payouts;
:func:`capex_intensity` is capex as a share of operating cash flow, the
leverage signal the articles use (a value above 1 means capex cannot be paid
from the year's operating cash flow alone).
"""
from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pandas as pd

__all__ = ["MS_2025_CHANNELS", "FinancingGap", "financing_gap", "internal_funds", "capex_intensity"]

#: Morgan Stanley (July 2025) split of the USD 1.5 trillion gap, USD trillions.
MS_2025_CHANNELS = pd.Series(
    {"private_credit": 0.80, "private_equity_sovereign": 0.35, "corporate_bonds": 0.20, "asset_backed_securities": 0.15},
    name="usd_tn",
)


class FinancingGap(NamedTuple):
    """Result of :func:`financing_gap` (USD trillions unless stated)."""

    capex: float
    internal: float
    external: float
    external_share: float
    channels: pd.Series


def _num(name: str, v, *, positive: bool = False) -> float:
    try:
        x = float(v)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {v!r}") from None
    if not math.isfinite(x) or x < 0 or (positive and x == 0):
        raise ValueError(f"{name} must be a finite number {'> 0' if positive else '>= 0'}, got {v!r}")
    return x


def financing_gap(capex_total: float, internal: float, channel_weights: pd.Series | None = None) -> FinancingGap:
    """Split planned capex into internally funded and externally financed parts.

    Parameters
    ----------
    capex_total : float
        Capital expenditure over the period, USD trillions (> 0).
    internal : float
        Part paid from the spenders' own cash flow, USD trillions (>= 0). If it
        exceeds ``capex_total`` the gap is zero.
    channel_weights : pandas.Series, optional
        Non-negative weights by financing channel (any scale; they are
        normalised to sum to 1). Defaults to :data:`MS_2025_CHANNELS`.

    Returns
    -------
    FinancingGap
        ``capex``, ``internal`` (capped at capex), ``external`` (the gap),
        ``external_share`` (gap / capex) and ``channels`` (gap split by channel).

    Notes
    -----
    :math:`G = \\max(0, C - I)`; channel :math:`c` receives :math:`G w_c / \\sum w`.

    References
    ----------
    Morgan Stanley Research (2025). Data-centre financing note, July 2025, as
    summarised by V. Tirupattur and V. Patkar, "Thoughts on the Market",
    Morgan Stanley, 6 August 2025.

    Examples
    --------
    Morgan Stanley's numbers reproduce themselves:

    >>> g = financing_gap(2.9, 1.4)
    >>> round(g.external, 2), round(g.external_share, 3)
    (1.5, 0.517)
    >>> g.channels.round(2).to_dict()
    {'private_credit': 0.8, 'private_equity_sovereign': 0.35, 'corporate_bonds': 0.2, 'asset_backed_securities': 0.15}
    """
    c = _num("capex_total", capex_total, positive=True)
    i = _num("internal", internal)
    w = MS_2025_CHANNELS if channel_weights is None else channel_weights
    if not isinstance(w, pd.Series) or w.empty:
        raise ValueError(f"channel_weights must be a non-empty pandas Series, got {w!r}")
    wv = pd.to_numeric(w, errors="coerce")
    if wv.isna().any() or (wv < 0).any() or not np.isfinite(wv.to_numpy(dtype=float)).all() or wv.sum() <= 0:
        raise ValueError(f"channel_weights must be finite, non-negative and not all zero, got {w.to_dict()}")
    inside = min(i, c)
    gap = c - inside
    channels = (gap * wv / wv.sum()).rename("usd_tn")
    return FinancingGap(capex=c, internal=inside, external=gap, external_share=gap / c, channels=channels)


def internal_funds(operating_cash_flow: pd.Series, payout_share: float = 0.0) -> float:
    """Operating cash flow left for capex after shareholder payouts, summed.

    Parameters
    ----------
    operating_cash_flow : pandas.Series
        Operating cash flow by year (any money unit), all finite and non-empty.
    payout_share : float
        Share of operating cash flow paid out as buybacks and dividends, in [0, 1].

    Returns
    -------
    float
        :math:`(1 - s)\\sum_t OCF_t`, in the unit of the input.

    Examples
    --------
    >>> internal_funds(pd.Series([0.5, 0.6, 0.7]), payout_share=0.25)
    1.35
    """
    if not isinstance(operating_cash_flow, pd.Series) or operating_cash_flow.empty:
        raise ValueError(f"operating_cash_flow must be a non-empty pandas Series, got {operating_cash_flow!r}")
    v = pd.to_numeric(operating_cash_flow, errors="coerce")
    if v.isna().any() or not np.isfinite(v.to_numpy(dtype=float)).all():
        raise ValueError(f"operating_cash_flow has missing or non-finite values: {operating_cash_flow.to_dict()}")
    s = _num("payout_share", payout_share)
    if s > 1:
        raise ValueError(f"payout_share must be in [0, 1], got {payout_share!r}")
    return round(float(v.sum() * (1 - s)), 12)


def capex_intensity(capex: pd.Series, operating_cash_flow: pd.Series) -> pd.Series:
    """Capex as a share of operating cash flow, aligned on the index.

    Parameters
    ----------
    capex, operating_cash_flow : pandas.Series
        Same index (e.g. company or fiscal year), same money unit; capex >= 0,
        operating cash flow > 0.

    Returns
    -------
    pandas.Series
        ``capex / operating_cash_flow`` (a fraction; > 1 means capex exceeds the
        year's operating cash flow), named ``capex_intensity``.

    Examples
    --------
    Oracle's fiscal 2025 (USD bn: capex 21.21, operating cash flow 20.82):

    >>> capex_intensity(pd.Series({"ORCL FY25": 21.21}), pd.Series({"ORCL FY25": 20.82})).round(3).tolist()
    [1.019]
    """
    for name, s in (("capex", capex), ("operating_cash_flow", operating_cash_flow)):
        if not isinstance(s, pd.Series) or s.empty:
            raise ValueError(f"{name} must be a non-empty pandas Series, got {s!r}")
        if s.isna().any():
            raise ValueError(f"{name} has missing values at {list(s.index[s.isna()])}")
    if not capex.index.equals(operating_cash_flow.index):
        raise ValueError(
            f"capex and operating_cash_flow must share an index, got {list(capex.index)} and {list(operating_cash_flow.index)}"
        )
    if (capex < 0).any():
        raise ValueError(f"capex must be >= 0, got {capex[capex < 0].to_dict()}")
    if (operating_cash_flow <= 0).any():
        raise ValueError(f"operating_cash_flow must be > 0, got {operating_cash_flow[operating_cash_flow <= 0].to_dict()}")
    return (capex / operating_cash_flow).rename("capex_intensity")
