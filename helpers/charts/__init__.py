"""Charts: the house theme, the offline renderer, and the generators that turn models into charts.

The presentation layer. It may import :mod:`helpers.models` and :mod:`helpers.data`; neither
imports it. Submodules:

* :mod:`helpers.charts.theme`: palette, verdict and status colours, the Vega-Lite config;
* :mod:`helpers.charts.render`: :func:`finish` (title, subtitle, description, sources), the
  renderer, :func:`slider`;
* :mod:`helpers.charts.vega`: Vega expression generators for model sliders in the static page,
  each tested by evaluating the expression against the Python model;
* :mod:`helpers.charts.ledger`: the verdict and forecast charts.
"""
from __future__ import annotations

from .render import finish, setup, slider, source_line
from .theme import PALETTE, STATUS_COLORS, VERDICT_COLORS, house_theme

__all__ = ["PALETTE", "VERDICT_COLORS", "STATUS_COLORS", "setup", "finish", "source_line", "slider", "house_theme"]
