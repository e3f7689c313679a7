"""The ledgers as the reader meets them: a chapter's claims, the ledger browser, verdict changes, forecasts.

Every verdict is a coloured badge with its label in words (colour is never the only signal); every
claim has a permalink (``#claim-<id>``) that Appendix A resolves; dates say when the evidence was
last checked.
"""
from __future__ import annotations

import html
import json

import pandas as pd

from ..data.ledger import ARTICLES, VERDICT_GROUPS, VERDICTS, chapter_titles, ledger, ledger_part
from .tables import _Table

__all__ = ["badge", "claims_table", "ledger_browser_html", "changes_html", "forecast_table", "LEDGER_PAGE"]

#: Where Appendix A lives relative to a chapter page (claim permalinks point there).
LEDGER_PAGE = "appendix_ledger.html"
_STATUS = {"hit": "Hit", "on_track": "On track", "pending": "Pending", "off_track": "Off track", "missed": "Missed"}


def badge(verdict: str) -> str:
    """A verdict badge: the verdict in words on its colour."""
    if verdict not in VERDICTS:
        raise ValueError(f"verdict must be one of {list(VERDICTS)}, got {verdict!r}")
    return f'<span class="verdict verdict-{verdict}">{VERDICTS[verdict]}</span>'


def _sources(refs) -> str:
    return "; ".join(
        f'<a href="{html.escape(s.url)}">{html.escape(s.publisher)}</a><span class="tier tier-{s.tier}" title="source tier">{s.tier}</span>'
        for s in refs
    )


def _history(r) -> str:
    if isinstance(r.earlier_verdict, str) and r.earlier_verdict:
        return (f'<br><small class="verdict-history">Was {badge(r.earlier_verdict)} (checked {html.escape(str(r.earlier_checked_on))}); '
                f"changed: {html.escape(str(r.change_reason))}</small>")
    return ""


def claims_table(chapter: int, *, open_: bool = False):
    """A chapter's claims, as a disclosure holding a two-column table (claim | verdict and record).

    Parameters
    ----------
    chapter : int
        Chapter number from the chapter map.
    open_ : bool
        Show the table expanded.
    """
    df = ledger_part(chapter).sort_values(["article", "claim_id"])
    counts = df["verdict"].map(VERDICT_GROUPS).value_counts()
    summary = (f"The {len(df)} claims this chapter checks: {counts.get('holds', 0)} hold, {counts.get('fails', 0)} fail, "
               f"{counts.get('open', 0)} stay open")
    rows = []
    for r in df.itertuples():
        rows.append(
            f'<tr id="claim-{html.escape(r.claim_id)}">'
            f'<td class="claim-cell"><strong>{html.escape(r.claim)}</strong>'
            f"<br><small>{html.escape(r.article)} {html.escape(ARTICLES[r.article])}, {html.escape(r.section)}; "
            f"stated: {html.escape(r.stated)}</small></td>"
            f'<td class="record-cell">{badge(r.verdict)} <small>{html.escape(r.reason)}</small>'
            f"<p>{html.escape(r.checked)}</p>"
            f'<small>Sources: {_sources(r.source_refs)}. Checked {html.escape(str(r.checked_on))}. '
            f'<a href="{LEDGER_PAGE}?q={html.escape(r.claim_id)}#claim-{html.escape(r.claim_id)}">Permalink</a></small>{_history(r)}</td>'
            "</tr>"
        )
    head = "<tr><th>What the article claims</th><th>Verdict and what the record shows</th></tr>"
    tbl = f'<table class="claims-table"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'
    return _Table(f'<details class="claims-details"{" open" if open_ else ""}><summary>{summary}</summary>{tbl}</details>')


