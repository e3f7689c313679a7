r"""Monte Carlo over the OpenAI engine model's drivers: when does cash flow turn positive?

Each varied driver is drawn from an independent triangular distribution; every path is a full
projection of :func:`helpers.models.revenue.project`'s engine, computed on arrays (no loop over
paths) in blocks that may run on several threads. A result depends on ``seed`` and ``chunk`` but
not on ``threads``.
"""
from __future__ import annotations

import math
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from typing import NamedTuple

import numpy as np
import pandas as pd

from .._validate import InputTypeError, array, integer, number
from .revenue import BASE_YEAR, PARAMETER_BOUNDS, Assumptions, _engine, _summaries, validate_assumptions
from .revenue_scenarios import scenario

__all__ = ["MC_RANGES", "KEEP_DRAWS", "MonteCarloResult", "monte_carlo", "benchmark"]

#: Default ranges: (low, mode, high) of a triangular distribution for each varied driver. They
#: span, roughly, our bear-to-bull scenarios; the mode is the base case. Our assumptions.
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
#: How many parameter draws a result keeps (for plots), whatever the block size.
KEEP_DRAWS = 2000


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
        The first ``min(n_paths, KEEP_DRAWS)`` parameter draws, one column per varied driver.
    seed : int
    """

    prob_positive_by_year: pd.Series
    breakeven_year: np.ndarray
    peak_funding_need: np.ndarray
    draws: pd.DataFrame
    seed: int

    def funding_quantiles(self, q=(0.05, 0.25, 0.5, 0.75, 0.95)) -> pd.Series:
        """Quantiles of the peak funding need, USD billions, indexed by ``q`` (probabilities)."""
        qs = array("q", q, low=0.0, high=1.0, min_size=1, ndim=1)
        return pd.Series(np.quantile(self.peak_funding_need, qs), index=pd.Index(qs, name="quantile"), name="peak_funding_need")


def _check_ranges(ranges) -> dict[str, tuple[float, float, float]]:
    if not isinstance(ranges, Mapping):
        raise InputTypeError(f"ranges must be a mapping of parameter -> (low, mode, high), got {type(ranges).__name__}")
    out = {}
    for k, v in ranges.items():
        if k not in PARAMETER_BOUNDS:
            raise ValueError(f"ranges: unknown parameter {k!r} (known: {sorted(PARAMETER_BOUNDS)})")
        lo_b, hi_b = PARAMETER_BOUNDS[k]
        trio = array(f"ranges[{k!r}]", v, size=3, ndim=1, low=lo_b, high=None if math.isinf(hi_b) else hi_b)
        lo, mode, hi = (float(x) for x in trio)
        if not lo <= mode <= hi:
            raise ValueError(f"ranges[{k!r}] must satisfy low <= mode <= high, got {v!r}")
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
    r"""When does cash flow turn positive, and how much funding is needed on the way?

    Parameters
    ----------
    n_paths : int
        Number of paths (1 to 10^7).
    years : int
        Horizon including the base year (1-50).
    seed : int
        Seed of :func:`numpy.random.default_rng` (>= 0); the same seed gives the same result.
    base : Assumptions, optional
        Values of the drivers not drawn; defaults to ``scenario("base")``.
    ranges : mapping, optional
        ``{driver: (low, mode, high)}``; defaults to :data:`MC_RANGES`.
    start_year : int
        Calendar year of t = 0.
    chunk : int
        Paths per block (1 to 10^7). Each block has its own random stream spawned from ``seed``.
    threads : int
        Blocks computed in parallel (1-64); numpy releases the GIL inside array operations.

    Returns
    -------
    MonteCarloResult

    Notes
    -----
    ``prob_positive_by_year[y]`` is the share of paths whose *first* positive year is
    :math:`\le y`, non-decreasing in ``y`` by construction. The peak funding need of a path is
    :math:`\max(0, -\min_t \sum_{u \le t} CF_u)`. Draws of ``wau_cap``, ``pay_share_max`` and
    ``training_cap`` are floored at their base-year values so every path is well defined.

    References
    ----------
    Kotz, S. and van Dorp, J. R. (2004). *Beyond Beta: Other Continuous Families of Distributions
    with Bounded Support and Applications*. World Scientific (the triangular distribution, drawn
    with :meth:`numpy.random.Generator.triangular`).

    Examples
    --------
    >>> mc = monte_carlo(n_paths=2_000, years=10, seed=1)
    >>> bool(mc.prob_positive_by_year.is_monotonic_increasing), len(mc.draws)
    (True, 2000)
    >>> len(monte_carlo(n_paths=3_000, seed=1, chunk=500).draws)
    2000
    """
    n_paths = integer("n_paths", n_paths, low=1, high=10_000_000)
    years = integer("years", years, low=1, high=50)
    seed = integer("seed", seed, low=0)
    start_year = integer("start_year", start_year, low=1900, high=2200)
    chunk = integer("chunk", chunk, low=1, high=10_000_000)
    threads = integer("threads", threads, low=1, high=64)
    b = validate_assumptions(scenario("base") if base is None else base, "base")
    rng_ranges = _check_ranges(MC_RANGES if ranges is None else ranges)
    base_d = asdict(b)
    first_all = np.empty(n_paths, dtype=np.int16)
    need_all = np.empty(n_paths, dtype=np.float32)
    keep = min(n_paths, KEEP_DRAWS)
    draws_keep = {k: np.empty(keep) for k in rng_ranges}
    starts = list(range(0, n_paths, chunk))
    streams = np.random.SeedSequence(seed).spawn(len(starts))  # one stream per block

    def run_block(i: int) -> None:
        lo_i = starts[i]
        n = min(chunk, n_paths - lo_i)
        rng = np.random.default_rng(streams[i])
        p: dict[str, np.ndarray | float] = dict(base_d)
        for k, (lo, mode, hi) in rng_ranges.items():
            x = rng.triangular(lo, mode, hi, size=n) if hi > lo else np.full(n, lo)
            if lo_i < keep:  # the first KEEP_DRAWS paths, across as many blocks as they span
                m = min(n, keep - lo_i)
                draws_keep[k][lo_i:lo_i + m] = x[:m]
            p[k] = x
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
    offset = np.where(first_all > 0, first_all - start_year, years).astype(np.int64)
    counts = np.bincount(offset, minlength=years + 1)[:years]
    yrs = pd.Index(np.arange(start_year, start_year + years), name="year")
    prob = pd.Series(np.cumsum(counts) / n_paths, index=yrs, name="prob_positive_by_year")
    return MonteCarloResult(prob, first_all, need_all, pd.DataFrame(draws_keep), int(seed))


def benchmark(n_paths: int = 1_000_000, years: int = 10, seed: int = 0, repeat: int = 3) -> float:
    """Wall-clock seconds of one :func:`monte_carlo` run, the best of ``repeat`` (1-20).

    The book's budget is 10^6 paths over 10 years in under 1 s on 2 cores.

    Examples
    --------
    >>> benchmark(n_paths=10_000, years=10, repeat=1) < 5
    True
    """
    repeat = integer("repeat", repeat, low=1, high=20)
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        monte_carlo(n_paths=n_paths, years=years, seed=seed)
        best = min(best, time.perf_counter() - t0)
    return number("seconds", best)
