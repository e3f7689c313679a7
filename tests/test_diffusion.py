"""Tests for helpers.models.diffusion (the Bass model, its inverse and its fit) and helpers.charts.diffusion."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

from helpers.charts.diffusion import bass_vega_expr
from helpers.data import load
from helpers.models.diffusion import bass_cdf, bass_pdf, first_crossing, fit_bass, fit_many, peak_time, time_to_share

ps = st.floats(min_value=0.001, max_value=0.2)
qs = st.floats(min_value=0.0, max_value=1.5)
ms = st.floats(min_value=0.2, max_value=1.0)
BAD = [float("nan"), float("inf"), -0.1, 0.0, "0.03", None, True, [0.03], 1e9]


@given(ps, qs, ms)
@settings(max_examples=60)
def test_cdf_is_an_increasing_curve_from_zero_to_m(p, q, m):
    t = np.linspace(0, 50.0 / (p + q), 400)  # 50 time constants: F is within e^-50 of m
    f = bass_cdf(t, p, q, m)
    assert f[0] == 0.0 and np.all(np.diff(f) >= -1e-12) and f[-1] == pytest.approx(m, rel=1e-3)


@given(ps, qs, st.floats(min_value=0.02, max_value=0.95))
@settings(max_examples=60)
def test_closed_form_time_to_share_matches_numerical_root(p, q, s):
    t_root = brentq(lambda t: bass_cdf(t, p, q) - s, 0.0, 1e4, xtol=1e-10)
    assert time_to_share(s, p, q) == pytest.approx(t_root, rel=1e-6, abs=1e-8)


def test_pdf_is_the_derivative_of_cdf():
    p, q, h = 0.03, 0.38, 1e-5
    for t in (0.5, 3.0, 6.0, 12.0):
        assert bass_pdf(t, p, q) == pytest.approx((bass_cdf(t + h, p, q) - bass_cdf(t - h, p, q)) / (2 * h), rel=1e-6)


def test_peak_time_and_share_at_peak():
    """Known Bass results (Bass 1969): t* = ln(q/p)/(p+q) and F(t*) = (1 - p/q) / 2."""
    p, q = 0.03, 0.38  # mean coefficients in Sultan, Farley and Lehmann (1990)
    grid = np.linspace(0, 20, 200001)
    assert peak_time(p, q) == pytest.approx(grid[np.argmax(bass_pdf(grid, p, q))], abs=1e-3)
    assert bass_cdf(peak_time(p, q), p, q) == pytest.approx((1 - p / q) / 2)
    assert peak_time(0.3, 0.1) == 0.0


def test_pure_innovation_is_exponential_and_series_keep_their_index():
    t = np.array([1.0, 5.0, 10.0])
    assert np.allclose(bass_cdf(t, 0.1, 0.0), 1 - np.exp(-0.1 * t))
    s = pd.Series([1.0, 2.0], index=["a", "b"], name="years")
    assert list(bass_cdf(s, 0.03, 0.38).index) == ["a", "b"]


def test_time_to_share_is_infinite_beyond_market_potential():
    assert time_to_share(0.9, 0.03, 0.38, m=0.8) == np.inf
    out = time_to_share(np.array([0.1, 0.5, 0.85]), 0.03, 0.38, m=0.8)
    assert np.isfinite(out[:2]).all() and out[2] == np.inf


# ---- fitting --------------------------------------------------------------------------------------

def test_fit_recovers_p_q_m_from_noisy_simulated_data():
    rng = np.random.default_rng(7)
    t = np.arange(0.0, 25.0)
    y = np.clip(bass_cdf(t, 0.01, 0.45, 0.85) + rng.normal(0, 0.005, t.size), 0, 1)
    fit = fit_bass(t, y, t0=0.0)
    assert fit.success and fit.dof == t.size - 1 - 3  # the point at t0 carries no information
    assert fit.p == pytest.approx(0.01, rel=0.2) and fit.q == pytest.approx(0.45, rel=0.05)
    assert fit.m == pytest.approx(0.85, abs=0.02) and fit.rmse < 0.01


def test_fit_recovers_launch_date_on_a_calendar_axis():
    years = np.arange(1990.0, 2015.0)
    fit = fit_bass(years, bass_cdf(years - 1984.0, 0.02, 0.35, 0.9))
    assert fit.t0 == pytest.approx(1984.0, abs=0.3) and fit.q == pytest.approx(0.35, rel=0.05)


def test_fit_with_fixed_m_returns_that_m():
    t = np.arange(0.0, 10.0)
    fit = fit_bass(t, bass_cdf(t, 0.05, 0.5, 1.0), m=1.0, t0=0.0)
    assert fit.m == 1.0 and fit.p == pytest.approx(0.05, rel=1e-3)


def test_fit_that_never_leaves_its_start_values_is_not_a_success():
    """A fit whose data cannot move the parameters used to report success=True."""
    flat = fit_bass([0.0, 1.0, 2.0, 3.0], [0.0, 0.0, 0.0, 0.0], m=1.0, t0=0.0, p0=1e-5, q0=0.0)
    assert not flat.success and ("start values" in flat.message or "identified" in flat.message)


def test_fit_refuses_a_launch_after_the_first_observation():
    """Before, t0 fixed after the data clipped every residual to a constant and 'converged' at the start values."""
    for late in (10.0, 1.5):  # after all the data, or after only some of it
        with pytest.raises(ValueError, match="t0"):
            fit_bass([0.0, 1.0, 2.0, 3.0], [0.1, 0.2, 0.3, 0.4], t0=late)


def test_two_points_two_parameters_have_zero_degrees_of_freedom():
    fit = fit_bass([1.7, 2.7], [0.446, 0.546], m=1.0, t0=0.0)
    assert fit.dof == 0 and fit.n == 2


def test_fit_many_matches_single_fits_and_first_crossings():
    tt = np.arange(1990.0, 2010.0)
    d = pd.concat([pd.DataFrame({"series": name, "t": tt, "y": bass_cdf(tt - t0, p, q, m)})
                   for name, t0, p, q, m in [("a", 1985.0, 0.02, 0.4, 0.9), ("b", 1988.0, 0.05, 0.2, 0.8)]])
    out = fit_many(d, {"a": 1985.0})
    one = fit_bass(tt, d[d["series"] == "b"]["y"].to_numpy())
    assert out.loc["b", "q"] == pytest.approx(one.q) and bool(out.loc["a", "t0_fixed"]) and not bool(out.loc["b", "t0_fixed"])
    assert out.loc["a", "observed_10"] == pytest.approx(first_crossing(tt, d[d["series"] == "a"]["y"], 0.1))
    with pytest.raises(ValueError, match="duplicated"):
        fit_many(pd.concat([d, d.head(1)]))


def test_us_household_computers_reached_10_percent_in_1985():
    d = load("adoption_us_technologies")
    pc = d[d["technology"] == "Microcomputer"]
    assert first_crossing(pc["year"], pc["value"], 10.0) == 1985.0
    assert first_crossing(pc["year"], pc["value"], 50.0) == pytest.approx(1999.0 + 5 / 6, abs=0.01)


# ---- the book's forecasts, recomputed (data/forecasts_ch11.csv) ------------------------------------

def _forecast(fid: str) -> float:
    f = load("forecasts_ch11").set_index("forecast_id")
    return float(f.loc[fid, "point"])


def test_forecast_rows_equal_the_model():
    gen = load("adoption_genai")
    pew = gen[gen["technology"] == "ChatGPT (ever used)"].sort_values("observed")
    t, y = pew["years_since_launch"].to_numpy(float), pew["share_pct"].to_numpy(float) / 100
    full, free = fit_bass(t, y, m=1.0, t0=0.0), fit_bass(t, y, t0=0.0)
    assert 100 * bass_cdf(t[-1] + 1, full.p, full.q, full.m) == pytest.approx(_forecast("F11-book-pew-chatgpt-2027-full"), abs=0.05)
    assert 100 * bass_cdf(t[-1] + 1, free.p, free.q, free.m) == pytest.approx(_forecast("F11-book-pew-chatgpt-2027-ceiling"), abs=0.05)
    rps = gen[(gen["technology"] == "Generative AI") & (gen["source"] == "stlfed_genai_2025")].sort_values("observed")
    r = fit_bass(rps["years_since_launch"].to_numpy(float), rps["share_pct"].to_numpy(float) / 100, m=1.0, t0=0.0)
    assert 100 * bass_cdf(rps["years_since_launch"].iloc[-1] + 2, r.p, r.q, 1.0) == pytest.approx(_forecast("F11-book-rps-genai-2027"), abs=0.05)


def test_holdout_forecast_against_pew_2026():
    """Out of sample: a curve fitted to Pew's 2023-2025 readings, compared with the 2026 reading it never saw."""
    gen = load("adoption_genai")
    pew = gen[gen["technology"] == "ChatGPT (ever used)"].sort_values("observed")
    t, y = pew["years_since_launch"].to_numpy(float), pew["share_pct"].to_numpy(float) / 100
    held = fit_bass(t[:-1], y[:-1], m=1.0, t0=0.0)
    assert held.dof == 1 and abs(bass_cdf(t[-1], held.p, held.q) - y[-1]) < 0.08