def ledger_browser_html(df: pd.DataFrame | None = None) -> str:
    """The whole ledger: search, filters kept in the URL, sortable columns, a permalink per claim."""
    df = ledger() if df is None else df
    titles = chapter_titles()
    files = _chapter_files()
    opts = lambda pairs: "".join(f'<option value="{html.escape(str(v))}">{html.escape(t)}</option>' for v, t in pairs)  # noqa: E731
    arts = [(a, f"{a} {ARTICLES[a]}") for a in sorted(df["article"].unique())]
    chs = [(c, f"{c}. {titles.get(c, '')}") for c in sorted(int(c) for c in df["chapter"].unique())]
    verds = [(v, VERDICTS[v]) for v in VERDICTS if v in set(df["verdict"])]
    rows = []
    for r in df.itertuples():
        rel = ""
        if isinstance(r.related, str) and r.related:
            rel = "<br><small>Related: " + ", ".join(
                f'<a href="#claim-{html.escape(x.strip())}" class="rel">{html.escape(x.strip())}</a>' for x in r.related.split(";")
            ) + "</small>"
        rows.append(
            f'<tr id="claim-{html.escape(r.claim_id)}" data-article="{r.article}" data-chapter="{int(r.chapter)}" '
            f'data-verdict="{r.verdict}" data-checked="{html.escape(str(r.checked_on))}">'
            f'<td class="claim-cell"><strong>{html.escape(r.claim)}</strong><br><small>{r.article} {html.escape(r.section)} · '
            f'chapter <a href="{html.escape(files[int(r.chapter)])}.html">{int(r.chapter)}</a> · stated: {html.escape(r.stated)}'
            f' · <a href="#claim-{html.escape(r.claim_id)}" class="permalink" aria-label="Permalink to {html.escape(r.claim_id)}">#{html.escape(r.claim_id)}</a></small></td>'
            f'<td class="record-cell">{badge(r.verdict)} <small>{html.escape(r.reason)}</small><p>{html.escape(r.checked)}</p>'
            f"<small>Sources: {_sources(r.source_refs)}. Checked {html.escape(str(r.checked_on))}.</small>{rel}{_history(r)}</td></tr>"
        )
    return f"""
<div class="ledger-filters" role="search">
  <label>Search <input type="search" id="ledger-q" placeholder="e.g. OpenAI, 億, Virginia"></label>
  <label>Article <select id="ledger-article"><option value="">All articles</option>{opts(arts)}</select></label>
  <label>Chapter <select id="ledger-chapter"><option value="">All chapters</option>{opts(chs)}</select></label>
  <label>Verdict <select id="ledger-verdict"><option value="">All verdicts</option>{opts(verds)}</select></label>
  <label>Sort <select id="ledger-sort"><option value="">Chapter order</option><option value="verdict">Verdict</option>
    <option value="checked">Last checked (newest first)</option></select></label>
  <span id="ledger-count" aria-live="polite"></span>
</div>
<table class="claims-table ledger-browser" id="ledger-table">
<thead><tr><th>What the article claims</th><th>Verdict and what the record shows</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>
<script>
(function() {{
  const ids = ['q', 'article', 'chapter', 'verdict', 'sort'];
  const el = Object.fromEntries(ids.map(k => [k, document.getElementById('ledger-' + k)]));
  const n = document.getElementById('ledger-count'), tbody = document.querySelector('#ledger-table tbody');
  const rows = Array.from(tbody.querySelectorAll('tr')), order = {json.dumps(list(VERDICTS))};
  const params = new URLSearchParams(location.search);
  ids.forEach(k => {{ if (params.get(k)) el[k].value = params.get(k); }});
  function apply(push) {{
    const t = el.q.value.trim().toLowerCase(); let shown = 0;
    rows.forEach(r => {{
      const ok = (!el.article.value || r.dataset.article === el.article.value) &&
        (!el.chapter.value || r.dataset.chapter === el.chapter.value) &&
        (!el.verdict.value || r.dataset.verdict === el.verdict.value) &&
        (!t || r.textContent.toLowerCase().includes(t) || r.id.toLowerCase().includes(t));
      r.hidden = !ok; if (ok) shown++;
    }});
    const sorted = rows.slice();
    if (el.sort.value === 'verdict') sorted.sort((a, b) => order.indexOf(a.dataset.verdict) - order.indexOf(b.dataset.verdict));
    if (el.sort.value === 'checked') sorted.sort((a, b) => b.dataset.checked.localeCompare(a.dataset.checked));
    sorted.forEach(r => tbody.appendChild(r));
    n.textContent = shown + ' of ' + rows.length + ' claims shown';
    if (push) {{
      const p = new URLSearchParams();
      ids.forEach(k => {{ if (el[k].value) p.set(k, el[k].value); }});
      history.replaceState(null, '', (p.toString() ? '?' + p : location.pathname) + location.hash);
    }}
  }}
  ids.forEach(k => el[k].addEventListener('input', () => apply(true)));
  document.querySelectorAll('#ledger-table a.rel').forEach(a => a.addEventListener('click', () => {{
    ids.forEach(k => el[k].value = ''); apply(true);
  }}));
  apply(false);
  if (location.hash) {{ const target = document.getElementById(location.hash.slice(1)); if (target) target.scrollIntoView(); }}
}})();
</script>
"""


