"""Every dataset in data/ passes its contract, and the ledger holds together."""
from __future__ import annotations

import pytest

from helpers._paths import DATA_DIR
from helpers.data import list_datasets, load_dataset
from helpers.ledger import COLUMNS, VERDICTS, ledger

NAMES = list_datasets()


def test_every_csv_has_metadata():
    orphans = [p.name for p in DATA_DIR.glob("*.csv") if not p.with_suffix(".yml").exists()]
    assert not orphans, f"CSV files without metadata: {orphans}"
    orphans = [p.name for p in DATA_DIR.glob("*.yml") if not p.with_suffix(".csv").exists()]
    assert not orphans, f"metadata without a CSV: {orphans}"


@pytest.mark.parametrize("name", NAMES)
def test_dataset_validates(name):
    ds = load_dataset(name)
    assert len(ds.frame) > 0
    assert all(s.url.startswith("http") for s in ds.sources.values())


def test_ledger_is_consistent():
    df = ledger()
    assert list(df.columns[: len(COLUMNS)]) == COLUMNS
    assert set(df["verdict"]) <= set(VERDICTS)
    assert df["chapter"].between(1, 18).all()
    # every row names at least one source, each with a URL
    assert all(len(s) >= 1 and all(x.url for x in s) for s in df["source_refs"])
