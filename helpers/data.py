"""Load and validate the book's datasets.

Every dataset is two files in ``data/``:

``<name>.csv``
    The frozen snapshot. One row per observation. It must have a ``source``
    column holding one or more source ids separated by ``;``.
``<name>.yml``
    Its metadata: ``title``, ``description``, ``key`` (the columns that identify a
    row), ``columns`` (for each column its ``type``, ``unit``, ``description`` and
    optional ``min``, ``max``, ``allowed``, ``pattern``, ``nullable``) and
    ``sources`` (each with ``id``, ``publisher``, ``title``, ``url``,
    ``published`` and ``accessed``; optional ``notes``).

:func:`load` reads both, checks the metadata, then validates the table with a
:mod:`pandera` schema built from the metadata: declared columns and types, value
ranges, allowed values, unique keys, and a known source on every row. Any problem
raises :class:`DataValidationError` (a :class:`ValueError`) naming the file, the
CSV line and the column.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa
import yaml
from pandera.errors import SchemaError, SchemaErrors

from ._paths import DATA_DIR

__all__ = [
    "DataValidationError",
    "Dataset",
    "Source",
    "load",
    "load_dataset",
    "list_datasets",
    "catalogue",
    "source_table",
]

#: Column types a metadata file may declare, and the pandas dtype each becomes.
TYPES = {
    "integer": "Int64",
    "number": "float64",
    "string": "string",
    "boolean": "boolean",
    "date": "datetime64[ns]",
}
#: Values allowed in a ``kind`` column, wherever a dataset has one.
KINDS = ("actual", "estimate", "guidance", "projection", "reported")
_REQUIRED_META = ("title", "description", "key", "columns", "sources")
_REQUIRED_COLUMN = ("type", "unit", "description")
_REQUIRED_SOURCE = ("id", "publisher", "title", "url", "published", "accessed")
_BOOL = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class DataValidationError(ValueError):
    """A dataset that breaks its contract.

    Attributes
    ----------
    path : Path
        The offending file (CSV or YAML).
    line : int or None
        The 1-based line of the CSV file (the header is line 1), when a row is at fault.
    column : str or None
        The column at fault, when there is one.
    """

    def __init__(self, path: Path, message: str, line: int | None = None, column: str | None = None):
        self.path = Path(path)
        self.line = line
        self.column = column
        where = self.path.name
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Source:
    """One source a dataset cites."""

    id: str
    publisher: str
    title: str
    url: str
    published: str
    accessed: str
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


def list_datasets(data_dir: Path | str | None = None) -> list[str]:
    """Names of every dataset in ``data_dir`` (those with both a CSV and a YAML file)."""
    d = Path(data_dir) if data_dir is not None else DATA_DIR
    return sorted(p.stem for p in d.glob("*.csv") if p.with_suffix(".yml").exists())


def _read_meta(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise DataValidationError(path, "metadata file is missing")
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataValidationError(path, f"not valid YAML ({exc})") from None
    if not isinstance(meta, dict):
        raise DataValidationError(path, "metadata must be a mapping")
    for k in _REQUIRED_META:
        if k not in meta or meta[k] in (None, "", [], {}):
            raise DataValidationError(path, f"metadata lacks '{k}'")
    if not isinstance(meta["columns"], dict):
        raise DataValidationError(path, "'columns' must map column names to specs")
    for col, spec in meta["columns"].items():
        if not isinstance(spec, dict):
            raise DataValidationError(path, f"column '{col}' spec must be a mapping")
        for k in _REQUIRED_COLUMN:
            if not spec.get(k):
                raise DataValidationError(path, f"column '{col}' lacks '{k}'")
        if spec["type"] not in TYPES:
            raise DataValidationError(
                path, f"column '{col}' has unknown type '{spec['type']}' (one of {sorted(TYPES)})"
            )
    if "source" not in meta["columns"]:
        raise DataValidationError(path, "every dataset needs a 'source' column")
    key = meta["key"] if isinstance(meta["key"], list) else [meta["key"]]
    for k in key:
        if k not in meta["columns"]:
            raise DataValidationError(path, f"key column '{k}' is not declared in 'columns'")
    meta["key"] = key
    ids = set()
    for i, src in enumerate(meta["sources"]):
        if not isinstance(src, dict):
            raise DataValidationError(path, f"source #{i + 1} must be a mapping")
        for k in _REQUIRED_SOURCE:
            if not src.get(k):
                raise DataValidationError(path, f"source '{src.get('id', i + 1)}' lacks '{k}'")
        for k in ("published", "accessed"):
            if not _DATE_RE.match(str(src[k])):
                raise DataValidationError(
                    path, f"source '{src['id']}' has {k}={src[k]!r}; expected YYYY, YYYY-MM or YYYY-MM-DD"
                )
        if not str(src["url"]).startswith(("http://", "https://")):
            raise DataValidationError(path, f"source '{src['id']}' url must start with http(s)://")
        if src["id"] in ids:
            raise DataValidationError(path, f"source id '{src['id']}' is listed twice")
        ids.add(src["id"])
    return meta


def _schema(meta: dict[str, Any], source_ids: set[str]) -> pa.DataFrameSchema:
    cols = {}
    for name, spec in meta["columns"].items():
        checks = []
        if "min" in spec:
            checks.append(pa.Check.ge(spec["min"], error=f"value below the minimum {spec['min']}"))
        if "max" in spec:
            checks.append(pa.Check.le(spec["max"], error=f"value above the maximum {spec['max']}"))
        if "allowed" in spec:
            checks.append(pa.Check.isin(spec["allowed"], error=f"value not one of {spec['allowed']}"))
        if "pattern" in spec:
            checks.append(pa.Check.str_matches(spec["pattern"], error=f"value does not match {spec['pattern']!r}"))
        if name == "kind":
            checks.append(pa.Check.isin(KINDS, error=f"kind not one of {list(KINDS)}"))
        if name == "source":
            checks.append(
                pa.Check(
                    lambda s: s.map(lambda v: all(p.strip() in source_ids for p in str(v).split(";"))),
                    element_wise=False,
                    error=f"source id not among the metadata's sources {sorted(source_ids)}",
                )
            )
        nullable = bool(spec.get("nullable", False)) and name not in meta["key"] and name != "source"
        cols[name] = pa.Column(TYPES[spec["type"]], checks=checks, nullable=nullable, coerce=True)
    return pa.DataFrameSchema(cols, strict=True, ordered=False, unique=meta["key"], report_duplicates="all")


def _first_failure(csv: Path, exc: SchemaErrors | SchemaError) -> DataValidationError:
    cases = getattr(exc, "failure_cases", None)
    if cases is None or len(cases) == 0:
        return DataValidationError(csv, str(exc).splitlines()[0])
    cases = cases.copy()
    # Rows first (lowest CSV line), then table-level problems.
    cases["_order"] = pd.to_numeric(cases["index"], errors="coerce").fillna(-1)
    row = cases.sort_values("_order").iloc[-1] if (cases["_order"] < 0).all() else cases[cases["_order"] >= 0].sort_values("_order").iloc[0]
    column = row.get("column")
    check = str(row.get("check"))
    value = row.get("failure_case")
    idx = row["_order"]
    line = int(idx) + 2 if idx >= 0 else None
    if check == "column_in_dataframe":
        return DataValidationError(csv, f"declared column '{value}' is missing from the CSV", column=str(value))
    if check == "column_in_schema":
        return DataValidationError(csv, f"column '{value}' is not declared in the metadata", column=str(value))
    if check == "not_nullable":
        return DataValidationError(csv, "empty value where one is required", line=line, column=column)
    if check.startswith("coerce_dtype") or check.startswith("dtype"):
        return DataValidationError(csv, f"{value!r} is not of the declared type ({check})", line=line, column=column)
    if "duplicate" in check or check == "multiple_fields_uniqueness" or column is None or pd.isna(column):
        return DataValidationError(csv, f"duplicate key {value!r} ({check})", line=line, column=None if pd.isna(column) else column)
    return DataValidationError(csv, f"{value!r}: {check}", line=line, column=column)


def _stamp(d: Path, name: str) -> tuple:
    """Size and modification time of a dataset's files: the cache key changes when either file does."""
    out = []
    for suffix in (".csv", ".yml"):
        p = d / f"{name}{suffix}"
        st = p.stat() if p.exists() else None
        out.append((st.st_mtime_ns, st.st_size) if st else None)
    return tuple(out)


