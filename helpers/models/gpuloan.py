r"""Stress test of a loan secured on GPUs and their rental cash flows.

A lender advances part of the purchase price of a fleet of GPUs and is repaid from the rent
the GPUs earn. This module follows one GPU (every money amount is per GPU) through the life of
the loan, period by period, for many scenarios at once, and reports when the loan *breaks*: the
first period in which the cash flow no longer covers the debt service (DSCR below its covenant)
or the loan is larger than what the collateral is worth (LTV above its covenant).

The two lives of a GPU are kept apart on purpose:

* the **accounting useful life** sets the straight-line book value and the depreciation charge
  (what the income statement shows);
* the **economic life** is how long the GPU actually earns rent (after it, the GPU is retired
  and earns nothing).

A gap between the two is exactly the "GPUs depreciate too fast" risk the articles name: book
value can stay high while the rent that backs the loan is already gone.

The loan payment is the capital-recovery annuity of :func:`helpers.models.capex.capital_recovery_factor`
(the one definition of that formula in the package). Archetypes of borrowers and yearly summaries
for charts are in :mod:`helpers.models.gpuloan_cases`.

Public names: :data:`PARAMETERS`, :func:`annuity_payment`, :func:`amortisation_schedule`,
:func:`scenario_grid`, :func:`annual_decline_rate`, :func:`stress_test` (returning
:class:`StressResult`).
"""
from __future__ import annotations

import itertools
import math
from typing import NamedTuple

import numpy as np
import pandas as pd

from .._validate import InputTypeError, array, choice, finite_result, frame, integer, number
from .capex import capital_recovery_factor

__all__ = [
    "HOURS_PER_YEAR",
    "Parameter",
    "PARAMETERS",
    "StressResult",
    "annuity_payment",
    "amortisation_schedule",
    "annual_decline_rate",
    "scenario_grid",
    "stress_test",
]

#: Hours in a (non-leap) year.
HOURS_PER_YEAR = 8760.0
_PERIODS = (1, 2, 4, 12)


class Parameter(NamedTuple):
    """One scenario input: meaning with unit, default (``None``: required) and allowed range."""

    meaning: str
    default: float | None
    low: float
    high: float = math.inf
    low_open: bool = False
    high_open: bool = False


#: The scenario inputs of :func:`stress_test`: meaning and unit, default, and allowed range.
#: ``discount_rate`` defaults to the loan's ``interest_rate``; ``ltv_covenant`` may be ``inf``
#: (no value test).
PARAMETERS: dict[str, Parameter] = {
    "purchase_price": Parameter("installed cost of one GPU, USD", None, 0.0, 1e7, low_open=True),
    "advance_rate": Parameter("loan / purchase price, fraction", None, 0.0, 1.0, low_open=True),
    "interest_rate": Parameter("annual interest rate of the loan, fraction", None, 0.0, 1.0, high_open=True),
    "loan_years": Parameter("loan tenor, years (fully amortising annuity)", None, 0.0, 50.0, low_open=True),
    "rent0": Parameter("rental price at origination, USD per GPU-hour", None, 0.0, 1000.0, low_open=True),
    "rent_decline": Parameter("fall of the spot rental price per year, fraction", None, 0.0, 1.0, high_open=True),
    "utilisation": Parameter("share of hours the spot capacity is rented, fraction", None, 0.0, 1.0),
    "opex_per_hour": Parameter("operating cost per GPU-hour of capacity (power, space, staff), USD", 0.0, 0.0, 1000.0),
    "accounting_life": Parameter("depreciation life used in the accounts, years", 6.0, 0.0, 50.0, low_open=True),
    "economic_life": Parameter("years the GPU earns rent before it is retired", 6.0, 0.0, 50.0, low_open=True),
    "contracted_share": Parameter("share of capacity under a take-or-pay contract at rent0, fraction", 0.0, 0.0, 1.0),
    "contract_years": Parameter("length of that contract, years", 0.0, 0.0, 50.0),
    "discount_rate": Parameter("annual rate at which a buyer discounts the GPU's future net rent, fraction",
                               None, 0.0, 1.0, high_open=True),
    "ltv_covenant": Parameter("maximum loan-to-value before the loan breaks, fraction (inf: no value test)",
                              1.0, 0.0, 100.0, low_open=True),
    "dscr_covenant": Parameter("minimum debt service coverage before the loan breaks", 1.0, 0.0, 100.0),
}
_REQUIRED = [k for k, p in PARAMETERS.items() if p.default is None and k != "discount_rate"]


