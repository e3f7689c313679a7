"""The data contract: what a dataset's metadata must say and what its CSV must satisfy.

A dataset is ``data/<name>.csv`` plus ``data/<name>.yml``. The YAML declares ``title``,
``description``, ``key`` (the columns that identify a row), ``columns`` (for each its
``type``, ``unit``, ``description`` and optional ``min``, ``max``, ``allowed``, ``pattern``,
``nullable``) and ``sources`` (each with ``id``, ``publisher``, ``title``, ``url``,
``published``, ``accessed``, ``tier`` and optional ``notes``). A family of datasets with the same
columns (the parts of a ledger) names a shared ``schema`` (``data/schemas/<name>.yml``) instead
of repeating ``key`` and ``columns``.

Two ways to turn the CSV into a typed table, which must give identical frames:

* :func:`coerce_frame` converts the declared types (numbers must be finite, integers whole,
  booleans and dates readable);
* :func:`validate_frame` checks the rest of the contract (required values, ranges, allowed values,
  patterns, unique keys, known sources) with vectorised pandas; ``python -m helpers.data.validate``
  and the tests run it on every file, and :func:`helpers.data.load` skips it for a file whose exact
  bytes were already validated (see :mod:`helpers.data.validate`).

Every problem raises :class:`DataValidationError` naming the file, the CSV line (the
physical line in the file, counting blank lines and multi-line quoted cells) and the column.
"""
from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

__all__ = ["DataValidationError", "TYPES", "KINDS", "TIERS", "read_meta", "read_csv", "coerce_frame", "validate_frame"]

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
#: Source tiers, most trusted first: a filing or official statistic or the paper itself; a reputable
#: news outlet; a syndicated or quoted copy on another site; an aggregator or data site.
TIERS = ("primary", "reputable", "relay", "aggregator")
_REQUIRED_META = ("title", "description", "key", "columns", "sources")
_REQUIRED_COLUMN = ("type", "unit", "description")
_REQUIRED_SOURCE = ("id", "publisher", "title", "url", "published", "accessed", "tier")
_BOOL = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class DataValidationError(ValueError):
    """A dataset that breaks its contract.

    Attributes
    ----------
    path : Path
        The offending file (CSV or YAML).
    line : int or None
        The 1-based physical line of the file (the CSV header is line 1), when a row is at fault.
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


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A YAML loader that refuses a key given twice in one mapping (PyYAML keeps the last silently).

    Built on libyaml's C parser where PyYAML has it (ten times faster than the pure-Python one).
    """


def _no_duplicates(loader, node: yaml.MappingNode, deep: bool = False):
    seen = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} is given twice (first on line {seen[key] + 1})", key_node.start_mark
            )
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


