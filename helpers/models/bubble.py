r"""Bubble diagnostics on price series: drawdowns, recoveries and the run-up screen.

The functions turn a price or index series into the numbers the "is this a bubble?" chapter
argues about: how far prices fell from a peak, how long the recovery took, and whether the
run-up before a date was large enough that, in the historical record studied by Greenwood,
Shleifer and You (2019), a crash became likely.

All functions are pure: a :class:`pandas.Series` indexed by increasing dates goes in, numbers
or series with the same index come out. The thresholds and crash odds of the run-up screen are
sourced figures, so they are arguments (the book reads them from ``data/bubble_runup_screen``),
never constants of this module.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from .._validate import InputTypeError, integer, number, series

__all__ = [
    "DrawdownEpisode",
    "RunupTest",
    "drawdown",
    "max_drawdown_episode",
    "trailing_return",
    "crash_odds_at",
    "gsy_runup_test",
    "episode_path",
]


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
        The date the test is evaluated at (last observation at or before the date asked).
    return_2y, return_5y : float
        Trailing raw returns over two and five years (fractions; 1.0 = +100%).
    flagged : bool
        True if both trailing returns reach the screen's thresholds.
    reported_crash_probability : float
        The crash probability the paper reports for the highest run-up threshold that
        ``return_2y`` reaches; ``nan`` below the lowest threshold.
    """

    date: pd.Timestamp
    return_2y: float
    return_5y: float
    flagged: bool
    reported_crash_probability: float


def _prices(prices, name: str = "prices") -> pd.Series:
    s = series(name, prices, low=0.0, low_open=True, sorted_index=True)
    if not isinstance(s.index, pd.DatetimeIndex):
        raise InputTypeError(f"{name} must have a DatetimeIndex, got {type(s.index).__name__}")
    return s.astype(float)


def _date(name: str, value) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise InputTypeError(f"{name} must be a date, got {value!r}") from None
    if pd.isna(ts):
        raise ValueError(f"{name} must be a date, got {value!r}")
    return ts


def drawdown(prices: pd.Series) -> pd.Series:
    r"""Fall of each price below the highest price seen so far.

    Parameters
    ----------
    prices : pandas.Series
        Positive prices or index levels (any currency or index points), indexed by increasing
        dates.

    Returns
    -------
    pandas.Series
        ``prices / running_max - 1`` with the same index: 0 at a new high, negative otherwise
        (-0.5 means 50% below the previous peak).

    Notes
    -----
    With :math:`M_t = \max_{s \le t} P_s`, the drawdown is :math:`D_t = P_t / M_t - 1`.

    References
    ----------
    Magdon-Ismail, M. and Atiya, A. F. (2004). "Maximum drawdown." *Risk Magazine* 17(10),
    99-102.

    Examples
    --------
    >>> s = pd.Series([100.0, 120.0, 60.0, 90.0, 130.0],
    ...               index=pd.date_range("2000-01-31", periods=5, freq="ME"))
    >>> drawdown(s).round(3).tolist()
    [0.0, 0.0, -0.5, -0.25, 0.0]
    """
    p = _prices(prices)
    return p / p.cummax() - 1.0


def max_drawdown_episode(prices: pd.Series) -> DrawdownEpisode:
    r"""The deepest peak-to-trough fall of a series, with its recovery date.

    Parameters
    ----------
    prices : pandas.Series
        Positive prices or index levels, indexed by increasing dates.

    Returns
    -------
    DrawdownEpisode

    Notes
    -----
    The trough is :math:`\arg\min_t D_t` (first occurrence); the peak is the last date at or
    before the trough where :math:`P_t = M_t`; recovery is the first date after the trough with
    :math:`P_t \ge P_{peak}`.

    References
    ----------
    Magdon-Ismail, M. and Atiya, A. F. (2004). "Maximum drawdown." *Risk Magazine* 17(10),
    99-102.

    Examples
    --------
    >>> s = pd.Series([100.0, 120.0, 60.0, 90.0, 130.0],
    ...               index=pd.date_range("2000-01-31", periods=5, freq="ME"))
    >>> ep = max_drawdown_episode(s)
    >>> (ep.peak, ep.trough, round(ep.max_drawdown, 2), ep.recovery_date.strftime("%Y-%m"))
    (120.0, 60.0, -0.5, '2000-05')
    """
    p = _prices(prices)
    dd = p / p.cummax() - 1.0
    trough_date = dd.idxmin()
    peak_date = p.loc[:trough_date].idxmax()
    peak, trough = float(p[peak_date]), float(p[trough_date])
    after = p.loc[trough_date:]
    rec = after[after >= peak]
    recovery_date = rec.index[0] if len(rec) and dd[trough_date] < 0 else None

    def years(a, b):
        return (b - a).days / 365.25

    return DrawdownEpisode(
        peak_date=peak_date,
        peak=peak,
        trough_date=trough_date,
        trough=trough,
        max_drawdown=trough / peak - 1.0,
        recovery_date=recovery_date,
        years_to_trough=years(peak_date, trough_date),
        years_to_recovery=years(peak_date, recovery_date) if recovery_date is not None else float("nan"),
    )


