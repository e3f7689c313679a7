r"""The Bass (1969) diffusion model: adoption curves, time to a share, fitting.

A new product is adopted by *innovators*, at rate ``p`` whatever others do, and by *imitators*,
at rate ``q`` times the share that has already adopted. The cumulative adopted share of a market
of size ``m`` then follows an S-curve with a closed form, which this module evaluates
(:func:`bass_cdf`, :func:`bass_pdf`), inverts (:func:`time_to_share`, :func:`peak_time`) and fits
to adoption series by non-linear least squares (:func:`fit_bass`); :func:`first_crossing` reads a
threshold straight off an observed series, with no model.

Time is in years since launch (or calendar years where a function says so); shares are fractions
of the population (0.25 = 25%). Coefficients are per year: ``1e-9 <= p <= 10``, ``0 <= q <= 100``
(published estimates lie far inside these bounds; values outside are unit errors, and would overflow).
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from .._validate import array, number

__all__ = ["BassFit", "bass_cdf", "bass_pdf", "time_to_share", "peak_time", "fit_bass", "first_crossing", "fit_many"]

_P_MIN, _P_MAX, _Q_MAX = 1e-9, 10.0, 100.0


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
        Observations that carry information (those after the launch date).
    dof : int
        ``n`` minus the number of fitted parameters: 0 means the curve passes exactly through the
        points and describes them rather than testing anything.
    success : bool
        True only if the optimiser converged, moved away from its start values and the fitted
        parameters are identified (the Jacobian has full column rank).
    message : str
        Why ``success`` is False (empty when it is True).
    """

    p: float
    q: float
    m: float
    t0: float
    rmse: float
    n: int
    dof: int
    success: bool
    message: str


def _pqm(p, q, m) -> tuple[float, float, float]:
    return (number("p", p, low=_P_MIN, high=_P_MAX), number("q", q, low=0.0, high=_Q_MAX),
            number("m", m, low=0.0, low_open=True, high=1.0))


def _times(name: str, t) -> np.ndarray:
    return array(name, t.to_numpy() if isinstance(t, pd.Series) else t, min_size=1)


def _curve(tau: np.ndarray, p: float, q: float, m: float) -> np.ndarray:
    e = np.exp(-(p + q) * np.clip(tau, 0.0, None))
    return m * (1.0 - e) / (1.0 + (q / p) * e)


def bass_cdf(t, p, q, m=1.0):
    r"""Cumulative adopted share at time ``t`` since launch.

    Parameters
    ----------
    t : float, array-like or pandas.Series
        Years since launch; values at or below 0 give 0 (nothing adopted yet).
    p : float
        Coefficient of innovation, per year, ``1e-9 <= p <= 10``.
    q : float
        Coefficient of imitation, per year, ``0 <= q <= 100``.
    m : float, default 1.0
        Market potential as a share of the population, in (0, 1].

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        ``m * F(t)``, same shape as ``t`` (a Series keeps its index).

    Notes
    -----
    .. math:: F(t) = \frac{1 - e^{-(p+q)t}}{1 + (q/p)\, e^{-(p+q)t}}

    References
    ----------
    Bass, F. M. (1969). "A New Product Growth for Model Consumer Durables." *Management Science*
    15(5), 215-227. https://doi.org/10.1287/mnsc.15.5.215

    Examples
    --------
    >>> round(float(bass_cdf(5.0, p=0.03, q=0.38)), 4)
    0.3312
    >>> bass_cdf(np.array([0.0, -1.0]), 0.03, 0.38).tolist()
    [0.0, 0.0]
    """
    p, q, m = _pqm(p, q, m)
    out = _curve(_times("t", t), p, q, m)
    if isinstance(t, pd.Series):
        return pd.Series(out, index=t.index, name=t.name)
    return out if out.ndim else float(out)


