r"""What revenue would justify the AI capex? Pure, vectorised helpers for chapter 6.

Two ways of asking the same question:

* :func:`sequoia_revenue_question` reproduces the back-of-envelope chain of David Cahn's
  "AI's $600B Question" (Sequoia Capital, 2024): GPU spending times two for the rest of the
  data centre, times two again for the end user's gross margin.
* :func:`required_revenue` asks it with time and the cost of money: the yearly revenue that,
  at a given margin before depreciation, pays back a capex outlay over its depreciation life
  and earns a required return on it (a capital-recovery annuity).

:func:`capital_recovery_factor` is the one definition of the annuity formula in the package
(the GPU-loan model and the dashboard's gauges use it too). :func:`capex_ratios` turns the long
``hyperscaler_capex`` table into capex/revenue and capex/operating-cash-flow ratios by company and
fiscal year; :func:`guidance_ranges` lines up each company's capex guidance by the date it was given.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union

import numpy as np
import pandas as pd

from .._validate import array, choice, finite_result, frame, series, shared_index

__all__ = [
    "RevenueNeed",
    "capital_recovery_factor",
    "required_revenue",
    "sequoia_revenue_question",
    "capex_ratios",
    "guidance_ranges",
]

ArrayLike = Union[float, int, np.ndarray, pd.Series, list]
Values = Union[float, np.ndarray, pd.Series]
_MAX_LIFE = 1000.0  # years; anything longer is a unit error


def _values(x: ArrayLike, name: str) -> ArrayLike:
    """A Series as a plain array (its index, unique, is kept separately); anything else unchanged."""
    if isinstance(x, pd.Series):
        series(name, x, numeric=False)
        numeric = pd.api.types.is_numeric_dtype(x.dtype) and not pd.api.types.is_bool_dtype(x.dtype)
        return x.to_numpy(dtype=float, na_value=np.nan) if numeric else x.to_numpy()
    return x


def _wrap(values: np.ndarray, index: pd.Index | None, name: str) -> Values:
    if index is not None:
        return pd.Series(values, index=index, name=name)
    if values.ndim == 0:
        return float(values)
    return values


def capital_recovery_factor(rate: ArrayLike, life: ArrayLike) -> Values:
    r"""Yearly payment per dollar invested that repays it over ``life`` years at ``rate``.

    Parameters
    ----------
    rate : float or array-like
        Required return (cost of capital), a fraction per year (or per period), ``0 <= rate < 1``.
    life : float or array-like
        Depreciation (economic) life in years (or periods), ``0 < life <= 1000``.

    Returns
    -------
    float, ndarray or Series
        The capital-recovery factor, broadcast over the inputs (a Series if an input is one).

    Notes
    -----
    .. math:: \mathrm{CRF}(r, L) = \frac{r}{1 - (1 + r)^{-L}}, \qquad \mathrm{CRF}(0, L) = 1/L.

    At ``r = 0`` the factor is straight-line depreciation; for ``r > 0`` it adds a return on the
    capital still tied up. It is the annuity factor of any corporate-finance textbook; the
    denominator is computed as ``-expm1(-L log1p(r))`` so that tiny rates stay accurate.

    References
    ----------
    Brealey, R. A., Myers, S. C. and Allen, F. (2020). *Principles of Corporate Finance*, 13th ed.,
    McGraw-Hill, ch. 2 (annuities) and ch. 6 (equivalent annual cost).

    Examples
    --------
    >>> round(capital_recovery_factor(0.0, 5), 4)
    0.2
    >>> round(capital_recovery_factor(0.10, 5), 4)
    0.2638
    """
    idx = shared_index(rate, life, names=["rate", "life"])
    r = array("rate", _values(rate, "rate"), low=0.0, high=1.0, high_open=True, min_size=1)
    n = array("life", _values(life, "life"), low=0.0, low_open=True, high=_MAX_LIFE, min_size=1)
    return _wrap(finite_result(_crf(r, n), "rate and life"), idx, "capital_recovery_factor")


def _crf(r: np.ndarray, n: np.ndarray) -> np.ndarray:
    """The capital-recovery factor of validated arrays (may overflow to inf for absurdly short lives)."""
    r, n = np.broadcast_arrays(r, n)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # rates below 1e-12 are treated as zero: the difference is below floating-point noise
        return np.where(r < 1e-12, 1.0 / n, r / -np.expm1(-n * np.log1p(r)))


@dataclass(frozen=True)
class RevenueNeed:
    """Yearly revenue a capex outlay needs, split into its two parts (same unit as capex per year).

    Attributes
    ----------
    revenue : float, ndarray or Series
        Revenue per year needed.
    depreciation_part : float, ndarray or Series
        The part that only returns the capital (straight-line depreciation / margin).
    capital_charge_part : float, ndarray or Series
        The extra part that pays the required return (``revenue - depreciation_part``).
    """

    revenue: Values
    depreciation_part: Values
    capital_charge_part: Values


def required_revenue(capex: ArrayLike, life_years: ArrayLike, margin: ArrayLike,
                     cost_of_capital: ArrayLike) -> RevenueNeed:
    r"""Yearly revenue that makes a capex outlay pay for itself.

    Parameters
    ----------
    capex : float or array-like
        Capital spent once, e.g. USD billions, ``>= 0``.
    life_years : float or array-like
        Years over which the assets earn (their depreciation life), ``0 < life <= 1000``. Servers
        and GPUs are depreciated over about 5-6 years by the hyperscalers; buildings much longer.
    margin : float or array-like
        Share of each revenue dollar left after cash operating costs (power, staff, maintenance)
        but *before* depreciation, ``0 < margin <= 1``.
    cost_of_capital : float or array-like
        Required return per year, ``0 <= cost_of_capital < 1``.

    Returns
    -------
    RevenueNeed
        ``revenue``, ``depreciation_part`` and ``capital_charge_part``, broadcast over the inputs
        (a Series if any input is a Series, keeping its index).

    Notes
    -----
    The project breaks even in present value when the yearly cash margin equals the
    capital-recovery annuity of the outlay:

    .. math:: R \cdot m = C \cdot \mathrm{CRF}(r, L)
              \quad\Rightarrow\quad R = \frac{C}{m} \cdot \frac{r}{1 - (1 + r)^{-L}}.

    With ``r = 0`` this is revenue that just covers cash costs and straight-line depreciation
    (operating profit of zero). Sequoia's "$600B question" is close to the special case of a
    one-year payback (``L = 1``, ``r = 0``); see :func:`sequoia_revenue_question`.

    References
    ----------
    Cahn, D. (2024). "AI's $600B Question". Sequoia Capital, 20 June 2024,
    https://sequoiacap.com/article/ais-600b-question/.
    Brealey, R. A., Myers, S. C. and Allen, F. (2020). *Principles of Corporate Finance*, 13th ed.

    Examples
    --------
    >>> need = required_revenue(400.0, life_years=5, margin=0.5, cost_of_capital=0.0)
    >>> round(need.revenue, 1)
    160.0
    >>> need = required_revenue(400.0, life_years=5, margin=0.5, cost_of_capital=0.10)
    >>> round(need.revenue, 1), round(need.capital_charge_part, 1)
    (211.0, 51.0)
    """
    idx = shared_index(capex, life_years, margin, cost_of_capital,
                       names=["capex", "life_years", "margin", "cost_of_capital"])
    c = array("capex", _values(capex, "capex"), low=0.0, min_size=1)
    m = array("margin", _values(margin, "margin"), low=0.0, high=1.0, low_open=True, min_size=1)
    n = array("life_years", _values(life_years, "life_years"), low=0.0, low_open=True, high=_MAX_LIFE, min_size=1)
    r = array("cost_of_capital", _values(cost_of_capital, "cost_of_capital"), low=0.0, high=1.0, high_open=True, min_size=1)
    c, m, crf, n = np.broadcast_arrays(c, m, _crf(r, n), n)
    with np.errstate(over="ignore", divide="ignore"):
        revenue = finite_result(c * crf / m, "capex, life_years, margin and cost_of_capital")
        dep = finite_result(c / n / m, "capex, life_years and margin")
    return RevenueNeed(
        revenue=_wrap(revenue, idx, "revenue"),
        depreciation_part=_wrap(dep, idx, "depreciation_part"),
        capital_charge_part=_wrap(revenue - dep, idx, "capital_charge_part"),
    )


def sequoia_revenue_question(gpu_spend: ArrayLike, datacenter_multiple: ArrayLike = 2.0,
                             end_user_margin: ArrayLike = 0.5) -> Values:
    r"""Sequoia's "$200B / $600B question": AI revenue implied by GPU spending.

    Parameters
    ----------
    gpu_spend : float or array-like
        Yearly GPU spending (Cahn uses NVIDIA's data-centre revenue run-rate), USD billions, ``>= 0``.
    datacenter_multiple : float or array-like, default 2.0
        Total data-centre cost per dollar of GPUs (energy, buildings, networking), ``1 <= k <= 100``.
    end_user_margin : float or array-like, default 0.5
        Gross margin the final AI sellers need, ``0 < margin <= 1``.

    Returns
    -------
    float, ndarray or Series
        Revenue per year the end users of that compute would need, USD billions.

    Notes
    -----
    .. math:: R = \frac{G \times k}{g}

    with :math:`G` GPU spend, :math:`k` the data-centre multiple and :math:`g` the end-user gross
    margin. Cahn's 2023 essay started from about $50B of GPU spend ($200B of revenue needed); the
    2024 update from NVIDIA's ~$150B run-rate ($600B).

    References
    ----------
    Cahn, D. (2024). "AI's $600B Question". Sequoia Capital, 20 June 2024,
    https://sequoiacap.com/article/ais-600b-question/ (follow-up to "AI's $200B Question",
    September 2023).

    Examples
    --------
    >>> sequoia_revenue_question(150.0)
    600.0
    >>> sequoia_revenue_question(50.0)
    200.0
    """
    idx = shared_index(gpu_spend, datacenter_multiple, end_user_margin,
                       names=["gpu_spend", "datacenter_multiple", "end_user_margin"])
    g = array("gpu_spend", _values(gpu_spend, "gpu_spend"), low=0.0, min_size=1)
    k = array("datacenter_multiple", _values(datacenter_multiple, "datacenter_multiple"), low=1.0, high=100.0, min_size=1)
    m = array("end_user_margin", _values(end_user_margin, "end_user_margin"), low=0.0, high=1.0, low_open=True, min_size=1)
    g, k, m = np.broadcast_arrays(g, k, m)
    with np.errstate(over="ignore"):
        return _wrap(finite_result(g * k / m, "gpu_spend, datacenter_multiple and end_user_margin"), idx, "revenue_needed")


_RATIO_COLS = ["company", "fiscal_year", "period", "period_end", "metric", "basis", "value"]
_PERIODS = ("FY", "H1", "Q1", "Q2", "TTM")


def capex_ratios(df: pd.DataFrame, capex_basis: str = "ppe_cash", period: str = "FY") -> pd.DataFrame:
    r"""Capex / revenue and capex / operating cash flow by company and period.

    Parameters
    ----------
    df : DataFrame
        Long table with columns ``company, fiscal_year, period, period_end, metric, basis, value``
        (USD billions; the ``hyperscaler_capex`` dataset). Only rows of the chosen ``period`` and, when
        a ``kind`` column exists, of kind actual/reported are used.
    capex_basis : str, default "ppe_cash"
        Which capex definition to use (a value of ``basis`` for rows with ``metric == "capex"``).
    period : str, default "FY"
        ``"FY"`` (full fiscal years), ``"TTM"`` (trailing twelve months), ``"H1"``, ``"Q1"`` or ``"Q2"``.

    Returns
    -------
    DataFrame
        One row per company and period end with ``fiscal_year``, ``period_end``, ``capex``,
        ``revenue``, ``operating_cash_flow`` (USD billions; NaN where not in the data),
        ``capex_to_revenue`` and ``capex_to_ocf`` (fractions).

    Notes
    -----
    .. math:: \text{capex/revenue} = C / R, \qquad \text{capex/OCF} = C / \text{OCF}.

    A capex/OCF ratio above 1 means the period's investment could not be paid from that period's
    operating cash alone (free cash flow is negative).

    Examples
    --------
    >>> d = pd.DataFrame({"company": ["A"] * 3, "fiscal_year": [2025] * 3, "period": ["FY"] * 3,
    ...                   "period_end": ["2025-12-31"] * 3, "metric": ["capex", "revenue", "operating_cash_flow"],
    ...                   "basis": ["ppe_cash", "reported", "reported"], "value": [50.0, 200.0, 100.0]})
    >>> capex_ratios(d)[["capex_to_revenue", "capex_to_ocf"]].round(2).values.tolist()
    [[0.25, 0.5]]
    """
    frame("df", df, _RATIO_COLS, numeric=["fiscal_year"])
    if not isinstance(capex_basis, str):
        raise ValueError(f"capex_basis must be a basis label, got {capex_basis!r}")
    choice("period", period, _PERIODS)
    array("df value", df["value"].to_numpy(dtype=float, na_value=np.nan), low=0.0)
    d = df[df["period"] == period]
    if "kind" in d.columns:
        d = d[d["kind"].isin(["actual", "reported"])]
    key = ["company", "fiscal_year", "period_end"]
    capex = d[(d["metric"] == "capex") & (d["basis"] == capex_basis)]
    if capex.empty:
        raise ValueError(f"capex_basis {capex_basis!r} matches no {period} capex rows")
    if capex.duplicated(key).any():
        raise ValueError("df has more than one capex row per company and period for this basis")
    other = d[d["metric"].isin(["revenue", "operating_cash_flow"])]
    other = other.groupby([*key, "metric"], as_index=False)["value"].first()
    wide = other.pivot(index=key, columns="metric", values="value")
    out = capex.set_index(key)["value"].rename("capex").to_frame().join(wide, how="left")
    for col in ("revenue", "operating_cash_flow"):
        if col not in out.columns:
            out[col] = np.nan
    out = out.astype(float)
    out["capex_to_revenue"] = out["capex"] / out["revenue"]
    out["capex_to_ocf"] = out["capex"] / out["operating_cash_flow"]
    return out.reset_index().sort_values(["company", "fiscal_year", "period_end"]).reset_index(drop=True)


_GUIDANCE_COLS = ["company", "fiscal_year", "metric", "basis", "value", "kind", "as_of"]


def guidance_ranges(df: pd.DataFrame, fiscal_year: int, period: str = "FY") -> pd.DataFrame:
    r"""Each company's capex guidance for one year, one row per date it was given.

    Parameters
    ----------
    df : DataFrame
        The ``hyperscaler_capex`` table (columns ``company, fiscal_year, period, metric, basis,
        value, kind, as_of``; values in USD billions).
    fiscal_year : int
        The year the guidance is for (2000-2100).
    period : str, default "FY"
        ``"FY"`` (the company's fiscal year) or ``"CY"`` (a calendar year, as Microsoft gave for 2026).

    Returns
    -------
    DataFrame
        ``company, as_of, low, high, mid`` (USD billions), sorted by company and date. A point
        guidance has ``low == high``.

    Notes
    -----
    :math:`\text{mid} = (\text{low} + \text{high}) / 2`; rows with basis ``guidance_point`` give
    both ends.

    Examples
    --------
    >>> d = pd.DataFrame({"company": ["A", "A", "A"], "fiscal_year": 2026, "period": "FY",
    ...                   "metric": "capex", "basis": ["guidance_low", "guidance_high", "guidance_point"],
    ...                   "value": [10.0, 12.0, 13.0], "kind": "guidance",
    ...                   "as_of": ["2026-02-01", "2026-02-01", "2026-07-01"]})
    >>> guidance_ranges(d, 2026)[["as_of", "low", "high", "mid"]].values.tolist()
    [['2026-02-01', 10.0, 12.0, 11.0], ['2026-07-01', 13.0, 13.0, 13.0]]
    """
    frame("df", df, _GUIDANCE_COLS + ["period"], numeric=["fiscal_year", "value"],
          key=["company", "fiscal_year", "period", "metric", "basis", "as_of"])
    choice("period", period, ("FY", "CY"))
    if isinstance(fiscal_year, bool) or not isinstance(fiscal_year, (int, np.integer)) or not 2000 <= fiscal_year <= 2100:
        raise ValueError(f"fiscal_year must be an integer year in 2000-2100, got {fiscal_year!r}")
    g = df[(df["kind"] == "guidance") & (df["metric"] == "capex") & (df["fiscal_year"] == fiscal_year)
           & (df["period"] == period)]
    if g.empty:
        raise ValueError(f"df has no capex guidance for fiscal_year {fiscal_year} and period {period!r}")
    w = g.pivot_table(index=["company", "as_of"], columns="basis", values="value", aggfunc="first")
    for c in ("guidance_low", "guidance_high", "guidance_point"):
        if c not in w.columns:
            w[c] = np.nan
    out = pd.DataFrame({"low": w["guidance_low"].fillna(w["guidance_point"]),
                        "high": w["guidance_high"].fillna(w["guidance_point"])})
    if out.isna().any(axis=None):
        raise ValueError(f"df has a guidance range with only one end: {out[out.isna().any(axis=1)].index.tolist()}")
    out["mid"] = (out["low"] + out["high"]) / 2
    return out.reset_index().sort_values(["company", "as_of"]).reset_index(drop=True)
