"""Input checks for every public function: one place for "a clear error naming the parameter".

A wrong *type* (a string where a number belongs, a list where a Series belongs) raises
:class:`InputTypeError`, a wrong *value* (NaN, infinity, out of range, empty, unsorted or
duplicated index) raises :class:`ValueError`. :class:`InputTypeError` subclasses both
:class:`TypeError` and :class:`ValueError`, so a caller may catch either. Every message starts
with the public parameter's name and shows the offending value.

The pattern follows statsmodels' ``tools/validation`` (``array_like``, ``float_like``,
``int_like``): each check returns the value in the form the model computes with.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from numbers import Integral, Real

import numpy as np

__all__ = ["InputTypeError", "number", "integer", "probability", "choice", "array", "series", "frame", "finite_result", "shared_index"]

#: Largest array a public function accepts (guards against absurd sizes that would exhaust memory).
MAX_SIZE = 50_000_000


class InputTypeError(TypeError, ValueError):
    """An argument of the wrong type (also a ValueError, so ``except ValueError`` still catches it)."""


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _bounds(name: str, v: float, low, high, low_open: bool, high_open: bool, shown) -> None:
    if low is not None and (v < low or (low_open and v == low)):
        raise ValueError(f"{name} must be {'>' if low_open else '>='} {low}, got {shown}")
    if high is not None and (v > high or (high_open and v == high)):
        raise ValueError(f"{name} must be {'<' if high_open else '<='} {high}, got {shown}")


def number(name: str, value, *, low: float | None = None, high: float | None = None,
           low_open: bool = False, high_open: bool = False, allow_bool: bool = False) -> float:
    """``value`` as a finite float within the given bounds.

    ``low``/``high`` are inclusive unless ``low_open``/``high_open``. Strings and booleans are
    refused (``True`` would otherwise pass as 1.0) unless ``allow_bool``.

    Examples
    --------
    >>> number("rate", 0.05, low=0)
    0.05
    >>> number("rate", -1, low=0)
    Traceback (most recent call last):
    ...
    ValueError: rate must be >= 0, got -1
    >>> number("rate", "0.05")
    Traceback (most recent call last):
    ...
    helpers._validate.InputTypeError: rate must be a number, got '0.05'
    """
    if isinstance(value, bool) and not allow_bool or isinstance(value, (str, bytes)) or not isinstance(value, (Real, np.number)):
        raise InputTypeError(f"{name} must be a number, got {_show(value)}")
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{name} must be finite, got {_show(value)}")
    _bounds(name, v, low, high, low_open, high_open, _show(value))
    return v


def integer(name: str, value, *, low: int | None = None, high: int | None = None) -> int:
    """``value`` as an int within inclusive bounds (floats with a fraction and booleans refused).

    Examples
    --------
    >>> integer("years", 10, low=1)
    10
    """
    if isinstance(value, bool) or not isinstance(value, (Integral, np.integer)):
        if isinstance(value, (float, np.floating)) and math.isfinite(value) and float(value).is_integer():
            value = int(value)
        else:
            raise InputTypeError(f"{name} must be an integer, got {_show(value)}")
    v = int(value)
    _bounds(name, v, low, high, False, False, _show(value))
    return v


def probability(name: str, value) -> float:
    """``value`` as a probability in [0, 1].

    Examples
    --------
    >>> probability("p", 1.5)
    Traceback (most recent call last):
    ...
    ValueError: p must be <= 1.0, got 1.5
    """
    return number(name, value, low=0.0, high=1.0)


def choice(name: str, value, options: Iterable):
    """``value`` if it is one of ``options``, else a ValueError listing them.

    Examples
    --------
    >>> choice("method", "ols", ("ols", "hac"))
    'ols'
    """
    opts = tuple(options)
    try:
        ok = value in opts
    except TypeError:
        ok = False
    if not ok:
        raise ValueError(f"{name} must be one of {list(opts)}, got {_show(value)}")
    return value


def array(name: str, values, *, low: float | None = None, high: float | None = None, low_open: bool = False,
          high_open: bool = False, allow_nan: bool = False, size: int | None = None, ndim: int | None = None,
          min_size: int = 0) -> np.ndarray:
    """``values`` as a float ndarray (a scalar becomes a 0-d array): finite, within bounds, of the given size.

    Examples
    --------
    >>> array("x", [1, 2.5]).tolist()
    [1.0, 2.5]
    >>> array("x", [1, float("nan")])
    Traceback (most recent call last):
    ...
    ValueError: x must not contain NaN, got nan at position 1
    """
    if isinstance(values, (str, bytes, dict)) or values is None:
        raise InputTypeError(f"{name} must be numbers, got {_show(values)}")
    if isinstance(values, (list, tuple)) and any(isinstance(v, (bool, np.bool_, str, bytes)) or v is None for v in values):
        raise InputTypeError(f"{name} must be numbers, got {_show(values)}")
    try:
        raw = np.asarray(values)
    except (TypeError, ValueError):
        raise InputTypeError(f"{name} must be numbers, got {_show(values)}") from None
    if raw.dtype == bool or raw.dtype.kind not in "iuf" and not (raw.dtype == object and raw.size == 0):
        if raw.dtype == object:
            try:
                raw = raw.astype(float)
            except (TypeError, ValueError):
                raise InputTypeError(f"{name} must be numbers, got {_show(values)}") from None
        else:
            raise InputTypeError(f"{name} must be numbers, got {_show(values)}")
    a = raw.astype(float)
    if a.size > MAX_SIZE:
        raise ValueError(f"{name} has {a.size:,} values, more than the {MAX_SIZE:,} allowed")
    if ndim is not None and a.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional, got shape {a.shape}")
    if size is not None and a.size != size and a.ndim != 0:
        raise ValueError(f"{name} must have {size} values, got {a.size}")
    if a.size < min_size:
        raise ValueError(f"{name} must have at least {min_size} value(s), got {a.size}")
    flat = a.ravel()
    nan = np.isnan(flat)
    if nan.any() and not allow_nan:
        i = int(np.flatnonzero(nan)[0])
        raise ValueError(f"{name} must not contain NaN, got nan at position {i}")
    inf = np.isinf(flat)
    if inf.any():
        i = int(np.flatnonzero(inf)[0])
        raise ValueError(f"{name} must be finite, got {flat[i]} at position {i}")
    vals = flat[~nan]
    if vals.size and (low is not None or high is not None):
        for v in (vals.min(), vals.max()):
            _bounds(name, float(v), low, high, low_open, high_open, _show(float(v)))
    return a


def series(name: str, s, *, low: float | None = None, high: float | None = None, low_open: bool = False,
           allow_nan: bool = False, min_size: int = 1, sorted_index: bool = False, unique_index: bool = True,
           numeric: bool = True):
    """``s`` as a pandas Series with a unique (and, if asked, increasing) index and valid values.

    Examples
    --------
    >>> import pandas as pd
    >>> series("gdp", pd.Series([1.0, 2.0], index=[2001, 2000]), sorted_index=True)
    Traceback (most recent call last):
    ...
    ValueError: gdp must have an increasing index, got [2001, 2000]
    """
    import pandas as pd

    if not isinstance(s, pd.Series):
        raise InputTypeError(f"{name} must be a pandas Series, got {type(s).__name__}")
    if len(s) < min_size:
        raise ValueError(f"{name} must have at least {min_size} value(s), got {len(s)}")
    if unique_index and s.index.has_duplicates:
        dup = s.index[s.index.duplicated()][0]
        raise ValueError(f"{name} has a duplicated index label {dup!r}")
    if sorted_index and not s.index.is_monotonic_increasing:
        raise ValueError(f"{name} must have an increasing index, got {_show(list(s.index[:6]))}")
    if numeric:
        if s.dtype == bool or not (pd.api.types.is_numeric_dtype(s.dtype)):
            raise InputTypeError(f"{name} must hold numbers, got dtype {s.dtype}")
        array(name, s.to_numpy(dtype=float, na_value=np.nan), low=low, high=high, low_open=low_open, allow_nan=allow_nan)
    return s


def frame(name: str, df, columns: Sequence[str] = (), *, min_rows: int = 1, numeric: Sequence[str] = (),
          nullable: Sequence[str] = (), key: Sequence[str] = (), other_numeric: bool = False):
    """``df`` as a DataFrame holding ``columns`` and at least ``min_rows`` rows.

    ``numeric`` columns must hold finite numbers (NaN allowed only in those also listed in
    ``nullable``); with ``other_numeric``, every other numeric column must be finite or NaN (NaN
    meaning "not known"); the ``key`` columns, taken together, must not repeat. Every message
    names ``name`` and the column.

    Examples
    --------
    >>> import pandas as pd
    >>> frame("deals", pd.DataFrame({"a": [1]}), ["a", "b"])
    Traceback (most recent call last):
    ...
    ValueError: deals lacks the column(s) ['b']
    >>> frame("deals", pd.DataFrame({"a": [1.0, float("inf")]}), numeric=["a"])
    Traceback (most recent call last):
    ...
    ValueError: deals column 'a' must be finite, got inf at position 1
    >>> frame("deals", pd.DataFrame({"a": [1.0, float("nan")], "b": [float("-inf"), 2.0]}), other_numeric=True)
    Traceback (most recent call last):
    ...
    ValueError: deals column 'b' must be finite, got -inf at position 0
    >>> frame("deals", pd.DataFrame({"id": ["x", "x"]}), key=["id"])
    Traceback (most recent call last):
    ...
    ValueError: deals has a duplicated key ('x',) in column(s) ['id']
    """
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise InputTypeError(f"{name} must be a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in [*columns, *numeric, *key] if c not in df.columns]
    if missing:
        raise ValueError(f"{name} lacks the column(s) {list(dict.fromkeys(missing))}")
    if len(df) < min_rows:
        raise ValueError(f"{name} must have at least {min_rows} row(s), got {len(df)}")
    if other_numeric:
        rest = [c for c in df.columns if c not in numeric and df[c].dtype != bool and pd.api.types.is_numeric_dtype(df[c].dtype)]
        numeric, nullable = [*numeric, *rest], [*nullable, *rest]
    for col in numeric:
        s = df[col]
        if s.dtype == bool or not pd.api.types.is_numeric_dtype(s.dtype):
            raise InputTypeError(f"{name} column {col!r} must hold numbers, got dtype {s.dtype}")
        array(f"{name} column {col!r}", s.to_numpy(dtype=float, na_value=np.nan), allow_nan=col in nullable)
    if key:
        dup = df.duplicated(subset=list(key))
        if dup.any():
            row = tuple(df.loc[dup, list(key)].iloc[0])
            raise ValueError(f"{name} has a duplicated key {row!r} in column(s) {list(key)}")
    return df


def finite_result(values, names: str):
    """``values`` if every entry is finite, else a ValueError naming the inputs whose extremes overflowed.

    For results of valid-looking inputs that still leave the floating-point range (a price of
    1e-310 in a denominator): the message names the public parameters, so the caller knows which
    input to check.

    Examples
    --------
    >>> finite_result(np.array([1.0, np.inf]), "price and reference")
    Traceback (most recent call last):
    ...
    ValueError: price and reference are too extreme: the result overflows (check their units)
    """
    if not np.isfinite(np.asarray(values, dtype=float)).all():
        raise ValueError(f"{names} are too extreme: the result overflows (check their units)")
    return values


def shared_index(*values, names: Sequence[str] | None = None):
    """The index shared by every pandas Series among ``values`` (None if there is none).

    Lets a vectorised function return a Series indexed like its Series inputs; scalars and arrays
    broadcast. Series with different indexes raise ``ValueError`` naming the parameters rather
    than aligning silently.
    """
    import pandas as pd

    idx, first = None, None
    names = list(names) if names is not None else [f"argument {i + 1}" for i in range(len(values))]
    for nm, x in zip(names, values):
        if isinstance(x, pd.Series):
            if idx is None:
                idx, first = x.index, nm
            elif not idx.equals(x.index):
                raise ValueError(f"{nm} and {first} must share the same index")
    return idx
