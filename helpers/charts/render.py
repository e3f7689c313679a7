"""How a chart reaches the reader: the book renderer, :func:`finish` and :func:`slider`.

Every chart in the book goes through :func:`finish`, which gives it a title that states the
finding, a subtitle that says what is plotted, a text description (for screen readers and for
readers who cannot see the chart) and a source line. :func:`setup` registers the house theme
and a renderer that emits, for each chart:

* ``text/html``: a ``<figure>`` whose title and subtitle are HTML (so they wrap at any width and
  follow the page's light or dark mode), the chart, a visible source line with links, and a
  collapsible text description. Single and layered charts fill the column's width; wider
  compositions scale down to fit. The embed script waits for ``vegaEmbed``, which the book ships
  in ``_static/vega-bundle.js`` (see ``book/_ext/offline_vega.py``), so the built site never asks
  a CDN for anything.
* ``application/vnd.vegalite.v6+json``: the spec itself, title included, which JupyterLab draws
  with its own bundled renderer.
"""
from __future__ import annotations

import copy
import hashlib
import html
import json
from collections.abc import Sequence
from typing import Any

import altair as alt

from .theme import house_theme

__all__ = ["setup", "finish", "source_line", "slider"]

_MIME = f"application/vnd.vegalite.v{alt.SCHEMA_VERSION.lstrip('v').split('.')[0]}+json"
_EMBED_OPTIONS = {"actions": {"export": True, "source": False, "compiled": False, "editor": False}, "renderer": "svg"}
_COMPOSED = ("hconcat", "vconcat", "concat", "facet", "repeat")


