"""Input checks shared by the model modules: one place for the "clear ValueError naming the parameter" rule."""
from __future__ import annotations

import math

__all__ = ["number", "shared_index"]


def number(name: str, value, *, low: float | None = None, high: float | None = None,
           low_open: bool = False, high_open: bool = False, allow_bool: bool = True) -> float:
    """``value`` as a finite float within the given bounds, or a ``ValueError`` naming ``name``.

    ``low``/``high`` are inclusive unless ``low_open``/``high_open``. Booleans are refused when
    ``allow_bool`` is false (``True`` would otherwise pass as 1.0).

    Examples
    --------
    >>> number("rate", "0.05", low=0)
    0.05
    >>> number("rate", -1, low=0)
    Traceback (most recent call last):
    ...
    ValueError: rate must be >= 0, got -1
    """
    if not allow_bool and isinstance(value, bool):
        raise ValueError(f"{name} must be a number, got {value!r}")
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(v):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if low is not None and (v < low or (low_open and v == low)):
        raise ValueError(f"{name} must be {'>' if low_open else '>='} {low}, got {value!r}")
    if high is not None and (v > high or (high_open and v == high)):
        raise ValueError(f"{name} must be {'<' if high_open else '<='} {high}, got {value!r}")
    return v


def shared_index(*values):
    """The index shared by every pandas Series among ``values`` (None if there is none).

    Lets a vectorised function return a Series indexed like its Series inputs; scalars and arrays
    broadcast. Series with different indexes raise ``ValueError`` rather than aligning silently.
    """
    import pandas as pd

    idx = None
    for x in values:
        if isinstance(x, pd.Series):
            if idx is None:
                idx = x.index
            elif not idx.equals(x.index):
                raise ValueError("Series arguments must share the same index")
    return idx
