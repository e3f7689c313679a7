"""Tests for helpers.datastock (the data-exhaustion model of chapter 10)."""
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers.data import load
from helpers.models.datastock import (
    exhaustion_year,
    lognormal_from_interval,
    simulate_exhaustion,
    trajectory,
)

pos = st.floats(min_value=1e9, max_value=1e17, allow_nan=False, allow_infinity=False)
rate = st.floats(min_value=0.05, max_value=5.0, allow_nan=False, allow_infinity=False)


def _inputs():
    ds = load("data_stock").set_index(["quantity", "vintage", "scenario"])
    stock = ds.loc[("effective_stock", "2024", "central")]
    llama = ds.loc[("training_tokens", "2024", "llama3"), "value"]
    k_llama = ds.loc[("overtraining_factor", "2024", "llama3_70b"), "value"]
    growth = ds.loc[("dataset_growth_factor", "data_insight", "doubling_8_months"), "value"] - 1
    median = ds.loc[("full_use_year", "2024", "no_overtraining"), "value"]
    return stock, llama, k_llama, growth, median, ds


@given(S=pos, D=pos, g=rate, t0=st.floats(min_value=2000, max_value=2030))
def test_closed_form(S, D, g, t0):
    assert exhaustion_year(S, D, g, t0) == pytest.approx(t0 + math.log(S / D) / math.log(1 + g), abs=1e-9)


@given(S=pos, D=pos, g=rate)
def test_crossing_really_crosses(S, D, g):
    t = exhaustion_year(S, D, g, 2024.0)
    tr = trajectory([t], S, D, g, 2024.0)
    assert tr["dataset"].iloc[0] == pytest.approx(tr["stock"].iloc[0], rel=1e-9)


@settings(max_examples=50)
@given(S=pos, D=pos, g=rate)
def test_monotone_in_inputs(S, D, g):
    t = exhaustion_year(S, D, g, 2024.0)
    assert exhaustion_year(S * 2, D, g, 2024.0) > t          # more stock -> later
    assert exhaustion_year(S, D * 2, g, 2024.0) < t          # bigger sets now -> earlier
    assert exhaustion_year(S, D, g, 2024.0, overtrain=5) < t  # overtraining -> earlier
    if S > D * 1.001:  # faster growth brings a future crossing forward (S barely above D rounds to year0)
        assert exhaustion_year(S, D, g * 1.5, 2024.0) < t


def test_stock_growth_delays():
    a = exhaustion_year(3e14, 1e13, 2.0, 2024)
    b = exhaustion_year(3e14, 1e13, 2.0, 2024, stock_growth=0.07)
    assert b > a
    assert b == pytest.approx(2024 + math.log(30) / (math.log(3) - math.log(1.07)))


def test_vectorised_shapes():
    out = exhaustion_year(np.array([1e14, 3e14]), 1e13, np.array([[1.0], [2.0]]), 2024)
    assert out.shape == (2, 2)


def test_reproduces_epoch_median_2028():
    """Epoch's non-overtrained median (2028) from the sourced inputs.

    Llama 3 used ~15T tokens and is ~10x overtrained, so its compute-optimal
    equivalent is 15T / sqrt(10); with 3x-a-year growth the crossing with the
    300T effective stock falls in 2028, as in Villalobos et al. (2024).
    """
    stock, llama, k, g, median, _ = _inputs()
    d_opt = llama / math.sqrt(k)
    t = exhaustion_year(stock["value"], d_opt, g, 2024.3)
    assert t == pytest.approx(median, abs=0.5)
    # and the paper's 2026-2032 window holds for the stock's 90% interval
    lo = exhaustion_year(stock["low"], d_opt, g, 2024.3)
    hi = exhaustion_year(stock["high"], d_opt, g, 2024.3)
    assert 2026 <= lo < t < hi <= 2032.5


def test_reproduces_overtraining_5x_scenario():
    stock, llama, k, g, _, ds = _inputs()
    target = ds.loc[("full_use_year", "2024", "overtrain_5x"), "value"]
    t = exhaustion_year(stock["value"], llama / math.sqrt(k), g, 2024.3, overtrain=5)
    assert t == pytest.approx(target, abs=0.5)


