"""helpers: the small package behind the AI-bubble research book.

Data flow one way: ``data/`` -> :mod:`helpers.data` (load + validate) -> a model
(pure function) -> a chart (:mod:`helpers.charts`) and glued numbers -> prose.
Modules are imported lazily by the notebooks (``from helpers import gdp``); the
names below are the public API re-exported for convenience.
"""
from . import charts, data, ledger, pages
from .charts import finish, setup
from .data import DataValidationError, load, load_dataset
from .ledger import claims_table

__all__ = ["charts", "data", "ledger", "pages", "finish", "setup", "DataValidationError", "load", "load_dataset", "claims_table"]
