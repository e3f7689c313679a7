"""OpenAI's economics: a driver-based revenue, cost and cash-flow projection.

The model turns a handful of drivers into a yearly cash-flow path:

* **Users.** ChatGPT weekly active users (WAU) follow a logistic curve from the
  base-year average towards a ceiling.
* **Consumer subscriptions.** A share of WAU pays; that share rises from its
  base-year value towards a long-run maximum; each payer brings an average
  monthly price that can drift.
* **Business and API.** Revenue from ChatGPT business seats and the API grows at
  a log growth rate that decays from an initial to a long-run rate.
* **Ads and commerce.** Non-paying users can be monetised at an average revenue
  per user once ads start, ramped in over three years.
* **Costs.** Inference compute is a cost per revenue dollar that falls with
  efficiency gains down to a floor; a revenue share paid to Microsoft falls
  linearly; training and research compute follows a logistic ramp towards a
  ceiling (the contracted build-out); other cash operating costs grow at a constant rate.

Operating cash flow is revenue minus those costs (stock-based pay is excluded,
as in the "cash burn" figures OpenAI's documents report). From it come the
cumulative funding need (the deepest point of cumulative cash flow) and the
first year cash flow turns positive.

Every formula is closed-form in the year ``t`` (no recursion between years), so the
same model can be rewritten as Vega expressions for a static-HTML slider chart
(:func:`explorer_chart`). The engine evaluates it on arrays holding every path at
once, one year at a time (powers such as ``(1 + g) ** t`` are carried forward by one
multiplication), filling ``(years, paths)`` arrays; there is no loop over paths.

The named scenarios are our calibrations, not data: ``openai_plan_2025_09``
reproduces the projections OpenAI showed investors as reported in September to
November 2025 (see ``data/openai_projections.csv``); ``bear``, ``base`` and
``bull`` are our own assumptions, stated in :data:`SCENARIOS`.
"""
from __future__ import annotations

import math
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, fields, replace
from typing import Mapping, NamedTuple

import numpy as np
import pandas as pd

__all__ = [
    "Assumptions",
    "Projection",
    "MonteCarloResult",
    "SCENARIOS",
    "MC_RANGES",
    "project",
    "scenario",
    "compare_scenarios",
    "monte_carlo",
    "benchmark",
    "net_margin",
    "valuation_multiple",
    "yi_to_usd_billion",
    "explorer_frame",
    "explorer_chart",
]

BASE_YEAR = 2025

#: Parameters that are fractions and must lie in [0, 1].
_FRACTIONS = (
    "pay_share0",
    "pay_share_max",
    "biz_growth_decay",
    "inference_ratio0",
    "inference_decline",
    "inference_floor",
    "partner_share0",
    "partner_share_end",
)
#: Parameters that must be non-negative (all the rest may be any finite number).
_NONNEG = (
    "wau0",
    "wau_cap",
    "wau_speed",
    "pay_share_speed",
    "price",
    "biz0",
    "ads_arpu",
    "ads_start",
    "partner_years",
    "training0",
    "training_cap",
    "training_speed",
    "opex0",
)


