"""Tests of helpers.financing: the financing-gap arithmetic."""
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.models.financing import MS_2025_CHANNELS, capex_intensity, financing_gap, internal_funds


def test_reproduces_morgan_stanley_july_2025():
    g = financing_gap(2.9, 1.4)
    assert g.external == pytest.approx(1.5)
    assert g.channels["private_credit"] == pytest.approx(0.8)
    assert g.channels.sum() == pytest.approx(1.5)
    assert MS_2025_CHANNELS.sum() == pytest.approx(1.5)


@given(c=st.floats(0.01, 10), i=st.floats(0, 12))
def test_gap_identity_and_bounds(c, i):
    g = financing_gap(c, i)
    assert g.internal + g.external == pytest.approx(c)
    assert 0 <= g.external_share <= 1
    assert g.channels.sum() == pytest.approx(g.external)


@given(c=st.floats(0.5, 5), i1=st.floats(0, 5), i2=st.floats(0, 5))
def test_more_internal_funds_never_widens_gap(c, i1, i2):
    lo, hi = sorted((i1, i2))
    assert financing_gap(c, hi).external <= financing_gap(c, lo).external + 1e-12


def test_custom_weights_are_normalised():
    g = financing_gap(3.0, 1.0, pd.Series({"bonds": 1, "loans": 3}))
    assert g.channels.to_dict() == pytest.approx({"bonds": 0.5, "loans": 1.5})


def test_internal_funds_and_intensity():
    assert internal_funds(pd.Series([1.0, 2.0]), 0.5) == pytest.approx(1.5)
    ci = capex_intensity(pd.Series({"ORCL": 21.21, "META": 69.69}), pd.Series({"ORCL": 20.82, "META": 115.80}))
    assert ci["ORCL"] > 1 > ci["META"]


@pytest.mark.parametrize(
    "call,match",
    [
        (lambda: financing_gap(0, 1), "capex_total"),
        (lambda: financing_gap(-2, 1), "capex_total"),
        (lambda: financing_gap(2, float("nan")), "internal"),
        (lambda: financing_gap(2, -1), "internal"),
        (lambda: financing_gap(2, 1, pd.Series({"a": -1.0})), "channel_weights"),
        (lambda: financing_gap(2, 1, pd.Series(dtype=float)), "channel_weights"),
        (lambda: internal_funds(pd.Series([1.0, None])), "operating_cash_flow"),
        (lambda: internal_funds(pd.Series([1.0]), 1.5), "payout_share"),
        (lambda: capex_intensity(pd.Series({"a": 1.0}), pd.Series({"b": 1.0})), "share an index"),
        (lambda: capex_intensity(pd.Series({"a": 1.0}), pd.Series({"a": 0.0})), "operating_cash_flow"),
        (lambda: capex_intensity(pd.Series({"a": -1.0}), pd.Series({"a": 1.0})), "capex"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()
