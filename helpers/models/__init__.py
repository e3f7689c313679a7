"""Models: pure numerics, one module per model or concern (numpy, pandas, scipy, statsmodels only).

Each chapter's models, as listed in ``book/chapters.yml`` (key ``modules``); a test checks the two agree:

==========================  ===========================================================
module                      what it models (chapter)
==========================  ===========================================================
``bubble``                  run-ups, drawdowns, Greenwood-Shleifer-You screens (1)
``network``                 the circular deal network and money loops (2)
``network_contagion``       exposure to OpenAI and what its failure costs suppliers (5)
``revenue``                 OpenAI's revenue, costs and cash flow, driver by driver (3)
``revenue_scenarios``       named scenarios and how well one matches a plan (3)
``revenue_montecarlo``      Monte Carlo over the drivers: when cash flow turns positive (3)
``revenue_ratios``          the small ratios the articles quote (3)
``gpuloan``                 a GPU-backed loan under falling rents (4)
``gpuloan_cases``           yearly summaries and borrower archetypes (4)
``capex``                   revenue needed to justify capex; the capital-recovery factor (6, 14, 17)
``financing``               the data-centre financing gap (7)
``exposure``                who holds AI debt and what a default costs them (8)
``power``                   electricity prices, data-centre load, capacity costs (9)
``datastock``               when the stock of human text runs out (10)
``diffusion``               Bass diffusion and adoption speed (11)
``jcurve``                  the intangible-capital productivity J-curve (12)
``jcurve_org``              a firm's organisational J-curve (12)
``gdp``                     compounding: level paths, gaps, doubling time (13)
``gdp_series``              checks and calendars of GDP-per-person series (13)
``gdp_trend``               trend growth: log-linear, HP, unobserved components (13)
``gdp_break``               a test for a break in trend growth (13)
``gdp_acemoglu``            Acemoglu's estimate recomputed; growth-uplift scenarios (13)
``competition``             token prices and the US premium (14)
``flows``                   how unusual a week of fund flows was (15)
``backtest``                dollar-cost averaging and mixes (16)
``gauges``                  the dashboard's status labels and the engine and fuel gauges (17)
``gauges_gears``            the gears gauge: capex per dollar of cloud revenue (17)
``gauges_summary``          each gauge's headline reading, for the landing page (17)
``forecasts``               scoring resolved forecasts: Brier score, coverage (forecast ledger)
==========================  ===========================================================

Modules load on first use: ``from helpers.models import gdp`` imports only ``gdp``.
"""
from __future__ import annotations

import importlib
import pkgutil

MODULES = tuple(sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")))
__all__ = list(MODULES)


def __getattr__(name: str):
    if name in MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'helpers.models' has no attribute {name!r}")


def __dir__():
    return __all__
