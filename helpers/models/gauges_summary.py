"""The dashboard's headline readings in one call: each gauge's status and the date of its data.

Chapter 17 reads A1's three gauges in detail; the landing page shows only the headline reading of
each. This module computes those readings with the same functions and thresholds as the chapter
(:mod:`helpers.models.gauges`, :mod:`helpers.models.gauges_gears`), so the two cannot disagree:

* **engine**: growth of ChatGPT's weekly users over the latest twelve months, against the growth
  OpenAI's revenue plan needs (warn below the plan's next-year revenue growth, alarm below the
  user growth its 2030 plan needs at the last year's revenue per user);
* **gears**: cash capex per dollar of revenue of Microsoft and Oracle in their latest fiscal year,
  against the payback lines of chapter 17 (:func:`~helpers.models.gauges_gears.capex_thresholds`);
* **fuel**: the doubling time of FLOP/s per dollar of NVIDIA's flagship GPUs, against Epoch AI's
  doubling time for GPUs used in machine-learning research (warn) and its upper confidence bound
  (alarm).
"""
from __future__ import annotations

import pandas as pd

from .._validate import array, number
from .gauges import _table, average_level, gauge_status, growth_rate, required_user_growth, weekly_users
from .gauges_gears import _gears_inputs, capex_thresholds, gears_reading, gears_table

__all__ = ["gauge_readings"]


def _check_inputs(projections, capex, cloud, lives, price_performance, gpu_trends) -> None:
    """The tables :func:`gauge_readings` reads besides ``financials`` and ``statements`` (checked by weekly_users)."""
    _table("projections", projections, ["vintage", "projector", "metric"], required=["year", "value"],
           key=["vintage", "projector", "metric", "year"])
    _gears_inputs(capex, cloud, names=("capex", "cloud"))
    _table("lives", lives, ["company", "effective", "asset_class"], required=["life_after_years"],
           key=["company", "effective", "asset_class"])
    _table("price_performance", price_performance, ["hardware", "manufacturer", "release_date"],
           required=["release_price_usd", "tensor_fp16_tflops"], key=["hardware"])
    _table("gpu_trends", gpu_trends, ["sample"], required=["doubling_years", "ci_high_years"], key=["sample"])
    for name, df, col in (("lives", lives, "life_after_years"), ("price_performance", price_performance, "release_price_usd"),
                          ("price_performance", price_performance, "tensor_fp16_tflops"),
                          ("gpu_trends", gpu_trends, "doubling_years"), ("gpu_trends", gpu_trends, "ci_high_years")):
        array(f"{name} column {col!r}", df[col].to_numpy(dtype=float), low=0.0, low_open=True)
    plan = projections[(projections["projector"] == "OpenAI") & (projections["metric"] == "revenue")]
    needs = [("projections", not {2026, 2030} <= set(plan["year"]), "OpenAI revenue projections for 2026 and 2030"),
             ("lives", not {"Microsoft", "Oracle"} <= set(lives["company"]), "server lives of Microsoft and Oracle"),
             ("price_performance", (price_performance["manufacturer"] == "NVIDIA").sum() < 2, "two NVIDIA GPUs"),
             ("gpu_trends", "GPUs used in ML research" not in set(gpu_trends["sample"]), "the sample 'GPUs used in ML research'")]
    for name, missing, what in needs:
        if missing:
            raise ValueError(f"{name} lacks {what}")


