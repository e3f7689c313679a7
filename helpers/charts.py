"""The book's chart house style and an offline-safe Altair renderer.

Every chart in the book goes through :func:`finish`, which gives it a title, a
text description (for screen readers and for readers who cannot see the chart)
and a source line. :func:`setup` registers the house theme and a renderer that
emits, for each chart:

* ``text/html``: a ``<figure>`` with the chart, a visible source line with
  links, and a collapsible text description. The embedded script finds
  ``vegaEmbed`` already on the page (the book ships vega, vega-lite and
  vega-embed in ``_static/vega-bundle.js``, see ``book/_ext/offline_vega.py``), so
  the built site never asks a CDN for anything. In a plain notebook without the
  bundle it falls back to Altair's usual loader.
* ``application/vnd.vegalite.v6+json``: the spec itself, which JupyterLab draws
  with its own bundled renderer.

The palette is Okabe & Ito's colour-blind-safe set (Okabe, M. and Ito, K., 2008,
"Color Universal Design: How to make figures and presentations that are friendly
to colorblind people", https://jfly.uni-koeln.de/color/).
"""
from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Sequence
from typing import Any

import altair as alt
from altair.utils.html import spec_to_html

__all__ = ["PALETTE", "setup", "finish", "source_line", "slider", "house_theme"]

#: Okabe-Ito palette (black moved last; yellow kept for rare use).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
_MIME = f"application/vnd.vegalite.v{alt.SCHEMA_VERSION.lstrip('v').split('.')[0]}+json"
_EMBED_OPTIONS = {"actions": {"export": True, "source": False, "compiled": False, "editor": False}, "renderer": "svg"}


def house_theme() -> dict[str, Any]:
    """The Vega-Lite config of the house style: palette, sizes, fonts."""
    return {
        "config": {
            "view": {"continuousWidth": 560, "continuousHeight": 300, "stroke": None},
            "font": _FONT,
            "background": "white",
            "range": {"category": PALETTE, "ordinal": {"scheme": "blues"}},
            "title": {"fontSize": 16, "fontWeight": 600, "anchor": "start", "subtitleFontSize": 13, "subtitleColor": "#444"},
            "axis": {"labelFontSize": 12, "titleFontSize": 13, "titleFontWeight": 500, "gridColor": "#e6e6e6"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "direction": "horizontal", "columns": 2, "labelLimit": 300},
            "header": {"labelFontSize": 12, "titleFontSize": 13},
            "line": {"strokeWidth": 2.2},
            "point": {"size": 50, "filled": True},
            "text": {"fontSize": 12},
        }
    }


def _lines(text: str, width: int) -> str | list[str]:
    """Break a title into lines of at most ``width`` characters (Vega titles do not wrap by themselves)."""
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return lines[0] if len(lines) == 1 else lines


