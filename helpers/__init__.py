"""helpers: the small package behind the AI-bubble research book.

Four layers, imported one way only (a lower layer never imports a higher one; a test checks):

1. :mod:`helpers.data`: data in. Load a dataset checked against its contract, look a value up
   (exactly one row, or an error naming the dataset and keys), the fact-check and forecast ledgers.
2. :mod:`helpers.models`: pure numerics on numpy, pandas, scipy and statsmodels; one module per model,
   never Altair, IPython or HTML.
3. :mod:`helpers.charts`: the house theme, the offline renderer, and chart generators built from models.
4. :mod:`helpers.pages`: what the reader meets besides charts: editorial tables, ledgers, appendices.

Beside them, :mod:`helpers.paths` (where things live) and :mod:`helpers._validate` (the input checks
every public function uses). Notebooks import what they use from its module, e.g.
``from helpers.models.gdp_trend import loglinear_trend``; the layers load lazily, so ``import helpers``
costs nothing.
"""
from __future__ import annotations

import importlib

LAYERS = ("data", "models", "charts", "pages")
__all__ = list(LAYERS) + ["paths"]


def __getattr__(name: str):
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")


def __dir__():
    return __all__