@lru_cache(maxsize=256)
def _load_cached(name: str, data_dir: str, stamp: tuple) -> Dataset:
    d = Path(data_dir)
    csv = d / f"{name}.csv"
    if not csv.exists():
        known = ", ".join(list_datasets(d)) or "none"
        raise DataValidationError(csv, f"unknown dataset '{name}' (known: {known})")
    meta = _read_meta(d / f"{name}.yml")
    try:
        raw = pd.read_csv(csv, dtype=str, keep_default_na=False, na_values=[""], comment=None)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise DataValidationError(csv, f"malformed CSV ({exc})".strip(), line=int(m.group(1)) if m else None) from None
    if raw.empty:
        raise DataValidationError(csv, "has no rows")
    for col in raw.columns:
        ctype = meta["columns"].get(col, {}).get("type")
        if ctype == "string":
            raw[col] = raw[col].astype("string").str.strip()
        elif ctype == "boolean":  # CSV text to booleans (true/false, yes/no, 1/0)
            text = raw[col].map(lambda v: str(v).strip().lower() if isinstance(v, str) else v)
            bad = text.notna() & ~text.isin(list(_BOOL))
            if bad.any():
                i = int(bad.idxmax())
                raise DataValidationError(csv, f"{raw.loc[i, col]!r} is not a boolean (true/false, yes/no, 1/0)", line=i + 2, column=col)
            raw[col] = text.map(_BOOL, na_action="ignore").astype("boolean")
    source_ids = {s["id"] for s in meta["sources"]}
    try:
        frame = _schema(meta, source_ids).validate(raw, lazy=True)
    except (SchemaErrors, SchemaError) as exc:
        raise _first_failure(csv, exc) from None
    sources = {s["id"]: Source(**{k: str(s.get(k, "")) for k in Source.__dataclass_fields__}) for s in meta["sources"]}
    unused = set(sources) - {p.strip() for v in frame["source"] for p in str(v).split(";")}
    if unused:
        raise DataValidationError(d / f"{name}.yml", f"sources never cited by a row: {sorted(unused)}")
    return Dataset(
        name=name,
        title=meta["title"],
        description=meta["description"],
        key=tuple(meta["key"]),
        columns=meta["columns"],
        sources=sources,
        frame=frame,
        notes=meta.get("notes", "") or "",
    )


