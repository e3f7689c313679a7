"""Every dataset in data/ passes its contract, and the ledger holds together."""
from __future__ import annotations

import pytest

from helpers.paths import DATA_DIR
from helpers.data import list_datasets, load_dataset
from helpers.data.ledger import COLUMNS, VERDICTS, chapter_numbers, ledger, scoreboard

NAMES = list_datasets()


def test_every_csv_has_metadata():
    orphans = [p.name for p in DATA_DIR.glob("*.csv") if not p.with_suffix(".yml").exists()]
    assert not orphans, f"CSV files without metadata: {orphans}"
    orphans = [p.name for p in DATA_DIR.glob("*.yml") if not p.with_suffix(".csv").exists() and p.name != "articles.yml"]
    assert not orphans, f"metadata without a CSV: {orphans}"


@pytest.mark.parametrize("name", NAMES)
def test_dataset_validates(name):
    ds = load_dataset(name, full_check=True)
    assert len(ds.frame) > 0
    assert all(s.url.startswith("http") for s in ds.sources.values())


def test_ledger_is_consistent():
    df = ledger()
    assert list(df.columns[: len(COLUMNS)]) == COLUMNS
    assert set(df["verdict"]) <= set(VERDICTS)
    assert set(df["chapter"]) <= set(chapter_numbers())
    # every row names at least one source, each with a URL
    assert all(len(s) >= 1 and all(x.url for x in s) for s in df["source_refs"])


def test_scoreboard_adds_up():
    df = ledger()
    sb = scoreboard(df)
    assert sb["holds"] + sb["fails"] + sb["open"] == sb["claims"] == len(df)
    assert sb["changed"] == int(df["earlier_verdict"].notna().sum())


def test_every_source_has_a_tier_and_machine_written_pages_are_never_primary():
    import re

    from helpers.data import TIERS

    machine = re.compile(r"machine[- ](written|rewritten|generated)|(generated|written) (with|by) (a )?language model", re.I)
    for name in NAMES:
        for s in load_dataset(name).sources.values():
            assert s.tier in TIERS, (name, s.id)
            if machine.search(s.publisher + " " + s.notes):
                assert s.tier == "aggregator", (name, s.id)


def test_a_source_has_one_tier_wherever_it_is_cited():
    """The same document (same URL) cannot be primary in one dataset and a relay in another."""
    tiers: dict[str, set] = {}
    for name in NAMES:
        for s in load_dataset(name).sources.values():
            tiers.setdefault(s.url, set()).add(s.tier)
    clash = {u: sorted(t) for u, t in tiers.items() if len(t) > 1}
    assert not clash, f"{len(clash)} sources carry different tiers in different datasets: {list(clash.items())[:5]}"
