"""Models: pure numerics, one module per model or concern (numpy, pandas, scipy, statsmodels only).

Each chapter's models, as listed in ``book/chapters.yml`` (key ``modules``):

========================  ======================================================
module                    what it models
========================  ======================================================
``bubble``                run-ups, drawdowns, Greenwood-Shleifer-You screens (ch 1)
``network``               the circular deal network and money loops (ch 2, 5)
``revenue``               OpenAI's revenue, costs and funding need (ch 3)
``gpuloan``               a GPU-backed loan under falling rents (ch 4)
``capex``                 revenue needed to justify capex (ch 6)
``financing``             the data-centre financing gap (ch 7)
``exposure``              who holds AI debt and what a default costs them (ch 8)
``power``                 electricity prices against data-centre load (ch 9)
``datastock``             when the stock of human text runs out (ch 10)
``diffusion``             Bass diffusion and adoption speed (ch 11)
``jcurve``                the productivity J-curve (ch 12)
``gdp``                   GDP trend, growth uplift scenarios (ch 13)
``competition``           token prices and the US premium (ch 14)
``flows``                 fund-flow rotation (ch 15)
``backtest``              dollar-cost averaging and mixes (ch 16)
``gauges``                the dashboard's three gauges (ch 17)
``forecasts``             scoring dated forecasts (forecast ledger)
========================  ======================================================

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
