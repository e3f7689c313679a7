"""The forecast ledger rows of chapters 12, 13 and 18 that the book computes: recomputed here from the model and the
data, so a changed model, dataset or typed number fails."""
from __future__ import annotations

import pytest

from helpers.data import load, load_dataset
from helpers.models.gdp import annualise
from helpers.models.gdp_series import annual_average
from helpers.models.gdp_trend import uc_trend


@pytest.fixture(scope="module")
def fc():
    # Our own parts only, so another chapter's part being edited cannot break these checks.
    import pandas as pd

    return pd.concat([load(f"forecasts_ch{n}") for n in (12, 13, 18)]).set_index("forecast_id")


@pytest.fixture(scope="module")
def annual():
    return annual_average(load("us_gdp_per_capita_quarterly").set_index("date")["real_gdp_per_capita"])


def test_book_uc_forecast_is_the_model_output(fc, annual):
    uc = uc_trend(annual)
    row = fc.loc["F13-book-uc-trend"]
    assert row["point"] == pytest.approx(100 * uc.latest_growth, abs=0.005)
    assert row["low"] == pytest.approx(100 * uc.latest_ci[0], abs=0.005)
    assert row["high"] == pytest.approx(100 * uc.latest_ci[1], abs=0.005)
    assert row["interval_level"] == 0.95 and row["origin"] == "book"
    # The claim text quotes the same numbers, rounded to one decimal.
    for v in (uc.latest_growth, *uc.latest_ci):
        assert f"{100 * v:.1f}%" in row["claim"]
    assert str(annual.index[-1]) in row["claim"]


def test_cbo_outcome_is_computed_from_the_bea_series(fc, annual):
    row = fc.loc["F13-cbo-2020-per-person"]
    got = annualise(100 * (annual.loc[2024] / annual.loc[2019] - 1), 2024 - 2019)
    assert row["outcome"] == pytest.approx(got, abs=0.005)
    assert f"{got:.2f}%" in row["outcome_note"]


def test_a2_nasdaq_outcome_is_computed_from_month_end_closes(fc):
    m = load("nasdaq_composite_monthly").set_index("month")["close"]
    start = m.loc["2026-01-31"]
    fall = 100 * (m.loc["2026-02-01":].min() / start - 1)
    row = fc.loc["F18-a2-correction-not-burst"]
    assert row["outcome"] == pytest.approx(fall, abs=0.05)
    assert str(m.index[-1].date()) == row["outcome_as_of"]
    assert f"{-fall:.1f}%" in row["outcome_note"]


def test_productivity_outcomes_match_the_evidence_dataset(fc):
    ev = load_dataset("jcurve_evidence")
    assert fc.loc["F12-atkinson-2025-2pct", "outcome"] == ev.value("figure", study="bls_productivity_2025",
                                                                     measure="labour_productivity_growth_annual")
    cycle = ev.value("figure", study="bls_productivity_2024", measure="labour_productivity_growth_cycle")
    assert fc.loc["F12-brynjolfsson-bet-1-8", "outcome"] == cycle == fc.loc["F12-gordon-1-8", "outcome"]