def trailing_return(prices: pd.Series, years: float, periods_per_year: int = 12) -> pd.Series:
    r"""Raw return over the trailing window of ``years``, at each date.

    Parameters
    ----------
    prices : pandas.Series
        Positive prices at a regular frequency, indexed by increasing dates.
    years : float
        Window length in years (> 0, at most 100).
    periods_per_year : int
        Observations per year: 12 for monthly data, 52 weekly, 252 daily (1 to 366).

    Returns
    -------
    pandas.Series
        ``P_t / P_{t-k} - 1`` with ``k = round(years * periods_per_year)``; NaN for the first
        ``k`` dates.

    Notes
    -----
    :math:`R_t(k) = P_t / P_{t-k} - 1`, a simple (not annualised) return.

    Examples
    --------
    >>> s = pd.Series([100.0, 150.0, 300.0], index=pd.date_range("2000-12-31", periods=3, freq="YE"))
    >>> trailing_return(s, years=2, periods_per_year=1).tolist()[-1]
    2.0
    """
    p = _prices(prices)
    y = number("years", years, low=0.0, low_open=True, high=100.0)
    n = integer("periods_per_year", periods_per_year, low=1, high=366)
    k = int(round(y * n))
    if k < 1:
        raise ValueError(f"years must span at least one period, got years={years} with periods_per_year={n}")
    return p / p.shift(k) - 1.0


def crash_odds_at(return_2y: float, crash_odds: pd.Series) -> float:
    r"""The published crash probability for the highest run-up threshold a return reaches.

    Parameters
    ----------
    return_2y : float
        A two-year return as a fraction (1.0 = +100%); at least -1.
    crash_odds : pandas.Series
        Crash probability (0-1) indexed by increasing run-up thresholds (fractions), e.g. the
        rows of ``data/bubble_runup_screen`` that Greenwood, Shleifer and You report.

    Returns
    -------
    float
        ``crash_odds[t*]`` with :math:`t^* = \max\{t : t \le R\}`; NaN when ``return_2y`` is below
        every threshold.

    Notes
    -----
    A step function: the paper reports odds only at its thresholds, so a run-up between two
    thresholds gets the lower one's odds (a conservative reading, no interpolation).

    References
    ----------
    Greenwood, R., Shleifer, A. and You, Y. (2019). "Bubbles for Fama." *Journal of Financial
    Economics* 131(1), 20-43. https://doi.org/10.1016/j.jfineco.2018.09.002

    Examples
    --------
    >>> odds = pd.Series([0.2, 0.5], index=[0.5, 1.0])
    >>> crash_odds_at(0.7, odds), crash_odds_at(3.0, odds)
    (0.2, 0.5)
    """
    r = number("return_2y", return_2y, low=-1.0)
    odds = series("crash_odds", crash_odds, low=0.0, sorted_index=True)
    if (odds > 1).any():
        raise ValueError(f"crash_odds must be probabilities in [0, 1], got {odds.tolist()}")
    try:
        thresholds = odds.index.to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise InputTypeError(f"crash_odds must be indexed by run-up thresholds (numbers), got {list(odds.index)}") from None
    hit = np.flatnonzero(thresholds <= r)
    return float(odds.iloc[hit[-1]]) if hit.size else float("nan")


