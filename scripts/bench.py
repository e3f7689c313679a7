"""Benchmarks for the book (`make bench`). Reports, never asserts.

Everything runs in a scratch copy of the repository (no ``.git``, ``.venv``, ``book/_build`` or
generated bundle, like a clean clone), so the live site and anyone else's work are untouched;
``PYTHONPATH`` points the copy's kernels at the copy's ``helpers``. Measured in the same run:

- the floor: one empty kernel per notebook, one after another, through the build's own kernel
  life cycle (``scripts/execute.py --floor N``);
- a cold build (nothing built, nothing executed), a rebuild with nothing changed, a rebuild after
  one chapter's code changed, after one dataset changed and after one helper module changed (each
  also says how many notebooks ran again), each as seconds and as a ratio to the floor;
- each notebook's run time (cold build): in all, its code cells alone (without starting the kernel)
  and its first code cell (the chapter's imports), and the phases of the cold build;
- the test suite on the cold-built copy (``pytest -n 2 tests helpers``, what ``make test`` runs
  after the build), so ``make test`` = cold build + tests can be set against its budget;
- each page's weight: the HTML plus every script and stylesheet it references, except the shared
  chart bundle (reported once on its own);
- import costs of the heavy libraries in a fresh interpreter (with and without the altair shim);
- the OpenAI revenue Monte Carlo: 10^6 paths x 10 years.

Prints one line per figure, writes ``book/_build/bench.json`` and appends one line to
``book/_build/bench-history.jsonl``. ``--quick`` skips the tests, the imports and the Monte Carlo.
"""
from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "book" / "_build"
PY = sys.executable
SKIP = {".git", ".venv", "_build", "__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".hypothesis"}
BUNDLE = "vega-bundle.js"


def copy_repo(dst: Path) -> Path:
    def ignore(d, names):
        out = {n for n in names if n in SKIP or n.endswith(".egg-info")}
        if Path(d).name == "_static":
            out.add(BUNDLE)  # generated at build time: a clean clone does not have it
        return out

    shutil.copytree(ROOT, dst, ignore=ignore, symlinks=True)
    return dst


def run(tree: Path, *args: str, check: bool = True) -> tuple[float, str]:
    env = dict(os.environ, PYTHONPATH=str(tree) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("BOOK_BUILD_LOCK", None)
    t = time.perf_counter()
    r = subprocess.run([PY, *args], cwd=tree, env=env, capture_output=True, text=True)
    secs = time.perf_counter() - t
    if check and r.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
    return secs, r.stdout + r.stderr


def build(tree: Path) -> tuple[float, dict]:
    secs, _ = run(tree, "scripts/build.py")
    last = json.loads((tree / "book" / "_build" / ".last-build.json").read_text())
    return secs, last


def touch_code(nb: Path) -> None:
    data = json.loads(nb.read_text(encoding="utf-8"))
    cell = next(c for c in data["cells"] if c["cell_type"] == "code")
    cell["source"] = "".join(cell["source"]) + "\n# bench: one chapter changed\n"
    nb.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def least_used(manifest: dict, prefix: str, suffix: str) -> tuple[str | None, list[str]]:
    users: dict[str, list[str]] = {}
    for doc, rec in manifest.items():
        for dep in rec.get("deps", {}):
            if dep.startswith(prefix) and dep.endswith(suffix) and not dep.endswith("__init__.py"):
                users.setdefault(dep, []).append(doc)
    if not users:
        return None, []
    dep = min(sorted(users), key=lambda d: len(users[d]))
    return dep, sorted(users[dep])


def page_weights(html: Path) -> tuple[dict, dict]:
    pages = {}
    ref = re.compile(r'<(?:script|link)\b[^>]*?(?:src|href)="([^"#?]+)[^"]*"[^>]*>', re.S)
    for p in sorted(html.glob("*.html")):
        text = p.read_text(encoding="utf-8")
        own = len(text.encode())
        assets, total = {}, own
        for m in ref.finditer(text):
            tag, url = m.group(0), m.group(1)
            if url.startswith(("http:", "https:", "data:")) or (tag.startswith("<link") and "stylesheet" not in tag):
                continue
            f = (p.parent / url).resolve()
            if f.name == BUNDLE or not f.is_file() or url in assets:
                continue
            assets[url] = f.stat().st_size
            total += f.stat().st_size
        charts = re.findall(r'<figure class="book-chart', text) or re.findall(r"var VEGA_DEBUG", text)
        pages[p.name] = {
            "html_kb": round(own / 1024, 1),
            "html_gzip_kb": round(len(gzip.compress(text.encode())) / 1024, 1),
            "with_assets_kb": round(total / 1024, 1),
            "charts": len(charts),
            "chart_bundle": BUNDLE in text,
            "mathjax": "mathjax" in text.lower() and "tex-chtml" in text,
            "largest_assets_kb": {k: round(v / 1024, 1) for k, v in sorted(assets.items(), key=lambda kv: -kv[1])[:4]},
        }
    b = html / "_static" / BUNDLE
    bundle = {}
    if b.exists():
        data = b.read_bytes()
        bundle = {"raw_kb": round(len(data) / 1024), "gzip_kb": round(len(gzip.compress(data)) / 1024)}
    return pages, bundle


def import_costs(tree: Path) -> dict:
    mods = ["altair", "statsmodels.api", "pandas", "scipy.stats", "ipykernel.kernelapp", "helpers"]
    for extra in ("helpers.charts", "helpers.data", "helpers.models"):
        if (tree / extra.replace(".", "/")).exists() or (tree / (extra.replace(".", "/") + ".py")).exists():
            mods.append(extra)
    out = {}
    env = dict(os.environ, PYTHONPATH=str(tree))
    for label, extra_env in (("", {}), (" (no shim)", {"BOOK_NO_IMPORT_SHIM": "1"})):
        for m in mods if not label else ["altair"]:
            best = None
            for _ in range(3):
                r = subprocess.run([PY, "-X", "importtime", "-c", f"import {m}"], cwd=tree, capture_output=True,
                                   text=True, env={**env, **extra_env})
                rows = [ln for ln in r.stderr.splitlines() if ln.startswith("import time:")]
                hit = [ln for ln in rows if ln.split("|")[-1].strip() == m]
                if r.returncode == 0 and hit:
                    us = int(hit[-1].split("|")[1])
                    best = us if best is None else min(best, us)
            out[m + label] = round(best / 1e6, 2) if best is not None else "failed"
    return out


def revenue_benchmark(tree: Path):
    code = (
        "import importlib\n"
        "for name in ('helpers.models.revenue_montecarlo', 'helpers.models.revenue', 'helpers.revenue'):\n"
        "    try:\n        m = importlib.import_module(name); break\n"
        "    except ImportError:\n        m = None\n"
        "print(min(m.benchmark() for _ in range(3)) if m else 'n/a')\n"
    )
    _, out = run(tree, "-c", code, check=False)
    last = out.strip().splitlines()[-1] if out.strip() else "n/a"
    try:
        return round(float(last), 3)
    except ValueError:
        return f"not available ({last[:120]})"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="skip import costs and the Monte Carlo")
    ap.add_argument("--keep", action="store_true", help="keep the scratch copy")
    args = ap.parse_args(argv)
    out: dict = {"when": datetime.datetime.now().isoformat(timespec="seconds"), "cores": os.cpu_count()}
    try:
        out["commit"] = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                       capture_output=True, text=True).stdout.strip()
    except OSError:
        pass
    base = Path(tempfile.mkdtemp(prefix="book-bench-"))
    tree = copy_repo(base / "repo")
    try:
        sys.path.insert(0, str(tree / "scripts"))
        import execute as ex  # the copy's, for toc parsing

        n = len(ex.toc_notebooks(tree / "book"))
        out["notebooks"] = n
        floor, _ = run(tree, "scripts/execute.py", "--floor", str(n))
        out["floor_s"] = round(floor, 1)

        cold, phases = build(tree)
        out["cold_build_s"] = round(cold, 1)
        out["cold_phases_s"] = phases
        manifest = json.loads((tree / "book" / "_build" / ".executed" / "manifest.json").read_text())["notebooks"]
        out["notebook_s"] = {k: v["seconds"] for k, v in sorted(manifest.items())}
        out["notebook_cells_s"] = {k: v.get("cells_s") for k, v in sorted(manifest.items())}
        out["notebook_first_cell_s"] = {k: v.get("first_cell_s") for k, v in sorted(manifest.items())}
        out["notebook_kernel_s"] = {k: v.get("kernel_s") for k, v in sorted(manifest.items())}
        if not args.quick:
            secs, text = run(tree, "-m", "pytest", "-n", "2", "tests", "helpers", "-q", "-p", "no:randomly", check=False)
            out["tests_s"] = round(secs, 1)
            out["tests_result"] = (text.strip().splitlines() or ["?"])[-1]
        out["notebook_s_sum"] = round(sum(out["notebook_s"].values()), 1)
        out["slow_cells"] = sorted(
            ([doc, *c] for doc, rec in manifest.items() for c in rec.get("slowest_cells", []) if c[2] >= 1.0),
            key=lambda c: -c[3])[:12]

        out["rebuild_unchanged_s"] = round(build(tree)[0], 2)

        chapters = sorted(p for p in (tree / "book").glob("*.ipynb") if not p.stem.startswith(("appendix", "methods")))
        if chapters:
            touch_code(chapters[0])
            secs, last = build(tree)
            out["rebuild_one_chapter_s"] = round(secs, 1)
            out["rebuild_one_chapter"] = {"changed": chapters[0].name, "notebooks_run": last.get("notebooks_run")}

        dep, users = least_used(manifest, "data/", ".csv")
        if dep:
            with open(tree / dep, "a", encoding="utf-8") as f:
                f.write("\n")  # a changed file that still validates
            secs, last = build(tree)
            out["rebuild_one_dataset_s"] = round(secs, 1)
            out["rebuild_one_dataset"] = {"changed": dep, "used_by": users, "notebooks_run": last.get("notebooks_run")}

        dep, users = least_used(manifest, "helpers/", ".py")
        if dep:
            with open(tree / dep, "a", encoding="utf-8") as f:
                f.write("\n# bench: helper changed\n")
            secs, last = build(tree)
            out["rebuild_one_helper_s"] = round(secs, 1)
            out["rebuild_one_helper"] = {"changed": dep, "used_by": users, "notebooks_run": last.get("notebooks_run")}

        pages, bundle = page_weights(tree / "book" / "_build" / "html")
        out["pages"] = pages
        out["chart_bundle_kb"] = bundle
        chapter_pages = {k: v for k, v in pages.items() if k not in {"genindex.html", "search.html", "index.html"}}
        heaviest = max(chapter_pages, key=lambda k: chapter_pages[k]["with_assets_kb"])
        out["heaviest_page"] = {"page": heaviest, "with_assets_kb": chapter_pages[heaviest]["with_assets_kb"]}

        if not args.quick:
            out["import_s"] = import_costs(tree)
            out["revenue_mc_1e6_paths_10y_s"] = revenue_benchmark(tree)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
        else:
            print(f"scratch copy kept: {tree}")

    f = out["floor_s"]

    def line(label, secs, budget=None):
        ratio = f"{secs / f:.2f}x floor" if f else ""
        extra = f"  (budget {budget})" if budget else ""
        print(f"{label:34} {secs:7.1f} s   {ratio}{extra}")

    print(f"\nFloor: {n} empty kernels, one after another: {f:.1f} s ({f / n:.2f} s each)")
    line("Cold build", out["cold_build_s"], "<= 3x floor, aim 2x")
    print(f"{'':34} phases: " + ", ".join(f"{k} {v}" for k, v in out["cold_phases_s"].items()))
    print(f"{'':34} notebooks: sum {out['notebook_s_sum']} s, "
          f"slowest {max(out['notebook_s'].items(), key=lambda kv: kv[1])}")
    line("Rebuild, nothing changed", out["rebuild_unchanged_s"], "< 5 s")
    for key, label, budget in (("one_chapter", "Rebuild, one chapter's code", "< 10 s"),
                               ("one_dataset", "Rebuild, one dataset", None),
                               ("one_helper", "Rebuild, one helper module", None)):
        if f"rebuild_{key}_s" in out:
            line(label, out[f"rebuild_{key}_s"], budget)
            info = out[f"rebuild_{key}"]
            print(f"{'':34} changed {info['changed']}: {info['notebooks_run']} notebook(s) ran"
                  + (f" (recorded users: {', '.join(info['used_by'])})" if "used_by" in info else ""))
    if "tests_s" in out:
        mt = out["cold_build_s"] + out["tests_s"]
        print(f"{'make test (cold build + tests)':34} {mt:7.1f} s   tests {out['tests_s']} s "
              f"(budget: cold build + 120 s = {out['cold_build_s'] + 120:.0f} s); {out['tests_result']}")
    cells = {k: v for k, v in out["notebook_cells_s"].items() if v is not None}
    first = {k: v for k, v in out["notebook_first_cell_s"].items() if v is not None}
    if cells:
        worst = max(cells.items(), key=lambda kv: kv[1])
        print(f"{'Slowest notebook, code cells':34} {worst[1]:7.1f} s   {worst[0]}  (budget < 2.5 s; "
              f"with its kernel start {out['notebook_s'][worst[0]]} s)")
        worst = max(out["notebook_s"].items(), key=lambda kv: kv[1])
        print(f"{'Slowest notebook, with kernel':34} {worst[1]:7.1f} s   {worst[0]}")
    if first:
        worst = max(first.items(), key=lambda kv: kv[1])
        print(f"{'Slowest first cell (imports)':34} {worst[1]:7.1f} s   {worst[0]}  (budget < 1.5 s)")
    print("\nPer notebook (cold, s: all / code cells / first cell): " + ", ".join(
        f"{k} {v}/{out['notebook_cells_s'].get(k)}/{out['notebook_first_cell_s'].get(k)}" for k, v in out["notebook_s"].items()))
    if out.get("slow_cells"):
        print("Cells over 1 s (notebook, cell number, id, s): "
              + "; ".join(f"{d} #{n} {i} {s}" for d, n, i, s in out["slow_cells"]))
    print(f"\nHeaviest page with its scripts and styles (bar the chart bundle): {out['heaviest_page']['page']} "
          f"{out['heaviest_page']['with_assets_kb']:.0f} KB (budget < 1536 KB); chart bundle {bundle}")
    for name, pg in sorted(pages.items(), key=lambda kv: -kv[1]["with_assets_kb"])[:6]:
        print(f"  {name:28} {pg['with_assets_kb']:7.0f} KB  html {pg['html_kb']:.0f} KB, charts {pg['charts']}, "
              f"mathjax {pg['mathjax']}, largest {pg['largest_assets_kb']}")
    if "import_s" in out:
        print("\nImports (s, fresh interpreter): " + ", ".join(f"{k} {v}" for k, v in out["import_s"].items()))
        print(f"Revenue Monte Carlo 1e6 x 10y: {out['revenue_mc_1e6_paths_10y_s']} s")

    BUILD.mkdir(parents=True, exist_ok=True)
    (BUILD / "bench.json").write_text(json.dumps(out, indent=2) + "\n")
    summary = {k: out.get(k) for k in ("when", "commit", "cores", "notebooks", "floor_s", "cold_build_s",
                                       "rebuild_unchanged_s", "rebuild_one_chapter_s", "rebuild_one_dataset_s",
                                       "rebuild_one_helper_s", "notebook_s_sum", "heaviest_page", "tests_s",
                                       "revenue_mc_1e6_paths_10y_s")}
    summary["cold_ratio"] = round(out["cold_build_s"] / f, 2) if f else None
    with open(BUILD / "bench-history.jsonl", "a", encoding="utf-8") as h:
        h.write(json.dumps(summary) + "\n")
    print(f"\nWrote {BUILD / 'bench.json'}; appended to {BUILD / 'bench-history.jsonl'}")


if __name__ == "__main__":
    main()
