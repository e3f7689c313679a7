"""Sphinx extension: make the book work with no network.

1. Charts. Altair's HTML output would load vega, vega-lite and vega-embed from a
   CDN. At build start we write ``_static/vega-bundle.js`` from
   :func:`vl_convert.javascript_bundle` (the three libraries, bundled), wrapped in
   a function scope so its minified top-level names (``_`` among them) cannot
   clash with Sphinx's own scripts, and followed by ``window.VEGA_DEBUG`` holding
   Altair's version strings, which makes Altair's loader skip the CDN. The bundle
   is added only to pages that contain a chart, in ``<head>`` and without
   ``defer`` so it is ready before the inline chart scripts run.
2. Bibliography. Each ``book/bib/*.bib`` file is added to ``bibtex_bibfiles``.
3. Data. Every CSV and YAML file of ``data/`` is copied to ``<html>/data/`` so the
   data catalogue's download links work on the published site.
"""
from __future__ import annotations

import shutil
from pathlib import Path

BUNDLE = "vega-bundle.js"
_STAMP = "/* offline_vega: vl-convert {vlc} vega-lite {vl} */\n"


def _write_bundle(app) -> None:
    import vl_convert as vlc
    from altair.vegalite.v6.display import VEGA_VERSION, VEGAEMBED_VERSION, VEGALITE_VERSION

    static = Path(app.srcdir) / "_static"
    static.mkdir(exist_ok=True)
    target = static / BUNDLE
    vl_minor = ".".join(VEGALITE_VERSION.split(".")[:2])
    stamp = _STAMP.format(vlc=vlc.__version__, vl=VEGALITE_VERSION)
    if target.exists() and target.read_text(encoding="utf-8")[: len(stamp)] == stamp:
        return
    bundle = vlc.javascript_bundle(vl_version=vl_minor)
    debug = (
        "window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {}, "
        f'{{"vega_version": "{VEGA_VERSION}", "vegalite_version": "{VEGALITE_VERSION}", '
        f'"vegaembed_version": "{VEGAEMBED_VERSION}"}});\n'
    )
    target.write_text(stamp + "(function(){\n" + bundle + "\n})();\n" + debug, encoding="utf-8")


def _script_key(js) -> tuple[str, str]:
    return (str(getattr(js, "filename", js)), str(getattr(js, "attributes", {}).get("body", "")))


def _page_context(app, pagename, templatename, context, doctree):
    body = context.get("body", "") or ""
    if "VEGA_DEBUG" in body:
        app.add_js_file(BUNDLE, priority=100)
    # Jupyter Book 1 registers sphinx-thebe's inline config twice, which throws
    # "THEBE_JS_URL has already been declared" on every page. Thebe (live kernels
    # from a CDN) is off in this book, so drop its scripts and any duplicates.
    seen, kept = set(), []
    for js in context.get("script_files", []):
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
