r"""OpenAI's economics: a driver-based revenue, cost and cash-flow projection (the engine).

The model turns a handful of drivers into a yearly cash-flow path:

* **Users.** ChatGPT weekly active users (WAU) follow a logistic curve from the base-year
  average towards a ceiling.
* **Consumer subscriptions.** A share of WAU pays; that share rises from its base-year value
  towards a long-run maximum; each payer brings an average monthly price that can drift.
* **Business and API.** Revenue from ChatGPT business seats and the API grows at a log growth
  rate that decays from an initial to a long-run rate.
* **Ads and commerce.** Non-paying users are monetised at an average revenue per user once ads
  start, ramped in over :data:`ADS_RAMP_YEARS` years.
* **Costs.** Inference compute is a cost per revenue dollar that falls with efficiency gains down
  to a floor; a revenue share paid to Microsoft falls linearly; training and research compute
  follows a logistic ramp towards a ceiling (the contracted build-out); other cash operating costs
  grow at a constant rate.

Operating cash flow is revenue minus those costs (stock-based pay is excluded, as in the "cash
burn" figures OpenAI's documents report). From it come the cumulative funding need (the deepest
point of cumulative cash flow) and the first year cash flow turns positive.

Every formula is closed-form in the year ``t`` (no recursion between years), so the same model
can be rewritten as Vega expressions for a static-HTML slider chart
(:func:`helpers.charts.revenue.explorer_expressions`, which reads the constants below). The
engine evaluates it on arrays holding every path at once, one year at a time, filling
``(years, paths)`` arrays; there is no loop over paths.

Related modules: :mod:`~helpers.models.revenue_scenarios` (named calibrations),
:mod:`~helpers.models.revenue_montecarlo` (uncertainty) and :mod:`~helpers.models.revenue_ratios`
(margins, multiples, the 億 unit).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Mapping, NamedTuple

import numpy as np
import pandas as pd

from .._validate import InputTypeError, integer, number

__all__ = [
    "BASE_YEAR",
    "MONTHLY_TO_ANNUAL_BN",
    "PER_USER_TO_BN",
    "ADS_RAMP_YEARS",
    "PARAMETER_BOUNDS",
    "Assumptions",
    "Projection",
    "validate_assumptions",
    "project",
]

#: Calendar year of ``t = 0``, the calibration year.
BASE_YEAR = 2025
#: Millions of users x USD per month -> USD billions per year (12 months / 1000).
MONTHLY_TO_ANNUAL_BN = 12 / 1000
#: Millions of users x USD per year -> USD billions per year.
PER_USER_TO_BN = 1 / 1000
#: Years over which ads ramp in linearly from their start.
ADS_RAMP_YEARS = 3.0

_INF = float("inf")
#: ``(low, high)`` of every driver (inclusive); the joint constraints are in :func:`validate_assumptions`.
PARAMETER_BOUNDS: dict[str, tuple[float, float]] = {
    "wau0": (1e-9, _INF), "wau_cap": (0.0, _INF), "wau_speed": (0.0, 10.0),
    "pay_share0": (0.0, 1.0), "pay_share_max": (0.0, 1.0), "pay_share_speed": (0.0, 10.0),
    "price": (0.0, 10_000.0), "price_growth": (-0.99, 1.0),
    "biz0": (0.0, _INF), "biz_growth0": (-2.0, 5.0), "biz_growth_long": (-2.0, 5.0), "biz_growth_decay": (0.0, 0.999),
    "ads_arpu": (0.0, 10_000.0), "ads_start": (0.0, 50.0),
    "inference_ratio0": (0.0, 1.0), "inference_decline": (0.0, 1.0), "inference_floor": (0.0, 1.0),
    "partner_share0": (0.0, 1.0), "partner_share_end": (0.0, 1.0), "partner_years": (1e-9, 50.0),
    "training0": (1e-9, _INF), "training_cap": (0.0, _INF), "training_speed": (0.0, 10.0),
    "training_drift": (-0.99, 1.0), "opex0": (0.0, _INF), "opex_growth": (-0.99, 2.0),
}


@dataclass(frozen=True)
class Assumptions:
    """Drivers of the projection. Time ``t`` counts years after the base year (t = 0 is 2025).

    The defaults are the ``base`` scenario of :mod:`~helpers.models.revenue_scenarios`. The 2025
    values (``wau0``, ``pay_share0``, ``price``, ``biz0``, ``inference_ratio0``, ``training0``,
    ``opex0``) give 2025 revenue of USD 13 billion and cash burn of USD 8.5 billion, as in
    OpenAI's September 2025 plan; how revenue and costs split within 2025 is our assumption.

    Attributes
    ----------
    wau0, wau_cap : float
        Average ChatGPT weekly active users in the base year, and their ceiling, millions.
    wau_speed : float
        Logistic growth rate of users, per year.
    pay_share0, pay_share_max : float
        Share of weekly users paying for a consumer plan, base year and long run (0-1).
    pay_share_speed : float
        Speed at which the paying share closes the gap to its maximum, per year.
    price : float
        Average revenue per paying consumer in the base year, USD per month.
    price_growth : float
        Yearly change of that average price (fraction; 0.04 = +4 % a year).
    biz0 : float
        Business (ChatGPT seats) and API revenue in the base year, USD billions.
    biz_growth0, biz_growth_long : float
        Log growth rate of business revenue in year 1 and in the long run, per year.
    biz_growth_decay : float
        Share of the excess growth (``biz_growth0 - biz_growth_long``) kept each year (0-1).
    ads_arpu : float
        Ads and commerce revenue per non-paying weekly user at maturity, USD per year.
    ads_start : float
        Years after the base year when ads start; they ramp in over :data:`ADS_RAMP_YEARS`.
    inference_ratio0, inference_decline, inference_floor : float
        Inference compute cost per revenue dollar in the base year, its yearly fall from
        efficiency gains, and its floor (all 0-1).
    partner_share0, partner_share_end : float
        Revenue share paid to Microsoft in the base year and after ``partner_years`` (0-1).
    partner_years : float
        Years over which the revenue share falls linearly (> 0).
    training0, training_cap : float
        Training and research compute in the base year and the level it approaches along a
        logistic curve, USD billions (``training_cap >= training0 > 0``).
    training_speed : float
        Logistic growth rate of training compute, per year.
    training_drift : float
        Yearly growth of the whole training path after saturation (fraction; may be negative).
    opex0, opex_growth : float
        Other cash operating costs in the base year (USD billions) and their yearly growth.
    """

    wau0: float = 650.0
    wau_cap: float = 2500.0
    wau_speed: float = 0.50
    pay_share0: float = 0.035
    pay_share_max: float = 0.08
    pay_share_speed: float = 0.30
    price: float = 22.0
    price_growth: float = 0.04
    biz0: float = 7.0
    biz_growth0: float = 0.80
    biz_growth_long: float = 0.18
    biz_growth_decay: float = 0.70
    ads_arpu: float = 6.0
    ads_start: float = 1.0
    inference_ratio0: float = 0.52
    inference_decline: float = 0.12
    inference_floor: float = 0.25
    partner_share0: float = 0.20
    partner_share_end: float = 0.08
    partner_years: float = 5.0
    training0: float = 7.6
    training_cap: float = 110.0
    training_speed: float = 1.3
    training_drift: float = 0.0
    opex0: float = 4.5
    opex_growth: float = 0.32


class Projection(NamedTuple):
    """One deterministic projection.

    Attributes
    ----------
    table : pandas.DataFrame
        Indexed by calendar year; USD billions unless the column says otherwise: ``wau_m``
        (millions), ``pay_share``, ``consumer``, ``business``, ``ads``, ``revenue``,
        ``inference``, ``partner``, ``training``, ``opex``, ``costs``, ``cash_flow``,
        ``cumulative``.
    breakeven_year : int or None
        First year with positive operating cash flow (None if none in the horizon).
    peak_funding_need : float
        Deepest point of cumulative cash flow, as a positive number, USD billions.
    assumptions : Assumptions
    """

    table: pd.DataFrame
    breakeven_year: int | None
    peak_funding_need: float
    assumptions: Assumptions


def validate_assumptions(assumptions, name: str = "assumptions") -> Assumptions:
    """``assumptions`` if every driver is finite, within :data:`PARAMETER_BOUNDS` and consistent.

    Parameters
    ----------
    assumptions : Assumptions
        The drivers to check.
    name : str
        Parameter name used in error messages.

    Returns
    -------
    Assumptions
        The same object.

    Examples
    --------
    >>> from dataclasses import replace
    >>> validate_assumptions(replace(Assumptions(), price=-1.0))
    Traceback (most recent call last):
    ...
    ValueError: price must be >= 0.0, got -1.0
    """
    if not isinstance(assumptions, Assumptions):
        raise InputTypeError(f"{name} must be an Assumptions instance, got {type(assumptions).__name__}")
    for f in fields(assumptions):
        low, high = PARAMETER_BOUNDS[f.name]
        number(f.name, getattr(assumptions, f.name), low=low, high=None if high == _INF else high)
    a = assumptions
    if a.wau_cap < a.wau0:
        raise ValueError(f"wau_cap must be >= wau0, got wau_cap={a.wau_cap!r} < wau0={a.wau0!r}")
    if a.pay_share_max < a.pay_share0:
        raise ValueError(f"pay_share_max must be >= pay_share0, got {a.pay_share_max!r} < {a.pay_share0!r}")
    if a.training_cap < a.training0:
        raise ValueError(f"training_cap must be >= training0, got {a.training_cap!r} < {a.training0!r}")
    return a


def _engine(p: Mapping[str, np.ndarray | float], years: int, full: bool = True, dtype=np.float64):
    """Vectorised model: a loop over the (few) years, arrays over paths.

    Each parameter is a scalar or a 1-D array of length n (one value per path). Powers such as
    ``(1 + g) ** t`` are carried forward year to year by one multiplication, so each year costs a
    few dozen array operations whatever the number of paths. Results are stored years-first,
    shape ``(years, n)``. Returns a dict of such arrays when ``full``; else the cash-flow array.
    """
    n = max([v.shape[0] for v in p.values() if isinstance(v, np.ndarray)] or [1])
    f = {k: (np.asarray(v, dtype=dtype).reshape(-1) if isinstance(v, np.ndarray) else float(v)) for k, v in p.items()}
    one = dtype(1.0)
    ratio = f["wau_cap"] / f["wau0"] - one
    tr_ratio = f["training_cap"] / f["training0"] - one
    step = {  # per-year multipliers of the carried powers
        "w": np.exp(-f["wau_speed"]), "s": np.exp(-f["pay_share_speed"]), "pr": one + f["price_growth"],
        "d": f["biz_growth_decay"], "inf": one - f["inference_decline"], "tr": np.exp(-f["training_speed"]),
        "dr": one + f["training_drift"], "o": one + f["opex_growth"],
    }
    pw = {k: (np.ones(n, dtype=dtype) if isinstance(v, np.ndarray) else 1.0) for k, v in step.items()}
    g_long = f["biz_growth_long"]
    excess = f["biz_growth0"] - g_long
    gap = f["pay_share_max"] - f["pay_share0"]
    price_bn = f["price"] * MONTHLY_TO_ANNUAL_BN
    cum_log = 0.0
    keys = ("wau_m", "pay_share", "consumer", "business", "ads", "revenue", "inference", "partner",
            "training", "opex", "costs", "cash_flow")
    out = {k: np.empty((years, n), dtype=dtype) for k in (keys if full else ("cash_flow",))}
    for t in range(years):
        if t > 0:
            cum_log = cum_log + (g_long + excess * pw["d"])
            for k in pw:
                pw[k] = pw[k] * step[k]
        wau = f["wau_cap"] / (one + ratio * pw["w"])
        pay = f["pay_share_max"] - gap * pw["s"]
        consumer = wau * pay * (price_bn * pw["pr"])
        business = f["biz0"] * np.exp(cum_log)
        ramp = np.clip((t - f["ads_start"] + 1.0) / ADS_RAMP_YEARS, 0.0, 1.0)
        ads = wau * (one - pay) * (f["ads_arpu"] * ramp * PER_USER_TO_BN)
        revenue = consumer + business + ads
        inf_ratio = np.maximum(f["inference_floor"], f["inference_ratio0"] * pw["inf"])
        share = f["partner_share0"] + (f["partner_share_end"] - f["partner_share0"]) * np.minimum(t / f["partner_years"], 1.0)
        training = f["training_cap"] * pw["dr"] / (one + tr_ratio * pw["tr"])
        opex = f["opex0"] * pw["o"]
        cash_flow = out["cash_flow"][t]
        np.multiply(revenue, one - inf_ratio - share, out=cash_flow)
        cash_flow -= training
        cash_flow -= opex
        if full:
            inference, partner = inf_ratio * revenue, share * revenue
            for k, v in (("wau_m", wau), ("pay_share", pay), ("consumer", consumer), ("business", business),
                         ("ads", ads), ("revenue", revenue), ("inference", inference), ("partner", partner),
                         ("training", training), ("opex", opex), ("costs", inference + partner + training + opex)):
                out[k][t] = v
    return out if full else out["cash_flow"]


def _summaries(cash_flow: np.ndarray):
    """First positive year index (-1 if none) and peak cumulative need per path; ``cash_flow`` is (years, n)."""
    positive = cash_flow > 0
    first = np.where(positive.any(axis=0), positive.argmax(axis=0), -1)
    need = np.maximum(0.0, -np.cumsum(cash_flow, axis=0).min(axis=0))
    return first, need


def project(assumptions: Assumptions | None = None, years: int = 10, start_year: int = BASE_YEAR) -> Projection:
    r"""Project revenue, costs and operating cash flow year by year.

    Parameters
    ----------
    assumptions : Assumptions, optional
        The drivers; defaults to ``Assumptions()``, the base scenario.
    years : int
        Horizon in years, including the base year (1-50).
    start_year : int
        Calendar year of t = 0 (the calibration year, 2025), 1900-2200.

    Returns
    -------
    Projection
        ``table`` (USD billions, indexed by year), ``breakeven_year``, ``peak_funding_need``.

    Notes
    -----
    With ``t`` years after the base year:

    .. math::

        W_t &= \frac{W_{cap}}{1 + (W_{cap}/W_0 - 1) e^{-k t}}, \quad
        s_t = s_{max} - (s_{max} - s_0) e^{-\sigma t}, \quad P_t = P_0 (1+\pi)^t \\
        R_t &= \tfrac{12}{1000} W_t s_t P_t + B_0 \exp\Big(g_\infty t + (g_0 - g_\infty)\frac{1-\delta^t}{1-\delta}\Big)
              + \tfrac{1}{1000} W_t (1 - s_t)\, a\, \rho_t \\
        T_t &= \frac{T_{cap} (1+\tau)^t}{1 + (T_{cap}/T_0 - 1) e^{-\kappa t}}, \quad
        C_t = \max(c_{min}, c_0 (1-\lambda)^t) R_t + m_t R_t + T_t + O_0 (1+\omega)^t \\
        CF_t &= R_t - C_t, \quad \text{need} = \max\big(0, -\min_t \textstyle\sum_{u \le t} CF_u\big)

    where :math:`\rho_t = \min(1, \max(0, (t - t_{ads} + 1)/3))` ramps ads in and :math:`m_t` is
    the Microsoft revenue share, falling linearly from ``partner_share0`` to ``partner_share_end``.

    References
    ----------
    Griliches, Z. (1957). Hybrid Corn: An Exploration in the Economics of Technological Change.
    *Econometrica*, 25(4), 501-522 (the logistic diffusion curve used for users and the compute ramp).

    Examples
    --------
    >>> p = project(years=3)
    >>> round(float(p.table.loc[2025, "revenue"]), 1), round(float(p.table.loc[2025, "cash_flow"]), 1)
    (13.0, -8.5)
    """
    a = validate_assumptions(Assumptions() if assumptions is None else assumptions)
    years = integer("years", years, low=1, high=50)
    start_year = integer("start_year", start_year, low=1900, high=2200)
    out = _engine(asdict(a), years)
    idx = pd.RangeIndex(start_year, start_year + years, name="year")
    table = pd.DataFrame({k: v[:, 0] for k, v in out.items()}, index=idx)
    table["cumulative"] = table["cash_flow"].cumsum()
    first, need = _summaries(out["cash_flow"])
    be = None if first[0] < 0 else start_year + int(first[0])
    return Projection(table=table, breakeven_year=be, peak_funding_need=float(need[0]), assumptions=a)
