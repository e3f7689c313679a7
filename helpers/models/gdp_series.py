r"""Level series of GDP per person: the checks and the calendar the trend estimators share.

* :func:`levels` validates a series of positive levels on a regular annual or quarterly index and
  returns its logs and its time axis in years;
* :func:`periods_per_year` says whether a series is annual (1) or quarterly (4);
* :func:`annual_average` turns quarters into calendar-year averages.

An index is regular if it is a :class:`pandas.DatetimeIndex` or :class:`pandas.PeriodIndex` with
observations 12 or 3 months apart, or consecutive integer years.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import InputTypeError, integer, series

__all__ = ["MIN_OBS", "levels", "periods_per_year", "annual_average"]

#: Fewest observations a trend estimator accepts.
MIN_OBS = 8


def _time_axis(index: pd.Index, name: str) -> tuple[int, np.ndarray]:
    """Periods per year and time in (fractional) years of a regular annual or quarterly index."""
    if isinstance(index, pd.PeriodIndex):
        index = index.to_timestamp()
    if isinstance(index, pd.DatetimeIndex):
        months = index.year.to_numpy() * 12 + index.month.to_numpy() - 1
        steps = set(np.diff(months).tolist())
        if steps == {12} or steps == {3}:
            return (1 if steps == {12} else 4), months / 12.0
        raise ValueError(f"{name} index must be regularly annual (12 months apart) or quarterly (3 months apart); "
                         f"found steps of {sorted(steps)} months")
    values = index.to_numpy()
    if pd.api.types.is_numeric_dtype(index) and np.all(np.mod(values.astype(float), 1) == 0):
        years = values.astype(float)
        if (np.diff(years) != 1).any():
            raise ValueError(f"{name} with an integer-year index must have consecutive years; found gaps of "
                             f"{sorted(set(np.diff(years).tolist()))} years")
        return 1, years
    raise InputTypeError(f"{name} index must be dates, periods or integer years, got {type(index).__name__}")


def levels(s, name: str = "s", min_obs: int = MIN_OBS) -> tuple[np.ndarray, np.ndarray, int, pd.Index]:
    r"""Log levels, time in years, periods per year and index of a validated level series.

    Parameters
    ----------
    s : pandas.Series
        Positive finite levels on a regular annual or quarterly index, increasing and unique.
    name : str
        Parameter name used in error messages.
    min_obs : int
        Fewest observations accepted, 2 to 10,000,000.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray, int, pandas.Index)
        :math:`\ln y_t`, time in (fractional) years, 1 or 4, and the index.

    Examples
    --------
    >>> y, t, ppy, _ = levels(pd.Series([1.0, 2.0], index=[2000, 2001]), min_obs=2)
    >>> t.tolist(), ppy
    ([2000.0, 2001.0], 1)
    """
    if not isinstance(name, str):
        raise InputTypeError(f"name must be a string, got {name!r}")
    m = integer("min_obs", min_obs, low=2, high=10_000_000)
    if isinstance(s, pd.Series) and len(s) < m:
        raise ValueError(f"{name} must have at least {m} observations (min_obs), got {len(s)}")
    s = series(name, s, low=0.0, low_open=True, sorted_index=True)
    ppy, t = _time_axis(s.index, name)
    return np.log(s.to_numpy(dtype=float)), t, ppy, s.index


def periods_per_year(s: pd.Series) -> int:
    """1 for an annual series, 4 for a quarterly one (ValueError on anything else).

    Examples
    --------
    >>> periods_per_year(pd.Series([1.0, 2.0], index=pd.date_range("2000-01-01", periods=2, freq="QS")))
    4
    >>> periods_per_year(pd.Series([1.0, 2.0], index=[1999, 2000]))
    1
    """
    s = series("s", s, min_size=2, sorted_index=True, numeric=False)
    return _time_axis(s.index, "s")[0]


def annual_average(s: pd.Series, complete: bool = True) -> pd.Series:
    """Calendar-year averages of a quarterly series, indexed by integer year.

    Parameters
    ----------
    s : pandas.Series
        Quarterly values (DatetimeIndex or PeriodIndex), finite.
    complete : bool
        Keep only years with all four quarters (default).

    Returns
    -------
    pandas.Series
        Mean of each year's quarters, index named ``year``.

    Examples
    --------
    >>> s = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0], index=pd.date_range("2000-01-01", periods=5, freq="QS"))
    >>> annual_average(s).to_dict()
    {2000: 2.5}
    """
    s = series("s", s, min_size=2, sorted_index=True)
    if not isinstance(complete, bool):
        raise InputTypeError(f"complete must be True or False, got {complete!r}")
    ppy, _ = _time_axis(s.index, "s")
    if ppy != 4:
        raise ValueError(f"s must be quarterly to average into years; it has {ppy} period(s) a year")
    idx = s.index.to_timestamp() if isinstance(s.index, pd.PeriodIndex) else s.index
    g = pd.Series(s.to_numpy(dtype=float), index=idx).groupby(idx.year)
    out = g.mean()[g.size() == 4] if complete else g.mean()
    out.index = out.index.astype(int).rename("year")
    return out
