"""The data contract: what a dataset's metadata must say and what its CSV must satisfy.

A dataset is ``data/<name>.csv`` plus ``data/<name>.yml``. The YAML declares ``title``,
``description``, ``key`` (the columns that identify a row), ``columns`` (for each its
``type``, ``unit``, ``description`` and optional ``min``, ``max``, ``allowed``, ``pattern``,
``nullable``) and ``sources`` (each with ``id``, ``publisher``, ``title``, ``url``,
``published``, ``accessed``, ``tier`` and optional ``notes``). A family of datasets with the same
columns (the parts of a ledger) names a shared ``schema`` (``data/schemas/<name>.yml``) instead
of repeating ``key`` and ``columns``.

Two ways to turn the CSV into a typed table, which must give identical frames:

* :func:`validate_frame` checks the whole contract with :mod:`pandera` (types, ranges, allowed
  values, patterns, unique keys, known sources, finite numbers) and is what
  ``python -m helpers.data.validate`` and the tests run;
* :func:`coerce_frame` only converts the types; :func:`helpers.data.load` uses it for a file
  whose exact bytes were already validated (see :mod:`helpers.data.validate`), which keeps
  pandera's import out of every chapter's kernel.

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


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice in one mapping (PyYAML keeps the last silently)."""


def _no_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False):
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
    """Check a typed frame against the whole contract with pandera; return it unchanged or raise."""
    import pandera.pandas as pa
    from pandera.errors import SchemaError, SchemaErrors

    source_ids = {s["id"] for s in meta["sources"]}
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
        cols[name] = pa.Column(TYPES[spec["type"]], checks=checks, nullable=nullable, coerce=False)
    schema = pa.DataFrameSchema(cols, strict=True, ordered=False, unique=meta["key"], report_duplicates="all")
    try:
        schema.validate(frame, lazy=True)
    except (SchemaErrors, SchemaError) as exc:
        raise _first_failure(path, exc, lines) from None
    used = {p.strip() for v in frame["source"] for p in str(v).split(";")}
    unused = source_ids - used
    if unused:
        raise DataValidationError(path.with_suffix(".yml"), f"sources never cited by a row: {sorted(unused)}")
    return frame


def _first_failure(csv_path: Path, exc, lines: list[int]) -> DataValidationError:
    cases = getattr(exc, "failure_cases", None)
    if cases is None or len(cases) == 0:
        return DataValidationError(csv_path, str(exc).splitlines()[0])
    cases = cases.copy()
    cases["_order"] = pd.to_numeric(cases["index"], errors="coerce").fillna(-1)
    rowcases = cases[cases["_order"] >= 0].sort_values("_order")
    row = rowcases.iloc[0] if len(rowcases) else cases.iloc[-1]
    column = row.get("column")
    column = None if column is None or (isinstance(column, float) and math.isnan(column)) else str(column)
    check = str(row.get("check"))
    value = row.get("failure_case")
    idx = int(row["_order"])
    line = lines[idx] if 0 <= idx < len(lines) else None
    if check == "column_in_dataframe":
        return DataValidationError(csv_path, f"declared column '{value}' is missing from the CSV", column=str(value))
    if check == "column_in_schema":
        return DataValidationError(csv_path, f"column '{value}' is not declared in the metadata", column=str(value))
    if check == "not_nullable":
        return DataValidationError(csv_path, "empty value where one is required", line=line, column=column)
    if check.startswith("dtype"):
        return DataValidationError(csv_path, f"{value!r} is not of the declared type ({check})", line=line, column=column)
    if "duplicate" in check or check == "multiple_fields_uniqueness" or column is None:
        return DataValidationError(csv_path, f"duplicate key {value!r} ({check})", line=line, column=column)
    return DataValidationError(csv_path, f"{value!r}: {check}", line=line, column=column)
