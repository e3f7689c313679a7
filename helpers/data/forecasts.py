"""The forecast ledger: every dated forecast the book touches, with its outcome so far.

Stored like the fact-check ledger, one part per chapter (``data/forecasts_chNN.csv`` + ``.yml``
naming ``schema: forecasts``). :func:`forecasts` validates every part and the rules that span
rows: the chapter matches the file, ids are unique, a related claim id exists, an outcome has a
date, and the recorded ``status`` equals the status :func:`forecast_status` computes from the numbers
(so a status is never typed by hand; ``python -m helpers.data.forecasts --write`` fills it in).
"""
from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from .._validate import array
from ..paths import DATA_DIR
from . import DataValidationError, list_datasets, load_dataset

__all__ = ["FORECAST_STATUSES", "DEFAULT_TOLERANCE", "forecast_bounds", "forecast_status", "forecasts", "computed_status"]

#: Status labels, in the order the book lists them.
FORECAST_STATUSES = ("hit", "on_track", "pending", "off_track", "missed")
#: Relative band around a point forecast that counts as a hit when a row gives no range.
DEFAULT_TOLERANCE = 0.10

_PART = re.compile(r"^forecasts_ch(\d{2})$")


def forecast_bounds(point, low, high, tolerance=DEFAULT_TOLERANCE) -> tuple[np.ndarray, np.ndarray]:
    r"""Lower and upper bounds each forecast is scored against.

    Parameters
    ----------
    point, low, high : array-like of float
        The forecast's central value and range (NaN where not given). At least one of the three
        must be given in every row.
    tolerance : float or array-like of float
        Relative half-width of the band around a point forecast without a range, in [0, 1).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Lower and upper bounds (``-inf``/``inf`` for an open side).

    Examples
    --------
    >>> lo, hi = forecast_bounds([100.0, float("nan")], [float("nan"), 5.0], [float("nan"), float("nan")])
    >>> lo.tolist(), hi.tolist()
    ([90.0, 5.0], [110.0, inf])
    """
    p = array("point", point, allow_nan=True)
    lo = array("low", low, allow_nan=True, size=p.size)
    hi = array("high", high, allow_nan=True, size=p.size)
    tol = np.broadcast_to(array("tolerance", tolerance, low=0.0, high=1.0, high_open=True, allow_nan=True), p.shape).copy()
    tol[np.isnan(tol)] = DEFAULT_TOLERANCE
    none = np.isnan(p) & np.isnan(lo) & np.isnan(hi)
    if none.any():
        raise ValueError(f"point, low and high are all missing for row {int(np.flatnonzero(none)[0])}")
    bad = ~np.isnan(lo) & ~np.isnan(hi) & (lo > hi)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(f"low must be <= high, got low={lo[i]!r} > high={hi[i]!r} in row {i}")
    ranged = ~np.isnan(lo) | ~np.isnan(hi)
    band = np.abs(p) * tol
    out_lo = np.where(ranged, np.where(np.isnan(lo), -np.inf, lo), p - band)
    out_hi = np.where(ranged, np.where(np.isnan(hi), np.inf, hi), p + band)
    return out_lo, out_hi


def forecast_status(point, low, high, outcome, outcome_final, tolerance=DEFAULT_TOLERANCE) -> np.ndarray:
    """Status of each forecast from its range and the outcome observed so far (see module notes).

    Parameters
    ----------
    point, low, high : array-like of float
        The forecast (see :func:`forecast_bounds`).
    outcome : array-like of float
        The latest observed value of the forecast quantity, NaN if none yet.
    outcome_final : array-like of bool
        True if ``outcome`` is the final value for the due period, False for an interim reading.
    tolerance : float or array-like of float
        See :func:`forecast_bounds`.

    Returns
    -------
    numpy.ndarray of str
        One of :data:`FORECAST_STATUSES` per forecast.

    Examples
    --------
    >>> forecast_status([100, 100, 100, 100], [float("nan")] * 4, [float("nan")] * 4,
    ...                 [105, 150, 95, float("nan")], [True, True, False, False]).tolist()
    ['hit', 'missed', 'on_track', 'pending']
    """
    lo, hi = forecast_bounds(point, low, high, tolerance)
    o = array("outcome", outcome, allow_nan=True, size=lo.size)
    final = np.asarray(outcome_final)
    if final.shape != o.shape or final.dtype != bool:
        try:
            final = np.asarray(pd.array(outcome_final, dtype="boolean").fillna(False), dtype=bool)
        except (TypeError, ValueError):
            raise ValueError(f"outcome_final must be booleans, one per forecast, got {outcome_final!r}") from None
        if final.shape != o.shape:
            raise ValueError(f"outcome_final has {final.size} values for {o.size} forecasts")
    inside = (o >= lo) & (o <= hi)
    status = np.where(final, np.where(inside, "hit", "missed"), np.where(inside, "on_track", "off_track"))
    return np.where(np.isnan(o), "pending", status).astype(object)