# ---- bad input: a clean ValueError/TypeError naming the parameter ----------------------------------

@pytest.mark.parametrize("name", ["p", "q", "m"])
@pytest.mark.parametrize("bad", BAD)
def test_bad_coefficients_raise_cleanly(name, bad):
    args = dict(p=0.03, q=0.38, m=1.0)
    if name == "q" and bad == 0.0:
        pytest.skip("q = 0 is valid (pure innovation)")
    args[name] = bad
    for fn in (lambda: bass_cdf(1.0, **args), lambda: bass_pdf(1.0, **args), lambda: time_to_share(0.3, **args)):
        with pytest.raises((ValueError, TypeError), match=name):
            fn()


@settings(max_examples=120)
@given(which=st.sampled_from(["p", "q", "m", "share", "t", "level"]),
       bad=st.one_of(st.sampled_from([float("nan"), float("inf"), -float("inf"), "x", None, True, {}]),
                     st.floats(max_value=-1e-6), st.floats(min_value=1e3, max_value=1e300), st.text(max_size=2)))
def test_property_hostile_inputs_never_slip_through(which, bad):
    args = dict(p=0.03, q=0.38, m=0.9, share=0.3, t=2.0, level=0.5)
    args[which] = bad
    calls = [lambda: bass_cdf(args["t"], args["p"], args["q"], args["m"]),
             lambda: time_to_share(args["share"], args["p"], args["q"], args["m"]),
             lambda: first_crossing([0.0, 1.0], [0.0, 0.6], args["level"])]
    relevant = {"p": calls[:2], "q": calls[:2], "m": calls[:2], "share": calls[1:2], "t": calls[0:1], "level": calls[2:]}
    for call in relevant[which]:
        try:
            out = call()
        except (ValueError, TypeError) as exc:
            assert which in str(exc) or which == "t"
        else:  # a valid value in disguise: large positive t or level, or a negative t (before launch)
            assert which in ("t", "level") and isinstance(bad, float) and math.isfinite(bad), (which, bad, out)


