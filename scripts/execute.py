"""Execute the book's notebooks: each in a fresh kernel, two at a time, only when its inputs changed.

This replaces jupyter-cache, which runs notebooks one after another and keys a notebook on its
own code only. Here:

* Every notebook in ``book/_toc.yml`` runs top to bottom in a new ``python3`` kernel (nbclient),
  ``--jobs`` at a time (default: 2, one per core), longest first. Working directory: ``book/``.
* What a notebook used is recorded as it runs, in the same kernel: before the first cell a hidden
  prelude (not saved in the notebook, no execution count) installs an audit hook that notes
  every file opened and every folder listed inside the repository; after the last cell a hidden
  postlude reports the ``helpers`` modules in ``sys.modules`` (name -> file), the datasets
  ``helpers.data.loaded()`` returns, and those files. Nothing is hand-listed.
* A notebook runs again only when its code cells, one of its recorded inputs (a helper module,
  a dataset, ``book/chapters.yml`` ...) or the environment (``requirements.txt``, Python,
  this script) changed. Markdown edits never re-run a notebook: the outputs are keyed on code.
* Results go to ``book/_build/.executed/``: ``<doc>.ipynb`` (the executed notebook, no timing
  metadata, rewritten only when its bytes change) and ``manifest.json`` (per notebook: keys,
  inputs with their hashes, run time). ``book/_ext/executed_notebooks.py`` puts those outputs
  into the pages, with myst-nb's own execution off.
* A failing cell, or a cell that writes to stderr, fails the run. Every notebook still runs; the
  last lines of the output name each failure: chapter title, file, cell number and cell id.

Command line: ``python scripts/execute.py [--jobs N] [--force] [--list] [--floor N]``.
``--floor N`` times N empty notebooks through the same kernel life cycle, one after another
(the floor ``make bench`` compares the build with).
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import fcntl
import hashlib
import json
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
STATE = BOOK / "_build" / ".executed"
MANIFEST = STATE / "manifest.json"
#: Bump when what a record means changes (prelude/postlude, keys): every notebook runs again.
PROTOCOL = "3"
KERNEL = "python3"
TIMEOUT = 180  # seconds per cell, as book/_config.yml had for myst-nb
JOBS = int(os.environ.get("BOOK_JOBS", "0")) or min(2, os.cpu_count() or 1)

# Files that decide what every notebook's environment is: a change re-runs everything.
ENV_FILES = ("requirements.txt", "pyproject.toml", "scripts/execute.py", "scripts/startup/book_startup.py")

# Run in the kernel before the first cell (store_history=False: no execution count is used).
PRELUDE = r'''
def __book_deps_install():
    import os, sys, types
    root = %(root)r
    skip = tuple(os.path.join(root, p) + os.sep for p in (".venv", ".git", os.path.join("book", "_build")))
    m = types.ModuleType("_book_deps")
    m.opened, m.listed = set(), set()
    sys.modules["_book_deps"] = m
    opened, listed, fspath = m.opened, m.listed, os.fspath

    def hook(event, args):
        if event == "open":
            p = args[0]
            if isinstance(p, (str, bytes, os.PathLike)):
                opened.add(p)
        elif event in ("os.listdir", "os.scandir"):
            if args and isinstance(args[0], (str, bytes, os.PathLike)):
                listed.add(args[0])

    m.root, m.skip = root, skip
    sys.addaudithook(hook)
__book_deps_install()
del __book_deps_install
'''

# Run in the same kernel after the last cell; prints one JSON line.
POSTLUDE = r'''
def __book_deps_report():
    import json, os, sys
    m = sys.modules["_book_deps"]
    root, skip = m.root, m.skip

    def norm(p):
        try:
            p = os.fsdecode(p)
        except TypeError:
            return None
        p = os.path.abspath(p)
        if not p.startswith(root + os.sep) or p.startswith(skip) or "__pycache__" in p:
            return None
        return os.path.relpath(p, root)

    mods = {}
    for name, mod in list(sys.modules.items()):
        if name == "helpers" or name.startswith("helpers."):
            f = getattr(mod, "__file__", None)
            mods[name] = norm(f) if f else None
    data = sys.modules.get("helpers.data")
    loaded = getattr(data, "loaded", None)
    try:
        datasets = sorted(loaded()) if callable(loaded) else None
    except Exception:
        datasets = None
    on_path = {os.path.abspath(p or ".") for p in sys.path}
    files = sorted({f for f in map(norm, list(m.opened)) if f and os.path.isfile(os.path.join(root, f))})
    dirs = set()
    for d in list(m.listed):
        r = norm(d)
        if r and os.path.join(root, r) not in on_path and not r.startswith("helpers"):
            dirs.add(r)
    print(json.dumps({"modules": mods, "datasets": datasets, "files": files, "dirs": sorted(dirs),
                      "helpers_data": data is not None}))
__book_deps_report()
del __book_deps_report
'''


# ----------------------------------------------------------------------------------------------
# One build of a checkout at a time


@contextlib.contextmanager
def build_lock(log=print):
    """Hold ``book/_build/.build.lock`` (others building the same checkout wait; re-entrant per process)."""
    if os.environ.get("BOOK_BUILD_LOCK") == str(os.getpid()):
        yield
        return
    path = BOOK / "_build" / ".build.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log("Another build of this checkout is running: waiting for it to finish ...")
            fcntl.flock(f, fcntl.LOCK_EX)
        os.environ["BOOK_BUILD_LOCK"] = str(os.getpid())
        try:
            yield
        finally:
            os.environ.pop("BOOK_BUILD_LOCK", None)


# ----------------------------------------------------------------------------------------------
# What to run


@dataclass
class Notebook:
    doc: str  # docname, e.g. "capex"
    path: Path
    title: str

    @property
    def record_path(self) -> Path:
        return STATE / f"{self.doc}.ipynb"


def toc_notebooks(book: Path = BOOK) -> list[Notebook]:
    """Notebooks listed in ``_toc.yml`` (only those are built), with their titles in the toc."""
    import yaml

    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    entries = [{"file": toc["root"]}]
    for part in toc.get("parts", []) or []:
        entries += part.get("chapters", []) or []
    entries += toc.get("chapters", []) or []
    out = []
    for e in entries:
        f = str(e.get("file", "")).removesuffix(".ipynb")
        p = book / f"{f}.ipynb"
        if f and p.exists():
            out.append(Notebook(f, p, str(e.get("title") or _first_heading(p) or f)))
    return out


def _first_heading(path: Path) -> str | None:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return None
    for c in nb.get("cells", []):
        if c.get("cell_type") == "markdown":
            m = re.search(r"^#\s+(.+)$", "".join(c.get("source", "")), flags=re.M)
            if m:
                return m.group(1).strip()
    return None


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:20]


def code_key(nb: dict) -> str:
    """Hash of what execution depends on in the notebook itself: code cells (id, source, tags) and kernel."""
    cells = [
        (c.get("id"), "".join(c.get("source", "")), sorted(c.get("metadata", {}).get("tags", [])))
        for c in nb.get("cells", [])
        if c.get("cell_type") == "code"
    ]
    kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name")
    return _sha(json.dumps([kernel, cells], ensure_ascii=False).encode())


def env_key() -> str:
    h = hashlib.sha256(f"{PROTOCOL} {sys.version} {KERNEL}".encode())
    for rel in ENV_FILES:
        p = ROOT / rel
        h.update(rel.encode() + b"\0" + (p.read_bytes() if p.exists() else b"<missing>"))
    return h.hexdigest()[:20]


class Hasher:
    """Hashes of input files and folder listings, computed once per run."""

    def __init__(self, root: Path = ROOT):
        self.root = root
        self.cache: dict[str, str] = {}

    def __call__(self, dep: str) -> str:
        if dep not in self.cache:
            self.cache[dep] = self._hash(dep)
        return self.cache[dep]

    def _hash(self, dep: str) -> str:
        if dep.startswith("dir:"):
            d = self.root / dep[4:]
            if not d.is_dir():
                return "missing"
            return _sha("\n".join(sorted(p.name for p in d.iterdir() if not p.name.startswith("."))).encode())
        p = self.root / dep
        try:
            return _sha(p.read_bytes())
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return "missing"


def load_manifest() -> dict:
    try:
        m = json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"notebooks": {}}
    return m if isinstance(m.get("notebooks"), dict) else {"notebooks": {}}


def save_manifest(m: dict) -> None:
    STATE.mkdir(parents=True, exist_ok=True)
    tmp = MANIFEST.with_suffix(".tmp")
    tmp.write_text(json.dumps(m, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, MANIFEST)


def stale_reason(nb: Notebook, rec: dict | None, env: str, hasher: Hasher, source: dict | None = None) -> str | None:
    """Why ``nb`` must run again (None when its record is current)."""
    if not rec:
        return "never run"
    if not nb.record_path.exists():
        return "no executed copy"
    if rec.get("env") != env:
        return "environment changed"
    if source is None:
        source = json.loads(nb.path.read_text(encoding="utf-8"))
    if rec.get("code") != code_key(source):
        return "code changed"
    for dep, h in sorted(rec.get("deps", {}).items()):
        if hasher(dep) != h:
            return f"{dep.removeprefix('dir:')} changed"
    return None


def plan(notebooks: list[Notebook], force: bool = False) -> list[tuple[Notebook, str]]:
    manifest = load_manifest()["notebooks"]
    env, hasher = env_key(), Hasher()
    todo = []
    for nb in notebooks:
        why = "forced" if force else stale_reason(nb, manifest.get(nb.doc), env, hasher)
        if why:
            todo.append((nb, why))
    return todo


# ----------------------------------------------------------------------------------------------
# Running


@dataclass
class Result:
    nb: Notebook
    ok: bool
    seconds: float
    executed: dict | None = None
    deps: dict = field(default_factory=dict)
    cell: int | None = None
    cell_id: str | None = None
    error: str = ""
    detail: str = ""
    cell_seconds: list = field(default_factory=list)  # [index, id, seconds] per code cell
    kernel_seconds: float = 0.0  # starting the kernel, until it answers (the floor's share)


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _deps_from_report(report: dict) -> dict[str, None]:
    deps: dict[str, None] = {}
    for f in report.get("modules", {}).values():
        if f:
            deps[f] = None
    for name in report.get("datasets") or []:
        deps[f"data/{name}.csv"] = None
        deps[f"data/{name}.yml"] = None
    for f in report.get("files", []):
        deps[f] = None
    for d in report.get("dirs", []):
        deps[f"dir:{d}"] = None
    if report.get("helpers_data") and report.get("datasets") is None and not any(
        f.startswith("data/") for f in report.get("files", [])
    ):
        # helpers.data without loaded() and no data file seen opened: all of data/ counts.
        deps["dir:data"] = None
        for p in sorted((ROOT / "data").glob("*")):
            if p.is_file():
                deps[p.relative_to(ROOT).as_posix()] = None
    return deps


def _stream_text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


async def _hidden(client, code: str) -> str:
    """Run ``code`` in the notebook's kernel without saving it (nbclient needs the cell in the notebook
    while it runs; it is removed right after) and without using an execution count."""
    from nbformat.v4 import new_code_cell

    cell = new_code_cell(code)
    client.nb.cells.append(cell)
    try:
        await client.async_execute_cell(cell, len(client.nb.cells) - 1, store_history=False)
    finally:
        client.nb.cells.pop()
    return _stream_text(cell)


async def run_notebook(nb: Notebook, record_deps: bool = True) -> Result:
    import nbformat
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    t0 = time.perf_counter()
    source = nbformat.read(nb.path, as_version=4)
    work = copy.deepcopy(source)
    client = _client(work)
    current = None
    timings: list = []
    try:
        async with client.async_setup_kernel(cwd=str(nb.path.parent)):
            info = await client.async_wait_for_reply(await _maybe_await(client.kc.kernel_info()))
            kernel_s = time.perf_counter() - t0
            if info is not None and "language_info" in info["content"]:
                work.metadata["language_info"] = info["content"]["language_info"]
            if record_deps:
                await _hidden(client, PRELUDE % {"root": str(ROOT)})
            for index, cell in enumerate(work.cells):
                current = index
                tc = time.perf_counter()
                await client.async_execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
                if cell.cell_type == "code":
                    timings.append([index + 1, cell.get("id"), round(time.perf_counter() - tc, 2)])
                if cell.cell_type == "code" and any(
                    o.get("output_type") == "stream" and o.get("name") == "stderr" for o in cell.outputs
                ):
                    text = "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stderr")
                    return Result(nb, False, time.perf_counter() - t0, cell=index, cell_id=cell.get("id"),
                                  error="the cell wrote to stderr: " + _first_line(text), detail=text)
            current = None
            report = {}
            if record_deps:
                out = await _hidden(client, POSTLUDE)
                report = json.loads(out.strip().splitlines()[-1])
    except CellTimeoutError as exc:
        return _failure(nb, t0, work, current, f"timed out after {TIMEOUT} s", str(exc))
    except CellExecutionError as exc:
        name = getattr(exc, "ename", "") or "Error"
        value = getattr(exc, "evalue", "") or ""
        return _failure(nb, t0, work, current, f"{name}: {_first_line(value)}", _ANSI.sub("", str(exc)))
    except DeadKernelError as exc:
        return _failure(nb, t0, work, current, "the kernel died", str(exc))
    except Exception as exc:  # kernel failed to start, bad JSON ...
        import traceback

        return _failure(nb, t0, work, current, f"{type(exc).__name__}: {_first_line(str(exc))}", traceback.format_exc())
    finally:
        shutil.rmtree(client.book_sockets, ignore_errors=True)
    return Result(nb, True, time.perf_counter() - t0, executed=work, deps=_deps_from_report(report),
                  cell_seconds=timings, kernel_seconds=kernel_s)


async def _maybe_await(x):
    return await x if asyncio.iscoroutine(x) else x


def _client(nb):
    """An nbclient client whose kernel talks over local IPC sockets (no TCP ports, no TCP warning).

    The kernel manager is configured, not passed in: nbclient then owns it and shuts the kernel
    down (``immediate``: killed) when the notebook is done. (A manager passed as ``km=`` is not
    shut down by nbclient, and every kernel would live until the build ends.)
    """
    import tempfile

    from nbclient import NotebookClient
    from traitlets.config import Config

    sockets = tempfile.mkdtemp(prefix="book-kernel-")
    cfg = Config()
    cfg.KernelManager.transport = "ipc"
    cfg.KernelManager.ip = os.path.join(sockets, "k")
    client = NotebookClient(
        nb,
        config=cfg,
        timeout=TIMEOUT,
        kernel_name=KERNEL,
        allow_errors=False,
        record_timing=False,
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(BOOK)}},
    )
    client.book_sockets = sockets
    return client


def _first_line(s: str) -> str:
    s = _ANSI.sub("", s or "").strip()
    return (s.splitlines() or [""])[0][:300]


def _failure(nb, t0, work, index, error, detail) -> Result:
    cid = work.cells[index].get("id") if index is not None and index < len(work.cells) else None
    return Result(nb, False, time.perf_counter() - t0, cell=index, cell_id=cid, error=error, detail=detail)


def _strip_volatile(nb) -> dict:
    """The executed notebook as stored: no execution timing, stable key order."""
    d = json.loads(json.dumps(nb))
    for c in d.get("cells", []):
        c.get("metadata", {}).pop("execution", None)
    return d


def write_if_changed(path: Path, text: str) -> bool:
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except OSError:
        pass
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return True


async def _run_all(todo: list[Notebook], jobs: int, log) -> list[Result]:
    sem = asyncio.Semaphore(jobs)
    results: list[Result] = []

    async def one(nb: Notebook):
        async with sem:
            r = await run_notebook(nb)
        results.append(r)
        status = "ok" if r.ok else "FAILED"
        log(f"  {status:6} {r.seconds:5.1f} s  {nb.path.relative_to(ROOT)}")

    await asyncio.gather(*(one(nb) for nb in todo))
    return results


#: Imported on the calling thread before any kernel starts. ``scripts/build.py`` imports Sphinx in a
#: background thread meanwhile, and myst-nb imports nbclient and jupyter_client too: two threads
#: importing the same package at once can trip Python's import-lock deadlock detection
#: (``_DeadlockError`` on ``jupyter_client.kernelspec``, seen once in a build).
KERNEL_MODULES = (
    "nbformat", "nbformat.v4", "traitlets.config", "zmq", "zmq.asyncio", "jupyter_client", "jupyter_client.kernelspec",
    "jupyter_client.manager", "jupyter_client.provisioning", "jupyter_client.provisioning.local_provisioner",
    "nbclient", "nbclient.exceptions",
)


def import_kernel_modules() -> None:
    """Import what running a notebook needs, on this thread (see :data:`KERNEL_MODULES`)."""
    import importlib

    for name in KERNEL_MODULES:
        importlib.import_module(name)


def execute(notebooks: list[Notebook] | None = None, jobs: int = JOBS, force: bool = False, log=print) -> list[Result]:
    """Bring every notebook's executed copy up to date; return the results of those that ran."""
    import_kernel_modules()
    notebooks = toc_notebooks() if notebooks is None else notebooks
    todo = plan(notebooks, force)
    if not todo:
        log(f"Notebooks: all {len(notebooks)} up to date")
        return []
    manifest = load_manifest()
    previous = manifest["notebooks"]
    # Longest first (last known run time), so two workers finish together.
    todo.sort(key=lambda t: -float(previous.get(t[0].doc, {}).get("seconds", 1e9)))
    log(f"Notebooks: running {len(todo)} of {len(notebooks)} in fresh kernels, {jobs} at a time")
    for nb, why in todo:
        log(f"  {nb.doc}: {why}")
    t0 = time.perf_counter()
    results = asyncio.run(_run_all([nb for nb, _ in todo], jobs, log))
    env, hasher = env_key(), Hasher()
    STATE.mkdir(parents=True, exist_ok=True)
    manifest = load_manifest()  # re-read: keep records written meanwhile by nobody else (we hold the lock)
    for r in results:
        if not r.ok:
            manifest["notebooks"].pop(r.nb.doc, None)
            continue
        stored = _strip_volatile(r.executed)
        write_if_changed(r.nb.record_path, json.dumps(stored, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
        manifest["notebooks"][r.nb.doc] = {
            "code": code_key(stored),
            "env": env,
            "deps": {d: hasher(d) for d in sorted(r.deps)},
            "seconds": round(r.seconds, 2),
            # the notebook's own code: every code cell, without starting and stopping the kernel
            "cells_s": round(sum(c[2] for c in r.cell_seconds), 2),
            "kernel_s": round(r.kernel_seconds, 2),
            # the first code cell: the chapter's imports (and its first data loads)
            "first_cell_s": r.cell_seconds[0][2] if r.cell_seconds else 0.0,
            # the three slowest cells: [cell number, id, seconds] (the first one includes the imports)
            "slowest_cells": sorted(r.cell_seconds, key=lambda c: -c[2])[:3],
            "ran_at": time.time(),
            "title": r.nb.title,
        }
    save_manifest(manifest)
    log(f"Notebooks: {len(results)} ran in {time.perf_counter() - t0:.1f} s wall")
    return results


def failure_report(results: list[Result]) -> list[str]:
    """Lines naming each failed notebook and cell (meant to be the last lines of the output)."""
    lines = []
    for r in sorted((r for r in results if not r.ok), key=lambda r: r.nb.doc):
        where = f"cell {r.cell + 1}" if r.cell is not None else "kernel"
        if r.cell_id:
            where += f" (id {r.cell_id})"
        lines.append(f'FAILED: "{r.nb.title}" ({r.nb.path.relative_to(ROOT)}), {where}: {r.error}')
    return lines


def print_failures(results: list[Result], out=None) -> None:
    """The error of each failed notebook (the traceback's last 40 lines); callers print the summary last."""
    out = out or sys.stderr
    for r in (r for r in results if not r.ok):
        where = "kernel" if r.cell is None else f"cell {r.cell + 1}"
        print(f"\n----- {r.nb.path.relative_to(ROOT)}, {where} -----", file=out)
        print("\n".join(r.detail.strip().splitlines()[-40:]), file=out)


# ----------------------------------------------------------------------------------------------
# The floor: N empty notebooks through the same kernel life cycle, one after another


async def _empty_kernel() -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("pass")]
    client = _client(nb)
    try:
        async with client.async_setup_kernel(cwd=str(BOOK)):
            await client.async_wait_for_reply(await _maybe_await(client.kc.kernel_info()))
            await client.async_execute_cell(nb.cells[0], 0)
    finally:
        shutil.rmtree(client.book_sockets, ignore_errors=True)


def floor(n: int) -> float:
    async def go():
        for _ in range(n):
            await _empty_kernel()

    t0 = time.perf_counter()
    asyncio.run(go())
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", "-j", type=int, default=JOBS)
    ap.add_argument("--force", action="store_true", help="run every notebook, whatever its record says")
    ap.add_argument("--list", action="store_true", help="only say which notebooks would run and why")
    ap.add_argument("--floor", type=int, metavar="N", help="time N empty kernels, one after another")
    args = ap.parse_args(argv)
    if args.floor:
        print(f"{floor(args.floor):.2f}")
        return 0
    notebooks = toc_notebooks()
    if args.list:
        for nb, why in plan(notebooks, args.force):
            print(f"{nb.doc}: {why}")
        return 0
    results = execute(notebooks, jobs=args.jobs, force=args.force)
    if any(not r.ok for r in results):
        print_failures(results)
        print("", file=sys.stderr)
        for line in failure_report(results):
            print(line, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
