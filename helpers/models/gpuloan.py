"""Stress test of a loan secured on GPUs and their rental cash flows.

A lender advances part of the purchase price of a fleet of GPUs and is repaid
from the rent the GPUs earn. This module follows one GPU (every money amount is
per GPU) through the life of the loan, period by period, for many scenarios at
once, and reports when the loan *breaks*: the first period in which the cash
flow no longer covers the debt service (DSCR below its covenant) or the loan is
larger than what the collateral is worth (LTV above its covenant).

The two lives of a GPU are kept apart on purpose:

* the **accounting useful life** sets the straight-line book value and the
  depreciation charge (what the income statement shows);
* the **economic life** is how long the GPU actually earns rent (after it, the
  GPU is retired and earns nothing).

A gap between the two is exactly the "GPUs depreciate too fast" risk the
articles name: book value can stay high while the rent that backs the loan is
already gone.

Public functions: :func:`annuity_payment`, :func:`amortisation_schedule`,
:func:`scenario_grid`, :func:`stress_test`.
"""
from __future__ import annotations

import itertools
import math
from typing import NamedTuple

import numpy as np
import pandas as pd

from .._validate import number

__all__ = [
    "HOURS_PER_YEAR",
    "PARAMETERS",
    "StressResult",
    "annuity_payment",
    "amortisation_schedule",
    "scenario_grid",
    "stress_test",
]

#: Hours in a (non-leap) year.
HOURS_PER_YEAR = 8760.0

#: Scenario parameters, their meaning and unit, and default values (``None``: required).
PARAMETERS: dict[str, tuple[str, float | None]] = {
    "purchase_price": ("installed cost of one GPU, USD", None),
    "advance_rate": ("loan / purchase price, fraction in (0, 1]", None),
    "interest_rate": ("annual interest rate of the loan, fraction", None),
    "loan_years": ("loan tenor, years (fully amortising annuity)", None),
    "rent0": ("rental price at origination, USD per GPU-hour", None),
    "rent_decline": ("fall of the spot rental price per year, fraction in [0, 1)", None),
    "utilisation": ("share of hours the spot capacity is rented, fraction in [0, 1]", None),
    "opex_per_hour": ("operating cost per GPU-hour of capacity (power, space, staff), USD", 0.0),
    "accounting_life": ("depreciation life used in the accounts, years", 6.0),
    "economic_life": ("years the GPU earns rent before it is retired", 6.0),
    "contracted_share": ("share of capacity under a take-or-pay contract at rent0, fraction", 0.0),
    "contract_years": ("length of that contract, years", 0.0),
    "discount_rate": ("annual rate at which a buyer discounts the GPU's future net rent, fraction", None),
    "ltv_covenant": ("maximum loan-to-value before the loan breaks, fraction (inf: no value test)", 1.0),
    "dscr_covenant": ("minimum debt service coverage before the loan breaks", 1.0),
}
_REQUIRED = [k for k, (_, d) in PARAMETERS.items() if d is None and k != "discount_rate"]


class StressResult(NamedTuple):
    """Output of :func:`stress_test`.

    Attributes
    ----------
    summary : pandas.DataFrame
        One row per scenario (same index as the input): the inputs plus
        ``payment`` (debt service per period, USD), ``origination_ltv`` (loan /
        collateral value at origination), ``min_dscr``, ``max_ltv``,
        ``break_period`` (first period that breaks a covenant, ``<NA>`` if none),
        ``break_year`` (``break_period / periods_per_year``) and ``break_reason``
        (``"dscr"``, ``"ltv"``, ``"dscr+ltv"`` or ``"none"``).
    paths : pandas.DataFrame
        One row per scenario and loan period: ``scenario`` (the input index),
        ``period``, ``year`` (end of period, years), ``revenue``, ``opex``,
        ``cfads`` (cash flow available for debt service), ``debt_service``,
        ``interest``, ``principal``, ``balance`` (after the period's payment),
        ``collateral_value``, ``book_value``, ``dscr``, ``ltv``, ``book_ltv`` and
        ``accounting_profit`` (all money per GPU, USD).
    """

    summary: pd.DataFrame
    paths: pd.DataFrame