def _chapter_files() -> dict[int, str]:
    from ..data.ledger import _chapters

    return {int(c["n"]): c["file"] for c in _chapters()}


def changes_html(df: pd.DataFrame) -> str:
    """Every verdict that changed: the claim, the earlier and the current verdict with dates, and why."""
    if df.empty:
        return "<p>No verdict has changed since the first edition.</p>"
    rows = "".join(
        f'<tr><td><a href="{LEDGER_PAGE}?q={html.escape(r.claim_id)}#claim-{html.escape(r.claim_id)}">{html.escape(r.claim)}</a>'
        f"<br><small>Chapter {int(r.chapter)}</small></td>"
        f"<td>{badge(r.earlier_verdict)}<br><small>checked {html.escape(str(r.earlier_checked_on))}</small></td>"
        f"<td>{badge(r.verdict)}<br><small>checked {html.escape(str(r.checked_on))}</small></td>"
        f"<td>{html.escape(str(r.change_reason))}</td></tr>"
        for r in df.itertuples()
    )
    return ('<div class="book-table"><table class="changes-table"><thead><tr><th>Claim</th><th>Before</th><th>Now</th>'
            f"<th>Why it changed</th></tr></thead><tbody>{rows}</tbody></table></div>")


def forecast_table(df: pd.DataFrame, *, chapter: int | None = None):
    """Forecasts (all, or one chapter's) with range, due date, outcome so far and computed status."""
    from .tables import fmt

    d = df if chapter is None else df[df["chapter"] == chapter]
    if d.empty:
        return _Table("<p>No dated forecast in this chapter.</p>")

    def num(v, unit: str) -> str:
        """A forecast number as a reader writes it: years whole, large amounts without decimals."""
        if pd.isna(v):
            return fmt(v)
        if "year" in unit.lower() or "date" in unit.lower():
            return str(int(round(float(v))))
        a = abs(float(v))
        return fmt(v, 0 if a >= 100 else 1 if a >= 10 else 2)

    def rng(r) -> str:
        if pd.notna(r.low) and pd.notna(r.high):
            return f"{num(r.low, r.unit)} to {num(r.high, r.unit)}"
        if pd.notna(r.low):
            return f"at least {num(r.low, r.unit)}"
        if pd.notna(r.high):
            return f"at most {num(r.high, r.unit)}"
        return f"about {num(r.point, r.unit)}"

    rows = "".join(
        f'<tr id="forecast-{html.escape(r.forecast_id)}"><td><strong>{html.escape(r.label)}</strong><br><small>{html.escape(r.claim)}</small></td>'
        f"<td>{html.escape(r.forecaster)}<br><small>made {html.escape(str(r.made_on))}</small></td>"
        f"<td>{html.escape(rng(r))} {html.escape(r.unit)}"
        + (f"<br><small>probability {fmt(r.probability, 0 if r.probability >= 0.01 else 2, percent=True)}</small>" if pd.notna(r.probability) else "")
        + f"<br><small>due {html.escape(str(r.due))}</small></td>"
        f"<td>{num(r.outcome, r.unit)}{'' if pd.isna(r.outcome) else ' ' + html.escape(r.unit)}"
        + (f"<br><small>{'final' if r.outcome_final else 'interim'}, {html.escape(str(r.outcome_as_of))}</small>" if pd.notna(r.outcome) else "")
        + (f"<br><small>{html.escape(str(r.outcome_note))}</small>" if isinstance(r.outcome_note, str) else "")
        + f'</td><td><span class="status status-{r.status}">{_STATUS[r.status]}</span></td></tr>'
        for r in d.itertuples()
    )
    return _Table('<div class="book-table"><table class="forecast-table"><thead><tr><th>Forecast</th><th>Who, when</th>'
                  f"<th>Range and due date</th><th>Outcome so far</th><th>Status</th></tr></thead><tbody>{rows}</tbody></table></div>")
