"""Notebook conventions: committed clean, with cell ids, and listed in the table of contents."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

BOOK_DIR = Path(__file__).resolve().parents[1] / "book"

NOTEBOOKS = sorted(p for p in BOOK_DIR.glob("*.ipynb"))


def _toc_files():
    toc = yaml.safe_load((BOOK_DIR / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part["chapters"]]
    return files


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs_and_with_ids(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4 and nb["nbformat_minor"] >= 5, "cell ids need nbformat 4.5"
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    ids = [c.get("id") for c in nb["cells"]]
    assert all(ids) and len(set(ids)) == len(ids), "every cell needs a unique id"
    for c in nb["cells"]:
        if c["cell_type"] == "code":
            assert c["outputs"] == [] and c["execution_count"] is None, f"cell {c['id']} has outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_uses_house_charts(path):
    src = "\n".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code")
    if "alt.Chart" in src:
        assert "charts.setup()" in src and "finish(" in src, "charts must go through helpers.charts"
    assert "read_csv(" not in src, "load data through helpers.data, not read_csv"
    assert not re.search(r"https?://cdn|jsdelivr|unpkg", src), "no CDN in notebooks"


def test_toc_lists_only_existing_pages_and_every_notebook():
    files = _toc_files()
    for f in files:
        assert any((BOOK_DIR / f"{f}{ext}").exists() for ext in (".md", ".ipynb")), f"toc lists missing page {f}"
    assert {p.stem for p in NOTEBOOKS} <= set(files), "every notebook must be in the toc"


def test_landing_page_links_every_chapter_in_the_toc():
    """The landing page's chapter map (written from book/chapters.yml when the book is built) links every chapter."""
    chapters = [f for f in _toc_files() if not f.startswith(("intro", "appendix", "glossary", "methods", "references", "exec_status"))]
    intro_md = BOOK_DIR / "intro.md"
    if intro_md.exists():  # a static landing page carries the map in its source
        intro = intro_md.read_text()
        missing = [f for f in chapters if f"]({f}.ipynb)" not in intro and f"]({f}.md)" not in intro]
    else:  # a notebook draws it when it runs: check the built page
        page = BOOK_DIR / "_build" / "html" / "intro.html"
        if not page.exists():
            pytest.skip("landing page not built yet: run `make book`")
        html = page.read_text(encoding="utf-8")
        missing = [f for f in chapters if f'href="{f}.html' not in html]
    assert not missing, f"the landing page's chapter map does not link {missing}"


def test_toc_is_generated_from_chapters_yml():
    import subprocess
    import sys

    r = subprocess.run([sys.executable, str(BOOK_DIR.parent / "scripts" / "sync_toc.py"), "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


CURRENCY_AS_MATH = re.compile(r"(?<!\\)\$\d[\d.,]*\s*(?:[\u4e00-\u9fff]|billion|million|trillion|bn\b|[BMT]\b)")


@pytest.mark.parametrize("path", NOTEBOOKS + sorted(BOOK_DIR.glob("*.md")), ids=lambda p: p.name)
def test_dollar_amounts_are_not_parsed_as_math(path):
    """With MyST's dollarmath on, "$5億 ... $13.5億" would render as a formula: write \\$ or USD."""
    if path.suffix == ".md":
        texts = [path.read_text(encoding="utf-8")]
    else:
        texts = ["".join(c["source"]) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "markdown"]
    hits = [m.group(0) for t in texts for m in CURRENCY_AS_MATH.finditer(t)]
    assert not hits, f"unescaped dollar amounts: {hits[:5]}"
