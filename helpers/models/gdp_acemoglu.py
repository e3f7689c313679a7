r"""Published estimates of AI's effect on growth: Acemoglu recomputed, and every estimate on one scale.

* :func:`acemoglu_estimate` recomputes Acemoglu's task-based (Hulten's theorem) estimate of AI's
  TFP and GDP effects from the paper's inputs (``data/ai_growth_acemoglu_inputs.csv``, read into
  keyword arguments by :func:`acemoglu_inputs`);
* :func:`ai_uplift_table` puts the estimates in ``data/ai_growth_estimates.csv`` on one scale:
  percentage points of annual growth of GDP per person, with a low, high and middle value.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validate import InputTypeError, array, frame, number
from .gdp import annualise

__all__ = ["AcemogluEstimate", "ACEMOGLU_INPUTS", "acemoglu_inputs", "acemoglu_estimate", "MEASURES", "ai_uplift_table"]

#: Parameters of :func:`acemoglu_estimate` that the inputs table must hold.
ACEMOGLU_INPUTS = ("exposed_share", "profitable_share", "labor_cost_saving", "labor_share", "easy_share",
                   "hard_labor_cost_saving", "capital_share", "horizon_years")
#: Measures a published estimate may be stated in (column ``measure`` of the estimates table).
MEASURES = ("labour_productivity_growth_pp", "productivity_growth_pp", "tfp_growth_pp", "tfp_level_pct", "gdp_level_pct")


@dataclass(frozen=True)
class AcemogluEstimate:
    """Result of :func:`acemoglu_estimate` (gains as decimals over the horizon).

    Attributes
    ----------
    gdp_share_impacted : float
        Share of GDP in tasks impacted within the horizon (exposed x profitable).
    overall_cost_saving : float
        Average overall (not only labour) cost saving in the easy (or all) impacted tasks.
    tfp_gain, gdp_gain : float
        Cumulative TFP and GDP gains over the horizon.
    tfp_growth_pp, gdp_growth_pp : float
        The same gains as percentage points of annual growth.
    horizon_years : float
        Horizon, years.
    """

    gdp_share_impacted: float
    overall_cost_saving: float
    tfp_gain: float
    gdp_gain: float
    tfp_growth_pp: float
    gdp_growth_pp: float
    horizon_years: float


def acemoglu_inputs(inputs: pd.DataFrame, *, hard_tasks: bool = False) -> dict[str, float]:
    """Keyword arguments of :func:`acemoglu_estimate` from a table of the paper's inputs.

    Parameters
    ----------
    inputs : pandas.DataFrame
        Columns ``parameter`` and ``value``, one row per name in :data:`ACEMOGLU_INPUTS` (as in
        ``data/ai_growth_acemoglu_inputs.csv``).
    hard_tasks : bool
        Include the easy/hard task split (the paper's section 3.3); default the baseline (3.2).

    Returns
    -------
    dict of str to float

    Examples
    --------
    >>> t = pd.DataFrame({"parameter": list(ACEMOGLU_INPUTS), "value": [0.2, 0.23, 0.27, 0.535, 0.726, 0.07, 0.43, 10]})
    >>> sorted(acemoglu_inputs(t))[:3]
    ['capital_share', 'exposed_share', 'horizon_years']
    """
    df = frame("inputs", inputs, ["parameter", "value"], min_rows=len(ACEMOGLU_INPUTS) - 2)
    if not isinstance(hard_tasks, bool):
        raise InputTypeError(f"hard_tasks must be True or False, got {hard_tasks!r}")
    if df["parameter"].duplicated().any():
        raise ValueError(f"inputs has a parameter twice: {df.loc[df['parameter'].duplicated(), 'parameter'].iloc[0]!r}")
    values = dict(zip(df["parameter"], df["value"]))
    need = ACEMOGLU_INPUTS if hard_tasks else tuple(p for p in ACEMOGLU_INPUTS if p not in ("easy_share", "hard_labor_cost_saving"))
    missing = [p for p in need if p not in values]
    if missing:
        raise ValueError(f"inputs lacks the parameter(s) {missing}")
    return {p: number(f"inputs[{p!r}]", values[p]) for p in need}


def acemoglu_estimate(exposed_share: float, profitable_share: float, labor_cost_saving: float, labor_share: float, *,
                      capital_share: float, horizon_years: float, easy_share: float | None = None,
                      hard_labor_cost_saving: float | None = None) -> AcemogluEstimate:
    r"""Acemoglu's Hulten-theorem estimate of AI's TFP and GDP effects.

    Parameters
    ----------
    exposed_share : float
        GDP (wage-bill) share of tasks exposed to AI, in [0, 1]. Paper: 0.20.
    profitable_share : float
        Share of exposed tasks profitably automated within the horizon, in [0, 1]. Paper: 0.23.
    labor_cost_saving : float
        Average labour cost saving in the impacted (easy) tasks, in [0, 1]. Paper: 0.27.
    labor_share : float
        Labour share turning labour into overall cost savings, in (0, 1]. Paper: 0.535.
    capital_share : float
        Capital share for the GDP step, in [0, 1). Paper: 0.43.
    horizon_years : float
        Horizon of the gains, years, in (0, 100]. Paper: 10.
    easy_share, hard_labor_cost_saving : float, optional
        Share of impacted tasks that are easy to learn and the labour saving in the hard ones, both
        in [0, 1] and given together (the paper's section 3.3: 0.726 and 0.07).

    Returns
    -------
    AcemogluEstimate

    Notes
    -----
    Hulten's theorem (the paper's eq. 14): :math:`d\ln TFP = \bar\pi\, s`, with :math:`s` the
    exposed share times the profitable share (0.20 x 0.23 = 4.6% of GDP) and :math:`\bar\pi` the
    labour cost saving times the labour share (0.27 x 0.535 = 0.144). With easy and hard tasks
    (eq. 15): :math:`d\ln TFP = s\,s_L[\mu_E \pi_E + (1-\mu_E)\pi_H]`. GDP, with capital rising in
    proportion (section 3.4): :math:`d\ln Y = d\ln TFP / (1 - s_K)`. The paper publishes TFP 0.66%
    (baseline) and 0.53% (hard tasks), GDP 1.16% and 0.93%. The 0.57 that sometimes appears beside
    these inputs is :math:`1 - s_K`, for the GDP step; the cost-saving step uses 0.535.

    References
    ----------
    Acemoglu, D. (2025), "The simple macroeconomics of AI", Economic Policy 40(121), 13-58
    (online 6 August 2024), https://doi.org/10.1093/epolic/eiae042; NBER Working Paper 32487
    (2024). Hulten, C. R. (1978), "Growth accounting with intermediate inputs", Review of Economic
    Studies 45(3), 511-518.

    Examples
    --------
    >>> e = acemoglu_estimate(0.20, 0.23, 0.27, 0.535, capital_share=0.43, horizon_years=10)
    >>> round(e.gdp_share_impacted, 3), round(e.overall_cost_saving, 3), round(100 * e.tfp_gain, 2)
    (0.046, 0.144, 0.66)
    """
    a = number("exposed_share", exposed_share, low=0.0, high=1.0)
    b = number("profitable_share", profitable_share, low=0.0, high=1.0)
    c = number("labor_cost_saving", labor_cost_saving, low=0.0, high=1.0)
    sl = number("labor_share", labor_share, low=0.0, high=1.0, low_open=True)
    sk = number("capital_share", capital_share, low=0.0, high=1.0, high_open=True)
    h = number("horizon_years", horizon_years, low=0.0, high=100.0, low_open=True)
    if (easy_share is None) != (hard_labor_cost_saving is None):
        raise ValueError(f"easy_share and hard_labor_cost_saving must be given together, got {easy_share!r} and "
                         f"{hard_labor_cost_saving!r}")
    share, pi_easy = a * b, c * sl
    if easy_share is None:
        tfp = share * pi_easy
    else:
        mu = number("easy_share", easy_share, low=0.0, high=1.0)
        hard = number("hard_labor_cost_saving", hard_labor_cost_saving, low=0.0, high=1.0)
        tfp = share * (mu * pi_easy + (1.0 - mu) * hard * sl)
    gdp = tfp / (1.0 - sk)
    return AcemogluEstimate(gdp_share_impacted=share, overall_cost_saving=pi_easy, tfp_gain=tfp, gdp_gain=gdp,
                            tfp_growth_pp=annualise(100 * tfp, h), gdp_growth_pp=annualise(100 * gdp, h), horizon_years=h)


def ai_uplift_table(estimates: pd.DataFrame, *, capital_share: float) -> pd.DataFrame:
    r"""Published AI-growth estimates on one scale: points of annual growth of GDP per person.

    Parameters
    ----------
    estimates : pandas.DataFrame
        Rows like ``data/ai_growth_estimates.csv``: ``estimate_id``, ``measure`` (one of
        :data:`MEASURES`), ``horizon_years`` (positive), ``low``, ``central``, ``high`` (at least one
        given per row, finite); ``estimate_id`` unique.
    capital_share : float
        Capital share turning TFP into GDP effects, in [0, 1) (Acemoglu's 0.43).

    Returns
    -------
    pandas.DataFrame
        The input plus ``uplift_low``, ``uplift_central``, ``uplift_high`` (percentage points a year),
        ``uplift_lo`` and ``uplift_hi`` (the smallest and largest of the three), ``uplift_mid`` (the
        central value, or the middle of the range) and ``conversion`` (how the row was converted).

    Notes
    -----
    * ``*_level_pct`` (cumulative percent over :math:`T` years) is annualised,
      :math:`100[(1+G/100)^{1/T}-1]` (:func:`helpers.models.gdp.annualise`).
    * TFP effects are scaled by :math:`1/(1-s_K)`: capital grows with TFP, as in Acemoglu's benchmark.
    * Labour-productivity effects count one for one, which assumes hours per person do not change;
      unspecified ``productivity_growth_pp`` is treated the same way.
    * Figures about other economies are converted the same way; the ``region`` column says so.

    References
    ----------
    Acemoglu (2025), see :func:`acemoglu_estimate`, section 3.4 for the TFP-to-GDP step.

    Examples
    --------
    >>> df = pd.DataFrame({"estimate_id": ["a", "b"], "measure": ["tfp_level_pct", "labour_productivity_growth_pp"],
    ...                    "horizon_years": [10, 10], "low": [None, 1.0], "central": [0.66, None], "high": [None, 2.0]})
    >>> out = ai_uplift_table(df, capital_share=0.43)
    >>> out["uplift_central"].round(3).tolist(), out["uplift_mid"].round(3).tolist()
    ([0.115, nan], [0.115, 1.5])
    """
    df = frame("estimates", estimates, ["estimate_id", "measure", "horizon_years", "low", "central", "high"],
               key=["estimate_id"]).copy()
    cs = number("capital_share", capital_share, low=0.0, high=1.0, high_open=True)
    k = 1.0 / (1.0 - cs)
    bad = ~df["measure"].isin(MEASURES)
    if bad.any():
        raise ValueError(f"estimates: measure {df.loc[bad, 'measure'].iloc[0]!r} is not one of {list(MEASURES)}")
    h = array("estimates horizon_years", df["horizon_years"].to_numpy(dtype=float), low=0.0, low_open=True)
    vals = {c: array(f"estimates {c}", df[c].to_numpy(dtype=float), allow_nan=True) for c in ("low", "central", "high")}
    empty = np.isnan(vals["low"]) & np.isnan(vals["central"]) & np.isnan(vals["high"])
    if empty.any():
        raise ValueError(f"estimates: estimate {df['estimate_id'].iloc[int(np.flatnonzero(empty)[0])]!r} has no low, central or high value")
    m = df["measure"].astype(str)
    level, tfp = m.str.endswith("_level_pct").to_numpy(), m.str.startswith("tfp").to_numpy()
    for col, v in vals.items():
        if (level & (v <= -100)).any():
            raise ValueError(f"estimates {col}: a level gain must be above -100 percent")
        with np.errstate(invalid="ignore"):
            out = np.where(level, 100.0 * (np.power(1.0 + v / 100.0, 1.0 / h) - 1.0), v)
        df[f"uplift_{col}"] = np.where(tfp, out * k, out)
    ups = df[["uplift_low", "uplift_central", "uplift_high"]]
    df["uplift_lo"], df["uplift_hi"] = ups.min(axis=1), ups.max(axis=1)
    df["uplift_mid"] = df["uplift_central"].fillna((df["uplift_lo"] + df["uplift_hi"]) / 2)
    conv = np.where(level, "annualised over the horizon", "as stated (points a year)").astype(object)
    conv[tfp] = conv[tfp] + f"; TFP x 1/(1-{cs:g})"
    df["conversion"] = conv
    return df
