"""The one editorial table: human headers with units, no index, "–" for missing, rounding by column,
about ten rows shown and the rest behind "Show the data" with a link to the CSV.

Every table a reader meets goes through :func:`table` (the ledgers have their own layouts in
:mod:`helpers.pages.ledger`), so no raw DataFrame, index or snake_case header reaches the page.
"""
from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

__all__ = ["Column", "table", "fmt"]

MISSING = "–"


class Column:
    """How one column is shown: header (with units) and number format.

    Parameters
    ----------
    name : str
        Column of the frame.
    header : str
        Reader-facing header, with the unit in brackets where there is one: "Capex (USD bn)".
    decimals : int, optional
        Digits after the point for numbers (thousands separated); ``None`` shows text as is.
    percent : bool
        Multiply a fraction by 100 and add "%".
    """

    def __init__(self, name: str, header: str, decimals: int | None = None, percent: bool = False):
        if not isinstance(header, str) or not header.strip():
            raise ValueError(f"header must be a non-empty string, got {header!r}")
        if decimals is not None and (isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 6):
            raise ValueError(f"decimals must be an integer in 0-6 or None, got {decimals!r}")
        self.name, self.header, self.decimals, self.percent = name, header, decimals, percent


def fmt(value: Any, decimals: int | None = None, percent: bool = False) -> str:
    """One cell as text: "–" for missing, numbers rounded with thousands separators.

    Examples
    --------
    >>> fmt(1234.567, 1), fmt(float("nan"), 1), fmt(0.125, 1, percent=True), fmt("Oracle")
    ('1,234.6', '–', '12.5%', 'Oracle')
    """
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    try:
        if pd.isna(value):
            return MISSING
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if decimals is not None and isinstance(value, (int, float)) or hasattr(value, "dtype") and decimals is not None:
        v = float(value) * (100 if percent else 1)
        return f"{v:,.{decimals}f}" + ("%" if percent else "")
    return str(value)


class _Table:
    def __init__(self, html_text: str):
        self.html = html_text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:  # what a plain console shows
        return "<editorial table>"


def table(df: pd.DataFrame, columns: Sequence[Column], *, caption: str | None = None, max_rows: int = 10,
          csv: str | None = None, note: str | None = None) -> _Table:
    """An editorial HTML table of ``df`` (see the module docstring).

    Parameters
    ----------
    df : pandas.DataFrame
        The rows to show, in order (the index is never shown).
    columns : sequence of Column
        Which columns, with their headers and formats.
    caption : str, optional
        A one-line caption stating what the table shows.
    max_rows : int
        Rows shown before "Show the data" (the rest, and the full table, are behind it).
    csv : str, optional
        Dataset name whose CSV the "Show the data" block links to (``data/<csv>.csv`` in the site).
    note : str, optional
        A note under the table (sources, definitions).

    Examples
    --------
    >>> t = table(pd.DataFrame({"firm": ["A"], "capex": [12.34]}), [Column("firm", "Firm"), Column("capex", "Capex (USD bn)", 1)])
    >>> "12.3" in t.html and "<th>Capex (USD bn)</th>" in t.html
    True
    """
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"df must be a pandas DataFrame, got {type(df).__name__}")
    cols = list(columns)
    if not cols or not all(isinstance(c, Column) for c in cols):
        raise ValueError("columns must be a non-empty list of Column")
    missing = [c.name for c in cols if c.name not in df.columns]
    if missing:
        raise ValueError(f"columns name {missing}, which df does not have (it has {list(df.columns)})")
    if isinstance(max_rows, bool) or not isinstance(max_rows, int) or max_rows < 1:
        raise ValueError(f"max_rows must be a positive integer, got {max_rows!r}")
    head = "".join(f"<th>{html.escape(c.header)}</th>" for c in cols)

    def body(frame: pd.DataFrame) -> str:
        out = []
        for _, r in frame.iterrows():
            cells = []
            for c in cols:
                text = fmt(r[c.name], c.decimals, c.percent)
                cls = ' class="num"' if c.decimals is not None else ""
                cells.append(f"<td{cls}>{html.escape(text)}</td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        return "".join(out)

    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    shown = df.head(max_rows)
    parts = [f'<div class="book-table"><table>{cap}<thead><tr>{head}</tr></thead><tbody>{body(shown)}</tbody></table>']
    rest = len(df) - len(shown)
    link = f' <a href="data/{html.escape(csv)}.csv" download>Download the CSV</a>.' if csv else ""
    if rest > 0 or csv:
        label = f"Show the data ({len(df)} rows)" if rest > 0 else "Show the data"
        full = f'<table><thead><tr>{head}</tr></thead><tbody>{body(df)}</tbody></table>' if rest > 0 else ""
        parts.append(f'<details class="book-table-more"><summary>{label}</summary>{full}<p>{link.strip()}</p></details>')
    if note:
        parts.append(f'<p class="book-table-note">{html.escape(note)}</p>')
    parts.append("</div>")
    return _Table("".join(parts))
