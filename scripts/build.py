"""Build the book safely and fast: what ``make book`` runs.

1. Data: ``python -m helpers.data.validate`` checks every dataset before any notebook runs (skipped
   when neither ``data/`` nor ``helpers/`` nor ``book/chapters.yml`` changed since it last passed).
   A bad file stops the build; the last lines name the file, the CSV line and the column.
2. Notebooks: ``scripts/execute.py`` runs each notebook whose code or recorded inputs changed in a
   fresh kernel, two at a time. A failing cell stops the build; the last lines name the chapter,
   the file, the cell number and the cell id.
3. Site: Sphinx (Jupyter Book 1, strict: ``-W -n --keep-going``) builds into a scratch folder,
   ``book/_build/.site/``, reusing its saved environment, so only changed pages are re-read.
   When nothing that goes into the site changed, this step is skipped altogether.
4. Publish: only after a successful build, the scratch site is copied (unchanged files hard-linked
   from the live site) and swapped with ``book/_build/html`` in one atomic rename. A failed build
   leaves the last good site untouched, so ``make serve`` never serves a half-built one.

Options: ``--force`` re-runs every notebook and re-reads every page; ``--jobs N`` (or ``BOOK_JOBS``)
sets how many notebooks run at once. One build per checkout at a time (``book/_build/.build.lock``).
Phase timings of the last build go to ``book/_build/.last-build.json`` (``make bench`` reads them).
"""
from __future__ import annotations

import argparse
import ctypes
import datetime
import hashlib
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import execute as ex  # noqa: E402

ROOT, BOOK = ex.ROOT, ex.BOOK
BUILD = BOOK / "_build"
SITE = BUILD / "html"
STAGE = BUILD / ".site"
STAGE_HTML = STAGE / "html"
DOCTREES = STAGE / "doctrees"
SITE_KEY = BUILD / ".site-inputs.sha256"
SPHINX_KEY = STAGE / "code.sha256"  # Sphinx does not notice its extensions' code changing: we do
VALID_KEY = BUILD / ".data-inputs.sha256"
LAST = BUILD / ".last-build.json"
LEGACY = (BUILD / ".jupyter_cache", BUILD / ".doctrees", BUILD / ".inputs-sha256")


def log(msg: str) -> None:
    print(msg, flush=True)


GENERATED = {BOOK / "_static" / "vega-bundle.js"}  # written into book/ by the build itself


def tree_hash(*paths: Path, skip: tuple[Path, ...] = (), suffixes: tuple[str, ...] | None = None) -> str:
    """SHA-256 over the relative paths and bytes of every file under ``paths``."""
    h = hashlib.sha256()
    for base in paths:
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file()) if base.exists() else []
        for p in files:
            if p in GENERATED or any(p == s or s in p.parents for s in skip) or "__pycache__" in p.parts \
                    or ".ipynb_checkpoints" in p.parts:
                continue
            if suffixes and p.suffix not in suffixes:
                continue
            h.update(p.relative_to(ROOT).as_posix().encode() + b"\0")
            h.update(p.read_bytes())
            h.update(b"\0")
    return h.hexdigest()


# ----------------------------------------------------------------------------------------------
# 1. Data


def validate() -> bool:
    if not (ROOT / "helpers" / "data" / "validate.py").exists():
        log("Data: helpers.data.validate not available yet; skipped")
        return True
    try:  # the fingerprints the validator leaves for the kernels (they skip re-checking those files)
        from helpers.paths import VALIDATED_STAMP
    except ImportError:
        VALIDATED_STAMP = None
    key = tree_hash(ROOT / "data", ROOT / "helpers", BOOK / "chapters.yml")
    stamp_ok = VALIDATED_STAMP is None or Path(VALIDATED_STAMP).exists()
    if VALID_KEY.exists() and VALID_KEY.read_text().strip() == key and stamp_ok:
        log("Data: unchanged since it last passed validation")
        return True
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "helpers.data.validate"], cwd=ROOT, capture_output=True, text=True)
    sys.stdout.write(r.stdout)
    sys.stderr.write(r.stderr)
    if r.returncode != 0:
        last = (r.stderr.strip() or r.stdout.strip()).splitlines()[-1:] or ["(no output)"]
        print("\nBuild stopped before running any notebook: a dataset breaks its contract. "
              f"The site in {SITE.relative_to(ROOT)} is unchanged.", file=sys.stderr)
        print(last[0], file=sys.stderr)
        return False
    VALID_KEY.parent.mkdir(parents=True, exist_ok=True)
    VALID_KEY.write_text(key)
    log(f"Data: validated in {time.perf_counter() - t:.1f} s")
    return True


