"""helpers: the small package behind the AI-bubble research book.

Data flow one way: ``data/`` -> :mod:`helpers.data` (load + validate) -> a model
(pure function) -> a chart (:mod:`helpers.charts`) and glued numbers -> prose.

One module per model or concern. Notebooks usually import a module
(``from helpers import gdp``); every public name is also available here
(``from helpers import loglinear_trend``), imported lazily on first use so that
``import helpers`` stays fast. Names listed in ``SHARED`` (defined by two modules,
or equal to a module's name) are reached through their module only, e.g.
``helpers.gpuloan.stress_test``. ``scripts/sync_exports.py`` writes the tables
below from each module's ``__all__``; a test checks they are current.
"""
from __future__ import annotations

import importlib

SHARED = ('STATUSES', 'StressResult', 'capex_intensity', 'doubling_time', 'ledger', 'stress_test')

MODULES = ('backtest', 'bubble', 'capex', 'charts', 'competition', 'data', 'datastock', 'diffusion', 'exposure', 'financing', 'flows', 'gauges', 'gdp', 'gpuloan', 'jcurve', 'ledger', 'network', 'pages', 'power', 'revenue')

#: Public name -> module that defines it.
EXPORTS = {
    # helpers.backtest
    "stock_total_returns": "backtest",
    "bond_returns_from_yields": "backtest",
    "price_returns": "backtest",
    "lump_sum_vs_dca": "backtest",
    "portfolio_returns": "backtest",
    "Metrics": "backtest",
    "metrics": "backtest",
    # helpers.bubble
    "GSY_CRASH_PROBABILITY": "bubble",
    "DrawdownEpisode": "bubble",
    "RunupTest": "bubble",
    "drawdown": "bubble",
    "max_drawdown_episode": "bubble",
    "trailing_return": "bubble",
    "gsy_runup_test": "bubble",
    "episode_path": "bubble",
    # helpers.capex
    "RevenueNeed": "capex",
    "capital_recovery_factor": "capex",
    "required_revenue": "capex",
    "sequoia_revenue_question": "capex",
    "capex_ratios": "capex",
    # helpers.charts
    "PALETTE": "charts",
    "setup": "charts",
    "finish": "charts",
    "source_line": "charts",
    "slider": "charts",
    "house_theme": "charts",
    # helpers.competition
    "blended_price": "competition",
    "price_ratio": "competition",
    "price_table": "competition",
    "required_revenue_simple": "competition",
    "tokens_needed": "competition",
    "price_cut_effect": "competition",
    "PriceCutEffect": "competition",
    # helpers.data
    "DataValidationError": "data",
    "Dataset": "data",
    "Source": "data",
    "load": "data",
    "load_dataset": "data",
    "list_datasets": "data",
    "catalogue": "data",
    "source_table": "data",
    # helpers.datastock
    "exhaustion_year": "datastock",
    "lognormal_from_interval": "datastock",
    "simulate_exhaustion": "datastock",
    "ExhaustionSimulation": "datastock",
    "trajectory": "datastock",
    # helpers.diffusion
    "BassFit": "diffusion",
    "bass_cdf": "diffusion",
    "bass_pdf": "diffusion",
    "time_to_share": "diffusion",
    "peak_time": "diffusion",
    "fit_bass": "diffusion",
    "first_crossing": "diffusion",
    # helpers.exposure
    "allocate_debt": "exposure",
    "default_losses": "exposure",
    "stress_grid": "exposure",
    # helpers.financing
    "MS_2025_CHANNELS": "financing",
    "FinancingGap": "financing",
    "financing_gap": "financing",
    "internal_funds": "financing",
    # helpers.flows
    "Standing": "flows",
    "standing": "flows",
    "standings": "flows",
    "destination_shares": "flows",
    "flow_to_assets": "flows",
    # helpers.gauges
    "GrowthFit": "gauges",
    "CapexThresholds": "gauges",
    "gauge_status": "gauges",
    "growth_rate": "gauges",
    "rate_from_doubling": "gauges",
    "average_level": "gauges",
    "required_user_growth": "gauges",
    "capex_thresholds": "gauges",
    # helpers.gdp
    "TrendFit": "gdp",
    "FilterTrend": "gdp",
    "BreakTest": "gdp",
    "AcemogluEstimate": "gdp",
    "ACEMOGLU_2024": "gdp",
    "periods_per_year": "gdp",
    "annual_average": "gdp",
    "loglinear_trend": "gdp",
    "mean_growth": "gdp",
    "hp_trend": "gdp",
    "uc_trend": "gdp",
    "break_test": "gdp",
    "trend_growth_table": "gdp",
    "level_paths": "gdp",
    "level_gap": "gdp",
    "annualise": "gdp",
    "acemoglu_estimate": "gdp",
    "ai_uplift_table": "gdp",
    # helpers.gpuloan
    "HOURS_PER_YEAR": "gpuloan",
    "PARAMETERS": "gpuloan",
    "annuity_payment": "gpuloan",
    "amortisation_schedule": "gpuloan",
    "scenario_grid": "gpuloan",
    # helpers.jcurve
    "IntangibleJCurve": "jcurve",
    "OrgJCurve": "jcurve",
    "surge_path": "jcurve",
    "intangible_jcurve": "jcurve",
    "explorer_grid": "jcurve",
    "org_jcurve": "jcurve",
    "org_jcurve_vega_expr": "jcurve",
    # helpers.ledger
    "ARTICLES": "ledger",
    "VERDICTS": "ledger",
    "VERDICT_COLORS": "ledger",
    "COLUMNS": "ledger",
    "claims_table": "ledger",
    "verdict_counts": "ledger",
    "verdict_scale": "ledger",
    # helpers.network
    "ROLES": "network",
    "ROLE_ORDER": "network",
    "BINDING": "network",
    "Cycle": "network",
    "RoundTrip": "network",
    "build_graph": "network",
    "money_cycles": "network",
    "round_trip_share": "network",
    "totals_by_status": "network",
    "split_binding": "network",
    "role_layout": "network",
    "edge_segments": "network",
    "engine_failure": "network",
    # helpers.pages
    "catalogue_html": "pages",
    "ledger_browser_html": "pages",
    # helpers.power
    "real_change_pct": "power",
    "price_change": "power",
    "cross_state_regression": "power",
    "PriceRegression": "power",
    "leave_one_out": "power",
    # helpers.revenue
    "Assumptions": "revenue",
    "Projection": "revenue",
    "MonteCarloResult": "revenue",
    "SCENARIOS": "revenue",
    "MC_RANGES": "revenue",
    "project": "revenue",
    "scenario": "revenue",
    "compare_scenarios": "revenue",
    "monte_carlo": "revenue",
    "benchmark": "revenue",
    "net_margin": "revenue",
    "valuation_multiple": "revenue",
    "yi_to_usd_billion": "revenue",
    "explorer_frame": "revenue",
    "explorer_chart": "revenue",
}

__all__ = sorted(set(MODULES) | set(EXPORTS))


def __getattr__(name: str):
    if name in MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in EXPORTS:
        value = getattr(importlib.import_module(f"{__name__}.{EXPORTS[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")


def __dir__():
    return __all__
