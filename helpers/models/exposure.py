r"""Who would lose what if AI debt defaulted? The holder stress test of chapter 8.

A stock of AI-related debt is split among holder sectors by shares (the reader may change each);
a default wave of a given size and recovery rate produces credit losses (expected loss = exposure
x default rate x loss given default); each sector's loss is set against its total assets. The
inputs come from data: sector shares of the US corporate-bond market (``bond_holders_shares``)
and sector balance sheets (``bond_holders_sector_assets``), each row mapped to a model sector in
its ``model_sector`` column (:func:`model_shares`, :func:`model_assets`).

Public names: :class:`HolderStress`, :func:`allocate_debt`, :func:`default_losses`,
:func:`holder_stress`, :func:`holder_stress_grid`, :func:`default_rate_for_loss`, :func:`model_shares`,
:func:`model_assets`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validate import array, frame, number, probability, series

__all__ = ["HolderStress", "allocate_debt", "default_losses", "holder_stress", "holder_stress_grid", "default_rate_for_loss",
           "model_shares", "model_assets"]


def _shares(shares: pd.Series) -> pd.Series:
    w = series("shares", shares, low=0.0, high=1.0).astype(float)
    if w.sum() > 1 + 1e-9:
        raise ValueError(f"shares must sum to at most 1, got {w.sum():.4f}")
    return w


def _no_repeat(name: str, df: pd.DataFrame) -> None:
    """Refuse a row repeated in full (a double entry)."""
    dup = df.duplicated()
    if dup.any():
        raise ValueError(f"{name} repeats row {df.index[dup][0]!r} in full (a double entry)")


def allocate_debt(total_debt: float, shares: pd.Series) -> pd.Series:
    r"""Split a stock of debt among holder sectors.

    Parameters
    ----------
    total_debt : float
        :math:`D`, debt outstanding, USD billions (>= 0).
    shares : pandas.Series
        :math:`w_s`, fraction held by each sector (index = sector names, unique), each in [0, 1],
        summing to at most 1 (the rest is held by sectors not listed).

    Returns
    -------
    pandas.Series
        Holdings :math:`H_s` by sector, USD billions, same index as ``shares``.

    Notes
    -----
    .. math:: H_s = D \, w_s, \qquad \sum_s w_s \le 1.

    Examples
    --------
    >>> allocate_debt(1000.0, pd.Series({"insurers": 0.25, "pensions": 0.1})).tolist()
    [250.0, 100.0]
    """
    d = number("total_debt", total_debt, low=0.0)
    return (d * _shares(shares)).rename("holding")


def default_losses(holdings: pd.Series, default_rate: float, recovery_rate: float) -> pd.Series:
    r"""Credit losses from a default wave.

    Parameters
    ----------
    holdings : pandas.Series
        :math:`H_s`, exposure at default by sector, USD billions (>= 0).
    default_rate : float
        :math:`p`, share of the debt that defaults, in [0, 1].
    recovery_rate : float
        :math:`\rho`, share of a defaulted claim that is recovered, in [0, 1].

    Returns
    -------
    pandas.Series
        Loss :math:`L_s` by sector, USD billions, same index as ``holdings``.

    Notes
    -----
    Expected loss = exposure at default x probability of default x loss given default, with loss
    given default :math:`1 - \rho`:

    .. math:: L_s = H_s \, p \, (1 - \rho).

    References
    ----------
    Basel Committee on Banking Supervision (2006). *International Convergence of Capital
    Measurement and Capital Standards: A Revised Framework* (Basel II), Bank for International
    Settlements, paragraphs 272-275 (expected loss as PD x LGD x EAD).
    https://www.bis.org/publ/bcbs128.htm

    Examples
    --------
    >>> default_losses(pd.Series({"insurers": 250.0}), default_rate=0.2, recovery_rate=0.4).round(1).tolist()
    [30.0]
    """
    h = series("holdings", holdings, low=0.0).astype(float)
    p = probability("default_rate", default_rate)
    r = probability("recovery_rate", recovery_rate)
    return (h * p * (1.0 - r)).rename("loss")


@dataclass(frozen=True)
class HolderStress:
    """Outcome of :func:`holder_stress`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per sector: ``share`` (fraction), ``holding``, ``loss``, ``assets`` (USD billions)
        and ``loss_pct_assets`` (percent of the sector's assets).
    total_loss : float
        Loss summed over every holder of the debt, the unlisted remainder included, USD billions.
    """

    table: pd.DataFrame
    total_loss: float


def holder_stress(total_debt: float, shares: pd.Series, assets: pd.Series, default_rate: float,
                  recovery_rate: float) -> HolderStress:
    r"""Losses of each holder sector relative to its balance sheet.

    Parameters
    ----------
    total_debt : float
        :math:`D`, AI-related debt outstanding, USD billions (>= 0).
    shares : pandas.Series
        :math:`w_s`, fraction of that debt held by each sector (see :func:`allocate_debt`).
    assets : pandas.Series
        :math:`A_s`, total assets of each sector, USD billions (> 0); must cover every sector in
        ``shares`` (extra sectors are ignored).
    default_rate, recovery_rate : float
        :math:`p` and :math:`\rho`, see :func:`default_losses`.

    Returns
    -------
    HolderStress

    Notes
    -----
    .. math:: \frac{L_s}{A_s} = \frac{D\, w_s\, p\, (1 - \rho)}{A_s}, \qquad
              L_{\text{all}} = D\, p\, (1 - \rho).

    Examples
    --------
    >>> res = holder_stress(1500.0, pd.Series({"pensions": 0.1}), pd.Series({"pensions": 9000.0}), 0.2, 0.4)
    >>> round(float(res.table.loc["pensions", "loss_pct_assets"]), 2), res.total_loss
    (0.2, 180.0)
    """
    w = _shares(shares)
    a = series("assets", assets, low=0.0, low_open=True).astype(float)
    missing = [s for s in w.index if s not in a.index]
    if missing:
        raise ValueError(f"assets lacks sectors {missing}")
    a = a.reindex(w.index)
    h = allocate_debt(total_debt, w)
    loss = default_losses(h, default_rate, recovery_rate)
    table = pd.DataFrame({"share": w, "holding": h, "loss": loss, "assets": a})
    table["loss_pct_assets"] = 100.0 * table["loss"] / table["assets"]
    total = float(total_debt) * float(default_rate) * (1.0 - float(recovery_rate))
    return HolderStress(table=table, total_loss=total)


def holder_stress_grid(total_debt: float, shares: pd.Series, assets: pd.Series, default_rates,
                       recovery_rates) -> pd.DataFrame:
    r""":func:`holder_stress` over every pair of default and recovery rates (vectorised).

    Parameters
    ----------
    total_debt, shares, assets
        As in :func:`holder_stress`.
    default_rates, recovery_rates : array-like of float
        Values to combine, each in [0, 1], at least one each.

    Returns
    -------
    pandas.DataFrame
        Columns ``sector``, ``default_rate``, ``recovery_rate``, ``loss`` (USD billions) and
        ``loss_pct_assets`` (percent); one row per sector and pair of rates.

    Notes
    -----
    The loss is :math:`D\, w_s\, p_j\, (1 - \rho_k)` for each sector :math:`s` and pair
    :math:`(p_j, \rho_k)`, computed as one outer product.

    Examples
    --------
    >>> g = holder_stress_grid(1000.0, pd.Series({"a": 0.5}), pd.Series({"a": 5000.0}), [0.1, 0.2], [0.4])
    >>> g["loss"].round(1).tolist()
    [30.0, 60.0]
    """
    base = holder_stress(total_debt, shares, assets, 0.0, 0.0).table
    p = array("default_rates", default_rates, low=0.0, high=1.0, min_size=1).ravel()
    r = array("recovery_rates", recovery_rates, low=0.0, high=1.0, min_size=1).ravel()
    P, R = np.meshgrid(p, r, indexing="ij")
    lgd = (P * (1.0 - R)).ravel()
    n_sec = len(base)
    loss = np.outer(base["holding"].to_numpy(), lgd)
    out = pd.DataFrame({
        "sector": np.repeat(base.index.to_numpy(), lgd.size),
        "default_rate": np.tile(P.ravel(), n_sec),
        "recovery_rate": np.tile(R.ravel(), n_sec),
        "loss": loss.ravel(),
    })
    out["loss_pct_assets"] = 100.0 * out["loss"] / np.repeat(base["assets"].to_numpy(), lgd.size)
    return out


def default_rate_for_loss(total_debt: float, shares: pd.Series, assets: pd.Series, loss_pct: float,
                          recovery_rates) -> pd.DataFrame:
    r"""The share of the debt that must default for a sector to lose ``loss_pct`` percent of its assets.

    Parameters
    ----------
    total_debt, shares, assets
        As in :func:`holder_stress`.
    loss_pct : float
        :math:`\ell`, the loss to reach, percent of the sector's assets (> 0).
    recovery_rates : array-like of float
        :math:`\rho` values, each in [0, 1).

    Returns
    -------
    pandas.DataFrame
        Columns ``sector``, ``recovery_rate`` and ``default_rate`` (a fraction; NaN where even a
        default of all the debt would not reach the loss) and ``reachable`` (bool).

    Notes
    -----
    Solving :math:`D\, w_s\, p\, (1 - \rho) = \ell A_s / 100` for :math:`p`:

    .. math:: p^*_s(\rho) = \frac{\ell\, A_s}{100\, D\, w_s\, (1 - \rho)},

    reachable when :math:`p^* \le 1`.

    Examples
    --------
    >>> t = default_rate_for_loss(1500.0, pd.Series({"a": 0.25}), pd.Series({"a": 6000.0}), 1.0, [0.0, 0.4])
    >>> t["default_rate"].round(3).tolist()
    [0.16, 0.267]
    """
    base = holder_stress(total_debt, shares, assets, 0.0, 0.0).table
    ell = number("loss_pct", loss_pct, low=0.0, low_open=True)
    r = array("recovery_rates", recovery_rates, low=0.0, high=1.0, high_open=True, min_size=1).ravel()
    hold = base["holding"].to_numpy()
    with np.errstate(divide="ignore"):
        p = ell / 100.0 * base["assets"].to_numpy()[:, None] / (hold[:, None] * (1.0 - r[None, :]))
    ok = np.isfinite(p) & (p <= 1.0)
    return pd.DataFrame({"sector": np.repeat(base.index.to_numpy(), r.size), "recovery_rate": np.tile(r, len(base)),
                         "default_rate": np.where(ok, p, np.nan).ravel(), "reachable": ok.ravel()})


def model_shares(shares: pd.DataFrame) -> pd.Series:
    """Default market shares of the model's sectors: the latest published share of each.

    Parameters
    ----------
    shares : pandas.DataFrame
        Rows of ``data/bond_holders_shares.csv``: ``model_sector`` (blank for holders outside the
        model), ``as_of`` (YYYY or YYYYQn) and ``share`` (percent of the market, 0-100).

    Returns
    -------
    pandas.Series
        Fraction of the market (0-1) by model sector, with the date used in ``attrs["as_of"]``
        (sector to date).

    Examples
    --------
    >>> s = pd.DataFrame({"model_sector": ["Funds", "Funds", None], "as_of": ["2017", "2020", "2025"],
    ...                   "share": [18.6, 24.0, 28.6]})
    >>> model_shares(s).to_dict(), model_shares(s).attrs["as_of"]
    ({'Funds': 0.24}, {'Funds': '2020'})
    """
    frame("shares", shares, ["model_sector", "as_of", "share"], min_rows=1)
    _no_repeat("shares", shares)
    pct = series("shares['share']", shares["share"].reset_index(drop=True), low=0.0, high=100.0).astype(float)
    d = shares.assign(share=pct.to_numpy(), as_of=shares["as_of"].astype(str))
    d = d[d["model_sector"].notna() & (d["model_sector"].astype(str).str.strip() != "")]
    if d.empty:
        raise ValueError("shares has no row with a model_sector")
    latest = d.sort_values("as_of", kind="stable").groupby("model_sector", sort=False).tail(1).set_index("model_sector")
    out = (latest["share"] / 100.0).rename("share")
    out.index.name = "sector"
    out.attrs["as_of"] = latest["as_of"].to_dict()
    return _shares(out)


def model_assets(assets: pd.DataFrame) -> pd.Series:
    """Total assets of each model sector: the sum of the rows mapped to it.

    Parameters
    ----------
    assets : pandas.DataFrame
        Rows of ``data/bond_holders_sector_assets.csv``: ``model_sector`` (blank for rows the model
        does not use) and ``value`` (USD billions, > 0).

    Returns
    -------
    pandas.Series
        Assets by model sector, USD billions.

    Examples
    --------
    >>> a = pd.DataFrame({"model_sector": ["Funds", "Funds", None], "value": [5468.4, 1890.0, 849.0]})
    >>> model_assets(a).round(1).to_dict()
    {'Funds': 7358.4}
    """
    frame("assets", assets, ["model_sector", "value"], min_rows=1)
    _no_repeat("assets", assets)
    series("assets['value']", assets["value"].reset_index(drop=True), low=0.0, low_open=True)
    d = assets[assets["model_sector"].notna() & (assets["model_sector"].astype(str).str.strip() != "")]
    if d.empty:
        raise ValueError("assets has no row with a model_sector")
    out = d.groupby("model_sector", sort=False)["value"].sum().astype(float).rename("assets")
    out.index.name = "sector"
    return out
