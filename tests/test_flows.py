"""helpers.models.flows and helpers.charts.flows: standings of a week against a history, destination shares, flows relative to assets."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings, strategies as st

from helpers.models import flows as fl
from helpers.data import load

# Flows to two decimals (USD 10 million steps), as the sources print them; avoids sub-normal floats.
finite = st.integers(-50_000, 50_000).map(lambda i: i / 100)
histories = st.lists(finite, min_size=2, max_size=40)


# ---------------------------------------------------------------- standing
@settings(max_examples=80, deadline=None)
@given(histories, finite)
def test_standing_matches_a_direct_computation(xs, v):
    x = np.array(xs)
    assume(x.std(ddof=1) > 1e-6)
    s = fl.standing(pd.Series(xs), v)
    assert s.n == len(xs)
    assert s.z == pytest.approx((v - x.mean()) / x.std(ddof=1))
    assert 0.0 <= s.percentile <= 100.0
    assert 1 <= s.rank <= len(xs) + 1
    assert s.rank == 1 + int((x > v).sum())


@settings(max_examples=60, deadline=None)
@given(histories)
def test_value_above_the_whole_history_ranks_first(xs):
    x = np.array(xs)
    assume(x.std(ddof=1) > 1e-6)
    s = fl.standing(pd.Series(xs), x.max() + 1.0)
    assert s.rank == 1 and s.percentile == 100.0 and s.z > 0
    low = fl.standing(pd.Series(xs), x.min() - 1.0)
    assert low.rank == len(xs) + 1 and low.percentile == 0.0 and low.z < 0


@settings(max_examples=60, deadline=None)
@given(histories, finite, st.integers(1, 100).map(lambda i: i / 10), st.integers(-100, 100))
def test_z_and_percentile_are_invariant_to_units(xs, v, a, b):
    """Rescaling (billions -> millions) or shifting the data leaves z, percentile and rank unchanged."""
    x = np.array(xs)
    assume(x.std(ddof=1) > 1e-3)
    s1 = fl.standing(pd.Series(xs), v)
    s2 = fl.standing(pd.Series(a * x + b), a * v + b)
    assert s2.z == pytest.approx(s1.z, rel=1e-6, abs=1e-6)
    assert s2.rank == s1.rank


def test_mean_of_history_has_zero_z_and_ties_count_half():
    s = fl.standing(pd.Series([1.0, 2.0, 3.0]), 2.0)
    assert s.z == 0.0 and s.percentile == pytest.approx(50.0) and s.rank == 2


def test_money_market_week_is_the_largest_in_the_sourced_lipper_history():
    """Reproduces the chapter's headline: 90.75 tops every sourced global money-market week."""
    h = load("fund_flows_history")
    mmf = h.loc[h["category"] == "money_market", "flow_usd_bn"]
    s = fl.standing(mmf, 90.75)
    assert s.rank == 1 and s.n == 12


@pytest.mark.parametrize(
    "history, value, match",
    [
        (pd.Series([1.0]), 1.0, "history must have at least 2"),
        (pd.Series([], dtype=float), 1.0, "history must have at least 2"),
        (pd.Series([1.0, np.nan, 2.0]), 1.0, "history must not contain NaN"),
        (pd.Series([1.0, np.inf]), 1.0, "history must be finite"),
        (pd.Series([2.0, 2.0, 2.0]), 1.0, "no spread"),
        (pd.Series([1.0, 2.0]), float("nan"), "value must be finite"),
        (pd.Series([1.0, 2.0]), "big", "value must be a number"),
        ([1.0, 2.0], 1.0, "history must be a pandas Series"),
        (pd.Series(["a", "b"]), 1.0, "history must hold numbers"),
    ],
)
def test_standing_rejects_bad_input(history, value, match):
    with pytest.raises(ValueError, match=match):
        fl.standing(history, value)


# ---------------------------------------------------------------- standings
def _hist():
    return pd.DataFrame({"category": list("aaabbb"), "flow_usd_bn": [1.0, 2.0, 3.0, -1.0, 0.0, 1.0]})


def test_standings_agrees_with_standing_per_category():
    out = fl.standings(_hist(), pd.Series({"a": 4.0, "b": -2.0}))
    assert list(out.index) == ["a", "b"]
    assert out.loc["a", "z"] == pytest.approx(fl.standing(pd.Series([1.0, 2.0, 3.0]), 4.0).z)
    assert out.loc["b", "rank"] == 4


