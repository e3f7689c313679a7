"""Valid calls of the OpenAI-economics and GPU-loan models (chapters 3 and 4) for ``tests/test_fuzz.py``.

Inputs are small and shaped like the chapters' calls: a two-scenario GPU-loan table with every
parameter column, two borrower archetypes from the frozen ``gpu_loan_archetypes`` dataset, the
fitted plan scenario against OpenAI's reported projections (``openai_projections``), a few hundred
Monte Carlo paths.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from fuzz_cases import Call
from helpers.data import load
from helpers.models.revenue import Assumptions

_LOAN = {"purchase_price": 33750.0, "advance_rate": 0.63, "interest_rate": 0.10, "loan_years": 5.0, "rent0": 2.35,
         "opex_per_hour": 0.45, "accounting_life": 6.0}


def _scenarios() -> pd.DataFrame:
    """Two scenarios with every column of ``gpuloan.PARAMETERS`` (so each one is fuzzed)."""
    return pd.DataFrame({**{k: [v, v] for k, v in _LOAN.items()}, "rent_decline": [0.1, 0.4], "utilisation": [0.9, 0.7],
                         "economic_life": [5.0, 4.0], "contracted_share": [0.5, 0.0], "contract_years": [2.0, 0.0],
                         "discount_rate": [0.1, 0.12], "ltv_covenant": [1.0, 1.2], "dscr_covenant": [1.0, 1.05]})


def _stress():
    from helpers.models.gpuloan import stress_test

    return stress_test(_scenarios())


def _archetypes() -> pd.DataFrame:
    from helpers.models.gpuloan_cases import ARCHETYPE_COLUMNS

    return load("gpu_loan_archetypes").set_index("archetype")[ARCHETYPE_COLUMNS].iloc[[0, 4]]


def _plan_table() -> pd.DataFrame:
    from helpers.models.revenue import project
    from helpers.models.revenue_scenarios import scenario

    return project(scenario("openai_plan_2025_09")).table


def _reported() -> pd.DataFrame:
    """OpenAI's 2025-09 plan figures, as chapter 3 compares them (one vintage, so no figure repeats)."""
    p = load("openai_projections")
    keep = (p["projector"] == "OpenAI") & (p["vintage"] == "2025-09") & p["metric"].isin(
        ["revenue_target", "revenue", "cash_burn", "cumulative_cash_burn_2025_2029"])
    return p[keep].reset_index(drop=True)


_YEARS = pd.Index([2024, 2025, 2026], name="year")

CALLS = {
    # --- gpuloan -------------------------------------------------------------------------------
    "gpuloan.annuity_payment": Call(lambda: dict(principal=100_000.0, rate=0.005, n_periods=360)),
    "gpuloan.amortisation_schedule": Call(lambda: dict(principal=21_262.5, annual_rate=0.10, years=5.0, periods_per_year=4)),
    "gpuloan.annual_decline_rate": Call(lambda: dict(start_price=4.70, end_price=1.70, years=2.29)),
    "gpuloan.scenario_grid": Call(lambda: dict(base=dict(_LOAN), rent_decline=np.array([0.0, 0.2, 0.4]),
                                               utilisation=[0.6, 0.9])),
    "gpuloan.stress_test": Call(lambda: dict(scenarios=_scenarios(), periods_per_year=4), skip={
        ("scenarios", "inf:ltv_covenant"): "an infinite ltv_covenant is documented as 'no value test' "
                                           "(archetype_breaks runs the cash test alone this way)",
    }),
    # --- gpuloan_cases -------------------------------------------------------------------------
    "gpuloan_cases.yearly_paths": Call(lambda: dict(result=_stress(), keep=["rent_decline", "utilisation"])),
    "gpuloan_cases.archetype_breaks": Call(lambda: dict(
        archetypes=_archetypes(), base=dict(_LOAN), shocks={"mild": (0.15, 0.85), "observed": (0.36, 0.70)})),
    # --- revenue -------------------------------------------------------------------------------
    "revenue.validate_assumptions": Call(lambda: dict(assumptions=Assumptions()),
                                         skip={("name", "typo"): "name is only the label used in error messages: any text is valid"}),
    "revenue.project": Call(lambda: dict(years=6, start_year=2025)),
    # --- revenue_montecarlo --------------------------------------------------------------------
    "revenue_montecarlo.monte_carlo": Call(lambda: dict(n_paths=300, years=10, seed=2025, chunk=128, threads=1), skip={
        ("seed", "huge"): "any non-negative int is a valid seed",
    }),
    # --- revenue_ratios ------------------------------------------------------------------------
    "revenue_ratios.net_margin": Call(lambda: dict(net_income=pd.Series([-5.0, -13.5, -9.0], index=_YEARS),
                                                   revenue=pd.Series([3.7, 13.1, 30.0], index=_YEARS))),
    "revenue_ratios.valuation_multiple": Call(lambda: dict(valuation=500.0,
                                                           revenue=pd.Series([3.7, 13.1, 30.0], index=_YEARS))),
    "revenue_ratios.yi_to_usd_billion": Call(lambda: dict(x=13.5)),
    # --- revenue_scenarios ---------------------------------------------------------------------
    "revenue_scenarios.scenario": Call(lambda: dict(name="base")),
    "revenue_scenarios.compare_scenarios": Call(lambda: dict(names=["bear", "bull"], years=4)),
    "revenue_scenarios.plan_comparison": Call(lambda: dict(table=_plan_table(), reported=_reported())),
}

EXEMPT = {
    "revenue_montecarlo.benchmark": "times itself (wall-clock seconds of a Monte Carlo run): not a model of data",
}
