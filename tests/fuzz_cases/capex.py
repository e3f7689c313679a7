"""Valid calls for the capex group: capex, competition, financing, gauges, gauges_gears, gauges_summary.

Inputs are the frozen datasets the chapters read (loaded once, copied for every call) or small
Series shaped like the chapters' own (string labels for scenario Series, as chapter 6 passes).
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from fuzz_cases import Call
from helpers.data import load

_GAUGE_DATA = ("openai_financials", "dashboard_chatgpt_users", "openai_projections", "hyperscaler_capex",
               "dashboard_cloud_financials", "useful_life_policies", "dashboard_gpu_price_performance",
               "dashboard_gpu_trends")


@lru_cache(maxsize=None)
def _frozen(name: str) -> pd.DataFrame:
    return load(name)


def _data(name: str) -> pd.DataFrame:
    """A fresh copy of a frozen dataset (mutations never leak into the cache)."""
    return _frozen(name).copy()


def _prices() -> pd.DataFrame:
    """One vintage of ``token_prices``, as chapter 14 passes it, with the columns the functions read."""
    p = _data("token_prices")
    p = p[p["vintage"] == p["vintage"].iloc[0]]
    return p[["provider", "model", "country", "input_usd_per_m", "output_usd_per_m", "vintage"]].reset_index(drop=True)


def _channels() -> pd.Series:
    g = _data("financing_gap_ms2025")
    return g[g["role"] == "channel"].set_index("component")["value_usd_tn"]


def _gears() -> pd.DataFrame:
    from helpers.models.gauges_gears import gears_table
    return gears_table(_data("hyperscaler_capex"), _data("dashboard_cloud_financials"))


def _users() -> pd.DataFrame:
    u = _data("dashboard_chatgpt_users")
    return u[u["metric"] == "weekly_active_users"].reset_index(drop=True)


def _thresholds():
    from helpers.models.gauges_gears import capex_thresholds
    return capex_thresholds(0.483, 6.0, 0.10)


CALLS = {
    # capex
    "capex.capital_recovery_factor": Call(lambda: dict(rate=0.10, life=6)),
    "capex.required_revenue": Call(lambda: dict(
        capex=pd.Series({"2025 capex, four firms": 410.0, "2026 plans, first guidance": 650.0}),
        life_years=6.0, margin=0.5, cost_of_capital=0.10)),
    "capex.sequoia_revenue_question": Call(lambda: dict(gpu_spend=150.0)),
    "capex.capex_ratios": Call(lambda: dict(df=_data("hyperscaler_capex"))),
    "capex.guidance_ranges": Call(lambda: dict(df=_data("hyperscaler_capex"), fiscal_year=2026)),
    # competition
    "competition.blended_price": Call(lambda: dict(input_price=1.25, output_price=10.0, output_share=0.25)),
    "competition.price_ratio": Call(lambda: dict(price=3.4375, reference=0.315)),
    "competition.price_table": Call(lambda: dict(prices=_prices(), output_share=0.25)),
    "competition.cheaper_pairs": Call(lambda: dict(prices=_prices(), group_col="country", first="US", second="China")),
    "competition.tokens_needed": Call(lambda: dict(revenue=1.6e11, price_per_million=0.315)),
    "competition.price_cut_effect": Call(lambda: dict(revenue=160.0, old_price=3.4375, new_price=0.315)),
    # financing
    "financing.financing_gap": Call(lambda: dict(capex_total=2.9, internal=1.4, channel_weights=_channels())),
    "financing.internal_funds": Call(lambda: dict(operating_cash_flow=pd.Series([0.5, 0.6, 0.7], index=[2026, 2027, 2028]),
                                                  payout_share=0.25)),
    "financing.capex_to_cash_flow": Call(lambda: dict(capex=pd.Series({"MSFT FY25": 64.55, "ORCL FY25": 21.21}),
                                                      operating_cash_flow=pd.Series({"MSFT FY25": 136.16, "ORCL FY25": 20.82}))),
    # gauges
    "gauges.gauge_status": Call(lambda: dict(value=0.70, warn=0.84, alarm=0.64)),
    "gauges.growth_rate": Call(lambda: dict(dates=_users()["as_of"], values=_users()["value"])),
    "gauges.rate_from_doubling": Call(lambda: dict(years=2.07)),
    "gauges.average_level": Call(lambda: dict(dates=_users()["as_of"], values=_users()["value"],
                                              start="2024-01-01", end="2024-12-31")),
    "gauges.required_user_growth": Call(lambda: dict(revenue_growth=0.84, arpu_growth=0.12)),
    "gauges.weekly_users": Call(lambda: dict(financials=_data("openai_financials"), statements=_data("dashboard_chatgpt_users"))),
    # gauges_gears
    "gauges_gears.capex_to_revenue": Call(lambda: dict(capex=64.55, revenue=281.7)),
    "gauges_gears.capex_thresholds": Call(lambda: dict(ocf_margin=0.483, life_years=6.0, rate=0.10)),
    "gauges_gears.gears_table": Call(
        lambda: dict(capex_frame=_data("hyperscaler_capex"), cloud_frame=_data("dashboard_cloud_financials")),
        skip={("capex_frame", "empty"): "an empty capex_frame is valid: cloud_frame alone gives every period it "
                                        "reports (the function deliberately accepts zero rows, min_rows=0)"}),
    "gauges_gears.trend_per_year": Call(lambda: dict(dates=["2024-06-30", "2025-06-30", "2026-06-30"],
                                                     values=[0.18, 0.23, 0.35])),
    # gauges_summary
    "gauges_summary.gauge_readings": Call(lambda: dict(zip(
        ("financials", "statements", "projections", "capex", "cloud", "lives", "price_performance", "gpu_trends"),
        (_data(n) for n in _GAUGE_DATA)))),
    "gauges_gears.gears_reading": Call(lambda: dict(gears=_gears(), company="Microsoft", thresholds=_thresholds())),
}
