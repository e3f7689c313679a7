"""The landing page's parts: the scoreboard, the headline corrections and the chapter map.

All computed from the ledger and the chapter map, never typed, so the front door cannot disagree
with the chapters behind it.
"""
from __future__ import annotations

import html

import pandas as pd

from ..data.ledger import ARTICLES, VERDICT_GROUPS, book_spec, ledger, scoreboard
from .ledger import LEDGER_PAGE, badge
from .tables import _Table

__all__ = ["scoreboard_html", "headlines_html", "chapter_map_html", "gauges_html"]


def scoreboard_html(df: pd.DataFrame | None = None, forecasts: pd.DataFrame | None = None) -> _Table:
    """Tiles: claims checked, how many hold, fail, stay open; forecasts scored (if given)."""
    df = ledger() if df is None else df
    sb = scoreboard(df)
    pct = lambda k: f"{100 * sb[k] / sb['claims']:.0f}%" if sb["claims"] else "–"  # noqa: E731
    tiles = [
        (sb["claims"], "claims from the five articles checked", "scoreboard-claims"),
        (sb["holds"], f"hold up ({pct('holds')}), fully or with a caveat", "scoreboard-holds"),
        (sb["fails"], f"fail ({pct('fails')}): wrong, garbled, outdated or mis-attributed", "scoreboard-fails"),
        (sb["open"], f"stay open ({pct('open')}): forecasts not yet due, or untraceable", "scoreboard-open"),
    ]
    if forecasts is not None and len(forecasts):
        counts = forecasts["status"].value_counts()
        scored = int(counts.get("hit", 0) + counts.get("missed", 0))
        tiles.append((len(forecasts), f"dated forecasts tracked; {scored} resolved, {int(counts.get('hit', 0))} hit", "scoreboard-forecasts"))
    body = "".join(f'<div class="tile" id="{i}"><span class="n">{n}</span><span class="what">{html.escape(w)}</span></div>' for n, w, i in tiles)
    return _Table(f'<div class="scoreboard" role="group" aria-label="Fact-check scoreboard">{body}</div>'
                  f'<p class="book-table-note">Evidence last checked {html.escape(sb["last_checked"])}; '
                  f'{sb["changed"]} verdicts changed since the first edition.</p>')


def headlines_html(df: pd.DataFrame | None = None) -> _Table:
    """The ledger rows marked as headline corrections: what was claimed, what the record shows."""
    df = ledger() if df is None else df
    h = df[df["headline"].fillna(False).astype(bool)]
    if h.empty:
        return _Table("<p>No headline corrections are marked in the ledger.</p>")
    items = "".join(
        f'<li><strong>{html.escape(r.claim)}</strong> ({html.escape(r.article)} {html.escape(ARTICLES[r.article])}; stated '
        f"{html.escape(r.stated)}). {badge(r.verdict)} {html.escape(r.reason.rstrip('.'))}. "
        f'<a href="{LEDGER_PAGE}?q={html.escape(r.claim_id)}#claim-{html.escape(r.claim_id)}">Evidence</a></li>'
        for r in h.sort_values("chapter").itertuples()
    )
    return _Table(f'<ul class="headline-corrections">{items}</ul>')


def chapter_map_html(df: pd.DataFrame | None = None) -> _Table:
    """Every chapter: part, link, the article sections it answers, and how its claims fared."""
    df = ledger() if df is None else df
    spec = book_spec()
    groups = df.assign(g=df["verdict"].map(VERDICT_GROUPS)).groupby(["chapter", "g"]).size().unstack(fill_value=0)
    rows = []
    for part in spec["parts"]:
        for i, c in enumerate(part["chapters"]):
            n = int(c["n"])
            g = groups.loc[n] if n in groups.index else pd.Series(dtype=int)
            fared = f"{int(g.get('holds', 0))} hold · {int(g.get('fails', 0))} fail · {int(g.get('open', 0))} open"
            rows.append(
                f'<tr><td>{html.escape(part["caption"]) if i == 0 else ""}</td>'
                f'<td><a href="{html.escape(c["file"])}.html">{n}. {html.escape(c["title"])}</a></td>'
                f'<td>{html.escape(c["covers"])}</td><td class="num">{fared}</td></tr>'
            )
    return _Table('<div class="book-table"><table class="chapter-map"><thead><tr><th>Part</th><th>Chapter</th>'
                  f'<th>Article sections it answers</th><th>Claims</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def gauges_html(readings: pd.DataFrame) -> _Table:
    """The dashboard's headline gauges as cards: status in words and colour, the reading, the date of its data."""
    words = {"ok": "OK", "warn": "Warning", "alarm": "Alarm"}
    cls = {"ok": "hit", "warn": "off_track", "alarm": "missed"}
    cards = "".join(
        f'<div class="gauge"><strong>{html.escape(r.gauge)}</strong> '
        f'<span class="status status-{cls[r.status]}">{words[r.status]}</span>'
        f"<br>{html.escape(r.measure)}: <strong>{html.escape(r.reading)}</strong>"
        f'<br><small>data to {pd.Timestamp(r.as_of).strftime("%B %Y")}</small></div>'
        for r in readings.itertuples()
    )
    return _Table(f'<div class="gauges" role="group" aria-label="The three gauges">{cards}</div>')
