"""The build: safe (a failure never touches the live site), incremental by recorded dependency,
deterministic, and light pages.

Most tests build a tiny fixture book (two notebooks, two datasets, two helper modules, a stand-in
``helpers.data.validate``) with the real ``scripts/build.py``, ``scripts/execute.py`` and the
book's own Sphinx extensions, in a temporary folder. The tests of the real site need the built
book (``make test`` builds it first); they replace the old second nbmake pass over every notebook:
the build executed each notebook in a fresh kernel, and ``test_every_notebook_ran_for_its_current_inputs``
checks that those executions match the notebooks' current code, helper modules, data and environment.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BOOK = REPO / "book"
HTML = BOOK / "_build" / "html"
PY = sys.executable


# ----------------------------------------------------------------------------------------------
# The fixture book


def _nb(cells: list[tuple[str, str, str]]) -> str:
    return json.dumps({
        "cells": [
            {"cell_type": t, "id": i, "metadata": {}, "source": src,
             **({"outputs": [], "execution_count": None} if t == "code" else {})}
            for i, t, src in cells
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }, indent=1)


FILES = {
    "book/_config.yml": """\
        title: Fixture book
        author: Tests
        only_build_toc_files: true
        exclude_patterns: ["_build"]
        execute:
          execute_notebooks: "off"
          stderr_output: remove-warn
        html:
          use_repository_button: false
        launch_buttons:
          thebe: false
        sphinx:
          local_extensions:
            executed_notebooks: _ext
            page_assets: _ext
            search_index: _ext
          config:
            html_context:
              default_mode: light
            nb_merge_streams: true
        """,
    "book/_toc.yml": """\
        format: jb-book
        root: intro
        chapters:
          - file: alpha
            title: "1. Alpha chapter"
          - file: beta
            title: "2. Beta chapter"
          - file: exec_status
            title: "Execution status"
        """,
    "book/exec_status.md": "# Execution status\n\n```{book-exec-table}\n```\n",
    "book/intro.md": "# Fixture book\n\nTwo chapters.\n\n```{glossary}\nCapex\n  Capital expenditure.\n```\n",
    "data/alpha.csv": "x,value\n1,10\n2,20\n",
    "data/beta.csv": "x,value\n1,5\n",
    "helpers/__init__.py": "",
    "helpers/alpha.py": "def total(path):\n    return sum(int(l.split(',')[1]) for l in open(path).read().splitlines()[1:] if l)\n",
    "helpers/beta.py": "def count(path):\n    return len(open(path).read().splitlines()) - 1\n",
    "helpers/data/__init__.py": "",
    "helpers/data/validate.py": """\
        import sys
        from pathlib import Path
        bad = []
        for f in sorted(Path("data").glob("*.csv")):
            for n, line in enumerate(f.read_text().splitlines(), 1):
                if "BAD" in line:
                    bad.append(f"data error: {f}, line {n}, column value: not a number")
        for b in bad:
            print(b, file=sys.stderr)
        if bad:
            print(f"Data validation failed; first: {bad[0]}", file=sys.stderr)
            sys.exit(1)
        print("Data valid")
        """,
}
NOTEBOOKS = {
    "book/alpha.ipynb": [
        ("a-md", "markdown", "# Alpha chapter\n\nThe total is in the output below."),
        ("a-code1", "code", "from helpers import alpha\ntotal = alpha.total('../data/alpha.csv')"),
        ("a-code2", "code", "print('total', total)"),
    ],
    "book/beta.ipynb": [
        ("b-md", "markdown", "# Beta chapter"),
        ("b-code1", "code", "from helpers import beta\nprint('rows', beta.count('../data/beta.csv'))"),
    ],
}


def _write_fixture(root: Path) -> None:
    for rel, text in FILES.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text))
    for rel, cells in NOTEBOOKS.items():
        (root / rel).write_text(_nb(cells))
    (root / "scripts").mkdir()
    for f in ("build.py", "execute.py"):
        shutil.copy2(REPO / "scripts" / f, root / "scripts" / f)
    (root / "book" / "_ext").mkdir()
    for f in ("executed_notebooks.py", "page_assets.py", "search_index.py"):
        shutil.copy2(BOOK / "_ext" / f, root / "book" / "_ext" / f)
    for f in ("requirements.txt", "pyproject.toml"):
        shutil.copy2(REPO / f, root / f)


def build(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(root))  # the fixture's helpers, not the book's
    env.pop("BOOK_BUILD_LOCK", None)
    return subprocess.run([PY, "scripts/build.py", *args], cwd=root, env=env, capture_output=True, text=True,
                          timeout=600)


def plan(root: Path) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(root))
    r = subprocess.run([PY, "scripts/execute.py", "--list"], cwd=root, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    return sorted(line.split(":")[0] for line in r.stdout.splitlines() if line.strip())


def site(root: Path) -> dict[str, bytes]:
    html = root / "book" / "_build" / "html"
    return {p.relative_to(html).as_posix(): p.read_bytes() for p in sorted(html.rglob("*")) if p.is_file()}


def last_lines(r: subprocess.CompletedProcess, n: int = 4) -> str:
    return "\n".join((r.stdout + r.stderr).strip().splitlines()[-n:])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fixture") / "repo"
    root.mkdir()
    _write_fixture(root)
    r = build(root)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    return root


@pytest.fixture
def repo(built, tmp_path) -> Path:
    """A private copy of the built fixture (sources, records and site)."""
    root = tmp_path / "repo"
    shutil.copytree(built, root, symlinks=True)
    return root


# ----------------------------------------------------------------------------------------------
# Fixture tests


def test_fixture_builds_with_outputs_in_the_pages(built):
    page = (built / "book" / "_build" / "html" / "alpha.html").read_text()
    assert "total 30" in page  # the executed output, although myst-nb's execution is off
    manifest = json.loads((built / "book" / "_build" / ".executed" / "manifest.json").read_text())["notebooks"]
    assert set(manifest) == {"alpha", "beta"}


def test_unchanged_rebuild_runs_nothing(repo):
    r = build(repo)
    assert r.returncode == 0, r.stderr
    assert "all 2 up to date" in r.stdout and "nothing changed" in r.stdout


def test_failing_cell_keeps_the_last_good_site_and_names_chapter_file_and_cell(repo):
    before = site(repo)
    nb = repo / "book" / "beta.ipynb"
    cells = NOTEBOOKS["book/beta.ipynb"] + [("b-boom", "code", "raise ValueError('boom in beta')")]
    nb.write_text(_nb(cells))
    r = build(repo)
    assert r.returncode != 0
    tail = last_lines(r, 2)
    assert "2. Beta chapter" in tail and "book/beta.ipynb" in tail, tail
    assert "cell 3" in tail and "b-boom" in tail and "ValueError: boom in beta" in tail, tail
    assert site(repo) == before, "a failed build changed the live site"


def test_sphinx_failure_keeps_the_last_good_site(repo):
    before = site(repo)
    (repo / "book" / "intro.md").write_text("# Fixture book\n\nA link to {doc}`no-such-page`.\n")
    r = build(repo)
    assert r.returncode != 0
    assert "unchanged" in last_lines(r, 2)
    assert site(repo) == before
    # ... and the warning comes back on the next attempt (Sphinx would not repeat it by itself)
    r = build(repo)
    assert r.returncode != 0 and "no-such-page" in r.stdout + r.stderr


def test_bad_csv_stops_the_build_before_any_notebook_runs(repo):
    before = site(repo)
    records = repo / "book" / "_build" / ".executed"
    shutil.rmtree(records)  # every notebook would have to run
    with open(repo / "data" / "beta.csv", "a") as f:
        f.write("2,BAD\n")
    r = build(repo)
    assert r.returncode != 0
    assert "data/beta.csv, line 3, column value" in last_lines(r, 1)
    assert not records.exists(), "a notebook ran although the data were invalid"
    assert site(repo) == before


def test_changed_dataset_reruns_only_the_chapters_that_read_it(repo):
    with open(repo / "data" / "alpha.csv", "a") as f:
        f.write("3,30\n")
    assert plan(repo) == ["alpha"]
    r = build(repo)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "running 1 of 2" in r.stdout
    assert "total 60" in (repo / "book" / "_build" / "html" / "alpha.html").read_text()


def test_changed_helper_module_reruns_only_the_chapters_that_imported_it(repo):
    with open(repo / "helpers" / "beta.py", "a") as f:
        f.write("\n# changed\n")
    assert plan(repo) == ["beta"]


def test_markdown_edit_rebuilds_the_page_without_running_the_notebook(repo):
    nb = repo / "book" / "alpha.ipynb"
    cells = [(i, t, s + "\n\nA new sentence." if t == "markdown" else s) for i, t, s in NOTEBOOKS["book/alpha.ipynb"]]
    nb.write_text(_nb(cells))
    assert plan(repo) == []
    r = build(repo)
    assert r.returncode == 0, r.stderr[-2000:]
    page = (repo / "book" / "_build" / "html" / "alpha.html").read_text()
    assert "A new sentence." in page and "total 30" in page


def test_html_is_identical_across_builds_from_the_same_inputs(repo, built):
    r = build(repo, "--force")  # every notebook runs again, every page is written again
    assert r.returncode == 0, r.stderr[-2000:]
    a, b = site(built), site(repo)
    assert sorted(a) == sorted(b)
    differ = [k for k in a if a[k] != b[k]]
    assert not differ, f"files differ between two builds of the same inputs: {differ[:10]}"


def test_html_is_identical_after_an_edit_and_its_undo(repo, built):
    """An incremental rebuild writes the same bytes as a clean one (no build-history leaks, such as
    a static file's checksum present only when an earlier build left the file behind)."""
    nb = repo / "book" / "alpha.ipynb"
    original = nb.read_text()
    for text in (original.replace("The total is in the output below.", "An edit."), original):
        nb.write_text(text)
        r = build(repo)
        assert r.returncode == 0, r.stderr[-2000:]
    a, b = site(built), site(repo)
    differ = [k for k in a if a[k] != b.get(k)]
    assert not differ, f"files differ after an edit and its undo: {differ[:10]}"


# ----------------------------------------------------------------------------------------------
# The real book


needs_site = pytest.mark.skipif(not (HTML / "index.html").exists(), reason="no built site: run `make book`")


@needs_site
def test_every_notebook_ran_for_its_current_inputs():
    """The build ran every notebook in a fresh kernel; its records must match today's code, data and helpers."""
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import execute
    finally:
        sys.path.pop(0)
    notebooks = execute.toc_notebooks()
    assert notebooks
    stale = execute.plan(notebooks)
    assert not stale, "notebooks not executed for their current inputs (run `make book`): " + ", ".join(
        f"{nb.doc} ({why})" for nb, why in stale)


def _page_assets(page: Path) -> dict[str, int]:
    text = page.read_text(encoding="utf-8")
    out = {}
    for m in re.finditer(r'<(?:script|link)\b[^>]*?(?:src|href)="([^"#?]+)[^"]*"[^>]*>', text):
        tag, url = m.group(0), m.group(1)
        if tag.startswith("<link") and "stylesheet" not in tag:
            continue
        f = (page.parent / url).resolve()
        if f.is_file():
            out[url] = f.stat().st_size
    return out


@needs_site
def test_heaviest_chapter_page_with_its_scripts_and_styles_is_under_1_5_mb():
    weights = {}
    for page in HTML.glob("*.html"):
        if page.name in {"genindex.html", "search.html", "index.html"}:
            continue
        assets = {k: v for k, v in _page_assets(page).items() if not k.endswith("vega-bundle.js")}
        weights[page.name] = page.stat().st_size + sum(assets.values())
    heaviest = max(weights, key=weights.get)
    assert weights[heaviest] < 1.5 * 1024 * 1024, f"{heaviest}: {weights[heaviest] / 1024:.0f} KB"


@needs_site
def test_chart_bundle_is_deferred_and_only_on_chart_pages():
    for page in HTML.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        head, _, body = text.partition("</head>")
        tags = re.findall(r"<script[^>]*vega-bundle\.js[^>]*>", text)
        if 'class="book-chart' in body:  # a chart (the house renderer's figure)
            assert len(tags) == 1 and "defer" in tags[0], f"{page.name}: {tags}"
            assert "__bookVegaReady" in head, f"{page.name}: no vegaEmbed stand-in before the charts"
        else:
            assert not tags, f"{page.name} loads the chart bundle but has no chart"


@needs_site
def test_no_full_icon_font_script_and_mathjax_only_with_maths():
    fa = HTML / "_static" / "scripts" / "fontawesome.js"
    assert fa.stat().st_size < 100_000, "the 1.5 MB Font Awesome script is back"
    for page in HTML.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        if "mathjax/tex-chtml" in text:
            assert 'class="math' in text, f"{page.name} loads MathJax without maths"


def test_make_lab_runs_as_root_or_not():
    r = subprocess.run(["make", "-n", "lab"], cwd=REPO, capture_output=True, text=True)
    line = next(ln for ln in r.stdout.splitlines() if "jupyter lab" in ln)
    assert ("--allow-root" in line) == (os.getuid() == 0), line
