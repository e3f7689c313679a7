"""Benchmarks for the book (`make bench`). Reports, never asserts.

- cold build of the whole book (no _build, no cache), rebuild with nothing changed,
  rebuild with one chapter's code changed;
- each notebook's execution time (from jupyter-cache);
- each page's size: HTML bytes and the embedded chart data within it (the shared
  vega bundle, loaded once and cached, is reported separately);
- the OpenAI revenue Monte Carlo: 10^6 paths x 10 years.
Results go to stdout and book/_build/bench.json.
"""
from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
BUILD = BOOK / "_build"
JB = [str(ROOT / ".venv" / "bin" / "jupyter-book"), "build", str(BOOK), "-W", "-n", "--keep-going"]


def build() -> float:
    t = time.perf_counter()
    r = subprocess.run(JB, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("build failed:\n" + r.stdout[-3000:] + r.stderr[-3000:])
    return time.perf_counter() - t


def main() -> None:
    out: dict = {}
    shutil.rmtree(BUILD, ignore_errors=True)
    out["cold_build_s"] = round(build(), 1)
    out["rebuild_unchanged_s"] = round(build(), 1)
    chapters = sorted(p for p in BOOK.glob("*.ipynb") if not p.stem.startswith(("appendix", "methods")))
    if chapters:
        nb = chapters[0]
        original = nb.read_text(encoding="utf-8")
        data = json.loads(original)
        cell = next(c for c in data["cells"] if c["cell_type"] == "code")
        cell["source"] = "".join(cell["source"]) + "\n# bench: one chapter changed\n"
        nb.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        try:
            out["rebuild_one_chapter_changed_s"] = round(build(), 1)
            out["changed_chapter"] = nb.name
        finally:
            nb.write_text(original, encoding="utf-8")
        build()  # restore the site for the original notebook (a cache hit)

    from jupyter_cache import get_cache

    cache = get_cache(str(BUILD / ".jupyter_cache"))
    times = {}
    for rec in cache.list_cache_records():
        secs = (rec.data or {}).get("execution_seconds")
        if secs is not None:
            times[Path(rec.uri).name] = round(secs, 2)
    out["notebook_execution_s"] = dict(sorted(times.items()))

    html = BUILD / "html"
    pages = {}
    for p in sorted(html.glob("*.html")):
        text = p.read_text(encoding="utf-8")
        charts = re.findall(r'<script type="text/javascript">\s*var VEGA_DEBUG.*?</script>', text, flags=re.S)
        pages[p.name] = {
            "html_kb": round(len(text.encode()) / 1024, 1),
            "html_gzip_kb": round(len(gzip.compress(text.encode())) / 1024, 1),
            "charts": len(charts),
            "chart_data_kb": round(sum(len(c.encode()) for c in charts) / 1024, 1),
        }
    out["pages"] = pages
    bundle = html / "_static" / "vega-bundle.js"
    if bundle.exists():
        b = bundle.read_bytes()
        out["vega_bundle_kb"] = {"raw": round(len(b) / 1024), "gzip": round(len(gzip.compress(b)) / 1024)}

    try:
        from helpers import revenue

        out["revenue_mc_1e6_paths_10y_s"] = round(min(revenue.benchmark() for _ in range(3)), 3)
    except (ImportError, AttributeError) as exc:
        out["revenue_mc_1e6_paths_10y_s"] = f"not available ({exc})"

    (BUILD / "bench.json").write_text(json.dumps(out, indent=2))
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
