"""The fact-check ledger: every checkable claim of the five articles.

The ledger is stored as one dataset per chapter, ``data/claims_chNN.csv`` with
``data/claims_chNN.yml``, so each chapter's claims live beside that chapter's
sources. All parts share one set of columns (:data:`COLUMNS`). :func:`ledger`
validates every part through :mod:`helpers.data` and concatenates them;
:func:`claims_table` renders one chapter's claims for its page.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

from .data import DataValidationError, list_datasets, load_dataset

__all__ = ["ARTICLES", "VERDICTS", "VERDICT_COLORS", "COLUMNS", "ledger", "claims_table", "verdict_counts", "verdict_scale"]

#: Short names of the five articles (see the introduction).
ARTICLES = {
    "A0": "Macro view",
    "A1": "Trillion-dollar bet",
    "A2": "Capex vs the market",
    "A3": "GPU finance",
    "A4": "Three fatal signals",
}
#: The fixed set of verdicts, with the label shown to readers.
VERDICTS = {
    "confirmed": "Confirmed",
    "confirmed_with_caveat": "Confirmed, with caveat",
    "wrong_unit_or_magnitude": "Wrong unit or magnitude",
    "outdated": "Outdated",
    "misattributed": "Mis-attributed",
    "contradicted": "Contradicted",
    "not_yet_testable": "Forecast, not yet testable",
    "unverifiable": "Unverifiable",
}
#: One colour per verdict (Okabe-Ito), used by every ledger chart so a verdict looks the same everywhere.
VERDICT_COLORS = {
    "confirmed": "#009E73",
    "confirmed_with_caveat": "#56B4E9",
    "wrong_unit_or_magnitude": "#E69F00",
    "outdated": "#F0E442",
    "misattributed": "#CC79A7",
    "contradicted": "#D55E00",
    "not_yet_testable": "#999999",
    "unverifiable": "#000000",
}
#: Columns every ledger part has, in order.
COLUMNS = [
    "claim_id", "article", "section", "chapter", "claim", "stated", "unit", "refers_to",
    "made_on", "checked", "verdict", "reason", "related", "source",
]
_PART = re.compile(r"^claims_ch(\d{2})$")
CHAPTERS = range(1, 19)


def _part(name: str, chapter: int, data_dir) -> pd.DataFrame:
    """One validated ledger part, with a ``source_refs`` column of :class:`~helpers.data.Source` lists."""
    ds = load_dataset(name, data_dir)
    df = ds.frame
    path = Path(data_dir or Path(__file__).resolve().parents[1] / "data") / f"{name}.csv"
    if list(df.columns) != COLUMNS:
        raise DataValidationError(path, f"ledger columns must be {COLUMNS}, got {list(df.columns)}")
    if chapter not in CHAPTERS:
        raise DataValidationError(path, f"chapter {chapter} is outside the chapter map 1-18")
    bad = df.index[df["chapter"] != chapter]
    if len(bad):
        raise DataValidationError(path, f"claim belongs to chapter {df.loc[bad[0], 'chapter']}, not {chapter}", line=int(bad[0]) + 2, column="chapter")
    return df.assign(source_refs=[[ds.sources[s.strip()] for s in v.split(";")] for v in df["source"]])


def ledger(data_dir: Path | str | None = None) -> pd.DataFrame:
    """All ledger parts, validated and concatenated, sorted by chapter and claim id.

    Raises
    ------
    DataValidationError
        If a part breaks its schema, has columns other than :data:`COLUMNS`, holds
        a claim of another chapter than its file name says, or repeats a claim id
        used in another part.
    """
    frames = [_part(name, int(m.group(1)), data_dir) for name in list_datasets(data_dir) if (m := _PART.match(name))]
    if not frames:
        return pd.DataFrame(columns=COLUMNS + ["source_refs"])
    out = pd.concat(frames, ignore_index=True)
    dup = out["claim_id"].duplicated(keep=False)
    if dup.any():
        raise ValueError(f"claim ids used twice in the ledger: {sorted(set(out.loc[dup, 'claim_id']))}")
    known = set(out["claim_id"])
    for cid, rel in zip(out["claim_id"], out["related"]):
        if isinstance(rel, str) and rel.strip():
            for r in rel.split(";"):
                if r.strip() not in known:
                    raise ValueError(f"claim {cid} links to unknown claim '{r.strip()}'")
    return out.sort_values(["chapter", "claim_id"]).reset_index(drop=True)


def verdict_scale():
    """An Altair colour scale mapping verdict labels (as in :data:`VERDICTS`) to :data:`VERDICT_COLORS`."""
    import altair as alt

    return alt.Scale(domain=list(VERDICTS.values()), range=[VERDICT_COLORS[k] for k in VERDICTS])


def verdict_counts(df: pd.DataFrame | None = None) -> pd.DataFrame:
    """Claims by article and verdict (a tidy frame: article, verdict, n)."""
    df = ledger() if df is None else df
    return df.groupby(["article", "verdict"]).size().rename("n").reset_index()


def _links(sources) -> str:
    return "; ".join(f'<a href="{html.escape(s.url)}">{html.escape(s.publisher)}</a>' for s in sources)


def claims_table(chapter: int, data_dir: Path | str | None = None):
    """The claims a chapter discusses, as an HTML table for the page.

    Parameters
    ----------
    chapter : int
        Chapter number, 1-18.

    Returns
    -------
    IPython.display.HTML
    """
    from IPython.display import HTML

    if not isinstance(chapter, (int,)) or chapter not in CHAPTERS:
        raise ValueError(f"chapter must be an integer in 1-18, got {chapter!r}")
    name = f"claims_ch{chapter:02d}"
    if name not in list_datasets(data_dir):
        raise ValueError(f"the ledger has no claims for chapter {chapter} (no data/{name}.csv)")
    df = _part(name, chapter, data_dir).sort_values("claim_id")
    rows = []
    for r in df.itertuples():
        rows.append(
            "<tr>"
            f"<td>{html.escape(r.claim_id)}</td>"
            f"<td>{html.escape(r.article)} {html.escape(r.section)}</td>"
            f"<td>{html.escape(r.claim)}<br><small>Stated: {html.escape(r.stated)}</small></td>"
            f"<td>{html.escape(r.checked)}</td>"
            f'<td><span class="verdict verdict-{r.verdict}">{VERDICTS[r.verdict]}</span><br><small>{html.escape(r.reason)}</small></td>'
            f"<td>{_links(r.source_refs)}</td>"
            "</tr>"
        )
    head = "<tr><th>Id</th><th>Article</th><th>Claim</th><th>What the record shows</th><th>Verdict</th><th>Sources</th></tr>"
    return HTML(f'<table class="claims-table"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>')
