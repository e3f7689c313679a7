"""The data contract: bad files are refused with an error naming file, line and column."""
from __future__ import annotations

import textwrap

import pytest

from helpers.data import DataValidationError, catalogue, list_datasets, load, load_dataset

META = textwrap.dedent(
    """\
    title: Test table
    description: A tiny table for the contract tests.
    key: [year]
    columns:
      year: {type: integer, unit: year, description: Calendar year, min: 2000, max: 2030}
      value: {type: number, unit: USD billions, description: A value, min: 0}
      kind: {type: string, unit: label, description: actual or estimate}
      source: {type: string, unit: source id, description: Source ids}
    sources:
      - id: src1
        publisher: Example Agency
        title: Example release
        url: https://example.org/release
        published: 2025-01-31
        accessed: 2026-11-21
        tier: primary
    """
)
GOOD = "year,value,kind,source\n2023,1.5,actual,src1\n2024,2.0,estimate,src1\n"


def write(tmp_path, csv=GOOD, meta=META, name="t"):
    (tmp_path / f"{name}.csv").write_text(csv, encoding="utf-8")
    (tmp_path / f"{name}.yml").write_text(meta, encoding="utf-8")
    return tmp_path


def test_good_file_loads_with_types(tmp_path):
    ds = load_dataset("t", write(tmp_path))
    assert list(ds.frame["year"]) == [2023, 2024]
    assert ds.frame["value"].dtype == "float64"
    assert ds.units()["value"] == "USD billions"
    assert ds.cite("src1").publisher == "Example Agency"
    with pytest.raises(KeyError, match="nope"):
        ds.cite("nope")


def test_unknown_dataset_is_named(tmp_path):
    write(tmp_path)
    with pytest.raises(DataValidationError, match=r"unknown dataset 'missing' \(known: t\)"):
        load("missing", tmp_path)


def test_malformed_csv_names_file_and_line(tmp_path):
    bad = GOOD + "2025,3.0,actual,src1,extra\n"
    with pytest.raises(DataValidationError, match=r"t\.csv, line 4: malformed CSV") as e:
        load("t", write(tmp_path, csv=bad))
    assert e.value.line == 4


def test_missing_column_is_named(tmp_path):
    csv = "year,kind,source\n2023,actual,src1\n"
    with pytest.raises(DataValidationError, match=r"column 'value'.*missing") as e:
        load("t", write(tmp_path, csv=csv))
    assert e.value.column == "value"


def test_undeclared_column_is_named(tmp_path):
    csv = "year,value,kind,source,extra\n2023,1,actual,src1,x\n"
    with pytest.raises(DataValidationError, match=r"column 'extra' is not declared"):
        load("t", write(tmp_path, csv=csv))


def test_value_out_of_range_names_line_and_column(tmp_path):
    csv = GOOD + "2025,-4,actual,src1\n"
    with pytest.raises(DataValidationError, match=r"line 4, column 'value'.*minimum 0") as e:
        load("t", write(tmp_path, csv=csv))
    assert (e.value.line, e.value.column) == (4, "value")


def test_wrong_type_names_line_and_column(tmp_path):
    csv = GOOD.replace("2.0", "two")
    with pytest.raises(DataValidationError, match=r"line 3, column 'value'.*'two'"):
        load("t", write(tmp_path, csv=csv))


def test_row_without_source(tmp_path):
    csv = GOOD + "2025,3,actual,\n"
    with pytest.raises(DataValidationError, match=r"line 4, column 'source'.*empty"):
        load("t", write(tmp_path, csv=csv))


def test_row_with_unknown_source(tmp_path):
    csv = GOOD + "2025,3,actual,src1;ghost\n"
    with pytest.raises(DataValidationError, match=r"line 4, column 'source'.*not among"):
        load("t", write(tmp_path, csv=csv))


def test_duplicate_key(tmp_path):
    csv = GOOD + "2024,3,actual,src1\n"
    with pytest.raises(DataValidationError, match=r"duplicate"):
        load("t", write(tmp_path, csv=csv))


def test_bad_kind(tmp_path):
    csv = GOOD.replace("estimate", "guess")
    with pytest.raises(DataValidationError, match=r"line 3, column 'kind'.*kind not one of"):
        load("t", write(tmp_path, csv=csv))


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda m: m.replace("title: Test table\n", ""), "lacks 'title'"),
        (lambda m: m.replace("unit: USD billions, ", ""), "column 'value' lacks 'unit'"),
        (lambda m: m.replace("type: number", "type: money"), "unknown type 'money'"),
        (lambda m: m.replace("    url: https://example.org/release\n", ""), "source 'src1' lacks 'url'"),
        (lambda m: m.replace("published: 2025-01-31", "published: last year"), "expected YYYY"),
        (lambda m: m.replace("https://example.org", "example.org"), "must start with http"),
        (lambda m: m.replace("key: [year]", "key: [country]"), "key column 'country' is not declared"),
        (lambda m: m + "  - {id: src2, publisher: P, title: T, url: 'https://x.org', published: 2024, accessed: 2026-11-21, tier: primary}\n",
         "sources never cited by a row: \\['src2'\\]"),
        (lambda m: "just a string\n", "metadata must be a mapping"),
    ],
)
def test_bad_metadata(tmp_path, edit, message):
    with pytest.raises(DataValidationError, match=message):
        load("t", write(tmp_path, meta=edit(META)))


def test_missing_metadata_file(tmp_path):
    (tmp_path / "t.csv").write_text(GOOD)
    with pytest.raises(DataValidationError, match=r"t\.yml: metadata file is missing"):
        load("t", tmp_path)


