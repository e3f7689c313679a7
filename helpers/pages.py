"""HTML for the book's generated pages: the data catalogue and the ledger browser.

These pages are generated from the metadata and the ledger, never typed, so they
cannot drift from ``data/``. The ledger browser filters in the static page with a
few lines of plain JavaScript (no library, no network).
"""
from __future__ import annotations

import html
import json

import pandas as pd

from .data import catalogue
from .ledger import ARTICLES, VERDICTS, ledger

__all__ = ["catalogue_html", "ledger_browser_html"]


def _a(url: str, text: str) -> str:
    return f'<a href="{html.escape(url)}">{html.escape(text)}</a>'


def catalogue_html(data_url_prefix: str = "data/") -> str:
    """The data catalogue: one section per dataset with columns, units, sources and a CSV link.

    Parameters
    ----------
    data_url_prefix : str
        Where the CSVs sit relative to the page (the build copies ``data/`` to
        ``<site>/data/``).
    """
    cat = catalogue()
    parts = [f"<p>{len(cat)} datasets, {int(cat['rows'].sum()) if len(cat) else 0} rows in all.</p>"]
    for r in cat.itertuples():
        srcs = "".join(
            f"<li>{html.escape(s.publisher)}, {_a(s.url, s.title)} (published {html.escape(s.published)}, "
            f"accessed {html.escape(s.accessed)}){' — ' + html.escape(s.notes) if s.notes else ''}</li>"
            for s in r.sources
        )
        parts.append(
            f'<section class="dataset" id="data-{html.escape(r.name)}">'
            f"<h3>{html.escape(r.title)}</h3>"
            f"<p><code>{html.escape(r.name)}</code> · {r.rows} rows · "
            f"download {_a(data_url_prefix + r.name + '.csv', r.name + '.csv')} "
            f"and its metadata {_a(data_url_prefix + r.name + '.yml', r.name + '.yml')}</p>"
            f"<p>{html.escape(r.description)}</p>"
            f"<p><strong>Columns (units):</strong> {html.escape(r.columns)}</p>"
            f"<p><strong>Sources:</strong></p><ul>{srcs}</ul></section>"
        )
    return "\n".join(parts)


