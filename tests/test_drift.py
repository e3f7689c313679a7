"""Prose cannot drift from data: change a figure in a scratch copy of data/, re-run the chapter, read its text.

Chapter 3's headline rests on OpenAI's audited 2025 revenue (USD 13.07 billion). The test doubles that
one value in a copy of ``data/`` (``AIBUBBLE_DATA_DIR`` points the book at it), executes the chapter in
a fresh kernel, renders its prose with the glued values filled in, and requires the new figure to
appear and the old one to have vanished: a number typed into the text instead of glued would survive
the edit and fail the test.
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "book" / "openai_engine.ipynb"
ROW_OLD = ",13.07,USD billions,reported,2026-06-16,"
ROW_NEW = ",26.14,USD billions,reported,2026-06-16,"
_GLUE = re.compile(r"\{glue(?::text)?\}`([^`:]+)(?::([^`]*))?`")


def rendered_prose(nb) -> str:
    """The notebook's markdown with every glue reference replaced by its glued value, formatted."""
    values = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            name = (out.get("metadata", {}).get("scrapbook") or {}).get("name")
            if name:
                data = out.get("data", {})
                values[name] = data.get("application/papermill.record/text/plain", data.get("text/plain", ""))

    def sub(m):
        raw = values.get(m.group(1), "")
        fmt = m.group(2)
        if fmt:
            try:
                return format(float(raw), fmt)
            except ValueError:
                return raw.strip("'\"")
        return raw.strip("'\"")

    return "\n".join(_GLUE.sub(sub, "".join(c.source)) for c in nb.cells if c.cell_type == "markdown")


def run_chapter(path: Path, data_dir: Path):
    nb = nbformat.read(path, as_version=4)
    env_before = os.environ.get("AIBUBBLE_DATA_DIR")
    os.environ["AIBUBBLE_DATA_DIR"] = str(data_dir)
    try:
        NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "book")}}).execute()
    finally:
        if env_before is None:
            os.environ.pop("AIBUBBLE_DATA_DIR", None)
        else:
            os.environ["AIBUBBLE_DATA_DIR"] = env_before
    return nb


def test_an_edited_figure_leaves_no_trace_in_the_prose(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    csv = data / "openai_financials.csv"
    text = csv.read_text(encoding="utf-8")
    assert text.count(ROW_OLD) == 1, "the audited 2025 revenue row moved: update this test"
    csv.write_text(text.replace(ROW_OLD, ROW_NEW), encoding="utf-8")
    prose = rendered_prose(run_chapter(NOTEBOOK, data))
    assert "26.14" in prose, "the new figure does not reach the text"
    stale = [line.strip()[:120] for line in prose.splitlines() if "13.07" in line]
    assert not stale, f"the old figure survives in the prose (typed, not glued): {stale}"
