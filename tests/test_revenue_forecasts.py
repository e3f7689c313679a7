"""The forecast ledger's book-model rows for chapter 3 equal what the model computes today."""
from __future__ import annotations

import pytest

from helpers.data import load_dataset
from helpers.models.revenue_montecarlo import monte_carlo


@pytest.fixture(scope="module")
def prob():
    # the chapter's own run: 200,000 paths, 10 years from 2025, seed 2025, default ranges
    return monte_carlo(n_paths=200_000, years=10, seed=2025).prob_positive_by_year


@pytest.mark.parametrize("year", [2028, 2030, 2032])
def test_book_cash_positive_probabilities_match_the_model(prob, year):
    ds = load_dataset("forecasts_ch03")
    row = ds.row(forecast_id=f"F03-book-cash-positive-{year}")
    assert row["high"] == year and row["origin"] == "book"
    assert row["probability"] == pytest.approx(prob.loc[year], abs=5e-5)
