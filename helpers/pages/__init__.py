"""Book pages: what the reader meets besides charts, generated from data so it cannot drift.

The top layer. :mod:`helpers.pages.tables` (the one editorial table), :mod:`helpers.pages.ledger`
(claims tables, the ledger browser, verdict changes, forecast tables) and
:mod:`helpers.pages.catalogue` (the data catalogue and the methods appendix).
"""
from __future__ import annotations

from .ledger import badge, changes_html, claims_table, forecast_table, ledger_browser_html
from .tables import Column, fmt, table

__all__ = ["Column", "table", "fmt", "badge", "claims_table", "ledger_browser_html", "changes_html", "forecast_table"]
