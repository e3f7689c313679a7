"""Sphinx extension: keep each page's scripts to what it uses.

1. MathJax only on pages with maths. Sphinx decides "this page has equations" by looking at the
   page *and every page in its toctree*, so the landing page (whose toctree holds every chapter)
   loaded MathJax (1.1 MB) although it has no formula. Here a page keeps MathJax only if its own
   HTML body holds maths (``class="math``) or TeX delimiters.
2. Icons without the 1.5 MB Font Awesome script. pydata-sphinx-theme loads
   ``_static/scripts/fontawesome.js`` (every Font Awesome 6 free icon, ~1.5 MB) on every page to
   turn ``<i class="fa-solid fa-bars">`` into inline SVG. After the build this extension finds
   the icon classes actually used (in every page and in the theme's own scripts, which create a
   few icons at run time) and overwrites that file in the output with a small script (~10 KB)
   that does the same for those icons only: the same ``<svg class="svg-inline--fa ...">``
   markup, with the paths taken from the theme's own copy of Font Awesome (MIT / CC BY 4.0,
   license comment kept). If a page uses an icon the theme's copy does not define, the build
   warns (an error under ``-W``). The theme's stylesheet also carries Font Awesome's webfont
   rules (``.fa-bars:before{content:"\\f0c9"}`` for ~1,900 icons, 86 KB, and ``@font-face`` rules
   for fonts the theme does not ship); they are removed from the output copy.
3. Optional assets only where they are used. Jupyter Book loads sphinx-design's stylesheet
   (55 KB), the copy-button and toggle-button scripts and sphinx-thebe's stylesheet on every page;
   a page keeps each only if its body uses it (``sd-`` classes, highlighted code, toggles; thebe
   is off in this book).
4. Search scripts only where they are used. pydata-sphinx-theme 0.17 puts ``searchtools.js``,
   ``language_data.js`` and ``searchindex.js`` (200 KB and growing with the book) on every page
   for its search-as-you-type option, which this book leaves off: the search box sends the
   reader to ``search.html``, which loads them itself. They are removed from the other pages.

Output files are rewritten only when their bytes change (the publish step hard-links unchanged
files).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

FA_FILE = Path("_static") / "scripts" / "fontawesome.js"
# One icon in Font Awesome's minified table: name:[width,height,[aliases],"unicode","path" or [paths]]
# (the minifier drops the quotes around names that are plain identifiers, e.g. bars:[...]).
_ICON = re.compile(
    r'(?:"([a-z0-9-]+)"|\b([a-z][a-z0-9]*)):\[(\d+),(\d+),\[([^\]]*)\],"([0-9a-f]*)",'
    r'("(?:[^"\\]|\\.)*"|\[(?:"(?:[^"\\]|\\.)*",?)*\])\]'
)
_STYLE_MARK = re.compile(r'\("(fas|far|fab)",')
_STYLES = {"fas": "solid", "far": "regular", "fab": "brands"}
_PREFIX_CLASSES = {
    "fa-solid": "solid", "fas": "solid", "fa-regular": "regular", "far": "regular",
    "fa-brands": "brands", "fab": "brands",
}
_CLASS_ATTR = re.compile(r'class="([^"]*)"')
_FA_NAME = re.compile(r"\bfa-[a-z0-9-]+")
_NOT_ICONS = {
    "fa-solid", "fa-regular", "fa-brands", "fa-classic", "fa-sharp", "fa-lg", "fa-xs", "fa-sm", "fa-xl",
    "fa-2xs", "fa-2xl", "fa-fw", "fa-spin", "fa-pulse", "fa-border", "fa-inverse", "fa-li", "fa-ul",
    "fa-stack", "fa-stack-1x", "fa-stack-2x", "fa-rotate-90", "fa-rotate-180", "fa-rotate-270",
    "fa-flip-horizontal", "fa-flip-vertical", "fa-flip-both", "fa-beat", "fa-bounce", "fa-fade",
    "fa-shake", "fa-flip", "fa-pull-left", "fa-pull-right", "fa-width-auto", "fa-layers",
} | {f"fa-{n}x" for n in range(1, 11)}


# ----------------------------------------------------------------------------------------------
# MathJax


def _has_math(body: str) -> bool:
    return 'class="math' in body or "\\(" in body or "\\[" in body or "\\begin{" in body


def _drop_mathjax(app, pagename, templatename, context, doctree):
    if _has_math(context.get("body", "") or ""):
        return
    kept = []
    for js in context.get("script_files", []):
        name = str(getattr(js, "filename", js) or "")
        body = str(getattr(js, "attributes", {}).get("body", "") or "")
        if "mathjax" in name.lower() or body.lstrip().startswith("window.MathJax"):
            continue
        kept.append(js)
    context["script_files"] = kept


# ----------------------------------------------------------------------------------------------
# Optional per-page assets: (part of the file name, what the page body must contain to need it)

_OPTIONAL = (
    ("sphinx-design", "sd-"),
    ("design-tabs", "sd-tab"),
    ("sphinx-thebe", None),  # thebe is off in this book: never needed
    ("copybutton", 'class="highlight'),
    ("clipboard.min", 'class="highlight'),
    ("togglebutton", "toggle"),
)


def _drop_unused(app, pagename, templatename, context, doctree):
    body = context.get("body", "") or ""
    unused = [name for name, marker in _OPTIONAL if marker is None or marker not in body]
    if not unused:
        return
    for key in ("script_files", "css_files"):
        kept = [a for a in context.get(key, [])
                if not any(u in str(getattr(a, "filename", a) or "") for u in unused)]
        context[key] = kept


# ----------------------------------------------------------------------------------------------
# Icons


def parse_icons(text: str) -> dict[str, dict[str, tuple]]:
    """Font Awesome's bundled icon table: style -> name (and aliases) -> (width, height, path)."""
    marks = [(m.start(), _STYLES[m.group(1)]) for m in _STYLE_MARK.finditer(text)]
    out: dict[str, dict[str, tuple]] = {"solid": {}, "regular": {}, "brands": {}}
    for m in _ICON.finditer(text):
        style = next((s for pos, s in marks if pos > m.start()), None)
        if style is None:
            continue
        quoted, bare, w, h, aliases, _, path = m.groups()
        name = quoted or bare
        path = json.loads(path)
        if isinstance(path, list):  # duotone: secondary, primary
            path = " ".join(path)
        entry = (int(w), int(h), path)
        table = out[style]
        table.setdefault(name, entry)
        for a in re.findall(r'"([a-z0-9-]+)"', aliases):
            table.setdefault(a, entry)
    return out