@pytest.mark.parametrize(
    "kwargs, week, match",
    [
        ({}, pd.Series({"c": 1.0}), "category 'c', which the history lacks"),
        ({"min_n": 4}, pd.Series({"a": 1.0}), "only 3 value\\(s\\) for category 'a'; min_n is 4"),
        ({"min_n": 1}, pd.Series({"a": 1.0}), "min_n must be >= 2"),
        ({"value": "flow"}, pd.Series({"a": 1.0}), "value must name a column of history"),
        ({}, pd.Series({"a": np.nan}), "week must not contain NaN"),
    ],
)
def test_standings_rejects_bad_input(kwargs, week, match):
    with pytest.raises(ValueError, match=match):
        fl.standings(_hist(), week, **kwargs)


def test_standings_rejects_a_non_frame_history():
    with pytest.raises(ValueError, match="history must be a pandas DataFrame"):
        fl.standings(pd.Series([1.0]), pd.Series({"a": 1.0}))


# ---------------------------------------------------------------- destination_shares
@settings(max_examples=80, deadline=None)
@given(st.lists(finite, min_size=1, max_size=12))
def test_inflow_shares_sum_to_one_and_keep_signs(xs):
    f = pd.Series(xs, index=[f"c{i}" for i in range(len(xs))])
    assume((f > 1e-6).any())
    s = fl.destination_shares(f)
    assert s[f > 0].sum() == pytest.approx(1.0)
    assert (np.sign(s) == np.sign(f)).all()
    assert s.index.equals(f.index)


def test_destination_shares_of_the_articles_week():
    """Money market funds take about 64% of the article's gross inflows (equity regions, bonds, cash, gold)."""
    w = pd.Series({"europe": 14.0, "asia": 9.59, "us": 5.58, "bond": 18.71, "mmf": 90.75, "gold": 3.08})
    assert fl.destination_shares(w)["mmf"] == pytest.approx(90.75 / 141.71)


@pytest.mark.parametrize(
    "flows, match",
    [
        (pd.Series([-1.0, 0.0]), "no inflow"),
        (pd.Series([], dtype=float), "flows must have at least 1"),
        (pd.Series([1.0, np.nan]), "flows must not contain NaN"),
        ({"a": 1.0}, "flows must be a pandas Series"),
    ],
)
def test_destination_shares_rejects_bad_input(flows, match):
    with pytest.raises(ValueError, match=match):
        fl.destination_shares(flows)


# ---------------------------------------------------------------- flow_to_assets
@settings(max_examples=80, deadline=None)
@given(st.floats(-50, 50), st.floats(1, 10))
def test_flow_to_assets_round_trip(d, a_start_tn):
    """Build the end-of-week level from a known start and change; the function must recover change / start."""
    a_end = a_start_tn + d / 1000.0
    pct = fl.flow_to_assets(pd.Series([d]), pd.Series([a_end]))
    assert pct.iloc[0] == pytest.approx(100.0 * d / (1000.0 * a_start_tn), rel=1e-9, abs=1e-9)


def test_ici_week_of_4_february_2026_is_about_one_percent_of_assets():
    ici = load("fund_flows_ici_mmf").set_index("week_end")
    row = ici.loc[["2026-02-04"]]
    pct = fl.flow_to_assets(row["change_usd_bn"], row["assets_usd_tn"])
    assert pct.iloc[0] == pytest.approx(100 * 85.02 / (7797 - 85.02))


@pytest.mark.parametrize(
    "d, a, match",
    [
        (pd.Series([1.0]), pd.Series([0.0]), "assets_end_usd_tn must be > 0"),
        (pd.Series([1.0]), pd.Series([-7.0]), "assets_end_usd_tn must be > 0"),
        (pd.Series([2000.0]), pd.Series([1.0]), "implies non-positive start-of-week assets"),
        (pd.Series([1.0], index=[1]), pd.Series([7.0], index=[2]), "must share the same index"),
        (pd.Series([np.nan]), pd.Series([7.0]), "change_usd_bn must not contain NaN"),
        (pd.Series([1.0]), pd.Series([np.nan]), "assets_end_usd_tn must not contain NaN"),
    ],
)
def test_flow_to_assets_rejects_bad_input(d, a, match):
    with pytest.raises(ValueError, match=match):
        fl.flow_to_assets(d, a)


# ---------------------------------------------------------------- bad numeric input, driven by hypothesis
bad_numbers = st.one_of(st.just(float("nan")), st.just(float("inf")), st.just(-float("inf")), st.text(max_size=3), st.booleans(), st.none())