@dataclass(frozen=True)
class Assumptions:
    """Drivers of the projection. Time ``t`` counts years after the base year (t = 0 is 2025).

    The defaults are the ``base`` scenario (``Assumptions() == scenario("base")``). The 2025
    values (``wau0``, ``pay_share0``, ``price``, ``biz0``, ``inference_ratio0``, ``training0``,
    ``opex0``) are chosen so that 2025 revenue is USD 13 billion and cash burn USD 8.5
    billion, as in OpenAI's plan; how revenue and costs split within 2025 is our assumption.

    Attributes
    ----------
    wau0 : float
        Average ChatGPT weekly active users in the base year, millions.
    wau_cap : float
        Ceiling of weekly active users, millions.
    wau_speed : float
        Logistic growth rate of users, per year.
    pay_share0, pay_share_max : float
        Share of weekly users paying for a consumer plan, base year and long run (0-1).
    pay_share_speed : float
        Speed at which the paying share closes the gap to its maximum, per year.
    price : float
        Average revenue per paying consumer in the base year, USD per month.
    price_growth : float
        Yearly change of that average price (fraction; 0.03 = +3 % a year).
    biz0 : float
        Business (ChatGPT seats) and API revenue in the base year, USD billions.
    biz_growth0, biz_growth_long : float
        Log growth rate of business revenue in year 1 and in the long run, per year.
    biz_growth_decay : float
        Share of the excess growth (``biz_growth0 - biz_growth_long``) kept each year (0-1).
    ads_arpu : float
        Ads and commerce revenue per non-paying weekly user at maturity, USD per year.
    ads_start : float
        Years after the base year when ads start; they ramp in linearly over three years.
    inference_ratio0 : float
        Inference compute cost per revenue dollar in the base year (USD/USD, 0-1).
    inference_decline : float
        Yearly fall of that ratio from efficiency gains (fraction, 0-1).
    inference_floor : float
        Lowest inference cost per revenue dollar (0-1).
    partner_share0, partner_share_end : float
        Revenue share paid to Microsoft in the base year and after ``partner_years`` (0-1).
    partner_years : float
        Years over which the revenue share falls linearly.
    training0 : float
        Training and research compute in the base year, USD billions.
    training_cap : float
        Level that training compute approaches along a logistic curve, USD billions (>= training0).
    training_speed : float
        Logistic growth rate of training compute, per year.
    training_drift : float
        Yearly growth of the whole training path after saturation (fraction; may be negative).
    opex0 : float
        Other cash operating costs (staff cash pay, sales, G&A) in the base year, USD billions.
    opex_growth : float
        Yearly growth of other cash operating costs (fraction).
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
        Indexed by calendar year; USD billions unless the column says otherwise:
        ``wau_m`` (millions), ``pay_share``, ``consumer``, ``business``, ``ads``,
        ``revenue``, ``inference``, ``partner``, ``training``, ``opex``, ``costs``,
        ``cash_flow``, ``cumulative``.
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


class MonteCarloResult(NamedTuple):
    """Summary of a Monte Carlo run.

    Attributes
    ----------
    prob_positive_by_year : pandas.Series
        Probability that cash flow has turned positive in or before each year (0-1).
    breakeven_year : numpy.ndarray
        First positive year per path (int16; 0 where it never turns positive in the horizon).
    peak_funding_need : numpy.ndarray
        Peak cumulative funding need per path, USD billions (float32).
    draws : pandas.DataFrame
        The first 2,000 parameter draws (for plots), one column per varied parameter.
    seed : int
    """

    prob_positive_by_year: pd.Series
    breakeven_year: np.ndarray
    peak_funding_need: np.ndarray
    draws: pd.DataFrame
    seed: int

    def funding_quantiles(self, q=(0.05, 0.25, 0.5, 0.75, 0.95)) -> pd.Series:
        """Quantiles of the peak funding need, USD billions."""
        return pd.Series(np.quantile(self.peak_funding_need, q), index=pd.Index(q, name="quantile"), name="peak_funding_need")


# --------------------------------------------------------------------------- validation

def _check_scalar(name: str, value) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if math.isnan(v) or math.isinf(v):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return v


def _validate(a: Assumptions) -> None:
    for f in fields(a):
        v = _check_scalar(f.name, getattr(a, f.name))
        if f.name in _FRACTIONS and not 0.0 <= v <= 1.0:
            raise ValueError(f"{f.name} must be a probability/fraction in [0, 1], got {v!r}")
        if f.name in _NONNEG and v < 0:
            raise ValueError(f"{f.name} must be non-negative, got {v!r}")
    if a.wau0 <= 0 or a.wau_cap < a.wau0:
        raise ValueError(f"wau_cap must be >= wau0 > 0, got wau0={a.wau0!r}, wau_cap={a.wau_cap!r}")
    if a.pay_share_max < a.pay_share0:
        raise ValueError(f"pay_share_max must be >= pay_share0, got {a.pay_share_max!r} < {a.pay_share0!r}")
    if a.training0 <= 0 or a.training_cap < a.training0:
        raise ValueError(f"training_cap must be >= training0 > 0, got training0={a.training0!r}, training_cap={a.training_cap!r}")
    if a.biz_growth_decay >= 1.0:
        raise ValueError(f"biz_growth_decay must be below 1, got {a.biz_growth_decay!r}")
    if a.partner_years <= 0:
        raise ValueError(f"partner_years must be positive, got {a.partner_years!r}")


def _check_years(years) -> int:
    if isinstance(years, bool) or not isinstance(years, (int, np.integer)) or years < 1 or years > 50:
        raise ValueError(f"years must be an integer in 1-50, got {years!r}")
    return int(years)


# --------------------------------------------------------------------------- the engine

def _engine(p: Mapping[str, np.ndarray | float], years: int, full: bool = True, dtype=np.float64):
    """Vectorised model: a loop over the (few) years, arrays over paths.

    Each parameter is a scalar or a 1-D array of length n (one value per path). Powers
    such as ``(1 + g) ** t`` are carried forward year to year by one multiplication, so
    each year costs a few dozen array operations whatever the number of paths. Results
    are stored years-first, shape ``(years, n)``, so each year is one contiguous row.
    Returns a dict of such arrays when ``full``; else the cash-flow array only.
    """
    n = 1
    for v in p.values():
        if isinstance(v, np.ndarray):
            n = max(n, v.shape[0])
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
    price_m = f["price"] * 0.012  # USD/month x 12 months / 1000: millions of users -> USD billions
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
        consumer = wau * pay * (price_m * pw["pr"])
        business = f["biz0"] * np.exp(cum_log)
        ramp = np.clip((t - f["ads_start"] + 1.0) / 3.0, 0.0, 1.0)
        ads = wau * (one - pay) * (f["ads_arpu"] * ramp / 1000.0)
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
            inference = inf_ratio * revenue
            partner = share * revenue
            for k, v in (("wau_m", wau), ("pay_share", pay), ("consumer", consumer), ("business", business),
                         ("ads", ads), ("revenue", revenue), ("inference", inference), ("partner", partner),
                         ("training", training), ("opex", opex), ("costs", inference + partner + training + opex)):
                out[k][t] = v
    return out if full else out["cash_flow"]


def _summaries(cash_flow: np.ndarray):
    """First positive year index (-1 if none) and peak cumulative need, per path.

    ``cash_flow`` has shape (years, n).
    """
    positive = cash_flow > 0
    any_pos = positive.any(axis=0)
    first = np.where(any_pos, positive.argmax(axis=0), -1)
    cum = np.cumsum(cash_flow, axis=0)
    need = np.maximum(0.0, -cum.min(axis=0))
    return first, need


# --------------------------------------------------------------------------- public API

def project(assumptions: Assumptions | None = None, years: int = 10, start_year: int = BASE_YEAR) -> Projection:
    """Project revenue, costs and operating cash flow year by year.

    Parameters
    ----------
    assumptions : Assumptions, optional
        The drivers; defaults to ``Assumptions()``, the base scenario.
    years : int
        Horizon in years, including the base year (1-50).
    start_year : int
        Calendar year of t = 0 (the calibration year, 2025).

    Returns
    -------
    Projection
        ``table`` (USD billions, indexed by year), ``breakeven_year``, ``peak_funding_need``.

    Notes
    -----
    With ``t`` years after the base year:

    .. math::

        W_t &= \\frac{W_{cap}}{1 + (W_{cap}/W_0 - 1) e^{-k t}}, \\quad
        s_t = s_{max} - (s_{max} - s_0) e^{-\\sigma t}, \\quad P_t = P_0 (1+\\pi)^t \\\\
        R_t &= 12\\, W_t s_t P_t + B_0 \\exp\\Big(g_\\infty t + (g_0 - g_\\infty)\\frac{1-\\delta^t}{1-\\delta}\\Big)
              + W_t (1 - s_t)\\, a\\, \\rho_t \\\\
        T_t &= \\frac{T_{cap} (1+\\tau)^t}{1 + (T_{cap}/T_0 - 1) e^{-\\kappa t}}, \\quad
        C_t = \\max(c_{min}, c_0 (1-\\lambda)^t) R_t + m_t R_t + T_t + O_0 (1+\\omega)^t \\\\
        CF_t &= R_t - C_t, \\quad \\text{need} = \\max\\big(0, -\\min_t \\textstyle\\sum_{u \\le t} CF_u\\big)

    where :math:`\\rho_t` ramps ads from 0 to 1 over three years and :math:`m_t` is the
    Microsoft revenue share, falling linearly from ``partner_share0`` to ``partner_share_end``.

    References
    ----------
    Griliches, Z. (1957). Hybrid Corn: An Exploration in the Economics of Technological
    Change. *Econometrica*, 25(4), 501-522 (the logistic diffusion curve used for users
    and for the compute ramp).

    Calibration targets: The Information's reports of OpenAI's investor projections
    (April and September 2025, via Reuters, TechSpot and others) and the Wall Street
    Journal's report of November 2025; ``data/openai_projections.csv`` lists every figure
    with its source.

    Examples
    --------
    >>> p = project(scenario("openai_plan_2025_09"), years=6)
    >>> round(float(p.table.loc[2025, "revenue"]), 1), p.breakeven_year
    (13.0, 2030)
    """
    a = Assumptions() if assumptions is None else assumptions
    if not isinstance(a, Assumptions):
        raise ValueError(f"assumptions must be an Assumptions instance, got {type(a).__name__}")
    _validate(a)
    years = _check_years(years)
    start_year = int(_check_scalar("start_year", start_year))
    out = _engine(asdict(a), years)
    idx = pd.RangeIndex(start_year, start_year + years, name="year")
    table = pd.DataFrame({k: v[:, 0] for k, v in out.items()}, index=idx)
    table["cumulative"] = table["cash_flow"].cumsum()
    first, need = _summaries(out["cash_flow"])
    be = None if first[0] < 0 else start_year + int(first[0])
    return Projection(table=table, breakeven_year=be, peak_funding_need=float(need[0]), assumptions=a)


#: Named scenarios. ``openai_plan_2025_09`` is calibrated (least squares, then rounded) to
#: OpenAI's reported projections of September-November 2025: revenue of $13B (2025),
#: $30B (2026), about $60B (2027), about $99B (2028, from a $74B operating loss put at
#: 75 % of revenue), $200B (2030); cash burn of $8.5B, $17B, $35B, $45B in 2025-2028,
#: $115B cumulative through 2029, first positive year 2030. ``bear``, ``base`` and
#: ``bull`` are our assumptions: the same compute ramp (it is contracted), with slower
#: (bear), moderately slower (base) or faster (bull) monetisation.
SCENARIOS: dict[str, Assumptions] = {
    "openai_plan_2025_09": Assumptions(
        wau0=650.0, wau_cap=3000.0, wau_speed=0.50, pay_share0=0.035, pay_share_max=0.10,
        pay_share_speed=0.30, price=22.0, price_growth=0.04, biz0=7.0, biz_growth0=0.85,
        biz_growth_long=0.22, biz_growth_decay=0.70, ads_arpu=6.0, ads_start=1.0,
        inference_ratio0=0.52, inference_decline=0.17, inference_floor=0.25,
        partner_share0=0.20, partner_share_end=0.08, partner_years=5.0,
        training0=7.6, training_cap=110.0, training_speed=1.3, training_drift=0.0,
        opex0=4.5, opex_growth=0.32,
    ),
}


def _derive_named() -> None:
    plan = SCENARIOS["openai_plan_2025_09"]
    SCENARIOS["bull"] = replace(plan, pay_share_max=0.12, biz_growth0=0.95, biz_growth_long=0.25, ads_arpu=10.0,
                                inference_decline=0.20)
    SCENARIOS["base"] = replace(plan, wau_cap=2500.0, pay_share_max=0.08, biz_growth0=0.80, biz_growth_long=0.18,
                                ads_arpu=6.0, inference_decline=0.12)
    SCENARIOS["bear"] = replace(plan, wau_cap=1800.0, wau_speed=0.40, pay_share_max=0.045, price_growth=0.0,
                                biz_growth0=0.60, biz_growth_long=0.08, biz_growth_decay=0.65, ads_arpu=2.0,
                                ads_start=2.0, inference_decline=0.06, inference_floor=0.30,
                                training_cap=50.0, training_drift=-0.02)


_derive_named()


def scenario(name: str) -> Assumptions:
    """The :class:`Assumptions` of a named scenario (see :data:`SCENARIOS`).

    Examples
    --------
    >>> scenario("base").partner_share0
    0.2
    """
    if not isinstance(name, str) or name not in SCENARIOS:
        raise ValueError(f"name must be one of {sorted(SCENARIOS)}, got {name!r}")
    return SCENARIOS[name]


def compare_scenarios(names=("bear", "base", "bull", "openai_plan_2025_09"), years: int = 10) -> pd.DataFrame:
    """Revenue and cash flow of several scenarios in one tidy frame.

    Returns
    -------
    pandas.DataFrame
        Columns ``scenario, year, revenue, costs, cash_flow, cumulative`` (USD billions).

    Examples
    --------
    >>> df = compare_scenarios(["bear", "bull"], years=3)
    >>> sorted(df["scenario"].unique())
    ['bear', 'bull']
    """
    if isinstance(names, str) or len(names) == 0:
        raise ValueError(f"names must be a non-empty list of scenario names, got {names!r}")
    frames = []
    for n in names:
        tab = project(scenario(n), years=years).table
        frames.append(tab[["revenue", "costs", "cash_flow", "cumulative"]].reset_index().assign(scenario=n))
    return pd.concat(frames, ignore_index=True)[["scenario", "year", "revenue", "costs", "cash_flow", "cumulative"]]


#: Default Monte Carlo ranges: (low, mode, high) of a triangular distribution for each varied
#: parameter. They span, roughly, our bear-to-bull scenarios; the mode is the base case.
MC_RANGES: dict[str, tuple[float, float, float]] = {
    "wau_cap": (1500.0, 2500.0, 3500.0),
    "wau_speed": (0.35, 0.50, 0.65),
    "pay_share_max": (0.04, 0.08, 0.12),
    "price_growth": (-0.02, 0.04, 0.06),
    "biz_growth0": (0.55, 0.80, 1.00),
    "biz_growth_long": (0.06, 0.18, 0.26),
    "biz_growth_decay": (0.60, 0.70, 0.80),
    "ads_arpu": (0.0, 6.0, 15.0),
    "inference_decline": (0.04, 0.12, 0.20),
    "training_cap": (60.0, 110.0, 140.0),
    "training_speed": (1.0, 1.3, 1.6),
    "training_drift": (-0.03, 0.0, 0.05),
    "opex_growth": (0.20, 0.32, 0.42),
}


def _check_ranges(ranges: Mapping[str, tuple[float, float, float]]) -> dict[str, tuple[float, float, float]]:
    names = {f.name for f in fields(Assumptions)}
    out = {}
    for k, v in ranges.items():
        if k not in names:
            raise ValueError(f"ranges: unknown parameter {k!r} (known: {sorted(names)})")
        try:
            lo, mode, hi = (float(x) for x in v)
        except (TypeError, ValueError):
            raise ValueError(f"ranges[{k!r}] must be (low, mode, high), got {v!r}") from None
        if any(math.isnan(x) or math.isinf(x) for x in (lo, mode, hi)):
            raise ValueError(f"ranges[{k!r}] must be finite, got {v!r}")
        if not lo <= mode <= hi:
            raise ValueError(f"ranges[{k!r}] must satisfy low <= mode <= high, got {v!r}")
        if k in _FRACTIONS and not (0.0 <= lo and hi <= 1.0):
            raise ValueError(f"ranges[{k!r}] is a fraction and must lie in [0, 1], got {v!r}")
        if k in _NONNEG and lo < 0:
            raise ValueError(f"ranges[{k!r}] must be non-negative, got {v!r}")
        out[k] = (lo, mode, hi)
    return out


def monte_carlo(
    n_paths: int = 100_000,
    years: int = 10,
    seed: int = 2025,
    base: Assumptions | None = None,
    ranges: Mapping[str, tuple[float, float, float]] | None = None,
    start_year: int = BASE_YEAR,
    chunk: int = 16_384,
    threads: int = 2,
) -> MonteCarloResult:
    """Monte Carlo over the drivers: when does cash flow turn positive, how much funding is needed?

    Each parameter in ``ranges`` is drawn from an independent triangular distribution
    (low, mode, high); the others stay at ``base``. Each block of ``chunk`` paths is one
    set of arrays of shape ``(paths, years)``; there is no loop over paths.

    Parameters
    ----------
    n_paths : int
        Number of paths (1 to 10^7).
    years : int
        Horizon including the base year (1-50).
    seed : int
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same result.
    base : Assumptions, optional
        Values of the parameters not drawn; defaults to ``scenario("base")``.
    ranges : mapping, optional
        ``{parameter: (low, mode, high)}``; defaults to :data:`MC_RANGES`.
    start_year : int
        Calendar year of t = 0.
    chunk : int
        Paths per block. Each block has its own random stream spawned from ``seed``, so
        a result depends on ``seed`` and ``chunk`` but not on ``threads``.
    threads : int
        Blocks computed in parallel (numpy releases the GIL inside array operations).

    Returns
    -------
    MonteCarloResult

    References
    ----------
    Kotz, S. and van Dorp, J. R. (2004). *Beyond Beta: Other Continuous Families of
    Distributions with Bounded Support and Applications*. World Scientific (the
    triangular distribution, drawn with :meth:`numpy.random.Generator.triangular`).

    Notes
    -----
    ``prob_positive_by_year[y]`` is the share of paths whose *first* positive year is
    ``<= y``; it is non-decreasing in ``y`` by construction. The peak funding need is
    :math:`\\max(0, -\\min_t \\sum_{u \\le t} CF_u)` per path.

    Examples
    --------
    >>> mc = monte_carlo(n_paths=2_000, years=10, seed=1)
    >>> bool(mc.prob_positive_by_year.is_monotonic_increasing)
    True
    >>> mc2 = monte_carlo(n_paths=2_000, years=10, seed=1)
    >>> bool((mc.peak_funding_need == mc2.peak_funding_need).all())
    True
    """
    if isinstance(n_paths, bool) or not isinstance(n_paths, (int, np.integer)) or not 1 <= n_paths <= 10_000_000:
        raise ValueError(f"n_paths must be an integer in 1-10,000,000, got {n_paths!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    if isinstance(chunk, bool) or not isinstance(chunk, (int, np.integer)) or chunk < 1:
        raise ValueError(f"chunk must be a positive integer, got {chunk!r}")
    if isinstance(threads, bool) or not isinstance(threads, (int, np.integer)) or threads < 1:
        raise ValueError(f"threads must be a positive integer, got {threads!r}")
    years = _check_years(years)
    b = scenario("base") if base is None else base
    if not isinstance(b, Assumptions):
        raise ValueError(f"base must be an Assumptions instance, got {type(b).__name__}")
    _validate(b)
    rng_ranges = _check_ranges(MC_RANGES if ranges is None else ranges)
    base_d = asdict(b)
    first_all = np.empty(n_paths, dtype=np.int16)
    need_all = np.empty(n_paths, dtype=np.float32)
    keep = min(n_paths, 2000)
    draws_keep: dict[str, np.ndarray] = {}
    starts = list(range(0, n_paths, chunk))
    # one independent random stream per block: results do not depend on the thread count
    streams = np.random.SeedSequence(seed).spawn(len(starts))

    def run_block(i: int) -> None:
        lo_i = starts[i]
        n = min(chunk, n_paths - lo_i)
        rng = np.random.default_rng(streams[i])
        p: dict[str, np.ndarray | float] = dict(base_d)
        for k, (lo, mode, hi) in rng_ranges.items():
            x = rng.triangular(lo, mode, hi, size=n) if hi > lo else np.full(n, lo)
            if i == 0:
                draws_keep[k] = x[:keep].copy()
            p[k] = x
        # joint constraints after drawing (keep the model well defined)
        for k, floor in (("wau_cap", b.wau0), ("pay_share_max", b.pay_share0), ("training_cap", b.training0)):
            if isinstance(p[k], np.ndarray):
                p[k] = np.maximum(p[k], floor)
        first, need = _summaries(_engine(p, years, full=False, dtype=np.float32))
        first_all[lo_i:lo_i + n] = np.where(first >= 0, first + start_year, 0)
        need_all[lo_i:lo_i + n] = need

    workers = max(1, min(threads, len(starts)))
    if workers == 1:
        for i in range(len(starts)):
            run_block(i)
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(run_block, range(len(starts))))
    yrs = np.arange(start_year, start_year + years)
    counts = np.bincount(np.where(first_all > 0, first_all - start_year, years).astype(np.int64), minlength=years + 1)[:years]
    prob = pd.Series(np.cumsum(counts) / n_paths, index=pd.Index(yrs, name="year"), name="prob_positive_by_year")
    return MonteCarloResult(
        prob_positive_by_year=prob,
        breakeven_year=first_all,
        peak_funding_need=need_all,
        draws=pd.DataFrame(draws_keep),
        seed=int(seed),
    )


def benchmark(n_paths: int = 1_000_000, years: int = 10, seed: int = 0, repeat: int = 3) -> float:
    """Wall-clock seconds of one :func:`monte_carlo` run (best of ``repeat``).

    The book's budget is 10^6 paths over 10 years in under 1 s on 2 cores.

    Examples
    --------
    >>> benchmark(n_paths=10_000, years=10, repeat=1) < 5
    True
    """
    if isinstance(repeat, bool) or not isinstance(repeat, (int, np.integer)) or repeat < 1:
        raise ValueError(f"repeat must be a positive integer, got {repeat!r}")
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        monte_carlo(n_paths=n_paths, years=years, seed=seed)
        best = min(best, time.perf_counter() - t0)
    return best


# --------------------------------------------------------------------------- small checks used by the chapter

def _as_series(name: str, x) -> pd.Series:
    try:
        s = x.astype(float) if isinstance(x, pd.Series) else pd.Series(np.atleast_1d(np.asarray(x, dtype=float)))
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numeric, got {x!r}") from None
    if s.empty:
        raise ValueError(f"{name} must not be empty")
    if s.isna().any():
        raise ValueError(f"{name} contains NaN: {x!r}")
    return s


def net_margin(net_income, revenue):
    """Net margin = net income / revenue (a fraction; -1.31 means -131 %).

    Parameters
    ----------
    net_income : float or pandas.Series
        Net income (negative for a loss), any currency unit.
    revenue : float or pandas.Series
        Revenue in the same unit; must be positive. Series must have the same length.

    Returns
    -------
    float or pandas.Series (index of ``revenue`` kept)

    Examples
    --------
    >>> round(net_margin(-5.0, 3.7), 3)
    -1.351
    >>> round(net_margin(-0.5, 3.7), 3)
    -0.135
    """
    scalar = np.isscalar(net_income) and np.isscalar(revenue)
    ni = _as_series("net_income", net_income)
    rev = _as_series("revenue", revenue)
    if len(ni) != len(rev):
        raise ValueError(f"net_income and revenue must have the same length, got {len(ni)} and {len(rev)}")
    if (rev <= 0).any():
        raise ValueError(f"revenue must be positive, got {revenue!r}")
    out = pd.Series(ni.to_numpy() / rev.to_numpy(), index=rev.index, name="net_margin")
    return float(out.iloc[0]) if scalar else out


def valuation_multiple(valuation, revenue):
    """Valuation divided by revenue (times).

    Parameters
    ----------
    valuation : float, sequence or pandas.Series
        Valuation, USD billions; a scalar is applied to every revenue figure.
    revenue : float, sequence or pandas.Series
        Revenue in the same unit; must be positive.

    Returns
    -------
    float or pandas.Series (index of ``revenue`` kept)

    Examples
    --------
    >>> round(valuation_multiple(500.0, 4.3), 1)
    116.3
    >>> round(valuation_multiple(500.0, 13.0), 1)
    38.5
    """
    scalar = np.isscalar(valuation) and np.isscalar(revenue)
    v = _as_series("valuation", valuation)
    r = _as_series("revenue", revenue)
    if np.isscalar(valuation) and not scalar:
        v = pd.Series(np.full(len(r), float(v.iloc[0])))
    if len(v) != len(r):
        raise ValueError(f"valuation and revenue must have the same length, got {len(v)} and {len(r)}")
    if (r <= 0).any():
        raise ValueError(f"revenue must be positive, got {revenue!r}")
    if (v < 0).any():
        raise ValueError(f"valuation must be non-negative, got {valuation!r}")
    out = pd.Series(v.to_numpy() / r.to_numpy(), index=r.index, name="multiple")
    return float(out.iloc[0]) if scalar else out


def yi_to_usd_billion(x):
    """Convert an amount written in 億 (yi, 10^8) of US dollars into US$ billions.

    Chinese writes large numbers in units of 萬 (10^4) and 億 (10^8): "$5億" is
    5 x 10^8 = US$0.5 billion, and "$13.5億" is US$1.35 billion.

    Examples
    --------
    >>> yi_to_usd_billion(5), yi_to_usd_billion(13.5)
    (0.5, 1.35)
    """
    scalar = np.isscalar(x)
    s = _as_series("x", x)
    out = s * 0.1
    return round(float(out.iloc[0]), 10) if scalar else out


# --------------------------------------------------------------------------- slider chart

def explorer_frame(assumptions: Assumptions | None = None, years: int = 10, start_year: int = BASE_YEAR) -> pd.DataFrame:
    """Per-year inputs for the static-HTML explorer (everything except the slider drivers).

    Columns: ``year, t, wau_m, pay0, pay_speed, price_growth, biz0, biz_g_long, biz_decay,
    ads_arpu, ads_ramp, inf_decline, inf_floor, partner_share, training, opex`` (the inputs)
    and ``revenue_ref, cash_flow_ref`` (the unchanged scenario). The chart recomputes revenue,
    costs and cash flow in Vega expressions (:data:`EXPLORER_EXPR`) from the four sliders.

    Examples
    --------
    >>> explorer_frame(years=3)["year"].tolist()
    [2025, 2026, 2027]
    """
    a = scenario("base") if assumptions is None else assumptions
    proj = project(a, years=years, start_year=start_year).table
    t = np.arange(years, dtype=float)
    frac = np.minimum(t / a.partner_years, 1.0)
    return pd.DataFrame({
        "year": proj.index.to_numpy(),
        "t": t,
        "wau_m": proj["wau_m"].to_numpy(),
        "pay0": a.pay_share0,
        "pay_speed": a.pay_share_speed,
        "price_growth": a.price_growth,
        "biz0": a.biz0,
        "biz_g_long": a.biz_growth_long,
        "biz_decay": a.biz_growth_decay,
        "ads_arpu": a.ads_arpu,
        "ads_ramp": np.clip((t - a.ads_start + 1.0) / 3.0, 0.0, 1.0),
        "inf_decline": a.inference_decline,
        "inf_floor": a.inference_floor,
        "partner_share": a.partner_share0 + (a.partner_share_end - a.partner_share0) * frac,
        "training": proj["training"].to_numpy(),
        "opex": proj["opex"].to_numpy(),
        "revenue_ref": proj["revenue"].to_numpy(),
        "cash_flow_ref": proj["cash_flow"].to_numpy(),
    })


#: Vega expressions of the explorer; they mirror :func:`_engine` term by term.
EXPLORER_EXPR = {
    "pay": "pay_max - (pay_max - datum.pay0) * exp(-datum.pay_speed * datum.t)",
    "consumer": "datum.wau_m * datum.pay * price * pow(1 + datum.price_growth, datum.t) * 12 / 1000",
    "business": "datum.biz0 * exp(datum.biz_g_long * datum.t + (biz_g0 - datum.biz_g_long) * (1 - pow(datum.biz_decay, datum.t)) / (1 - datum.biz_decay))",
    "ads": "datum.wau_m * (1 - datum.pay) * datum.ads_arpu * datum.ads_ramp / 1000",
    "revenue": "datum.consumer + datum.business + datum.ads",
    "costs": "max(datum.inf_floor, inf0 * pow(1 - datum.inf_decline, datum.t)) * datum.revenue + datum.partner_share * datum.revenue + datum.training + datum.opex",
    "cash_flow": "datum.revenue - datum.costs",
}


def explorer_chart(assumptions: Assumptions | None = None, years: int = 10):
    """Altair chart: cash-flow path with sliders for paying share, price, compute cost and growth.

    The sliders set the long-run paying share, the base-year average price, the base-year
    inference compute cost per revenue dollar and the first-year growth of business
    revenue; everything else stays at ``assumptions`` (default: the base scenario). The
    grey line is the unchanged scenario. Works in static HTML (Vega expressions only).

    Returns
    -------
    altair.LayerChart (not yet passed through ``charts.finish``)

    Examples
    --------
    >>> ch = explorer_chart(years=4)
    >>> sorted(p.name for p in ch.params)
    ['biz_g0', 'inf0', 'pay_max', 'price']
    """
    import altair as alt

    from .charts import slider

    a = scenario("base") if assumptions is None else assumptions
    df = explorer_frame(a, years=years)
    params = [
        slider("pay_max", round(a.pay_share_max, 3), 0.02, 0.15, 0.005, "Long-run paying share of weekly users"),
        slider("price", round(a.price, 1), 8.0, 40.0, 1.0, "Average price per payer (USD/month, 2025)"),
        slider("inf0", round(a.inference_ratio0, 2), 0.25, 0.9, 0.05, "Inference compute per revenue dollar (2025)"),
        slider("biz_g0", round(a.biz_growth0, 2), 0.3, 1.3, 0.05, "Business/API growth in 2026 (log rate)"),
    ]
    base = alt.Chart(df)
    calc = base
    for k, expr in EXPLORER_EXPR.items():
        calc = calc.transform_calculate(**{k: expr})
    calc = calc.transform_window(cumulative="sum(cash_flow)", sort=[alt.SortField("year")], frame=[None, 0])
    calc = calc.transform_fold(["cash_flow", "cumulative", "revenue"], as_=["series", "usd_bn"])
    label = {"cash_flow": "Operating cash flow", "cumulative": "Cumulative cash flow", "revenue": "Revenue"}
    calc = calc.transform_calculate(
        label=f"datum.series == 'cash_flow' ? '{label['cash_flow']}' : "
        f"datum.series == 'cumulative' ? '{label['cumulative']}' : '{label['revenue']}'"
    )
    lines = calc.mark_line(point=True).encode(
        x=alt.X("year:O", title="Year"),
        y=alt.Y("usd_bn:Q", title="USD billions (nominal)"),
        color=alt.Color("label:N", title=None),
        tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("label:N", title="Series"),
                 alt.Tooltip("usd_bn:Q", title="USD bn", format=",.1f")],
    ).add_params(*params)
    ref = base.mark_line(strokeDash=[4, 4], color="#888").encode(
        x="year:O", y="cash_flow_ref:Q",
        tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("cash_flow_ref:Q", title="Scenario cash flow, USD bn", format=",.1f")],
    )
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#444").encode(y="y:Q")
    return alt.layer(lines, ref, zero).properties(width=640, height=340)