def _div_id(spec: dict[str, Any]) -> str:
    digest = hashlib.sha1(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()[:12]
    return f"vl-{digest}"


def _embed_script(div: str, spec: dict[str, Any]) -> str:
    """Draw ``spec`` into ``#div`` once vegaEmbed is available.

    The chart bundle loads deferred (text paints first), so the script draws at once if the bundle
    is there and otherwise checks every 50 ms for up to a minute; it needs no CDN and no loader.
    """
    payload = json.dumps(spec, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    opts = json.dumps(_EMBED_OPTIONS, sort_keys=True)
    return (
        "<script>(function(){"
        f"var spec={payload},opts={opts};"
        "function draw(){vegaEmbed('#" + div + "',spec,opts).catch(function(e){"
        "document.getElementById('" + div + "').textContent='This chart could not be drawn: '+e;});}"
        "if(window.vegaEmbed){draw();}else{var n=0,t=setInterval(function(){"
        "if(window.vegaEmbed){clearInterval(t);draw();}else if(++n>1200){clearInterval(t);}},50);}"
        "})();</script>"
    )


def _figure_html(spec: dict[str, Any]) -> str:
    meta = spec.get("usermeta", {}) or {}
    page_spec = copy.deepcopy(spec)
    page_spec.pop("title", None)  # the title and subtitle are HTML on the page
    div = _div_id(page_spec)
    responsive = not any(k in page_spec for k in _COMPOSED)
    title = meta.get("title", "")
    subtitle = meta.get("subtitle", "")
    desc = meta.get("description", "")
    sources = meta.get("sources", [])
    src_html = "; ".join(
        f'<a href="{html.escape(s["url"])}">{html.escape(s["label"])}</a>' if s.get("url") else html.escape(s["label"])
        for s in sources
    )
    note = meta.get("note", "")
    note_html = f' <span class="book-chart-note">{html.escape(note)}</span>' if note else ""
    sub_html = f'<p class="book-chart-subtitle">{html.escape(subtitle)}</p>' if subtitle else ""
    return (
        f'<figure class="book-chart{" book-chart-fit" if responsive else " book-chart-scaled"}" '
        f'aria-labelledby="{div}-title" aria-describedby="{div}-desc">\n'
        f'<p class="book-chart-title" id="{div}-title">{html.escape(title)}</p>{sub_html}\n'
        f'<div class="book-chart-body" id="{div}"></div>\n'
        f"{_embed_script(div, page_spec)}\n"
        f'<figcaption class="book-chart-source">Source: {src_html}.{note_html}</figcaption>\n'
        f'<details class="book-chart-desc" id="{div}-desc"><summary>Describe this chart in words</summary>'
        f"<p>{html.escape(desc)}</p></details>\n"
        f"</figure>"
    )


def _renderer(spec: dict[str, Any], **_: Any) -> dict[str, Any]:
    return {"text/html": _figure_html(spec), _MIME: spec}


def setup() -> None:
    """The one set-up call of a chapter: house theme, book renderer, and plain printing of numpy scalars.

    Registers and enables the house theme and the renderer (idempotent). It also makes numpy
    scalars print as plain numbers (``24.8``, not ``np.float64(24.8)``): myst-nb formats a glued
    value from its printed form, so without this a number glued straight from a computation
    would not format in the text.
    """
    import numpy as np

    np.set_printoptions(legacy="1.25")
    alt.theme.register("book", enable=True)(house_theme)
    alt.renderers.register("book", _renderer)
    alt.renderers.enable("book")


def source_line(*sources: str | tuple[str, str]) -> list[dict[str, str]]:
    """Normalise sources: plain labels or ``(label, url)`` pairs.

    Examples
    --------
    >>> source_line(("BEA", "https://www.bea.gov"))
    [{'label': 'BEA', 'url': 'https://www.bea.gov'}]
    """
    out = []
    for s in sources:
        if isinstance(s, tuple):
            if len(s) != 2:
                raise ValueError(f"sources: a source pair must be (label, url), got {s!r}")
            label, url = s
            if not str(url).startswith(("http://", "https://", "data/", "../")):
                raise ValueError(f"sources: url must be http(s) or a data/ path, got {url!r}")
            out.append({"label": str(label), "url": str(url)})
        elif isinstance(s, str) and s.strip():
            out.append({"label": s})
        else:
            raise ValueError(f"sources: each must be a non-empty label or a (label, url) pair, got {s!r}")
    return out


def finish(
    chart: alt.TopLevelMixin,
    *,
    title: str,
    subtitle: str,
    description: str,
    sources: Sequence[str | tuple[str, str]],
    note: str | None = None,
) -> alt.TopLevelMixin:
    """Give a chart the book's title, subtitle, text description and source line.

    Parameters
    ----------
    chart : altair chart
        Any top-level Altair chart (single, layered, concatenated). A single or layered chart
        without an explicit width is made to fill the column (``width="container"``).
    title : str
        The finding, as a sentence ("Capex outran cash flow in 2026"), built from computed values
        where it quotes a number.
    subtitle : str
        What is plotted, with units and period ("Capital spending, USD billions, 2019-2026").
    description : str
        One to three sentences for screen readers and as the text alternative under the chart,
        built from computed values.
    sources : sequence of str or (label, url)
        At least one source; each becomes a link in the source line.
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
    >>> c = finish(c, title="Two points rise", subtitle="x, units", description="Two dots.",
    ...            sources=[("BEA", "https://www.bea.gov")])
    >>> c.to_dict()["usermeta"]["sources"][0]["label"], c.to_dict()["width"]
    ('BEA', 'container')
    """
    for pname, value in (("title", title), ("subtitle", subtitle), ("description", description)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{pname} must be a non-empty string, got {value!r}")
    if isinstance(sources, (str, tuple)) or not sources:
        raise ValueError(f"sources must be a non-empty list of labels or (label, url) pairs, got {sources!r}")
    meta = {"title": title, "subtitle": subtitle, "description": description, "sources": source_line(*sources)}
    if note:
        meta["note"] = note
    out = chart.properties(title=alt.TitleParams(text=title, subtitle=subtitle), description=description, usermeta=meta)
    if isinstance(out, (alt.Chart, alt.LayerChart)):
        spec = out.to_dict(validate=False)
        if "width" not in spec:  # fill the column: the width follows the container, padding included
            out = out.properties(width="container", autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    return out


def slider(name: str, value: float, min: float, max: float, step: float, label: str) -> alt.Parameter:
    """A named Altair parameter bound to a range slider (works in static HTML).

    Parameters
    ----------
    name : str
        Parameter name used in Vega expressions (letters, digits, underscore).
    value, min, max, step : float
        Initial value and slider range. ``min < max`` and ``min <= value <= max``.
    label : str
        Text shown next to the slider, in plain words with units.
    """
    from .._validate import number

    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"name must be an identifier, got {name!r}")
    vals = {k: number(k, v) for k, v in (("value", value), ("min", min), ("max", max), ("step", step))}
    if not (vals["min"] < vals["max"]) or not (vals["min"] <= vals["value"] <= vals["max"]) or vals["step"] <= 0:
        raise ValueError(f"slider '{name}': need min < max, min <= value <= max and step > 0; got {min}, {value}, {max}, {step}")
    if not isinstance(label, str) or not label.strip() or "_" in label:
        raise ValueError(f"label must be plain words with units (no snake_case), got {label!r}")
    return alt.param(name=name, value=value, bind=alt.binding_range(min=min, max=max, step=step, name=label + " "))
