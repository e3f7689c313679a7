"""Named scenarios for the OpenAI engine model, and how well a scenario matches a reported plan.

The scenarios are our calibrations, not data. ``openai_plan_2025_09`` was fitted (least squares,
then rounded) to the projections OpenAI showed investors as reported in September-November 2025
(``data/openai_projections.csv``: revenue of 13, 30, about 60 and about 99 USD billion in
2025-2028 and 200 in 2030; cash burn of 8.5, 17, 35 and 45 in 2025-2028, 115 through 2029; first
positive year 2030). Comparing it with those figures is therefore a check of the fit, not a test;
the held-out checks are later vintages and realised figures (see :func:`plan_comparison`).
``bear``, ``base`` and ``bull`` are our own assumptions: the same contracted compute ramp (trimmed
in the bear case) with slower or faster monetisation.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from types import MappingProxyType

import pandas as pd

from .._validate import InputTypeError, choice, frame, integer
from .revenue import Assumptions, project

__all__ = ["SCENARIOS", "scenario", "compare_scenarios", "plan_comparison"]

_PLAN = Assumptions(
    wau0=650.0, wau_cap=3000.0, wau_speed=0.50, pay_share0=0.035, pay_share_max=0.10,
    pay_share_speed=0.30, price=22.0, price_growth=0.04, biz0=7.0, biz_growth0=0.85,
    biz_growth_long=0.22, biz_growth_decay=0.70, ads_arpu=6.0, ads_start=1.0,
    inference_ratio0=0.52, inference_decline=0.17, inference_floor=0.25,
    partner_share0=0.20, partner_share_end=0.08, partner_years=5.0,
    training0=7.6, training_cap=110.0, training_speed=1.3, training_drift=0.0,
    opex0=4.5, opex_growth=0.32,
)

#: The named scenarios (read-only). ``Assumptions()`` equals ``SCENARIOS["base"]``.
SCENARIOS = MappingProxyType({
    "openai_plan_2025_09": _PLAN,
    "bull": replace(_PLAN, pay_share_max=0.12, biz_growth0=0.95, biz_growth_long=0.25, ads_arpu=10.0,
                    inference_decline=0.20),
    "base": replace(_PLAN, wau_cap=2500.0, pay_share_max=0.08, biz_growth0=0.80, biz_growth_long=0.18,
                    ads_arpu=6.0, inference_decline=0.12),
    "bear": replace(_PLAN, wau_cap=1800.0, wau_speed=0.40, pay_share_max=0.045, price_growth=0.0,
                    biz_growth0=0.60, biz_growth_long=0.08, biz_growth_decay=0.65, ads_arpu=2.0,
                    ads_start=2.0, inference_decline=0.06, inference_floor=0.30,
                    training_cap=50.0, training_drift=-0.02),
})


def scenario(name: str) -> Assumptions:
    """The :class:`~helpers.models.revenue.Assumptions` of a named scenario.

    Parameters
    ----------
    name : str
        One of :data:`SCENARIOS`.

    Returns
    -------
    Assumptions

    Examples
    --------
    >>> scenario("base").partner_share0
    0.2
    >>> scenario("optimistic")
    Traceback (most recent call last):
    ...
    ValueError: name must be one of ['base', 'bear', 'bull', 'openai_plan_2025_09'], got 'optimistic'
    """
    return SCENARIOS[choice("name", name, sorted(SCENARIOS))]


def compare_scenarios(names: Sequence[str] = ("bear", "base", "bull", "openai_plan_2025_09"), years: int = 10) -> pd.DataFrame:
    """Revenue and cash flow of several scenarios in one tidy frame.

    Parameters
    ----------
    names : sequence of str
        Scenario names (non-empty, each in :data:`SCENARIOS`).
    years : int
        Horizon including 2025 (1-50).

    Returns
    -------
    pandas.DataFrame
        Columns ``scenario, year, revenue, costs, cash_flow, cumulative`` (USD billions).

    Examples
    --------
    >>> df = compare_scenarios(["bear", "bull"], years=3)
    >>> sorted(df["scenario"].unique()), len(df)
    (['bear', 'bull'], 6)
    """
    if isinstance(names, (str, bytes)) or not isinstance(names, Sequence):
        raise InputTypeError(f"names must be a list of scenario names, got {names!r}")
    if len(names) == 0:
        raise ValueError("names must name at least one scenario, got []")
    years = integer("years", years, low=1, high=50)
    frames = []
    for n in names:
        tab = project(scenario(n), years=years).table
        frames.append(tab[["revenue", "costs", "cash_flow", "cumulative"]].reset_index().assign(scenario=n))
    return pd.concat(frames, ignore_index=True)[["scenario", "year", "revenue", "costs", "cash_flow", "cumulative"]]


#: Which model quantity answers each plan metric: (column or sum, sign).
_METRIC_MAP = {"revenue": ("revenue", 1.0), "revenue_target": ("revenue", 1.0), "cash_burn": ("cash_flow", -1.0)}


def plan_comparison(table: pd.DataFrame, reported: pd.DataFrame) -> pd.DataFrame:
    """Model figures beside reported ones, with the relative gap.

    Parameters
    ----------
    table : pandas.DataFrame
        A :class:`~helpers.models.revenue.Projection` table (indexed by year).
    reported : pandas.DataFrame
        Rows with columns ``metric`` (``revenue``, ``revenue_target``, ``cash_burn`` or
        ``cumulative_cash_burn_2025_2029``), ``year``, ``value`` (USD billions), and any others
        (kept). Rows for years outside the projection raise.

    Returns
    -------
    pandas.DataFrame
        ``reported`` with ``model`` (USD billions) and ``gap`` (model / reported - 1) added.

    Examples
    --------
    >>> t = project(years=3).table
    >>> r = pd.DataFrame({"metric": ["revenue"], "year": [2025], "value": [13.0]})
    >>> round(float(plan_comparison(t, r)["gap"].iloc[0]), 3)
    0.0
    """
    if not isinstance(table, pd.DataFrame):
        frame("table", table)
    used = ["revenue", "cash_flow"]  # every number must be finite; only these two may not be NaN
    num = list(dict.fromkeys([*used, *table.select_dtypes("number").columns]))
    frame("table", table, used, numeric=num, nullable=[c for c in num if c not in used])
    if table.index.has_duplicates:
        raise ValueError(f"table has a duplicated year {table.index[table.index.duplicated()].tolist()[0]!r}")
    frame("reported", reported, ["metric", "year", "value"], numeric=["year", "value"])
    frame("reported", reported, key=list(reported.columns))  # the same figure twice is a data error
    if (reported["value"] == 0).any():
        raise ValueError("reported column 'value' must not be 0 (the gap divides by it)")
    model = []
    for metric, year in zip(reported["metric"], reported["year"]):
        if metric == "cumulative_cash_burn_2025_2029":
            span = table.loc[2025:int(year), "cash_flow"]
            if len(span) != int(year) - 2024:
                raise ValueError(f"reported asks for years up to {year}, beyond the projection ({table.index.max()})")
            model.append(-float(span.sum()))
            continue
        col, sign = _METRIC_MAP[choice("reported['metric']", metric, list(_METRIC_MAP) + ["cumulative_cash_burn_2025_2029"])]
        if int(year) not in table.index:
            raise ValueError(f"reported['year'] {year} is outside the projection ({table.index.min()}-{table.index.max()})")
        model.append(sign * float(table.loc[int(year), col]))
    out = reported.copy()
    out["model"] = model
    out["gap"] = out["model"] / out["value"].astype(float) - 1.0
    return out
