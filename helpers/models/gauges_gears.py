r"""The dashboard's gears gauge: the clouds' capex per dollar of revenue, and where to draw its lines.

* :func:`capex_to_revenue` is the ratio A1 names;
* :func:`capex_thresholds` gives the levels at which a steady-state asset base could no longer earn
  a required return (warn) or be paid for from operating cash at all (alarm), using
  :func:`helpers.models.capex.capital_recovery_factor`;
* :func:`gears_table` lines up capex, revenue and operating cash flow by company and fiscal period
  from the book's two datasets (``hyperscaler_capex`` and ``dashboard_cloud_financials``);
* :func:`trend_per_year` is the least-squares slope of a dated series, and :func:`gears_reading`
  the gauge's latest full-year reading, trend and status.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from .._validate import array, choice, finite_result, frame, number, shared_index
from .capex import capital_recovery_factor
from .gauges import _dates, _table, _years, gauge_status

__all__ = ["CapexThresholds", "GearsReading", "capex_to_revenue", "capex_thresholds", "gears_table",
           "trend_per_year", "gears_reading"]

#: How the two datasets' capex bases are shown.
BASIS_LABELS = {"ppe_cash": "cash capex", "incl_finance_leases": "incl. finance leases"}


def capex_to_revenue(capex, revenue):
    r"""Capital expenditure as a share of revenue.

    Parameters
    ----------
    capex : float, array-like or Series
        Capital expenditure, USD (any scale), >= 0.
    revenue : float, array-like or Series
        Revenue of the same period and scale, > 0. Series must share an index.

    Returns
    -------
    float, ndarray or Series
        :math:`C / R`, a fraction (a Series keeps its index).

    Examples
    --------
    >>> round(capex_to_revenue(64.55, 281.7), 3)
    0.229
    """
    idx = shared_index(capex, revenue, names=["capex", "revenue"])
    c = array("capex", capex, low=0.0, min_size=1)
    r = array("revenue", revenue, low=0.0, low_open=True, min_size=1)
    try:
        with np.errstate(over="ignore"):
            out = c / r
    except ValueError:
        raise ValueError(f"capex and revenue have mismatched lengths {c.size} and {r.size}") from None
    finite_result(out, "capex and revenue")
    if out.ndim == 0:
        return float(out)
    return pd.Series(out, index=idx, name="capex_to_revenue") if idx is not None else out


class CapexThresholds(NamedTuple):
    """Capex / revenue levels at which a steady-state build-out stops paying (see :func:`capex_thresholds`)."""

    warn: float  #: capex/revenue at which the cash margin only just earns ``rate`` on the asset base
    alarm: float  #: capex/revenue at which capex equals operating cash flow
    ocf_margin: float
    life_years: float
    rate: float


def capex_thresholds(ocf_margin: float, life_years: float, rate: float) -> CapexThresholds:
    r"""Warning and alarm levels for a company's capex / revenue ratio.

    Parameters
    ----------
    ocf_margin : float
        Operating cash flow / revenue, in (0, 1].
    life_years : float
        Useful life of the assets in years (0.01 to 100), e.g. the disclosed server life.
    rate : float
        Required return on capital per year, ``0 <= rate < 1``.

    Returns
    -------
    CapexThresholds
        ``warn`` and ``alarm`` as fractions of revenue, with the inputs.

    Notes
    -----
    If the company spends a share :math:`c` of revenue :math:`R` on capex every year, :math:`L`
    vintages are in service in steady state, each needing the capital-recovery annuity
    :math:`\mathrm{CRF}(r, L)` per dollar. Together they need :math:`L\,\mathrm{CRF}(r, L)\,cR` a
    year, which the operating cash margin :math:`mR` must cover:

    .. math:: c_{warn} = \frac{m}{L\,\mathrm{CRF}(r, L)}, \qquad c_{alarm} = c_{warn}\big|_{r=0} = m .

    Both are generous to the company (all operating cash is credited to the new assets) and describe
    a steady state; during a fast build-out the ratio can sit above them while revenue catches up.

    References
    ----------
    Brealey, R. A., Myers, S. C. and Allen, F. (2020). *Principles of Corporate Finance*, 13th ed.,
    McGraw-Hill, ch. 6 (equivalent annual cost), for the capital-recovery factor.

    Examples
    --------
    >>> t = capex_thresholds(0.483, 6, 0.10)
    >>> round(t.warn, 3), round(t.alarm, 3)
    (0.351, 0.483)
    """
    m = number("ocf_margin", ocf_margin, low=0.0, high=1.0, low_open=True)
    life = number("life_years", life_years, low=0.01, high=100.0)  # a life under ~4 days is a unit slip
    r = number("rate", rate, low=0.0, high=1.0, high_open=True)
    crf = float(capital_recovery_factor(r, life))
    return CapexThresholds(m / (life * crf), m, m, life, r)


def _periods_from_capex_frame(hc: pd.DataFrame) -> pd.DataFrame:
    labels = {"FY": "FY{}", "H1": "FY{}-H1"}
    rows = hc[hc["period"].isin(list(labels))].copy()
    rows["period"] = [labels[p].format(int(y)) for p, y in zip(rows["period"], rows["fiscal_year"])]
    return rows


def _gears_inputs(capex_frame, cloud_frame, names=("capex_frame", "cloud_frame")) -> None:
    """Check the two tables :func:`gears_table` reads (``names`` are the caller's parameter names)."""
    cols = ["company", "period", "period_end", "metric", "basis"]
    _table(names[0], capex_frame, cols, required=["fiscal_year", "value"], min_rows=0)
    used = capex_frame[capex_frame["period"].isin(["FY", "H1"]) & capex_frame["basis"].isin([*BASIS_LABELS, "reported"])]
    frame(names[0], used, key=["company", "fiscal_year", "period", "metric", "basis"], min_rows=0)
    _table(names[1], cloud_frame, cols, required=["value"], key=["company", "period", "metric", "basis"])


def gears_table(capex_frame: pd.DataFrame, cloud_frame: pd.DataFrame) -> pd.DataFrame:
    """Capex, revenue and operating cash flow by company and fiscal period, with the two ratios.

    Parameters
    ----------
    capex_frame : pandas.DataFrame
        ``hyperscaler_capex``: ``company, fiscal_year, period`` (FY, H1, ...), ``period_end,
        metric, basis, value``. Only the companies of ``cloud_frame``, the FY and H1 periods and
        the bases ``ppe_cash``, ``incl_finance_leases`` and ``reported`` are used (guidance is not).
    cloud_frame : pandas.DataFrame
        ``dashboard_cloud_financials``: ``company, period`` (FYyyyy, FYyyyy-Qn, FYyyyy-H1),
        ``period_end, metric, basis, value``.

    Returns
    -------
    pandas.DataFrame
        One row per company, period and capex basis with both capex and revenue: ``company,
        period, period_end`` (Timestamp), ``span`` (year, half or quarter), ``basis`` (cash capex
        or incl. finance leases), ``capex, revenue, operating_cash_flow`` (NaN if not reported),
        ``capex_to_revenue, capex_to_ocf``; sorted by company and period end.

    Raises
    ------
    ValueError
        If the two frames give the same company, period, metric and basis values more than 2%
        apart (the rows are meant to be the same figure), or a frame lacks a column.
    """
    _gears_inputs(capex_frame, cloud_frame)
    cols = ["company", "period", "period_end", "metric", "basis", "value"]
    a = _periods_from_capex_frame(capex_frame)[cols].assign(src=0)
    b = cloud_frame[cols].assign(src=1)
    both = pd.concat([a, b], ignore_index=True)
    both = both[both["company"].isin(set(b["company"])) & both["basis"].isin(list(BASIS_LABELS) + ["reported"])]
    key = ["company", "period", "metric", "basis"]
    spread = both.groupby(key)["value"].agg(lambda v: (v.max() - v.min()) / max(abs(v).max(), 1e-12))
    if (spread > 0.02).any():
        bad = spread[spread > 0.02].index[0]
        raise ValueError(f"capex_frame and cloud_frame disagree by more than 2% on {dict(zip(key, bad))}")
    both = both.sort_values("src").drop_duplicates(key, keep="last")
    both["period_end"] = _dates("period_end", both["period_end"]).values
    rev = both[(both.metric == "revenue") & (both.basis == "reported")].set_index(["company", "period"])["value"]
    ocf = both[(both.metric == "operating_cash_flow") & (both.basis == "reported")].set_index(["company", "period"])["value"]
    cap = both[(both.metric == "capex") & both.basis.isin(list(BASIS_LABELS))].copy()
    cap["revenue"] = [rev.get(k, np.nan) for k in zip(cap.company, cap.period)]
    cap["operating_cash_flow"] = [ocf.get(k, np.nan) for k in zip(cap.company, cap.period)]
    cap = cap[cap["revenue"].notna()].rename(columns={"value": "capex"})
    cap["basis"] = cap["basis"].map(BASIS_LABELS)
    cap["span"] = np.where(cap["period"].str.contains("-Q"), "quarter", np.where(cap["period"].str.contains("-H"), "half", "year"))
    cap["capex_to_revenue"] = capex_to_revenue(cap["capex"].to_numpy(float), cap["revenue"].to_numpy(float))
    cap["capex_to_ocf"] = cap["capex"] / cap["operating_cash_flow"]
    out = cap[["company", "period", "period_end", "span", "basis", "capex", "revenue", "operating_cash_flow",
               "capex_to_revenue", "capex_to_ocf"]]
    return out.sort_values(["company", "period_end", "span"]).reset_index(drop=True)


def trend_per_year(dates, values) -> float:
    r"""Least-squares slope of ``values`` against time, per year.

    Parameters
    ----------
    dates : array-like of dates
        At least two distinct dates.
    values : array-like of float
        Finite values, same length.

    Returns
    -------
    float
        :math:`\hat b` in :math:`y = a + b t`, t in years (units of ``values`` per year).

    Examples
    --------
    >>> trend_per_year(["2024-06-30", "2025-06-30", "2026-06-30"], [0.1, 0.2, 0.3])
    0.1
    """
    shared_index(dates, values, names=["dates", "values"])
    d = _dates("dates", dates)
    y = array("values", values, min_size=2, ndim=1)
    if len(d) != len(y):
        raise ValueError(f"dates and values must have the same length, got {len(d)} and {len(y)}")
    t = _years(d, d.min())
    if np.ptp(t) == 0:
        raise ValueError("dates must not all be the same day")
    tc = t - t.mean()
    return round(float(np.dot(tc, y - y.mean()) / np.dot(tc, tc)), 12)


class GearsReading(NamedTuple):
    """The gears gauge for one company: latest full fiscal year, trend, threshold status."""

    company: str
    period: str
    period_end: pd.Timestamp
    ratio: float  #: capex / revenue in the latest full fiscal year
    trend: float  #: least-squares change of the yearly ratio, per year
    years: int  #: fiscal years in the trend
    capex_to_ocf: float  #: capex / operating cash flow in that year (NaN if not reported)
    status: str


def gears_reading(gears: pd.DataFrame, company: str, thresholds: CapexThresholds,
                  basis: str = "cash capex") -> GearsReading:
    """The gauge reading for ``company``: its full fiscal years on ``basis`` from :func:`gears_table`.

    Examples
    --------
    >>> g = pd.DataFrame({"company": ["X", "X"], "period": ["FY2025", "FY2026"],
    ...                   "period_end": pd.to_datetime(["2025-06-30", "2026-06-30"]), "span": ["year", "year"],
    ...                   "basis": ["cash capex"] * 2, "capex_to_revenue": [0.2, 0.3], "capex_to_ocf": [0.5, 0.6]})
    >>> r = gears_reading(g, "X", capex_thresholds(0.5, 6, 0.1))
    >>> r.period, r.status, round(r.trend, 2)
    ('FY2026', 'ok', 0.1)
    """
    _table("gears", gears, ["company", "period", "period_end", "span", "basis", "capex_to_ocf"], required=["capex_to_revenue"],
           key=["company", "period", "basis"])
    company = choice("company", company, sorted(set(gears["company"])))
    basis = choice("basis", basis, sorted(set(gears["basis"])))
    if not isinstance(thresholds, CapexThresholds):
        raise ValueError(f"thresholds must come from capex_thresholds, got {type(thresholds).__name__}")
    if number("thresholds.alarm", thresholds.alarm) < number("thresholds.warn", thresholds.warn):
        raise ValueError(f"thresholds.alarm must be >= thresholds.warn, got {thresholds.alarm!r} < {thresholds.warn!r}")
    yrs = gears[(gears.company == company) & (gears.basis == basis) & (gears.span == "year")].sort_values("period_end")
    if len(yrs) < 2:
        raise ValueError(f"{company} needs at least two fiscal years on basis {basis!r}, got {len(yrs)}")
    last = yrs.iloc[-1]
    status = gauge_status(float(last.capex_to_revenue), warn=thresholds.warn, alarm=thresholds.alarm, higher_is_better=False)
    return GearsReading(company, str(last.period), pd.Timestamp(last.period_end), float(last.capex_to_revenue),
                        trend_per_year(yrs.period_end, yrs.capex_to_revenue), len(yrs), float(last.capex_to_ocf), status)
