"""What a reader meets, checked in the notebook sources: answer first, no machinery, numbers computed.

These run in a second and say which cell breaks a rule; the browser test (test_site.py) checks the
rendered pages.
"""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
import yaml

BOOK = Path(__file__).resolve().parents[1] / "book"
CHAPTERS = [c for part in yaml.safe_load((BOOK / "chapters.yml").read_text())["parts"] for c in part["chapters"]]
NOTEBOOKS = sorted(BOOK.glob("*.ipynb"))
CHAPTER_FILES = [BOOK / f"{c['file']}.ipynb" for c in CHAPTERS]
MAX_CELL_LINES = 20
TEXT_ARGS = ("title", "subtitle", "description")


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _code(path):
    return [(i, c) for i, c in enumerate(_cells(path)) if c["cell_type"] == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_code_cell_hides_its_input(path):
    bad = [i for i, c in _code(path) if not {"hide-input", "remove-input", "remove-cell"} & set(c.get("metadata", {}).get("tags", []))]
    assert not bad, f"{path.name}: code cells {bad} show their code to readers (tag them hide-input or remove-input)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_code_cells_are_short(path):
    long = [(i, len("".join(c["source"]).splitlines())) for i, c in _code(path)
            if len("".join(c["source"]).splitlines()) > MAX_CELL_LINES]
    assert not long, f"{path.name}: cells (index, lines) {long} exceed {MAX_CELL_LINES} lines; move the logic into helpers"


def _finish_calls(src: str):
    try:
        tree = ast.parse(src)
    except SyntaxError:
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "finish":
            yield node


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_chart_text_with_numbers_is_computed(path):
    """A chart title, subtitle or description that quotes a number must be built from computed values."""
    bad = []
    for i, c in _code(path):
        for call in _finish_calls("".join(c["source"])):
            kw = {k.arg: k.value for k in call.keywords}
            missing = [a for a in TEXT_ARGS if a not in kw]
            if missing:
                bad.append((i, f"finish() lacks {missing}"))
            for a in TEXT_ARGS:
                v = kw.get(a)
                if isinstance(v, ast.Constant) and isinstance(v.value, str) and re.search(r"\d", v.value):
                    if not re.fullmatch(r"[^\d]*(19|20)\d\d([-–]\d{2,4})?[^\d]*((19|20)\d\d[^\d]*)*", v.value):
                        bad.append((i, f"{a} is a typed literal with numbers: {v.value[:60]!r}"))
    assert not bad, f"{path.name}: {bad}"


@pytest.mark.parametrize("path", CHAPTER_FILES, ids=lambda p: p.stem)
def test_chapter_opens_with_its_answer(path):
    md = [c for c in _cells(path) if c["cell_type"] == "markdown"]
    first = "".join(md[0]["source"])
    assert first.lstrip().startswith("# "), f"{path.name}: the first cell must be the chapter title"
    head = first + "".join(md[1]["source"]) if len(md) > 1 else first
    assert re.search(r"\{admonition\}\s*In brief", head) and ":class: in-brief" in head, \
        f"{path.name}: an 'In brief' box must follow the title"
    brief = head.split("In brief", 1)[1]
    bullets = re.findall(r"^- .*\{glue", brief, flags=re.M)
    assert len(bullets) >= 3, f"{path.name}: the In brief box needs three bullets with glued numbers, found {len(bullets)}"


@pytest.mark.parametrize("path", CHAPTER_FILES, ids=lambda p: p.stem)
def test_chapter_has_since_then_claims_after_analysis_and_forecasts(path):
    cells = _cells(path)
    text = "\n".join("".join(c["source"]) for c in cells)
    assert re.search(r"^## Since then", text, flags=re.M), f"{path.name}: needs a '## Since then' section"
    heads = [m.start() for m in re.finditer(r"^## ", text, flags=re.M)]
    claims = text.find("claims_table(")
    assert claims > 0, f"{path.name}: the chapter's claims table is missing"
    assert len([h for h in heads if h < claims]) >= 3, f"{path.name}: the claims table must come after the analysis"
    n_charts = sum(len(list(_finish_calls("".join(c["source"])))) for c in cells if c["cell_type"] == "code")
    assert n_charts >= 2, f"{path.name}: a chapter has at least two charts, found {n_charts}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_raw_dataframe_display(path):
    """No cell ends in a bare expression that would print a DataFrame, Series, tuple or styler."""
    bad = []
    for i, c in _code(path):
        try:
            tree = ast.parse("".join(c["source"]))
        except SyntaxError:
            continue
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            v = tree.body[-1].value
            if isinstance(v, (ast.Name, ast.Subscript, ast.Tuple, ast.Attribute)):
                bad.append(i)
            if isinstance(v, ast.Call) and getattr(v.func, "attr", "") in {"head", "tail", "describe", "to_frame", "hide", "format", "round"}:
                bad.append(i)
    assert not bad, f"{path.name}: cells {bad} end in a bare table/value expression; use helpers.pages.table or glue"
