"""Data in: load the book's datasets, checked against their contracts, and look values up safely.

The first layer of the package. Every dataset is ``data/<name>.csv`` plus ``data/<name>.yml``
(see :mod:`helpers.data.contract` for what the metadata must declare). :func:`load_dataset`
returns the typed table together with its metadata as a :class:`Dataset`, whose
:meth:`Dataset.value` is the one checked way to pick a single figure out of a long table:
exactly one row must match, or the error names the dataset and the keys.

Validation: ``python -m helpers.data.validate`` checks every dataset (and the ledgers) with
the full contract and records a fingerprint of each file it passed. :func:`load_dataset` re-validates
any file whose bytes are not among those fingerprints, so an edited CSV is always checked
before it is used; an unchanged one is only converted to its declared types.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..paths import DATA_DIR, VALIDATED_STAMP
from .contract import KINDS, TIERS, TYPES, DataValidationError, coerce_frame, read_csv, read_meta, validate_frame

__all__ = [
    "DataValidationError",
    "Dataset",
    "Source",
    "KINDS",
    "TIERS",
    "TYPES",
    "load",
    "load_dataset",
    "value",
    "list_datasets",
    "loaded",
    "catalogue",
    "source_table",
]

_LOADED: set[str] = set()


@dataclass(frozen=True)
class Source:
    """One source a dataset cites."""

    id: str
    publisher: str
    title: str
    url: str
    published: str
    accessed: str
    tier: str
    notes: str = ""


@dataclass(frozen=True)
class Dataset:
    """A validated dataset: the table plus everything the metadata says about it."""

    name: str
    title: str
    description: str
    key: tuple[str, ...]
    columns: dict[str, dict[str, Any]]
    sources: dict[str, Source]
    frame: pd.DataFrame = field(repr=False)
    notes: str = ""

    def units(self) -> dict[str, str]:
        """Column name -> unit, as declared."""
        return {c: spec["unit"] for c, spec in self.columns.items()}

    def cite(self, source_id: str) -> Source:
        """The :class:`Source` with this id (``KeyError`` names the id if unknown)."""
        try:
            return self.sources[source_id]
        except KeyError:
            raise KeyError(f"dataset '{self.name}' has no source '{source_id}'") from None

    def row(self, **keys: Any) -> pd.Series:
        """The one row whose columns equal ``keys``.

        Raises
        ------
        KeyError
            If a key names no column of the dataset.
        LookupError
            If no row, or more than one row, matches; the message names the dataset, the keys
            and, for several matches, how many.

        Examples
        --------
        >>> ds = load_dataset("country_gdp")
        >>> ds.row(country="Hungary", year=2023)["kind"]
        'estimate'
        """
        if not keys:
            raise ValueError(f"dataset '{self.name}': give at least one column=value to look up")
        df = self.frame
        mask = pd.Series(True, index=df.index)
        for col, v in keys.items():
            if col not in df.columns:
                raise KeyError(f"dataset '{self.name}' has no column '{col}' (columns: {list(df.columns)})")
            mask &= df[col].eq(v).fillna(False).astype(bool)
        hits = df[mask]
        where = ", ".join(f"{k}={v!r}" for k, v in keys.items())
        if len(hits) == 0:
            raise LookupError(f"dataset '{self.name}' has no row with {where}")
        if len(hits) > 1:
            raise LookupError(f"dataset '{self.name}' has {len(hits)} rows with {where}; add keys to pick one")
        return hits.iloc[0]

    def value(self, column: str = "value", **keys: Any):
        """One cell: ``column`` of the one row matching ``keys`` (see :meth:`row`).

        Examples
        --------
        >>> load_dataset("country_gdp").value("gdp", country="Hungary", year=2023) > 100
        True
        >>> load_dataset("country_gdp").value("gdp", country="Hungary")
        Traceback (most recent call last):
        ...
        LookupError: dataset 'country_gdp' has 3 rows with country='Hungary'; add keys to pick one
        """
        r = self.row(**keys)
        if column not in r.index:
            raise KeyError(f"dataset '{self.name}' has no column '{column}'")
        v = r[column]
        return v.item() if hasattr(v, "item") else v


def list_datasets(data_dir: Path | str | None = None) -> list[str]:
    """Names of every dataset in ``data_dir`` (those with both a CSV and a YAML file)."""
    d = Path(data_dir) if data_dir is not None else DATA_DIR
    return sorted(p.stem for p in d.glob("*.csv") if p.with_suffix(".yml").exists())


def fingerprint(d: Path, name: str) -> str:
    """SHA-256 of a dataset's CSV and YAML bytes (what a validation stamp records)."""
    h = hashlib.sha256()
    for suffix in (".csv", ".yml"):
        p = d / f"{name}{suffix}"
        h.update(p.read_bytes() if p.exists() else b"<missing>")
    return h.hexdigest()