@pytest.mark.parametrize("kwargs, match", [
    (dict(y=[0.1, 0.2, 1.5, 0.3]), "y"), (dict(y=[0.1, 0.2, float("nan"), 0.3]), "y"), (dict(y=[0.1, 0.2]), "y"),
    (dict(t=[0.0, 1.0, float("inf"), 3.0]), "t"), (dict(t="abcd"), "t"), (dict(m=0.0), "m"), (dict(m="1"), "m"),
    (dict(m=0.2), "below"), (dict(t0=float("nan")), "t0"), (dict(p0=0.0), "p0"), (dict(q0=5.0), "q0"),
    (dict(t=[[0.0, 1.0], [2.0, 3.0]], y=[[0.1, 0.2], [0.3, 0.4]]), "t"),
])
def test_bad_fit_inputs_raise(kwargs, match):
    args = dict(t=[0.0, 1.0, 2.0, 3.0], y=[0.1, 0.2, 0.3, 0.4])
    args.update(kwargs)
    with pytest.raises((ValueError, TypeError), match=match):
        fit_bass(**args)


def test_too_few_points_and_bad_first_crossing_inputs():
    with pytest.raises(ValueError, match="at least"):
        fit_bass([1.0, 2.0], [0.1, 0.2])
    with pytest.raises(ValueError, match="y must have 2"):
        first_crossing([0, 1], [0.1], 0.5)
    with pytest.raises(ValueError, match="increasing"):
        first_crossing([1, 0], [0.1, 0.2], 0.5)
    with pytest.raises(ValueError, match="NaN"):
        first_crossing([0, 1], [0.1, np.nan], 0.5)
    with pytest.raises((ValueError, TypeError), match="level"):
        first_crossing([0, 1], [0.1, 0.2], None)


# ---- the slider's Vega expression, evaluated -----------------------------------------------------

def _eval_vega(expr: str, t: float, p: float, q: float, m: float = 1.0) -> float:
    py = expr.replace("datum.t", "t")
    ns = {"exp": math.exp, "max": max, "t": t, "p": p, "q": q, "m": m}
    return eval(py, {"__builtins__": {}}, ns)  # noqa: S307 - expression built by our own helper


@settings(max_examples=200)
@given(p=ps, q=qs, m=ms, t=st.floats(-2.0, 40.0))
def test_vega_expression_matches_python(p, q, m, t):
    expr = bass_vega_expr("datum.t", "p", "q", "m")
    assert _eval_vega(expr, t, p, q, m) == pytest.approx(100 * bass_cdf(t, p, q, m), rel=1e-12, abs=1e-12)


def test_vega_expression_bad_input():
    with pytest.raises(ValueError, match="p"):
        bass_vega_expr("datum.t", "", "q")


def test_charts_build():
    from helpers.charts import diffusion as dc

    pts = pd.DataFrame({"years": [1.0], "share": [20.0], "series": ["A survey"], "label": ["x"]})
    dc.bass_explorer(pts, 0.03, 0.38).to_dict()
    dc.headline_bars(pd.DataFrame({"technology": ["A"], "share": [50.0], "when": ["2025"]}), 10.0, "Ten").to_dict()
    cur = pd.DataFrame({"date": pd.to_datetime(["2024-01-01"]), "share": [20.0], "curve": ["c"]})
    dc.fit_chart(pd.DataFrame({"date": pd.to_datetime(["2024-01-01"]), "share": [20.0], "role": ["Used for the fit"]}), cur).to_dict()
    with pytest.raises(ValueError, match="points"):
        dc.fit_chart(pd.DataFrame({"x": [1]}), cur)
