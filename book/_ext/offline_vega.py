"""Sphinx extension: make the book work with no network.

1. Charts. Altair's HTML output would load vega, vega-lite and vega-embed from a
   CDN. At build start we write ``_static/vega-bundle.js`` from
   :func:`vl_convert.javascript_bundle` (the three libraries, bundled), wrapped in
   a function scope so its minified top-level names (``_`` among them) cannot
   clash with Sphinx's own scripts. Pages that contain a chart get, in ``<head>``:

   * a tiny inline script that sets ``window.VEGA_DEBUG`` to Altair's version
     strings (which makes Altair's loader skip the CDN) and a stand-in
     ``vegaEmbed`` that queues the charts' calls;
   * the bundle itself with ``defer``, so 880 KB of JavaScript never blocks the
     first paint. When it has run it hands the real ``vegaEmbed`` to the stand-in,
     which draws the queued charts (each call's promise resolves as before).
2. Bibliography. Each ``book/bib/*.bib`` file is added to ``bibtex_bibfiles``.
3. Data. Every CSV and YAML file of ``data/`` is copied to ``<html>/data/`` so the
   data catalogue's download links work on the published site.
4. Thebe. Jupyter Book 1 registers sphinx-thebe's inline config twice (a console
   error on every page); thebe is off, so its scripts are dropped.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

BUNDLE = "vega-bundle.js"
_STAMP = "/* offline_vega 2: vl-convert {vlc} vega-lite {vl} */\n"
# Runs in <head> before any chart: Altair's chart code then finds VEGA_DEBUG (no CDN) and calls this
# vegaEmbed, which queues until the deferred bundle calls __bookVegaReady with the real one.
_STUB = (
    "window.VEGA_DEBUG=Object.assign(window.VEGA_DEBUG||{{}},{debug});"
    "(function(){{var q=[];window.vegaEmbed=function(el,spec,opt){{return new Promise(function(ok,ko){{q.push([el,spec,opt,ok,ko]);}});}};"
    "window.__bookVegaReady=function(embed){{"
    # the actions menu's <summary> is an icon only: give it a name screen readers can say
    "var named=function(el,spec,opt){{return embed(el,spec,opt).then(function(r){{"
    "var n=typeof el==='string'?document.querySelector(el):el;"
    "if(n)n.querySelectorAll('details>summary').forEach(function(s){{s.setAttribute('aria-label','Chart menu: save as image or view the data');}});"
    "return r;}});}};"
    "window.vegaEmbed=named;q.splice(0).forEach(function(c){{named(c[0],c[1],c[2]).then(c[3],c[4]);}});}};}})();"
)


def _versions() -> dict[str, str]:
    from altair.vegalite.v6.display import VEGA_VERSION, VEGAEMBED_VERSION, VEGALITE_VERSION

    return {"vega_version": VEGA_VERSION, "vegalite_version": VEGALITE_VERSION, "vegaembed_version": VEGAEMBED_VERSION}


def _write_bundle(app) -> None:
    import vl_convert as vlc
    from altair.vegalite.v6.display import VEGALITE_VERSION

    static = Path(app.srcdir) / "_static"
    static.mkdir(exist_ok=True)
    target = static / BUNDLE
    vl_minor = ".".join(VEGALITE_VERSION.split(".")[:2])
    stamp = _STAMP.format(vlc=vlc.__version__, vl=VEGALITE_VERSION)
    if target.exists() and target.read_text(encoding="utf-8")[: len(stamp)] == stamp:
        return
    bundle = vlc.javascript_bundle(vl_version=vl_minor)
    debug = f"window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {{}}, {json.dumps(_versions())});\n"
    ready = "if (window.__bookVegaReady) window.__bookVegaReady(window.vegaEmbed);\n"
    target.write_text(stamp + "(function(){\n" + bundle + "\n})();\n" + debug + ready, encoding="utf-8")


def _script_key(js) -> tuple[str, str]:
    return (str(getattr(js, "filename", js)), str(getattr(js, "attributes", {}).get("body", "")))


def _page_context(app, pagename, templatename, context, doctree):
    from sphinx.builders.html._assets import _JavaScript

    body = context.get("body", "") or ""
    # Built here, not with app.add_js_file: that also registers the file globally, and
    # Sphinx then put the (undeferred) bundle on every page written after the first chart page.
    scripts = [js for js in context.get("script_files", []) if BUNDLE not in str(getattr(js, "filename", js) or "")]
    if 'class="book-chart' in body:  # the house renderer's <figure class="book-chart ...">
        stub = _STUB.format(debug=json.dumps(_versions(), sort_keys=True))
        scripts.append(_JavaScript("", priority=100, body=stub))
        scripts.append(_JavaScript(f"_static/{BUNDLE}", priority=100, defer="defer"))
    # Jupyter Book 1 registers sphinx-thebe's inline config twice, which throws
    # "THEBE_JS_URL has already been declared" on every page. Thebe (live kernels
    # from a CDN) is off in this book, so drop its scripts and any duplicates.
    seen, kept = set(), []
    for js in scripts:
        key = _script_key(js)
        if key in seen or "thebe" in key[0] or "THEBE_JS_URL" in key[1]:
            continue
        seen.add(key)
        kept.append(js)
    context["script_files"] = kept


def _copy_data(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    src = Path(app.srcdir).parent / "data"
    dst = Path(app.outdir) / "data"
    dst.mkdir(parents=True, exist_ok=True)
    for f in sorted(src.glob("*")):
        if f.suffix in {".csv", ".yml"}:
            shutil.copy2(f, dst / f.name)


def _add_bibfiles(app, config):
    """Every ``bib/*.bib`` joins ``references.bib``: a chapter brings its own bibliography file."""
    extra = sorted(f"bib/{p.name}" for p in (Path(app.srcdir) / "bib").glob("*.bib"))
    config.bibtex_bibfiles = list(dict.fromkeys(list(config.bibtex_bibfiles) + extra))


def setup(app):
    app.connect("config-inited", _add_bibfiles, priority=100)
    app.connect("builder-inited", _write_bundle)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _copy_data)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