def bass_pdf(t, p, q, m=1.0):
    r"""Adoption rate (share of the population adopting per year) at time ``t``.

    Parameters
    ----------
    t : float or array-like
        Years since launch (values below 0 give 0).
    p, q, m : float
        As in :func:`bass_cdf`.

    Returns
    -------
    float or numpy.ndarray
        ``m * f(t)``, per year.

    Notes
    -----
    .. math:: f(t) = \frac{(p+q)^2}{p} \frac{e^{-(p+q)t}}{\left(1 + (q/p) e^{-(p+q)t}\right)^2}

    References
    ----------
    Bass (1969), as in :func:`bass_cdf`.

    Examples
    --------
    >>> round(float(bass_pdf(0.0, p=0.03, q=0.38)), 4)
    0.03
    """
    p, q, m = _pqm(p, q, m)
    tt = _times("t", t)
    e = np.exp(-(p + q) * np.clip(tt, 0.0, None))
    out = np.where(tt < 0, 0.0, m * ((p + q) ** 2 / p) * e / (1.0 + (q / p) * e) ** 2)
    return out if out.ndim else float(out)


def time_to_share(share, p, q, m=1.0):
    r"""Years after launch until the adopted share reaches ``share``.

    Parameters
    ----------
    share : float or array-like
        Target share(s) of the population, each in (0, 1).
    p, q, m : float
        As in :func:`bass_cdf`.

    Returns
    -------
    float or numpy.ndarray
        Years; ``inf`` where ``share >= m`` (the market potential is never reached).

    Notes
    -----
    Solving :math:`m F(t) = s` with :math:`x = s/m` gives

    .. math:: t(s) = \frac{1}{p+q} \ln \frac{1 + x\, q/p}{1 - x}.

    References
    ----------
    Bass (1969), as in :func:`bass_cdf`.

    Examples
    --------
    >>> round(float(time_to_share(0.5, p=0.03, q=0.38)), 2)
    6.55
    >>> time_to_share(0.9, p=0.03, q=0.38, m=0.8)
    inf
    """
    p, q, m = _pqm(p, q, m)
    s = array("share", share, low=0.0, high=1.0, low_open=True, high_open=True, min_size=1)
    x = s / m
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(x < 1, np.log((1 + x * q / p) / np.where(x < 1, 1 - x, 1.0)) / (p + q), np.inf)
    return out if out.ndim else float(out)


def peak_time(p, q) -> float:
    r"""Years after launch at which the adoption rate peaks.

    Parameters
    ----------
    p, q : float
        As in :func:`bass_cdf`.

    Returns
    -------
    float
        :math:`\ln(q/p)/(p+q)` when ``q > p``, else 0 (the rate falls from launch).

    References
    ----------
    Bass (1969), as in :func:`bass_cdf`.

    Examples
    --------
    >>> round(peak_time(0.03, 0.38), 2)
    6.19
    """
    p, q, _ = _pqm(p, q, 1.0)
    return float(np.log(q / p) / (p + q)) if q > p else 0.0


