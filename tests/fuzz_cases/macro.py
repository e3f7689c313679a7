"""Valid calls of the macro models: GDP compounding, trends, breaks, Acemoglu, the J-curves (chapters 12-13)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.data import load

from . import Call


def _annual(n: int = 30, start: int = 1990) -> pd.Series:
    """Positive levels on consecutive integer years: 2% trend plus a small deterministic wiggle."""
    t = np.arange(n)
    return pd.Series(100.0 * np.exp(0.02 * t + 0.01 * np.sin(1.7 * t)), index=pd.Index(start + t, name="year"))


def _quarterly(n: int = 12) -> pd.Series:
    t = np.arange(n)
    return pd.Series(15000.0 * np.exp(0.005 * t + 0.003 * np.cos(t)), index=pd.date_range("2015-01-01", periods=n, freq="QS"))


def _estimates() -> pd.DataFrame:
    """Rows shaped like data/ai_growth_estimates.csv, every bound given so a clean result has no NaN."""
    return pd.DataFrame({"estimate_id": ["a", "b", "c"],
                         "measure": ["tfp_level_pct", "labour_productivity_growth_pp", "gdp_level_pct"],
                         "horizon_years": [10.0, 10.0, 15.0], "low": [0.5, 1.0, 3.0], "central": [0.66, 1.5, 7.0],
                         "high": [0.8, 2.0, 10.0], "region": ["United States", "United States", "World"]})


_NULLABLE = "a missing bound is valid (published estimates give only some of low/central/high); its uplift stays NaN by design"

CALLS = {
    # gdp
    "gdp.level_paths": Call(lambda: dict(rates=[0.02, 0.021], horizon=10, base_level=100.0, start_year=2024)),
    "gdp.level_gap": Call(lambda: dict(baseline=0.02, alternative=0.021, horizons=[10, 25, 50], base_level=70000.0)),
    "gdp.doubling_time": Call(lambda: dict(rate=[0.02, 0.021])),
    "gdp.annualise": Call(lambda: dict(level_gain_pct=1.16, years=10)),
    # gdp_acemoglu
    "gdp_acemoglu.acemoglu_inputs": Call(lambda: dict(inputs=load("ai_growth_acemoglu_inputs"), hard_tasks=True)),
    "gdp_acemoglu.acemoglu_estimate": Call(lambda: dict(exposed_share=0.2, profitable_share=0.23, labor_cost_saving=0.27,
                                                        labor_share=0.535, capital_share=0.43, horizon_years=10,
                                                        easy_share=0.726, hard_labor_cost_saving=0.07)),
    "gdp_acemoglu.ai_uplift_table": Call(lambda: dict(estimates=_estimates(), capital_share=0.43),
                                         skip={("estimates", "nan:low"): _NULLABLE, ("estimates", "nan:central"): _NULLABLE,
                                               ("estimates", "nan:high"): _NULLABLE}),
    # gdp_break
    "gdp_break.sup_wald_null": Call(lambda: dict(n=30, lo=4, hi=26, reps=200, seed=1),
                                    skip={("seed", "huge"): "any non-negative integer is a valid generator seed"}),
    "gdp_break.break_test": Call(lambda: dict(s=_annual(30), trim=0.15, maxlags=2, reps=200, seed=0),
                                 skip={("seed", "huge"): "any non-negative integer is a valid generator seed"}),
    "gdp_break.break_test_table": Call(lambda: dict(cases={"any date": (_annual(30), None), "in 2005": (_annual(30), 2005)},
                                                    reps=200)),
    # gdp_series
    "gdp_series.levels": Call(lambda: dict(s=_annual(10), min_obs=8),
                              skip={("name", "typo"): "name is free text: the label put in error messages"}),
    "gdp_series.periods_per_year": Call(lambda: dict(s=_quarterly(8)),
                                        skip={("s", "nan-in"): "only the index (the calendar) is read; values are ignored",
                                              ("s", "inf-in"): "only the index (the calendar) is read; values are ignored"}),
    "gdp_series.annual_average": Call(lambda: dict(s=_quarterly(12))),
    # gdp_trend
    "gdp_trend.loglinear_trend": Call(lambda: dict(s=_annual(30), level=0.95, maxlags=2)),
    "gdp_trend.mean_growth": Call(lambda: dict(s=_annual(30), level=0.9, maxlags=2)),
    "gdp_trend.hp_trend": Call(lambda: dict(s=_annual(30), lamb=100.0)),
    "gdp_trend.uc_trend": Call(lambda: dict(s=_annual(16), level=0.95, maxiter=30)),
    # uc (about a second a window) is fuzzed through uc_trend; hp rows carry NaN ci_low/ci_high by design.
    "gdp_trend.trend_growth_table": Call(lambda: dict(s=_annual(30), windows={"all": (None, None), "late": (2005, None)},
                                                      level=0.95, methods=["loglinear", "mean", "hp"])),
    # jcurve
    "jcurve.surge_path": Call(lambda: dict(years=21, base_share=0.02, surge_size=0.02, ramp_years=5, start=2)),
    "jcurve.intangible_jcurve": Call(lambda: dict(
        inv_share=pd.Series(np.r_[[0.02] * 2, np.linspace(0.024, 0.04, 5), [0.04] * 5], index=pd.RangeIndex(12, name="year")),
        depreciation=0.2, capital_share=0.04, output_growth=0.01, true_tfp_growth=0.005, initial_stock=0.1)),
    "jcurve.explorer_grid": Call(lambda: dict(surge_sizes=[0.01, 0.02], ramp_years=[2, 5], depreciations=[0.2],
                                              capital_shares=[0.02, 0.04], years=10, base_share=0.02, start=2, decimals=3)),
    # jcurve_org
    "jcurve_org.org_jcurve": Call(lambda: dict(t=[0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0], dip_depth=0.05, break_even=4.0,
                                               long_run_gain=0.1, trough=1.5, gain_time=3.0),
                                  skip={("long_run_gain", "absurd"): "0 is valid and documented to give payback_year=inf "
                                        "(the dip is never repaid); other absurd gains are refused by the bounds [0, 100]"}),
}
