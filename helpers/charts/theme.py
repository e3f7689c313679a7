"""The house theme: one palette and one set of sizes for every chart, light or dark.

The palette is Okabe & Ito's colour-blind-safe set (Okabe, M. and Ito, K., 2008, "Color
Universal Design: How to make figures and presentations that are friendly to colorblind
people", https://jfly.uni-koeln.de/color/), with black replaced by a mid grey so that the
eighth colour stays visible on the dark page too.

Charts have a transparent background and no colours baked into text, axes or grid beyond the
light-mode defaults; the page's stylesheet (``book/_static/book.css``) re-colours text, axes,
grid and tooltips when the site is dark (its light/dark switch, or the reader's OS preference),
so one spec serves both modes.
"""
from __future__ import annotations

from typing import Any

__all__ = ["PALETTE", "VERDICT_COLORS", "STATUS_COLORS", "house_theme"]

#: Okabe-Ito palette, black replaced by grey (readable on light and dark pages).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#999999"]
#: One colour per ledger verdict, used by every ledger chart and badge.
VERDICT_COLORS = {
    "confirmed": "#009E73",
    "confirmed_with_caveat": "#56B4E9",
    "wrong_unit_or_magnitude": "#E69F00",
    "outdated": "#F0E442",
    "misattributed": "#CC79A7",
    "contradicted": "#D55E00",
    "not_yet_testable": "#999999",
    "unverifiable": "#6b6b6b",
}
#: One colour per forecast status.
STATUS_COLORS = {
    "hit": "#009E73",
    "on_track": "#56B4E9",
    "pending": "#999999",
    "off_track": "#E69F00",
    "missed": "#D55E00",
}
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def house_theme() -> dict[str, Any]:
    """The Vega-Lite config of the house style: palette, sizes, fonts, transparent background."""
    return {
        "config": {
            "view": {"continuousWidth": 560, "continuousHeight": 300, "stroke": None},
            "font": _FONT,
            "background": None,
            "range": {"category": PALETTE, "ordinal": {"scheme": "blues"}},
            "title": {"fontSize": 15, "fontWeight": 600, "anchor": "start", "subtitleFontSize": 12, "subtitleColor": "#555"},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": 500, "gridColor": "#e6e6e6",
                     "labelOverlap": "greedy", "labelFlush": True},
            "axisX": {"labelAngle": 0},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "direction": "horizontal",
                       "columns": 2, "labelLimit": 260, "titleLimit": 320},
            "header": {"labelFontSize": 12, "titleFontSize": 12},
            "line": {"strokeWidth": 2.2},
            "point": {"size": 50, "filled": True},
            "text": {"fontSize": 12},
        }
    }