def fit_bass(t, y, m=None, t0=None, p0=0.02, q0=0.4) -> BassFit:
    r"""Fit the Bass curve to an adoption series by non-linear least squares.

    Parameters
    ----------
    t : array-like
        Observation times, one-dimensional (e.g. calendar years, or years since launch).
    y : array-like
        Adopted shares at those times, each in [0, 1] (0.42 = 42%).
    m : float, optional
        Fix the market potential (share, in (0, 1], at least the largest ``y``); fitted if omitted.
    t0 : float, optional
        Fix the launch time on the ``t`` axis (at or before the first observation); fitted if
        omitted, between 60 years before and just before the first observation.
    p0, q0 : float
        Starting values for ``p`` (in (0, 1]) and ``q`` (in [0, 3]).

    Returns
    -------
    BassFit
        With ``success`` False (and a ``message``) when the optimiser did not converge, never left
        its start values or left a parameter unidentified.

    Notes
    -----
    Minimises :math:`\sum_i (y_i - m F(t_i - t_0; p, q))^2` with
    :func:`scipy.optimize.least_squares` (trust-region reflective, bounds
    ``1e-5 <= p <= 1``, ``0 <= q <= 3``, ``max(y) <= m <= 1``). Observations at or before a fixed
    launch date carry no information (the curve is 0 there whatever the parameters) and are not
    counted in ``n``. Series that start long after launch pin down ``p`` and ``t0`` only weakly:
    fix the launch date where it is known.

    References
    ----------
    Bass (1969), as in :func:`bass_cdf`. Srinivasan, V. and Mason, C. H. (1986). "Nonlinear
    least squares estimation of new product diffusion models." *Marketing Science* 5(2), 169-178.
    https://doi.org/10.1287/mksc.5.2.169

    Examples
    --------
    >>> tt = np.arange(0.0, 15.0)
    >>> fit = fit_bass(tt, bass_cdf(tt, 0.02, 0.5, 0.9), t0=0.0)
    >>> (round(fit.p, 3), round(fit.q, 3), round(fit.m, 3), fit.success)
    (0.02, 0.5, 0.9, True)
    """
    from scipy.optimize import least_squares

    tt = array("t", t.to_numpy() if isinstance(t, pd.Series) else t, ndim=1, min_size=2)
    yy = array("y", y.to_numpy() if isinstance(y, pd.Series) else y, ndim=1, low=0.0, high=1.0, size=tt.size)
    if yy.size != tt.size:
        raise ValueError(f"y must have as many values as t ({tt.size}), got {yy.size}")
    m = None if m is None else number("m", m, low=0.0, low_open=True, high=1.0)
    t0 = None if t0 is None else number("t0", t0)
    p0 = number("p0", p0, low=0.0, low_open=True, high=1.0)
    q0 = number("q0", q0, low=0.0, high=3.0)
    if m is not None and yy.max() > m + 1e-12:
        raise ValueError(f"m = {m} is below the largest observed share {yy.max()}")
    if t0 is not None and t0 > tt.min():
        raise ValueError(f"t0 = {t0} is after the first observation ({tt.min()}); the launch must come first")
    names = ["p", "q"] + (["m"] if m is None else []) + (["t0"] if t0 is None else [])
    informative = tt > t0 if t0 is not None else np.ones(tt.size, dtype=bool)
    n = int(informative.sum())
    if n < len(names):
        raise ValueError(f"need at least {len(names)} observations after the launch date to fit {names}, got {n}")
    x0, lo, hi = [p0, q0], [1e-5, 0.0], [1.0, 3.0]
    if m is None:
        lo.append(max(float(yy.max()), 1e-6))
        x0.append(min(1.0, max(lo[-1], yy.max() * 1.1, 0.5)))
        hi.append(1.0)
    if t0 is None:
        x0.append(tt.min() - 3.0)
        lo.append(tt.min() - 60.0)
        hi.append(tt.min() - 1e-6)
    x0 = np.clip(np.array(x0), np.array(lo), np.array(hi))

    def unpack(x):
        d = dict(zip(names, x))
        return d["p"], d["q"], d.get("m", m), d.get("t0", t0)

    def resid(x):
        p_, q_, m_, t0_ = unpack(x)
        return _curve(tt - t0_, p_, q_, m_) - yy

    res = least_squares(resid, x0=x0, bounds=(np.array(lo), np.array(hi)), method="trf", x_scale="jac", max_nfev=20000)
    p_, q_, m_, t0_ = unpack(res.x)
    problems = []
    if not res.success:
        problems.append(f"optimiser did not converge ({res.message})")
    if np.allclose(res.x, x0, rtol=1e-7, atol=1e-10):
        problems.append("the fit never left its start values (the data do not move the parameters)")
    if np.linalg.matrix_rank(res.jac) < len(names):
        problems.append("the parameters are not identified by these data (rank-deficient Jacobian)")
    rmse = float(np.sqrt(np.mean(res.fun[informative] ** 2))) if n else float("nan")
    return BassFit(p=float(p_), q=float(q_), m=float(m_), t0=float(t0_), rmse=rmse, n=n, dof=n - len(names),
                   success=not problems, message="; ".join(problems))


