"""What revenue would justify the AI capex? Pure, vectorised helpers for chapter 6.

Two ways of asking the same question:

* :func:`sequoia_revenue_question` reproduces the back-of-envelope chain of David Cahn's
  "AI's $600B Question" (Sequoia Capital, 2024): GPU spending times two for the rest of the
  data centre, times two again for the end user's gross margin.
* :func:`required_revenue` asks it with time and the cost of money: the yearly revenue that,
  at a given margin before depreciation, pays back a capex outlay over its depreciation life
  and earns a required return on it (a capital-recovery annuity).

:func:`capex_ratios` turns the long ``hyperscaler_capex`` table into capex/revenue and
capex/operating-cash-flow ratios by company and fiscal year.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union

import numpy as np
import pandas as pd

from .._validate import shared_index

__all__ = [
    "RevenueNeed",
    "capital_recovery_factor",
    "required_revenue",
    "sequoia_revenue_question",
    "capex_ratios",
]

ArrayLike = Union[float, int, np.ndarray, pd.Series, list]


def _as_array(name: str, x: ArrayLike) -> np.ndarray:
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numeric, got {x!r}") from None
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got {x!r}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or inf), got {x!r}")
    return arr


def _check(name: str, arr: np.ndarray, *, lo: float | None = None, hi: float | None = None,
           lo_open: bool = False, hi_open: bool = False) -> None:
    if lo is not None:
        bad = arr <= lo if lo_open else arr < lo
        if np.any(bad):
            rel = ">" if lo_open else ">="
            raise ValueError(f"{name} must be {rel} {lo}, got {arr[bad].ravel()[0]!r}")
    if hi is not None:
        bad = arr >= hi if hi_open else arr > hi
        if np.any(bad):
            rel = "<" if hi_open else "<="
            raise ValueError(f"{name} must be {rel} {hi}, got {arr[bad].ravel()[0]!r}")



def _wrap(values: np.ndarray, index: pd.Index | None, name: str):
    if index is not None:
        return pd.Series(values, index=index, name=name)
    if values.ndim == 0:
        return float(values)
    return values


def capital_recovery_factor(rate: ArrayLike, life: ArrayLike):
    """Yearly payment per dollar invested that repays it over ``life`` years at ``rate``.

    Parameters
    ----------
    rate : float or array-like
        Required return (cost of capital), a fraction per year, ``0 <= rate < 1``.
    life : float or array-like
        Depreciation (economic) life in years, ``> 0``.

    Returns
    -------
    float, ndarray or Series
        The capital-recovery factor, broadcast over the inputs.

    Notes
    -----
    .. math:: \\mathrm{CRF}(r, L) = \\frac{r}{1 - (1 + r)^{-L}}, \\qquad \\mathrm{CRF}(0, L) = 1/L.

    At ``r = 0`` the factor is straight-line depreciation; for ``r > 0`` it adds a return on the
    capital still tied up. It is the annuity factor of any corporate-finance textbook.

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
    idx = shared_index(rate, life)
    r = _as_array("rate", rate)
    n = _as_array("life", life)
    _check("rate", r, lo=0.0, hi=1.0, hi_open=True)
    _check("life", n, lo=0.0, lo_open=True)
    r, n = np.broadcast_arrays(r, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        # 1 - (1 + r)^-n computed as -expm1(-n log1p(r)) to stay accurate for tiny rates
        # (rates below 1e-12 are treated as zero: the difference is below floating-point noise)
        crf = np.where(r < 1e-12, 1.0 / n, r / -np.expm1(-n * np.log1p(r)))
    return _wrap(crf, idx, "capital_recovery_factor")


@dataclass(frozen=True)
class RevenueNeed:
    """Yearly revenue a capex outlay needs, split into its two parts.

    Attributes
    ----------
    revenue : float, ndarray or Series
        Revenue per year needed (same unit as ``capex`` per year).
    depreciation_part : float, ndarray or Series
        The part that only returns the capital (straight-line depreciation / margin).
    capital_charge_part : float, ndarray or Series
        The extra part that pays the required return (``revenue - depreciation_part``).
    """

    revenue: object
    depreciation_part: object
    capital_charge_part: object


def required_revenue(capex: ArrayLike, life_years: ArrayLike, margin: ArrayLike,
                     cost_of_capital: ArrayLike) -> RevenueNeed:
    """Yearly revenue that makes a capex outlay pay for itself.

    Parameters
    ----------
    capex : float or array-like
        Capital spent once, e.g. USD billions. Must be ``>= 0``.
    life_years : float or array-like
        Years over which the assets earn (their depreciation life), ``> 0``.
        Servers and GPUs are depreciated over about 5-6 years by the hyperscalers; buildings much longer.
    margin : float or array-like
        Share of each revenue dollar left after cash operating costs (power, staff, maintenance) but
        *before* depreciation, ``0 < margin <= 1``.
    cost_of_capital : float or array-like
        Required return per year, ``0 <= cost_of_capital < 1``.

    Returns
    -------
    RevenueNeed
        ``revenue``, ``depreciation_part`` and ``capital_charge_part``, broadcast over the inputs
        (a Series if any input is a Series, keeping its index).

    Notes
    -----
    The project breaks even in present value when the yearly cash margin equals the capital-recovery
    annuity of the outlay:

    .. math:: R \\cdot m = C \\cdot \\mathrm{CRF}(r, L)
              \\quad\\Rightarrow\\quad R = \\frac{C}{m} \\cdot \\frac{r}{1 - (1 + r)^{-L}}.

    With ``r = 0`` this is revenue that just covers cash costs and straight-line depreciation
    (operating profit of zero). Sequoia's "$600B question" is the special case of a one-year payback
    (``L = 1``, ``r = 0``) on data-centre cost with a 50% margin; see :func:`sequoia_revenue_question`.

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
    idx = shared_index(capex, life_years, margin, cost_of_capital)
    c = _as_array("capex", capex)
    m = _as_array("margin", margin)
    _check("capex", c, lo=0.0)
    _check("margin", m, lo=0.0, hi=1.0, lo_open=True)
    crf = capital_recovery_factor(
        cost_of_capital.values if isinstance(cost_of_capital, pd.Series) else cost_of_capital,
        life_years.values if isinstance(life_years, pd.Series) else life_years,
    )
    n = _as_array("life_years", life_years)
    c, m, crf, n = np.broadcast_arrays(c, m, np.asarray(crf, dtype=float), n)
    revenue = c * crf / m
    dep = c / n / m
    return RevenueNeed(
        revenue=_wrap(revenue, idx, "revenue"),
        depreciation_part=_wrap(dep, idx, "depreciation_part"),
        capital_charge_part=_wrap(revenue - dep, idx, "capital_charge_part"),
    )


def sequoia_revenue_question(gpu_spend: ArrayLike, datacenter_multiple: ArrayLike = 2.0,
                             end_user_margin: ArrayLike = 0.5):
    """Sequoia's "$200B / $600B question": AI revenue implied by GPU spending.

    Parameters
    ----------
    gpu_spend : float or array-like
        Yearly GPU spending (Cahn uses NVIDIA's data-centre revenue run-rate), USD billions, ``>= 0``.
    datacenter_multiple : float or array-like, default 2.0
        Total data-centre cost per dollar of GPUs (energy, buildings, networking), ``>= 1``.
    end_user_margin : float or array-like, default 0.5
        Gross margin the final AI sellers need, ``0 < margin <= 1``.

    Returns
    -------
    float, ndarray or Series
        Revenue per year the end users of that compute would need, USD billions.

    Notes
    -----
    .. math:: R = \\frac{G \\times k}{g}

    with :math:`G` GPU spend, :math:`k` the data-centre multiple and :math:`g` the end-user gross margin.
    Cahn's 2023 essay started from about $50B of GPU spend ($200B of revenue needed); the 2024 update
    from NVIDIA's ~$150B run-rate ($600B).

    References
    ----------
    Cahn, D. (2024). "AI's $600B Question". Sequoia Capital, 20 June 2024,
    https://sequoiacap.com/article/ais-600b-question/ (follow-up to "AI's $200B Question", September 2023).

    Examples
    --------
    >>> sequoia_revenue_question(150.0)
    600.0
    >>> sequoia_revenue_question(50.0)
    200.0
    """
    idx = shared_index(gpu_spend, datacenter_multiple, end_user_margin)
    g = _as_array("gpu_spend", gpu_spend)
    k = _as_array("datacenter_multiple", datacenter_multiple)
    m = _as_array("end_user_margin", end_user_margin)
    _check("gpu_spend", g, lo=0.0)
    _check("datacenter_multiple", k, lo=1.0)
    _check("end_user_margin", m, lo=0.0, hi=1.0, lo_open=True)
    g, k, m = np.broadcast_arrays(g, k, m)
    return _wrap(g * k / m, idx, "revenue_needed")


_RATIO_COLS = ["company", "fiscal_year", "period", "metric", "basis", "value"]


def capex_ratios(df: pd.DataFrame, capex_basis: str = "ppe_cash") -> pd.DataFrame:
    """Capex / revenue and capex / operating cash flow by company and fiscal year.

    Parameters
    ----------
    df : DataFrame
        Long table with columns ``company, fiscal_year, period, metric, basis, value`` (the
        ``hyperscaler_capex`` dataset). Only full fiscal years (``period == "FY"``) and rows of kind
        actual/reported are used when a ``kind`` column exists.
    capex_basis : str, default "ppe_cash"
        Which capex definition to use (a value of ``basis`` for rows with ``metric == "capex"``).

    Returns
    -------
    DataFrame
        One row per company and fiscal year with ``capex``, ``revenue``, ``operating_cash_flow``
        (USD billions; NaN where not in the data), ``capex_to_revenue`` and ``capex_to_ocf`` (fractions).

    Notes
    -----
    .. math:: \\text{capex/revenue} = C / R, \\qquad \\text{capex/OCF} = C / \\text{OCF}.

    A capex/OCF ratio above 1 means the year's investment could not be paid from that year's
    operating cash alone.

    Examples
    --------
    >>> d = pd.DataFrame({"company": ["A"] * 3, "fiscal_year": [2025] * 3, "period": ["FY"] * 3,
    ...                   "metric": ["capex", "revenue", "operating_cash_flow"],
    ...                   "basis": ["ppe_cash", "reported", "reported"], "value": [50.0, 200.0, 100.0]})
    >>> capex_ratios(d)[["capex_to_revenue", "capex_to_ocf"]].round(2).values.tolist()
    [[0.25, 0.5]]
    """
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"df must be a DataFrame, got {type(df).__name__}")
    missing = [c for c in _RATIO_COLS if c not in df.columns]
    if missing:
        raise ValueError(f"df lacks columns {missing}")
    if df.empty:
        raise ValueError("df must not be empty")
    d = df[df["period"] == "FY"]
    if "kind" in d.columns:
        d = d[d["kind"].isin(["actual", "reported"])]
    capex = d[(d["metric"] == "capex") & (d["basis"] == capex_basis)]
    if capex.empty:
        raise ValueError(f"capex_basis {capex_basis!r} matches no full-year capex rows")
    if capex.duplicated(["company", "fiscal_year"]).any():
        raise ValueError("more than one capex row per company and fiscal year for this basis")
    other = d[d["metric"].isin(["revenue", "operating_cash_flow"])]
    other = other.groupby(["company", "fiscal_year", "metric"], as_index=False)["value"].first()
    wide = other.pivot(index=["company", "fiscal_year"], columns="metric", values="value")
    out = capex.set_index(["company", "fiscal_year"])["value"].rename("capex").to_frame().join(wide, how="left")
    for col in ("revenue", "operating_cash_flow"):
        if col not in out.columns:
            out[col] = np.nan
    out = out.astype(float)
    out["capex_to_revenue"] = out["capex"] / out["revenue"]
    out["capex_to_ocf"] = out["capex"] / out["operating_cash_flow"]
    return out.reset_index().sort_values(["company", "fiscal_year"]).reset_index(drop=True)