def _validated(d: str) -> dict[str, str]:
    """Fingerprints recorded by ``python -m helpers.data.validate`` for this data folder."""
    try:
        stamp = json.loads(VALIDATED_STAMP.read_text())
    except (OSError, ValueError):
        return {}
    return stamp.get("datasets", {}) if stamp.get("data_dir") == d else {}


def _stamp(d: Path, name: str) -> tuple:
    out = []
    for suffix in (".csv", ".yml"):
        p = d / f"{name}{suffix}"
        st = p.stat() if p.exists() else None
        out.append((st.st_mtime_ns, st.st_size) if st else None)
    return tuple(out)


_CACHE: dict[tuple, tuple[Dataset, bool]] = {}


def _load_cached(name: str, data_dir: str, stamp: tuple, full: bool) -> Dataset:
    """The dataset for these file stamps; a fully checked copy serves any later request for the same bytes."""
    hit = _CACHE.get((name, data_dir, stamp))
    if hit is not None and (hit[1] or not full):
        return hit[0]
    ds, checked = _read(name, data_dir, full)
    if len(_CACHE) > 512:
        _CACHE.clear()
    _CACHE[(name, data_dir, stamp)] = (ds, checked)
    return ds


def _read(name: str, data_dir: str, full: bool) -> tuple[Dataset, bool]:
    d = Path(data_dir)
    csv = d / f"{name}.csv"
    if not csv.exists():
        known = ", ".join(list_datasets(d)) or "none"
        raise DataValidationError(csv, f"unknown dataset '{name}' (known: {known})")
    meta = read_meta(d / f"{name}.yml")
    raw, lines = read_csv(csv)
    frame = coerce_frame(raw, meta, csv, lines)
    checked = full or _validated(str(d)).get(name) != fingerprint(d, name)
    if checked:
        validate_frame(frame, meta, csv, lines)
    sources = {s["id"]: Source(**{k: str(s.get(k, "")) for k in Source.__dataclass_fields__}) for s in meta["sources"]}
    return Dataset(
        name=name,
        title=meta["title"],
        description=meta["description"],
        key=tuple(meta["key"]),
        columns=meta["columns"],
        sources=sources,
        frame=frame,
        notes=meta.get("notes", "") or "",
    ), checked


def load_dataset(name: str, data_dir: Path | str | None = None, *, full_check: bool = False) -> Dataset:
    """Load a dataset, checked against its contract, with its metadata.

    Parameters
    ----------
    name : str
        Dataset name: the CSV's file name without ``.csv``.
    data_dir : path, optional
        Folder to read from; defaults to the repository's ``data/``.
    full_check : bool
        Run the full contract even if these exact bytes were validated before.

    Returns
    -------
    Dataset

    Raises
    ------
    DataValidationError
        If the dataset is unknown, malformed or breaks its declared contract.

    Examples
    --------
    >>> ds = load_dataset("us_gdp_per_capita_maddison")
    >>> ds.columns["gdp_per_capita"]["unit"]
    '2011 international dollars (PPP) per person'
    """
    if not isinstance(name, str) or not name:
        raise ValueError(f"name must be a non-empty string, got {name!r}")
    d = (Path(data_dir) if data_dir is not None else DATA_DIR).resolve()
    ds = _load_cached(name, str(d), _stamp(d, name), bool(full_check))
    _LOADED.add(name)
    return Dataset(**{**ds.__dict__, "frame": ds.frame.copy()})


def load(name: str, data_dir: Path | str | None = None) -> pd.DataFrame:
    """Load a dataset; return its table (a fresh copy). See :func:`load_dataset`."""
    return load_dataset(name, data_dir).frame


def value(name: str, column: str = "value", **keys: Any):
    """One figure from a dataset: shorthand for ``load_dataset(name).value(column, **keys)``."""
    return load_dataset(name).value(column, **keys)


def loaded() -> frozenset[str]:
    """Names of the datasets this process has loaded so far (the build records a chapter's inputs)."""
    return frozenset(_LOADED)


def source_table(name: str, data_dir: Path | str | None = None) -> pd.DataFrame:
    """The sources a dataset cites, one row each."""
    ds = load_dataset(name, data_dir)
    return pd.DataFrame([s.__dict__ for s in ds.sources.values()])


def catalogue(data_dir: Path | str | None = None) -> pd.DataFrame:
    """One row per dataset: name, title, rows, columns with units, sources."""
    rows = []
    for name in list_datasets(data_dir):
        ds = load_dataset(name, data_dir)
        rows.append(
            {
                "name": name,
                "title": ds.title,
                "description": ds.description,
                "rows": len(ds.frame),
                "columns": "; ".join(f"{c} ({u})" for c, u in ds.units().items() if c != "source"),
                "sources": list(ds.sources.values()),
            }
        )
    return pd.DataFrame(rows)