def gsy_runup_test(prices: pd.Series, date=None, *, screen_2y: float, screen_5y: float,
                   crash_odds: pd.Series, periods_per_year: int = 12) -> RunupTest:
    r"""Apply the Greenwood-Shleifer-You price run-up screen at one date.

    Parameters
    ----------
    prices : pandas.Series
        Positive prices at a regular frequency (monthly by default), with more than five years
        of history before ``date``.
    date : str or Timestamp, optional
        Evaluation date (the last observation at or before it is used); defaults to the last
        date of the series.
    screen_2y, screen_5y : float
        Two-year and five-year raw-return thresholds of the screen, as fractions (the paper:
        1.0 and 0.5); each in (0, 100].
    crash_odds : pandas.Series
        Reported crash probabilities by two-year run-up threshold (see :func:`crash_odds_at`).
    periods_per_year : int
        Observations per year (12 for monthly data).

    Returns
    -------
    RunupTest

    Notes
    -----
    Greenwood, Shleifer and You call an industry a bubble candidate when its value-weighted
    return over the prior two years exceeds 100%, both raw and net of the market, and its raw
    return over the prior five years exceeds 50%; a crash is a 40% drawdown within the next two
    years. The flag here is

    .. math:: R_{2y} \ge s_2 \;\wedge\; R_{5y} \ge s_5 .

    This function applies the *raw* criteria only, because it sees one series: for an index
    such as the Nasdaq Composite the net-of-market condition cannot be checked, so the reported
    probability is an indication, not an estimate.

    References
    ----------
    Greenwood, R., Shleifer, A. and You, Y. (2019). "Bubbles for Fama." *Journal of Financial
    Economics* 131(1), 20-43. https://doi.org/10.1016/j.jfineco.2018.09.002

    Examples
    --------
    >>> idx = pd.date_range("1995-01-31", periods=61, freq="ME")
    >>> s = pd.Series(100.0 * 1.03 ** np.arange(61), index=idx)
    >>> odds = pd.Series([0.2, 0.5], index=[0.5, 1.0])
    >>> t = gsy_runup_test(s, screen_2y=1.0, screen_5y=0.5, crash_odds=odds)
    >>> (round(t.return_2y, 2), t.flagged, t.reported_crash_probability)
    (1.03, True, 0.5)
    """
    p = _prices(prices)
    s2 = number("screen_2y", screen_2y, low=0.0, low_open=True, high=100.0)
    s5 = number("screen_5y", screen_5y, low=0.0, low_open=True, high=100.0)
    n = integer("periods_per_year", periods_per_year, low=1, high=366)
    if date is not None:
        ts = _date("date", date)
        p = p.loc[:ts]
        if len(p) == 0:
            raise ValueError(f"date {ts.date()} is before the first observation {prices.index[0].date()}")
    need = 5 * n
    if len(p) <= need:
        raise ValueError(f"prices must hold more than five years ({need} periods at periods_per_year={n}) "
                         f"before the test date, got {len(p)}")
    r2 = float(p.iloc[-1] / p.iloc[-1 - 2 * n] - 1.0)
    r5 = float(p.iloc[-1] / p.iloc[-1 - need] - 1.0)
    return RunupTest(
        date=p.index[-1],
        return_2y=r2,
        return_5y=r5,
        flagged=bool(r2 >= s2 and r5 >= s5),
        reported_crash_probability=crash_odds_at(r2, crash_odds),
    )


def episode_path(prices: pd.Series, start, end=None) -> pd.DataFrame:
    r"""An episode's path rebased to 100 at its start, with its drawdown.

    Parameters
    ----------
    prices : pandas.Series
        Positive prices indexed by increasing dates (monthly in the book).
    start : str or Timestamp
        First date of the episode (e.g. the month of a launch event); the last observation at
        or before it is the base.
    end : str or Timestamp, optional
        Last date included; defaults to the end of the series.

    Returns
    -------
    pandas.DataFrame
        Indexed by date, with columns ``months`` (whole months since the base date),
        ``rebased`` (100 at the base) and ``drawdown`` (fraction below the highest level reached
        since the base, <= 0).

    Notes
    -----
    :math:`I_t = 100\,P_t / P_{t_0}` and :math:`D_t = P_t / \max_{t_0 \le s \le t} P_s - 1`.

    Examples
    --------
    >>> s = pd.Series([50.0, 100.0, 150.0, 75.0],
    ...               index=pd.date_range("2000-01-31", periods=4, freq="ME"))
    >>> episode_path(s, "2000-02-29")[["months", "rebased", "drawdown"]].values.tolist()
    [[0.0, 100.0, 0.0], [1.0, 150.0, 0.0], [2.0, 75.0, -0.5]]
    """
    p = _prices(prices)
    ts = _date("start", start)
    base = p.loc[:ts]
    if len(base) == 0:
        raise ValueError(f"start {ts.date()} is before the first observation {p.index[0].date()}")
    b_date = base.index[-1]
    w = p.loc[b_date:] if end is None else p.loc[b_date:_date("end", end)]
    if len(w) < 2:
        raise ValueError(f"start and end must span at least two observations, got {b_date.date()} to {end}")
    months = (w.index.year - b_date.year) * 12 + (w.index.month - b_date.month)
    return pd.DataFrame(
        {"months": months.astype(float), "rebased": 100.0 * w / w.iloc[0], "drawdown": w / w.cummax() - 1.0},
        index=w.index,
    )