@settings(max_examples=60, deadline=None)
@given(bad_numbers)
def test_standing_rejects_bad_values(v):
    with pytest.raises((ValueError, TypeError), match="value"):
        fl.standing(pd.Series([1.0, 2.0, 3.0]), v)


@settings(max_examples=60, deadline=None)
@given(st.one_of(bad_numbers, st.integers(max_value=1), st.floats(1.1, 1.9)))
def test_standings_rejects_bad_min_n(v):
    with pytest.raises((ValueError, TypeError), match="min_n"):
        fl.standings(_hist(), pd.Series({"a": 1.0}), min_n=v)


@settings(max_examples=60, deadline=None)
@given(st.lists(finite, min_size=0, max_size=4), st.sampled_from([float("nan"), float("inf"), -float("inf")]))
def test_series_inputs_with_nan_or_inf_are_refused(xs, bad):
    s = pd.Series(xs + [bad])
    for call, name in ((lambda: fl.destination_shares(s), "flows"), (lambda: fl.standing(s, 1.0), "history"),
                       (lambda: fl.flow_to_assets(s, pd.Series([7.0] * len(s))), "change_usd_bn")):
        with pytest.raises(ValueError, match=name):
            call()


@settings(max_examples=60, deadline=None)
@given(st.floats(max_value=0.0, allow_nan=False, allow_infinity=False))
def test_flow_to_assets_refuses_non_positive_assets(a):
    with pytest.raises(ValueError, match="assets_end_usd_tn"):
        fl.flow_to_assets(pd.Series([1.0]), pd.Series([a]))


# ---------------------------------------------------------------- data behind the labels
def test_every_history_category_has_a_plain_words_label():
    week = load("fund_flows_week")
    labels = week.drop_duplicates("category").set_index("category")["label"]
    assert set(load("fund_flows_history")["category"]) <= set(labels.index)
    assert all("_" not in x for x in labels)
    assert week.groupby("category")["label"].nunique().max() == 1


# ---------------------------------------------------------------- charts
from helpers.charts import flows as fch  # noqa: E402


def _titles(spec):
    out = []
    if isinstance(spec, dict):
        for k, v in spec.items():
            out += [v] if k == "title" and isinstance(v, str) else []
            out += _titles(v)
    elif isinstance(spec, list):
        for v in spec:
            out += _titles(v)
    return out


def test_charts_validate_and_use_plain_words():
    d = pd.to_datetime(["2025-01-01", "2026-02-04"])
    charts = [
        fch.shares_chart(pd.DataFrame({"label": ["Cash", "Tech"], "share_pct": [90.0, -2.0], "flow_usd_bn": [9.0, -0.2]})),
        fch.history_chart(pd.DataFrame({"week_end": d, "label": ["Bonds", "Bonds"], "flow_usd_bn": [1.0, 2.0],
                                        "series": ["Sourced week", "A2's figure"], "note": ["", ""]}), ["Bonds"], "Bonds"),
        fch.ici_chart(pd.DataFrame({"week_end": d, "days": [7, 7], "change_usd_bn": [1.0, 85.0], "assets_usd_tn": [7.0, 7.8], "note": ["", ""]}), "2026-02-04"),
    ]
    for c in charts:
        spec = c.to_dict()
        assert all("_" not in t for t in _titles(spec)), _titles(spec)


def test_charts_reject_unknown_categories_and_weeks():
    p = pd.DataFrame({"week_end": pd.to_datetime(["2025-01-01"]), "label": ["Bonds"], "flow_usd_bn": [1.0], "series": ["x"], "note": [""]})
    with pytest.raises(ValueError, match="options"):
        fch.history_chart(p, ["Gold"], "Gold")
    with pytest.raises(ValueError, match="default"):
        fch.history_chart(p, ["Bonds"], "Gold")
    i = pd.DataFrame({"week_end": pd.to_datetime(["2026-02-04"]), "days": [7], "change_usd_bn": [85.0], "assets_usd_tn": [7.8], "note": [""]})
    with pytest.raises(ValueError, match="week"):
        fch.ici_chart(i, "2026-02-11")


def test_standing_refuses_a_week_counted_twice():
    h = pd.Series([1.0, 2.0, 3.0], index=pd.to_datetime(["2025-01-08", "2025-01-08", "2025-01-15"]))
    with pytest.raises(ValueError, match="history has a duplicated index label"):
        fl.standing(h, 2.0)
