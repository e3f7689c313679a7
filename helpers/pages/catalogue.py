"""Generated appendices: the data catalogue (Appendix B) and the methods appendix (Appendix D).

Both are generated from the metadata and the docstrings, never typed, so they cannot drift from
``data/`` or from the code.
"""
from __future__ import annotations

import html
from collections import Counter

import pandas as pd

from ..data import TIERS, catalogue

__all__ = ["catalogue_html", "tier_counts", "methods_html"]

_TIER_WORDS = {
    "primary": "primary (filing, official statistic, the paper, the company's own release)",
    "reputable": "reputable outlet",
    "relay": "secondary relay (a syndicated or quoted copy)",
    "aggregator": "aggregator or data site",
}


def _a(url: str, text: str) -> str:
    return f'<a href="{html.escape(url)}">{html.escape(text)}</a>'


def tier_counts(cat: pd.DataFrame | None = None) -> pd.Series:
    """Distinct sources by tier across every dataset (a source cited by two datasets counts once)."""
    cat = catalogue() if cat is None else cat
    seen = {}
    for srcs in cat["sources"]:
        for s in srcs:
            seen[(s.url, s.title)] = s.tier
    return pd.Series(Counter(seen.values()), dtype=int).reindex(list(TIERS), fill_value=0)


def catalogue_html(data_url_prefix: str = "data/") -> str:
    """Appendix B: sources by tier, an index with a filter, and one section per dataset.

    Parameters
    ----------
    data_url_prefix : str
        Where the CSVs sit relative to the page (the build copies ``data/`` to ``<site>/data/``).
    """
    cat = catalogue()
    tiers = tier_counts(cat)
    tier_rows = "".join(f"<tr><td>{html.escape(_TIER_WORDS[t])}</td><td class='num'>{int(n)}</td></tr>" for t, n in tiers.items())
    parts = [
        f"<p>{len(cat)} datasets, {int(cat['rows'].sum())} rows, {int(tiers.sum())} distinct sources.</p>",
        f'<div class="book-table"><table><caption>Sources by tier</caption><thead><tr><th>Tier</th><th>Sources</th></tr></thead>'
        f"<tbody>{tier_rows}</tbody></table></div>",
        '<div class="ledger-filters" role="search"><label>Filter datasets <input type="search" id="cat-q" '
        'placeholder="e.g. capex, OpenAI, electricity"></label><span id="cat-count" aria-live="polite"></span></div>',
        '<ul class="catalogue-index" id="cat-index">'
        + "".join(f'<li data-text="{html.escape((r.name + " " + r.title + " " + r.description).lower())}">'
                  f'<a href="#data-{html.escape(r.name)}">{html.escape(r.title)}</a></li>' for r in cat.itertuples())
        + "</ul>",
    ]
    for r in cat.itertuples():
        srcs = "".join(
            f"<li>{html.escape(s.publisher)}, {_a(s.url, s.title)} (published {html.escape(s.published)}, "
            f'accessed {html.escape(s.accessed)}) <span class="tier tier-{s.tier}">{s.tier}</span>'
            f"{' — ' + html.escape(s.notes) if s.notes else ''}</li>"
            for s in r.sources
        )
        parts.append(
            f'<section class="dataset" id="data-{html.escape(r.name)}">'
            f"<h2>{html.escape(r.title)}</h2>"
            f"<p>{r.rows} rows · download {_a(data_url_prefix + r.name + '.csv', r.name + '.csv')} "
            f"and its metadata {_a(data_url_prefix + r.name + '.yml', r.name + '.yml')}</p>"
            f"<p>{html.escape(r.description)}</p>"
            f"<details><summary>Columns and units</summary><p>{html.escape(r.columns)}</p></details>"
            f"<details><summary>{len(r.sources)} sources</summary><ul>{srcs}</ul></details></section>"
        )
    parts.append("""<script>
(function() {
  const q = document.getElementById('cat-q'), n = document.getElementById('cat-count');
  const items = Array.from(document.querySelectorAll('#cat-index li'));
  function apply() {
    const t = q.value.trim().toLowerCase(); let shown = 0;
    items.forEach(li => { const ok = !t || li.dataset.text.includes(t); li.hidden = !ok; if (ok) shown++; });
    n.textContent = shown + ' of ' + items.length + ' datasets';
  }
  q.addEventListener('input', apply); apply();
})();
</script>""")
    return "\n".join(parts)


def _section(doc: str, name: str) -> str:
    """Text of a numpydoc section (e.g. 'References'), or ''."""
    import re

    m = re.search(rf"^\s*{name}\n\s*-{{3,}}\n(.*?)(?=^\s*\w[\w ]*\n\s*-{{3,}}\n|\Z)", doc, flags=re.S | re.M)
    return m.group(1).strip() if m else ""


def _module_docs(path) -> tuple[str, list[tuple[str, str]]]:
    """A module's docstring and its public functions and classes with their docstrings, read from the
    source without importing it (importing every module would cost seconds of scipy and altair)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    defs = {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    names: list = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            try:
                names = list(ast.literal_eval(node.value))
            except ValueError:  # a computed __all__ (package initialisers): nothing listed
                names = []
    return ast.get_docstring(tree) or "", [(n, ast.get_docstring(defs[n]) or "") for n in names if n in defs]


def methods_html() -> str:
    """Appendix D: every helpers module by layer, its purpose, its public functions and the works it implements."""
    from ..paths import REPO_ROOT as ROOT

    layers = [("Data in", "helpers.data"), ("Models", "helpers.models"), ("Charts", "helpers.charts"), ("Book pages", "helpers.pages")]
    out = []
    for layer, pkg_name in layers:
        folder = ROOT.joinpath(*pkg_name.split("."))
        pkg_doc, _ = _module_docs(folder / "__init__.py")
        out.append(f"<h2>{layer}: <code>{pkg_name}</code></h2><p>{html.escape(pkg_doc.split(chr(10) + chr(10))[0])}</p>")
        files = sorted(p for p in folder.rglob("*.py") if not p.name.startswith("_"))
        mods = sorted((pkg_name + "." + ".".join(p.relative_to(folder).with_suffix("").parts), p) for p in files)
        for mod_name, path in mods:
            doc, members = _module_docs(path)
            if not members:
                continue
            rows, refs = [], []
            for fname, fdoc in members:
                rows.append(f"<tr><td><code>{html.escape(fname)}</code></td><td>{html.escape(fdoc.split(chr(10) + chr(10))[0].replace(chr(10), ' '))}</td></tr>")
                r = _section(fdoc, "References")
                if r and r not in refs:
                    refs.append(r)
            r = _section(doc, "References")
            if r and r not in refs:
                refs.insert(0, r)
            ref_html = "".join(f"<li>{html.escape(' '.join(x.split()))}</li>" for x in refs)
            out.append(
                f'<section id="{mod_name.replace(".", "-")}"><h3><code>{mod_name}</code></h3><p>{html.escape(doc.split(chr(10) + chr(10))[0])}</p>'
                f'<div class="book-table"><table><thead><tr><th>Function</th><th>What it computes</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
                + (f"<p><strong>Implements:</strong></p><ul>{ref_html}</ul>" if ref_html else "")
                + "</section>"
            )
    return "\n".join(out)
