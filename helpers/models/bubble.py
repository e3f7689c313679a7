"""Bubble diagnostics on price series: drawdowns, recoveries and the run-up test.

The functions here turn a price or index series into the numbers the "is this a
bubble?" chapter argues about: how far prices fell from a peak, how long the
recovery took, and whether the run-up before the peak was large enough that,
in the historical record studied by Greenwood, Shleifer and You (2019), a crash
became likely.

All functions are pure: a :class:`pandas.Series` indexed by dates goes in,
numbers or series with the same index come out.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

__all__ = [
    "GSY_CRASH_PROBABILITY",
    "DrawdownEpisode",
    "RunupTest",
    "drawdown",
    "max_drawdown_episode",
    "trailing_return",
    "gsy_runup_test",
    "episode_path",
]

#: Probability of a crash (a 40% drawdown within the next two years) reported by
#: Greenwood, Shleifer and You (2019) for US industries, keyed by the two-year
#: industry return net of the market that an episode exceeded.
GSY_CRASH_PROBABILITY: dict[float, float] = {0.5: 0.20, 1.0: 0.53, 1.5: 0.80}


class DrawdownEpisode(NamedTuple):
    """The deepest peak-to-trough fall in a series and its recovery.

    Attributes
    ----------
    peak_date, trough_date : pandas.Timestamp
        Dates of the running maximum before the trough, and of the trough.
    peak, trough : float
        Prices at those dates.
    max_drawdown : float
        ``trough / peak - 1`` (a negative fraction; -0.78 is a 78% fall).
    recovery_date : pandas.Timestamp or None
        First date after the trough on which the price is at or above the peak;
        ``None`` if it never recovered within the series.
    years_to_trough : float
        Peak to trough, in years of 365.25 days.
    years_to_recovery : float
        Peak to recovery, in years; ``nan`` if not recovered.
    """

    peak_date: pd.Timestamp
    peak: float
    trough_date: pd.Timestamp
    trough: float
    max_drawdown: float
    recovery_date: pd.Timestamp | None
    years_to_trough: float
    years_to_recovery: float


class RunupTest(NamedTuple):
    """The Greenwood-Shleifer-You run-up screen applied at one date.

    Attributes
    ----------
    date : pandas.Timestamp
        The date the test is evaluated at.
    return_2y, return_5y : float
        Trailing raw returns over two and five years (fractions; 1.0 = +100%).
    flagged : bool
        True if ``return_2y >= 1.0`` and ``return_5y >= 0.5``: the paper's
        price criteria for a bubble candidate (raw returns only, see Notes of
        :func:`gsy_runup_test`).
    reported_crash_probability : float
        The crash probability the paper reports for the highest run-up threshold
        (50%, 100% or 150%) that ``return_2y`` reaches; ``nan`` below 50%.
    """

    date: pd.Timestamp
    return_2y: float
    return_5y: float
    flagged: bool
    reported_crash_probability: float


def _check_prices(prices: pd.Series, name: str = "prices") -> pd.Series:
    if not isinstance(prices, pd.Series):
        raise ValueError(f"{name} must be a pandas Series indexed by date, got {type(prices).__name__}")
    if len(prices) == 0:
        raise ValueError(f"{name} is empty")
    if not isinstance(prices.index, pd.DatetimeIndex):
        raise ValueError(f"{name} must have a DatetimeIndex, got {type(prices.index).__name__}")
    values = prices.to_numpy(dtype=float)
    if np.isnan(values).any():
        bad = prices.index[np.isnan(values)][0]
        raise ValueError(f"{name} has a missing value at {bad.date()}")
    if (values <= 0).any():
        bad = prices.index[values <= 0][0]
        raise ValueError(f"{name} must be positive; {name}[{bad.date()}] = {prices[bad]}")
    if not prices.index.is_monotonic_increasing or prices.index.has_duplicates:
        raise ValueError(f"{name} index must be strictly increasing dates")
    return prices.astype(float)


def drawdown(prices: pd.Series) -> pd.Series:
    """Fall of each price below the highest price seen so far.

    Parameters
    ----------
    prices : pandas.Series
        Positive prices or index levels, indexed by increasing dates.

    Returns
    -------
    pandas.Series
        ``prices / running_max - 1`` with the same index: 0 at a new high,
        negative otherwise (-0.5 means 50% below the previous peak).

    Notes
    -----
    With :math:`M_t = \\max_{s \\le t} P_s`, the drawdown is :math:`D_t = P_t / M_t - 1`.

    References
    ----------
    Magdon-Ismail, M. and Atiya, A. F. (2004). "Maximum drawdown." *Risk Magazine*
    17(10), 99-102.

    Examples
    --------
    >>> s = pd.Series([100.0, 120.0, 60.0, 90.0, 130.0],
    ...               index=pd.date_range("2000-01-31", periods=5, freq="ME"))
    >>> drawdown(s).round(3).tolist()
    [0.0, 0.0, -0.5, -0.25, 0.0]
    """
    p = _check_prices(prices)
    return p / p.cummax() - 1.0


def max_drawdown_episode(prices: pd.Series) -> DrawdownEpisode:
    """The deepest peak-to-trough fall of a series, with its recovery date.

    Parameters
    ----------
    prices : pandas.Series
        Positive prices or index levels, indexed by increasing dates.

    Returns
    -------
    DrawdownEpisode

    Notes
    -----
    The trough is :math:`\\arg\\min_t D_t` (first occurrence); the peak is the last
    date at or before the trough where :math:`P_t = M_t`; recovery is the first date
    after the trough with :math:`P_t \\ge P_{peak}`.

    Examples
    --------
    >>> s = pd.Series([100.0, 120.0, 60.0, 90.0, 130.0],
    ...               index=pd.date_range("2000-01-31", periods=5, freq="ME"))
    >>> ep = max_drawdown_episode(s)
    >>> (ep.peak, ep.trough, round(ep.max_drawdown, 2), ep.recovery_date.strftime("%Y-%m"))
    (120.0, 60.0, -0.5, '2000-05')
    """
    p = _check_prices(prices)
    dd = drawdown(p)
    trough_date = dd.idxmin()
    before = p.loc[:trough_date]
    peak_date = before.idxmax()
    peak = float(p[peak_date])
    trough = float(p[trough_date])
    after = p.loc[trough_date:]
    rec = after[after >= peak]
    recovery_date = rec.index[0] if len(rec) and dd[trough_date] < 0 else None
    yrs = lambda a, b: (b - a).days / 365.25  # noqa: E731
    return DrawdownEpisode(
        peak_date=peak_date,
        peak=peak,
        trough_date=trough_date,
        trough=trough,
        max_drawdown=trough / peak - 1.0,
        recovery_date=recovery_date,
        years_to_trough=yrs(peak_date, trough_date),
        years_to_recovery=yrs(peak_date, recovery_date) if recovery_date is not None else float("nan"),
    )


def trailing_return(prices: pd.Series, years: float, periods_per_year: int = 12) -> pd.Series:
    """Raw return over the trailing window of ``years``, at each date.

    Parameters
    ----------
    prices : pandas.Series
        Positive prices at a regular frequency, indexed by increasing dates.
    years : float
        Window length in years (> 0).
    periods_per_year : int
        Observations per year: 12 for monthly data, 52 weekly, 252 daily.

    Returns
    -------
    pandas.Series
        ``P_t / P_{t-k} - 1`` with ``k = round(years * periods_per_year)``; NaN for
        the first ``k`` dates.

    Examples
    --------
    >>> s = pd.Series([100.0, 150.0, 300.0], index=pd.date_range("2000-12-31", periods=3, freq="YE"))
    >>> trailing_return(s, years=2, periods_per_year=1).tolist()[-1]
    2.0
    """
    p = _check_prices(prices)
    if not np.isfinite(years) or years <= 0:
        raise ValueError(f"years must be positive, got {years}")
    if not isinstance(periods_per_year, (int, np.integer)) or periods_per_year <= 0:
        raise ValueError(f"periods_per_year must be a positive integer, got {periods_per_year!r}")
    k = int(round(years * periods_per_year))
    if k < 1:
        raise ValueError(f"years * periods_per_year must be at least 1 period, got {years} * {periods_per_year}")
    return p / p.shift(k) - 1.0


def gsy_runup_test(prices: pd.Series, date: str | pd.Timestamp | None = None, periods_per_year: int = 12) -> RunupTest:
    """Apply the Greenwood-Shleifer-You price run-up screen at one date.

    Parameters
    ----------
    prices : pandas.Series
        Positive prices at a regular frequency (monthly by default), with at
        least five years of history before ``date``.
    date : str or Timestamp, optional
        Evaluation date (the last observation at or before it is used);
        defaults to the last date of the series.
    periods_per_year : int
        Observations per year (12 for monthly data).

    Returns
    -------
    RunupTest

    Notes
    -----
    Greenwood, Shleifer and You call an industry a bubble candidate when its
    value-weighted return over the prior two years exceeds 100%, both raw and net
    of the market, and its raw return over the prior five years exceeds 50%. A
    crash is a 40% drawdown within the following two years. They report crash
    probabilities of about 20%, 53% and 80% after two-year net-of-market run-ups
    of 50%, 100% and 150% (US industries, 1926-2014). This function applies the
    *raw* return criteria only, because it sees one series; for an index such as
    the Nasdaq Composite the net-of-market condition cannot be checked, so the
    reported probability is an indication, not an estimate.

    References
    ----------
    Greenwood, R., Shleifer, A. and You, Y. (2019). "Bubbles for Fama." *Journal of
    Financial Economics* 131(1), 20-43. https://doi.org/10.1016/j.jfineco.2018.09.002

    Examples
    --------
    >>> idx = pd.date_range("1995-01-31", periods=61, freq="ME")
    >>> s = pd.Series(100.0 * 1.03 ** np.arange(61), index=idx)
    >>> t = gsy_runup_test(s)
    >>> (round(t.return_2y, 2), t.flagged, t.reported_crash_probability)
    (1.03, True, 0.53)
    """
    p = _check_prices(prices)
    if date is not None:
        ts = pd.Timestamp(date)
        p = p.loc[:ts]
        if len(p) == 0:
            raise ValueError(f"date {ts.date()} is before the first observation")
    need = 5 * periods_per_year
    if len(p) <= need:
        raise ValueError(f"need more than five years ({need} periods) of prices before the test date, got {len(p)}")
    r2 = float(trailing_return(p, 2, periods_per_year).iloc[-1])
    r5 = float(trailing_return(p, 5, periods_per_year).iloc[-1])
    hit = [th for th in sorted(GSY_CRASH_PROBABILITY) if r2 >= th]
    prob = GSY_CRASH_PROBABILITY[hit[-1]] if hit else float("nan")
    return RunupTest(
        date=p.index[-1],
        return_2y=r2,
        return_5y=r5,
        flagged=bool(r2 >= 1.0 and r5 >= 0.5),
        reported_crash_probability=prob,
    )


def episode_path(prices: pd.Series, start: str | pd.Timestamp, end: str | pd.Timestamp | None = None) -> pd.DataFrame:
    """An episode's path rebased to 100 at its start, with its drawdown.

    Parameters
    ----------
    prices : pandas.Series
        Positive prices indexed by increasing dates (monthly in the book).
    start : str or Timestamp
        First date of the episode (e.g. the month of a launch event); the last
        observation at or before it is the base.
    end : str or Timestamp, optional
        Last date included; defaults to the end of the series.

    Returns
    -------
    pandas.DataFrame
        Indexed by date, with columns ``months`` (whole months since the base
        date), ``rebased`` (100 at the base) and ``drawdown`` (fraction below the
        highest level reached since the base, <= 0).

    Examples
    --------
    >>> s = pd.Series([50.0, 100.0, 150.0, 75.0],
    ...               index=pd.date_range("2000-01-31", periods=4, freq="ME"))
    >>> episode_path(s, "2000-02-29")[["months", "rebased", "drawdown"]].values.tolist()
    [[0.0, 100.0, 0.0], [1.0, 150.0, 0.0], [2.0, 75.0, -0.5]]
    """
    p = _check_prices(prices)
    ts = pd.Timestamp(start)
    base = p.loc[:ts]
    if len(base) == 0:
        raise ValueError(f"start {ts.date()} is before the first observation {p.index[0].date()}")
    b_date = base.index[-1]
    w = p.loc[b_date:] if end is None else p.loc[b_date:pd.Timestamp(end)]
    if len(w) < 2:
        raise ValueError(f"the episode from {b_date.date()} to {end} has fewer than two observations")
    months = (w.index.year - b_date.year) * 12 + (w.index.month - b_date.month)
    return pd.DataFrame(
        {"months": months.astype(float), "rebased": 100.0 * w / w.iloc[0], "drawdown": w / w.cummax() - 1.0},
        index=w.index,
    )
