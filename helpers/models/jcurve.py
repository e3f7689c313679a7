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
   have been, is in :mod:`helpers.models.jcurve_org`.

:func:`explorer_grid` computes measurement J-curves over a grid of parameters; the
chapter's slider chart packs it in :mod:`helpers.charts.jcurve`.

References
----------
Brynjolfsson, E., Rock, D. and Syverson, C. (2021). "The Productivity J-Curve:
How Intangibles Complement General Purpose Technologies." *American Economic
Journal: Macroeconomics* 13(1): 333-372. https://doi.org/10.1257/mac.20180386
(working paper: NBER WP 25148, issued October 2018, revised January 2020,
https://www.nber.org/papers/w25148).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._validate import InputTypeError, array, integer, number, series

#: Longest path (in years) the functions accept.
MAX_YEARS = 10_000

__all__ = [
    "IntangibleJCurve",
    "surge_path",
    "intangible_jcurve",
    "explorer_grid",
]


# --------------------------------------------------------------------------- checks
def _path(name: str, values: Any) -> pd.Series:
    """A float Series (index kept: unique, and increasing if it is years or dates) from a Series or a flat array-like."""
    if isinstance(values, pd.Series):
        idx = values.index
        timed = isinstance(idx, (pd.DatetimeIndex, pd.PeriodIndex)) or (
            idx.dtype != bool and pd.api.types.is_numeric_dtype(idx.dtype))
        return series(name, values, min_size=1, sorted_index=timed).astype(float)
    return pd.Series(array(name, values, ndim=1, min_size=1))


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
    if isinstance(years, (int, np.integer, float, np.floating, bool)):
        index = pd.RangeIndex(integer("years", years, low=2, high=MAX_YEARS), name="year")
    else:
        if isinstance(years, (str, bytes)) or not hasattr(years, "__len__"):
            raise InputTypeError(f"years must be a number of years or a sequence of year labels, got {years!r}")
        index = pd.Index(list(years), name="year")
        if not 2 <= len(index) <= MAX_YEARS or index.has_duplicates:
            raise ValueError(f"years must hold 2 to {MAX_YEARS} distinct year labels, got {len(index)} ({list(index[:5])!r}...)")
    base = number("base_share", base_share, low=0.0, high=1.0, low_open=True, high_open=True)
    size = number("surge_size", surge_size, low=0.0)
    if base + size >= 1.0:
        raise ValueError(f"surge_size must keep base_share + surge_size below 1, got {base!r} + {size!r}")
    ramp = integer("ramp_years", ramp_years, low=1, high=MAX_YEARS)
    start = integer("start", start, low=1)
    if start > len(index) - 1:
        raise ValueError(f"start must be a position before the last of the {len(index)} years, got {start}")
    pos = np.arange(len(index))
    frac = np.clip((pos - start + 1) / ramp, 0.0, 1.0)
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
        one value per year, each in (0, 1). The index is kept (unique; increasing if years or dates).
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
    s = _path("inv_share", inv_share)
    array("inv_share", s.to_numpy(), low=0.0, high=1.0, low_open=True, high_open=True)
    if len(s) > MAX_YEARS:
        raise ValueError(f"inv_share must have at most {MAX_YEARS} years, got {len(s)}")
    delta = number("depreciation", depreciation, low=0.0, high=1.0)
    alpha = number("capital_share", capital_share, low=0.0, high=1.0)
    g = number("output_growth", output_growth, low=-1.0, low_open=True)
    if np.ndim(true_tfp_growth) == 0:
        tfp = pd.Series(number("true_tfp_growth", true_tfp_growth), index=s.index)
    else:
        tfp = pd.Series(array("true_tfp_growth", np.asarray(true_tfp_growth, dtype=object), ndim=1, size=len(s)),
                        index=s.index)
    if initial_stock is None:
        if g + delta <= 0:
            raise ValueError(
                f"initial_stock is needed when output_growth + depreciation <= 0 (got {g} + {delta})"
            )
        k0 = float(s.iloc[0]) / (g + delta)
    else:
        k0 = number("initial_stock", initial_stock, low=0.0)
        if k0 == 0 and delta == 1.0:
            raise ValueError(f"initial_stock must be >= 0 (> 0 when depreciation is 1), got {initial_stock!r}")

    n = len(s)
    t = np.arange(n)
    with np.errstate(over="ignore", under="ignore"):
        y = (1.0 + g) ** t
    inv = s.to_numpy() * y
    if not (np.isfinite(inv).all() and (inv > 0).all()):
        raise ValueError(f"output_growth {g!r} over {n} years takes output beyond the float range")
    # K_t = (1 - delta) K_{t-1} + I_{t-1}: a first-order recursion over at most a few hundred years,
    # written out (the same operations, in the same order, as scipy.signal.lfilter, whose import costs
    # 0.3 s of every build of this chapter)
    k = np.empty(n)
    k[0] = k0
    for j in range(1, n):
        k[j] = (1.0 - delta) * k[j - 1] + inv[j - 1]
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
) -> pd.DataFrame:
    """Measurement J-curves for every combination of the slider values (for a static chart).

    Parameters
    ----------
    surge_sizes, ramp_years, depreciations, capital_shares : sequence of float
        Values of each slider, at most 50 each (see :func:`surge_path` and
        :func:`intangible_jcurve` for their ranges).
    years : int
        Years per path (positions ``0 .. years-1``), 3 to 200.
    base_share : float
        Hidden investment share before the wave, in (0, 1).
    start : int
        First year of the ramp, >= 1.
    decimals : int
        Rounding of the outputs (0 to 12), to keep chart data small.

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
    """
    lists = {name: np.atleast_1d(array(name, vals, min_size=1, low=0.0, high=hi, high_open=name == "surge_sizes")).tolist()
             for name, vals, hi in (("surge_sizes", surge_sizes, 1.0), ("ramp_years", ramp_years, MAX_YEARS),
                                    ("depreciations", depreciations, 1.0), ("capital_shares", capital_shares, 1.0))}
    for name, vals in lists.items():
        if len(vals) > 50 or np.ndim(vals) != 1:
            raise ValueError(f"{name} must be a flat list of at most 50 values, got {len(vals)}")
    years = integer("years", years, low=3, high=200)
    decimals = integer("decimals", decimals, low=0, high=12)
    frames = []
    for size, ramp, delta, alpha in itertools.product(*lists.values()):
        path = surge_path(years, base_share=base_share, surge_size=size, ramp_years=integer("ramp_years", ramp, low=1),
                          start=start)
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
    return out