def ledger_browser_html(df: pd.DataFrame | None = None) -> str:
    """The whole ledger as a table with a search box and article/chapter/verdict filters."""
    df = ledger() if df is None else df
    opts = lambda values, labels: "".join(  # noqa: E731
        f'<option value="{html.escape(str(v))}">{html.escape(labels.get(v, str(v)))}</option>' for v in values
    )
    arts = sorted(df["article"].unique())
    chs = sorted(int(c) for c in df["chapter"].unique())
    verds = [v for v in VERDICTS if v in set(df["verdict"])]
    rows = []
    for r in df.itertuples():
        srcs = "; ".join(_a(s.url, s.publisher) for s in r.source_refs)
        rows.append(
            f'<tr data-article="{r.article}" data-chapter="{int(r.chapter)}" data-verdict="{r.verdict}">'
            f"<td>{html.escape(r.claim_id)}</td><td>{r.article} {html.escape(r.section)}</td>"
            f'<td><a href="#" data-chapter-link="{int(r.chapter)}">{int(r.chapter)}</a></td>'
            f"<td>{html.escape(r.claim)}<br><small>Stated: {html.escape(r.stated)} ({html.escape(r.unit)}; "
            f"refers to {html.escape(r.refers_to)}; article dated {html.escape(r.made_on)})</small></td>"
            f"<td>{html.escape(r.checked)}</td>"
            f'<td><span class="verdict verdict-{r.verdict}">{VERDICTS[r.verdict]}</span><br>'
            f"<small>{html.escape(r.reason)}</small>"
            f"{'<br><small>Related: ' + html.escape(r.related) + '</small>' if isinstance(r.related, str) and r.related else ''}</td>"
            f"<td>{srcs}</td></tr>"
        )
    art_labels = {k: f"{k} {v}" for k, v in ARTICLES.items()}
    return f"""
<div class="ledger-filters" role="search">
  <label>Search <input type="search" id="ledger-q" placeholder="e.g. OpenAI, 億, Virginia"></label>
  <label>Article <select id="ledger-article"><option value="">all</option>{opts(arts, art_labels)}</select></label>
  <label>Chapter <select id="ledger-chapter"><option value="">all</option>{opts(chs, {})}</select></label>
  <label>Verdict <select id="ledger-verdict"><option value="">all</option>{opts(verds, VERDICTS)}</select></label>
  <span id="ledger-count" aria-live="polite"></span>
</div>
<table class="claims-table" id="ledger-table">
<thead><tr><th>Id</th><th>Article</th><th>Ch.</th><th>Claim</th><th>What the record shows</th><th>Verdict</th><th>Sources</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>
<script>
(function() {{
  const q = document.getElementById('ledger-q'), a = document.getElementById('ledger-article'),
        c = document.getElementById('ledger-chapter'), v = document.getElementById('ledger-verdict'),
        n = document.getElementById('ledger-count');
  const rows = Array.from(document.querySelectorAll('#ledger-table tbody tr'));
  function apply() {{
    const t = q.value.trim().toLowerCase(); let shown = 0;
    rows.forEach(r => {{
      const ok = (!a.value || r.dataset.article === a.value) && (!c.value || r.dataset.chapter === c.value)
        && (!v.value || r.dataset.verdict === v.value) && (!t || r.textContent.toLowerCase().includes(t));
      r.style.display = ok ? '' : 'none'; if (ok) shown++;
    }});
    n.textContent = shown + ' of ' + rows.length + ' claims shown';
  }}
  [q, a, c, v].forEach(el => el.addEventListener('input', apply));
  document.querySelectorAll('#ledger-table a[data-chapter-link]').forEach(el => el.addEventListener('click', e => {{
    e.preventDefault(); c.value = el.dataset.chapterLink; apply();
  }}));
  apply();
}})();
</script>
<script type="application/json" id="ledger-verdict-labels">{json.dumps(VERDICTS)}</script>
"""


def _section(doc: str, name: str) -> str:
    """Text of a numpydoc section (e.g. 'References'), or ''."""
    import re

    m = re.search(rf"^\s*{name}\n\s*-{{3,}}\n(.*?)(?=^\s*\w[\w ]*\n\s*-{{3,}}\n|\Z)", doc, flags=re.S | re.M)
    return m.group(1).strip() if m else ""


def methods_html() -> str:
    """Appendix D: every helpers module, its purpose, its public functions and the works it implements.

    Generated from the docstrings, so the appendix is exactly as current as the code.
    """
    import importlib
    import inspect
    import pkgutil

    import helpers

    out = []
    for info in sorted(pkgutil.iter_modules(helpers.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"helpers.{info.name}")
        doc = inspect.getdoc(mod) or ""
        summary = doc.split("\n\n")[0].replace("\n", " ")
        rows, refs = [], []
        for fname in getattr(mod, "__all__", []):
            obj = getattr(mod, fname)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            fdoc = inspect.getdoc(obj) or ""
            rows.append(f"<tr><td><code>{html.escape(fname)}</code></td><td>{html.escape(fdoc.split(chr(10) + chr(10))[0].replace(chr(10), ' '))}</td></tr>")
            r = _section(fdoc, "References")
            if r and r not in refs:
                refs.append(r)
        ref_html = "".join(f"<li>{html.escape(' '.join(r.split()))}</li>" for r in refs)
        out.append(
            f'<section id="helpers-{info.name}"><h3><code>helpers.{info.name}</code></h3><p>{html.escape(summary)}</p>'
            f'<table class="table"><thead><tr><th>Function</th><th>What it computes</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
            + (f"<p><strong>Implements:</strong></p><ul>{ref_html}</ul>" if ref_html else "")
            + "</section>"
        )
    return "\n".join(out)
