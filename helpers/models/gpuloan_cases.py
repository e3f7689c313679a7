r"""Cases built on the GPU-loan stress test: yearly summaries and borrower archetypes.

:func:`helpers.models.gpuloan.stress_test` works period by period for any set of scenarios. Two
questions of chapter 4 need a little more:

* :func:`yearly_paths` sums the quarterly cash flows of each scenario into loan years, the unit a
  reader thinks in (a yearly debt service coverage ratio is the year's cash flow over the year's
  debt service, not an average of quarterly ratios);
* :func:`archetype_breaks` runs a table of borrower archetypes (leverage, rate, contract cover,
  remaining life, price paid) through the same rent shocks and reports when each first fails
  the cash test, which is how the chapter ranks A3's "who fails first".
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .._validate import InputTypeError, array, frame, number
from .gpuloan import PARAMETERS, StressResult, stress_test

__all__ = ["ARCHETYPE_COLUMNS", "yearly_paths", "archetype_breaks"]

#: Columns an archetype table must have (``price_factor``: price paid / new price, e.g. 0.6 for used GPUs).
ARCHETYPE_COLUMNS = ["advance_rate", "interest_rate", "contracted_share", "contract_years", "economic_life", "price_factor"]


def yearly_paths(result: StressResult, keep: list[str] | tuple[str, ...] = ()) -> pd.DataFrame:
    r"""Loan-year summary of a stress test: cash cover, balance and values at each year end.

    Parameters
    ----------
    result : StressResult
        Output of :func:`~helpers.models.gpuloan.stress_test`.
    keep : list of str
        Scenario parameters (columns of ``result.summary``) to carry into every row, e.g. the axes
        of a scenario grid.

    Returns
    -------
    pandas.DataFrame
        One row per scenario and loan year: the ``keep`` columns, ``loan_year`` (1, 2, ...),
        ``dscr`` (the year's cash flow / the year's debt service), and the year-end ``balance``,
        ``collateral_value`` and ``book_value`` (USD per GPU).

    Notes
    -----
    .. math:: DSCR_y = \frac{\sum_{k \in y} CF_k}{\sum_{k \in y} A_k}

    Examples
    --------
    >>> from helpers.models.gpuloan import stress_test
    >>> sc = pd.DataFrame([{"purchase_price": 30000.0, "advance_rate": 0.6, "interest_rate": 0.1,
    ...                     "loan_years": 2, "rent0": 2.0, "rent_decline": 0.0, "utilisation": 1.0}])
    >>> y = yearly_paths(stress_test(sc))
    >>> y["loan_year"].tolist(), y["dscr"].round(2).tolist()
    ([1, 2], [1.74, 1.74])
    """
    if not isinstance(result, StressResult):
        raise ValueError(f"result must be the StressResult of stress_test, got {type(result).__name__}")
    if isinstance(keep, str) or not isinstance(keep, (list, tuple)) or not all(isinstance(k, str) for k in keep):
        raise InputTypeError(f"keep must be a list of column names, got {keep!r}")
    keep = list(keep)
    frame("result.summary", result.summary, keep)
    p = result.paths
    key = p.columns[0]
    years = np.ceil(p["year"].to_numpy() - 1e-9).astype(int)
    g = p.assign(loan_year=years).groupby([key, "loan_year"], sort=True)
    out = g.agg(cfads=("cfads", "sum"), debt_service=("debt_service", "sum"), balance=("balance", "last"),
                collateral_value=("collateral_value", "last"), book_value=("book_value", "last")).reset_index()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["dscr"] = np.where(out["debt_service"] > 0, out["cfads"] / out["debt_service"].where(out["debt_service"] > 0), np.nan)
    out = out.merge(result.summary[keep], left_on=key, right_index=True, how="left")
    return out[[key, *keep, "loan_year", "dscr", "balance", "collateral_value", "book_value"]].drop(columns=key)


def archetype_breaks(archetypes: pd.DataFrame, base: dict, shocks: dict[str, tuple[float, float]]) -> pd.DataFrame:
    r"""When each borrower archetype first fails the cash test, under each rent shock.

    Parameters
    ----------
    archetypes : pandas.DataFrame
        One row per archetype (index: its name) with the columns of :data:`ARCHETYPE_COLUMNS`:
        advance rate, interest rate and contracted share (fractions), contract years and economic
        life (years), and ``price_factor`` (price paid / new price, in (0, 1]).
    base : dict
        The inputs shared by all archetypes (see :data:`~helpers.models.gpuloan.PARAMETERS`), at
        least ``purchase_price`` (new price, USD), ``loan_years``, ``rent0``; anything an archetype
        or a shock sets is overridden.
    shocks : dict
        Shock name -> ``(rent_decline, utilisation)`` (fractions per year, of hours), 1 to 20 shocks.

    Returns
    -------
    pandas.DataFrame
        One row per archetype and shock: ``archetype``, ``shock``, ``break_year`` (``<NA>`` if the
        loan is repaid), ``min_dscr`` and ``origination_ltv``.

    Notes
    -----
    Only the cash test counts (``ltv_covenant`` is infinite): a firm fails when its rent no longer
    covers its debt service, :math:`CF_k < A`, whatever the collateral is worth.

    Examples
    --------
    >>> arch = pd.DataFrame({"advance_rate": [1.0, 0.6], "interest_rate": [0.12, 0.06],
    ...                      "contracted_share": [0.0, 1.0], "contract_years": [0.0, 5.0],
    ...                      "economic_life": [5.0, 5.0], "price_factor": [1.0, 1.0]}, index=["broker", "lessor"])
    >>> base = {"purchase_price": 30000.0, "loan_years": 5.0, "rent0": 2.3, "opex_per_hour": 0.5}
    >>> out = archetype_breaks(arch, base, {"steep": (0.4, 0.7)})
    >>> out.set_index("archetype")["break_year"].tolist()
    [0.5, <NA>]
    """
    frame("archetypes", archetypes, ARCHETYPE_COLUMNS, numeric=ARCHETYPE_COLUMNS)
    for c in ARCHETYPE_COLUMNS[:-1]:  # the stress test's bounds, named after this table
        p = PARAMETERS[c]
        array(f"archetypes column {c!r}", archetypes[c].to_numpy(dtype=float), low=p.low, high=p.high, low_open=p.low_open, high_open=p.high_open)
    if archetypes.index.has_duplicates:
        raise ValueError(f"archetypes has a duplicated name {archetypes.index[archetypes.index.duplicated()][0]!r}")
    if not isinstance(base, dict) or not {"purchase_price", "loan_years", "rent0"} <= set(base):
        raise ValueError(f"base must be a dict with purchase_price, loan_years and rent0, got {base!r}")
    unknown = sorted(set(base) - set(PARAMETERS))
    if unknown:
        raise ValueError(f"base has unknown parameter(s) {unknown}")
    if not isinstance(shocks, dict) or not 1 <= len(shocks) <= 20:
        raise ValueError(f"shocks must be a dict of 1 to 20 named (rent_decline, utilisation) pairs, got {shocks!r}")
    factor = array("archetypes column 'price_factor'", archetypes["price_factor"].to_numpy(), low=0.0, high=1.0, low_open=True)
    price = number("purchase_price", base["purchase_price"], low=0, low_open=True)
    rows = []
    for name, pair in shocks.items():
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise ValueError(f"shocks[{name!r}] must be a (rent_decline, utilisation) pair, got {pair!r}")
        sc = pd.DataFrame([base] * len(archetypes), index=archetypes.index).assign(
            **archetypes.drop(columns="price_factor"), purchase_price=price * factor,
            rent_decline=pair[0], utilisation=pair[1], ltv_covenant=math.inf)
        out = stress_test(sc).summary
        rows.append(pd.DataFrame({"archetype": archetypes.index, "shock": name, "break_year": out["break_year"].array,
                                  "min_dscr": out["min_dscr"].to_numpy(), "origination_ltv": out["origination_ltv"].to_numpy()}))
    return pd.concat(rows, ignore_index=True)