# ----------------------------------------------------------------------------------------------
# 3. Site


def site_key() -> str:
    h = hashlib.sha256()
    h.update(tree_hash(BOOK, skip=(BUILD,)).encode())
    h.update(tree_hash(ex.STATE, suffixes=(".ipynb", ".json")).encode())
    h.update(tree_hash(ROOT / "data").encode())  # copied into the site
    h.update(tree_hash(*(ROOT / f for f in ex.ENV_FILES), Path(__file__)).encode())
    h.update(datetime.date.today().isoformat().encode())  # pages may carry the build date
    if re.search(r"^\s+reader:\s", (BOOK / "_config.yml").read_text(encoding="utf-8"), flags=re.M):
        h.update(git_state().encode())  # reader.py stamps pages with the commit date and zips the repo
    return h.hexdigest()


def git_state() -> str:
    """The last commit's date and every tracked file's bytes: what a page stamp or a source archive of
    the repository (book/_ext/reader.py) would show. Empty outside a git checkout."""
    try:
        date = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%cI"], capture_output=True,
                              text=True, timeout=30).stdout.strip()
        files = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, text=True,
                               timeout=30).stdout.split("\0")
    except (OSError, subprocess.SubprocessError):
        return ""
    h = hashlib.sha256(date.encode())
    for rel in sorted(f for f in files if f):
        p = ROOT / rel
        h.update(rel.encode() + b"\0")
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


# Imported in a background thread while notebooks run (the build process only waits on kernels
# then): saves ~2 s of a one-chapter rebuild. Missing modules are simply skipped.
_SPHINX_MODULES = (
    "sphinx.application", "sphinx.builders.html", "jupyter_book.sphinx", "myst_nb.sphinx_ext", "myst_parser.sphinx_ext.main",
    "sphinx_book_theme", "pydata_sphinx_theme", "sphinxcontrib.bibtex", "pybtex.style.formatting.plain",
    "sphinx_external_toc", "sphinx_design", "sphinx_copybutton", "sphinx_togglebutton", "sphinx_thebe",
    "sphinx_comments", "sphinx_multitoc_numbering", "sphinx_jupyterbook_latex", "latex2mathml.converter",
)


def preload_sphinx() -> threading.Thread:
    def run():
        for name in _SPHINX_MODULES:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - an optional module; Sphinx reports real problems itself
                pass

    t = threading.Thread(target=run, name="preload-sphinx", daemon=True)
    t.start()
    return t


def sphinx_code_key() -> str:
    """What changes every page without changing any source: the book's extensions and the toolchain."""
    return tree_hash(BOOK / "_ext", *(ROOT / f for f in ex.ENV_FILES), Path(__file__), suffixes=(".py", ".txt", ".toml", ".html"))


def sphinx(force: bool) -> bool:
    from jupyter_book.sphinx import build_sphinx

    code = sphinx_code_key()
    if not force and (not SPHINX_KEY.exists() or SPHINX_KEY.read_text() != code):
        if DOCTREES.exists():
            log("Site: the book's Sphinx extensions or the toolchain changed: every page is read again")
        force = True
    SPHINX_KEY.unlink(missing_ok=True)
    if force:  # a full rebuild starts from an empty output folder: no stale file survives
        shutil.rmtree(STAGE_HTML, ignore_errors=True)

    overrides = {
        "external_toc_path": (BOOK / "_toc.yml").as_posix(),
        "latex_individualpages": False,
        "nitpicky": True,  # -n
    }
    result = build_sphinx(
        str(BOOK),
        str(STAGE_HTML),
        doctreedir=str(DOCTREES),
        use_external_toc=True,
        noconfig=True,
        path_config=str(BOOK / "_config.yml"),
        confoverrides=overrides,
        builder="html",
        warningiserror=True,  # -W
        keep_going=True,  # --keep-going
        freshenv=force,
        verbosity=0,
        quiet=True,
    )
    if isinstance(result, BaseException) or result:
        # Sphinx only re-reads changed pages and would not repeat this run's warnings next time:
        # drop its saved environment so the next build reads every page again.
        shutil.rmtree(DOCTREES, ignore_errors=True)
        return False
    SPHINX_KEY.write_text(code)
    return True