def annuity_payment(principal: float, rate: float, n_periods: int) -> float:
    """Level payment that repays ``principal`` over ``n_periods`` at ``rate`` per period.

    Parameters
    ----------
    principal : float
        Amount borrowed, USD (> 0).
    rate : float
        Interest rate per period, fraction (>= 0); e.g. 0.06 / 12 for 6% a year paid monthly.
    n_periods : int
        Number of payments (>= 1).

    Returns
    -------
    float
        The payment per period, USD.

    Notes
    -----
    The textbook annuity formula:

    .. math:: A = P \\frac{i}{1 - (1 + i)^{-n}},\\qquad A = P / n \\text{ if } i = 0.

    References
    ----------
    Brealey, R. A., Myers, S. C. and Allen, F. (2020). *Principles of Corporate
    Finance*, 13th ed., McGraw-Hill, ch. 2 (annuities).

    Examples
    --------
    A 30-year, 6% mortgage of USD 100,000 paid monthly costs USD 599.55 a month:

    >>> round(annuity_payment(100_000, 0.06 / 12, 360), 2)
    599.55
    >>> annuity_payment(1200, 0.0, 12)
    100.0
    """
    p = number("principal", principal, low=0, low_open=True)
    i = number("rate", rate, low=0)
    if isinstance(n_periods, bool) or not isinstance(n_periods, (int, np.integer)) or n_periods < 1:
        raise ValueError(f"n_periods must be an integer >= 1, got {n_periods!r}")
    if i == 0:
        return p / n_periods
    return p * i / (1 - (1 + i) ** (-n_periods))


def amortisation_schedule(principal: float, annual_rate: float, years: float, periods_per_year: int = 4) -> pd.DataFrame:
    """Period-by-period schedule of a fully amortising annuity loan.

    Parameters
    ----------
    principal : float
        Amount borrowed, USD (> 0).
    annual_rate : float
        Nominal annual interest rate, fraction (>= 0), compounded ``periods_per_year`` times a year.
    years : float
        Tenor, years (> 0); the number of payments is ``ceil(years * periods_per_year)``.
    periods_per_year : int
        Payments per year (1, 2, 4 or 12).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``period`` (1..n): ``opening_balance``, ``payment``, ``interest``,
        ``principal``, ``closing_balance`` (USD).

    Notes
    -----
    With periodic rate :math:`i = r / m` and payment :math:`A` from
    :func:`annuity_payment`, the balance after :math:`k` payments is
    :math:`B_k = P(1+i)^k - A\\,((1+i)^k - 1)/i`; interest in period :math:`k` is
    :math:`i B_{k-1}` and the rest of :math:`A` repays principal.

    References
    ----------
    Brealey, R. A., Myers, S. C. and Allen, F. (2020). *Principles of Corporate
    Finance*, 13th ed., McGraw-Hill, ch. 2.

    Examples
    --------
    >>> s = amortisation_schedule(1000, 0.10, 2, periods_per_year=1)
    >>> s.round(2).to_dict("list")["payment"]
    [576.19, 576.19]
    >>> round(float(s["closing_balance"].iloc[-1]), 6)
    0.0
    """
    number("years", years, low=0, low_open=True)
    if periods_per_year not in (1, 2, 4, 12):
        raise ValueError(f"periods_per_year must be one of 1, 2, 4, 12, got {periods_per_year!r}")
    r = number("annual_rate", annual_rate, low=0)
    n = int(math.ceil(years * periods_per_year - 1e-9))
    i = r / periods_per_year
    pmt = annuity_payment(principal, i, n)
    k = np.arange(0, n + 1)
    if i == 0:
        bal = principal - pmt * k
    else:
        g = (1 + i) ** k
        bal = principal * g - pmt * (g - 1) / i
    bal = np.where(np.abs(bal) < 1e-9 * principal, 0.0, bal)
    opening = bal[:-1]
    interest = i * opening
    out = pd.DataFrame(
        {
            "opening_balance": opening,
            "payment": pmt,
            "interest": interest,
            "principal": pmt - interest,
            "closing_balance": bal[1:],
        },
        index=pd.Index(np.arange(1, n + 1), name="period"),
    )
    return out