def _div_id(spec: dict[str, Any]) -> str:
    digest = hashlib.sha1(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()[:12]
    return f"vl-{digest}"


def _figure_html(spec: dict[str, Any]) -> str:
    meta = spec.get("usermeta", {}) or {}
    div = _div_id(spec)
    from altair.vegalite.v6.display import VEGA_VERSION, VEGAEMBED_VERSION, VEGALITE_VERSION

    chart_html = spec_to_html(
        spec,
        mode="vega-lite",
        vega_version=VEGA_VERSION,
        vegaembed_version=VEGAEMBED_VERSION,
        vegalite_version=VEGALITE_VERSION,
        output_div=div,
        embed_options=_EMBED_OPTIONS,
        fullhtml=False,
        requirejs=False,
        template="universal",
    )
    title = meta.get("title", "")
    desc = meta.get("description", "")
    sources = meta.get("sources", [])
    src_html = "; ".join(
        f'<a href="{html.escape(s["url"])}">{html.escape(s["label"])}</a>' if s.get("url") else html.escape(s["label"])
        for s in sources
    )
    note = meta.get("note", "")
    note_html = f' <span class="book-chart-note">{html.escape(note)}</span>' if note else ""
    return (
        f'<figure class="book-chart" aria-label="{html.escape(title)}" aria-describedby="{div}-desc">\n'
        f"{chart_html}\n"
        f'<figcaption class="book-chart-source">Source: {src_html}.{note_html}</figcaption>\n'
        f'<details class="book-chart-desc" id="{div}-desc"><summary>Text description of this chart</summary>'
        f"<p>{html.escape(desc)}</p></details>\n"
        f"</figure>"
    )


def _renderer(spec: dict[str, Any], **_: Any) -> dict[str, Any]:
    return {"text/html": _figure_html(spec), _MIME: spec}


def setup() -> None:
    """Register and enable the house theme and the book renderer (idempotent).

    Also makes numpy scalars print as plain numbers (``24.8``, not
    ``np.float64(24.8)``), so that numbers glued with myst-nb can be formatted in
    the text whatever type a computation returns.
    """
    import numpy as np

    np.set_printoptions(legacy="1.25")
    alt.theme.register("book", enable=True)(house_theme)
    alt.renderers.register("book", _renderer)
    alt.renderers.enable("book")


def source_line(*sources: str | tuple[str, str]) -> list[dict[str, str]]:
    """Normalise sources: plain labels or ``(label, url)`` pairs."""
    out = []
    for s in sources:
        if isinstance(s, tuple):
            label, url = s
            if not str(url).startswith(("http://", "https://", "data/", "../")):
                raise ValueError(f"source url must be http(s) or a data/ path, got {url!r}")
            out.append({"label": str(label), "url": str(url)})
        elif isinstance(s, str) and s.strip():
            out.append({"label": s})
        else:
            raise ValueError(f"source must be a non-empty label or a (label, url) pair, got {s!r}")
    return out


def finish(
    chart: alt.TopLevelMixin,
    *,
    title: str,
    description: str,
    sources: Sequence[str | tuple[str, str]],
    subtitle: str | None = None,
    note: str | None = None,
) -> alt.TopLevelMixin:
    """Give a chart the book's title, text description and source line.

    Parameters
    ----------
    chart : altair chart
        Any top-level Altair chart (single, layered, concatenated).
    title : str
        The chart's headline. Put units in axis titles, not here.
    description : str
        One to three sentences saying what the chart shows, for screen readers
        and as a text alternative shown under the chart.
    sources : sequence of str or (label, url)
        At least one source; each becomes a link in the source line.
    subtitle : str, optional
        A line under the title (for example the unit or the period).
    note : str, optional
        A short note appended to the source line (for example "Projections shaded.").

    Returns
    -------
    altair chart
        The same chart with title, description and ``usermeta`` set.

    Examples
    --------
    >>> import altair as alt, pandas as pd
    >>> c = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q")
    >>> c = finish(c, title="Two points", description="Two dots.", sources=[("BEA", "https://www.bea.gov")])
    >>> c.to_dict()["usermeta"]["sources"][0]["label"]
    'BEA'
    """
    for pname, value in (("title", title), ("description", description)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{pname} must be a non-empty string, got {value!r}")
    if isinstance(sources, (str, tuple)) or not sources:
        raise ValueError(f"sources must be a non-empty list of labels or (label, url) pairs, got {sources!r}")
    # Wrap long titles so the chart stays inside the page's text column.
    t = alt.TitleParams(text=_lines(title, 62), subtitle=_lines(subtitle, 80)) if subtitle else alt.TitleParams(text=_lines(title, 62))
    meta = {"title": title, "description": description, "sources": source_line(*sources)}
    if note:
        meta["note"] = note
    return chart.properties(title=t, description=description, usermeta=meta)


def slider(name: str, value: float, min: float, max: float, step: float, label: str) -> alt.Parameter:
    """A named Altair parameter bound to a range slider (works in static HTML).

    Parameters
    ----------
    name : str
        Parameter name used in Vega expressions (letters, digits, underscore).
    value, min, max, step : float
        Initial value and slider range. ``min < max`` and ``min <= value <= max``.
    label : str
        Text shown next to the slider, with units.
    """
    if not name.isidentifier():
        raise ValueError(f"name must be an identifier, got {name!r}")
    if not (min < max) or not (min <= value <= max) or step <= 0:
        raise ValueError(f"slider '{name}': need min < max, min <= value <= max and step > 0; got {min}, {value}, {max}, {step}")
    return alt.param(name=name, value=value, bind=alt.binding_range(min=min, max=max, step=step, name=label + " "))
