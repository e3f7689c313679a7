"""Tests of helpers.models.gdp_acemoglu: Acemoglu's published outputs recomputed from his inputs (the outputs are
not fitted to: they come from the paper's sections 3.2-3.4), the one-scale table of published estimates, bad input."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.data import load, load_dataset
from helpers.models.gdp_acemoglu import ACEMOGLU_INPUTS, acemoglu_estimate, acemoglu_inputs, ai_uplift_table

SETTINGS = settings(max_examples=60, deadline=None)


@pytest.fixture(scope="module")
def inputs():
    return load("ai_growth_acemoglu_inputs")


@pytest.fixture(scope="module")
def estimates():
    return load_dataset("ai_growth_estimates")


def test_baseline_reproduces_the_papers_section_3(inputs):
    e = acemoglu_estimate(**acemoglu_inputs(inputs))
    # Section 3.1: 0.23 x 0.20 = 4.6% of GDP; 0.27 x 0.535 = 0.144 (Acemoglu 2024, revised May 2024).
    assert round(e.gdp_share_impacted, 3) == 0.046
    assert round(e.overall_cost_saving, 3) == 0.144
    # Section 3.2: TFP +0.66% over ten years; section 3.4: GDP +1.16% (the paper rounds 1/0.57 to 1.75).
    assert round(100 * e.tfp_gain, 2) == 0.66
    assert abs(100 * e.gdp_gain - 1.16) < 0.01
    # "annual TFP growth will be higher by around 0.064%": ours 0.066 by compounding.
    assert abs(e.tfp_growth_pp - 0.064) < 0.003


def test_hard_tasks_and_robustness_reproduce_the_paper(inputs):
    hard = acemoglu_estimate(**acemoglu_inputs(inputs, hard_tasks=True))
    assert round(100 * hard.tfp_gain, 2) == 0.53                 # section 3.3
    assert abs(100 * hard.gdp_gain - 0.93) < 0.01                # section 3.4 (the introduction says 0.90)
    base = acemoglu_inputs(inputs)
    # Robustness with Peng et al.: labour savings 36% -> overall 0.193 -> TFP 0.89% (section 3.2).
    peng = acemoglu_estimate(**{**base, "labor_cost_saving": 0.36})
    assert round(peng.overall_cost_saving, 3) == 0.193 and round(100 * peng.tfp_gain, 2) == 0.89
    # Faster cost declines: 30% feasibly automated -> about 6% of GDP, TFP about 0.9%.
    fast = acemoglu_estimate(**{**base, "profitable_share": 0.30})
    assert round(fast.gdp_share_impacted, 2) == 0.06 and abs(100 * fast.tfp_gain - 0.9) < 0.05


def test_recomputed_outputs_match_the_stored_published_rows(inputs, estimates):
    base = acemoglu_estimate(**acemoglu_inputs(inputs))
    hard = acemoglu_estimate(**acemoglu_inputs(inputs, hard_tasks=True))
    assert round(100 * base.tfp_gain, 2) == estimates.value("central", estimate_id="acemoglu2024_tfp")
    assert round(100 * hard.tfp_gain, 2) == estimates.value("central", estimate_id="acemoglu2024_tfp_hard")
    assert abs(100 * base.gdp_gain - estimates.value("high", estimate_id="acemoglu2024_gdp")) < 0.01
    assert abs(100 * hard.gdp_gain - estimates.value("low", estimate_id="acemoglu2024_gdp")) < 0.01


def test_the_057_labour_share_is_the_april_version(inputs):
    # 0.57 (one minus the capital share) in the cost-saving step gives 0.71%, the paper's April 2024 figure.
    wrong = acemoglu_estimate(**{**acemoglu_inputs(inputs), "labor_share": 0.57})
    assert round(100 * wrong.tfp_gain, 2) == 0.71


@SETTINGS
@given(a=st.floats(0.01, 1), b=st.floats(0.01, 1), c=st.floats(0.01, 1), d=st.floats(0.05, 1), k=st.floats(0, 0.9))
def test_estimate_is_multiplicative_and_hard_tasks_only_lower_it(a, b, c, d, k):
    e = acemoglu_estimate(a, b, c, d, capital_share=k, horizon_years=10)
    assert math.isclose(e.tfp_gain, a * b * c * d, rel_tol=1e-12)
    assert math.isclose(e.gdp_gain, e.tfp_gain / (1 - k), rel_tol=1e-12)
    lower = acemoglu_estimate(a, b, c, d, capital_share=k, horizon_years=10, easy_share=0.5, hard_labor_cost_saving=c / 4)
    assert lower.tfp_gain <= e.tfp_gain + 1e-15


# --------------------------------------------------------------------------- one scale
def test_uplift_table_on_the_stored_estimates(inputs, estimates):
    k = acemoglu_inputs(inputs)["capital_share"]
    up = ai_uplift_table(estimates.frame, capital_share=k).set_index("estimate_id")
    assert up.loc["goldman2023_us_productivity", "uplift_central"] == 1.5                          # one for one
    assert math.isclose(up.loc["aghion_bunel2024_task", "uplift_central"], 0.68 / 0.57, rel_tol=1e-9)  # TFP / (1 - 0.43)
    assert abs(up.loc["pwbm2025_2035", "uplift_central"] - 0.149) < 0.001                           # 1.5% over 10 years
    # Acemoglu: 0.66% TFP over ten years is about 0.115 point of GDP growth a year: 2.0% -> about 2.1%.
    assert abs(up.loc["acemoglu2024_tfp", "uplift_central"] - 0.115) < 0.002
    assert (up["uplift_lo"] <= up["uplift_mid"] + 1e-12).all() and (up["uplift_mid"] <= up["uplift_hi"] + 1e-12).all()
    # Every row carries a reader-facing label (the chart uses it; no label map in the notebook).
    assert up["label"].str.len().gt(0).all() and not up["label"].str.contains("_").any()


@SETTINGS
@given(lo=st.floats(0, 2), width=st.floats(0, 2), h=st.floats(1, 50), tfp=st.booleans())
def test_uplift_mid_is_the_middle_of_a_range(lo, width, h, tfp):
    df = pd.DataFrame({"estimate_id": ["x"], "measure": ["tfp_growth_pp" if tfp else "labour_productivity_growth_pp"],
                       "horizon_years": [h], "low": [lo], "central": [np.nan], "high": [lo + width]})
    row = ai_uplift_table(df, capital_share=0.43).iloc[0]
    scale = 1 / 0.57 if tfp else 1.0
    assert row["uplift_mid"] == pytest.approx(scale * (lo + width / 2))


# --------------------------------------------------------------------------- bad input
def test_bad_inputs_name_the_parameter(inputs, estimates):
    base = acemoglu_inputs(inputs)
    cases = [
        (lambda: acemoglu_estimate(**{**base, "exposed_share": 1.2}), "exposed_share"),
        (lambda: acemoglu_estimate(**{**base, "labor_share": 0}), "labor_share"),
        (lambda: acemoglu_estimate(**{**base, "capital_share": 1.0}), "capital_share"),
        (lambda: acemoglu_estimate(**{**base, "horizon_years": 0}), "horizon_years"),
        (lambda: acemoglu_estimate(**base, easy_share=0.7), "given together"),
        (lambda: acemoglu_estimate(**base, easy_share=-0.1, hard_labor_cost_saving=0.07), "easy_share"),
        (lambda: acemoglu_inputs(inputs.iloc[:3], hard_tasks=True), "inputs"),
        (lambda: acemoglu_inputs(pd.concat([inputs, inputs])), "twice"),
        (lambda: ai_uplift_table(estimates.frame.assign(measure="gdp_growth"), capital_share=0.43), "measure 'gdp_growth'"),
        (lambda: ai_uplift_table(estimates.frame.assign(low=np.nan, central=np.nan, high=np.nan), capital_share=0.43), "has no low"),
        (lambda: ai_uplift_table(estimates.frame.drop(columns=["measure"]), capital_share=0.43), "lacks"),
        (lambda: ai_uplift_table(estimates.frame, capital_share=1.0), "capital_share"),
        (lambda: ai_uplift_table(estimates.frame.assign(horizon_years=0), capital_share=0.43), "horizon_years"),
        (lambda: ai_uplift_table(estimates.frame.assign(high=np.inf), capital_share=0.43), "high"),
    ]
    for call, match in cases:
        with pytest.raises(ValueError, match=match):
            call()
    assert set(ACEMOGLU_INPUTS) == set(inputs["parameter"])


@SETTINGS
@given(bad=st.sampled_from([float("nan"), float("inf"), -0.5, 1.5, "0.2", None, [0.2]]),
       which=st.sampled_from(["exposed_share", "profitable_share", "labor_cost_saving", "labor_share", "capital_share",
                              "horizon_years"]))
def test_any_bad_value_is_a_clean_error(bad, which):
    args = dict(exposed_share=0.2, profitable_share=0.23, labor_cost_saving=0.27, labor_share=0.535, capital_share=0.43,
                horizon_years=10)
    if which == "horizon_years" and bad == 1.5:
        bad = -1.5
    args[which] = bad
    with pytest.raises((ValueError, TypeError)):
        acemoglu_estimate(**args)


def test_uplift_table_refuses_a_duplicated_estimate(estimates):
    df = estimates.frame
    with pytest.raises(ValueError, match="estimates has a duplicated key"):
        ai_uplift_table(pd.concat([df.iloc[:1], df]), capital_share=0.43)