class StressResult(NamedTuple):
    """Output of :func:`stress_test`.

    Attributes
    ----------
    summary : pandas.DataFrame
        One row per scenario (same index as the input): the inputs plus ``payment`` (debt service
        per period, USD), ``origination_ltv`` (loan / collateral value at origination),
        ``min_dscr``, ``max_ltv``, ``break_period`` (first period that breaks a covenant, ``<NA>``
        if none), ``break_year`` (``break_period / periods_per_year``) and ``break_reason``
        (``"dscr"``, ``"ltv"``, ``"dscr+ltv"`` or ``"none"``).
    paths : pandas.DataFrame
        One row per scenario and loan period: ``scenario`` (the input index), ``period``, ``year``
        (end of period, years), ``revenue``, ``opex``, ``cfads`` (cash flow available for debt
        service), ``debt_service``, ``interest``, ``principal``, ``balance`` (after the period's
        payment), ``collateral_value``, ``book_value``, ``dscr``, ``ltv``, ``book_ltv`` and
        ``accounting_profit`` (all money per GPU, USD).
    """

    summary: pd.DataFrame
    paths: pd.DataFrame


def annuity_payment(principal: float, rate: float, n_periods: int) -> float:
    r"""Level payment that repays ``principal`` over ``n_periods`` at ``rate`` per period.

    Parameters
    ----------
    principal : float
        Amount borrowed, USD (> 0).
    rate : float
        Interest rate per period, fraction in [0, 1); e.g. 0.06 / 12 for 6% a year paid monthly.
    n_periods : int
        Number of payments (1 to 10,000).

    Returns
    -------
    float
        The payment per period, USD.

    Notes
    -----
    The payment is the principal times the capital-recovery factor:

    .. math:: A = P\,\mathrm{CRF}(i, n) = P \frac{i}{1 - (1 + i)^{-n}},\qquad A = P / n \text{ if } i = 0.

    References
    ----------
    Brealey, R. A., Myers, S. C. and Allen, F. (2020). *Principles of Corporate Finance*, 13th ed.,
    McGraw-Hill, ch. 2 (annuities).

    Examples
    --------
    A 30-year, 6% mortgage of USD 100,000 paid monthly costs USD 599.55 a month:

    >>> round(annuity_payment(100_000, 0.06 / 12, 360), 2)
    599.55
    >>> annuity_payment(1200, 0.0, 12)
    100.0
    """
    p = number("principal", principal, low=0, low_open=True)
    i = number("rate", rate, low=0, high=1, high_open=True)
    n = integer("n_periods", n_periods, low=1, high=1000)  # the capital-recovery factor's own limit
    return p * float(capital_recovery_factor(i, n))


def amortisation_schedule(principal: float, annual_rate: float, years: float, periods_per_year: int = 4) -> pd.DataFrame:
    r"""Period-by-period schedule of a fully amortising annuity loan.

    Parameters
    ----------
    principal : float
        Amount borrowed, USD (> 0).
    annual_rate : float
        Nominal annual interest rate, fraction in [0, 1), compounded ``periods_per_year`` times a year.
    years : float
        Tenor, years (0 < years <= 50); the number of payments is ``ceil(years * periods_per_year)``.
    periods_per_year : int
        Payments per year (1, 2, 4 or 12).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``period`` (1..n): ``opening_balance``, ``payment``, ``interest``,
        ``principal``, ``closing_balance`` (USD).

    Notes
    -----
    With periodic rate :math:`i = r / m` and payment :math:`A` from :func:`annuity_payment`, the
    balance after :math:`k` payments is :math:`B_k = P(1+i)^k - A\,((1+i)^k - 1)/i`; interest in
    period :math:`k` is :math:`i B_{k-1}` and the rest of :math:`A` repays principal.

    References
    ----------
    Brealey, R. A., Myers, S. C. and Allen, F. (2020). *Principles of Corporate Finance*, 13th ed.,
    McGraw-Hill, ch. 2.

    Examples
    --------
    >>> s = amortisation_schedule(1000, 0.10, 2, periods_per_year=1)
    >>> s.round(2).to_dict("list")["payment"]
    [576.19, 576.19]
    >>> round(float(s["closing_balance"].iloc[-1]), 6)
    0.0
    """
    p = number("principal", principal, low=0, low_open=True)
    t = number("years", years, low=0, low_open=True, high=50)
    m = choice("periods_per_year", integer("periods_per_year", periods_per_year), _PERIODS)
    r = number("annual_rate", annual_rate, low=0, high=1, high_open=True)
    n = int(math.ceil(t * m - 1e-9))
    if n < 1:
        raise ValueError(f"years must cover at least one payment period (1/{m} year), got {years!r}")
    i = r / m
    pmt = annuity_payment(p, i, n)
    k = np.arange(0, n + 1)
    bal = p - pmt * k if i == 0 else p * (1 + i) ** k - pmt * ((1 + i) ** k - 1) / i
    bal = np.where(np.abs(bal) < 1e-9 * p, 0.0, bal)
    interest = i * bal[:-1]
    return pd.DataFrame(
        {"opening_balance": bal[:-1], "payment": pmt, "interest": interest, "principal": pmt - interest,
         "closing_balance": bal[1:]},
        index=pd.Index(np.arange(1, n + 1), name="period"),
    )