def scenario_grid(base: dict, **axes) -> pd.DataFrame:
    """Cartesian product of scenario parameters around a base case.

    Parameters
    ----------
    base : dict
        Parameter name -> value for everything held fixed (see :data:`PARAMETERS`).
    **axes : sequence
        Parameter name -> values to vary; every combination becomes a scenario.

    Returns
    -------
    pandas.DataFrame
        One row per scenario, indexed ``0..n-1`` (``scenario``), one column per parameter.

    Examples
    --------
    >>> g = scenario_grid({"purchase_price": 30000}, rent_decline=[0.1, 0.2], utilisation=[0.6, 0.9])
    >>> len(g), sorted(g.columns)
    (4, ['purchase_price', 'rent_decline', 'utilisation'])
    """
    if not isinstance(base, dict):
        raise ValueError(f"base must be a dict of parameter values, got {type(base).__name__}")
    unknown = sorted(set(base) - set(PARAMETERS)) + sorted(set(axes) - set(PARAMETERS))
    if unknown:
        raise ValueError(f"unknown parameter(s) {unknown}; known: {sorted(PARAMETERS)}")
    for name, vals in axes.items():
        if np.ndim(vals) != 1 or len(vals) == 0:
            raise ValueError(f"axis {name} must be a non-empty 1-D sequence, got {vals!r}")
    names = list(axes)
    rows = [dict(base, **dict(zip(names, combo))) for combo in itertools.product(*[list(axes[n]) for n in names])]
    out = pd.DataFrame(rows)
    out.index = pd.RangeIndex(len(out), name="scenario")
    return out


_BOUNDS = {
    # name: (low, high, low_open, high_open)
    "purchase_price": (0, None, True, False),
    "advance_rate": (0, 1, True, False),
    "interest_rate": (0, None, False, False),
    "loan_years": (0, None, True, False),
    "rent0": (0, None, True, False),
    "rent_decline": (0, 1, False, True),
    "utilisation": (0, 1, False, False),
    "opex_per_hour": (0, None, False, False),
    "accounting_life": (0, None, True, False),
    "economic_life": (0, None, True, False),
    "contracted_share": (0, 1, False, False),
    "contract_years": (0, None, False, False),
    "discount_rate": (0, None, False, False),
    "ltv_covenant": (0, None, True, False),
    "dscr_covenant": (0, None, False, False),
}


