"""Valid calls of the data-stock, diffusion, exposure, network and contagion models (chapters 2, 5, 8, 10, 11)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from fuzz_cases import Call
from helpers.data import load
from helpers.models.network import build_graph


def _deals():
    return load("ai_deals")


def _roles():
    return load("ai_firm_roles").set_index("firm")["role"]


def _shares():
    return pd.Series({"Insurers": 0.25, "Pension funds": 0.1, "Bond funds": 0.3})


def _assets():
    return pd.Series({"Insurers": 9000.0, "Pension funds": 6000.0, "Bond funds": 7000.0})


def _stress(**extra):
    return lambda: dict(total_debt=1500.0, shares=_shares(), assets=_assets(), **extra)


def _adoption():
    t = np.arange(1990.0, 2004.0)
    y = 0.9 * (1 - np.exp(-0.42 * (t - 1985.0))) / (1 + 20.0 * np.exp(-0.42 * (t - 1985.0)))
    return t, y


def _exposures():  # NaN = not disclosed; a firm_backlog is given for each firm so the base result is NaN-free
    return pd.DataFrame({"backlog_from_engine": [300.0, np.nan, 22.4], "firm_backlog": [523.0, 60.0, 55.6],
                         "equity_in_engine": [0.0, 30.0, 0.35]}, index=pd.Index(["Oracle", "NVIDIA", "CoreWeave"], name="firm"))


# assets is a lookup by sector: sectors of assets that shares does not list are ignored by design (documented;
# shares may list fewer sectors, the rest of the debt being held by sectors outside the model)
_FEWER = {("shares", "misaligned"): "assets may cover more sectors than shares; the extra ones are ignored by design"}

_SIM = dict(stock_median=3e14, stock_low=1e14, stock_high=1e15, dataset=4.7e12, growth_low=1.5, growth_high=2.5,
            year0=2024.3, n=200, seed=1)

CALLS = {
    # --- datastock ---------------------------------------------------------------------------
    "datastock.exhaustion_year": Call(lambda: dict(stock=3e14, dataset=1.5e13, growth=2.0, year0=2024.3)),
    "datastock.lognormal_from_interval": Call(lambda: dict(median=3e14, low=1e14, high=1e15)),
    "datastock.simulate_exhaustion": Call(lambda: dict(_SIM), skip={
        ("seed", "huge"): "any non-negative int is a valid seed"}),
    "datastock.trajectory": Call(lambda: dict(years=np.arange(2024.0, 2031.0), stock=3e14, dataset=1.5e13, growth=2.0,
                                              year0=2024.3)),
    # --- diffusion ---------------------------------------------------------------------------
    "diffusion.bass_cdf": Call(lambda: dict(t=np.arange(0.0, 10.0), p=0.03, q=0.38)),
    "diffusion.bass_pdf": Call(lambda: dict(t=np.arange(0.0, 10.0), p=0.03, q=0.38)),
    "diffusion.time_to_share": Call(lambda: dict(share=np.array([0.1, 0.5]), p=0.03, q=0.38), skip={
        ("m", "absurd"): "inf is the documented answer where share >= m (the market potential is never reached)"}),
    "diffusion.peak_time": Call(lambda: dict(p=0.03, q=0.38)),
    "diffusion.fit_bass": Call(lambda: dict(zip(("t", "y"), _adoption()), t0=1985.0)),
    "diffusion.first_crossing": Call(lambda: dict(t=np.array([1984.0, 1985.0, 1986.0]), y=np.array([8.2, 10.0, 12.0]),
                                                  level=10.0), skip={
        ("level", "absurd"): "NaN is the documented answer when the series never reaches the level"}),
    "diffusion.fit_many": Call(lambda: dict(data=pd.DataFrame({"series": "x", "t": _adoption()[0], "y": _adoption()[1]}),
                                            launch={"x": 1985.0}, levels=[0.1, 0.5])),  # a list: the harness cannot mutate a tuple
    # --- exposure ----------------------------------------------------------------------------
    "exposure.allocate_debt": Call(lambda: dict(total_debt=1000.0, shares=_shares())),
    "exposure.default_losses": Call(lambda: dict(holdings=pd.Series({"Insurers": 250.0, "Pension funds": 100.0}),
                                                 default_rate=0.2, recovery_rate=0.4)),
    "exposure.holder_stress": Call(_stress(default_rate=0.2, recovery_rate=0.4), skip=_FEWER),
    "exposure.holder_stress_grid": Call(_stress(default_rates=[0.1, 0.2], recovery_rates=[0.4]), skip=_FEWER),
    "exposure.default_rate_for_loss": Call(_stress(loss_pct=1.0, recovery_rates=[0.0, 0.4]), skip={
        **_FEWER, **{(k, "absurd"): "NaN is the documented default_rate where even a default of all the debt would not "
                                    "reach the loss (column reachable is False)" for k in ("loss_pct", "total_debt")}}),
    "exposure.model_shares": Call(lambda: dict(shares=load("bond_holders_shares"))),
    "exposure.model_assets": Call(lambda: dict(assets=load("bond_holders_sector_assets"))),
    # --- network -----------------------------------------------------------------------------
    "network.build_graph": Call(lambda: dict(deals=_deals(), roles=_roles())),
    # sized deals only: a loop with an unsized link has a NaN bottleneck by design ("unknown"), which the
    # absurd-value test would read as a numeric failure
    "network.money_cycles": Call(lambda: dict(graph=build_graph(_deals().dropna(subset=["amount_usd_bn"])), max_length=4),
                                 skip={("max_length", "huge"): "any length >= 2 is valid; one beyond the number of firms "
                                                              "means no bound, like None, and costs nothing extra"}),
    "network.round_trip_share": Call(lambda: dict(invested_usd_bn=30.0, spent_back_usd_bn=100.0, supplier_base_usd_bn=500.0,
                                                  customer_funding_usd_bn=150.0)),
    "network.totals_by_status": Call(lambda: dict(deals=_deals())),
    "network.split_binding": Call(lambda: dict(deals=_deals())),
    # --- network_contagion -------------------------------------------------------------------
    "network_contagion.engine_exposures": Call(lambda: dict(holdings=load("ai_cross_holdings"),
                                                            firms=["Oracle", "CoreWeave", "Microsoft", "NVIDIA"])),
    "network_contagion.engine_failure": Call(lambda: dict(exposures=_exposures(), cancel_share=0.5, equity_writedown=0.5), skip={
        ("exposures", "nan:firm_backlog"): "NaN = backlog not disclosed (as in the chapter's data): documented to leave "
                                            "lost_backlog_share NaN, unknown rather than zero"}),
    "network_contagion.vendor_financing_ratios": Call(lambda: dict(
        values=load("vendor_financing_compare").set_index("row_id")["value"], cases=load("vendor_financing_cases"))),
}
