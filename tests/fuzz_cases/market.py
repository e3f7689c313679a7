"""Valid calls of the market models: backtest, bubble, flows, forecasts, power.

Small synthetic inputs shaped like what the chapters pass (monthly returns and prices indexed by
month-end dates, a long fund-flow history, a forecast ledger, the EIA state price table).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import Call

_NAN_BY_DESIGN = "the result holds NaN by design for some valid values (see the function's Returns)"


def _months(n: int, start: str = "2000-01-31") -> pd.DatetimeIndex:
    return pd.date_range(start, periods=n, freq="ME")


def _returns(n: int = 12) -> pd.Series:
    """Monthly returns with a fall and a full recovery (even without the first month)."""
    base = [0.02, 0.03, -0.10, -0.05, 0.04, 0.06, 0.05, 0.03, 0.01, -0.02, 0.04, 0.02]
    return pd.Series((base * (n // 12 + 1))[:n], index=_months(n))


def _prices(n: int = 24) -> pd.Series:
    return 100.0 * (1.0 + _returns(n)).cumprod()


def _returns_frame() -> pd.DataFrame:
    """Three assets whose every drawdown recovers within the year (months_to_recover is NaN otherwise)."""
    r = _returns(12)
    return pd.DataFrame({"stock": r.to_numpy(), "bond": np.tile([0.004, -0.006, 0.008, 0.002], 3),
                         "gold": np.tile([0.01, -0.01, 0.02], 4)}, index=r.index)


def _runup_prices() -> pd.Series:
    """Monthly prices rising 3% a month for eleven years: a flagged run-up."""
    return pd.Series(100.0 * 1.03 ** np.arange(132), index=_months(132, "1995-01-31"))


def _crash_odds() -> pd.Series:
    return pd.Series([0.4, 0.5, 0.8], index=[0.5, 1.0, 1.5])


def _flow_history() -> pd.DataFrame:
    weeks = pd.to_datetime(["2025-01-08", "2025-02-05", "2025-03-05", "2025-04-02"])
    return pd.DataFrame({"week_end": np.repeat(weeks, 2), "category": ["bond", "money_market"] * 4,
                         "flow_usd_bn": [4.1, 20.3, 5.2, -12.0, 3.3, 35.6, 6.0, 8.8]})


def _forecast_ledger() -> pd.DataFrame:
    return pd.DataFrame({
        "forecast_id": [f"f{i}" for i in range(1, 8)],
        "status": ["hit", "missed", "hit", "hit", "missed", "pending", "on_track"],
        "probability": [0.7, 0.6, 0.8, np.nan, 0.3, 0.5, np.nan],
        "interval_level": [0.8, 0.8, np.nan, 0.9, 0.9, 0.8, np.nan],
    })


def _state_prices() -> pd.DataFrame:
    states = ["AZ", "GA", "OH", "TX", "VA", "WA"]
    res = {"AZ": (12.3, 14.1), "GA": (12.0, 14.2), "OH": (12.4, 15.5), "TX": (11.8, 14.5), "VA": (12.1, 14.0), "WA": (9.9, 11.0)}
    rows = [(s, y, sec, p * (0.8 if sec == "commercial" else 1.0))
            for sec in ("residential", "commercial") for s in states for y, p in zip((2019, 2023), res[s])]
    return pd.DataFrame(rows, columns=["state", "year", "sector", "price"])


def _regression_data() -> pd.DataFrame:
    return pd.DataFrame({"share_pct": [2.1, 3.0, 4.5, 5.2, 25.6, 7.1, 1.2, 11.0],
                         "change_pct": [14.0, 18.3, 25.0, 22.9, 15.7, 30.1, 11.1, 19.5]},
                        index=pd.Index(["AZ", "GA", "OH", "TX", "VA", "OR", "WA", "IA"], name="state"))


CALLS = {
    # backtest
    "backtest.stock_total_returns": Call(lambda: dict(price=_prices(12), dividend=pd.Series(2.0, index=_months(12)))),
    "backtest.bond_returns_from_yields": Call(lambda: dict(yield_pct=pd.Series(np.linspace(4.0, 5.0, 12), index=_months(12)))),
    "backtest.price_returns": Call(lambda: dict(price=_prices(12))),
    "backtest.lump_sum_vs_dca": Call(lambda: dict(returns=_returns(24), horizon=12, dca_months=3)),
    "backtest.portfolio_returns": Call(lambda: dict(returns=_returns_frame(), weights={"stock": 0.6, "bond": 0.3, "gold": 0.1})),
    "backtest.mix_weights": Call(lambda: dict(stock=0.6, gold=0.1)),
    "backtest.wealth_path": Call(lambda: dict(returns=_returns(12))),
    "backtest.money_weighted_return": Call(lambda: dict(returns=_returns(24))),
    "backtest.metrics": Call(lambda: dict(returns=_returns(12))),
    "backtest.metrics_table": Call(lambda: dict(returns=_returns_frame())),
    # bubble
    "bubble.drawdown": Call(lambda: dict(prices=_prices())),
    "bubble.max_drawdown_episode": Call(lambda: dict(prices=_prices())),
    "bubble.trailing_return": Call(
        lambda: dict(prices=_prices(), years=1),
        skip={("years", "absurd"): _NAN_BY_DESIGN + ": the first k dates have no trailing window",
              ("periods_per_year", "absurd"): _NAN_BY_DESIGN + ": the first k dates have no trailing window"}),
    "bubble.crash_odds_at": Call(
        lambda: dict(return_2y=1.2, crash_odds=_crash_odds()),
        skip={("return_2y", "absurd"): _NAN_BY_DESIGN + ": a run-up below every threshold has no reported odds"}),
    "bubble.gsy_runup_test": Call(
        lambda: dict(prices=_runup_prices(), date="2005-06-30", screen_2y=1.0, screen_5y=0.5, crash_odds=_crash_odds()),
        skip={("periods_per_year", "absurd"): _NAN_BY_DESIGN + ": read at another frequency the two-year run-up "
                                                               "may fall below every threshold, which has no reported odds"}),
    "bubble.episode_path": Call(lambda: dict(prices=_prices(), start="2000-03-31", end="2001-06-30")),
    # flows
    "flows.standing": Call(lambda: dict(history=pd.Series([4.1, 5.2, 3.3, 6.0], index=_months(4, "2025-01-31")), value=7.5)),
    "flows.standings": Call(lambda: dict(history=_flow_history(), week=pd.Series({"bond": 5.0, "money_market": 40.1}))),
    "flows.destination_shares": Call(lambda: dict(flows=pd.Series({"us_equity": 10.2, "bond": 5.1, "money_market": 40.1,
                                                                   "tech_sector": -3.2}))),
    "flows.flow_to_assets": Call(lambda: dict(change_usd_bn=pd.Series([85.02, -20.5], index=pd.to_datetime(["2026-02-04", "2026-02-11"])),
                                              assets_end_usd_tn=pd.Series([7.797, 7.78], index=pd.to_datetime(["2026-02-04", "2026-02-11"])))),
    # forecasts
    "forecasts.brier_score": Call(lambda: dict(probability=[0.9, 0.2, 0.6], happened=[True, False, True])),
    "forecasts.score_forecasts": Call(lambda: dict(frame=_forecast_ledger())),
    # power
    "power.real_change_pct": Call(lambda: dict(p0=pd.Series([12.0, 9.9], index=["AZ", "WA"]),
                                               p1=pd.Series([14.1, 11.0], index=["AZ", "WA"]), cpi0=255.7, cpi1=304.7)),
    "power.price_change": Call(lambda: dict(prices=_state_prices(), start=2019, end=2023,
                                            cpi=pd.Series({2019: 255.657, 2023: 304.702}))),
    "power.cross_state_regression": Call(lambda: dict(data=_regression_data(), x="share_pct", y="change_pct")),
    "power.leave_one_out": Call(lambda: dict(data=_regression_data(), x="share_pct", y="change_pct")),
    "power.capacity_cost": Call(lambda: dict(cleared_mw=134_479.0, price_per_mw_day=333.44)),
}
