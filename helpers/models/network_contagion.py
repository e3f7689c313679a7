r"""Contagion from the engine: who is exposed to OpenAI, and what its failure would cost them.

Chapter 5 ("Contagion: cross-holdings and the Nortel precedent") uses this module. It reads the
cross-holdings table (``data/ai_cross_holdings.csv``: stakes, investment commitments, backlogs and
customer shares, one dated figure per row) and the vendor-financing table
(``data/vendor_financing_compare.csv`` with the case recipes of ``data/vendor_financing_cases.csv``).

* :func:`engine_exposures` turns the cross-holdings rows into one exposure line per firm, as of a
  date: the engine's commitments in the firm's backlog, the firm's whole backlog, and its stake in
  the engine;
* :func:`engine_failure` is the first-round stress test: a share of the engine's commitments is
  cancelled and its equity loses value;
* :func:`vendor_financing_ratios` sets customer financing against revenue for the telecom suppliers
  of 2000 and for NVIDIA.

Public names: :data:`EXPOSURE_COLUMNS`, :func:`engine_exposures`, :func:`engine_failure`,
:func:`vendor_financing_ratios`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import InputTypeError, array, frame, probability, series

__all__ = ["EXPOSURE_COLUMNS", "engine_exposures", "engine_failure", "vendor_financing_ratios"]

#: The three exposure components, USD billions.
EXPOSURE_COLUMNS = ("backlog_from_engine", "firm_backlog", "equity_in_engine")
_HOLDINGS = ("holder", "held", "relation", "value", "unit", "as_of")


def _floats(name: str, col: pd.Series, **bounds) -> np.ndarray:
    """A column as a float array (NaN for missing), checked by :func:`helpers._validate.array`."""
    if col.dtype == object and any(isinstance(x, (bool, np.bool_, str)) for x in col):
        raise InputTypeError(f"{name} must hold numbers, got {list(col)[:6]!r}")
    raw = col.to_numpy(dtype=float, na_value=np.nan) if pd.api.types.is_numeric_dtype(col.dtype) and col.dtype != bool else col.to_numpy()
    return array(name, raw, **bounds)


def _latest(rows: pd.DataFrame) -> pd.Series | None:
    """The row with the latest ``as_of`` (dates as YYYY, YYYY-MM or YYYY-MM-DD compare as text)."""
    if rows.empty:
        return None
    return rows.loc[rows["as_of"].astype(str).sort_values(kind="stable").index[-1]]


def engine_exposures(holdings: pd.DataFrame, firms, engine: str = "OpenAI", as_of: str | None = None) -> pd.DataFrame:
    r"""One exposure line per firm from the cross-holdings table, as of a date.

    Parameters
    ----------
    holdings : pandas.DataFrame
        Rows of ``data/ai_cross_holdings.csv``: ``holder``, ``held``, ``relation``, ``value``,
        ``unit`` and ``as_of`` (YYYY, YYYY-MM or YYYY-MM-DD).
    firms : sequence of str
        Firms to report, in order (unique, non-empty).
    engine : str
        The customer whose failure is studied (held in at least one row of ``holdings``).
    as_of : str, optional
        Use only rows dated on or before this date (same format); ``None`` uses the latest row.

    Returns
    -------
    pandas.DataFrame
        Indexed by firm, with :data:`EXPOSURE_COLUMNS` (USD billions; NaN = not disclosed) and, for
        each, the date of the figure used (``*_as_of``).

    Notes
    -----
    For firm :math:`i` the rules are, each on the latest row dated on or before ``as_of``:

    * :math:`E_i` (``backlog_from_engine``): a ``backlog_from_customer`` row (holder :math:`i`,
      held = engine, USD billions); failing that, a ``backlog_share`` row :math:`\sigma_i` (percent)
      times the firm's ``backlog_total`` :math:`B_i(t_\sigma)` on the share's own date,
      :math:`E_i = \sigma_i B_i(t_\sigma) / 100`;
    * :math:`B_i` (``firm_backlog``): a ``backlog_total`` row with holder = held = :math:`i`;
    * :math:`S_i` (``equity_in_engine``): an ``equity_stake`` row in USD billions (the value of the
      stake) if there is one, else the sum of the firm's ``investment_commitment`` rows.

    Examples
    --------
    >>> h = pd.DataFrame({"holder": ["Oracle", "Oracle", "Oracle"], "held": ["OpenAI", "Oracle", "Oracle"],
    ...     "relation": ["backlog_from_customer", "backlog_total", "backlog_total"],
    ...     "value": [300.0, 523.0, 664.0], "unit": ["USD billions"] * 3,
    ...     "as_of": ["2025-09-10", "2025-11-30", "2026-08-31"]})
    >>> engine_exposures(h, ["Oracle"], as_of="2025-12-31")[["backlog_from_engine", "firm_backlog"]]
            backlog_from_engine  firm_backlog
    firm
    Oracle                300.0         523.0
    """
    frame("holdings", holdings, _HOLDINGS, min_rows=1)
    if holdings.duplicated().any():
        raise ValueError(f"holdings repeats row {holdings.index[holdings.duplicated()][0]!r} in full (a double entry)")
    if isinstance(firms, str) or not hasattr(firms, "__iter__"):
        raise InputTypeError(f"firms must be a list of firm names, got {firms!r}")
    names = [str(f) for f in firms]
    if not names or len(set(names)) != len(names):
        raise ValueError(f"firms must be non-empty and unique, got {names!r}")
    if not isinstance(engine, str) or not engine.strip():
        raise InputTypeError(f"engine must be a firm name, got {engine!r}")
    if not (holdings["held"] == engine).any():
        raise ValueError(f"engine {engine!r} is held in no row of holdings (column 'held')")
    _floats("holdings['value']", holdings["value"], low=0.0)
    h = holdings.reset_index(drop=True)
    if as_of is not None:
        if not isinstance(as_of, str) or not as_of[:4].isdigit():
            raise ValueError(f"as_of must be a date as YYYY, YYYY-MM or YYYY-MM-DD, got {as_of!r}")
        h = h[h["as_of"].astype(str) <= as_of]
    usd = h["unit"] == "USD billions"
    rows = []
    for f in names:
        own = h[h["holder"] == f]
        to_engine = own[own["held"] == engine]
        totals = own[(own["held"] == f) & (own["relation"] == "backlog_total") & usd.loc[own.index]]
        rec = {}
        b = _latest(totals)
        rec["firm_backlog"], rec["firm_backlog_as_of"] = (np.nan, None) if b is None else (float(b["value"]), str(b["as_of"]))
        e = _latest(to_engine[(to_engine["relation"] == "backlog_from_customer") & usd.loc[to_engine.index]])
        if e is not None:
            rec["backlog_from_engine"], rec["backlog_from_engine_as_of"] = float(e["value"]), str(e["as_of"])
        else:
            s = _latest(to_engine[(to_engine["relation"] == "backlog_share") & (to_engine["unit"] == "percent")])
            base = None if s is None else totals[totals["as_of"].astype(str) == str(s["as_of"])]
            if s is not None and (base is None or base.empty):
                raise ValueError(f"holdings: {f}'s backlog share of {s['as_of']} has no backlog_total row of the same date")
            rec["backlog_from_engine"] = np.nan if s is None else float(s["value"]) / 100.0 * float(base["value"].iloc[0])
            rec["backlog_from_engine_as_of"] = None if s is None else str(s["as_of"])
        st = _latest(to_engine[(to_engine["relation"] == "equity_stake") & usd.loc[to_engine.index]])
        inv = to_engine[(to_engine["relation"] == "investment_commitment") & usd.loc[to_engine.index]]
        if st is not None:
            rec["equity_in_engine"], rec["equity_in_engine_as_of"] = float(st["value"]), str(st["as_of"])
        elif not inv.empty:
            rec["equity_in_engine"] = float(inv["value"].sum())
            rec["equity_in_engine_as_of"] = str(inv["as_of"].astype(str).max())
        else:
            rec["equity_in_engine"], rec["equity_in_engine_as_of"] = np.nan, None
        rows.append(rec)
    cols = [c for k in EXPOSURE_COLUMNS for c in (k, f"{k}_as_of")]
    return pd.DataFrame(rows, index=pd.Index(names, name="firm"))[cols]


def engine_failure(exposures: pd.DataFrame, cancel_share, equity_writedown: float = 1.0) -> pd.DataFrame:
    r"""What a failure of the engine (OpenAI) would cost each supplier and investor, first round.

    Parameters
    ----------
    exposures : pandas.DataFrame
        Indexed by firm (unique), with :data:`EXPOSURE_COLUMNS`, USD billions (>= 0; missing = not
        disclosed, counted as 0 for losses; a missing ``firm_backlog`` leaves the share NaN).
    cancel_share : float or array-like
        :math:`c`, share of the engine's commitments cancelled, in [0, 1]. An array gives a grid
        (one block of rows per value, column ``cancel_share``).
    equity_writedown : float
        :math:`w`, share of the stake's value lost, in [0, 1].

    Returns
    -------
    pandas.DataFrame
        Per firm (and per ``cancel_share``): ``lost_backlog``, ``lost_backlog_share`` (a fraction of
        ``firm_backlog``), ``equity_loss`` and ``total_loss`` (USD billions).

    Notes
    -----
    For firm :math:`i` with engine backlog :math:`E_i`, own backlog :math:`B_i` and stake
    :math:`S_i`:

    .. math:: L_i = c\,E_i, \qquad \frac{L_i}{B_i}, \qquad Q_i = w\,S_i, \qquad T_i = L_i + Q_i.

    A first-round loss ignores knock-on effects: capacity re-let to other customers would make it
    smaller, fire sales and lenders pulling back would make it larger.

    Examples
    --------
    >>> e = pd.DataFrame({"backlog_from_engine": [300.0, None], "firm_backlog": [523.0, None],
    ...                   "equity_in_engine": [0.0, 30.0]}, index=["Oracle", "NVIDIA"])
    >>> engine_failure(e, 0.5, equity_writedown=0.5).round(3)
            lost_backlog  lost_backlog_share  equity_loss  total_loss
    Oracle         150.0               0.287          0.0       150.0
    NVIDIA           0.0                 NaN         15.0        15.0
    """
    frame("exposures", exposures, EXPOSURE_COLUMNS, min_rows=1)
    if exposures.index.has_duplicates:
        raise ValueError(f"exposures has a duplicated firm {exposures.index[exposures.index.duplicated()][0]!r}")
    ex = {k: _floats(f"exposures[{k!r}]", exposures[k], low=0.0, allow_nan=True) for k in EXPOSURE_COLUMNS}
    if (ex["firm_backlog"] == 0).any():
        raise ValueError("exposures['firm_backlog'] must be > 0 where given, got 0")
    w = probability("equity_writedown", equity_writedown)
    c = np.atleast_1d(array("cancel_share", cancel_share, low=0.0, high=1.0, min_size=1)).ravel()
    e = np.nan_to_num(ex["backlog_from_engine"])
    q = np.nan_to_num(ex["equity_in_engine"]) * w
    lost = np.outer(c, e)
    n = len(exposures)
    out = pd.DataFrame({"lost_backlog": lost.ravel(), "lost_backlog_share": (lost / ex["firm_backlog"]).ravel(),
                        "equity_loss": np.tile(q, c.size), "total_loss": (lost + q).ravel(),
                        "cancel_share": np.repeat(c, n)},
                       index=pd.Index(np.tile(exposures.index.to_numpy(), c.size), name=exposures.index.name))
    return out.drop(columns="cancel_share") if np.ndim(cancel_share) == 0 else out


def vendor_financing_ratios(values: pd.Series, cases: pd.DataFrame) -> pd.DataFrame:
    r"""Customer financing as a percentage of annual revenue, case by case.

    Parameters
    ----------
    values : pandas.Series
        Figures by row id (``data/vendor_financing_compare.csv``: ``row_id`` to ``value``, USD
        billions), >= 0.
    cases : pandas.DataFrame
        One row per case (``data/vendor_financing_cases.csv``): ``case``, ``financing_ids`` (row ids
        summed, separated by ``;``), ``revenue_id`` and ``revenue_periods`` (how many times the
        revenue figure is counted to make a year: 1 for annual, 4 for a quarter).

    Returns
    -------
    pandas.DataFrame
        ``cases`` with ``financing`` and ``revenue`` (USD billions) and ``pct_of_revenue`` (percent).

    Notes
    -----
    .. math:: r = 100 \, \frac{\sum_k F_k}{m \, R},

    with :math:`F_k` the financing figures, :math:`R` the revenue figure and :math:`m` its periods
    per year. Annualising one quarter (:math:`m = 4`) is a rough scale, not a forecast.

    Examples
    --------
    >>> v = pd.Series({"lend": 8.1, "rev": 37.92, "q": 46.7, "inv": 43.3})
    >>> c = pd.DataFrame({"case": ["Lucent", "NVIDIA"], "financing_ids": ["lend", "inv"],
    ...                   "revenue_id": ["rev", "q"], "revenue_periods": [1, 4]})
    >>> vendor_financing_ratios(v, c)["pct_of_revenue"].round(1).tolist()
    [21.4, 23.2]
    """
    series("values", values, low=0.0)
    frame("cases", cases, ["financing_ids", "revenue_id", "revenue_periods"], min_rows=1, key=["case"])
    per = _floats("cases['revenue_periods']", cases["revenue_periods"], low=1.0, high=12.0)

    def pick(ids: str) -> float:
        keys = [k.strip() for k in str(ids).split(";") if k.strip()]
        missing = [k for k in keys if k not in values.index]
        if not keys or missing:
            raise ValueError(f"cases names row id(s) {missing or [ids]} that values does not have")
        return float(values[keys].sum())

    out = cases.copy()
    out["financing"] = [pick(x) for x in cases["financing_ids"]]
    out["revenue"] = [pick(x) for x in cases["revenue_id"]] * per
    if (out["revenue"] <= 0).any():
        raise ValueError(f"cases: revenue must be > 0, got {out['revenue'].min()!r}")
    out["pct_of_revenue"] = 100.0 * out["financing"] / out["revenue"]
    return out
