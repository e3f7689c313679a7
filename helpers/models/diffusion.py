"""The Bass (1969) diffusion model: adoption curves, time to a share, fitting.

A new product is adopted by *innovators*, at rate ``p`` independent of how many
others have adopted, and by *imitators*, at rate ``q`` times the share that has
already adopted. The cumulative adopted share of a market of size ``m`` then
follows an S-curve with a closed form, which this module evaluates, inverts
(years to reach 10% or 50%) and fits to adoption series with non-linear least
squares.

Time is measured in years since launch; shares are fractions of the population
(0.25 = 25%).
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy.optimize import least_squares

__all__ = ["BassFit", "bass_cdf", "bass_pdf", "time_to_share", "peak_time", "fit_bass", "first_crossing"]


class BassFit(NamedTuple):
    """Result of :func:`fit_bass`.

    Attributes
    ----------
    p, q : float
        Coefficients of innovation and imitation (per year).
    m : float
        Market potential as a share of the population (0-1).
    t0 : float
        Launch date on the data's time axis (e.g. a calendar year).
    rmse : float
        Root mean squared error of the fit, in share units.
    n : int
        Number of observations used.
    success : bool
        Whether the optimiser reported convergence.
    """

    p: float
    q: float
    m: float
    t0: float
    rmse: float
    n: int
    success: bool


def _check_pq(p: float, q: float) -> None:
    for name, v in (("p", p), ("q", q)):
        if not np.isfinite(v):
            raise ValueError(f"{name} must be finite, got {v}")
    if p <= 0:
        raise ValueError(f"p (innovation coefficient) must be positive, got {p}")
    if q < 0:
        raise ValueError(f"q (imitation coefficient) must be non-negative, got {q}")


def _check_m(m: float) -> None:
    if not np.isfinite(m) or not (0 < m <= 1):
        raise ValueError(f"m (market potential share) must be in (0, 1], got {m}")


def bass_cdf(t, p: float, q: float, m: float = 1.0):
    """Cumulative adopted share at time ``t`` since launch.

    Parameters
    ----------
    t : float, array or pandas.Series
        Years since launch. Values at or below 0 give 0 (nothing adopted yet).
    p : float
        Coefficient of innovation (per year, > 0).
    q : float
        Coefficient of imitation (per year, >= 0).
    m : float
        Market potential as a share of the population, in (0, 1].

    Returns
    -------
    float, array or pandas.Series
        ``m * F(t)``, same shape as ``t`` (a Series keeps its index).

    Notes
    -----
    .. math:: F(t) = \\frac{1 - e^{-(p+q)t}}{1 + (q/p)\\, e^{-(p+q)t}}

    References
    ----------
    Bass, F. M. (1969). "A New Product Growth for Model Consumer Durables."
    *Management Science* 15(5), 215-227. https://doi.org/10.1287/mnsc.15.5.215

    Examples
    --------
    >>> round(float(bass_cdf(5.0, p=0.03, q=0.38)), 4)
    0.3312
    >>> bass_cdf(np.array([0.0, -1.0]), 0.03, 0.38).tolist()
    [0.0, 0.0]
    """
    _check_pq(p, q)
    _check_m(m)
    arr = np.asarray(t, dtype=float)
    if np.isnan(arr).any():
        raise ValueError("t has missing values")
    tt = np.clip(arr, 0.0, None)
    e = np.exp(-(p + q) * tt)
    out = m * (1.0 - e) / (1.0 + (q / p) * e)
    if isinstance(t, pd.Series):
        return pd.Series(out, index=t.index, name=t.name)
    return out if out.ndim else float(out)


def bass_pdf(t, p: float, q: float, m: float = 1.0):
    """Adoption rate (share of population adopting per year) at time ``t``.

    Parameters
    ----------
    t : float or array
        Years since launch (values below 0 give 0).
    p, q, m : float
        As in :func:`bass_cdf`.

    Returns
    -------
    float or array
        ``m * f(t)`` with :math:`f(t) = \\frac{(p+q)^2}{p} \\frac{e^{-(p+q)t}}{(1 + (q/p) e^{-(p+q)t})^2}`.

    Examples
    --------
    >>> round(float(bass_pdf(0.0, p=0.03, q=0.38)), 4)
    0.03
    """
    _check_pq(p, q)
    _check_m(m)
    arr = np.asarray(t, dtype=float)
    if np.isnan(arr).any():
        raise ValueError("t has missing values")
    e = np.exp(-(p + q) * np.clip(arr, 0.0, None))
    out = m * ((p + q) ** 2 / p) * e / (1.0 + (q / p) * e) ** 2
    out = np.where(arr < 0, 0.0, out)
    return out if out.ndim else float(out)


def time_to_share(share, p: float, q: float, m: float = 1.0):
    """Years after launch until the adopted share reaches ``share``.

    Parameters
    ----------
    share : float or array
        Target share(s) of the population, each in (0, 1).
    p, q, m : float
        As in :func:`bass_cdf`.

    Returns
    -------
    float or array
        Years; ``inf`` where ``share >= m`` (the market potential is never reached).

    Notes
    -----
    Solving :math:`m F(t) = s` with :math:`x = s/m` gives the closed form

    .. math:: t(s) = \\frac{1}{p+q} \\ln \\frac{1 + x\\, q/p}{1 - x}.

    Examples
    --------
    >>> round(float(time_to_share(0.5, p=0.03, q=0.38)), 2)
    6.55
    >>> time_to_share(0.9, p=0.03, q=0.38, m=0.8)
    inf
    """
    _check_pq(p, q)
    _check_m(m)
    s = np.asarray(share, dtype=float)
    if np.isnan(s).any() or (s <= 0).any() or (s >= 1).any():
        raise ValueError(f"share must be in (0, 1), got {share}")
    x = s / m
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(x < 1, np.log((1 + x * q / p) / np.where(x < 1, 1 - x, 1.0)) / (p + q), np.inf)
    return out if out.ndim else float(out)


def peak_time(p: float, q: float) -> float:
    """Years after launch at which the adoption rate peaks.

    Returns :math:`\\ln(q/p)/(p+q)` when ``q > p``, else 0 (the rate falls from launch).

    Examples
    --------
    >>> round(peak_time(0.03, 0.38), 2)
    6.19
    """
    _check_pq(p, q)
    return float(np.log(q / p) / (p + q)) if q > p else 0.0


def fit_bass(t, y, m: float | None = None, t0: float | None = None, p0: float = 0.02, q0: float = 0.4) -> BassFit:
    """Fit the Bass curve to an adoption series by non-linear least squares.

    Parameters
    ----------
    t : array-like
        Observation times (e.g. calendar years, or years since launch).
    y : array-like
        Adopted shares at those times, each in [0, 1] (0.42 = 42%).
    m : float, optional
        Fix the market potential (share, in (0, 1]); estimated if omitted.
    t0 : float, optional
        Fix the launch time on the ``t`` axis; estimated if omitted (it must then
        lie before the first observation).
    p0, q0 : float
        Starting values for ``p`` and ``q``.

    Returns
    -------
    BassFit

    Notes
    -----
    Minimises :math:`\\sum_i (y_i - m F(t_i - t_0; p, q))^2` with
    :func:`scipy.optimize.least_squares` (trust-region reflective, bounds
    ``1e-5 <= p <= 1``, ``0 <= q <= 3``, ``max(y) <= m <= 1``). Series that start
    well after launch constrain ``p`` and ``t0`` only weakly: report those fits
    with their launch dates fixed where the launch is known.

    Examples
    --------
    >>> tt = np.arange(0.0, 15.0)
    >>> fit = fit_bass(tt, bass_cdf(tt, 0.02, 0.5, 0.9), t0=0.0)
    >>> (round(fit.p, 3), round(fit.q, 3), round(fit.m, 3))
    (0.02, 0.5, 0.9)
    """
    tt = np.asarray(t, dtype=float)
    yy = np.asarray(y, dtype=float)
    if tt.ndim != 1 or yy.ndim != 1:
        raise ValueError("t and y must be one-dimensional")
    if len(tt) != len(yy):
        raise ValueError(f"t and y must have the same length, got {len(tt)} and {len(yy)}")
    if np.isnan(tt).any() or np.isnan(yy).any():
        raise ValueError("t and y must not contain missing values")
    if (yy < 0).any() or (yy > 1).any():
        raise ValueError(f"y must be shares in [0, 1], got values from {yy.min()} to {yy.max()}")
    if m is not None:
        _check_m(m)
        if yy.max() > m + 1e-12:
            raise ValueError(f"m = {m} is below the largest observed share {yy.max()}")
    free = 2 + (m is None) + (t0 is None)
    if len(tt) < free + 1:
        raise ValueError(f"need at least {free + 1} observations to fit {free} parameters, got {len(tt)}")
    if t0 is not None and not np.isfinite(t0):
        raise ValueError(f"t0 must be finite, got {t0}")

    names = ["p", "q"] + (["m"] if m is None else []) + (["t0"] if t0 is None else [])
    x0 = [p0, q0]
    lo, hi = [1e-5, 0.0], [1.0, 3.0]
    if m is None:
        x0.append(min(1.0, max(yy.max() * 1.1, 0.5)))
        lo.append(max(yy.max(), 1e-6))
        hi.append(1.0)
        if x0[-1] < lo[-1]:
            x0[-1] = lo[-1]
    if t0 is None:
        first = tt.min()
        x0.append(first - 3.0)
        lo.append(first - 60.0)
        hi.append(first - 1e-6)

    def unpack(x):
        d = dict(zip(names, x))
        return d["p"], d["q"], d.get("m", m), d.get("t0", t0)

    def resid(x):
        p_, q_, m_, t0_ = unpack(x)
        tau = np.clip(tt - t0_, 0.0, None)
        e = np.exp(-(p_ + q_) * tau)
        return m_ * (1 - e) / (1 + (q_ / p_) * e) - yy

    res = least_squares(resid, x0=np.array(x0), bounds=(np.array(lo), np.array(hi)), method="trf", x_scale="jac", max_nfev=20000)
    p_, q_, m_, t0_ = unpack(res.x)
    rmse = float(np.sqrt(np.mean(res.fun**2)))
    return BassFit(p=float(p_), q=float(q_), m=float(m_), t0=float(t0_), rmse=rmse, n=len(tt), success=bool(res.success))


def first_crossing(t, y, level: float) -> float:
    """First time an observed series reaches ``level``, interpolating linearly.

    Parameters
    ----------
    t : array-like
        Observation times, strictly increasing (e.g. calendar years).
    y : array-like
        Observed adoption levels (same units as ``level``).
    level : float
        Threshold to reach.

    Returns
    -------
    float
        The interpolated time at which ``y`` first reaches ``level``; the first
        time itself if the series already starts at or above it (the crossing
        may then be earlier); ``nan`` if it never does.

    Examples
    --------
    >>> first_crossing([1984, 1985, 1986], [8.2, 10.0, 12.0], 10.0)
    1985.0
    >>> first_crossing([1990, 1991], [10.0, 30.0], 20.0)
    1990.5
    """
    tt = np.asarray(t, dtype=float)
    yy = np.asarray(y, dtype=float)
    if tt.ndim != 1 or len(tt) != len(yy) or len(tt) == 0:
        raise ValueError(f"t and y must be non-empty 1-D arrays of the same length, got {tt.shape} and {yy.shape}")
    if np.isnan(tt).any() or np.isnan(yy).any():
        raise ValueError("t and y must not contain missing values")
    if np.any(np.diff(tt) <= 0):
        raise ValueError("t must be strictly increasing")
    if not np.isfinite(level):
        raise ValueError(f"level must be finite, got {level}")
    hit = np.nonzero(yy >= level)[0]
    if len(hit) == 0:
        return float("nan")
    i = hit[0]
    if i == 0:
        return float(tt[0])
    t0, t1, y0, y1 = tt[i - 1], tt[i], yy[i - 1], yy[i]
    return float(t0 + (level - y0) / (y1 - y0) * (t1 - t0))
