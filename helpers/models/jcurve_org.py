r"""The organisational J-curve: an adopting firm's real productivity dips, then rises.

A firm that adopts a general purpose technology can become *truly* less productive for a
while as it rewires how it works (processes jam, systems clash, staff learn), and more
productive afterwards. :func:`org_jcurve` is an explicit path whose dip depth, break-even
year and long-run gain the user sets, with the running total of gains and losses and the
year in which the gains have repaid the dip. It gives shape to firm-level findings (McElheran
et al. 2025 on industrial AI; Bijnens et al. 2025 on intangible investment) whose sizes differ
by study; it is not an estimate. The measurement J-curve of national statistics is in
:mod:`helpers.models.jcurve`; the chapter's slider writes :func:`org_jcurve` as a Vega
expression in :mod:`helpers.charts.jcurve`.

References
----------
McElheran, K., Yang, M.-J., Kroff, Z. and Brynjolfsson, E. (2025). "The Rise of Industrial AI
in America: Microfoundations of the Productivity J-curve(s)." US Census Bureau, Center for
Economic Studies, Working Paper 25-27.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from .._validate import array, number, series

__all__ = ["OrgJCurve", "org_jcurve"]

#: Longest span (years) the function accepts.
MAX_YEARS = 10_000


def _times(values: Any) -> pd.Series:
    """Years since adoption as a float Series (a Series keeps its index), checked by helpers._validate."""
    if isinstance(values, pd.Series):
        s = series("t", values, min_size=1, unique_index=False, low=-MAX_YEARS, high=MAX_YEARS).astype(float)
    else:
        s = pd.Series(array("t", values, ndim=1, min_size=1, low=-MAX_YEARS, high=MAX_YEARS))
    return s


@dataclass(frozen=True)
class OrgJCurve:
    """Result of :func:`org_jcurve`.

    Attributes
    ----------
    frame : pandas.DataFrame
        Indexed by years since adoption: ``level`` (adopter's productivity
        relative to the path it would have followed without adopting, 1 = no
        difference), ``gap`` (``level - 1``) and ``cumulative`` (integral of
        ``gap`` from adoption, in productivity-years).
    trough_year, trough_level : float
        When the dip is deepest and the level there (``1 - dip_depth``).
    break_even_year : float
        When the level is back to 1.
    payback_year : float
        When the cumulative gain has repaid the cumulative loss of the dip
        (``inf`` if the long-run gain is zero and there was a dip).
    long_run_level : float
        ``1 + long_run_gain``.
    """

    frame: pd.DataFrame
    trough_year: float
    trough_level: float
    break_even_year: float
    payback_year: float
    long_run_level: float


def _org_params(dip_depth, break_even, long_run_gain, trough, gain_time):
    d = number("dip_depth", dip_depth, low=0.0, high=1.0, high_open=True)
    be = number("break_even", break_even, low=0.0, high=MAX_YEARS, low_open=True)
    gain = number("long_run_gain", long_run_gain, low=0.0, high=100.0)
    tm = be / 2 if trough is None else number("trough", trough, low=0.0, low_open=True)
    if tm >= be:
        raise ValueError(f"trough must be before break_even ({be!r}), got {trough!r}")
    tau = be if gain_time is None else number("gain_time", gain_time, low=0.0, high=MAX_YEARS, low_open=True)
    return d, be, gain, tm, tau


def _org_level(t: np.ndarray, d: float, be: float, gain: float, tm: float, tau: float) -> np.ndarray:
    down = 1 - d * (1 - np.cos(np.pi * np.clip(t, 0, tm) / tm)) / 2
    up = 1 - d * (1 + np.cos(np.pi * (np.clip(t, tm, be) - tm) / (be - tm))) / 2
    rise = 1 + gain * (1 - np.exp(-np.clip(t - be, 0, None) / tau))
    return np.where(t < 0, 1.0, np.where(t <= tm, down, np.where(t <= be, up, rise)))


def org_jcurve(
    t: Any,
    *,
    dip_depth: float,
    break_even: float,
    long_run_gain: float,
    trough: float | None = None,
    gain_time: float | None = None,
) -> OrgJCurve:
    r"""An adopting firm's productivity: a dip while it reorganises, then a lasting gain.

    Parameters
    ----------
    t : array-like or pandas.Series
        Years since adoption (values; a Series' index is kept). Negative years
        are before adoption (level 1).
    dip_depth : float
        Deepest shortfall of productivity against the no-adoption path, fraction in [0, 1).
    break_even : float
        Years from adoption until productivity is back to the no-adoption path, > 0.
    long_run_gain : float
        Lasting productivity gain once reorganisation is done, fraction >= 0.
    trough : float, optional
        Year of the deepest point, in (0, break_even). Default ``break_even / 2``.
    gain_time : float, optional
        Time constant of the rise after break-even (years, > 0): 63% of the gain
        is reached ``gain_time`` years after break-even. Default ``break_even``.

    Returns
    -------
    OrgJCurve

    Notes
    -----
    With depth :math:`d`, trough :math:`t_m`, break-even :math:`T`, gain
    :math:`G` and time constant :math:`\tau`, the level relative to the
    no-adoption path is

    .. math::

        \ell(t) = \begin{cases}
        1 - \tfrac d2\,[1 - \cos(\pi t/t_m)] & 0 \le t \le t_m \\
        1 - \tfrac d2\,[1 + \cos(\pi (t-t_m)/(T-t_m))] & t_m < t \le T \\
        1 + G\,[1 - e^{-(t-T)/\tau}] & t > T
        \end{cases}

    so the dip's depth, the break-even year and the long-run gain are exactly
    the parameters. The dip costs :math:`dT/2` productivity-years in all; the
    payback year :math:`T + u` solves :math:`G[u - \tau(1-e^{-u/\tau})] = dT/2`.
    This is a descriptive path, not an estimate: it gives shape to the firm-level
    J-curves reported for industrial AI adoption (McElheran et al. 2025) and
    intangible investment (Bijnens et al. 2025), whose sizes differ by study.

    References
    ----------
    Brynjolfsson, E., Rock, D. and Syverson, C. (2021). "The Productivity
    J-Curve: How Intangibles Complement General Purpose Technologies."
    *American Economic Journal: Macroeconomics* 13(1): 333-372.

    McElheran, K., Yang, M.-J., Kroff, Z. and Brynjolfsson, E. (2025). "The Rise
    of Industrial AI in America: Microfoundations of the Productivity
    J-curve(s)." US Census Bureau, Center for Economic Studies, Working Paper 25-27.

    Examples
    --------
    >>> r = org_jcurve([0, 1, 2, 3, 4, 8], dip_depth=0.1, break_even=4, long_run_gain=0.2)
    >>> r.frame["level"].round(3).tolist()
    [1.0, 0.95, 0.9, 0.95, 1.0, 1.126]
    >>> r.trough_year, r.break_even_year, round(r.payback_year, 2)
    (2.0, 4.0, 7.2)
    """
    d, be, gain, tm, tau = _org_params(dip_depth, break_even, long_run_gain, trough, gain_time)
    ts = _times(t)
    tv = ts.to_numpy(dtype=float) if isinstance(t, pd.Series) else ts.to_numpy()
    index = ts.index if isinstance(t, pd.Series) else pd.Index(tv, name="years_since_adoption")
    level = _org_level(tv, d, be, gain, tm, tau)

    def cum(x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        xc = np.clip(x, 0, None)
        a = np.clip(xc, 0, tm)
        loss1 = d / 2 * (a - tm / np.pi * np.sin(np.pi * a / tm))
        b = np.clip(xc, tm, be) - tm
        w = be - tm
        loss2 = d / 2 * (b + w / np.pi * np.sin(np.pi * b / w))
        u = np.clip(xc - be, 0, None)
        g_area = gain * (u - tau * (1 - np.exp(-u / tau)))
        return g_area - loss1 - loss2

    loss = d * be / 2
    if loss == 0:
        payback = 0.0
    elif gain == 0:
        payback = math.inf
    else:
        # f(u) = G [u - tau (1 - exp(-u/tau))] - loss is increasing, <= 0 at loss/G and >= 0 at loss/G + tau.
        lo = loss / gain
        if not math.isfinite(lo + tau):
            payback = math.inf
        else:
            f = lambda u: gain * (u - tau * (1 - math.exp(-u / tau))) - loss  # noqa: E731
            f_lo, f_hi = f(lo), f(lo + tau)
            if f_lo >= 0:  # rounding at extreme parameters: the root is at the bracket's end
                payback = be + lo
            elif f_hi <= 0:
                payback = be + lo + tau
            else:
                payback = be + brentq(f, lo, lo + tau, xtol=1e-12 * max(1.0, lo), rtol=1e-14)
    frame = pd.DataFrame({"level": level, "gap": level - 1, "cumulative": cum(tv)}, index=index)
    return OrgJCurve(
        frame=frame,
        trough_year=float(tm),
        trough_level=1.0 - d,
        break_even_year=float(be),
        payback_year=float(payback),
        long_run_level=1.0 + gain,
    )