def gauge_readings(financials: pd.DataFrame, statements: pd.DataFrame, projections: pd.DataFrame,
                   capex: pd.DataFrame, cloud: pd.DataFrame, lives: pd.DataFrame, price_performance: pd.DataFrame,
                   gpu_trends: pd.DataFrame, *, audited_on: str = "2026-06-16", rate: float = 0.10) -> pd.DataFrame:
    """The headline reading of each gauge: gauge, measure, reading, status, date of the data.

    Parameters
    ----------
    financials, statements, projections : DataFrame
        The ``openai_financials``, ``dashboard_chatgpt_users`` and ``openai_projections`` tables.
    capex, cloud, lives : DataFrame
        The ``hyperscaler_capex``, ``dashboard_cloud_financials`` and ``useful_life_policies`` tables.
    price_performance, gpu_trends : DataFrame
        The ``dashboard_gpu_price_performance`` and ``dashboard_gpu_trends`` tables.
    audited_on : str
        Report date of the audited revenue figures used for revenue per user (YYYY-MM-DD).
    rate : float
        Required return behind the gears' payback lines (a fraction; chapter 6's 10%).

    Returns
    -------
    DataFrame
        One row per gauge reading, with ``status`` one of ``ok``, ``warn``, ``alarm``.
    """
    _check_inputs(projections, capex, cloud, lives, price_performance, gpu_trends)
    if not isinstance(audited_on, str):
        raise ValueError(f"audited_on must be a date string YYYY-MM-DD, got {audited_on!r}")
    number("rate", rate, low=0.0, high=1.0)
    rows = []
    # Engine
    wau = weekly_users(financials, statements)
    latest = wau.iloc[-1]
    window = wau[wau.as_of >= latest.as_of - pd.DateOffset(months=12, days=15)]
    fit12 = growth_rate(window.as_of, window.value)
    rev = financials[(financials.metric == "revenue") & (financials.reported_on == audited_on)].set_index("period")["value"]
    if not {"2024", "2025"} <= set(rev.index):
        raise ValueError(f"financials lacks audited 2024 and 2025 revenue reported on audited_on={audited_on!r}")
    plan = projections[(projections.projector == "OpenAI") & (projections.metric == "revenue")]
    row26 = plan[plan.year == 2026].sort_values("vintage").iloc[-1]
    row30 = plan[plan.year == 2030].sort_values("vintage").iloc[-1]
    g_next, g_long = row26.value / rev["2025"] - 1, (row30.value / rev["2025"]) ** (1 / 5) - 1
    users = {y: average_level(wau.as_of, wau.value, f"{y}-01-01", f"{y}-12-31") for y in (2024, 2025)}
    g_arpu = (rev["2025"] / users[2025]) / (rev["2024"] / users[2024]) - 1
    rows.append(("Engine", "ChatGPT weekly users, growth over 12 months", f"{fit12.rate:.0%} a year",
                 gauge_status(fit12.rate, warn=g_next, alarm=required_user_growth(g_long, g_arpu)), latest.as_of))
    # Gears
    gears = gears_table(capex, cloud)
    life = lives.sort_values("effective").groupby("company").life_after_years.last()
    fy = gears[(gears.span == "year") & (gears.basis == "cash capex")].sort_values("period_end").groupby("company").last()
    for c in ("Microsoft", "Oracle"):
        th = capex_thresholds(fy.loc[c, "operating_cash_flow"] / fy.loc[c, "revenue"], float(life[c]), rate)
        r = gears_reading(gears, c, th)
        rows.append((f"Gears: {c}", "Cash capex per dollar of revenue", f"{r.ratio:.0%} in fiscal {r.period[2:]}",
                     r.status, pd.Timestamp(fy.loc[c, "period_end"])))
    # Fuel
    pp = price_performance.assign(flops_per_usd=lambda d: d.tensor_fp16_tflops * 1e12 / d.release_price_usd)
    nv = pp[pp.manufacturer == "NVIDIA"].sort_values("release_date")
    fit = growth_rate(nv.release_date, nv.flops_per_usd)
    ml = gpu_trends.set_index("sample").loc["GPUs used in ML research"]
    rows.append(("Fuel", "FLOP/s per dollar, NVIDIA flagships: doubling time", f"{fit.doubling_years:.1f} years",
                 gauge_status(fit.doubling_years, warn=float(ml.doubling_years), alarm=float(ml.ci_high_years), higher_is_better=False),
                 pd.Timestamp(nv.release_date.iloc[-1])))
    return pd.DataFrame(rows, columns=["gauge", "measure", "reading", "status", "as_of"])