def test_monte_carlo_reproducible_and_centred():
    stock, llama, k, g, median, _ = _inputs()
    kw = dict(stock_median=stock["value"], stock_low=stock["low"], stock_high=stock["high"],
              dataset=llama / math.sqrt(k), growth_low=g, growth_high=g, year0=2024.3, n=50_000)
    a = simulate_exhaustion(seed=3, **kw)
    b = simulate_exhaustion(seed=3, **kw)
    c = simulate_exhaustion(seed=4, **kw)
    assert np.array_equal(a.years, b.years)
    assert not np.array_equal(a.years, c.years)
    # with fixed growth the median year is the closed form at the median stock
    assert a.quantiles([0.5]).iloc[0] == pytest.approx(exhaustion_year(stock["value"], llama / math.sqrt(k), g, 2024.3), abs=0.05)
    # the stock's 90% interval maps to the years' 90% interval
    q = a.quantiles([0.05, 0.95])
    assert q.iloc[0] == pytest.approx(exhaustion_year(stock["low"], llama / math.sqrt(k), g, 2024.3), abs=0.15)
    assert 0 <= a.prob_by(2027.0) <= a.prob_by(2030.0) <= 1


def test_monte_carlo_growth_range_widens():
    kw = dict(stock_median=3e14, stock_low=1e14, stock_high=1e15, dataset=5e12, year0=2024.3, n=20_000, seed=0)
    narrow = simulate_exhaustion(growth_low=2.0, growth_high=2.0, **kw)
    wide = simulate_exhaustion(growth_low=1.0, growth_high=3.0, **kw)
    assert np.std(wide.years) > np.std(narrow.years)
    assert wide.growth.min() >= 1.0 - 1e-12 and wide.growth.max() <= 3.0 + 1e-12


def test_lognormal_interval():
    mu, sigma = lognormal_from_interval(3e14, 1e14, 1e15, 0.9)
    assert mu == pytest.approx(math.log(3e14))
    assert sigma == pytest.approx(math.log(10) / (2 * 1.6448536), rel=1e-6)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(stock=float("nan"), dataset=1e13, growth=2.0, year0=2024), "stock"),
        (dict(stock=-1.0, dataset=1e13, growth=2.0, year0=2024), "stock"),
        (dict(stock=3e14, dataset=0.0, growth=2.0, year0=2024), "dataset"),
        (dict(stock=3e14, dataset=1e13, growth=-1.5, year0=2024), "growth"),
        (dict(stock=3e14, dataset=1e13, growth=0.0, year0=2024), "growth"),
        (dict(stock=3e14, dataset=1e13, growth=0.05, year0=2024, stock_growth=0.07), "growth"),
        (dict(stock=3e14, dataset=1e13, growth=2.0, year0=float("inf")), "year0"),
        (dict(stock=3e14, dataset=1e13, growth=2.0, year0=2024, overtrain=0), "overtrain"),
        (dict(stock=[], dataset=1e13, growth=2.0, year0=2024), "stock"),
        (dict(stock="lots", dataset=1e13, growth=2.0, year0=2024), "stock"),
    ],
)
def test_bad_input_exhaustion_year(kwargs, match):
    with pytest.raises(ValueError, match=match):
        exhaustion_year(**kwargs)


@pytest.mark.parametrize(
    "args, match",
    [((3e14, 1e15, 1e16), "low < median"), ((3e14, 1e14, 1e15, 1.2), "coverage"), ((np.nan, 1e14, 1e15), "median")],
)
def test_bad_input_lognormal(args, match):
    with pytest.raises(ValueError, match=match):
        lognormal_from_interval(*args)


@pytest.mark.parametrize(
    "over, match",
    [
        (dict(n=0), "n"),
        (dict(seed=1.5), "seed"),
        (dict(growth_low=3.0, growth_high=2.0), "growth_low"),
        (dict(stock_low=5e14), "stock_low < stock_median"),
    ],
)
def test_bad_input_simulation(over, match):
    kw = dict(stock_median=3e14, stock_low=1e14, stock_high=1e15, dataset=5e12, growth_low=2.0,
              growth_high=2.0, year0=2024.3, n=100, seed=0)
    kw.update(over)
    with pytest.raises(ValueError, match=match):
        simulate_exhaustion(**kw)