def used_icons(outdir: Path) -> set[tuple[str, str]]:
    """(style, name) of every icon class used in the built pages and the theme's scripts."""
    used: set[tuple[str, str]] = set()

    def scan_classes(classes: list[str]):
        style = next((_PREFIX_CLASSES[c] for c in classes if c in _PREFIX_CLASSES), "solid")
        for c in classes:
            if c.startswith("fa-") and c not in _NOT_ICONS:
                used.add((style, c[3:]))

    for page in outdir.rglob("*.html"):
        for attr in _CLASS_ATTR.findall(page.read_text(encoding="utf-8", errors="replace")):
            if "fa" in attr:
                scan_classes(attr.split())
    for js in (outdir / "_static").rglob("*.js"):
        if js.name in {"fontawesome.js", "vega-bundle.js"} or "mathjax" in js.parts:
            continue
        text = js.read_text(encoding="utf-8", errors="replace")
        for m in re.finditer(r'"((?:fa-[a-z0-9-]+ ?)+)"', text):
            scan_classes(m.group(1).split())
    return used


_RUNTIME = r"""(function () {
  var I = %(icons)s, S = {solid: "fas", regular: "far", brands: "fab"},
      P = {"fa-solid": "solid", fas: "solid", "fa-regular": "regular", far: "regular", "fa-brands": "brands", fab: "brands"},
      NS = "http://www.w3.org/2000/svg";
  function swap(el) {
    var cls = Array.prototype.slice.call(el.classList), style = "solid", name = null, i, c;
    for (i = 0; i < cls.length; i++) if (P[cls[i]]) style = P[cls[i]];
    for (i = 0; i < cls.length; i++) { c = cls[i]; if (c.indexOf("fa-") === 0 && I[style + ":" + c.slice(3)]) { name = c.slice(3); break; } }
    if (!name) return;
    var d = I[style + ":" + name], svg = document.createElementNS(NS, "svg"), p = document.createElementNS(NS, "path");
    svg.setAttribute("class", ["svg-inline--fa"].concat(cls.filter(function (k) { return !P[k]; })).join(" "));
    for (i = 0; i < el.attributes.length; i++) { c = el.attributes[i]; if (c.name !== "class") svg.setAttribute(c.name, c.value); }
    svg.setAttribute("aria-hidden", "true"); svg.setAttribute("focusable", "false"); svg.setAttribute("role", "img");
    svg.setAttribute("data-prefix", S[style]); svg.setAttribute("data-icon", name);
    svg.setAttribute("viewBox", "0 0 " + d[0] + " " + d[1]);
    p.setAttribute("fill", "currentColor"); p.setAttribute("d", d[2]); svg.appendChild(p);
    el.replaceWith(svg);
  }
  function all(root) {
    var els = (root.querySelectorAll ? root : document).querySelectorAll("i[class*='fa-'], span[class*='fa-']");
    for (var i = 0; i < els.length; i++) swap(els[i]);
  }
  var css = document.createElement("style");
  css.textContent = "svg:not(:root).svg-inline--fa{overflow:visible;box-sizing:content-box}" +
    ".svg-inline--fa{display:var(--fa-display,inline-block);height:1em;overflow:visible;vertical-align:-.125em}" +
    ".svg-inline--fa.fa-fw{width:var(--fa-fw-width,1.25em)}";
  document.head.appendChild(css);
  function start() {
    all(document);
    new MutationObserver(function (ms) {
      ms.forEach(function (m) { m.addedNodes.forEach(function (n) {
        if (n.nodeType !== 1) return;
        if (n.matches && n.matches("i[class*='fa-'], span[class*='fa-']")) swap(n); else all(n);
      }); });
    }).observe(document.documentElement, {childList: true, subtree: true});
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
"""