def first_crossing(t, y, level) -> float:
    r"""First time an observed series reaches ``level``, interpolating linearly.

    Parameters
    ----------
    t : array-like
        Observation times, strictly increasing (e.g. calendar years).
    y : array-like
        Observed adoption levels (same units as ``level``), as many as ``t``.
    level : float
        Threshold to reach.

    Returns
    -------
    float
        The interpolated time at which ``y`` first reaches ``level``; the first time itself if the
        series already starts at or above it (the crossing may then be earlier); ``nan`` if it
        never does.

    Notes
    -----
    Between the last observation :math:`(t_0, y_0)` below the level and the first
    :math:`(t_1, y_1)` at or above it, :math:`t^* = t_0 + (L - y_0)(t_1 - t_0)/(y_1 - y_0)`.

    References
    ----------
    Comin, D. and Hobijn, B. (2010). "An exploration of technology diffusion." *American Economic
    Review* 100(5), 2031-2059 (adoption lags read as the time to reach a threshold).
    https://doi.org/10.1257/aer.100.5.2031

    Examples
    --------
    >>> first_crossing([1984, 1985, 1986], [8.2, 10.0, 12.0], 10.0)
    1985.0
    >>> first_crossing([1990, 1991], [10.0, 30.0], 20.0)
    1990.5
    """
    tt = array("t", t.to_numpy() if isinstance(t, pd.Series) else t, ndim=1, min_size=1)
    yy = array("y", y.to_numpy() if isinstance(y, pd.Series) else y, ndim=1, size=tt.size)
    if yy.size != tt.size:
        raise ValueError(f"y must have as many values as t ({tt.size}), got {yy.size}")
    if np.any(np.diff(tt) <= 0):
        raise ValueError("t must be strictly increasing")
    level = number("level", level)
    hit = np.nonzero(yy >= level)[0]
    if len(hit) == 0:
        return float("nan")
    i = hit[0]
    if i == 0:
        return float(tt[0])
    ta, tb, ya, yb = tt[i - 1], tt[i], yy[i - 1], yy[i]
    return float(ta + (level - ya) / (yb - ya) * (tb - ta))


def fit_many(data: pd.DataFrame, launch=None, levels=(0.1, 0.5)) -> pd.DataFrame:
    r"""Fit the Bass curve to several adoption series and read the years each took to reach some levels.

    Parameters
    ----------
    data : DataFrame
        Long table with columns ``series`` (name), ``t`` (calendar year or time) and ``y`` (adopted
        share, in [0, 1]); one row per series and time (a duplicated pair raises).
    launch : mapping series -> float, optional
        Launch dates to fix (on the ``t`` axis); other series have theirs fitted.
    levels : sequence of float, default (0.1, 0.5)
        Shares in (0, 1) to time.

    Returns
    -------
    DataFrame
        One row per series (in order of first appearance): ``p``, ``q``, ``m``, ``t0``,
        ``t0_fixed``, ``rmse``, ``dof``, ``success`` (see :class:`BassFit`), and for each level
        ``L`` the observed first crossing ``observed_L`` (on the ``t`` axis, by
        :func:`first_crossing`) and the model's ``model_L`` (years after ``t0``, by
        :func:`time_to_share`), with ``L`` in percent (``observed_10``...).

    Notes
    -----
    Each series is fitted on its own by :func:`fit_bass`; nothing is pooled.

    References
    ----------
    Bass (1969) and Srinivasan and Mason (1986), as in :func:`fit_bass`.

    Examples
    --------
    >>> tt = np.arange(1990.0, 2010.0)
    >>> d = pd.DataFrame({"series": "x", "t": tt, "y": bass_cdf(tt - 1985.0, 0.02, 0.4, 0.9)})
    >>> row = fit_many(d, {"x": 1985.0}).iloc[0]
    >>> round(float(row["q"]), 2), bool(abs(row["model_50"] - time_to_share(0.5, 0.02, 0.4, 0.9)) < 0.05)
    (0.4, True)
    """
    from .._validate import frame as _frame

    _frame("data", data, ["series"], numeric=["t", "y"], key=["series", "t"])
    array("data column 'y'", data["y"].to_numpy(dtype=float), low=0.0, high=1.0)
    lv = array("levels", levels, low=0.0, high=1.0, low_open=True, high_open=True, ndim=1, min_size=1)
    launch = dict(launch or {})
    for k, v in launch.items():
        number(f"launch[{k!r}]", v)
    rows = []
    for name, g in data.groupby("series", sort=False):
        g = g.sort_values("t")
        fit = fit_bass(g["t"].to_numpy(dtype=float), g["y"].to_numpy(dtype=float), t0=launch.get(name))
        row = {"series": name, "p": fit.p, "q": fit.q, "m": fit.m, "t0": fit.t0, "t0_fixed": name in launch,
               "rmse": fit.rmse, "dof": fit.dof, "success": fit.success}
        for level in lv:
            key = f"{100 * level:g}"
            row[f"observed_{key}"] = first_crossing(g["t"].to_numpy(dtype=float), g["y"].to_numpy(dtype=float), float(level))
            row[f"model_{key}"] = float(time_to_share(float(level), fit.p, fit.q, fit.m))
        rows.append(row)
    return pd.DataFrame(rows).set_index("series")
