"""The forecast ledger: statuses computed from the numbers, scores that mean what they say."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.data.forecasts import FORECAST_STATUSES, computed_status, forecast_bounds, forecast_status, forecasts
from helpers.models.forecasts import brier_score, score_forecasts

NAN = float("nan")


def test_point_forecast_is_scored_on_a_ten_percent_band():
    assert forecast_status([100] * 4, [NAN] * 4, [NAN] * 4, [110, 111, 89, 91], [True] * 4).tolist() == ["hit", "missed", "missed", "hit"]


def test_open_ranges_and_interim_readings():
    # "at least 200 by 2026": interim 180 is off track, final 250 is a hit
    st_ = forecast_status([NAN, NAN, NAN], [200, 200, NAN], [NAN, NAN, 5], [180, 250, 7], [False, True, False]).tolist()
    assert st_ == ["off_track", "hit", "off_track"]


def test_negative_point_band_is_mirrored():
    lo, hi = forecast_bounds([-10.0], [NAN], [NAN])
    assert (lo[0], hi[0]) == (-11.0, -9.0)


@pytest.mark.parametrize("bad, message", [
    (dict(point=[1.0], low=[2.0], high=[1.0]), "low must be <= high"),
    (dict(point=[NAN], low=[NAN], high=[NAN]), "all missing"),
    (dict(point=["a"], low=[NAN], high=[NAN]), "point must be numbers"),
    (dict(point=[1.0], low=[NAN], high=[NAN], tolerance=1.5), "tolerance must be < 1.0"),
])
def test_bad_forecasts_are_refused(bad, message):
    with pytest.raises(ValueError, match=message):
        forecast_bounds(**bad)


@given(st.floats(0.01, 1e6), st.floats(0.0, 0.5), st.floats(-1e6, 1e6))
def test_status_agrees_with_the_band(point, tol, outcome):
    s = forecast_status([point], [NAN], [NAN], [outcome], [True], tol)[0]
    inside = point * (1 - tol) <= outcome <= point * (1 + tol)
    assert s == ("hit" if inside else "missed")


def test_brier_score_known_values():
    assert brier_score([0.5, 0.5], [True, False]) == 0.25  # the coin-flip benchmark
    assert brier_score([1.0], [True]) == 0.0
    assert brier_score([1.0], [False]) == 1.0
    with pytest.raises(ValueError, match="probability must be <= 1.0"):
        brier_score([1.2], [True])


def test_score_forecasts_counts_and_coverage():
    df = pd.DataFrame({
        "status": ["hit", "missed", "pending", "on_track"],
        "probability": [0.8, 0.3, NAN, NAN],
        "interval_level": [0.9, 0.9, 0.9, NAN],
    })
    s = score_forecasts(df)
    assert s.counts.to_dict() == {"hit": 1, "on_track": 1, "pending": 1, "off_track": 0, "missed": 1}
    assert s.resolved == 2 and s.hit_rate == 0.5
    assert math.isclose(s.brier, ((0.8 - 1) ** 2 + 0.3**2) / 2)
    assert s.coverage == 0.5 and math.isclose(s.nominal_coverage, 0.9)


def test_recorded_statuses_equal_computed_ones():
    """Recompute every forecast's status from its numbers; a typed status that disagrees fails."""
    df = forecasts()
    if df.empty:
        pytest.skip("no forecast ledger parts yet")
    assert (computed_status(df) == df["status"]).all()
    assert set(df["status"]) <= set(FORECAST_STATUSES)


def test_a_typed_status_that_disagrees_is_refused(tmp_path):
    import shutil

    from helpers.data import DataValidationError
    from helpers.paths import DATA_DIR

    parts = sorted(DATA_DIR.glob("forecasts_ch*.csv"))
    if not parts:
        pytest.skip("no forecast ledger parts yet")
    for p in DATA_DIR.iterdir():
        if p.is_file():
            shutil.copy(p, tmp_path / p.name)
    (tmp_path / "schemas").mkdir()
    shutil.copy(DATA_DIR / "schemas" / "forecasts.yml", tmp_path / "schemas" / "forecasts.yml")
    csv = tmp_path / parts[0].name
    df = pd.read_csv(csv, dtype=str, keep_default_na=False)
    flip = {"hit": "missed", "missed": "hit", "pending": "hit", "on_track": "off_track", "off_track": "on_track"}
    df.loc[0, "status"] = flip[df.loc[0, "status"]]
    df.to_csv(csv, index=False)
    with pytest.raises(DataValidationError, match="disagrees with the computed"):
        forecasts(tmp_path)


def test_one_chapter_reads_only_its_part_and_equals_the_whole_filtered():
    whole = forecasts()
    for n in (3, 13):
        part = forecasts(chapter=n)
        expected = whole[whole["chapter"] == n].reset_index(drop=True)
        pd.testing.assert_frame_equal(part.drop(columns="source_refs"), expected.drop(columns="source_refs"))
    with pytest.raises(ValueError, match="chapter must be one of"):
        forecasts(chapter=99)
    with pytest.raises(ValueError, match="chapter must be one of"):
        forecasts(chapter=True)


@pytest.mark.parametrize("change, match", [
    (lambda d: d.iloc[:0], "frame must have at least 1 row"),
    (lambda d: d.assign(probability=[0.8, np.inf, NAN]), "frame column 'probability' must be finite"),
    (lambda d: d.assign(probability=[0.8, 0.3, 1.5]), "frame column 'probability' must be <= 1"),  # a pending row too
    (lambda d: d.assign(interval_level=[0.9, 0.0, NAN]), "frame column 'interval_level' must be > 0"),
    (lambda d: d.assign(forecast_id=["f1", "f1", "f3"]), "frame has a duplicated key"),
    (lambda d: d.assign(status=["hit", "missed", "maybe"]), "frame column 'status'"),
    (lambda d: "table", "frame must be a pandas DataFrame"),
])
def test_score_forecasts_refuses_bad_ledgers_naming_frame(change, match):
    df = pd.DataFrame({"forecast_id": ["f1", "f2", "f3"], "status": ["hit", "missed", "pending"],
                       "probability": [0.8, 0.3, NAN], "interval_level": [0.9, 0.9, NAN]})
    with pytest.raises(ValueError, match=match):
        score_forecasts(change(df))


def test_brier_score_refuses_no_forecasts_naming_probability():
    with pytest.raises(ValueError, match="probability must have at least 1"):
        brier_score([], [])
