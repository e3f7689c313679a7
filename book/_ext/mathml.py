"""Sphinx extension: formulas as MathML written at build time, no MathJax in the pages.

The book's maths is a few dozen formulas (variable names in the text and a handful of displayed
equations). MathJax rendered them in the browser with 1.1 MB of JavaScript per page that has any
(more than the rest of the page and its styles together), and the page reflowed when it ran.
Browsers draw MathML themselves (MathML Core: Chromium 109+, Firefox, Safari), and screen
readers read it, so this extension converts each formula's LaTeX to MathML with the pure-Python
``latex2mathml`` while Sphinx writes the page: no script, no reflow.

It registers the ``mathml`` HTML math renderer and selects it when ``latex2mathml`` is installed;
without it the book falls back to MathJax from ``sphinx-mathjax-offline`` (set up from here, loaded
only on pages with maths, see ``page_assets.py``), so the 24 MB MathJax tree is copied into the
site only when it is used.
A formula ``latex2mathml`` cannot convert is a build warning (an error under ``-W``) naming the
page and the formula.
"""
from __future__ import annotations

import html

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _convert(self, latex: str, display: str) -> str:
    from latex2mathml.converter import convert

    try:
        return convert(latex, display=display)
    except Exception as exc:  # latex2mathml raises its own exception types
        logger.warning(f"cannot convert formula to MathML ({type(exc).__name__}: {exc}): {latex!r}",
                       location=self.builder.current_docname, type="book", subtype="mathml")
        return f'<code class="math-source">{html.escape(latex)}</code>'


def visit_math(self, node: nodes.math) -> None:
    self.body.append(f'<span class="math notranslate">{_convert(self, node.astext(), "inline")}</span>')
    raise nodes.SkipNode


def visit_displaymath(self, node: nodes.math_block) -> None:
    from sphinx.util.math import get_node_equation_number

    # A wide formula scrolls sideways in its own box on a narrow screen instead of widening the page.
    # tabindex: a keyboard can reach the box and scroll it (WCAG 2.1.1; axe "scrollable-region-focusable")
    self.body.append(self.starttag(node, "div", CLASS="math notranslate math-display", tabindex="0",
                                   style="overflow-x:auto;overflow-y:hidden"))
    if node.get("number"):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, "Link to this equation")
        self.body.append("</span>")
    text = node.astext()
    parts = [text] if node.get("nowrap") else [p for p in text.split("\n\n") if p.strip()]
    for part in parts:
        self.body.append(_convert(self, part.strip(), "block"))
    self.body.append("</div>\n")
    raise nodes.SkipNode


#: Browsers lay MathML out with an OpenType MATH font; name the ones each system ships
#: (macOS/iOS: STIX Two Math; Windows: Cambria Math; Linux: DejaVu Math TeX Gyre, Latin Modern Math).
MATH_FONTS = '"STIX Two Math", "Cambria Math", "Latin Modern Math", "DejaVu Math TeX Gyre", "Noto Sans Math", math'


def _select(app, config) -> None:
    config.html_math_renderer = "mathml"


def _page_style(app, pagename, templatename, context, doctree) -> None:
    if app.builder.math_renderer_name == "mathml" and "<math " in (context.get("body") or ""):
        context["metatags"] = (context.get("metatags") or "") + f"\n<style>math{{font-family:{MATH_FONTS}}}</style>"


def setup(app):
    try:
        import latex2mathml  # noqa: F401
    except ImportError:
        # Register nothing: with a second renderer registered, Sphinx would pick it by itself.
        app.setup_extension("sphinx-mathjax-offline")
    else:
        app.add_html_math_renderer("mathml", (visit_math, None), (visit_displaymath, None))
        app.connect("config-inited", _select, priority=900)
        app.connect("html-page-context", _page_style)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
