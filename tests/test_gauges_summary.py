"""The landing page's gauge readings agree with the chapter's functions and thresholds."""
from __future__ import annotations

import pandas as pd
import pytest

from helpers.data import load
from helpers.models.gauges_gears import capex_thresholds, gears_reading, gears_table
from helpers.models.gauges_summary import gauge_readings

NAMES = ("openai_financials", "dashboard_chatgpt_users", "openai_projections", "hyperscaler_capex",
         "dashboard_cloud_financials", "useful_life_policies", "dashboard_gpu_price_performance", "dashboard_gpu_trends")


def test_one_reading_per_gauge_with_a_status_and_a_date():
    g = gauge_readings(*(load(n) for n in NAMES))
    assert list(g["gauge"]) == ["Engine", "Gears: Microsoft", "Gears: Oracle", "Fuel"]
    assert set(g["status"]) <= {"ok", "warn", "alarm"}
    assert g["as_of"].notna().all()


def test_oracle_gears_status_is_the_chapters_reading():
    capex, cloud = load("hyperscaler_capex"), load("dashboard_cloud_financials")
    gears = gears_table(capex, cloud)
    fy = gears[(gears.span == "year") & (gears.basis == "cash capex")].sort_values("period_end").groupby("company").last()
    life = load("useful_life_policies").sort_values("effective").groupby("company").life_after_years.last()
    th = capex_thresholds(fy.loc["Oracle", "operating_cash_flow"] / fy.loc["Oracle", "revenue"], float(life["Oracle"]), 0.10)
    direct = gears_reading(gears, "Oracle", th).status
    g = gauge_readings(*(load(n) for n in NAMES)).set_index("gauge")
    assert g.loc["Gears: Oracle", "status"] == direct


def test_bad_input_names_the_parameter():
    frames = [load(n) for n in NAMES]
    with pytest.raises(ValueError, match="rate"):
        gauge_readings(*frames, rate=float("nan"))
    with pytest.raises(ValueError, match="capex"):
        gauge_readings(*frames[:3], pd.Series([1.0]), *frames[4:])
