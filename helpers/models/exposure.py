"""Who would lose what if AI debt defaulted? Pure helpers for chapter 8.

The model is deliberately simple and fully adjustable: a stock of AI-related debt is split among
holder sectors by shares the reader chooses; a default wave of a given size and recovery rate
produces losses (expected loss = exposure x default rate x loss given default); each sector's loss
is set against its total assets.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Union

import numpy as np
import pandas as pd

from .._validate import number

__all__ = ["StressResult", "allocate_debt", "default_losses", "stress_test", "stress_grid"]

Shares = Union[pd.Series, Mapping[str, float]]


def _series(name: str, x: Shares) -> pd.Series:
    s = pd.Series(x, dtype=float) if not isinstance(x, pd.Series) else x.astype(float)
    if s.empty:
        raise ValueError(f"{name} must not be empty")
    if s.isna().any() or not np.all(np.isfinite(s.to_numpy())):
        raise ValueError(f"{name} must be finite numbers, got {dict(s)}")
    if (s < 0).any():
        raise ValueError(f"{name} must be >= 0, got {s[s < 0].iloc[0]!r} for {s[s < 0].index[0]!r}")
    if s.index.duplicated().any():
        raise ValueError(f"{name} has duplicated sectors: {list(s.index[s.index.duplicated()])}")
    return s


def allocate_debt(total_debt: float, shares: Shares) -> pd.Series:
    """Split a stock of debt among holder sectors.

    Parameters
    ----------
    total_debt : float
        Debt outstanding, e.g. USD billions, ``>= 0``.
    shares : Series or mapping
        Fraction held by each sector (index = sector names), each in ``[0, 1]``, summing to at most 1
        (the rest is held by sectors not listed).

    Returns
    -------
    Series
        Holdings by sector, same index as ``shares``, same unit as ``total_debt``.

    Notes
    -----
    :math:`H_s = D \\cdot w_s`, with :math:`\\sum_s w_s \\le 1`.

    Examples
    --------
    >>> allocate_debt(1000.0, {"insurers": 0.25, "pensions": 0.1}).tolist()
    [250.0, 100.0]
    """
    d = number("total_debt", total_debt, low=0.0)
    w = _series("shares", shares)
    if (w > 1).any():
        raise ValueError(f"shares must be <= 1, got {w[w > 1].iloc[0]!r} for {w[w > 1].index[0]!r}")
    if w.sum() > 1 + 1e-9:
        raise ValueError(f"shares must sum to at most 1, got {w.sum():.4f}")
    return (d * w).rename("holding")


def default_losses(holdings: Shares, default_rate: float, recovery_rate: float) -> pd.Series:
    """Credit losses from a default wave.

    Parameters
    ----------
    holdings : Series or mapping
        Exposure by sector (exposure at default), ``>= 0``.
    default_rate : float
        Share of the debt that defaults, in ``[0, 1]``.
    recovery_rate : float
        Share of a defaulted claim that is recovered, in ``[0, 1]``.

    Returns
    -------
    Series
        Loss by sector, same unit and index as ``holdings``.

    Notes
    -----
    Expected loss = EAD x PD x LGD with LGD = 1 - recovery:

    .. math:: L_s = H_s \\cdot p \\cdot (1 - \\rho).

    References
    ----------
    Basel Committee on Banking Supervision (2006). *International Convergence of Capital Measurement and
    Capital Standards: A Revised Framework* (Basel II), Bank for International Settlements,
    https://www.bis.org/publ/bcbs128.htm (expected loss as PD x LGD x EAD).

    Examples
    --------
    >>> default_losses({"insurers": 250.0}, default_rate=0.2, recovery_rate=0.4).round(1).tolist()
    [30.0]
    """
    h = _series("holdings", holdings)
    p = number("default_rate", default_rate, low=0.0, high=1.0)
    r = number("recovery_rate", recovery_rate, low=0.0, high=1.0)
    return (h * p * (1.0 - r)).rename("loss")


@dataclass(frozen=True)
class StressResult:
    """Outcome of :func:`stress_test`.

    Attributes
    ----------
    table : DataFrame
        One row per sector: ``share``, ``holding``, ``loss``, ``assets``, ``loss_pct_assets``
        (percent of the sector's assets).
    total_loss : float
        Loss summed over all holders, including the unlisted remainder.
    """

    table: pd.DataFrame
    total_loss: float


def stress_test(total_debt: float, shares: Shares, assets: Shares, default_rate: float,
                recovery_rate: float) -> StressResult:
    """Losses of each holder sector relative to its balance sheet.

    Parameters
    ----------
    total_debt : float
        AI-related debt outstanding, USD billions.
    shares : Series or mapping
        Fraction of that debt held by each sector (see :func:`allocate_debt`).
    assets : Series or mapping
        Total assets of each sector, USD billions, ``> 0``; must cover every sector in ``shares``.
    default_rate, recovery_rate : float
        See :func:`default_losses`.

    Returns
    -------
    StressResult

    Notes
    -----
    .. math:: \\frac{L_s}{A_s} = \\frac{D\\, w_s\\, p\\, (1 - \\rho)}{A_s}.

    Examples
    --------
    >>> res = stress_test(1500.0, {"pensions": 0.1}, {"pensions": 9000.0}, 0.2, 0.4)
    >>> round(float(res.table.loc["pensions", "loss_pct_assets"]), 2)
    0.2
    """
    w = _series("shares", shares)
    a = _series("assets", assets)
    missing = [s for s in w.index if s not in a.index]
    if missing:
        raise ValueError(f"assets lacks sectors {missing}")
    a = a.reindex(w.index)
    if (a <= 0).any():
        raise ValueError(f"assets must be > 0, got {a[a <= 0].iloc[0]!r} for {a[a <= 0].index[0]!r}")
    h = allocate_debt(total_debt, w)
    loss = default_losses(h, default_rate, recovery_rate)
    table = pd.DataFrame({"share": w, "holding": h, "loss": loss, "assets": a})
    table["loss_pct_assets"] = 100.0 * table["loss"] / table["assets"]
    total = float(total_debt) * float(default_rate) * (1.0 - float(recovery_rate))
    return StressResult(table=table, total_loss=total)


def stress_grid(total_debt: float, shares: Shares, assets: Shares, default_rates, recovery_rates) -> pd.DataFrame:
    """:func:`stress_test` over a grid of default and recovery rates (tidy frame, vectorised).

    Parameters
    ----------
    total_debt, shares, assets
        As in :func:`stress_test`.
    default_rates, recovery_rates : array-like
        Values to combine, each in ``[0, 1]``.

    Returns
    -------
    DataFrame
        Columns ``sector, default_rate, recovery_rate, loss, loss_pct_assets``; one row per
        sector and rate pair.

    Examples
    --------
    >>> g = stress_grid(1000.0, {"a": 0.5}, {"a": 5000.0}, [0.1, 0.2], [0.4])
    >>> g["loss"].round(1).tolist()
    [30.0, 60.0]
    """
    base = stress_test(total_debt, shares, assets, 0.0, 0.0).table
    p = np.asarray(default_rates, dtype=float).ravel()
    r = np.asarray(recovery_rates, dtype=float).ravel()
    for name, arr in (("default_rates", p), ("recovery_rates", r)):
        if arr.size == 0:
            raise ValueError(f"{name} must not be empty")
        if not np.all(np.isfinite(arr)) or (arr < 0).any() or (arr > 1).any():
            raise ValueError(f"{name} must be finite and in [0, 1], got {arr.tolist()}")
    P, R = np.meshgrid(p, r, indexing="ij")
    lgd = (P * (1.0 - R)).ravel()
    n_sec = len(base)
    loss = np.outer(base["holding"].to_numpy(), lgd)  # sectors x pairs
    out = pd.DataFrame({
        "sector": np.repeat(base.index.to_numpy(), lgd.size),
        "default_rate": np.tile(P.ravel(), n_sec),
        "recovery_rate": np.tile(R.ravel(), n_sec),
        "loss": loss.ravel(),
    })
    out["loss_pct_assets"] = 100.0 * out["loss"] / np.repeat(base["assets"].to_numpy(), lgd.size)
    return out