# ----------------------------------------------------------------------------------------------
# 4. Publish


def _link_or_copy_from(live: Path, staged_root: Path, new_root: Path):
    def copy(src: str, dst: str) -> str:
        rel = Path(dst).relative_to(new_root)
        old = live / rel
        try:
            s, o = os.stat(src), os.stat(old)
            if s.st_size == o.st_size and s.st_mtime_ns == o.st_mtime_ns:
                os.link(old, dst)  # live files are never written in place, so sharing them is safe
                return dst
        except OSError:
            pass
        return shutil.copy2(src, dst)

    return copy


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    return fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def publish() -> None:
    new = BUILD / ".html-new"
    shutil.rmtree(new, ignore_errors=True)
    shutil.copytree(STAGE_HTML, new, copy_function=_link_or_copy_from(SITE, STAGE_HTML, new))
    if not SITE.exists():
        os.rename(new, SITE)
    elif not _exchange(new, SITE):
        old = BUILD / ".html-old"
        shutil.rmtree(old, ignore_errors=True)
        os.rename(SITE, old)
        os.rename(new, SITE)
        new = old
    shutil.rmtree(new, ignore_errors=True)


# ----------------------------------------------------------------------------------------------


def build(force: bool = False, jobs: int = ex.JOBS) -> int:
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    for p in LEGACY:
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        elif p.exists():
            p.unlink()

    t = time.perf_counter()
    if not validate():
        return 1
    times["validate_s"] = time.perf_counter() - t

    t = time.perf_counter()
    ex.import_kernel_modules()  # before the Sphinx preload thread starts importing the same packages
    preload = preload_sphinx()
    notebooks = ex.toc_notebooks()
    results = ex.execute(notebooks, jobs=jobs, force=force, log=log)
    times["execute_s"] = time.perf_counter() - t
    times["notebooks_run"] = len(results)
    if any(not r.ok for r in results):
        ex.print_failures(results)
        print(f"Build stopped: {sum(not r.ok for r in results)} notebook(s) failed (above). "
              f"The site in {SITE.relative_to(ROOT)} is unchanged.", file=sys.stderr)
        for line in ex.failure_report(results):
            print(line, file=sys.stderr)
        return 1

    t = time.perf_counter()
    key = site_key()
    up_to_date = not force and SITE.joinpath("index.html").exists() and SITE_KEY.exists() and SITE_KEY.read_text() == key
    if up_to_date:
        log("Site: nothing changed since the last build")
    else:
        SITE_KEY.unlink(missing_ok=True)
        preload.join()
        log("Site: Sphinx (strict: -W -n --keep-going) into book/_build/.site/ ...")
        if not sphinx(force):
            print(f"\nBuild failed: Sphinx reported the errors and warnings above. "
                  f"The site in {SITE.relative_to(ROOT)} is unchanged (last good build).", file=sys.stderr)
            return 1
        times["sphinx_s"] = time.perf_counter() - t
        t = time.perf_counter()
        publish()
        times["publish_s"] = time.perf_counter() - t
        SITE_KEY.write_text(key)
    times["total_s"] = time.perf_counter() - t0
    LAST.write_text(json.dumps({k: round(v, 2) for k, v in times.items()}, indent=1) + "\n")
    log(f"Book built: {SITE / 'index.html'}  ({times['total_s']:.1f} s)")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--force", action="store_true", help="re-run every notebook and re-read every page")
    ap.add_argument("--jobs", "-j", type=int, default=ex.JOBS, help="notebooks run at once (default 2)")
    args = ap.parse_args(argv)
    with ex.build_lock(log=log):
        return build(force=args.force, jobs=args.jobs)


if __name__ == "__main__":
    sys.exit(main())