def _write_icons(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    target = outdir / FA_FILE
    theme_copy = _theme_fontawesome(app)
    if theme_copy is None or not target.exists():
        return
    text = theme_copy.read_text(encoding="utf-8")
    table = parse_icons(text)
    icons, missing = {}, []
    for style, name in sorted(used_icons(outdir)):
        entry = table.get(style, {}).get(name)
        if entry is None:
            missing.append(f"{style}:{name}")
        else:
            icons[f"{style}:{name}"] = list(entry)
    if missing:
        logger.warning(f"icons not in the theme's Font Awesome: {', '.join(missing)}", type="book", subtype="icons")
    licence = re.match(r"/\*!.*?\*/", text, flags=re.S)
    head = (licence.group(0) + "\n") if licence else ""
    head += "/* page_assets: only the Font Awesome icons this book uses (see book/_ext/page_assets.py) */\n"
    target.write_text(head + _RUNTIME % {"icons": json.dumps(icons, sort_keys=True, separators=(",", ":"))},
                      encoding="utf-8")


_SEARCH_TAGS = re.compile(
    r'[ \t]*<script src="(?:\.\./)*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"></script>\n?'
)
_FA_CSS = re.compile(r'(?:\.fa-[a-z0-9-]+:before,?)+\{content:"[^"]*"\}|@font-face\{[^}]*Font Awesome[^}]*\}')


def _rewrite(path: Path, fn) -> None:
    text = path.read_text(encoding="utf-8")
    new = fn(text)
    if new != text:
        path.write_text(new, encoding="utf-8")


def _trim_pages(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    opts = getattr(app.builder, "theme_options", None) or app.config.html_theme_options or {}
    if str(opts.get("search_as_you_type", False)).lower() != "true":
        for page in outdir.rglob("*.html"):
            if page.name != "search.html":
                _rewrite(page, lambda t: _SEARCH_TAGS.sub("", t))
    css = outdir / "_static" / "styles" / "pydata-sphinx-theme.css"
    if css.exists():
        _rewrite(css, lambda t: _FA_CSS.sub("", t))


def _theme_fontawesome(app) -> Path | None:
    try:
        import pydata_sphinx_theme
    except ImportError:
        return None
    p = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "scripts" / "fontawesome.js"
    return p if p.exists() else None


def _mystnb_css_first(app):
    """Put myst-nb's stylesheet into the output before any page is written.

    myst-nb copies it only at ``build-finished``, and Sphinx adds a ``?v=<checksum>`` to a
    stylesheet link only if the file is already there when the page is written: so pages from a
    clean build lacked the checksum and pages rewritten later had it (the HTML depended on build
    history). Copying it first gives every page the same link in every build.
    """
    if app.builder.format != "html":
        return
    from myst_nb.sphinx_ext import add_global_html_resources

    (Path(app.builder.outdir) / "_static").mkdir(parents=True, exist_ok=True)
    add_global_html_resources(app, None)


def _citation_roles(app, pagename, templatename, context, doctree):
    """docutils marks each bibliography entry ``role="doc-biblioentry"`` inside a ``role="list"``:
    a list must hold list items (axe-core "aria-required-children", critical) and the DPUB role is
    deprecated, so the entries become ``listitem``s."""
    body = context.get("body") or ""
    if 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app):
    app.connect("builder-inited", _mystnb_css_first)
    app.connect("html-page-context", _citation_roles)
    app.connect("html-page-context", _drop_mathjax, priority=900)
    app.connect("html-page-context", _drop_unused, priority=900)
    app.connect("build-finished", _write_icons, priority=900)
    app.connect("build-finished", _trim_pages, priority=901)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