def annual_decline_rate(start_price: float, end_price: float, years: float) -> float:
    r"""Constant yearly rate of decline that takes a price from ``start_price`` to ``end_price``.

    Parameters
    ----------
    start_price, end_price : float
        Prices at the two dates, same unit (e.g. USD per GPU-hour), both > 0.
    years : float
        Time between the two dates, years (> 0).

    Returns
    -------
    float
        :math:`d` with :math:`p_1 = p_0 (1 - d)^{t}`; negative when the price rose.

    Notes
    -----
    .. math:: d = 1 - (p_1 / p_0)^{1/t}

    Examples
    --------
    Halving in one year is a 50% decline; a quarter of the price after two years is also 50% a year:

    >>> annual_decline_rate(4.0, 2.0, 1.0), annual_decline_rate(4.0, 1.0, 2.0)
    (0.5, 0.5)
    """
    p0 = number("start_price", start_price, low=0, low_open=True)
    p1 = number("end_price", end_price, low=0, low_open=True)
    t = number("years", years, low=0, low_open=True)
    with np.errstate(over="ignore", divide="ignore"):
        return float(finite_result(1.0 - (p1 / p0) ** (1.0 / t), "start_price, end_price and years"))


def scenario_grid(base: dict, **axes) -> pd.DataFrame:
    """Cartesian product of scenario parameters around a base case.

    Parameters
    ----------
    base : dict
        Parameter name -> value for everything held fixed (see :data:`PARAMETERS`).
    **axes : sequence
        Parameter name -> values to vary (1-D, 1 to 1,000 values); every combination becomes a
        scenario (at most 1,000,000).

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
        raise InputTypeError(f"base must be a dict of parameter values, got {type(base).__name__}")
    unknown = sorted(set(base) - set(PARAMETERS)) + sorted(set(axes) - set(PARAMETERS))
    if unknown:
        raise ValueError(f"unknown parameter(s) {unknown}; known: {sorted(PARAMETERS)}")
    values = {name: array(f"axis {name}", vals, ndim=1, min_size=1).tolist() for name, vals in axes.items()}
    if any(len(v) > 1000 for v in values.values()) or math.prod(len(v) for v in values.values()) > 1_000_000:
        raise ValueError(f"axes make too many scenarios: sizes {[len(v) for v in values.values()]} (at most 1,000,000)")
    names = list(values)
    rows = [dict(base, **dict(zip(names, combo))) for combo in itertools.product(*values.values())]
    out = pd.DataFrame(rows)
    out.index = pd.RangeIndex(len(out), name="scenario")
    return out


def _scenarios(scenarios: pd.DataFrame) -> pd.DataFrame:
    """Validated scenario table with every parameter filled in (defaults) and cast to float."""
    frame("scenarios", scenarios, _REQUIRED)
    if len(scenarios) > 1_000_000:
        raise ValueError(f"scenarios has {len(scenarios):,} rows, more than the 1,000,000 allowed")
    unknown = sorted(set(scenarios.columns) - set(PARAMETERS))
    if unknown:
        raise ValueError(f"scenarios has unknown column(s) {unknown}; known: {sorted(PARAMETERS)}")
    if scenarios.index.has_duplicates:
        raise ValueError(f"scenarios has a duplicated index label {scenarios.index[scenarios.index.duplicated()].tolist()[0]!r}")
    s = scenarios.copy()
    for name, p in PARAMETERS.items():
        if name not in s.columns:
            s[name] = s["interest_rate"] if name == "discount_rate" else p.default
        col = s[name]
        if not pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
            raise InputTypeError(f"scenarios column {name!r} must hold numbers, got {col.tolist()[:3]!r}")
        v = col.to_numpy(dtype=float, na_value=np.nan)
        no_test = (name == "ltv_covenant") & np.isposinf(v)  # inf: no value test
        array(f"scenarios column {name!r}", np.where(no_test, 1.0, v), low=p.low, high=None if math.isinf(p.high) else p.high,
              low_open=p.low_open, high_open=p.high_open)
        s[name] = v
    return s[list(PARAMETERS)]


def stress_test(scenarios: pd.DataFrame, periods_per_year: int = 4) -> StressResult:
    r"""Run the GPU-loan stress test for every scenario row.

    Parameters
    ----------
    scenarios : pandas.DataFrame
        One row per scenario, columns named as in :data:`PARAMETERS` (money per GPU in USD, rates
        as fractions per year, lives in years). Optional columns take their defaults;
        ``discount_rate`` defaults to the loan's ``interest_rate``. The index identifies scenarios
        and is kept.
    periods_per_year : int
        Loan payments per year (1, 2, 4 or 12).

    Returns
    -------
    StressResult
        ``summary`` (one row per scenario) and ``paths`` (one row per scenario and period).

    Notes
    -----
    For period :math:`k = 1..n` (length :math:`\Delta = 1/m` years, starting at
    :math:`t_{k-1} = (k-1)\Delta`), with :math:`H = 8760\Delta` hours:

    * spot rent :math:`p_k = p_0 (1-d)^{t_{k-1}}`;
    * revenue :math:`R_k = H[c_k p_0 + (1-c_k)\,u\,p_k]` while :math:`t_{k-1} < L_e` (economic
      life), else 0, where :math:`c_k` is the contracted share while the contract runs
      (take-or-pay at the initial rent) and 0 afterwards;
    * cash flow available for debt service :math:`CF_k = R_k - H\,o` in service (``o`` = opex per hour);
    * debt service :math:`A = aP\,\mathrm{CRF}(r/m, n)` (see :func:`annuity_payment`) over
      :math:`n = \lceil T m \rceil` periods; :math:`DSCR_k = CF_k / A`;
    * collateral value (income approach, the price a buyer who expects the scenario would pay):
      :math:`V_k = \sum_{j>k} \max(CF_j, 0)(1+q/m)^{-(j-k)}` over the remaining economic life;
      :math:`LTV_k = B_k / V_k` (``inf`` when :math:`V_k = 0 < B_k`);
    * book value :math:`P\max(0, 1 - t_k/L_a)` (accounting life :math:`L_a`), accounting profit
      :math:`R_k - H o - i B_{k-1} - P\Delta/L_a` (depreciation while :math:`t_k \le L_a`).

    The loan breaks in the first period with :math:`DSCR_k <` ``dscr_covenant`` or
    :math:`LTV_k >` ``ltv_covenant``. Lower rents, lower utilisation and a shorter economic life
    can only lower :math:`CF` and :math:`V`, so they can only bring the break forward.

    References
    ----------
    Yescombe, E. R. (2014). *Principles of Project Finance*, 2nd ed., Academic Press, ch. 12-13
    (cover ratios: DSCR, loan life and asset value tests).
    Fabozzi, F. J. (ed.) (2006). *The Handbook of Mortgage-Backed Securities*, 6th ed.,
    McGraw-Hill (loan-to-value and collateral tests of secured lending).

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
    """
    m = choice("periods_per_year", integer("periods_per_year", periods_per_year), _PERIODS)
    s = _scenarios(scenarios)
    dt = 1.0 / m
    hours = HOURS_PER_YEAR * dt
    col = {c: s[c].to_numpy(dtype=float)[:, None] for c in s.columns}  # (S, 1)
    n_loan = np.ceil(s["loan_years"].to_numpy() * m - 1e-9).astype(int)
    n_econ = np.ceil(s["economic_life"].to_numpy() * m - 1e-9).astype(int)
    if n_loan.min() < 1:
        raise ValueError(f"scenarios column 'loan_years' must cover at least one payment period (1/{m} year)")
    horizon = int(max(n_loan.max(), n_econ.max()))
    k = np.arange(1, horizon + 1)[None, :]  # (1, T)
    t_start, t_end = (k - 1) * dt, k * dt

    in_service = t_start < col["economic_life"] - 1e-12
    spot_price = col["rent0"] * (1 - col["rent_decline"]) ** t_start
    c = np.where(t_start < col["contract_years"] - 1e-12, col["contracted_share"], 0.0)
    revenue = hours * (c * col["rent0"] + (1 - c) * col["utilisation"] * spot_price) * in_service
    opex = hours * col["opex_per_hour"] * in_service
    cfads = revenue - opex

    # loan: level annuity (the one capital-recovery formula), balance in closed form
    principal0 = col["advance_rate"] * col["purchase_price"]
    i = col["interest_rate"] / m
    n = n_loan[:, None].astype(float)
    pmt = principal0 * capital_recovery_factor(i, n)
    safe_i = np.where(i > 0, i, 1.0)

    def balance(j):
        g = (1 + i) ** j
        return np.where(i > 0, principal0 * g - pmt * (g - 1) / safe_i, principal0 - pmt * j)

    live = k <= n  # loan periods
    bal = np.where(live, np.maximum(balance(k), 0.0), 0.0)
    bal = np.where(np.abs(bal) < 1e-9 * principal0, 0.0, bal)
    interest = i * np.where(live, np.maximum(balance(k - 1), 0.0), 0.0)
    debt_service = np.where(live, pmt, 0.0)

    # collateral value: PV at end of period k of max(CF_j, 0) for j > k
    disc = (1 + col["discount_rate"] / m) ** (-k.astype(float))
    tail = np.cumsum((np.maximum(cfads, 0.0) * disc)[:, ::-1], axis=1)[:, ::-1]  # sum_{j>=k}
    value = np.concatenate([tail[:, 1:], np.zeros((tail.shape[0], 1))], axis=1) / disc  # sum_{j>k}
    book = col["purchase_price"] * np.maximum(0.0, 1 - t_end / col["accounting_life"])
    with np.errstate(divide="ignore", invalid="ignore"):
        dscr = np.where(live, cfads / np.where(debt_service > 0, debt_service, np.nan), np.nan)
        ltv = np.where(bal > 0, np.where(value > 0, bal / np.where(value > 0, value, 1.0), np.inf), 0.0)
        book_ltv = np.where(bal > 0, np.where(book > 0, bal / np.where(book > 0, book, 1.0), np.inf), 0.0)
    depreciation = np.where(t_end <= col["accounting_life"] + 1e-12, col["purchase_price"] * dt / col["accounting_life"], 0.0)

    breach_d = live & (dscr < col["dscr_covenant"] - 1e-12)
    breach_l = live & (ltv > col["ltv_covenant"] + 1e-12)
    breach = breach_d | breach_l
    any_b = breach.any(axis=1)
    first = np.where(any_b, breach.argmax(axis=1), 0)
    rows = np.arange(len(s))
    fd, fl = any_b & breach_d[rows, first], any_b & breach_l[rows, first]
    reason = np.select([fd & fl, fd, fl], ["dscr+ltv", "dscr", "ltv"], "none").astype(object)

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

    mask = np.broadcast_to(live, cfads.shape).ravel()

    def flat(a):
        return np.broadcast_to(a, cfads.shape).ravel()[mask]

    paths = pd.DataFrame({
        scenarios.index.name or "scenario": np.repeat(scenarios.index.to_numpy(), horizon)[mask],
        "period": flat(k).astype(int), "year": flat(t_end), "revenue": flat(revenue), "opex": flat(opex),
        "cfads": flat(cfads), "debt_service": flat(debt_service), "interest": flat(interest),
        "principal": flat(debt_service - interest), "balance": flat(bal), "collateral_value": flat(value),
        "book_value": flat(book), "dscr": flat(dscr), "ltv": flat(ltv), "book_ltv": flat(book_ltv),
        "accounting_profit": flat(revenue - opex - interest - depreciation),
    })
    return StressResult(summary=summary, paths=paths.reset_index(drop=True))