def computed_status(df: pd.DataFrame) -> pd.Series:
    """The status each row's numbers imply (see :func:`helpers.models.forecasts.forecast_status`)."""
    f = lambda c: df[c].astype(float).to_numpy()  # noqa: E731
    tol = df["tolerance"].astype(float).to_numpy()
    st = forecast_status(f("point"), f("low"), f("high"), f("outcome"), df["outcome_final"].fillna(False).astype(bool).to_numpy(), tol)
    return pd.Series(st, index=df.index, name="status")


def _part(name: str, chapter: int, d: Path) -> pd.DataFrame:
    ds = load_dataset(name, d)
    df = ds.frame
    path = d / f"{name}.csv"
    for i, r in df.iterrows():
        line = int(i) + 2
        if r["chapter"] != chapter:
            raise DataValidationError(path, f"forecast belongs to chapter {r['chapter']}, not {chapter}", line=line, column="chapter")
        if not r["forecast_id"].startswith(f"F{chapter:02d}-"):
            raise DataValidationError(path, f"forecast id must start with F{chapter:02d}-", line=line, column="forecast_id")
        if pd.notna(r["outcome"]) and pd.isna(r["outcome_as_of"]):
            raise DataValidationError(path, "an outcome needs outcome_as_of", line=line, column="outcome_as_of")
        if pd.isna(r["point"]) and pd.isna(r["low"]) and pd.isna(r["high"]):
            raise DataValidationError(path, "give point, low or high", line=line, column="point")
        if pd.notna(r["low"]) and pd.notna(r["high"]) and r["low"] > r["high"]:
            raise DataValidationError(path, f"low {r['low']} is above high {r['high']}", line=line, column="low")
        if str(r["due"]) < str(r["made_on"])[: len(str(r["due"]))]:
            raise DataValidationError(path, f"due {r['due']} is before made_on {r['made_on']}", line=line, column="due")
    comp = computed_status(df)
    bad = df.index[comp != df["status"]]
    if len(bad):
        i = bad[0]
        raise DataValidationError(
            path, f"status {df.loc[i, 'status']!r} disagrees with the computed {comp[i]!r}; run python -m helpers.data.forecasts --write",
            line=int(i) + 2, column="status",
        )
    lo, hi = forecast_bounds(df["point"].astype(float), df["low"].astype(float), df["high"].astype(float), df["tolerance"].astype(float))
    return df.assign(lo_bound=lo, hi_bound=hi, source_refs=[[ds.sources[s.strip()] for s in v.split(";")] for v in df["source"]])


def forecasts(data_dir: Path | str | None = None, chapter: int | None = None) -> pd.DataFrame:
    """Every forecast ledger part, validated and concatenated, sorted by chapter and id.

    Adds ``lo_bound``/``hi_bound`` (the range each forecast is scored on) and ``source_refs``.
    With ``chapter``, only that chapter's part is read and checked (a chapter page then depends
    on its own part alone); the rules that span parts -- ids unique across the book, links to
    known claims -- are checked by the whole-book call, which ``python -m helpers.data.validate``
    makes before any notebook runs.
    """
    d = Path(data_dir) if data_dir is not None else DATA_DIR
    parts = [(name, int(m.group(1))) for name in list_datasets(d) if (m := _PART.match(name))]
    if chapter is not None:
        known_chapters = sorted(n for _, n in parts)
        if isinstance(chapter, bool) or not isinstance(chapter, int) or chapter not in known_chapters:
            raise ValueError(f"chapter must be one of the forecast ledger's chapters {known_chapters}, got {chapter!r}")
        return _part(f"forecasts_ch{chapter:02d}", chapter, d).sort_values("forecast_id").reset_index(drop=True)
    frames = [_part(name, n, d) for name, n in parts]
    if not frames:
        return pd.DataFrame()
    out = pd.concat(frames, ignore_index=True)
    dup = out["forecast_id"].duplicated(keep=False)
    if dup.any():
        raise ValueError(f"forecast ids used twice: {sorted(set(out.loc[dup, 'forecast_id']))}")
    from .ledger import ledger

    known = set(ledger(d)["claim_id"])
    for fid, cid in zip(out["forecast_id"], out["claim_id"]):
        if isinstance(cid, str) and cid and cid not in known:
            raise ValueError(f"forecast {fid} links to unknown claim '{cid}'")
    return out.sort_values(["chapter", "forecast_id"]).reset_index(drop=True)


def write_status(data_dir: Path | str | None = None) -> int:
    """Fill in the computed status of every forecast ledger part in place; return how many changed."""
    from .contract import coerce_frame, read_csv, read_meta

    d = Path(data_dir) if data_dir is not None else DATA_DIR
    changed = 0
    for name in list_datasets(d):
        if not _PART.match(name):
            continue
        path = d / f"{name}.csv"
        raw, lines = read_csv(path)
        frame = coerce_frame(raw, read_meta(d / f"{name}.yml"), path, lines)
        comp = computed_status(frame)
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        for r, s in zip(rows, comp):
            if r["status"] != s:
                r["status"] = s
                changed += 1
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(rows[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        path.write_text(buf.getvalue(), encoding="utf-8")
    return changed


if __name__ == "__main__":
    if "--write" in sys.argv:
        print(f"{write_status()} status value(s) updated")
    else:
        print(forecasts()[["forecast_id", "status"]].to_string(index=False))