def load_dataset(name: str, data_dir: Path | str | None = None) -> Dataset:
    """Load and validate a dataset, returning table and metadata together.

    Parameters
    ----------
    name : str
        Dataset name: the CSV's file name without ``.csv``.
    data_dir : path, optional
        Folder to read from; defaults to the repository's ``data/``.

    Returns
    -------
    Dataset

    Raises
    ------
    DataValidationError
        If the dataset is unknown, malformed or breaks its declared contract.

    Examples
    --------
    >>> ds = load_dataset("us_real_gdp_per_capita_maddison")  # doctest: +SKIP
    """
    if not isinstance(name, str) or not name:
        raise ValueError(f"name must be a non-empty string, got {name!r}")
    d = Path(data_dir) if data_dir is not None else DATA_DIR
    d = d.resolve()
    ds = _load_cached(name, str(d), _stamp(d, name))
    return Dataset(**{**ds.__dict__, "frame": ds.frame.copy()})


def load(name: str, data_dir: Path | str | None = None) -> pd.DataFrame:
    """Load and validate a dataset; return its table (a fresh copy).

    See :func:`load_dataset` for the metadata as well.
    """
    return load_dataset(name, data_dir).frame


def source_table(name: str, data_dir: Path | str | None = None) -> pd.DataFrame:
    """The sources a dataset cites, one row each."""
    ds = load_dataset(name, data_dir)
    return pd.DataFrame([s.__dict__ for s in ds.sources.values()])


def catalogue(data_dir: Path | str | None = None) -> pd.DataFrame:
    """One row per dataset: name, title, rows, columns with units, sources.

    Validates every dataset on the way, so a catalogue that renders is a
    catalogue whose data all pass their contracts.
    """
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