def test_load_returns_a_fresh_copy(tmp_path):
    write(tmp_path)
    a = load("t", tmp_path)
    a.loc[0, "value"] = 999
    assert load("t", tmp_path).loc[0, "value"] == 1.5


def test_catalogue_lists_each_dataset(tmp_path):
    write(tmp_path)
    write(tmp_path, name="u")
    cat = catalogue(tmp_path)
    assert list(cat["name"]) == ["t", "u"] == list_datasets(tmp_path)
    assert cat["rows"].tolist() == [2, 2]


def test_boolean_columns_read_from_text(tmp_path):
    kind = "  kind: {type: string, unit: label, description: actual or estimate}"
    assert kind in META
    meta = META.replace(kind, kind + "\n  binding: {type: boolean, unit: yes/no, description: Binding contract}")
    csv = "year,value,kind,binding,source\n2023,1.5,actual,True,src1\n2024,2.0,estimate,no,src1\n"
    df = load("t", write(tmp_path, csv=csv, meta=meta))
    assert df["binding"].tolist() == [True, False]
    with pytest.raises(DataValidationError, match=r"line 3, column 'binding'"):
        load("t", write(tmp_path, csv=csv.replace(",no,", ",maybe,"), meta=meta))


def test_an_edited_file_is_read_again(tmp_path):
    write(tmp_path)
    assert load("t", tmp_path)["value"].tolist() == [1.5, 2.0]
    write(tmp_path, csv=GOOD.replace("2.0", "2.5") + "2025,3.0,actual,src1\n")
    assert load("t", tmp_path)["value"].tolist() == [1.5, 2.5, 3.0]


# --- issue 14: bad data never slips through -------------------------------------------------------

@pytest.mark.parametrize("bad", ["inf", "-inf", "1e999", "nan", "NaN"])
def test_non_finite_numbers_are_refused(tmp_path, bad):
    csv = GOOD.replace("2024,2.0", f"2024,{bad}")
    with pytest.raises(DataValidationError, match=r"t\.csv, line 3, column 'value'"):
        load("t", write(tmp_path, csv=csv))


def test_nul_byte_is_refused(tmp_path):
    csv = GOOD.replace("2024,2.0,estimate", "2024,2.0,esti\x00mate")
    with pytest.raises(DataValidationError, match=r"line 3: contains a NUL byte"):
        load("t", write(tmp_path, csv=csv))


def test_duplicate_yaml_key_is_refused(tmp_path):
    meta = META.replace("  value: {type: number", "  value: {type: string, unit: x, description: y}\n  value: {type: number")
    assert meta != META
    with pytest.raises(DataValidationError, match=r"key 'value' is given twice"):
        load("t", write(tmp_path, meta=meta))


def test_line_numbers_count_blank_lines_and_multiline_cells(tmp_path):
    meta = META.replace("kind: {type: string, unit: label, description: actual or estimate}",
                        "kind: {type: string, unit: label, description: actual or estimate, allowed: [actual, estimate]}")
    csv = 'year,value,kind,source\n\n2023,1.5,"act\nual",src1\n\n2024,-2.0,estimate,src1\n'
    with pytest.raises(DataValidationError) as e:
        load("t", write(tmp_path, csv=csv, meta=meta))
    # 2023's kind spans lines 3-4 and is the first error; fix it and the negative value on line 6 is next
    assert e.value.line == 3
    with pytest.raises(DataValidationError) as e:
        load("t", write(tmp_path, csv=csv.replace('"act\nual"', '"actual"'), meta=meta))
    assert (e.value.line, e.value.column) == (5, "value")


def test_source_needs_a_known_tier(tmp_path):
    with pytest.raises(DataValidationError, match=r"tier='blog'; expected one of"):
        load("t", write(tmp_path, meta=META.replace("tier: primary", "tier: blog")))


def test_checked_lookup_finds_one_row_or_names_the_problem(tmp_path):
    ds = load_dataset("t", write(tmp_path))
    assert ds.value(year=2024) == 2.0
    assert ds.value("kind", year=2023) == "actual"
    with pytest.raises(LookupError, match=r"dataset 't' has no row with year=1999"):
        ds.value(year=1999)
    with pytest.raises(LookupError, match=r"dataset 't' has 2 rows with source='src1'; add keys"):
        ds.value(source="src1")
    with pytest.raises(KeyError, match="no column 'firm'"):
        ds.value(firm="x")


def test_fast_path_gives_the_same_frame_as_full_validation():
    """Every real dataset: the frame is the same whether or not the full contract ran on it."""
    from helpers.data import _read
    from helpers.paths import DATA_DIR

    d = DATA_DIR.resolve()
    for name in list_datasets(d):
        full = _read(name, str(d), True)[0].frame
        fast = _read(name, str(d), False)[0].frame
        import pandas.testing as pdt

        pdt.assert_frame_equal(full, fast)


def test_validated_bytes_skip_the_full_check_but_edited_bytes_do_not(tmp_path, monkeypatch):
    import json

    import helpers.data as hd

    write(tmp_path)
    stamp = tmp_path / "stamp.json"
    monkeypatch.setattr(hd, "VALIDATED_STAMP", stamp)
    stamp.write_text(json.dumps({"data_dir": str(tmp_path.resolve()), "datasets": {"t": hd.fingerprint(tmp_path.resolve(), "t")}}))
    calls = []
    monkeypatch.setattr(hd, "validate_frame", lambda *a: calls.append(1))
    load("t", tmp_path)
    assert calls == []
    (tmp_path / "t.csv").write_text(GOOD.replace("2.0", "3.0"), encoding="utf-8")
    load("t", tmp_path)
    assert calls == [1]
