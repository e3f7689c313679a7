"""The fact-check ledger: every checkable claim of the five articles, validated across its parts.

The ledger is stored as one dataset per chapter, ``data/claims_chNN.csv`` with
``data/claims_chNN.yml``, so each chapter's claims live beside that chapter's sources. All parts
share one set of columns (:data:`COLUMNS`). :func:`ledger` validates every part through
:mod:`helpers.data` and adds the rules that span rows and parts: the chapter matches the file,
ids are unique across parts, related ids exist, a verdict that changed keeps its earlier verdict
and date, and a section label is one the article's own structure has (``data/articles.yml``).

Rendering (tables, badges, the ledger browser) lives in :mod:`helpers.pages`.
"""
from __future__ import annotations

import copy
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from ..paths import CHAPTERS_FILE, DATA_DIR
from . import DataValidationError, list_datasets, load_dataset

__all__ = ["ARTICLES", "VERDICTS", "VERDICT_GROUPS", "COLUMNS", "sections", "chapter_numbers", "chapter_titles",
           "ledger", "ledger_part", "verdict_counts", "verdict_changes", "scoreboard"]

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
#: How the scoreboard groups verdicts: the claim holds, fails, or stays open.
VERDICT_GROUPS = {
    "confirmed": "holds",
    "confirmed_with_caveat": "holds",
    "wrong_unit_or_magnitude": "fails",
    "outdated": "fails",
    "misattributed": "fails",
    "contradicted": "fails",
    "not_yet_testable": "open",
    "unverifiable": "open",
}
#: Columns every ledger part has, in order.
COLUMNS = [
    "claim_id", "article", "section", "chapter", "claim", "stated", "unit", "refers_to",
    "made_on", "checked", "verdict", "reason", "related", "source",
    "checked_on", "earlier_verdict", "earlier_checked_on", "change_reason", "headline",
]
_PART = re.compile(r"^claims_ch(\d{2})$")


_SPEC_CACHE: dict = {}


def book_spec() -> dict:
    """``book/chapters.yml`` parsed once per version of the file (keyed on its mtime and size)."""
    st = CHAPTERS_FILE.stat()
    stamp = (str(CHAPTERS_FILE), st.st_mtime_ns, st.st_size)
    if stamp not in _SPEC_CACHE:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        _SPEC_CACHE.clear()
        _SPEC_CACHE[stamp] = yaml.load(CHAPTERS_FILE.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
    return copy.deepcopy(_SPEC_CACHE[stamp])


def _chapters() -> list[dict]:
    return [ch for part in book_spec()["parts"] for ch in part["chapters"]]


def chapter_numbers() -> list[int]:
    """Chapter numbers of the book's map (``book/chapters.yml``), the one place they are defined."""
    return [int(ch["n"]) for ch in _chapters()]


def chapter_titles() -> dict[int, str]:
    """Chapter number -> title, from ``book/chapters.yml``."""
    return {int(ch["n"]): ch["title"] for ch in _chapters()}


def sections(data_dir: Path | str | None = None) -> dict[str, set[str]]:
    """Article -> the section labels its structure allows (``data/articles.yml``)."""
    d = Path(data_dir) if data_dir is not None else DATA_DIR
    return _sections(str(d / "articles.yml"), (d / "articles.yml").stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _sections(path: str, _mtime: int) -> dict[str, set[str]]:
    spec = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {a: set(v["sections"]) for a, v in spec.items()}


def ledger_part(chapter: int, data_dir: Path | str | None = None) -> pd.DataFrame:
    """One chapter's validated claims, with a ``source_refs`` column of :class:`~helpers.data.Source` lists."""
    numbers = chapter_numbers()
    if isinstance(chapter, bool) or not isinstance(chapter, int) or chapter not in numbers:
        raise ValueError(f"chapter must be an integer in {min(numbers)}-{max(numbers)}, got {chapter!r}")
    name = f"claims_ch{chapter:02d}"
    d = Path(data_dir) if data_dir is not None else DATA_DIR
    if name not in list_datasets(d):
        raise ValueError(f"the ledger has no claims for chapter {chapter} (no data/{name}.csv)")
    ds = load_dataset(name, d)
    df = ds.frame
    path = d / f"{name}.csv"
    if list(df.columns) != COLUMNS:
        raise DataValidationError(path, f"ledger columns must be {COLUMNS}, got {list(df.columns)}")
    allowed = sections(d)
    for i, r in df.iterrows():
        line = int(i) + 2
        if r["chapter"] != chapter:
            raise DataValidationError(path, f"claim belongs to chapter {r['chapter']}, not {chapter}", line=line, column="chapter")
        for sec in str(r["section"]).split("; "):
            if sec not in allowed.get(r["article"], set()):
                raise DataValidationError(path, f"section {sec!r} is not one of {r['article']}'s sections {sorted(allowed.get(r['article'], set()))} (data/articles.yml)", line=line, column="section")
        changed = pd.notna(r["earlier_verdict"])
        if changed != pd.notna(r["earlier_checked_on"]) or changed != pd.notna(r["change_reason"]):
            raise DataValidationError(path, "a changed verdict needs earlier_verdict, earlier_checked_on and change_reason together", line=line, column="earlier_verdict")
        if changed and str(r["earlier_checked_on"]) > str(r["checked_on"]):
            raise DataValidationError(path, "earlier_checked_on is after checked_on", line=line, column="earlier_checked_on")
        if changed and r["earlier_verdict"] == r["verdict"]:
            raise DataValidationError(path, "earlier_verdict equals the current verdict: nothing changed", line=line, column="earlier_verdict")
    return df.assign(source_refs=[[ds.sources[s.strip()] for s in v.split(";")] for v in df["source"]])


def ledger(data_dir: Path | str | None = None) -> pd.DataFrame:
    """All ledger parts, validated and concatenated, sorted by chapter and claim id.

    Raises
    ------
    DataValidationError
        If a part breaks its schema or a ledger rule (see the module docstring).
    ValueError
        If a claim id is used in two parts or a related id is unknown.
    """
    d = Path(data_dir) if data_dir is not None else DATA_DIR
    frames = [ledger_part(int(m.group(1)), d) for name in list_datasets(d) if (m := _PART.match(name))]
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


def verdict_counts(df: pd.DataFrame | None = None) -> pd.DataFrame:
    """Claims by article and verdict (a tidy frame: article, verdict, n)."""
    df = ledger() if df is None else df
    return df.groupby(["article", "verdict"]).size().rename("n").reset_index()


def verdict_changes(df: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows whose verdict changed when new evidence came in, newest check first."""
    df = ledger() if df is None else df
    return df[df["earlier_verdict"].notna()].sort_values(["checked_on", "chapter"], ascending=[False, True])


def scoreboard(df: pd.DataFrame | None = None) -> dict[str, int]:
    """How many claims the ledger holds and how many hold, fail or stay open (:data:`VERDICT_GROUPS`)."""
    df = ledger() if df is None else df
    groups = df["verdict"].map(VERDICT_GROUPS)
    out = {"claims": int(len(df))}
    for g in ("holds", "fails", "open"):
        out[g] = int((groups == g).sum())
    out["changed"] = int(df["earlier_verdict"].notna().sum())
    out["last_checked"] = str(df["checked_on"].max()) if len(df) else ""
    return out