def test_bad_quantile_and_years():
    sim = simulate_exhaustion(stock_median=3e14, stock_low=1e14, stock_high=1e15, dataset=5e12,
                              growth_low=2.0, growth_high=2.0, year0=2024.3, n=100, seed=0)
    with pytest.raises(ValueError, match="q"):
        sim.quantiles([1.5])
    with pytest.raises(ValueError, match="years"):
        trajectory([], 3e14, 1e13, 2.0, 2024)


def test_book_forecast_rows_match_the_model():
    """forecasts_ch10's book rows: the chapter's Monte Carlo (100,000 draws, seed 2024), recomputed."""
    from helpers.data import load_dataset

    stock, llama, k_llama, growth, median, ds = _inputs()
    sim = simulate_exhaustion(stock_median=stock["value"], stock_low=stock["low"], stock_high=stock["high"],
                              dataset=llama / math.sqrt(k_llama), growth_low=1.5, growth_high=2.5, year0=2024.3,
                              n=100_000, seed=2024)
    f = load_dataset("forecasts_ch10")
    interval = f.row(forecast_id="F10-book-interval")
    q = sim.quantiles([0.05, 0.5, 0.95])
    assert (interval["low"], interval["point"], interval["high"]) == pytest.approx(tuple(q.round(2)), abs=0.006)
    assert interval["interval_level"] == 0.9
    assert f.value("probability", forecast_id="F10-book-by-2027") == pytest.approx(sim.prob_by(2028.0), abs=5e-4)


bad = st.one_of(st.just(float("nan")), st.just(float("inf")), st.just(-1.0), st.just(0.0), st.text(max_size=3), st.none(), st.booleans())


@settings(max_examples=80)
@given(v=bad, which=st.sampled_from(["stock", "dataset", "growth", "year0", "overtrain", "median", "coverage", "n", "seed",
                                     "growth_low", "years"]))
def test_bad_numbers_raise_cleanly(v, which):
    base = dict(stock=3e14, dataset=1e13, growth=2.0, year0=2024.0)
    calls = {
        "stock": lambda: exhaustion_year(**{**base, "stock": v}), "dataset": lambda: exhaustion_year(**{**base, "dataset": v}),
        "growth": lambda: exhaustion_year(**{**base, "growth": v if v not in (0.0, -1.0) else -1.0}),
        "year0": lambda: exhaustion_year(**{**base, "year0": v if v not in (0.0, -1.0) else -1.0}),
        "overtrain": lambda: exhaustion_year(**{**base, "overtrain": v}),
        "median": lambda: lognormal_from_interval(v, 1e14, 1e15), "coverage": lambda: lognormal_from_interval(3e14, 1e14, 1e15, v),
        "n": lambda: simulate_exhaustion(stock_median=3e14, stock_low=1e14, stock_high=1e15, dataset=5e12, growth_low=2.0,
                                         growth_high=2.0, year0=2024.3, n=v),
        "seed": lambda: simulate_exhaustion(stock_median=3e14, stock_low=1e14, stock_high=1e15, dataset=5e12, growth_low=2.0,
                                            growth_high=2.0, year0=2024.3, n=10, seed=v if v != 0.0 else -1),
        "growth_low": lambda: simulate_exhaustion(stock_median=3e14, stock_low=1e14, stock_high=1e15, dataset=5e12,
                                                  growth_low=v if v not in (0.0,) else -1.0, growth_high=2.0, year0=2024.3, n=10),
        "years": lambda: trajectory([v], 3e14, 1e13, 2.0, 2024),
    }
    if which == "years":  # any finite year is a valid point of a trajectory
        assume(not (isinstance(v, float) and np.isfinite(v)))
    with pytest.raises((ValueError, TypeError), match=which.split("_")[0]):
        calls[which]()
