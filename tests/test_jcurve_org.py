"""Tests of helpers.models.jcurve_org: the organisational J-curve's parameters are exact, its payback is right, bad input."""
from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.models.jcurve_org import org_jcurve

SETTINGS = settings(max_examples=60, deadline=None)
org_depths = st.floats(0.0, 0.9)
org_be = st.floats(0.5, 15.0)
org_gain = st.floats(0.0, 1.0)


@SETTINGS
@given(d=org_depths, be=org_be, gain=org_gain, frac=st.floats(0.05, 0.95), tau=st.floats(0.2, 10.0))
def test_parameters_are_exact(d, be, gain, frac, tau):
    tm = frac * be
    t = np.concatenate([np.linspace(-1, be + 60 * tau, 2001), [tm, be]])
    r = org_jcurve(t, dip_depth=d, break_even=be, long_run_gain=gain, trough=tm, gain_time=tau)
    lv = r.frame["level"].to_numpy()
    assert lv.min() == pytest.approx(1 - d, abs=1e-12)
    assert r.frame["level"].iloc[-2] == pytest.approx(1 - d) and r.frame["level"].iloc[-1] == pytest.approx(1.0)
    assert lv[-3] == pytest.approx(1 + gain, abs=1e-9)
    before, after = (t > 0) & (t < be), t > be
    assert (lv[before] <= 1 + 1e-12).all() and (lv[after] >= 1 - 1e-12).all()
    assert (lv[t < 0] == 1).all()


@SETTINGS
@given(d=st.floats(0.01, 0.9), be=org_be, gain=st.floats(0.01, 1.0))
def test_payback(d, be, gain):
    r = org_jcurve([0.0], dip_depth=d, break_even=be, long_run_gain=gain)
    assert r.payback_year > r.break_even_year
    at = org_jcurve([r.payback_year, be], dip_depth=d, break_even=be, long_run_gain=gain).frame["cumulative"]
    assert at.iloc[0] == pytest.approx(0.0, abs=1e-8)
    assert at.iloc[1] == pytest.approx(-d * be / 2)
    # A numerical integral of the level path agrees with the closed form.
    t = np.linspace(0, r.payback_year, 20001)
    lv = org_jcurve(t, dip_depth=d, break_even=be, long_run_gain=gain).frame["gap"].to_numpy()
    area = float(np.sum(0.5 * (lv[1:] + lv[:-1]) * np.diff(t)))
    assert area == pytest.approx(0.0, abs=1e-4 * max(1.0, d * be))


def test_hand_computed_path():
    # Depth 0.1, break-even 4, gain 0.2: trough 0.9 at year 2; at year 8, 1 + 0.2 (1 - e^-1) = 1.1264.
    r = org_jcurve([0, 2, 4, 8], dip_depth=0.1, break_even=4, long_run_gain=0.2)
    assert r.frame["level"].round(4).tolist() == [1.0, 0.9, 1.0, round(1 + 0.2 * (1 - math.exp(-1)), 4)]


def test_no_gain_never_pays_back():
    assert math.isinf(org_jcurve([1.0], dip_depth=0.1, break_even=3, long_run_gain=0.0).payback_year)
    assert org_jcurve([1.0], dip_depth=0.0, break_even=3, long_run_gain=0.1).payback_year == 0.0


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(dip_depth=1.0), "dip_depth"),
        (dict(dip_depth=-0.1), "dip_depth"),
        (dict(dip_depth=float("nan")), "dip_depth"),
        (dict(break_even=0.0), "break_even"),
        (dict(long_run_gain=-0.1), "long_run_gain"),
        (dict(trough=5.0), "trough"),
        (dict(gain_time=0.0), "gain_time"),
        (dict(t=[]), "t"),
        (dict(t=[0.0, float("nan")]), "t"),
        (dict(t=[[0.0, 1.0]]), "t"),
    ],
)
def test_bad_input_names_the_parameter(kwargs, name):
    args = dict(t=[0.0, 1.0, 2.0], dip_depth=0.1, break_even=4.0, long_run_gain=0.2)
    args.update(kwargs)
    t = args.pop("t")
    with pytest.raises(ValueError, match=re.escape(name)):
        org_jcurve(t, **args)


@SETTINGS
@given(bad=st.sampled_from([float("nan"), float("inf"), -1.0, "0.1", None, True]),
       which=st.sampled_from(["dip_depth", "break_even", "long_run_gain", "trough", "gain_time"]))
def test_any_bad_value_is_a_clean_error(bad, which):
    args = dict(dip_depth=0.1, break_even=4.0, long_run_gain=0.2)
    if bad is None and which in ("trough", "gain_time"):
        bad = "x"                       # None means "use the default"
    args[which] = bad
    with pytest.raises((ValueError, TypeError)):
        org_jcurve([0.0, 1.0], **args)


def test_a_trough_after_break_even_names_both():
    with pytest.raises(ValueError, match="trough must be before break_even"):
        org_jcurve([0.0], dip_depth=0.1, break_even=1.0, long_run_gain=0.2, trough=1.5)