def read_meta(path: Path) -> dict[str, Any]:
    """Read and check a dataset's metadata file; return it with ``key`` as a list."""
    if not path.exists():
        raise DataValidationError(path, "metadata file is missing")
    try:
        meta = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506 (safe loader subclass)
    except yaml.YAMLError as exc:
        raise DataValidationError(path, f"not valid YAML ({' '.join(str(exc).split())})") from None
    if not isinstance(meta, dict):
        raise DataValidationError(path, "metadata must be a mapping")
    if "schema" in meta:  # shared columns and key, e.g. every part of a ledger (data/schemas/<name>.yml)
        shared = path.parent / "schemas" / f"{meta['schema']}.yml"
        if not shared.exists():
            raise DataValidationError(path, f"schema '{meta['schema']}' not found (expected {shared})")
        base = yaml.load(shared.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506
        for k in ("key", "columns"):
            if k in meta:
                raise DataValidationError(path, f"'{k}' comes from schema '{meta['schema']}'; do not repeat it here")
            meta[k] = base[k]
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
            raise DataValidationError(path, f"column '{col}' has unknown type '{spec['type']}' (one of {sorted(TYPES)})")
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
                raise DataValidationError(path, f"source '{src['id']}' has {k}={src[k]!r}; expected YYYY, YYYY-MM or YYYY-MM-DD")
        if not str(src["url"]).startswith(("http://", "https://")):
            raise DataValidationError(path, f"source '{src['id']}' url must start with http(s)://")
        if src["tier"] not in TIERS:
            raise DataValidationError(path, f"source '{src['id']}' has tier={src['tier']!r}; expected one of {list(TIERS)}")
        if src["id"] in ids:
            raise DataValidationError(path, f"source id '{src['id']}' is listed twice")
        ids.add(src["id"])
    return meta


def read_csv(path: Path) -> tuple[pd.DataFrame, list[int]]:
    """The CSV as strings, and for each data row the physical line it starts on.

    Blank lines are skipped and a quoted cell may span lines, so the row number alone does not
    give the line an analyst would open; the second value does.
    """
    raw_bytes = path.read_bytes()
    if b"\x00" in raw_bytes:
        line = raw_bytes[: raw_bytes.index(b"\x00")].count(b"\n") + 1
        raise DataValidationError(path, "contains a NUL byte", line=line)
    try:
        text = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        raise DataValidationError(path, "is not valid UTF-8", line=line) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, lines, start = [], [], 1
    try:
        for rec in reader:
            if rec and any(cell.strip() for cell in rec):
                rows.append(rec)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DataValidationError(path, f"malformed CSV ({exc})", line=reader.line_num) from None
    if not rows:
        raise DataValidationError(path, "is empty")
    header, body = rows[0], rows[1:]
    if len(set(header)) != len(header):
        raise DataValidationError(path, f"header repeats a column name: {header}", line=lines[0])
    for rec, ln in zip(body, lines[1:]):
        if len(rec) != len(header):
            raise DataValidationError(path, f"malformed CSV: {len(rec)} fields where the header has {len(header)}", line=ln)
    if not body:
        raise DataValidationError(path, "has no rows")
    frame = pd.DataFrame(body, columns=header, dtype="object").replace("", None)
    return frame, lines[1:]


def _to_bool(raw: pd.Series, path: Path, lines: list[int]) -> pd.Series:
    text = raw.map(lambda v: str(v).strip().lower() if isinstance(v, str) else v)
    bad = text.notna() & ~text.isin(list(_BOOL))
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise DataValidationError(path, f"{raw.iloc[i]!r} is not a boolean (true/false, yes/no, 1/0)", line=lines[i], column=raw.name)
    return text.map(_BOOL, na_action="ignore").astype("boolean")


def coerce_frame(raw: pd.DataFrame, meta: dict[str, Any], path: Path, lines: list[int]) -> pd.DataFrame:
    """Convert the string table to the declared types (no range or allowed-value checks).

    Numbers must be finite: ``inf``, ``nan`` or ``1e999`` in a CSV is an error, whatever the
    column's declared range.
    """
    out = {}
    for col in raw.columns:
        spec = meta["columns"].get(col)
        if spec is None:
            raise DataValidationError(path, f"column '{col}' is not declared in the metadata", column=col)
        s = raw[col]
        t = spec["type"]
        if t == "string":
            out[col] = s.astype("string").str.strip()
        elif t == "boolean":
            out[col] = _to_bool(s, path, lines)
        elif t in ("number", "integer"):
            num = pd.to_numeric(s.str.strip() if s.notna().any() else s, errors="coerce")
            bad = s.notna() & (num.isna() | ~num.map(lambda v: math.isfinite(v) if pd.notna(v) else True))
            if bad.any():
                i = int(bad.to_numpy().argmax())
                what = "a finite number" if t == "number" else "an integer"
                raise DataValidationError(path, f"{s.iloc[i]!r} is not {what}", line=lines[i], column=col)
            if t == "integer":
                frac = num.notna() & (num != num.round())
                if frac.any():
                    i = int(frac.to_numpy().argmax())
                    raise DataValidationError(path, f"{s.iloc[i]!r} is not an integer", line=lines[i], column=col)
                out[col] = num.astype("Int64")
            else:
                out[col] = num.astype("float64")
        else:  # date
            d = pd.to_datetime(s, errors="coerce")
            bad = s.notna() & d.isna()
            if bad.any():
                i = int(bad.to_numpy().argmax())
                raise DataValidationError(path, f"{s.iloc[i]!r} is not a date", line=lines[i], column=col)
            out[col] = d.astype("datetime64[ns]")
    missing = [c for c in meta["columns"] if c not in raw.columns]
    if missing:
        raise DataValidationError(path, f"declared column '{missing[0]}' is missing from the CSV", column=missing[0])
    return pd.DataFrame(out, index=raw.index)


def validate_frame(frame: pd.DataFrame, meta: dict[str, Any], path: Path, lines: list[int]) -> pd.DataFrame:
    """Check a typed frame against the rest of the contract; return it unchanged or raise.

    Declared columns only, required values present, ``min``/``max``/``allowed``/``pattern`` per
    column, ``kind`` values, a known source id on every row, every listed source cited, and a unique
    key. Vectorised pandas checks: the whole ``data/`` folder validates in about a second.
    """
    source_ids = {s["id"] for s in meta["sources"]}
    extra = [c for c in frame.columns if c not in meta["columns"]]
    if extra:
        raise DataValidationError(path, f"column '{extra[0]}' is not declared in the metadata", column=extra[0])

    found: list[DataValidationError] = []

    def fail(mask: pd.Series, col: str, message) -> None:
        if mask.any():
            i = int(mask.to_numpy().argmax())
            v = frame[col].iloc[i]
            found.append(DataValidationError(path, message(v.item() if hasattr(v, "item") else v), line=lines[i], column=col))

    for name, spec in meta["columns"].items():
        col = frame[name]
        present = col.notna()
        nullable = bool(spec.get("nullable", False)) and name not in meta["key"] and name != "source"
        if not nullable:
            fail(~present, name, lambda v: "empty value where one is required")
        if "min" in spec:
            fail(present & (col < spec["min"]), name, lambda v, m=spec["min"]: f"{v!r}: value below the minimum {m}")
        if "max" in spec:
            fail(present & (col > spec["max"]), name, lambda v, m=spec["max"]: f"{v!r}: value above the maximum {m}")
        if "allowed" in spec:
            fail(present & ~col.isin(spec["allowed"]), name, lambda v, a=spec["allowed"]: f"{v!r}: value not one of {a}")
        if "pattern" in spec:
            ok = col.astype("string").str.fullmatch(spec["pattern"]).fillna(False).astype(bool) if spec["type"] == "string" else \
                col.astype("string").str.fullmatch(spec["pattern"]).fillna(False).astype(bool)
            fail(present & ~ok, name, lambda v, pt=spec["pattern"]: f"{v!r}: value does not match {pt!r}")
        if name == "kind":
            fail(present & ~col.isin(KINDS), name, lambda v: f"{v!r}: kind not one of {list(KINDS)}")
    known = frame["source"].map(lambda v: all(p.strip() in source_ids for p in str(v).split(";")))
    fail(~known.astype(bool), "source", lambda v: f"{v!r}: source id not among the metadata's sources {sorted(source_ids)}")
    if found:  # the problem nearest the top of the file first, as an analyst reads it
        raise min(found, key=lambda e: e.line)
    dup = frame.duplicated(subset=meta["key"], keep="first")
    if dup.any():
        i = int(dup.to_numpy().argmax())
        keyval = tuple(frame[k].iloc[i] for k in meta["key"])
        first = int(frame.index[(frame[meta["key"]] == frame[meta["key"]].iloc[i]).all(axis=1)][0])
        raise DataValidationError(path, f"duplicate key {keyval!r} (first on line {lines[first]})", line=lines[i])
    used = {p.strip() for v in frame["source"] for p in str(v).split(";")}
    unused = source_ids - used
    if unused:
        raise DataValidationError(path.with_suffix(".yml"), f"sources never cited by a row: {sorted(unused)}")
    return frame
