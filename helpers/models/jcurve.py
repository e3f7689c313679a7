"""The productivity J-curve: two versions of "worse before better".

1. **The measurement J-curve** of Brynjolfsson, Rock and Syverson (2021). A
   general purpose technology needs complementary *intangible* investment (new
   processes, software, training, business models). National accounts count
   little of it. The unmeasured investment is missing from measured output, and
   the intangible capital it builds is missing from measured inputs. While the
   investment grows faster than the stock's contribution, measured total factor
   productivity (TFP) growth is understated; once the stock is built and yields,
   measured TFP growth is overstated. :func:`intangible_jcurve` computes the
   stock, the two mismeasurement terms, true and measured TFP growth and the
   cumulative level gap for any path of the hidden investment share;
   :func:`surge_path` builds the stylised path of a technology wave.
2. **The organisational J-curve** of an adopting firm, whose *real*
   productivity dips while it reorganises and then rises above where it would
   have been. :func:`org_jcurve` is an explicit path whose dip depth, break-even
   year and long-run gain the user sets; :func:`org_jcurve_vega_expr` writes the
   same path as a Vega expression for charts that must work in static HTML.

:func:`explorer_grid` precomputes a small grid of measurement J-curves for the
chapter's slider chart.

References
----------
Brynjolfsson, E., Rock, D. and Syverson, C. (2021). "The Productivity J-Curve:
How Intangibles Complement General Purpose Technologies." *American Economic
Journal: Macroeconomics* 13(1): 333-372. https://doi.org/10.1257/mac.20180386
(working paper: NBER WP 25148, 2018, https://www.nber.org/papers/w25148).
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import brentq
from scipy.signal import lfilter

__all__ = [
    "IntangibleJCurve",
    "OrgJCurve",
    "surge_path",
    "intangible_jcurve",
    "explorer_grid",
    "org_jcurve",
    "org_jcurve_vega_expr",
]


# --------------------------------------------------------------------------- checks
def _finite_scalar(name: str, value: Any) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if isinstance(value, bool) or not math.isfinite(v):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return v


def _in_range(name: str, value: Any, lo: float, hi: float, *, lo_open: bool = False, hi_open: bool = False) -> float:
    v = _finite_scalar(name, value)
    below = v <= lo if lo_open else v < lo
    above = v >= hi if hi_open else v > hi
    if below or above:
        lb, rb = ("(" if lo_open else "["), (")" if hi_open else "]")
        raise ValueError(f"{name} must be in {lb}{lo}, {hi}{rb}, got {value!r}")
    return v


def _as_series(name: str, values: Any, index: pd.Index | None = None) -> pd.Series:
    """A float Series from a Series or array-like; ValueError names ``name`` on bad input."""
    if isinstance(values, pd.Series):
        s = values
    else:
        try:
            arr = np.asarray(values, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be numeric, got {values!r}") from None
        if arr.ndim != 1:
            raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
        s = pd.Series(arr, index=index if index is not None and len(index) == len(arr) else None)
    if len(s) == 0:
        raise ValueError(f"{name} must not be empty")
    try:
        s = s.astype(float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numeric, got {s.tolist()!r}") from None
    bad = ~np.isfinite(s.to_numpy())
    if bad.any():
        raise ValueError(f"{name} has a non-finite value {s[bad].iloc[0]!r} at {s.index[bad][0]!r}")
    return s


# ----------------------------------------------------------------- measurement J-curve
@dataclass(frozen=True)
class IntangibleJCurve:
    """Result of :func:`intangible_jcurve`.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per year (the index of the investment path), columns:
        ``inv_share`` (hidden intangible investment / true output),
        ``investment`` and ``stock`` (units of base-year true output),
        ``investment_growth`` and ``stock_growth`` (log change on the year),
        ``output_error`` (mismeasurement of output growth, ``s̄·g_I``),
        ``input_error`` (mismeasurement of input growth, ``α·g_K``),
        ``gap`` (true minus measured TFP growth, log points; positive =
        measured understated), ``true_tfp_growth``, ``measured_tfp_growth``,
        ``level_gap`` (cumulative gap, log of true / measured TFP level) and
        ``measured_vs_true`` (measured TFP level / true level - 1). Growth
        columns are NaN in the first (base) year, where levels are normalised.
    capital_share, depreciation, output_growth, initial_stock : float
        The parameters used (``initial_stock`` as resolved).
    peak_understatement : float
        Largest ``level_gap`` (>= 0; 0 if measured TFP is never below true).
    peak_year : object
        Index label where it occurs.
    final_level_gap : float
        ``level_gap`` in the last year (negative = measured level above true).
    """

    frame: pd.DataFrame
    capital_share: float
    depreciation: float
    output_growth: float
    initial_stock: float
    peak_understatement: float
    peak_year: Any
    final_level_gap: float


def surge_path(
    years: int | Any,
    *,
    base_share: float,
    surge_size: float,
    ramp_years: int,
    start: int = 0,
) -> pd.Series:
    """Hidden intangible investment share of a technology wave: flat, a linear ramp, a new plateau.

    Parameters
    ----------
    years : int or sequence
        Number of years (index ``0 .. years-1``) or the year labels to use as the index.
    base_share : float
        Hidden investment / true output before the wave, in (0, 1).
    surge_size : float
        Rise of that share by the end of the ramp (share points, e.g. 0.02 = 2% of output), >= 0.
    ramp_years : int
        Years over which the share rises, >= 1. The share reaches its plateau in
        position ``start + ramp_years - 1`` and stays there.
    start : int
        Position (0-based) of the first year of the ramp, >= 1 so that a base year precedes it.

    Returns
    -------
    pandas.Series
        The share, named ``inv_share``.

    Examples
    --------
    >>> surge_path(6, base_share=0.02, surge_size=0.02, ramp_years=2, start=2).round(3).tolist()
    [0.02, 0.02, 0.03, 0.04, 0.04, 0.04]
    """
    if isinstance(years, (int, np.integer)) and not isinstance(years, bool):
        if years < 2:
            raise ValueError(f"years must be at least 2, got {years!r}")
        index = pd.RangeIndex(int(years), name="year")
    else:
        index = pd.Index(list(years), name="year")
        if len(index) < 2:
            raise ValueError(f"years must hold at least 2 years, got {list(years)!r}")
    base = _in_range("base_share", base_share, 0.0, 1.0, lo_open=True, hi_open=True)
    size = _in_range("surge_size", surge_size, 0.0, 1.0 - base, hi_open=True)
    if isinstance(ramp_years, bool) or not isinstance(ramp_years, (int, np.integer)) or ramp_years < 1:
        raise ValueError(f"ramp_years must be an integer >= 1, got {ramp_years!r}")
    if isinstance(start, bool) or not isinstance(start, (int, np.integer)) or not 1 <= start < len(index):
        raise ValueError(f"start must be an integer in [1, {len(index) - 1}], got {start!r}")
    pos = np.arange(len(index))
    frac = np.clip((pos - start + 1) / ramp_years, 0.0, 1.0)
    return pd.Series(base + size * frac, index=index, name="inv_share")


def intangible_jcurve(
    inv_share: Any,
    *,
    depreciation: float,
    capital_share: float,
    output_growth: float = 0.0,
    true_tfp_growth: float | Any = 0.0,
    initial_stock: float | None = None,
) -> IntangibleJCurve:
    r"""True and measured TFP when intangible investment and capital go unmeasured.

    Parameters
    ----------
    inv_share : pandas.Series or array-like
        Hidden (unmeasured) intangible investment as a share of true output,
        one value per year, each in (0, 1). The index is kept.
    depreciation : float
        Annual depreciation rate of intangible capital, in [0, 1].
    capital_share : float
        Output elasticity (= income share under competition) of intangible
        capital, :math:`\alpha`, in [0, 1].
    output_growth : float
        Growth of true output per year (fraction, > -1). Default 0: a
        stationary economy, which isolates the J-curve from trend growth.
    true_tfp_growth : float or array-like
        True TFP growth per year (log points); a constant or one value per year.
        Default 0.
    initial_stock : float, optional
        Intangible capital at the start of the first year, in units of that
        year's true output (>= 0, > 0 if ``depreciation`` is 1). Default: the
        steady-state stock for the first year's investment,
        :math:`K_0 = I_0/(g+\delta)` (needs :math:`g + \delta > 0`).

    Returns
    -------
    IntangibleJCurve

    Notes
    -----
    True output :math:`Y` includes intangible investment :math:`I`; measured
    output is :math:`Y - I`. True inputs include the intangible stock
    :math:`K`; measured inputs do not. With output elasticity :math:`\alpha`
    of :math:`K`, growth accounting with and without the hidden items gives,
    to first order (measured shares of the other inputs taken as the true
    ones),

    .. math::

        g_A - g_{A^*} = \underbrace{\bar s_t\, g_{I,t}}_{\text{missed output growth}}
                      - \underbrace{\alpha\, g_{K,t}}_{\text{missed input growth}},
        \qquad \bar s_t = \tfrac12 (s_t + s_{t-1}),

    where :math:`g_A` is true and :math:`g_{A^*}` measured TFP growth,
    :math:`s_t = I_t/Y_t`, :math:`g_{I,t} = \ln(I_t/I_{t-1})` and
    :math:`g_{K,t} = \ln(K_t/K_{t-1})`. Capital available in year :math:`t`
    is built from earlier investment,

    .. math:: K_t = (1-\delta) K_{t-1} + I_{t-1},

    with :math:`Y_t = (1+g)^t` and :math:`I_t = s_t Y_t`. The cumulative gap
    :math:`L_t = \sum_{u \le t} (g_A - g_{A^*})_u = \ln(A_t/A^*_t)` is the
    log level by which measured TFP understates true TFP.

    While hidden investment grows fast and the stock it feeds is still small,
    the first term dominates and measured TFP growth is too low; when the
    investment levels off and the stock keeps growing toward its new steady
    state, only the second term is left and measured growth is too high. That
    sign switch is the J. In a steady state (investment and stock growing at
    the common rate :math:`\ln(1+g)`) the gap is the constant
    :math:`(s-\alpha)\ln(1+g)`: zero in a stationary economy, and a constant
    drift, not a J, otherwise.

    The first term is the paper's "output" mismeasurement and the second its
    "input" mismeasurement (Brynjolfsson, Rock and Syverson 2021, section I);
    the discrete-time form, the Tornqvist share, the timing of the stock and
    the constant elasticity are this module's choices.

    References
    ----------
    Brynjolfsson, E., Rock, D. and Syverson, C. (2021). "The Productivity
    J-Curve: How Intangibles Complement General Purpose Technologies."
    *American Economic Journal: Macroeconomics* 13(1): 333-372.
    https://doi.org/10.1257/mac.20180386

    Examples
    --------
    >>> path = surge_path(12, base_share=0.02, surge_size=0.02, ramp_years=4, start=2)
    >>> r = intangible_jcurve(path, depreciation=0.2, capital_share=0.04)
    >>> r.frame["gap"].round(4).tolist()[2:5]  # ramp: measured growth understated
    [0.005, 0.0031, 0.0017]
    >>> bool(r.frame["gap"].iloc[6:].lt(0).all())  # plateau: measured growth overstated
    True
    >>> round(r.peak_understatement, 4), round(r.final_level_gap, 4)
    (0.0107, -0.0036)
    """
    s = _as_series("inv_share", inv_share)
    if ((s <= 0) | (s >= 1)).any():
        bad = s[(s <= 0) | (s >= 1)]
        raise ValueError(f"inv_share must be in (0, 1), got {bad.iloc[0]!r} at {bad.index[0]!r}")
    delta = _in_range("depreciation", depreciation, 0.0, 1.0)
    alpha = _in_range("capital_share", capital_share, 0.0, 1.0)
    g = _finite_scalar("output_growth", output_growth)
    if g <= -1:
        raise ValueError(f"output_growth must be > -1, got {output_growth!r}")
    if np.ndim(true_tfp_growth) == 0:
        tfp = pd.Series(_finite_scalar("true_tfp_growth", true_tfp_growth), index=s.index)
    else:
        tfp = _as_series("true_tfp_growth", true_tfp_growth, index=s.index)
        if len(tfp) != len(s):
            raise ValueError(f"true_tfp_growth has {len(tfp)} values but inv_share has {len(s)}")
        tfp = pd.Series(tfp.to_numpy(), index=s.index)
    if initial_stock is None:
        if g + delta <= 0:
            raise ValueError(
                f"initial_stock is needed when output_growth + depreciation <= 0 (got {g} + {delta})"
            )
        k0 = float(s.iloc[0]) / (g + delta)
    else:
        k0 = _finite_scalar("initial_stock", initial_stock)
        if k0 < 0 or (k0 == 0 and delta == 1.0):
            raise ValueError(f"initial_stock must be >= 0 (> 0 when depreciation is 1), got {initial_stock!r}")

    n = len(s)
    t = np.arange(n)
    y = (1.0 + g) ** t
    inv = s.to_numpy() * y
    if n > 1:
        rest = lfilter([1.0], [1.0, -(1.0 - delta)], inv[:-1], zi=[(1.0 - delta) * k0])[0]
        k = np.concatenate([[k0], rest])
    else:
        k = np.array([k0])
    if (k <= 0).any():
        raise ValueError(f"initial_stock must be > 0 for this path (the stock is zero in year {s.index[int(np.argmax(k <= 0))]!r})")

    nan = np.array([np.nan])
    g_i = np.concatenate([nan, np.diff(np.log(inv))])
    g_k = np.concatenate([nan, np.diff(np.log(k))])
    s_arr = s.to_numpy()
    s_bar = np.concatenate([nan, 0.5 * (s_arr[1:] + s_arr[:-1])])
    out_err = s_bar * g_i
    in_err = alpha * g_k
    gap = out_err - in_err
    true_g = tfp.to_numpy().astype(float)
    true_g = np.where(t == 0, np.nan, true_g)
    level_gap = np.concatenate([[0.0], np.cumsum(gap[1:])])
    frame = pd.DataFrame(
        {
            "inv_share": s_arr,
            "investment": inv,
            "stock": k,
            "investment_growth": g_i,
            "stock_growth": g_k,
            "output_error": out_err,
            "input_error": in_err,
            "gap": gap,
            "true_tfp_growth": true_g,
            "measured_tfp_growth": true_g - gap,
            "level_gap": level_gap,
            "measured_vs_true": np.exp(-level_gap) - 1.0,
        },
        index=s.index,
    )
    i_peak = int(np.argmax(level_gap))
    return IntangibleJCurve(
        frame=frame,
        capital_share=alpha,
        depreciation=delta,
        output_growth=g,
        initial_stock=k0,
        peak_understatement=float(max(level_gap[i_peak], 0.0)),
        peak_year=s.index[i_peak],
        final_level_gap=float(level_gap[-1]),
    )


def explorer_grid(
    *,
    surge_sizes: Any,
    ramp_years: Any,
    depreciations: Any,
    capital_shares: Any,
    years: int = 21,
    base_share: float = 0.02,
    start: int = 2,
    decimals: int = 5,
    packed: bool = False,
) -> pd.DataFrame:
    """Measurement J-curves for every combination of the slider values (for a static chart).

    Parameters
    ----------
    surge_sizes, ramp_years, depreciations, capital_shares : sequences
        Values of each slider (see :func:`surge_path` and :func:`intangible_jcurve`).
    years : int
        Years per path (positions ``0 .. years-1``).
    base_share : float
        Hidden investment share before the wave.
    start : int
        First year of the ramp.
    decimals : int
        Rounding of the outputs, to keep the embedded chart data small.
    packed : bool
        If True, return one row per scenario whose ``year``, ``inv_share``,
        ``gap_pp`` and ``level_pct`` cells are lists (a chart expands them with
        a Vega-Lite ``flatten`` transform), which embeds far less data.

    Returns
    -------
    pandas.DataFrame
        Tidy: ``size, ramp, delta, alpha, year, inv_share, gap_pp`` (true minus
        measured TFP growth, percentage points) and ``level_pct`` (measured TFP
        level relative to true, percent). The base year is dropped.

    Examples
    --------
    >>> g = explorer_grid(surge_sizes=[0.01, 0.02], ramp_years=[3], depreciations=[0.2],
    ...                   capital_shares=[0.02, 0.04], years=10)
    >>> len(g), list(g.columns)
    (36, ['size', 'ramp', 'delta', 'alpha', 'year', 'inv_share', 'gap_pp', 'level_pct'])
    >>> explorer_grid(surge_sizes=[0.01, 0.02], ramp_years=[3], depreciations=[0.2],
    ...               capital_shares=[0.02, 0.04], years=10, packed=True).shape
    (4, 8)
    """
    lists = {}
    for name, vals in (("surge_sizes", surge_sizes), ("ramp_years", ramp_years),
                       ("depreciations", depreciations), ("capital_shares", capital_shares)):
        arr = list(vals) if not np.isscalar(vals) else [vals]
        if not arr:
            raise ValueError(f"{name} must not be empty")
        lists[name] = arr
    frames = []
    for size, ramp, delta, alpha in itertools.product(*lists.values()):
        path = surge_path(years, base_share=base_share, surge_size=size, ramp_years=int(ramp), start=start)
        f = intangible_jcurve(path, depreciation=delta, capital_share=alpha).frame.iloc[1:]
        frames.append(
            pd.DataFrame(
                {
                    "size": size,
                    "ramp": int(ramp),
                    "delta": delta,
                    "alpha": alpha,
                    "year": f.index.to_numpy(),
                    "inv_share": f["inv_share"].to_numpy(),
                    "gap_pp": 100 * f["gap"].to_numpy(),
                    "level_pct": 100 * f["measured_vs_true"].to_numpy(),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    num = ["inv_share", "gap_pp", "level_pct"]
    out[num] = out[num].round(decimals)
    if packed:
        keys = ["size", "ramp", "delta", "alpha"]
        cols = ["year", "inv_share", "gap_pp", "level_pct"]
        out = out.groupby(keys, sort=False)[cols].agg(list).reset_index()
    return out


# --------------------------------------------------------------- organisational J-curve
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
    d = _in_range("dip_depth", dip_depth, 0.0, 1.0, hi_open=True)
    be = _finite_scalar("break_even", break_even)
    if be <= 0:
        raise ValueError(f"break_even must be > 0 years, got {break_even!r}")
    gain = _finite_scalar("long_run_gain", long_run_gain)
    if gain < 0:
        raise ValueError(f"long_run_gain must be >= 0, got {long_run_gain!r}")
    tm = be / 2 if trough is None else _finite_scalar("trough", trough)
    if not 0 < tm < be:
        raise ValueError(f"trough must be in (0, break_even={be}), got {trough!r}")
    tau = be if gain_time is None else _finite_scalar("gain_time", gain_time)
    if tau <= 0:
        raise ValueError(f"gain_time must be > 0 years, got {gain_time!r}")
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
    ts = _as_series("t", t)
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


def org_jcurve_vega_expr(
    t: str = "datum.t",
    *,
    dip_depth: str = "depth",
    break_even: str = "breakeven",
    long_run_gain: str = "gain",
) -> str:
    """The :func:`org_jcurve` level as a Vega expression (default trough and gain time).

    Parameters
    ----------
    t : str
        Expression for years since adoption (>= 0), e.g. ``"datum.t"``.
    dip_depth, break_even, long_run_gain : str
        Names of the chart parameters (sliders) or number literals.

    Returns
    -------
    str
        A Vega expression; use it in ``transform_calculate``. The trough is at
        half the break-even year and the gain's time constant equals the
        break-even year, as in :func:`org_jcurve`'s defaults.

    Examples
    --------
    >>> org_jcurve_vega_expr("datum.t", dip_depth="0.1", break_even="4", long_run_gain="0.2")[:40]
    'if(datum.t <= (4) / 2, 1 - (0.1) * (1 - '
    """
    for name, v in (("t", t), ("dip_depth", dip_depth), ("break_even", break_even), ("long_run_gain", long_run_gain)):
        if not isinstance(v, str) or not v.strip():
            raise ValueError(f"{name} must be a non-empty expression string, got {v!r}")
    d, be, gn = f"({dip_depth})", f"({break_even})", f"({long_run_gain})"
    tm = f"{be} / 2"
    return (
        f"if({t} <= {tm}, 1 - {d} * (1 - cos(PI * {t} / ({tm}))) / 2, "
        f"if({t} <= {be}, 1 - {d} * (1 + cos(PI * ({t} - {tm}) / ({be} - {tm}))) / 2, "
        f"1 + {gn} * (1 - exp(-({t} - {be}) / {be}))))"
    )
