"""Tests for helpers.diffusion: the Bass (1969) model, its inverse and its fit."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

from helpers.models.diffusion import bass_cdf, bass_pdf, first_crossing, fit_bass, peak_time, time_to_share
from helpers.data import load

ps = st.floats(min_value=0.001, max_value=0.2)
qs = st.floats(min_value=0.0, max_value=1.5)
ms = st.floats(min_value=0.2, max_value=1.0)


@given(ps, qs, ms)
@settings(max_examples=60, deadline=None)
def test_cdf_is_an_increasing_curve_from_zero_to_m(p, q, m):
    t = np.linspace(0, 50.0 / (p + q), 400)  # 50 time constants: F is within e^-50 of m
    f = bass_cdf(t, p, q, m)
    assert f[0] == 0.0
    assert np.all(np.diff(f) >= -1e-12)
    assert f[-1] == pytest.approx(m, rel=1e-3)


@given(ps, qs, st.floats(min_value=0.02, max_value=0.95))
@settings(max_examples=60, deadline=None)
def test_closed_form_time_to_share_matches_numerical_root(p, q, s):
    t_closed = time_to_share(s, p, q)
    t_root = brentq(lambda t: bass_cdf(t, p, q) - s, 0.0, 1e4, xtol=1e-10)
    assert t_closed == pytest.approx(t_root, rel=1e-6, abs=1e-8)


def test_pdf_is_the_derivative_of_cdf():
    p, q, h = 0.03, 0.38, 1e-5
    for t in (0.5, 3.0, 6.0, 12.0):
        num = (bass_cdf(t + h, p, q) - bass_cdf(t - h, p, q)) / (2 * h)
        assert bass_pdf(t, p, q) == pytest.approx(num, rel=1e-6)


def test_peak_time_and_share_at_peak():
    # Known Bass results: t* = ln(q/p)/(p+q) and F(t*) = (1 - p/q) / 2.
    p, q = 0.03, 0.38  # mean coefficients in Sultan, Farley and Lehmann (1990)
    t_star = peak_time(p, q)
    grid = np.linspace(0, 20, 200001)
    assert t_star == pytest.approx(grid[np.argmax(bass_pdf(grid, p, q))], abs=1e-3)
    assert bass_cdf(t_star, p, q) == pytest.approx((1 - p / q) / 2)
    assert peak_time(0.3, 0.1) == 0.0


def test_pure_innovation_is_exponential():
    t = np.array([1.0, 5.0, 10.0])
    assert np.allclose(bass_cdf(t, 0.1, 0.0), 1 - np.exp(-0.1 * t))


def test_time_to_share_is_infinite_beyond_market_potential():
    assert time_to_share(0.9, 0.03, 0.38, m=0.8) == np.inf
    out = time_to_share(np.array([0.1, 0.5, 0.85]), 0.03, 0.38, m=0.8)
    assert np.isfinite(out[:2]).all() and out[2] == np.inf


def test_fit_recovers_p_q_m_from_noisy_simulated_data():
    rng = np.random.default_rng(7)
    t = np.arange(0.0, 25.0)
    y = np.clip(bass_cdf(t, 0.01, 0.45, 0.85) + rng.normal(0, 0.005, t.size), 0, 1)
    fit = fit_bass(t, y, t0=0.0)
    assert fit.success
    assert fit.p == pytest.approx(0.01, rel=0.2)
    assert fit.q == pytest.approx(0.45, rel=0.05)
    assert fit.m == pytest.approx(0.85, abs=0.02)
    assert fit.rmse < 0.01


def test_fit_recovers_launch_date_on_a_calendar_axis():
    years = np.arange(1990.0, 2015.0)
    y = bass_cdf(years - 1984.0, 0.02, 0.35, 0.9)
    fit = fit_bass(years, y)
    assert fit.t0 == pytest.approx(1984.0, abs=0.3)
    assert fit.q == pytest.approx(0.35, rel=0.05)


def test_fit_with_fixed_m_returns_that_m():
    t = np.arange(0.0, 10.0)
    fit = fit_bass(t, bass_cdf(t, 0.05, 0.5, 1.0), m=1.0, t0=0.0)
    assert fit.m == 1.0
    assert fit.p == pytest.approx(0.05, rel=1e-3)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(p=0.0, q=0.3), "p"),
        (dict(p=-0.1, q=0.3), "p"),
        (dict(p=0.03, q=-0.1), "q"),
        (dict(p=0.03, q=0.3, m=0.0), "m"),
        (dict(p=0.03, q=0.3, m=1.5), "m"),
        (dict(p=float("nan"), q=0.3), "p"),
    ],
)
def test_bad_parameters_raise(kwargs, match):
    with pytest.raises(ValueError, match=match):
        bass_cdf(1.0, **kwargs)


@pytest.mark.parametrize("share", [0.0, 1.0, -0.2, 1.5, float("nan")])
def test_bad_share_raises(share):
    with pytest.raises(ValueError, match="share"):
        time_to_share(share, 0.03, 0.38)


def test_bad_fit_inputs_raise():
    t = np.arange(6.0)
    with pytest.raises(ValueError, match="same length"):
        fit_bass(t, np.zeros(5))
    with pytest.raises(ValueError, match="missing"):
        fit_bass(t, np.array([0, 0.1, np.nan, 0.3, 0.4, 0.5]))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        fit_bass(t, np.array([0, 10, 20, 30, 40, 50.0]))
    with pytest.raises(ValueError, match="at least"):
        fit_bass(t[:3], np.array([0.0, 0.1, 0.2]))
    with pytest.raises(ValueError, match="below the largest"):
        fit_bass(t, np.linspace(0, 0.6, 6), m=0.5, t0=0.0)
    with pytest.raises(ValueError, match="missing"):
        bass_cdf(np.array([1.0, np.nan]), 0.03, 0.38)


def test_first_crossing_interpolates_and_handles_edges():
    assert first_crossing([0, 1, 2], [0.0, 0.4, 0.8], 0.6) == pytest.approx(1.5)
    assert first_crossing([0, 1], [0.7, 0.9], 0.5) == 0.0
    assert np.isnan(first_crossing([0, 1], [0.1, 0.2], 0.5))


def test_first_crossing_on_bass_curve_matches_closed_form():
    t = np.linspace(0, 30, 3001)
    y = bass_cdf(t, 0.03, 0.38)
    assert first_crossing(t, y, 0.5) == pytest.approx(time_to_share(0.5, 0.03, 0.38), abs=1e-3)


def test_us_household_computers_reached_10_percent_in_1985():
    d = load("adoption_us_technologies")
    pc = d[d["technology"] == "Microcomputer"]
    assert first_crossing(pc["year"], pc["value"], 10.0) == 1985.0
    assert first_crossing(pc["year"], pc["value"], 50.0) == pytest.approx(1999.0 + 5 / 6, abs=0.01)


def test_bad_first_crossing_inputs_raise():
    with pytest.raises(ValueError, match="same length"):
        first_crossing([0, 1], [0.1], 0.5)
    with pytest.raises(ValueError, match="increasing"):
        first_crossing([1, 0], [0.1, 0.2], 0.5)
    with pytest.raises(ValueError, match="missing"):
        first_crossing([0, 1], [0.1, np.nan], 0.5)
    with pytest.raises(ValueError, match="level"):
        first_crossing([0, 1], [0.1, 0.2], float("nan"))