def _validate(scenarios: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(scenarios, pd.DataFrame):
        raise ValueError(f"scenarios must be a pandas DataFrame, got {type(scenarios).__name__}")
    if scenarios.empty:
        raise ValueError("scenarios is empty: give at least one scenario row")
    unknown = sorted(set(scenarios.columns) - set(PARAMETERS))
    if unknown:
        raise ValueError(f"scenarios has unknown column(s) {unknown}; known: {sorted(PARAMETERS)}")
    missing = [c for c in _REQUIRED if c not in scenarios.columns]
    if missing:
        raise ValueError(f"scenarios lacks required column(s) {missing}")
    s = scenarios.copy()
    for name, (_, default) in PARAMETERS.items():
        if name not in s.columns:
            s[name] = s["interest_rate"] if name == "discount_rate" else default
    for name, (lo, hi, lo_open, hi_open) in _BOUNDS.items():
        col = pd.to_numeric(s[name], errors="coerce")
        bad = col.isna()
        if name != "ltv_covenant":  # ltv_covenant may be inf: no value test
            bad |= ~np.isfinite(col.to_numpy(dtype=float, na_value=np.nan))
        if lo is not None:
            bad |= (col < lo) | ((col == lo) if lo_open else False)
        if hi is not None:
            bad |= (col > hi) | ((col == hi) if hi_open else False)
        if bad.any():
            idx = bad[bad].index[0]
            rng = f"{'(' if lo_open else '['}{lo}, {hi if hi is not None else 'inf'}{')' if hi_open or hi is None else ']'}"
            raise ValueError(f"{name} must be a finite number in {rng}; scenario {idx!r} has {s.loc[idx, name]!r}")
        s[name] = col.astype(float)
    return s[list(PARAMETERS)]


def stress_test(scenarios: pd.DataFrame, periods_per_year: int = 4) -> StressResult:
    """Run the GPU-loan stress test for every scenario row.

    Parameters
    ----------
    scenarios : pandas.DataFrame
        One row per scenario, columns named as in :data:`PARAMETERS` (money per
        GPU in USD, rates as fractions per year, lives in years). Optional
        columns take their defaults; ``discount_rate`` defaults to the loan's
        ``interest_rate``. The index identifies scenarios and is kept.
    periods_per_year : int
        Loan payments per year (1, 2, 4 or 12).

    Returns
    -------
    StressResult
        ``summary`` (one row per scenario) and ``paths`` (one row per scenario and period).

    Notes
    -----
    For period :math:`k = 1..n` (length :math:`\\Delta = 1/m` years, starting at
    :math:`t_{k-1} = (k-1)\\Delta`), with :math:`H = 8760\\Delta` hours:

    * spot rent :math:`p_k = p_0 (1-d)^{t_{k-1}}`;
    * revenue :math:`R_k = H[c_k p_0 + (1-c_k)\\,u\\,p_k]` while :math:`t_{k-1} < L_e`
      (economic life), else 0, where :math:`c_k` is the contracted share while the
      contract runs (take-or-pay at the initial rent) and 0 afterwards;
    * cash flow available for debt service :math:`CF_k = R_k - H\\,o` in service (``o`` = opex per hour);
    * debt service :math:`A` = :func:`annuity_payment` of :math:`aP` at :math:`r/m` over
      :math:`n = \\lceil T m \\rceil` periods; :math:`DSCR_k = CF_k / A`;
    * collateral value (income approach, the price a buyer who expects the
      scenario would pay): :math:`V_k = \\sum_{j>k} \\max(CF_j, 0)(1+q/m)^{-(j-k)}`
      over the remaining economic life; :math:`LTV_k = B_k / V_k` (``inf`` when
      :math:`V_k = 0 < B_k`);
    * book value :math:`P\\max(0, 1 - t_k/L_a)` (accounting life :math:`L_a`),
      accounting profit :math:`R_k - H o - i B_{k-1} - P\\Delta/L_a` (depreciation while :math:`t_k \\le L_a`).

    The loan breaks in the first period with :math:`DSCR_k <` ``dscr_covenant``
    or :math:`LTV_k >` ``ltv_covenant``. Lower rents, lower utilisation and a
    shorter economic life can only lower :math:`CF` and :math:`V`, so they can
    only bring the break forward.

    References
    ----------
    Yescombe, E. R. (2014). *Principles of Project Finance*, 2nd ed., Academic
    Press, ch. 12-13 (cover ratios: DSCR, loan life and asset value tests).
    Fabozzi, F. J. (ed.) (2006). *The Handbook of Mortgage-Backed Securities*,
    6th ed., McGraw-Hill (loan-to-value and collateral tests of secured lending).

    Examples
    --------
    >>> sc = pd.DataFrame({"purchase_price": [30000.0, 30000.0], "advance_rate": 0.7,
    ...                    "interest_rate": 0.10, "loan_years": 5, "rent0": 2.5,
    ...                    "rent_decline": [0.0, 0.4], "utilisation": 0.8,
    ...                    "opex_per_hour": 0.4, "economic_life": 6})
    >>> res = stress_test(sc)
    >>> res.summary[["break_year", "break_reason"]]
       break_year break_reason
    0        <NA>         none
    1        0.25          ltv
    >>> res.summary["min_dscr"].round(2).tolist()
    [2.6, -0.36]
    >>> res.summary["origination_ltv"].round(2).tolist()
    [0.34, 1.28]
    """
    if periods_per_year not in (1, 2, 4, 12):
        raise ValueError(f"periods_per_year must be one of 1, 2, 4, 12, got {periods_per_year!r}")
    s = _validate(scenarios)
    m = periods_per_year
    dt = 1.0 / m
    hours = HOURS_PER_YEAR * dt
    col = {c: s[c].to_numpy(dtype=float)[:, None] for c in s.columns}  # (S, 1)
    n_loan = np.ceil(s["loan_years"].to_numpy() * m - 1e-9).astype(int)
    n_econ = np.ceil(s["economic_life"].to_numpy() * m - 1e-9).astype(int)
    horizon = int(max(n_loan.max(), n_econ.max()))
    k = np.arange(1, horizon + 1)[None, :]  # (1, T)
    t_start = (k - 1) * dt
    t_end = k * dt

    in_service = t_start < col["economic_life"] - 1e-12
    spot_price = col["rent0"] * (1 - col["rent_decline"]) ** t_start
    contract_on = t_start < col["contract_years"] - 1e-12
    c = np.where(contract_on, col["contracted_share"], 0.0)
    revenue = hours * (c * col["rent0"] + (1 - c) * col["utilisation"] * spot_price) * in_service
    opex = hours * col["opex_per_hour"] * in_service
    cfads = revenue - opex

    # loan (annuity), vectorised
    principal0 = col["advance_rate"] * col["purchase_price"]
    i = col["interest_rate"] / m
    n = n_loan[:, None].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        pmt = np.where(i > 0, principal0 * i / (1 - (1 + i) ** (-n)), principal0 / n)
        growth_k = (1 + i) ** k
        growth_km1 = (1 + i) ** (k - 1)
        bal = np.where(i > 0, principal0 * growth_k - pmt * (growth_k - 1) / np.where(i > 0, i, 1), principal0 - pmt * k)
        bal_open = np.where(i > 0, principal0 * growth_km1 - pmt * (growth_km1 - 1) / np.where(i > 0, i, 1), principal0 - pmt * (k - 1))
    live = k <= n  # loan periods
    bal = np.where(live, np.maximum(bal, 0.0), 0.0)
    bal = np.where(np.abs(bal) < 1e-9 * principal0, 0.0, bal)
    bal_open = np.where(live, np.maximum(bal_open, 0.0), 0.0)
    interest = i * bal_open
    debt_service = np.where(live, pmt, 0.0)

    # collateral value: PV at end of period k of max(CF_j, 0) for j > k
    q = col["discount_rate"] / m
    disc = (1 + q) ** (-k.astype(float))
    w = np.maximum(cfads, 0.0) * disc
    tail = np.cumsum(w[:, ::-1], axis=1)[:, ::-1]  # sum_{j>=k}
    after = np.concatenate([tail[:, 1:], np.zeros((tail.shape[0], 1))], axis=1)  # sum_{j>k}
    value = after / disc
    with np.errstate(divide="ignore", invalid="ignore"):
        dscr = np.where(live, cfads / np.where(debt_service > 0, debt_service, np.nan), np.nan)
        ltv = np.where(bal > 0, np.where(value > 0, bal / np.where(value > 0, value, 1.0), np.inf), 0.0)
        book = col["purchase_price"] * np.maximum(0.0, 1 - t_end / col["accounting_life"])
        book_ltv = np.where(bal > 0, np.where(book > 0, bal / np.where(book > 0, book, 1.0), np.inf), 0.0)
    depreciating = t_end <= col["accounting_life"] + 1e-12
    depreciation = np.where(depreciating, col["purchase_price"] * dt / col["accounting_life"], 0.0)
    acct_profit = revenue - opex - interest - depreciation

    breach_d = live & (dscr < col["dscr_covenant"] - 1e-12)
    breach_l = live & (ltv > col["ltv_covenant"] + 1e-12)
    breach = breach_d | breach_l
    any_b = breach.any(axis=1)
    first = np.where(any_b, breach.argmax(axis=1), -1)
    rows = np.arange(len(s))
    reason = np.full(len(s), "none", dtype=object)
    fd = np.where(any_b, breach_d[rows, np.maximum(first, 0)], False)
    fl = np.where(any_b, breach_l[rows, np.maximum(first, 0)], False)
    reason[fd & fl] = "dscr+ltv"
    reason[fd & ~fl] = "dscr"
    reason[~fd & fl] = "ltv"

    summary = scenarios.copy()
    summary["payment"] = pmt[:, 0]
    summary["origination_ltv"] = principal0[:, 0] / np.where(tail[:, 0] > 0, tail[:, 0], np.nan)
    summary["min_dscr"] = np.nanmin(np.where(live, dscr, np.nan), axis=1)
    summary["max_ltv"] = np.max(np.where(live, ltv, -np.inf), axis=1)
    bp = pd.array(np.where(any_b, first + 1, 0), dtype="Int64")
    bp[~any_b] = pd.NA
    summary["break_period"] = bp
    summary["break_year"] = pd.array(bp, dtype="Float64") / m
    summary["break_reason"] = reason

    idx = np.repeat(scenarios.index.to_numpy(), horizon)
    mask = np.broadcast_to(live, cfads.shape).ravel()
    flat = lambda a: np.broadcast_to(a, cfads.shape).ravel()[mask]  # noqa: E731
    paths = pd.DataFrame(
        {
            "scenario": idx[mask],
            "period": flat(k).astype(int),
            "year": flat(t_end),
            "revenue": flat(revenue),
            "opex": flat(opex),
            "cfads": flat(cfads),
            "debt_service": flat(debt_service),
            "interest": flat(interest),
            "principal": flat(debt_service - interest),
            "balance": flat(bal),
            "collateral_value": flat(value),
            "book_value": flat(book),
            "dscr": flat(dscr),
            "ltv": flat(ltv),
            "book_ltv": flat(book_ltv),
            "accounting_profit": flat(acct_profit),
        }
    )
    paths = paths.rename(columns={"scenario": scenarios.index.name or "scenario"})
    return StressResult(summary=summary, paths=paths.reset_index(drop=True))
